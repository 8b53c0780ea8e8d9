#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Several lsmctl loads of overlapping AppArmor sets at once, on a real
# kernel. X loads lsmc-load-hdrns (its own namespace lsmc-hdr) then
# lsmc-load-a and -b: two writes, which the load lock keeps together; Y
# loads lsmc-load-a-complain (a changed lsmc-load-a) and -c. X is stopped
# between its writes (an LD_PRELOAD shim, failwrite.so): a loader that may
# not wait names it, Y waits and replaces lsmc-load-a after X, as the lock
# orders them. Then three loaders at once, one failing at its second write:
# every profile holds the blob of a loader that reports it loaded. A loader
# killed between its writes leaves the lock free, status says so, and the
# same load again converges.
# The shim sees pseudo-file writes only: the loaders it stops or fails use
# the pseudo-filesystem (LSMCONFIG_BACKEND=fs), the others what the kernel
# offers (the policy syscall on the proposal kernel).
# usage: concurrent-apparmor.sh DIR SHIM
#   DIR holds lsmc-load-{a,b,c,a-complain,hdrns}.bin
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
d=${1:?usage: concurrent-apparmor.sh DIR SHIM}
shim=${2:?usage: concurrent-apparmor.sh DIR SHIM}
aa=/sys/kernel/security/apparmor

require_lsm apparmor
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
[ -f "$shim" ] || fail "$shim not in the guest"
cd "$d"

if [ -e $aa/features/policy/set_load ]; then set_load=true; else set_load=false; fi
echo "policy/set_load: $set_load"
x_files="lsmc-load-hdrns.bin lsmc-load-a.bin lsmc-load-b.bin"
y_files="lsmc-load-a-complain.bin lsmc-load-c.bin"
z_files="lsmc-load-hdrns.bin lsmc-load-b.bin lsmc-load-c.bin"

mode_of() { sed -n "s/^$1 (\\(.*\\))\$/\\1/p" $aa/profiles; }
proc_state() { cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null || echo gone; }
not_stopped() { [ "$(proc_state "$1")" != T ] && [ "$(proc_state "$1")" != gone ]; }
hdrns_loaded() { [ -d "$(echo $aa/policy/namespaces/lsmc-hdr/profiles/lsmc-load-hdrns.*)" ]; }
clean() {
	run_lsmctl clean remove apparmor lsmc-load-a lsmc-load-b lsmc-load-c
	run_lsmctl clean-ns ns remove lsmc-hdr
	for p in a b c; do
		if grep -q "^lsmc-load-$p " $aa/profiles; then fail "lsmc-load-$p is still loaded after clean"; fi
	done
}
# the hash the kernel keeps for PROFILE when FILE went in loader's write
# with the set's other files (FILE alone without set loads)
want_hash() { # want_hash FILE SET-FILES...: the hash of the write FILE went in
	_f=$1
	shift
	if [ $set_load = true ]; then
		# the root namespace's files of the set, in order: one write
		_w=
		for _g in "$@"; do [ "$_g" = lsmc-load-hdrns.bin ] || _w="$_w $_g"; done
		# shellcheck disable=SC2086
		aa_sum $_w
	else
		aa_sum "$_f"
	fi
}

# ---- X stopped between its two writes ----
clean
echo "\$ LSMC_STOP_WRITE=2 lsmctl load apparmor $x_files --json &"
# shellcheck disable=SC2086
LD_PRELOAD=$shim LSMC_FAIL_FILE=.replace LSMC_STOP_WRITE=2 LSMCONFIG_BACKEND=fs \
	lsmctl load apparmor $x_files --json >/tmp/x.out 2>/tmp/x.err &
xpid=$!
wait_while 1200 not_stopped $xpid
[ "$(proc_state $xpid)" = T ] || fail "loader X did not stop before its second write: $(cat /tmp/x.err)"
hdrns_loaded || fail_later "X's first write (namespace lsmc-hdr) is not loaded"
ok "loader X (pid $xpid) stopped between its two writes"
status_reports "\"load_lock\":{\"pid\":$xpid,\"command\":\"lsmctl\",\"unfinished\":false}" \
	"Load lock: apparmor held by pid $xpid (lsmctl)"

export LSMCONFIG_LOCK_TIMEOUT=0
# shellcheck disable=SC2086
run_lsmctl ynowait load apparmor $y_files --json
unset LSMCONFIG_LOCK_TIMEOUT
[ $rc -eq 1 ] || fail_later "a loader that may not wait exited $rc while X held the lock, want 1"
json_expect /tmp/ynowait.out lsmc-load-a-complain.bin status='"failed"' errno=110
grep -q "pid $xpid (lsmctl)" /tmp/ynowait.out || fail_later "its message does not name pid $xpid (lsmctl)"
if grep -q '^lsmc-load-c ' $aa/profiles; then fail_later "its lsmc-load-c reached the kernel"; fi
passed "a loader that may not wait fails, names the holder and sends nothing"

echo "\$ lsmctl -v load apparmor $y_files --json &"
# shellcheck disable=SC2086
lsmctl -v load apparmor $y_files --json >/tmp/y.out 2>/tmp/y.err &
ypid=$!
y_waits() { ! grep -q "waiting for pid $xpid" /tmp/y.err && [ -d /proc/$ypid ]; }
wait_while 1200 y_waits
if grep -q "waiting for pid $xpid" /tmp/y.err; then
	ok "loader Y waits for pid $xpid"
else
	fail_later "loader Y did not wait for X: $(cat /tmp/y.err)"
fi
kill -CONT $xpid
xrc=0
wait $xpid || xrc=$?
yrc=0
wait $ypid || yrc=$?
sed 's/^/  X | /' /tmp/x.out
sed 's/^/  Y | /' /tmp/y.out
echo "  X exit $xrc, Y exit $yrc"
[ $xrc -eq 0 ] || fail_later "loader X exited $xrc, want 0"
[ $yrc -eq 0 ] || fail_later "loader Y exited $yrc, want 0"
for f in $x_files; do json_expect /tmp/x.out $f status='"loaded"'; done
for f in $y_files; do json_expect /tmp/y.out $f status='"loaded"'; done
# Y held the lock after X: its lsmc-load-a (complain) is the one loaded
[ "$(mode_of lsmc-load-a)" = complain ] ||
	fail_later "lsmc-load-a is in mode '$(mode_of lsmc-load-a)': X's second write came after Y's load"
if aa_hash_algo lsmc-load-a; then
	# shellcheck disable=SC2086
	[ "$(aa_hash_of lsmc-load-a)" = "$(want_hash lsmc-load-a-complain.bin $y_files)" ] ||
		fail_later "lsmc-load-a does not hold Y's blob"
	# shellcheck disable=SC2086
	[ "$(aa_hash_of lsmc-load-b)" = "$(want_hash lsmc-load-b.bin $x_files)" ] ||
		fail_later "lsmc-load-b does not hold X's blob"
fi
passed "the waiting loader went after the whole of X's load"

# ---- three at once, Z failing at its second write ----
for failing in none z; do
	clean
	echo "\$ three loaders at once (failing: $failing)"
	# shellcheck disable=SC2086
	lsmctl load apparmor $x_files --json >/tmp/px.out 2>&1 &
	pid_x=$!
	# shellcheck disable=SC2086
	lsmctl load apparmor $y_files --json >/tmp/py.out 2>&1 &
	pid_y=$!
	if [ $failing = z ]; then
		# shellcheck disable=SC2086
		LD_PRELOAD=$shim LSMC_FAIL_FILE=.replace LSMC_FAIL_WRITE=2 LSMCONFIG_BACKEND=fs \
			lsmctl load apparmor $z_files --json >/tmp/pz.out 2>&1 &
	else
		# shellcheck disable=SC2086
		lsmctl load apparmor $z_files --json >/tmp/pz.out 2>&1 &
	fi
	pid_z=$!
	for k in x y z; do
		prc=0
		eval "wait \$pid_$k" || prc=$?
		sed "s/^/  $k | /" "/tmp/p$k.out"
		if [ $k = "$failing" ]; then
			[ $prc -ne 0 ] || fail_later "loader $k exited 0 although its second write failed"
			json_expect /tmp/p$k.out lsmc-load-hdrns.bin status='"loaded"'
			json_expect /tmp/p$k.out lsmc-load-b.bin status='"failed"' errno=12
		else
			[ $prc -eq 0 ] || fail_later "loader $k exited $prc, want 0"
		fi
	done
	for p in a b c; do
		[ "$(mode_of lsmc-load-$p)" != "" ] || fail_later "lsmc-load-$p is not loaded"
	done
	hdrns_loaded || fail_later "lsmc-load-hdrns is not loaded"
	if aa_hash_algo lsmc-load-a; then
		# each profile holds the blob of a write of a loader that reports it loaded
		# shellcheck disable=SC2086
		case "$(aa_hash_of lsmc-load-a)" in
		"$(want_hash lsmc-load-a.bin $x_files)") want_mode=enforce ;;
		"$(want_hash lsmc-load-a-complain.bin $y_files)") want_mode=complain ;;
		*) want_mode=none ;;
		esac
		[ "$(mode_of lsmc-load-a)" = $want_mode ] ||
			fail_later "lsmc-load-a: mode $(mode_of lsmc-load-a), but its blob says $want_mode"
		# shellcheck disable=SC2086
		bx=$(want_hash lsmc-load-b.bin $x_files) bz=$(want_hash lsmc-load-b.bin $z_files)
		cy=$(want_hash lsmc-load-c.bin $y_files) cz=$(want_hash lsmc-load-c.bin $z_files)
		if [ $failing = z ]; then
			[ "$(aa_hash_of lsmc-load-b)" = "$bx" ] || fail_later "lsmc-load-b does not hold X's blob"
			[ "$(aa_hash_of lsmc-load-c)" = "$cy" ] || fail_later "lsmc-load-c does not hold Y's blob"
		else
			case "$(aa_hash_of lsmc-load-b)" in "$bx" | "$bz") ;; *) fail_later "lsmc-load-b holds no loader's blob" ;; esac
			case "$(aa_hash_of lsmc-load-c)" in "$cy" | "$cz") ;; *) fail_later "lsmc-load-c holds no loader's blob" ;; esac
		fi
	else
		skip_later "the kernel keeps no profile hashes: which loader's blob is in cannot be told"
	fi
	passed "three loaders at once (failing: $failing): every profile as the reports say"
done

# ---- X killed between its two writes ----
clean
# shellcheck disable=SC2086
LD_PRELOAD=$shim LSMC_FAIL_FILE=.replace LSMC_STOP_WRITE=2 LSMCONFIG_BACKEND=fs \
	lsmctl load apparmor $x_files --json >/tmp/k.out 2>/tmp/k.err &
kpid=$!
wait_while 1200 not_stopped $kpid
[ "$(proc_state $kpid)" = T ] || fail "loader X did not stop before its second write: $(cat /tmp/k.err)"
kill -9 $kpid
wait $kpid || true
hdrns_loaded || fail_later "the killed loader's first write is not loaded"
if grep -q '^lsmc-load-a ' $aa/profiles; then fail_later "the killed loader's second write is loaded"; fi
status_reports "\"load_lock\":{\"pid\":$kpid,\"command\":\"lsmctl\",\"unfinished\":true}" \
	"Load lock: apparmor free; the last load, by pid $kpid (lsmctl), did not finish"
# shellcheck disable=SC2086
run_lsmctl again load apparmor $x_files --json
[ $rc -eq 0 ] || fail_later "loading X's files again after the kill exited $rc"
[ "$(mode_of lsmc-load-a)" = enforce ] && [ "$(mode_of lsmc-load-b)" = enforce ] ||
	fail_later "after the reload lsmc-load-a and -b are not both loaded"
run_lsmctl after status
if grep -q '^Load lock:' /tmp/after.out; then fail_later "status still reports the lock after a finished load"; fi
passed "killed between two writes: lock free, status tells, the reload converges"
clean

finish

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Several lsmctl loads of overlapping Smack rule sets at once, on a real
# kernel: they take the load lock in turn, so the rules end as the loads'
# reports say, in the order they held the lock, and a failed load's
# rollback never undoes another's rules. A loader is stopped between two
# windows (an LD_PRELOAD shim, failwrite.so) while others try: one that may
# not wait names it, one that waits loads after it. A loader killed at each
# window boundary, and lsmctl boot killed between windows, leave the lock
# free, lsmctl status says the load did not finish, and the same load (or
# boot) again converges.
# The shim sees pseudo-file writes only: the loaders it stops or fails use
# smackfs (LSMCONFIG_BACKEND=fs), the others what the kernel offers (the
# policy syscall on the proposal kernel).
# usage: concurrent-smack.sh SHIM
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
shim=${1:?usage: concurrent-smack.sh SHIM}
fs=/sys/fs/smackfs

require_lsm smack
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
[ -f "$shim" ] || fail "$shim not in the guest"

# Three sets: 500 pairs all share (first, so in the first windows), each
# with its own access, then 1000 pairs of its own.
mkset() {
	{
		seq 1 500 | awk -v a="$2" '{ printf "LsmcCc LsmcCcShared%04d %s\n", $1, a }'
		seq 1 1000 | awk -v k="$1" '{ printf "LsmcCc LsmcCcOwn%s%04d r\n", k, $1 }'
	} >"/tmp/set$1.smack"
}
mkset a rwx
mkset b rw
mkset c x
# the state before each part: shared pairs "l", no own pair with access
{
	seq 1 500 | awk '{ printf "LsmcCc LsmcCcShared%04d l\n", $1 }'
	for k in a b c; do seq 1 1000 | awk -v k=$k '{ printf "LsmcCc LsmcCcOwn%s%04d -\n", k, $1 }'; done
} >/tmp/base.smack
reset_rules() {
	run_lsmctl base load smack /tmp/base.smack
	[ $rc -eq 0 ] || fail "loading the base rules exited $rc"
}

# shared_access: the distinct accesses of the shared pairs in load2, sorted
shared_access() { grep '^LsmcCc LsmcCcShared' $fs/load2 | cut -d' ' -f3 | sort -u | tr '\n' ' '; }
# own_count K: how many of set K's own pairs load2 lists
own_count() { grep -c "^LsmcCc LsmcCcOwn$1[0-9]* r\$" $fs/load2 || true; }
proc_state() { cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null || echo gone; }
not_stopped() { [ "$(proc_state "$1")" != T ] && [ "$(proc_state "$1")" != gone ]; }
lock_record() { cat /run/liblsmconfig/smack.lock 2>/dev/null | tr -s ' ' | head -n 1; }

# ---- one loader stopped between windows, two others meanwhile ----
reset_rules
echo "\$ LSMC_STOP_WRITE=3 LSMC_FAIL_WRITE=5 lsmctl load smack /tmp/seta.smack --json &"
LD_PRELOAD=$shim LSMC_STOP_WRITE=3 LSMC_FAIL_WRITE=5 LSMCONFIG_BACKEND=fs \
	lsmctl load smack /tmp/seta.smack --json >/tmp/a.out 2>/tmp/a.err &
apid=$!
wait_while 1200 not_stopped $apid
[ "$(proc_state $apid)" = T ] || fail "loader A did not stop before its third write: $(cat /tmp/a.err)"
ok "loader A (pid $apid) stopped before its third window, the first two applied"
[ "$(lock_record)" = "$apid lsmctl " ] || fail_later "the lock file reads '$(lock_record)', want '$apid lsmctl'"

status_reports "\"load_lock\":{\"pid\":$apid,\"command\":\"lsmctl\",\"unfinished\":false}" \
	"Load lock: smack held by pid $apid (lsmctl)"

# B may not wait: it fails before sending anything and names A
export LSMCONFIG_LOCK_TIMEOUT=0
run_lsmctl b load smack /tmp/setb.smack --json
unset LSMCONFIG_LOCK_TIMEOUT
[ $rc -eq 1 ] || fail_later "loader B exited $rc while A held the lock, want 1"
json_expect /tmp/b.out /tmp/setb.smack status='"failed"' errno=110 count=0
grep -q "pid $apid (lsmctl)" /tmp/b.out || fail_later "loader B's message does not name pid $apid (lsmctl)"
[ "$(own_count b)" -eq 0 ] || fail_later "loader B's rules reached the kernel: $(own_count b)"
passed "a loader that may not wait fails, names the holder and sends nothing"

# C waits; A then fails part-way and rolls back; then C loads
echo "\$ lsmctl -v load smack /tmp/setc.smack --json &"
lsmctl -v load smack /tmp/setc.smack --json >/tmp/c.out 2>/tmp/c.err &
cpid=$!
c_waits() { ! grep -q "waiting for pid $apid" /tmp/c.err && [ -d /proc/$cpid ]; }
wait_while 1200 c_waits
if grep -q "waiting for pid $apid" /tmp/c.err; then
	ok "loader C waits for pid $apid"
else
	fail_later "loader C did not wait for A: $(cat /tmp/c.err)"
fi
kill -CONT $apid
arc=0
wait $apid || arc=$?
crc=0
wait $cpid || crc=$?
sed 's/^/  A | /' /tmp/a.out /tmp/a.err
sed 's/^/  C | /' /tmp/c.out
echo "  A exit $arc, C exit $crc"
grep -q "failwrite: write 5 to load2" /tmp/a.err || fail "the shim did not fail A's fifth write: nothing was tested"
[ $arc -eq 1 ] || fail_later "loader A exited $arc, want 1"
json_expect /tmp/a.out /tmp/seta.smack status='"failed"' rolled_back=true errno=12
[ $crc -eq 0 ] || fail_later "loader C exited $crc, want 0"
json_expect /tmp/c.out /tmp/setc.smack status='"loaded"' count=1500
# the kernel: C's rules whole (A's rollback did not undo them), none of A's own
[ "$(shared_access)" = "x " ] || fail_later "the shared pairs read '$(shared_access)', want C's 'x' only"
[ "$(own_count c)" -eq 1000 ] || fail_later "$(own_count c) of C's 1000 own pairs are listed"
[ "$(own_count a)" -eq 0 ] || fail_later "$(own_count a) of A's own pairs stayed after its rollback"
passed "a rollback under the lock leaves the rules of the loader that waited"

# ---- three loaders at once, without and with a failure ----
for failing in none a; do
	reset_rules
	echo "\$ three loaders at once (failing: $failing)"
	for k in a b c; do
		if [ $k = "$failing" ]; then
			LD_PRELOAD=$shim LSMC_FAIL_WRITE=4 LSMCONFIG_BACKEND=fs \
				lsmctl load smack "/tmp/set$k.smack" --json >"/tmp/p$k.out" 2>"/tmp/p$k.err" &
		else
			lsmctl load smack "/tmp/set$k.smack" --json >"/tmp/p$k.out" 2>"/tmp/p$k.err" &
		fi
		eval "pid_$k=\$!"
	done
	for k in a b c; do
		prc=0
		eval "wait \$pid_$k" || prc=$?
		sed "s/^/  $k | /" "/tmp/p$k.out" "/tmp/p$k.err"
		if [ $k = "$failing" ]; then
			[ $prc -eq 1 ] || fail_later "loader $k exited $prc, want 1 (its write 4 fails)"
			json_expect "/tmp/p$k.out" "/tmp/set$k.smack" status='"failed"' rolled_back=true errno=12
			[ "$(own_count $k)" -eq 0 ] || fail_later "$(own_count $k) of failed loader $k's own pairs stayed"
		else
			[ $prc -eq 0 ] || fail_later "loader $k exited $prc, want 0"
			json_expect "/tmp/p$k.out" "/tmp/set$k.smack" status='"loaded"' count=1500
			[ "$(own_count $k)" -eq 1000 ] || fail_later "$(own_count $k) of loader $k's 1000 own pairs are listed"
		fi
	done
	# one loader's shared access for all 500 pairs: the loads did not interleave
	case "$(shared_access)" in
	"rwx ") [ "$failing" != a ] || fail_later "the shared pairs read the failed loader's rwx" ;;
	"rw " | "x ") ;;
	*) fail_later "the shared pairs read '$(shared_access)': the loads interleaved" ;;
	esac
	[ "$(grep -c '^LsmcCc LsmcCcShared' $fs/load2)" -eq 500 ] || fail_later "not all 500 shared pairs are listed"
	passed "three loaders at once (failing: $failing): the rules are those of whole loads, in some order"
done

# ---- killed at each window boundary ----
n=1
while :; do
	reset_rules
	LD_PRELOAD=$shim LSMC_STOP_WRITE=$n LSMCONFIG_BACKEND=fs \
		lsmctl load smack /tmp/seta.smack --json >/tmp/k.out 2>/tmp/k.err &
	kpid=$!
	wait_while 1200 not_stopped $kpid
	if [ "$(proc_state $kpid)" != T ]; then
		krc=0
		wait $kpid || krc=$?
		[ $krc -eq 0 ] || fail "loader with LSMC_STOP_WRITE=$n exited $krc without stopping: $(cat /tmp/k.err)"
		windows=$((n - 1))
		break
	fi
	applied=$(grep -c '^LsmcCc LsmcCcShared[0-9]* rwx$' $fs/load2 || true)
	applied=$((applied + $(own_count a)))
	kill -9 $kpid
	wait $kpid || true
	echo "killed before window $n: $applied rule(s) of the set applied"
	if [ $n -eq 1 ]; then
		[ "$applied" -eq 0 ] || fail_later "killed before its first window, yet $applied rules applied"
	else
		[ "$applied" -gt 0 ] && [ "$applied" -lt 1500 ] ||
			fail_later "killed before window $n: $applied rules applied, want some"
	fi
	status_reports "\"load_lock\":{\"pid\":$kpid,\"command\":\"lsmctl\",\"unfinished\":true}" \
		"Load lock: smack free; the last load, by pid $kpid (lsmctl), did not finish"
	# the same load again converges, and says what it found
	run_lsmctl again -v load smack /tmp/seta.smack --json
	[ $rc -eq 0 ] || fail_later "loading the set again after the kill exited $rc"
	grep -q "pid $kpid (lsmctl), ended without finishing" /tmp/again.err ||
		fail_later "the next load does not say that pid $kpid did not finish"
	[ "$(shared_access)" = "rwx " ] && [ "$(own_count a)" -eq 1000 ] ||
		fail_later "after the kill before window $n and a reload, the set is not whole"
	run_lsmctl after status
	if grep -q '^Load lock:' /tmp/after.out; then
		fail_later "lsmctl status still reports the lock after a finished load"
	fi
	passed "killed before window $n: lock free, status tells, the reload converges"
	n=$((n + 1))
done
# ---- a batch (lsmctl boot) killed between windows ----
reset_rules
mkdir -p /tmp/boot.d
head -n 700 /tmp/seta.smack >/tmp/boot.d/10-first
tail -n +701 /tmp/seta.smack >/tmp/boot.d/20-second
LD_PRELOAD=$shim LSMC_STOP_WRITE=4 LSMCONFIG_BACKEND=fs \
	lsmctl boot --smack-dir /tmp/boot.d --json >/tmp/kb.out 2>/tmp/kb.err &
kpid=$!
wait_while 1200 not_stopped $kpid
[ "$(proc_state $kpid)" = T ] || fail "lsmctl boot did not stop before its fourth window: $(cat /tmp/kb.err)"
export LSMCONFIG_LOCK_TIMEOUT=0
run_lsmctl during load smack /tmp/setb.smack --json
unset LSMCONFIG_LOCK_TIMEOUT
[ $rc -eq 1 ] && grep -q "pid $kpid (lsmctl)" /tmp/during.out ||
	fail_later "a load during the stopped boot exited $rc and did not name pid $kpid"
kill -9 $kpid
wait $kpid || true
status_reports "\"load_lock\":{\"pid\":$kpid,\"command\":\"lsmctl\",\"unfinished\":true}" \
	"Load lock: smack free; the last load, by pid $kpid (lsmctl), did not finish"
run_lsmctl boot-again boot --smack-dir /tmp/boot.d --json
[ $rc -eq 0 ] || fail_later "lsmctl boot again after the kill exited $rc"
[ "$(shared_access)" = "rwx " ] && [ "$(own_count a)" -eq 1000 ] ||
	fail_later "after the killed boot and a second one, the rules are not whole"
run_lsmctl after-boot status
if grep -q '^Load lock:' /tmp/after-boot.out; then fail_later "status still reports the lock after the boot"; fi
passed "lsmctl boot killed before its fourth window: a load meanwhile names it; status tells; boot again converges"

[ "$windows" -gt 2 ] || fail_later "the set went in $windows write(s): no boundary between windows was tested"
echo "the set took $windows windows; killed at each of its $windows boundaries"

finish

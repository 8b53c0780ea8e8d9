#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load under the kernel's fault injection: the N-th fault site the
# loading task passes (a slab or page allocation, a user copy) fails,
# through /proc/thread-self/fail-nth, armed by an LD_PRELOAD shim
# (failnth.so) just before lsmctl's first write to the LSM's pseudo-fs or
# its first lsm_config_policy() call. A first run with fail-nth far out
# counts the sites of a load (S); then N = 1 .. DENSE every one, and above
# that with a stride, up to S + 1, which must pass clean. After every run:
# lsmctl's exit status and its --json report agree with each other and with
# what the kernel holds, lsmctl was not killed by a signal, and the kernel
# logged no WARNING, BUG or Oops.
#   apparmor: lsmc-load-a (enforce), -b and -c, over nothing (odd runs) or
#     over lsmc-load-a-complain, -b, -c (even runs): a profile reported
#     loaded is listed in its new mode with the hash of its blob, one not
#     loaded is as it was before;
#   selinux: two policies that differ in one boolean, loaded in turn: the
#     boolean of the policy reported loaded is the one selinuxfs shows, of
#     one that failed the previous one's (or none); policyvers reads 33;
#   smack: 10,000 rules plus one new pair per run, the access of every pair
#     changed each run: load2 lists the old rules plus the set when it is
#     reported loaded, exactly the old rules when it failed (rolled back).
# Prints "LSMC-FAULT lsm=... runs=... injected=... sites=..." for the figures
# in tests/vm/README.md.
# usage: fault.sh LSM DIR SHIM [DENSE [STRIDED]]
#   DIR: apparmor: lsmc-load-{a,b,c,a-complain}.bin; selinux: fault-a.33,
#   fault-b.33; smack: nothing. abi.env there sets the syscall to arm on.
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
lsm=${1:?usage: fault.sh LSM DIR SHIM [DENSE [STRIDED]]}
d=${2:?usage: fault.sh LSM DIR SHIM}
shim=${3:?usage: fault.sh LSM DIR SHIM}
dense=${4:-200}
strided=${5:-100}

require_lsm "$lsm"
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
[ -f "$shim" ] || fail "$shim not in the guest"
[ -e /proc/thread-self/fail-nth ] || fail "the kernel has no fail-nth (CONFIG_FAULT_INJECTION)"

# --- the kernel's fault attributes ---------------------------------------
dbg=/sys/kernel/debug
grep -q " $dbg debugfs " /proc/mounts || mount -t debugfs debugfs $dbg ||
	fail "cannot mount debugfs"
for a in failslab fail_page_alloc fail_usercopy; do
	[ -d $dbg/$a ] || fail "no $dbg/$a (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_USERCOPY, CONFIG_FAULT_INJECTION_DEBUG_FS)"
	# fail-nth overrides probability, interval and times; not the filters
	echo 0 >$dbg/$a/verbose
	echo N >$dbg/$a/task-filter
done
# sleeping allocations (GFP_KERNEL, all of the load path) and order-0
# pages are skipped by default
echo N >$dbg/failslab/ignore-gfp-wait
echo N >$dbg/fail_page_alloc/ignore-gfp-wait
echo N >$dbg/fail_page_alloc/ignore-gfp-highmem
echo 0 >$dbg/fail_page_alloc/min-order
ok "fault injection: failslab, fail_page_alloc (order 0 up), fail_usercopy; sleeping allocations included"

# keep the console quiet (allocation-failure reports); dmesg keeps all
echo 1 >/proc/sys/kernel/printk
dmesg -c >/dev/null

arm_sys=
if [ -f "$d/abi.env" ]; then
	# shellcheck source=/dev/null
	. "$d/abi.env"
	arm_sys=$NR_LSM_CONFIG_POLICY
fi
case $lsm in
apparmor) prefix=/sys/kernel/security/apparmor/ ;;
selinux) prefix=/sys/fs/selinux/ ;;
smack) prefix=/sys/fs/smackfs/ ;;
*) fail "unknown LSM $lsm" ;;
esac

runs=0 injected=0 clean=0 exit0=0 exit1=0 lost=0 nreport=0
# run_load N FILES...: lsmctl load LSM FILES --json with fail-nth N; sets
# $rc, $inj (1 when the fault fired, 0 when not), $left
run_load() {
	_n=$1
	shift
	rm -f /tmp/nth /tmp/f.out /tmp/f.err
	rc=0
	LD_PRELOAD=$shim LSMC_FAIL_NTH=$_n LSMC_FAIL_NTH_OUT=/tmp/nth \
		LSMC_FAIL_NTH_PREFIX=$prefix LSMC_FAIL_NTH_SYSCALL=$arm_sys \
		lsmctl load "$lsm" "$@" --json >/tmp/f.out 2>/tmp/f.err || rc=$?
	runs=$((runs + 1))
	inj=unknown left=unknown
	if [ -s /tmp/nth ]; then
		case $(cat /tmp/nth) in
		*injected=1*) inj=1 left=0 ;;
		*injected=0*) inj=0 left=$(sed -n 's/.*left=\([0-9?]*\).*/\1/p' /tmp/nth) ;;
		armed=0) inj=0 left=none ;;
		esac
	fi
	[ "$inj" = 1 ] && injected=$((injected + 1))
	case $rc in
	0) exit0=$((exit0 + 1)) ;;
	1) exit1=$((exit1 + 1)) ;;
	esac
	if [ "$rc" -ge 128 ]; then
		fail_later "n=$_n: lsmctl killed by signal $((rc - 128))"
		sed 's/^/  | /' /tmp/f.out /tmp/f.err
	fi
	if [ "$inj" = unknown ]; then
		fail_later "n=$_n: the shim reported nothing (exit $rc): $(cat /tmp/nth 2>/dev/null)"
	fi
}

# show N WHY: the run's output, for a failed check
show() {
	echo "  n=$1: $2; exit $rc, fail-nth: $(cat /tmp/nth 2>/dev/null)"
	sed 's/^/  | /' /tmp/f.out /tmp/f.err | head -n 20
}

# the item's status in the report ('' when not reported); "failed" for
# every item when the command failed as a whole (an "error" member, no
# items: nothing was attempted)
status_of() {
	if grep -q '^{"version":[^[]*"error":{"kind":"failed"' /tmp/f.out; then
		echo failed
		return 0
	fi
	json_item /tmp/f.out "$1" | sed -n 's/.*"status"[[:space:]]*:[[:space:]]*"\([a-z-]*\)".*/\1/p' | head -n 1
}

# exit status against the items: 0 when every one loaded, 1 otherwise
check_exit() {
	_n=$1
	shift
	_all_loaded=1
	for _i in "$@"; do
		[ "$(status_of "$_i")" = loaded ] || _all_loaded=0
	done
	nreport=0
	if ! grep -q '^{"version":' /tmp/f.out; then
		# the fault hit the write of the report itself: lsmctl must say so
		# and exit 1; the kernel then holds the old state or the new, whole
		if [ "$inj" = 1 ] && [ "$rc" -eq 1 ] && grep -q 'writing to standard output' /tmp/f.err; then
			nreport=1
			lost=$((lost + 1))
			return
		fi
		fail_later "n=$_n: no JSON report"
		show "$_n" "no report"
		return
	fi
	json_doc "fault-$_n" /tmp/f.out
	if [ $_all_loaded = 1 ] && [ $rc -ne 0 ]; then
		fail_later "n=$_n: every item reported loaded, but exit $rc"
		show "$_n" "exit"
	elif [ $_all_loaded = 0 ] && [ $rc -eq 0 ]; then
		fail_later "n=$_n: exit 0 with an item not loaded"
		show "$_n" "exit"
	fi
}

check_kernel_log() {
	dmesg -c >/tmp/dmesg.n
	if grep -qE 'WARNING:|BUG:|Oops|general protection|Kernel panic|UBSAN|KASAN|kernel BUG|refcount_t:|list_add corruption|list_del corruption' /tmp/dmesg.n; then
		fail_later "n=$1: the kernel warned"
		grep -E -A12 'WARNING:|BUG:|Oops|general protection|UBSAN|refcount_t:|corruption' /tmp/dmesg.n | head -n 40
	fi
}

# ============================ per LSM =====================================
aa=/sys/kernel/security/apparmor
aa_names="lsmc-load-a lsmc-load-b lsmc-load-c"
# what the kernel holds of the test's profiles: NAME MODE HASH per line
aa_state() {
	for _p in $aa_names; do
		_m=$(sed -n "s/^$_p (\\(.*\\))\$/\\1/p" $aa/profiles)
		if [ -n "$_m" ]; then
			echo "$_p $_m $(aa_hash_of "$_p")"
		fi
	done
}
aa_remove_all() {
	for _p in $aa_names; do
		if grep -q "^$_p " $aa/profiles; then
			printf '%s' "$_p" >$aa/.remove || fail "cannot remove $_p"
		fi
	done
}
aa_setup() {
	cd "$d"
	for f in lsmc-load-a lsmc-load-b lsmc-load-c lsmc-load-a-complain; do
		[ -f $f.bin ] || fail "$d/$f.bin missing"
	done
	aa_remove_all
	write_once lsmc-load-a.bin $aa/.replace || fail "raw load of lsmc-load-a.bin"
	aa_hash_algo lsmc-load-a || skip_later "the kernel lists no raw_sha1/raw_sha256 (CONFIG_SECURITY_APPARMOR_HASH)"
	aa_remove_all
	# shellcheck disable=SC2154 # set by aa_hash_algo (lib.sh)
	echo "profile hashes: $aa_hash_algo"
	# the hash each blob leaves
	h_a=$(aa_sum lsmc-load-a.bin) h_b=$(aa_sum lsmc-load-b.bin) h_c=$(aa_sum lsmc-load-c.bin)
	set_files="lsmc-load-a.bin lsmc-load-b.bin lsmc-load-c.bin"
	# a kernel that takes a set in one write (policy/set_load) hashes the
	# write: every profile of it then has the set's hash
	if [ -e $aa/features/policy/set_load ]; then
		# shellcheck disable=SC2086
		h_a=$(aa_sum $set_files) h_b=$h_a h_c=$h_a
		echo "policy/set_load: the set loads in one write, its profiles share its hash"
	fi
}
# before run N: nothing (odd N) or the complain set (even N). Linux 6.1
# keeps the raw_data directory of a load that failed after making it, named
# by the namespace's revision, which the failure does not advance; a later
# new blob then meets it and is refused with EEXIST until reboot
# (tests/vm/README.md, finding 1), while the set itself, whose raw data the
# kernel finds again, still loads. From the first such refusal on, a 6.1
# sweep loads over nothing only, and says where that began.
preload_stopped=
aa_before() {
	aa_remove_all
	if [ $(($1 % 2)) -eq 0 ] && [ -z "$preload_stopped" ]; then
		for f in lsmc-load-a-complain lsmc-load-b lsmc-load-c; do
			write_once $f.bin $aa/.replace >/tmp/raw.out 2>&1 && continue
			cat /tmp/raw.out
			if grep -q 'File exists' /tmp/raw.out && uname -r | grep -q '^6\.1\.'; then
				preload_stopped=$1
				echo "n=$1: Linux 6.1 refuses $f.bin with EEXIST after a failed load (finding 1): the runs from here load over nothing"
				aa_remove_all
				break
			fi
			broken="after the runs up to n=$prev_n the kernel refuses a raw load of $f.bin (its profile removed before): $(grep -v records /tmp/raw.out | head -n 1)"
			return 0
		done
	fi
	aa_state >/tmp/before
}
# aa_want STATUS: the state after the run if every item had STATUS, or
# (STATUS empty) each as the report says
aa_want() {
	: >/tmp/want
	for f in lsmc-load-a lsmc-load-b lsmc-load-c; do
		case $f in
		lsmc-load-a) new="$f enforce $h_a" ;;
		lsmc-load-b) new="$f enforce $h_b" ;;
		lsmc-load-c) new="$f enforce $h_c" ;;
		esac
		st=${1:-$(status_of $f.bin)}
		case $st in
		loaded) echo "$new" >>/tmp/want ;;
		failed | not-attempted | skipped) grep "^$f " /tmp/before >>/tmp/want || true ;;
		*)
			fail_later "n=$_n: $f.bin reported '$st'"
			show "$_n" "status"
			;;
		esac
	done
}
aa_check() {
	aa_state >/tmp/after
	if [ "$nreport" = 1 ]; then
		aa_want loaded
		cmp -s /tmp/want /tmp/after && return 0
		aa_want failed
	else
		aa_want ""
	fi
	if ! cmp -s /tmp/want /tmp/after; then
		fail_later "n=$1: the kernel holds other profiles than the report says"
		echo "  before:"; sed 's/^/    /' /tmp/before
		echo "  want:"; sed 's/^/    /' /tmp/want
		echo "  kernel:"; sed 's/^/    /' /tmp/after
		show "$1" "state"
	fi
}

se=/sys/fs/selinux
se_marker() {
	for _b in $se/booleans/lsmc_fault_*; do
		[ -e "$_b" ] && printf '%s ' "${_b##*/}"
	done
	return 0
}
se_setup() {
	for f in fault-a.33 fault-b.33; do [ -f "$d/$f" ] || fail "$d/$f missing"; done
	se_next=a
	set_files=
}
se_before() {
	# the other policy than the loaded one
	case $(se_marker) in
	"lsmc_fault_a ") se_next=b ;;
	*) se_next=a ;;
	esac
	set_files=$d/fault-$se_next.33
	se_marker >/tmp/before
}
se_check() {
	s=$(status_of "$set_files")
	got=$(se_marker)
	if [ "$nreport" = 1 ]; then
		[ "$got" = "lsmc_fault_$se_next " ] && s=loaded || s=failed
	fi
	case $s in
	loaded) want="lsmc_fault_$se_next " ;;
	failed) want=$(cat /tmp/before) ;;
	*)
		fail_later "n=$1: the policy reported '$s'"
		show "$1" "status"
		return
		;;
	esac
	if [ "$got" != "$want" ]; then
		fail_later "n=$1: reported $s, the kernel's policy has booleans '$got', want '$want'"
		show "$1" "state"
	fi
	v=$(cat $se/policyvers)
	[ "$v" = 33 ] || fail_later "n=$1: policyvers reads '$v'"
}

sm=/sys/fs/smackfs
smack_setup() {
	# 10,000 pairs with access, as the base
	seq 1 10000 | awk '{ printf "LsmcF LsmcFObj%05d rwx\n", $1 }' >/tmp/base.smack
	run_lsmctl base load smack /tmp/base.smack
	[ $rc -eq 0 ] || fail "loading the 10,000 base rules exited $rc"
	for x in r w x; do
		sed "s/rwx\$/$x/" /tmp/base.smack >/tmp/body.$x
	done
	sm_acc=r
	set_files=/tmp/set.smack
	sort $sm/load2 >/tmp/after
}
# before run N: the set changes every pair's access (r, w, x in turn) and
# adds a pair of its own; the kernel's rules are what the last check saw
smack_before() {
	case $sm_acc in r) sm_acc=w ;; w) sm_acc=x ;; *) sm_acc=r ;; esac
	cp /tmp/body.$sm_acc /tmp/set.smack
	echo "LsmcF LsmcFNew$1 rw" >>/tmp/set.smack
	mv /tmp/after /tmp/before
}
smack_want() {
	case $1 in
	loaded)
		{
			grep -v '^LsmcF LsmcFObj' /tmp/before || true
			cat /tmp/set.smack
		} | sort >/tmp/want
		;;
	*) cp /tmp/before /tmp/want ;;
	esac
}
smack_check() {
	s=$(status_of /tmp/set.smack)
	sort $sm/load2 >/tmp/after
	if [ "$nreport" = 1 ]; then
		smack_want loaded
		cmp -s /tmp/want /tmp/after && return 0
		s=failed
	fi
	case $s in
	loaded) ;;
	failed)
		json_has "$(json_item /tmp/f.out /tmp/set.smack)" rolled_back true && sm_rolled=$((sm_rolled + 1))
		;;
	*)
		fail_later "n=$1: the set reported '$s'"
		show "$1" "status"
		return
		;;
	esac
	smack_want "$s"
	if ! cmp -s /tmp/want /tmp/after; then
		fail_later "n=$1: reported $s, load2 differs in $(diff /tmp/want /tmp/after | grep -c '^[-+]L') lines, e.g. $(diff /tmp/want /tmp/after | grep '^[-+]L' | head -n 4 | tr '\n' ' ')"
		show "$1" "state"
	fi
}
sm_rolled=0

# ============================ the sweep ===================================
case $lsm in apparmor) fn=aa ;; selinux) fn=se ;; smack) fn=smack ;; esac
"${fn}_setup"

# one_run N: a load with fail-nth N and every check after it
broken=
prev_n=0
one_run() {
	"${fn}_before" "$1"
	if [ -n "$broken" ]; then
		fail_later "$broken"
		return 0
	fi
	prev_n=$1
	# shellcheck disable=SC2086 # the set's file names
	run_load "$1" $set_files
	f0=$failures
	# shellcheck disable=SC2086
	check_exit "$1" $set_files
	"${fn}_check" "$1"
	check_kernel_log "$1"
	if [ "$inj" = 1 ] && [ $failures -eq "$f0" ]; then
		clean=$((clean + 1))
	fi
}

# count the sites: fail-nth far beyond the load
big=100000000
one_run $big
[ "$inj" = 0 ] || fail "a load with fail-nth $big had a fault injected"
[ $rc -eq 0 ] || {
	sed 's/^/  | /' /tmp/f.out /tmp/f.err
	fail "the load without a fault exited $rc"
}
case $left in '' | none | *[!0-9]*) fail "the shim did not arm fail-nth (left '$left'): nothing would be tested" ;; esac
sites=$((big - left))
echo "a clean load passes $sites fault sites from its first kernel call"

# N = 1 .. DENSE, then STRIDED more up to sites, then on until a clean pass
last=0
first_clean=
n=1
while :; do
	one_run $n
	[ -z "$broken" ] || break
	last=$n
	if [ "$inj" = 0 ]; then
		first_clean=$n
		break
	fi
	if [ $n -lt "$dense" ]; then
		n=$((n + 1))
	else
		step=$(((sites - dense) / strided))
		[ $step -ge 1 ] || step=1
		# the last stretch every one, so the first clean pass is found
		if [ $((n + step)) -gt $((sites - 5)) ]; then step=1; fi
		n=$((n + step))
	fi
	if [ $runs -gt $((dense + strided + 40)) ]; then
		fail_later "no clean pass up to n=$n ($runs runs; sites counted: $sites)"
		break
	fi
done

[ -z "$preload_stopped" ] || echo "LSMC-FAULT-NOTE lsm=$lsm over_nothing_from=$preload_stopped"
echo "LSMC-FAULT lsm=$lsm runs=$runs injected=$injected survived=$clean sites=$sites dense=1-$dense last=$last first_clean=${first_clean:-none} exit0=$exit0 exit1=$exit1 rolled_back=$sm_rolled report_lost=$lost"
if [ -n "$first_clean" ]; then
	how="every n from 1 to $first_clean"
	[ "$first_clean" -le "$dense" ] || how="n = 1..$dense, then every $(((sites - dense) / strided)) up to $first_clean"
	passed "fail-nth $how: $injected faults injected, every one reported as the kernel holds it"
fi
finish

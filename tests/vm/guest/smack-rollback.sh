#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Rollback of a Smack load on a real kernel: the N-th write to load2 of a
# multi-page rule set fails (an LD_PRELOAD shim injects ENOMEM); lsmctl
# exits 1, reports "rolled_back":true, and load2 lists exactly what it did
# before, for pairs that had access (changed) and pairs that had none (new).
# The same for the task's own rules (load-self2), where the kernel lists no
# rule with access "-" although such a rule denies everything: a rollback
# must not turn one into "rwxatlb".
# usage: smack-rollback.sh SHIM   (failwrite.so, see tests/vm/helpers/)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
shim=${1:?usage: smack-rollback.sh SHIM}
fs=/sys/fs/smackfs

require_lsm smack
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
[ -f "$shim" ] || fail "$shim not in the guest"

# 1000 pairs with access before; the set changes them and adds 1000 more
seq 1 1000 | awk '{ printf "LsmcRb LsmcRbObj%04d rwx\n", $1 }' >/tmp/base.smack
seq 1 2000 | awk '{ printf "LsmcRb LsmcRbObj%04d r\n", $1 }' >/tmp/set.smack
run_lsmctl base load smack /tmp/base.smack
[ $rc -eq 0 ] || fail "loading the 1000 base rules exited $rc"
sort $fs/load2 >/tmp/before
echo "the set: $(wc -l </tmp/set.smack) rules, $(wc -c </tmp/set.smack) bytes"

# fail_write N: load the set with the N-th write to load2 failing
fail_write() {
	echo "\$ LSMC_FAIL_WRITE=$1 lsmctl load smack /tmp/set.smack --json"
	rc=0
	LD_PRELOAD=$shim LSMC_FAIL_WRITE=$1 lsmctl load smack /tmp/set.smack --json \
		>"/tmp/fail$1".out 2>"/tmp/fail$1".err || rc=$?
	sed 's/^/  | /' "/tmp/fail$1".out "/tmp/fail$1".err
	echo "  exit $rc"
	json_doc "fail$1" "/tmp/fail$1".out
	grep -q "failwrite: write $1 to load2" "/tmp/fail$1".err ||
		fail "the shim did not fail write $1 (not preloaded, or fewer writes): nothing was tested"
	[ $rc -eq 1 ] || fail_later "write $1 failing: exit $rc, want 1"
	sort $fs/load2 >"/tmp/after$1"
	if cmp -s /tmp/before "/tmp/after$1"; then
		ok "write $1 failing: load2 lists exactly what it did before"
	else
		fail_later "write $1 failing: load2 changed: $(diff /tmp/before "/tmp/after$1" | grep -c '^[-+]L') lines differ, e.g. $(diff /tmp/before "/tmp/after$1" | grep '^[-+]L' | head -n 3 | tr '\n' ' ')"
	fi
}

# part-way: two windows were applied when the third fails
fail_write 3
json_expect /tmp/fail3.out /tmp/set.smack status='"failed"' rolled_back=true errno=12 count=0

# before any rule was applied
fail_write 1
json_expect /tmp/fail1.out /tmp/set.smack status='"failed"' errno=12 count=0

# without a failure the same set does change load2: the checks above mean something
run_lsmctl ok load smack /tmp/set.smack --json
[ $rc -eq 0 ] || fail_later "the set without an injected failure exited $rc, want 0"
json_expect /tmp/ok.out /tmp/set.smack status='"loaded"' rolled_back=false count=2000
[ "$(grep -c '^LsmcRb LsmcRbObj[0-9]* r$' $fs/load2)" -eq 2000 ] ||
	fail_later "after the successful load not all 2000 pairs read 'r'"
passed "the set loads when no write fails"

# ---- the task's own rules ----
# What the kernel shows: a task's "-" rule is not listed in load-self2, and
# access2 answers from the global rules only, so neither tells it from no
# rule (smk_rule_show skips access 0; smk_user_access calls smk_access).
echo 'LsmcSelfA LsmcSelfDeny rwx' >$fs/load2
echo 'LsmcSelfA LsmcSelfDeny -' >$fs/load-self2
echo 'LsmcSelfA LsmcSelfKept rx' >$fs/load-self2
sh -c "cat $fs/load-self2" >/tmp/self-listing
grep -q '^LsmcSelfA LsmcSelfKept rx$' /tmp/self-listing ||
	fail "a child does not list the inherited self rule: $(cat /tmp/self-listing)"
if grep -q 'LsmcSelfDeny' /tmp/self-listing; then
	fail_later "load-self2 lists the '-' rule; the library could read it: $(cat /tmp/self-listing)"
else
	ok "load-self2 does not list a task's '-' rule"
fi
exec 3<>$fs/access2
printf 'LsmcSelfA LsmcSelfDeny r' >&3
answer=$(dd bs=1 count=1 <&3 2>/dev/null)
exec 3>&-
if [ "$answer" = 1 ]; then
	ok "access2 answers 1 although the task's own rule denies the pair"
else
	fail_later "access2 answered '$answer' for a pair the global rules allow, want 1"
fi

# a self load over those inherited rules fails at its third write
{
	echo 'LsmcSelfA LsmcSelfDeny rwx'
	echo 'LsmcSelfA LsmcSelfKept r'
	seq 1 2000 | awk '{ printf "LsmcSelfA LsmcSelfObj%04d r\n", $1 }'
} >/tmp/self.smack
echo "\$ LSMC_FAIL_FILE=load-self2 LSMC_FAIL_WRITE=3 lsmctl load smack --self /tmp/self.smack --json -- true"
rc=0
LD_PRELOAD=$shim LSMC_FAIL_FILE=load-self2 LSMC_FAIL_WRITE=3 LSMC_WRITE_LOG=/tmp/self-writes \
	lsmctl load smack --self /tmp/self.smack --json -- true >/tmp/self.out 2>/tmp/self.err || rc=$?
sed 's/^/  | /' /tmp/self.out /tmp/self.err
echo "  exit $rc"
grep -q "failwrite: write 3 to load-self2" /tmp/self.err ||
	fail "the shim did not fail write 3 to load-self2: nothing was tested"
[ $rc -eq 1 ] || fail_later "self load with write 3 failing: exit $rc, want 1"
# the report of a load that runs a command goes to stderr: stdout is the command's
[ -s /tmp/self.out ] && fail_later "the --json report went to the command's stdout: $(cat /tmp/self.out)"
grep '^{"version":' /tmp/self.err >/tmp/self.doc
json_doc self /tmp/self.doc
json_expect /tmp/self.doc /tmp/self.smack status='"failed"' rolled_back=true errno=12
# What lsmctl's own task holds dies with it; what it wrote back is in the log.
if grep -q '^LsmcSelfA LsmcSelfDeny rwxatlb$' /tmp/self-writes; then
	fail_later "the rollback loosened the task's '-' rule to rwxatlb"
fi
grep -q '^LsmcSelfA LsmcSelfDeny -$' /tmp/self-writes ||
	fail_later "the rollback did not put 'LsmcSelfA LsmcSelfDeny -' back"
grep -q '^LsmcSelfA LsmcSelfKept rx$' /tmp/self-writes ||
	fail_later "the rollback did not put 'LsmcSelfA LsmcSelfKept rx' back"
if grep -q '^LsmcSelfA LsmcSelfObj2000 ' /tmp/self-writes; then
	fail_later "a rule after the failing window, never sent, was written"
fi
grep -q 'deny-all' /tmp/self.doc || fail_later "the message does not say why unlisted pairs are left with no access"
passed "a failed self load puts every pair back without loosening any"

finish

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Rollback of a Smack load on a real kernel: the N-th write to load2 of a
# multi-page rule set fails (an LD_PRELOAD shim injects ENOMEM); lsmctl
# exits 1, reports "rolled_back":true, and load2 lists exactly what it did
# before, for pairs that had access (changed) and pairs that had none (new).
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

finish

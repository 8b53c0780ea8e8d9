#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl boot with Smack rule files, as /etc/smack/accesses.d holds them:
# every file is checked before the first write, the files' rules go to the
# kernel merged into page-sized writes, and a typo in any file loads none.
# Empty and comment-only files, which deployed systems ship, are zero rules.
# shellcheck source=lib.sh
. /test/lib.sh
rc=0
require_lsm smack

# The default directory, with an empty and a comment-only file beside rules.
e=/etc/smack/accesses.d
mkdir -p $e
: >$e/00-empty
printf '# shipped without rules\n\n   # indented\n' >$e/01-comments
printf 'BootEtc BootEtcObj rw\n' >$e/50-rules
run_lsmctl boot0 boot --json
[ "$rc" -eq 0 ] || fail_later "lsmctl boot with an empty and a comment-only file exited $rc, want 0"
json_expect /tmp/boot0.out $e/00-empty status='"loaded"' count=0
json_expect /tmp/boot0.out $e/01-comments status='"loaded"' count=0
json_expect /tmp/boot0.out $e/50-rules status='"loaded"' count=1
grep -q '^BootEtc BootEtcObj rw$' /sys/fs/smackfs/load2 || fail_later "the rule beside the empty files is not loaded"
rm -r /etc/smack

d=/tmp/accesses.d
mkdir -p $d
i=0
while [ $i -lt 300 ]; do
	echo "BootSubj$i BootObj$i rw"
	i=$((i + 1))
done >$d/10-many
printf '# comment\nBootA BootB rx\n' >$d/20-small

run_lsmctl boot1 boot --smack-dir $d --json
[ "$rc" -eq 0 ] || fail_later "lsmctl boot exited $rc"
json_expect /tmp/boot1.out $d/10-many status='"loaded"' count=300
json_expect /tmp/boot1.out $d/20-small status='"loaded"' count=1
grep -q '^BootA BootB rx$' /sys/fs/smackfs/load2 || fail_later "BootA BootB rx is not loaded"
n=$(grep -c '^BootSubj[0-9]* BootObj[0-9]* rw$' /sys/fs/smackfs/load2)
[ "$n" -eq 300 ] || fail_later "$n of 300 rules loaded"

# A typo in one file: nothing of any file reaches the kernel.
sort /sys/fs/smackfs/load2 >/tmp/before
printf 'BootC BootD rq\n' >$d/30-typo
printf 'BootE BootF r\n' >$d/05-first
run_lsmctl boot2 boot --smack-dir $d
[ "$rc" -eq 1 ] || fail_later "a typo gave exit $rc, not 1"
grep -q '30-typo:1' /tmp/boot2.err || fail_later "the error does not name 30-typo:1"
sort /sys/fs/smackfs/load2 | cmp -s - /tmp/before || fail_later "the rules changed although a file had a typo"
finish

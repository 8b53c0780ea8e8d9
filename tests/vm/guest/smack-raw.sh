#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Smack without lsmctl: smackfs is mounted, a rule written to load2 reads
# back, change-rule edits it.
# shellcheck source=lib.sh
. /test/lib.sh
fs=/sys/fs/smackfs

require_lsm smack
grep -q " $fs smackfs " /proc/mounts || fail "smackfs not mounted on $fs"
label=$(tr -d '\0' </proc/self/attr/current)
[ "$label" = _ ] || fail "init's label is '$label', want '_'"
ok "init runs with the floor label"

echo "LsmcSubject LsmcObject rwa" >$fs/load2 || fail "write to load2"
grep -qx "LsmcSubject LsmcObject rwa" $fs/load2 || fail "rule not in load2: $(cat $fs/load2)"
ok "rule loaded: $(grep '^LsmcSubject ' $fs/load2)"

echo "LsmcSubject LsmcObject x w" >$fs/change-rule || fail "write to change-rule"
grep -qx "LsmcSubject LsmcObject rxa" $fs/load2 || fail "rule after change-rule: $(grep '^LsmcSubject ' $fs/load2)"
ok "change-rule applied: $(grep '^LsmcSubject ' $fs/load2)"

if echo "-Bad LsmcObject r" >$fs/load2 2>/dev/null; then fail "label starting with - accepted"; fi
ok "bad label refused"

# The listing's order (the model follows it, and the library's listing
# walk expects it): label by label, the newest subject label first, and
# each subject's rules newest first.
printf 'LsmcOrdA LsmcOrdB r\nLsmcOrdA LsmcOrdC w\nLsmcOrdD LsmcOrdB x\n' >$fs/load2 ||
	fail "write to load2"
echo "LsmcOrdA LsmcOrdE a" >$fs/load2 || fail "write to load2"
got=$(grep '^LsmcOrd' $fs/load2 | tr '\n' ' ')
want="LsmcOrdD LsmcOrdB x LsmcOrdA LsmcOrdE a LsmcOrdA LsmcOrdC w LsmcOrdA LsmcOrdB r "
[ "$got" = "$want" ] || fail "load2 lists '$got', want '$want'"
ok "load2 lists the newest subject label first, each subject's newest rule first"

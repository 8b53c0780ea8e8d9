#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# The booted kernel's AppArmor feature set, as libapparmor flattens it.
# With EXPECTED: check that the test data the host compiles policy for
# (tests/vm/apparmor-features*) is this kernel's. Without: print it between
# two marker lines, to capture a new kernel's (tests/vm/README.md).
# usage: capture-apparmor-features.sh AA-FEATURES-PROGRAM [EXPECTED]
# shellcheck source=lib.sh
. /test/lib.sh
prog=${1:?usage: capture-apparmor-features.sh AA-FEATURES-PROGRAM [EXPECTED]}
expected=${2:-}
require_lsm apparmor
"$prog" >/tmp/features || fail "$prog failed"
if [ -z "$expected" ]; then
	echo "LSMC-FEATURES-BEGIN"
	cat /tmp/features
	echo
	echo "LSMC-FEATURES-END"
	exit 0
fi
cmp -s /tmp/features "$expected" || {
	diff "$expected" /tmp/features
	fail "the kernel's AppArmor features differ from $expected: capture them again"
}
ok "the kernel's AppArmor features are those of ${expected##*/} ($(wc -c </tmp/features) bytes)"

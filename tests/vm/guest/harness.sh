#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Checks the VM itself: arguments arrive intact, the pseudo file systems are
# mounted, copied data is in place. usage: harness.sh EXPECTED_LSM ARG...
# shellcheck source=lib.sh
. /test/lib.sh
lsm=$1
shift
[ "$#" -eq 2 ] || fail "expected 2 more arguments, got $#: $*"
[ "$1" = "two words" ] || fail "argument 1: '$1'"
[ "$2" = "it's \$quoted" ] || fail "argument 2: '$2'"
ok "arguments"
grep -q ' /proc proc ' /proc/mounts || fail "proc not mounted"
grep -q ' /sys sysfs ' /proc/mounts || fail "sysfs not mounted"
grep -q ' /tmp tmpfs ' /proc/mounts || fail "tmpfs not on /tmp"
grep -q ' /sys/kernel/security securityfs ' /proc/mounts || fail "securityfs not mounted"
ok "mounts"
if [ "$lsm" = none ]; then
	for m in apparmor selinux smack; do
		case ",$(active_lsms)," in *",$m,"*) fail "$m active with lsm=none" ;; esac
	done
else
	require_lsm "$lsm"
fi
[ "$(cat /test/data/hello.txt)" = hello ] || fail "copied data file"
ok "data"
echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)"
exit 0

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Inside the test VM: lsmc-bench for one LSM, after saying what it runs on.
# usage: guest.sh apparmor|selinux|smack ARGS...   (see lsmc-bench.c)
# shellcheck source=../tests/vm/guest/lib.sh
. /test/lib.sh
lsm=${1:?usage: guest.sh LSM ARGS...}
lsm=${lsm%-boot} # smack-boot: the boot case of smack
require_lsm "$lsm"
echo "INFO,$lsm,kernel,$(uname -r)"
echo "INFO,$lsm,clocksource,$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "INFO,$lsm,cpus,$(grep -c '^processor' /proc/cpuinfo)"
if [ "$lsm" = apparmor ] && [ -e /sys/kernel/security/apparmor/features/policy/set_load ]; then
	echo "INFO,apparmor,set_load,yes"
fi
exec lsmc-bench "$@"

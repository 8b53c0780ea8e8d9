#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Inside the test VM: lsmc-bench for one LSM, after saying what it runs on.
# usage: guest.sh apparmor|selinux|smack ARGS...   (see lsmc-bench.c; for
#                 apparmor a fifth argument, the rows' tag, tags the INFO lines)
#        guest.sh pair LSM ROUNDS INPUT   (the proposal kernel: syscall beside
#                 pseudo-fs, numbers from /test/abi.env; see pair.c)
# shellcheck source=../tests/vm/guest/lib.sh
. /test/lib.sh
lsm=${1:?usage: guest.sh LSM ARGS...}
lsm=${lsm%-boot} # smack-boot: the boot case of smack
tag=$lsm
pair=0
if [ "$lsm" = apparmor ] && [ -n "${5:-}" ]; then
	tag=$5
elif [ "$lsm" = pair ]; then
	pair=1
	lsm=${2:?usage: guest.sh pair LSM ROUNDS INPUT}
	tag=proposal-$lsm
fi
require_lsm "$lsm"
echo "INFO,$tag,kernel,$(uname -r)"
echo "INFO,$tag,clocksource,$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "INFO,$tag,cpus,$(grep -c '^processor' /proc/cpuinfo)"
if [ "$lsm" = apparmor ] && [ -e /sys/kernel/security/apparmor/features/policy/set_load ]; then
	echo "INFO,$tag,set_load,yes"
fi
if [ "$pair" = 1 ]; then
	NR_LSM_CONFIG_POLICY='' LSM_POLICY_LOAD='' LSM_POLICY_REPLACE=''
	# shellcheck disable=SC1091 # assignments only
	. /test/abi.env
	shift 2
	exec lsmc-bench pair "$NR_LSM_CONFIG_POLICY" "$LSM_POLICY_LOAD" "$LSM_POLICY_REPLACE" "$lsm" "$@"
fi
exec lsmc-bench "$@"

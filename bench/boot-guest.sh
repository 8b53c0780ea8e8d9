#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Guest side of the boot benchmark (bench/boot.sh), run by the Debian
# image's lsmc-test.service once multi-user.target is reached: reads
# systemd's own timestamps of the unit that loaded AppArmor's policy this
# boot and of sysinit.target, and the unit's CPU time from its cgroup, and
# prints one BOOT line. Checks that the other loaders did not run and that
# the kernel lists the policy.
#
# usage: boot-guest.sh CONFIG CACHE BOOT
#   CONFIG  apparmor (apparmor.service), lsmctl (lsmctl-boot.service) or
#           floor (lsmc-floor.service)
#   CACHE   warm or cold (only a label here: bench/boot.sh empties the cache)
# BOOT,config,cache,boot,unit,start_us,exit_us,sysinit_us,cpu_us,user_us,system_us,profiles,userspace_us
# (CLOCK_MONOTONIC microseconds; userspace_us: when the kernel started PID 1)
cfg=$1 cache=$2 n=$3
case $cfg in
apparmor) unit=apparmor.service others="lsmctl-boot.service lsmc-floor.service" ;;
lsmctl) unit=lsmctl-boot.service others="apparmor.service lsmc-floor.service" ;;
floor) unit=lsmc-floor.service others="apparmor.service lsmctl-boot.service" ;;
*) echo "ERROR,boot,unknown config $cfg"; exit 2 ;;
esac
rc=0
p() { systemctl show -P "$1" "$2"; }
result=$(p Result "$unit") status=$(p ExecMainStatus "$unit")
if [ "$result" != success ] || [ "$status" != 0 ]; then
	echo "ERROR,boot-$cfg-$cache,$unit: Result=$result ExecMainStatus=$status"
	journalctl -b -u "$unit" --no-pager | tail -n 20
	rc=1
fi
for o in $others; do
	if [ "$(p ActiveState "$o")" != inactive ] || [ "$(p ExecMainStartTimestampMonotonic "$o")" != 0 ]; then
		echo "ERROR,boot-$cfg-$cache,$o ran too ($(p ActiveState "$o"))"
		rc=1
	fi
done
start=$(p ExecMainStartTimestampMonotonic "$unit")
exit_=$(p ExecMainExitTimestampMonotonic "$unit")
sysinit=$(p ActiveEnterTimestampMonotonic sysinit.target)
# The unit's CPU time, user and system, from its cgroup's cpu.stat as the
# drop-in bench/boot.sh adds (ExecStartPost=, which runs in the unit's
# cgroup once the loader exited: the cgroup is gone when the unit is
# active (exited)); CPUUsageNSec (the total alone) without it.
usage='' user='' system=''
if [ -r "/run/lsmc-cpu-$unit" ]; then
	usage=$(sed -n 's/^usage_usec //p' "/run/lsmc-cpu-$unit")
	user=$(sed -n 's/^user_usec //p' "/run/lsmc-cpu-$unit")
	system=$(sed -n 's/^system_usec //p' "/run/lsmc-cpu-$unit")
else
	ns=$(p CPUUsageNSec "$unit")
	case $ns in '' | *[!0-9]*) ;; *) usage=$((ns / 1000)) ;; esac
fi
profiles=$(wc -l </sys/kernel/security/apparmor/profiles)
userspace=$(systemctl show -P UserspaceTimestampMonotonic)
echo "BOOT,$cfg,$cache,$n,$unit,$start,$exit_,$sysinit,$usage,$user,$system,$profiles,$userspace"
# With BENCH_BOOT_WINDOW=1: the whole CPU's time between just before the
# loader and just after it (USER_HZ ticks of /proc/stat: user+nice,
# system+irq+softirq, idle, iowait)
if [ -r "/run/lsmc-stat-pre-$unit" ] && [ -r "/run/lsmc-stat-post-$unit" ]; then
	{ sed -n 's/^cpu  //p' "/run/lsmc-stat-pre-$unit"; sed -n 's/^cpu  //p' "/run/lsmc-stat-post-$unit"; } |
		awk -v h="WINDOW,$cfg,$cache,$n" 'NR == 1 { for (i = 1; i <= NF; i++) a[i] = $i; next }
			{ for (i = 1; i <= NF; i++) d[i] = $i - a[i]
			  printf "%s,%d,%d,%d,%d\n", h, d[1] + d[2], d[3] + d[6] + d[7], d[4], d[5] }'
fi
# What the loader waited for (not part of the BOOT line)
for t in local-fs.target systemd-journald-audit.socket systemd-journald.service systemd-udev-trigger.service; do
	echo "  after: $t $(p ActiveEnterTimestampMonotonic "$t") $(p InactiveExitTimestampMonotonic "$t")"
done
echo "  unit: InactiveExit $(p InactiveExitTimestampMonotonic "$unit") ExecMainStart $start"
systemd-analyze critical-chain --no-pager "$unit" 2>&1 | sed 's/^/  chain: /' | head -n 20
if [ "$cfg" = lsmctl ]; then journalctl -b -u lsmctl-boot.service --no-pager -o cat | sed 's/^/  log: /' | tail -n 5; fi
exit $rc

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# The Debian 12 image booted as a real system (run-vm.sh --image debian):
# systemd is PID 1 and reached multi-user.target, apparmor.service loaded the
# packages' profiles from the cache built into the image, the kernel lists
# exactly the profiles /etc/apparmor.d defines, with the modes their files
# give, aa-status agrees, and the packaged services run confined.
# Runs under the image's /bin/sh (dash), from lsmc-test.service.
# shellcheck source=lib.sh
. /test/lib.sh

aa=/sys/kernel/security/apparmor
up=$(cut -d' ' -f1 /proc/uptime)

# --- systemd ---------------------------------------------------------------------
[ "$(cat /proc/1/comm)" = systemd ] || fail_later "PID 1 is $(cat /proc/1/comm), not systemd"
case $(readlink /proc/1/exe) in
*/lib/systemd/systemd) passed "PID 1 is systemd ($(readlink /proc/1/exe), $(systemctl --version | head -n1))" ;;
*) fail_later "PID 1 runs $(readlink /proc/1/exe)" ;;
esac
for t in basic.target multi-user.target; do
	s=$(systemctl show -P ActiveState "$t")
	[ "$s" = active ] || fail_later "$t is $s"
done
mu=$(systemctl show -P ActiveEnterTimestampMonotonic multi-user.target)
passed "basic.target and multi-user.target reached (multi-user after $((mu / 1000000)).$((mu / 100000 % 10)) s, test at $up s)"
failed_units=$(systemctl list-units --state=failed --no-legend --plain | cut -d' ' -f1 | tr '\n' ' ')
[ -z "$failed_units" ] || echo "note: failed units: $failed_units"

# --- apparmor.service ------------------------------------------------------------
case ",$(active_lsms)," in
*,apparmor,*) ok "kernel runs AppArmor ($(active_lsms))" ;;
*) fail "kernel does not run AppArmor: $(active_lsms)" ;;
esac
s=$(systemctl show -P ActiveState apparmor.service)
r=$(systemctl show -P Result apparmor.service)
c=$(systemctl show -P ExecMainStatus apparmor.service)
if [ "$s" = active ] && [ "$r" = success ] && [ "$c" = 0 ]; then
	t0=$(systemctl show -P ExecMainStartTimestampMonotonic apparmor.service)
	t1=$(systemctl show -P ExecMainExitTimestampMonotonic apparmor.service)
	ok "apparmor.service ran: $s, $r, status $c, $(((t1 - t0) / 1000)) ms"
else
	fail_later "apparmor.service: $s, $r, status $c"
	journalctl -b -u apparmor.service --no-pager | tail -n 20
fi

# The profiles came from the cache compiled into the image: nothing in the
# cache for this kernel's feature set is newer than the boot.
cache=$(apparmor_parser --print-cache-dir 2>/dev/null)
btime=$(sed -n 's/^btime //p' /proc/stat)
if [ -z "$cache" ] || [ ! -f "$cache/.features" ]; then
	fail_later "no policy cache for this kernel's features (${cache:-apparmor_parser --print-cache-dir printed nothing})"
else
	n=$(find "$cache" -type f ! -name .features | wc -l)
	newer=$(find "$cache" -type f -newermt "@$btime" | wc -l)
	[ "$n" -gt 0 ] || fail_later "$cache is empty"
	[ "$newer" -eq 0 ] || fail_later "apparmor.service compiled $newer profile(s) at boot into $cache"
	passed "apparmor.service loaded the image's cache, $cache ($n files, none compiled at boot)"
fi

# --- the kernel's profiles against /etc/apparmor.d ----------------------------------
sed 's/ (\([a-z]*\))$/\t\1/' $aa/profiles | LC_ALL=C sort >/tmp/kernel.list
cut -f1 /tmp/kernel.list >/tmp/kernel.names
loaded=$(wc -l </tmp/kernel.names)
enforce=$(grep -c '	enforce$' /tmp/kernel.list)
complain=$(grep -c '	complain$' /tmp/kernel.list)
# The files apparmor.service loads: the parser walks the directory itself.
files=$(find /etc/apparmor.d -maxdepth 1 -type f | wc -l)
disabled=$(find /etc/apparmor.d/disable -mindepth 1 2>/dev/null | wc -l)
apparmor_parser -N /etc/apparmor.d 2>/tmp/names.err | LC_ALL=C sort >/tmp/expected.names
[ -s /tmp/expected.names ] || fail_later "apparmor_parser -N /etc/apparmor.d named no profile: $(cat /tmp/names.err)"
if cmp -s /tmp/expected.names /tmp/kernel.names; then
	ok "the kernel lists the $loaded profiles the $files files in /etc/apparmor.d define ($disabled disabled), $enforce enforce, $complain complain"
else
	fail_later "the kernel's profiles differ from those /etc/apparmor.d defines (< files, > kernel):"
	diff /tmp/expected.names /tmp/kernel.names | grep '^[<>]'
fi
[ "$loaded" -ge 20 ] || fail_later "only $loaded profiles loaded; the packages ship more"

# aa-status reports what the kernel lists
aa-status >/tmp/aa-status.out 2>&1 || fail_later "aa-status exited $?: $(cat /tmp/aa-status.out)"
for line in "$loaded profiles are loaded." "$enforce profiles are in enforce mode." \
	"$complain profiles are in complain mode."; do
	grep -qxF "$line" /tmp/aa-status.out ||
		fail_later "aa-status does not say '$line': $(grep profiles /tmp/aa-status.out | tr '\n' ' ')"
done
passed "aa-status: $loaded loaded, $enforce enforce, $complain complain"

# Profiles of the packages, each in the mode its file gives: chrony, haveged
# and tcpdump ship their own; apparmor-profiles and -extra collections.
for f in usr.sbin.chronyd usr.sbin.haveged usr.bin.tcpdump usr.sbin.avahi-daemon usr.sbin.dnsmasq usr.bin.irssi; do
	p=/etc/apparmor.d/$f
	[ -f "$p" ] || { fail_later "$p is missing"; continue; }
	name=$(apparmor_parser -N "$p" 2>/dev/null | head -n1)
	# the mode is in the flags of the profile's header, its first line
	# that opens a block
	header=$(awk '!/^[[:space:]]*#/ && /\{[[:space:]]*$/ { print; exit }' "$p")
	mode=enforce
	case $header in
	*flags=\(*complain*\)*) mode=complain ;;
	esac
	[ ! -e "/etc/apparmor.d/force-complain/$f" ] || mode=complain
	got=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' /tmp/kernel.list)
	if [ "$got" = "$mode" ]; then
		ok "$f: $name ($got)"
	else
		fail_later "$f: $name is '${got:-not loaded}', its file says $mode"
	fi
done

# --- confined services ----------------------------------------------------------------
for unit_exe in chrony.service:/usr/sbin/chronyd haveged.service:/usr/sbin/haveged; do
	unit=${unit_exe%%:*} exe=${unit_exe#*:}
	pid=$(systemctl show -P MainPID "$unit")
	if [ "$(systemctl show -P ActiveState "$unit")" != active ] || [ "${pid:-0}" -eq 0 ]; then
		fail_later "$unit is not running: $(systemctl show -P ActiveState "$unit")"
		continue
	fi
	label=$(cat "/proc/$pid/attr/current" 2>/dev/null)
	if [ "$label" = "$exe (enforce)" ]; then
		ok "$unit: PID $pid runs as '$label'"
	else
		fail_later "$unit: PID $pid runs as '$label', not '$exe (enforce)'"
	fi
done
echo "confined processes (ps -eZ):"
ps -eo label,pid,comm | awk 'NR == 1 || $1 != "unconfined"' | sed 's/^/  /'

# --- SELinux's policy is installed (not running) -------------------------------------
if [ -f /etc/selinux/default/policy/policy.33 ]; then
	ok "selinux-policy-default: /etc/selinux/default/policy/policy.33 ($(wc -c </etc/selinux/default/policy/policy.33) bytes)"
else
	fail_later "no /etc/selinux/default/policy/policy.33"
fi

# --- the project's packages, when the image has them ---------------------------------
if command -v lsmctl >/dev/null 2>&1; then
	run_lsmctl status status
	grep -q "^AppArmor: $loaded profile(s) loaded" /tmp/status.out ||
		fail_later "lsmctl status does not count the $loaded loaded profiles"
else
	echo "note: lsmctl is not installed in this image (build-image.sh --debs)"
fi

finish

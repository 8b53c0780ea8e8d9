#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl built for the unified revision (tests/vm/proposal-build.sh) on the
# proposal kernel: status finds the syscall for the booted LSM and the LSM
# list through lsm_list_modules; loads go through lsm_config_policy() — with
# the LSM's pseudo-fs unmounted too, mounted afterwards only to look; LOAD
# vs REPLACE vs REMOVE; an unprivileged process confines itself with a
# compiled profile in a namespace that is gone after it; stacking a profile
# by name through lsm_set_self_attr; bad input refused with nothing changed.
# usage: proposal-lsmctl.sh LSM mounted|unmounted DATA_DIR
# shellcheck source=lib.sh
. /test/lib.sh
lsm=${1:?usage: proposal-lsmctl.sh LSM mounted|unmounted DATA_DIR}
fs=${2:?usage: proposal-lsmctl.sh LSM mounted|unmounted DATA_DIR}
d=${3:?usage: proposal-lsmctl.sh LSM mounted|unmounted DATA_DIR}
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
case $lsm in
apparmor) mnt=/sys/kernel/security fstype=securityfs ;;
selinux) mnt=/sys/fs/selinux fstype=selinuxfs ;;
smack) mnt=/sys/fs/smackfs fstype=smackfs ;;
*) fail "unknown LSM $lsm" ;;
esac
if [ "$fs" = unmounted ]; then
	grep -q " $mnt " /proc/mounts && fail "$mnt is mounted; boot with --no-mount-fs"
	want_fs=not-mounted
else
	want_fs=writable
fi
# look MOUNT|UMOUNT: mount the pseudo-fs only to read what a load did
look() {
	[ "$fs" = unmounted ] || return 0
	case $1 in
	mount) mount -t $fstype $fstype $mnt || fail "mount -t $fstype $mnt" ;;
	umount) umount $mnt || fail "umount $mnt" ;;
	esac
}

# --- status ---------------------------------------------------------------------
status_json
grep -q '"abi"[[:space:]]*:[[:space:]]*"unified"' /tmp/status.json || fail_later "status: abi is not unified"
e=$(status_entry "$lsm") || fail "$lsm not listed by lsmctl status --json"
json_has "$e" active true || fail_later "$lsm: not active: $e"
json_has "$e" syscall_system '"available"' || fail_later "$lsm: syscall_system is not available: $e"
if [ "$lsm" = selinux ]; then
	json_has "$e" syscall_self '"available"' && fail_later "selinux: syscall_self available: $e"
else
	json_has "$e" syscall_self '"available"' || fail_later "$lsm: syscall_self is not available: $e"
fi
json_has "$e" fs "\"$want_fs\"" || fail_later "$lsm: fs is not $want_fs: $e"
for other in apparmor selinux smack; do
	[ "$other" != "$lsm" ] || continue
	o=$(status_entry "$other") && json_has "$o" active true && fail_later "$other reported active: $o"
done
# Without securityfs (AppArmor unmounted) nothing but lsm_list_modules can
# say that AppArmor runs: its sysfs traces do not (see lsmctl-status.sh).
if [ "$lsm" = apparmor ] && [ "$fs" = unmounted ]; then
	[ -e /sys/kernel/security/lsm ] && fail_later "securityfs is mounted"
	json_has "$e" active true && ok "apparmor active without securityfs: lsm_list_modules answered"
fi
passed "status: $lsm active (lsm_list_modules), lsm_config_policy available, fs $want_fs"

# view_after_load: `lsmctl status` (the public view, lsmc_*_profiles/status/
# rules) against what the LSM's own pseudo-filesystem lists after a load
# through the syscall; only where that filesystem is mounted for lsmctl.
view_after_load() {
	[ "$fs" = mounted ] || return 0
	status_json
	lsmctl status >/tmp/status.txt 2>&1 || fail_later "lsmctl status exited $?"
	e=$(status_entry "$lsm") || { fail_later "$lsm not listed by lsmctl status --json"; return; }
	case $lsm in
	apparmor) status_matches_profiles /tmp/status.json /tmp/status.txt ;;
	selinux)
		json_has "$e" policy_loaded true || fail_later "selinux: the view says no policy is loaded: $e"
		grep -q "^SELinux: [a-z]*, a policy is loaded" /tmp/status.txt ||
			fail_later "the status text does not say a policy is loaded"
		vers=$(cat /sys/fs/selinux/policyvers)
		json_has "$e" max_policy_version "$vers" || fail_later "selinux: max_policy_version is not $vers: $e"
		;;
	smack)
		n=$(grep -c . /sys/fs/smackfs/load2 || true)
		json_has "$e" loaded "\\{\"rules\":$n" || fail_later "smack: loaded.rules is not $n: $e"
		grep -q "^Smack: $n access rule(s) loaded" /tmp/status.txt || fail_later "the text does not count $n rules"
		;;
	esac
	passed "lsmctl status: what is loaded, as $lsm's pseudo-filesystem lists it after the load"
}

# --- AppArmor -------------------------------------------------------------------
if [ "$lsm" = apparmor ]; then
	aa=/sys/kernel/security/apparmor
	cd "$d" || fail "cd $d"
	self_ns_present() {
		for _ns in "$aa"/policy/namespaces/self.*; do
			[ -e "$_ns" ] && return 0
		done
		return 1
	}
	listed() { look mount; grep -q "^$1 " $aa/profiles; _r=$?; look umount; return $_r; }
	profiles() { look mount; sort $aa/profiles; look umount; }

	run_lsmctl load load apparmor lsmc-load-a.bin lsmc-load-b.bin --json
	[ "$rc" -eq 0 ] || fail_later "load exited $rc"
	json_expect /tmp/load.out lsmc-load-a.bin status='"loaded"' backend='"syscall"'
	listed lsmc-load-a || fail_later "lsmc-load-a is not listed after the load"
	listed lsmc-load-b || fail_later "lsmc-load-b is not listed after the load"
	# a second load of a loaded profile replaces it (LSM_POLICY_REPLACE)
	run_lsmctl again load apparmor lsmc-load-a.bin --json
	[ "$rc" -eq 0 ] || fail_later "loading a loaded profile again exited $rc"
	json_expect /tmp/again.out lsmc-load-a.bin status='"loaded"' backend='"syscall"'
	run_lsmctl remove remove apparmor lsmc-load-b
	[ "$rc" -eq 0 ] || fail_later "remove exited $rc"
	listed lsmc-load-b && fail_later "lsmc-load-b is still listed after remove"
	listed lsmc-load-a || fail_later "remove took lsmc-load-a too"
	run_lsmctl remove2 remove apparmor lsmc-load-b
	[ "$rc" -ne 0 ] || fail_later "removing a profile that is not loaded succeeded"
	passed "load, replace and remove through lsm_config_policy"

	# bad input: refused before the kernel, nothing changed
	before=$(profiles | md5sum)
	head -c 600 lsmc-load-c.bin >/tmp/truncated.bin
	run_lsmctl bad load apparmor lsmc-load-c.bin /tmp/truncated.bin
	[ "$rc" -ne 0 ] || fail_later "a truncated blob was accepted"
	[ "$(profiles | md5sum)" = "$before" ] || fail_later "a refused load changed the profiles"
	listed lsmc-load-c && fail_later "lsmc-load-c was loaded although the set had a bad file"
	passed "bad input refused, nothing changed"
	view_after_load

	if [ "$fs" = mounted ]; then
		# self: an unprivileged process confines itself with a compiled profile
		chmod 1777 /tmp
		cp lsmc-self.bin /tmp/self.bin && chmod 644 /tmp/self.bin
		write_self_inside
		su -s /bin/sh nobody -c 'lsmctl load apparmor --self /tmp/self.bin -- /tmp/self-inside.sh' \
			>/tmp/self.out 2>&1 &
		pid=$!
		wait_while 200 [ ! -e /tmp/self.ran ]
		self_ns_present && self_ns=yes || self_ns=no
		touch /tmp/self.go
		rc=0
		wait $pid || rc=$?
		[ "$rc" -eq 0 ] || fail_later "lsmctl load apparmor --self as nobody exited $rc: $(cat /tmp/self.out)"
		[ "$self_ns" = yes ] || fail_later "no transient self.* namespace while the command ran"
		grep -q lsmc-self-blob /tmp/self.label 2>/dev/null ||
			fail_later "the command does not run under lsmc-self-blob: '$(cat /tmp/self.label 2>/dev/null)'"
		[ "$(cat /tmp/self.denied 2>/dev/null)" = refused ] || fail_later "the profile did not confine"
		wait_while 20 self_ns_present
		self_ns_present &&
			fail_later "the transient namespace outlived the command: $(ls $aa/policy/namespaces/)"
		passed "an unprivileged process confined itself; its namespace is gone after"

		# stacking a loaded profile by name: with /proc unmounted (in a mount
		# namespace of its own) only lsm_set_self_attr can do it
		lsmctl load apparmor lsmc-stack.bin >/tmp/stack-load.out 2>&1 ||
			fail_later "loading lsmc-stack: $(cat /tmp/stack-load.out)"
		# the root reads the command's label while it runs
		rm -f /tmp/stack.pid
		unshare -m sh -c 'umount /proc && exec lsmctl load apparmor --self lsmc-stack -- \
			sh -c "echo \$\$ >/tmp/stack.pid; sleep 2"' >/tmp/stack.out 2>/tmp/stack.err &
		pid=$!
		wait_while 100 [ ! -s /tmp/stack.pid ]
		label=$(cat "/proc/$(cat /tmp/stack.pid 2>/dev/null)/attr/current" 2>/dev/null)
		rc=0
		wait $pid || rc=$?
		[ "$rc" -eq 0 ] || fail_later "stacking lsmc-stack by name without /proc exited $rc: $(cat /tmp/stack.err)"
		case $label in
		*lsmc-stack*) ;;
		*) fail_later "the command's label lacks lsmc-stack: '$label'" ;;
		esac
		passed "stacking by name through lsm_set_self_attr"
	fi
fi

# --- SELinux --------------------------------------------------------------------
if [ "$lsm" = selinux ]; then
	cd "$d" || fail "cd $d"
	pol=minimal-selinux.33
	printf 'not a policy' >/tmp/garbage.33
	run_lsmctl bad load selinux /tmp/garbage.33
	[ "$rc" -ne 0 ] || fail_later "a garbage policy was accepted"
	look mount
	[ -e /sys/fs/selinux/class/process ] && fail_later "a policy is loaded after refused input"
	look umount
	run_lsmctl load load selinux "$pol" --json
	[ "$rc" -eq 0 ] || fail_later "load exited $rc"
	json_expect /tmp/load.out minimal-selinux.33 status='"loaded"' backend='"syscall"'
	look mount
	[ -e /sys/fs/selinux/class/process/perms/dyntransition ] || fail_later "selinuxfs shows no loaded policy"
	look umount
	passed "the policy went through lsm_config_policy; refused input changed nothing"
	view_after_load
fi

# --- Smack ----------------------------------------------------------------------
if [ "$lsm" = smack ]; then
	printf 'PropS PropO rwx\nPropS PropP r\n' >/tmp/rules.smack
	run_lsmctl load load smack /tmp/rules.smack --json
	[ "$rc" -eq 0 ] || fail_later "load exited $rc"
	json_expect /tmp/load.out /tmp/rules.smack status='"loaded"' backend='"syscall"'
	look mount
	grep -q '^PropS PropO rwx$' /sys/fs/smackfs/load2 || fail_later "load2 lacks PropS PropO rwx"
	before=$(md5sum </sys/fs/smackfs/load2)
	look umount
	printf 'PropS PropQ rwx\nBad PropO rq\n' >/tmp/bad.smack
	run_lsmctl bad load smack /tmp/bad.smack
	[ "$rc" -ne 0 ] || fail_later "a rule with a bad access letter was accepted"
	look mount
	[ "$(md5sum </sys/fs/smackfs/load2)" = "$before" ] || fail_later "a refused file changed the rules"
	look umount
	passed "rules through lsm_config_policy; refused input changed nothing"
	view_after_load
fi

finish

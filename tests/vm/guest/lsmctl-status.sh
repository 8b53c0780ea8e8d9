#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl status in a kernel running LSM: the LSM is listed active, neither
# policy syscall exists (Linux 6.1), its pseudo-fs is in state FS, and it can
# be loaded exactly when that state is "writable".
# usage: lsmctl-status.sh LSM FS [ACTIVE]
#   ACTIVE: true (default), or any where lsmctl cannot know (AppArmor without
#   securityfs on a kernel without lsm_list_modules)
#   e.g. lsmctl-status.sh smack writable; lsmctl-status.sh selinux not-mounted
# shellcheck source=lib.sh
. /test/lib.sh
lsm=${1:?usage: lsmctl-status.sh LSM FS [ACTIVE]}
want_fs=${2:?usage: lsmctl-status.sh LSM FS [ACTIVE]}
want_active=${3:-true}

echo "kernel LSMs: $(active_lsms)"
lsmctl status >/tmp/status.txt 2>&1
rc=$?
cat /tmp/status.txt
[ $rc -eq 0 ] || fail "lsmctl status exited $rc"
grep -qw "$lsm" /tmp/status.txt || fail "lsmctl status does not mention $lsm"
ok "lsmctl status"

status_json

e=$(status_entry "$lsm") || fail "$lsm not listed by lsmctl status --json"
if [ "$want_active" = any ]; then
	echo "$lsm active: $(printf '%s\n' "$e" | grep -oE '"active"[[:space:]]*:[[:space:]]*[a-z]+')"
else
	json_has "$e" active "$want_active" || fail "$lsm: active is not $want_active: $e"
fi
# Linux 6.1 has neither; a build without their numbers does not ask.
json_has "$e" syscall_self '"(absent|not-asked)"' || fail "$lsm: syscall_self is neither \"absent\" nor \"not-asked\": $e"
json_has "$e" syscall_system '"(absent|not-asked)"' || fail "$lsm: syscall_system is neither \"absent\" nor \"not-asked\": $e"
json_has "$e" fs "\"$want_fs\"" || fail "$lsm: fs is not \"$want_fs\": $e"
ok "$lsm: active $want_active, both policy syscalls absent or not asked, fs $want_fs"

# The merged LSM syscalls came with Linux 6.8: absent from 6.1, there in 6.12.
json=$(tr -d '\n' </tmp/status.json)
kv=$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')
# shellcheck disable=SC2086 # major and minor
set -- $kv
if [ "$1" -gt 6 ] || { [ "$1" -eq 6 ] && [ "$2" -ge 8 ]; }; then want=available; else want=absent; fi
for sc in lsm_list_modules lsm_set_self_attr; do
	printf '%s\n' "$json" | grep -q "{\"name\":\"$sc\",\"merged\":true,\"number\":[0-9]*,\"kernel\":\"$want\"" ||
		fail "$sc is not reported as merged and $want in Linux $(uname -r): $json"
done
grep -q "^  lsm_list_modules  *merged  *$want " /tmp/status.txt ||
	fail "the status text does not say lsm_list_modules is merged and $want"
ok "lsm_list_modules and lsm_set_self_attr: merged, $want in Linux $(uname -r)"

# What is loaded, as the pseudo-filesystem itself says.
if [ "$want_fs" = writable ]; then
	case $lsm in
	apparmor)
		n=$(wc -l </sys/kernel/security/apparmor/profiles)
		json_has "$e" loaded "\\{\"profiles\":$n" || fail "apparmor: loaded.profiles is not $n: $e"
		grep -q "^AppArmor: $n profile(s) loaded" /tmp/status.txt || fail "the text does not count $n profiles"
		;;
	selinux)
		mode=permissive
		[ "$(cat /sys/fs/selinux/enforce)" = 1 ] && mode=enforcing
		json_has "$e" loaded "\\{\"mode\":\"$mode\"" || fail "selinux: loaded.mode is not $mode: $e"
		# booted without a policy: the kernel refuses to read one
		printf '%s\n' "$e" | grep -q '"policy_loaded":false' || fail "selinux: a policy is reported loaded: $e"
		grep -q "^SELinux: $mode, no policy loaded" /tmp/status.txt || fail "the text does not say $mode, no policy loaded"
		# told from class/, not by reading the policy file: hidden, the answer stays
		mount --bind /dev/null /sys/fs/selinux/policy || fail "cannot bind /dev/null over /sys/fs/selinux/policy"
		status_json
		umount /sys/fs/selinux/policy
		e=$(status_entry selinux) || fail "selinux not listed with the policy file hidden"
		printf '%s\n' "$e" | grep -q '"policy_loaded":false' || fail "selinux: with the policy file hidden: $e"
		;;
	smack)
		n=$(grep -c . /sys/fs/smackfs/load2 || true)
		json_has "$e" loaded "\\{\"rules\":$n" || fail "smack: loaded.rules is not $n: $e"
		grep -q "^Smack: $n access rule(s) loaded" /tmp/status.txt || fail "the text does not count $n rules"
		;;
	esac
	ok "$lsm: what is loaded matches its pseudo-filesystem"
else
	printf '%s\n' "$e" | grep -q '"loaded":null' || fail "$lsm: loaded is not null without its pseudo-fs: $e"
	ok "$lsm: loaded is null without its pseudo-filesystem"
fi
if printf '%s\n' "$e" | grep -q '"can_load"'; then
	want_load=false
	[ "$want_fs" != writable ] || want_load=true
	json_has "$e" can_load "$want_load" || fail "$lsm: can_load is not $want_load with fs $want_fs: $e"
	ok "$lsm: can_load $want_load"
fi

for other in apparmor selinux smack; do
	[ "$other" != "$lsm" ] || continue
	if o=$(status_entry "$other") && json_has "$o" active true; then
		fail "$other reported active in a kernel booted with lsm=...,$lsm: $o"
	fi
done
ok "no other major LSM reported active"

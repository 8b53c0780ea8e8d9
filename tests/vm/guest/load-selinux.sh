#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load selinux on a real kernel: a minimal policy compiled on the host
# loads atomically through selinuxfs and takes effect (the kernel's context,
# its classes); a policy with a bad magic and a truncated one are refused and
# the loaded policy stays, byte for byte as the kernel serialises it; bytes
# after the policy are ignored, by the kernel and by lsmctl. With BOOLS (the
# policy with two booleans and no "genfscon selinuxfs" rule): 6.1 loads it;
# 6.12 refuses it with ENOENT (tests/vm/README.md, finding 3), and lsmctl's
# hint names the missing rule rather than an unmounted filesystem.
# usage: load-selinux.sh POLICY [BOOLS]   (checkpolicy -U allow -c 33 output)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
policy=${1:?usage: load-selinux.sh POLICY [BOOLS]}
bools=${2:-}
fs=/sys/fs/selinux
want_ctx=lsmc_u:lsmc_r:lsmc_kernel_t
want_classes='file process security'

require_lsm selinux
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
classes() { (cd $fs/class && echo *); }
context() { tr -d '\0' </proc/self/attr/current; }

before=$(context)
[ "$before" = kernel ] || fail "context before any policy: '$before', want 'kernel'"

run_lsmctl load load selinux "$policy" --json
[ $rc -eq 0 ] || fail_later "loading $policy exited $rc, want 0"
json_expect /tmp/load.out "$policy" status='"loaded"' backend='"fs"' atomic=true count=1 errno=null
[ "$(context)" = $want_ctx ] || fail_later "context after the load: '$(context)', want $want_ctx"
[ "$(classes)" = "$want_classes" ] || fail_later "$fs/class lists '$(classes)', want '$want_classes'"
vers=$(cat $fs/policyvers) || fail_later "$fs/policyvers not readable"
enforce=$(cat $fs/enforce) || fail_later "$fs/enforce not readable"
case $enforce in 0 | 1) ;; *) fail_later "$fs/enforce reads '$enforce'" ;; esac
passed "policy loaded: context $(context), classes $(classes), policyvers $vers, enforce $enforce"

# lsmctl status tells a loaded policy from selinuxfs's class/ directory and
# the kernel's newest version from policyvers, as sestatus does; it does not
# read $fs/policy (which makes the kernel serialise the whole policy): with
# that file hidden behind /dev/null it still answers.
mode=permissive
[ "$enforce" = 1 ] && mode=enforcing
want_status="\"loaded\":{\"mode\":\"$mode\",\"max_policy_version\":$vers,\"policy_loaded\":true}"
want_line="SELinux: $mode, a policy is loaded (kernel takes up to version $vers)"
status_reports "$want_status" "$want_line"
if mount --bind /dev/null $fs/policy; then
	status_reports "$want_status" "$want_line"
	umount $fs/policy || fail "cannot unmount /dev/null from $fs/policy"
	passed "lsmctl status: $mode, a policy is loaded, without reading $fs/policy"
else
	fail_later "cannot bind /dev/null over $fs/policy"
fi

loaded_sha=$(sha1sum <$fs/policy | cut -d' ' -f1)
# still_loaded WHAT: the kernel's policy is the one loaded above
still_loaded() {
	[ "$(sha1sum <$fs/policy | cut -d' ' -f1)" = "$loaded_sha" ] ||
		fail_later "$1: $fs/policy changed"
	[ "$(classes)" = "$want_classes" ] || fail_later "$1: $fs/class now lists '$(classes)'"
	[ "$(context)" = $want_ctx ] || fail_later "$1: context now '$(context)'"
}

cp "$policy" /tmp/bad-magic.33
printf '\001' | dd of=/tmp/bad-magic.33 bs=1 count=1 conv=notrunc 2>/dev/null
run_lsmctl bad-magic load selinux /tmp/bad-magic.33 --json
[ $rc -eq 1 ] || fail_later "a policy with a bad magic exited $rc, want 1"
json_expect /tmp/bad-magic.out /tmp/bad-magic.33 status='"failed"' count=0
grep -qi 'magic' /tmp/bad-magic.out || fail_later "the error for a bad magic does not say so"
still_loaded "after the bad magic"
passed "bad magic refused, the policy stays"

size=$(wc -c <"$policy")
head -c $((size / 2)) "$policy" >/tmp/truncated.33
run_lsmctl truncated load selinux /tmp/truncated.33
[ $rc -eq 1 ] || fail_later "a truncated policy exited $rc, want 1"
grep -q '/tmp/truncated.33' /tmp/truncated.err || fail_later "the error does not name the truncated file"
still_loaded "after the truncated policy"
passed "truncated policy refused, the policy stays"

# bytes after the policy: the kernel reads the policy and ignores the rest,
# and so does the library's walk (lsmc_selinux_load(3))
{
	cat "$policy"
	head -c 64 /dev/zero
} >/tmp/trailing.33
dd if=/tmp/trailing.33 of=$fs/load bs=1M 2>/dev/null ||
	fail_later "the kernel refused the policy with 64 bytes after it"
run_lsmctl trailing load selinux /tmp/trailing.33
[ $rc -eq 0 ] || fail_later "the policy with 64 bytes after it exited $rc, want 0"
still_loaded "after the policy with 64 bytes after it"
passed "64 bytes after the policy are ignored, by the kernel and by lsmctl"

run_lsmctl self load selinux --self "$policy"
[ $rc -eq 2 ] || fail_later "load selinux --self exited $rc, want 2 (SELinux has no per-process policy)"
still_loaded "after --self"

# the same policy again: a reload is accepted
run_lsmctl reload load selinux "$policy"
[ $rc -eq 0 ] || fail_later "reloading $policy exited $rc, want 0"
grep -q "loaded 1 item(s) through fs, atomically" /tmp/reload.out ||
	fail_later "the report of a reload is not '... loaded 1 item(s) through fs, atomically'"
still_loaded "after the reload"

if [ -n "$bools" ]; then
	run_lsmctl bools load selinux "$bools"
	case $(uname -r) in
	6.1.*)
		[ $rc -eq 0 ] || fail_later "$(uname -r): the policy with booleans exited $rc, want 0"
		[ "$(cat $fs/booleans/lsmc_bool_on 2>&1)" = '1 1' ] ||
			fail_later "booleans/lsmc_bool_on does not read '1 1' after the load"
		passed "$(uname -r) loads a policy with booleans and no genfscon rule for selinuxfs"
		;;
	*)
		refused_saying /tmp/bools.err "$(uname -r), a policy with booleans and no genfscon rule" \
			'No such file or directory.*hint:.*genfscon selinuxfs' 'not mounted'
		passed "$(uname -r) refuses a policy with booleans and no genfscon rule; the hint names the rule"
		;;
	esac
fi

finish

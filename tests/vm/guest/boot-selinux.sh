#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl boot follows /etc/selinux/config as selinux_init_load_policy()
# does, on a real kernel: SELINUX=disabled loads nothing and reports the
# item skipped (exit 0); permissive and enforcing load SELINUXTYPE's policy
# and then put the kernel in that mode.
# usage: boot-selinux.sh POLICY   (checkpolicy -U allow -c 33 output)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
policy=${1:?usage: boot-selinux.sh POLICY}
fs=/sys/fs/selinux
item=null # the configured policy has no name of its own

require_lsm selinux
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
context() { tr -d '\0' </proc/self/attr/current; }
case " $(cat /proc/cmdline) " in
*" enforcing="*) fail "the kernel command line sets enforcing=, which would decide the mode" ;;
esac
mkdir -p /etc/selinux/lsmctest/policy /etc/selinux/other/policy
cp "$policy" /etc/selinux/lsmctest/policy/policy.33
echo 'not a policy' >/etc/selinux/other/policy/policy.33

printf '# SELinux off\nSELINUX=disabled\nSELINUXTYPE=lsmctest\n' >/etc/selinux/config
run_lsmctl disabled boot --json
[ "$rc" -eq 0 ] || fail_later "SELINUX=disabled: lsmctl boot exited $rc, want 0"
json_expect /tmp/disabled.out "$item" status='"skipped"' errno=null
[ "$(context)" = kernel ] || fail_later "SELINUX=disabled, yet a policy was loaded: context '$(context)'"
passed "SELINUX=disabled: nothing loaded, reported skipped"

printf 'SELINUX=permissive\nSELINUXTYPE=lsmctest\n' >/etc/selinux/config
echo 1 >$fs/enforce
run_lsmctl permissive boot --json
[ "$rc" -eq 0 ] || fail_later "SELINUX=permissive: lsmctl boot exited $rc, want 0"
json_expect /tmp/permissive.out "$item" status='"loaded"' count=1
[ "$(context)" = lsmc_u:lsmc_r:lsmc_kernel_t ] || fail_later "context after the load: '$(context)'"
[ "$(cat $fs/enforce)" = 0 ] || fail_later "SELINUX=permissive: $fs/enforce reads $(cat $fs/enforce), want 0"
passed "SELINUX=permissive: SELINUXTYPE's policy loaded, then permissive"

printf 'SELINUX=enforcing\nSELINUXTYPE=lsmctest\n' >/etc/selinux/config
run_lsmctl enforcing boot --json
[ "$rc" -eq 0 ] || fail_later "SELINUX=enforcing: lsmctl boot exited $rc, want 0"
json_expect /tmp/enforcing.out "$item" status='"loaded"' count=1
[ "$(cat $fs/enforce)" = 1 ] || fail_later "SELINUX=enforcing: $fs/enforce reads $(cat $fs/enforce), want 1"
echo 0 >$fs/enforce
passed "SELINUX=enforcing: loaded, then enforcing"

# SELINUXTYPE picks the directory: another type's (broken) policy is refused
printf 'SELINUX=enforcing\nSELINUXTYPE=other\n' >/etc/selinux/config
run_lsmctl other boot --json
[ "$rc" -eq 1 ] || fail_later "SELINUXTYPE=other (a broken policy): exit $rc, want 1"
json_expect /tmp/other.out "$item" status='"failed"'
[ "$(cat $fs/enforce)" = 0 ] || fail_later "a failed load still set the mode: enforce $(cat $fs/enforce)"
passed "SELINUXTYPE picks the policy; a failed load sets no mode"
finish

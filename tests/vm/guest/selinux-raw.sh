#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# SELinux without lsmctl: selinuxfs is mounted and speaks policy version 33,
# and a minimal policy compiled on the host with checkpolicy loads with one
# write() and takes effect. usage: selinux-raw.sh POLICY
# shellcheck source=lib.sh
. /test/lib.sh
policy=${1:?usage: selinux-raw.sh POLICY}
fs=/sys/fs/selinux

require_lsm selinux
grep -q " $fs selinuxfs " /proc/mounts || fail "selinuxfs not mounted on $fs"
[ "$(cat $fs/policyvers)" = 33 ] || fail "policyvers reads '$(cat $fs/policyvers)', want 33"
ok "policyvers 33"
echo "enforce: $(cat $fs/enforce)"
before=$(cat /proc/self/attr/current)
[ "$before" = kernel ] || fail "context before any policy: '$before', want 'kernel'"
ok "no policy yet: context '$before'"

echo "garbage" >/tmp/garbage
if write_once /tmp/garbage $fs/load >/dev/null 2>&1; then fail "garbage policy accepted"; fi
ok "garbage policy refused"

write_once "$policy" $fs/load || fail "loading $policy ($(wc -c <"$policy") bytes)"
after=$(cat /proc/self/attr/current)
[ "$after" = lsmc_u:lsmc_r:lsmc_kernel_t ] || fail "context after load: '$after'"
ok "policy loaded: context '$after'"
[ "$(cat $fs/initial_contexts/kernel | tr -d '\0')" = lsmc_u:lsmc_r:lsmc_kernel_t ] ||
	fail "initial_contexts/kernel: '$(cat $fs/initial_contexts/kernel)'"
ok "initial_contexts/kernel"

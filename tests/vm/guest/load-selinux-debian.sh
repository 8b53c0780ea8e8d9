#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load selinux with Debian's policy (selinux-policy-default): the file
# loads, and so does the system's configured policy found through
# /etc/selinux/config; the kernel then runs as system_u:system_r:kernel_t:s0.
# usage: load-selinux-debian.sh   (the host's policy.33 copied to
#   /etc/selinux/default/policy/policy.33)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
policy=/etc/selinux/default/policy/policy.33
fs=/sys/fs/selinux
want_ctx=system_u:system_r:kernel_t:s0

require_lsm selinux
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"
[ -f $policy ] || fail "$policy was not copied into the guest"
context() { tr -d '\0' </proc/self/attr/current; }
nclasses() { find $fs/class -mindepth 1 -maxdepth 1 | wc -l; }

[ "$(context)" = kernel ] || fail "context before any policy: '$(context)', want 'kernel'"
echo "$policy: $(wc -c <$policy) bytes"

# cut short, the header still reads: only reading the whole policy finds the
# cut, and it must be found before the kernel is asked (the library's own
# walk, with or without libsepol)
head -c $(($(wc -c <$policy) * 9 / 10)) $policy >/test/truncated.33
run_lsmctl truncated load selinux /test/truncated.33 --json
[ $rc -eq 1 ] || fail_later "a truncated policy exited $rc, want 1"
json_expect /tmp/truncated.out /test/truncated.33 status='"failed"' errno=22 count=0 backend='"auto"'
grep -q 'truncated at byte' /tmp/truncated.out || fail_later "the refusal does not say where the policy was cut"
[ "$(context)" = kernel ] || fail_later "a truncated policy reached the kernel: context '$(context)'"
passed "a truncated policy is refused before any write"
run_lsmctl file load selinux $policy --json
[ $rc -eq 0 ] || fail_later "loading $policy exited $rc, want 0"
json_expect /tmp/file.out $policy status='"loaded"' backend='"fs"' atomic=true count=1
[ "$(context)" = $want_ctx ] || fail_later "context after the load: '$(context)', want $want_ctx"
[ "$(nclasses)" -gt 100 ] || fail_later "only $(nclasses) classes in $fs/class after Debian's policy"
if [ ! -d $fs/class/file ] || [ ! -d $fs/class/process ]; then fail_later "no file or process class"; fi
passed "Debian's policy loaded: context $(context), $(nclasses) classes, enforce $(cat $fs/enforce)"

# the configured policy: SELINUXTYPE in /etc/selinux/config names the directory
printf 'SELINUX=permissive\nSELINUXTYPE=default\n' >/etc/selinux/config
run_lsmctl configured load selinux --json
[ $rc -eq 0 ] || fail_later "loading the configured policy exited $rc, want 0"
json_expect /tmp/configured.out null status='"loaded"' backend='"fs"' atomic=true count=1
[ "$(context)" = $want_ctx ] || fail_later "context after the configured load: '$(context)'"
passed "the configured policy (SELINUXTYPE=default) loaded"

finish

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# AppArmor without lsmctl: load a profile compiled on the host with one
# write() to .replace, find it in the kernel's profile list, check the
# kernel's hash of the blob (raw_sha1 on 6.1, raw_sha256 later), remove it again. usage: apparmor-raw.sh BLOB
# shellcheck source=lib.sh
. /test/lib.sh
blob=${1:?usage: apparmor-raw.sh BLOB}
name=lsmc-vm-test
aa=/sys/kernel/security/apparmor

require_lsm apparmor
[ "$(cat /sys/module/apparmor/parameters/enabled)" = Y ] || fail "apparmor.enabled is not Y"
[ -w $aa/.replace ] || fail "$aa/.replace not writable"
echo "policy versions: $(cd $aa/features/policy/versions 2>/dev/null && echo *)"

write_once "$blob" $aa/.replace || fail "loading $blob ($(wc -c <"$blob") bytes) into .replace"
grep -qx "$name (enforce)" $aa/profiles || fail "$name not in $aa/profiles: $(cat $aa/profiles)"
ok "profile loaded: $(grep "^$name " $aa/profiles)"

aa_hash_algo "$name" || fail "no policy/profiles/$name.*/raw_sha1 or raw_sha256"
got=$(aa_hash_of "$name")
want=$(aa_sum "$blob")
[ "$got" = "$want" ] || fail "raw_$aa_hash_algo '$got' differs from the blob's $aa_hash_algo $want"
ok "kernel's raw_$aa_hash_algo matches the blob"

# replacing the same profile again succeeds; .load of an existing one fails
write_once "$blob" $aa/.replace || fail "second .replace"
if write_once "$blob" $aa/.load >/dev/null 2>&1; then fail ".load of an existing profile succeeded"; fi
ok ".replace again works, .load of an existing profile is refused"

echo "garbage" >/tmp/garbage
if write_once /tmp/garbage $aa/.replace >/dev/null 2>&1; then fail "garbage accepted by .replace"; fi
ok "garbage refused"

printf '%s' "$name" >$aa/.remove || fail ".remove $name"
if grep -q "^$name " $aa/profiles; then fail "$name still listed after .remove"; fi
ok "profile removed"

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl boot with an apparmor_parser cache, as a distribution ships it:
# libapparmor picks the features-hash directory for this kernel, every
# profile in it loads as one set in one write, and a second boot is a
# replace that changes nothing.
# usage: boot-apparmor.sh CACHE.tar
# shellcheck source=lib.sh
. /test/lib.sh
tarball=${1:?usage: boot-apparmor.sh CACHE.tar}
aa=/sys/kernel/security/apparmor
rc=0
require_lsm apparmor

mkdir -p /tmp/cache
tar -C /tmp/cache -xf "$tarball" || fail "cannot unpack $tarball"
echo "cache: $(ls -a /tmp/cache)"

run_lsmctl boot1 boot --apparmor-cache /tmp/cache --json
[ "$rc" -eq 0 ] || fail_later "lsmctl boot exited $rc"
json_expect /tmp/boot1.out /tmp/cache status='"loaded"' atomic=true count=2 backend='"fs"'
for p in lsmc-load-a lsmc-load-b; do
	grep -q "^$p " $aa/profiles || fail_later "$p is not loaded: $(cat $aa/profiles)"
done
grep -q 'through 1 kernel call' /tmp/boot1.out 2>/dev/null ||
	run_lsmctl boot2 boot --apparmor-cache /tmp/cache
grep -q 'through 1 kernel call' /tmp/boot2.out 2>/dev/null ||
	fail_later "the cache did not load in one kernel call"

# A cache compiled for other kernel features has nothing for this kernel.
mkdir -p /tmp/other/0123abcd.0
run_lsmctl other boot --apparmor-cache /tmp/other
[ "$rc" -eq 1 ] || fail_later "an unusable cache gave exit $rc, not 1"
grep -q 'no compiled policy for this kernel' /tmp/other.err ||
	fail_later "no clear message for a cache without this kernel's policy"
finish

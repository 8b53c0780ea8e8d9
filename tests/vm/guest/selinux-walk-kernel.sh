#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# The SELinux walk's verdicts against the kernel's: each policy of DIR
# (helpers/se-mutate.c: crafted ones and mutations of real policies) is
# written to selinuxfs's load in one write(), unless the walk calls it
# unsafe (something the kernel trusts and crashes on). Then selinuxfs's
# classes, the initial contexts and a file access are used, so a policy the
# kernel took and cannot live with shows. What must hold:
#   - the kernel survives every policy loaded (else the guest dies);
#   - a policy the walk refuses is refused by the kernel too;
#   - a policy the kernel refuses leaves the one loaded before it in place;
#   - the crafted policies (the walk once refused them) load on Linux 6.1.
# The walk may take what the kernel refuses for meaning (a type out of
# range): those are counted and listed, not failed.
# usage: selinux-walk-kernel.sh DIR
set -u
# shellcheck source=lib.sh
. /test/lib.sh
dir=${1:?usage: selinux-walk-kernel.sh DIR}
fs=/sys/fs/selinux

require_lsm selinux
[ "$(cat $fs/enforce)" = 0 ] || fail "the guest must run permissive"
six_one=false
case $(uname -r) in 6.1.*) six_one=true ;; esac

# use: what a loaded policy is used for, so that a crash shows
use() {
	ls -R $fs/class >/dev/null 2>&1
	for c in "$fs"/initial_contexts/*; do cat "$c" >/dev/null 2>&1; done
	cat /proc/self/attr/current >/dev/null 2>&1
	echo x >/tmp/use.txt && cat /tmp/use.txt >/dev/null
	ls -Z /tmp >/dev/null 2>&1
}

policy_sum() { sha1sum <$fs/policy 2>/dev/null | cut -d' ' -f1; }

loaded=0 refused=0 agree_refuse=0 walk_only=0 skipped=0
while read -r name verdict what; do
	f=$dir/$name
	if [ "$verdict" = unsafe ]; then
		skipped=$((skipped + 1))
		continue
	fi
	before=$(policy_sum)
	if write_once "$f" $fs/load >/dev/null 2>&1; then
		loaded=$((loaded + 1))
		use
		[ "$verdict" = refuse ] && fail_later "$name: the kernel loaded what the walk refuses: $what"
	else
		refused=$((refused + 1))
		after=$(policy_sum)
		[ "$after" = "$before" ] || fail_later "$name: refused, but the loaded policy changed ($what)"
		if [ "$verdict" = refuse ]; then
			agree_refuse=$((agree_refuse + 1))
		else
			walk_only=$((walk_only + 1))
			echo "kernel refuses what the walk takes: $name $what"
			case "$what" in
			capability* | class\ process:*)
				$six_one && fail_later "$name: Linux 6.1 refuses a crafted policy: $what" ;;
			esac
		fi
	fi
done <"$dir/manifest"
use
echo "loaded $loaded, refused $refused (the walk refused $agree_refuse of them; it took $walk_only)," \
	"not loaded $skipped (the walk refuses them as unsafe)"
[ "$loaded" -gt 0 ] || fail_later "no policy loaded at all"
passed "$(uname -r): the kernel survived every policy loaded and refused every one the walk refuses"
finish

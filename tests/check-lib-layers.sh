#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The doors of lib/ (lib/README.md): a write to the kernel goes through the
# dispatcher, which alone calls the backends' delivery functions; a read of
# kernel state goes through kstate.c, which alone calls the fs backend's
# readers. A use of one of these functions in any other file of lib/ fails
# the check.
# A use is the name on an indented line that is not a comment (a call in a
# function body), or after "=" on any line (its address taken); a name at
# the start of a line is its declaration or definition.
# usage: check-lib-layers.sh SOURCE-ROOT
set -u
root=${1:?usage: check-lib-layers.sh SOURCE-ROOT}
[ -d "$root/lib" ] || { echo "FAIL: no $root/lib"; exit 1; }
fails=0

# function  files of lib/ that may use it
rules='
lsmc_deliver_fs       dispatch.c backend-fs.c backend-syscall.c
lsmc_deliver_syscall  dispatch.c backend-fs.c backend-syscall.c
lsmc_fs_apparmor_policy_versions  kstate.c backend-fs.c
lsmc_fs_apparmor_ns_exists        kstate.c backend-fs.c
lsmc_fs_apparmor_has_set_load     kstate.c backend-fs.c
lsmc_fs_smack_listing             kstate.c backend-fs.c
lsmc_fs_selinux_policyvers        kstate.c backend-fs.c
'

uses() { # NAME FILE: the lines of FILE that use NAME
	grep -nE "^[[:space:]]+(\\<$1\\>|[^[:space:]*/].*\\<$1\\>)|=[[:space:]]*&?$1\\>" "$2"
}

while read -r name allowed; do
	[ -n "$name" ] || continue
	for f in $(find "$root/lib" -name '*.[ch]'); do
		b=$(basename "$f")
		case " $allowed " in
		*" $b "*) continue ;;
		esac
		if u=$(uses "$name" "$f"); then
			printf '%s\n' "$u" | while IFS= read -r l; do
				echo "FAIL: ${f#"$root"/}:${l%%:*} uses $name, which only $allowed may call"
			done
			fails=1
		fi
	done
done <<-END
	$rules
END
[ $fails = 0 ] && echo "lib/: backends are called only by the dispatcher and kstate.c"
exit $fails

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# lsmctl is a client of the library like any other: its sources include the
# public header lsmconfig.h and headers of their own (tools/*.h), never one
# of lib/ (internal.h, abi.h, syscall-nr.h, ...), which a program built
# against the installed library would not have.
# usage: check-tools-includes.sh SOURCE-ROOT
set -u
root=${1:?usage: check-tools-includes.sh SOURCE-ROOT}
fails=0
found=0
for f in "$root"/tools/*.c "$root"/tools/*.h; do
	[ -e "$f" ] || continue
	found=1
	# Every quoted #include: lsmconfig.h, or a file beside it in tools/.
	quoted=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/')
	while read -r line name; do
		case $name in
		'' | lsmconfig.h) continue ;;
		*/*) ;;
		*) [ -e "$root/tools/$name" ] && continue ;;
		esac
		echo "FAIL: ${f#"$root"/}:$line includes \"$name\", which is not lsmconfig.h or a header of tools/"
		fails=1
	done <<-END
		$quoted
	END
	# An angle-bracket include of a lib/ header counts too.
	for h in $(find "$root/lib" -name '*.h'); do
		b=$(basename "$h")
		if grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<(lib/)?([a-z]+/)?$b>" "$f"; then
			echo "FAIL: ${f#"$root"/} includes <$b>, a header of lib/"
			fails=1
		fi
	done
done
[ $found = 1 ] || { echo "FAIL: no sources under $root/tools"; exit 1; }
[ $fails = 0 ] && echo "tools/ includes only lsmconfig.h and its own headers"
exit $fails

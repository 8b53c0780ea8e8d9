#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Check that lsmctl's --help texts and lsmctl(8) name the same long options.
#
# Usage: check-help.sh LSMCTL LSMCTL_8_SCD
#
# Collects every "--option" printed by "lsmctl --help" and by
# "lsmctl COMMAND --help" for each command that "lsmctl --help" lists, and
# every "--option" in the manual page source; the two sets must be equal.
set -u

[ $# -eq 2 ] || { echo "usage: check-help.sh LSMCTL LSMCTL_8_SCD" >&2; exit 2; }
exe=$1
src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$exe" --help > "$tmp/help" || { echo "'lsmctl --help' failed" >&2; exit 1; }
cmds=$(awk '/^Commands:/{ c = 1; next } c && /^$/{ c = 0 } c { print $1 }' "$tmp/help")
[ -n "$cmds" ] || { echo "'lsmctl --help' lists no commands" >&2; exit 1; }
for cmd in $cmds; do
	"$exe" "$cmd" --help >> "$tmp/help" ||
		{ echo "'lsmctl $cmd --help' failed" >&2; exit 1; }
done

grep -Eo -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u > "$tmp/from-help"
grep -Eo -- '--[a-z][a-z0-9-]*' "$src" | sort -u > "$tmp/from-man"

status=0
for opt in $(comm -23 "$tmp/from-help" "$tmp/from-man"); do
	echo "$opt: printed by lsmctl --help but missing from ${src##*/}"
	status=1
done
for opt in $(comm -13 "$tmp/from-help" "$tmp/from-man"); do
	echo "$opt: in ${src##*/} but printed by no --help (commands: $(echo $cmds))"
	status=1
done
[ "$status" -eq 0 ] &&
	echo "check-help.sh: $(wc -l < "$tmp/from-help") long options match: $(echo $(cat "$tmp/from-help"))"

# The status report's first line, as the manual names it: once, and the
# line lsmctl really prints first (its last word, the revision, left out).
first=$("$exe" status 2>/dev/null | head -n 1 | sed 's/ [^ ]*$//')
said=$(tr '\n' ' ' < "$src" | tr -s ' \t' '  ' | grep -o 'first line, \*[^*]*\*' | sed 's/^first line, \*//; s/\*$//')
if [ "$(printf '%s\n' "$said" | grep -c .)" -ne 1 ] || [ "$said" != "$first" ]; then
	echo "${src##*/} names the status report's first line as: $(echo $said | sed 's/ *$//'); lsmctl status prints: $first"
	status=1
fi
exit "$status"

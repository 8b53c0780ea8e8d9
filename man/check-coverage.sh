#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Check that every function declared in the public header has a manual page.
#
# Usage: check-coverage.sh HEADER PAGE...
#
# PAGE are the generated pages (rendered and alias). A function FN is covered
# when FN.3 is among them and either names FN in its NAME section or is an
# alias page, made of the single line ".so man3/MAIN.3", whose MAIN.3 is
# among them and names FN in its NAME section. Every function must also
# appear in liblsmconfig.3.
set -u

[ $# -ge 2 ] || { echo "usage: check-coverage.sh HEADER PAGE..." >&2; exit 2; }
header=$1
shift

list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT
for p in "$@"; do
	printf '%s\n' "$p"
done > "$list"

# find_page NAME: print the path of the page whose file name is NAME.
find_page() {
	awk -v name="$1" '{ n = $0; sub(/.*\//, "", n) } n == name { print; found = 1; exit }
		END { exit !found }' "$list"
}

# named_in FILE FN: FN appears in FILE's NAME section.
named_in() {
	awk '/^\.SH /{ in_name = ($2 == "NAME") ; next } in_name' "$1" |
		grep -Eq "(^|[^A-Za-z0-9_])$2([^A-Za-z0-9_]|\$)"
}

fns=$(grep -Eo '\<lsmc_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u)
[ -n "$fns" ] || { echo "no lsmc_ functions found in $header" >&2; exit 1; }

overview=$(find_page liblsmconfig.3) || { echo "liblsmconfig.3 is missing" >&2; exit 1; }

status=0
count=0
for fn in $fns; do
	count=$((count + 1))
	page=$(find_page "$fn.3") || {
		echo "$fn: no page $fn.3"
		status=1
		continue
	}
	if [ "$(head -c 4 "$page")" = ".so " ]; then
		if [ "$(wc -l < "$page")" -ne 1 ]; then
			echo "$fn: alias page $page has more than one line"
			status=1
			continue
		fi
		target=$(sed -n 's|^\.so man3/\([A-Za-z0-9_]*\.3\)$|\1|p' "$page")
		main=$(find_page "$target") || {
			echo "$fn: $page points to '${target:-?}', which was not generated"
			status=1
			continue
		}
	else
		main=$page
	fi
	if ! named_in "$main" "$fn"; then
		echo "$fn: not named in the NAME section of ${main##*/}"
		status=1
	fi
	if ! grep -q "$fn" "$overview"; then
		echo "$fn: not mentioned in liblsmconfig.3"
		status=1
	fi
done

[ "$status" -eq 0 ] && echo "check-coverage.sh: all $count functions documented"
exit "$status"

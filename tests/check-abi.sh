#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Compare the built liblsmconfig.so with the ABI recorded in abi/, or
# record it anew.
#
#   check-abi.sh check  LIB BASELINE HEADERS_DIR
#   check-abi.sh update LIB BASELINE HEADERS_DIR
#
# check fails when a function or variable was removed or changed (a type it
# uses changed, even compatibly: refresh the baseline then, on purpose, in
# the commit that makes the change), prints what was added and passes when
# the library only grew, and skips (77) without libabigail's tools or
# without debug information to read types from.
set -u
mode=$1 lib=$2 baseline=$3 headers=$4

for t in abidw abidiff; do
	command -v $t >/dev/null ||
		{ echo "skip: $t not found (apt-get install abigail-tools)"; exit 77; }
done
if ! readelf -S "$lib" | grep -q '\.debug_info'; then
	echo "skip: $lib has no debug information (build with -g, e.g. buildtype=debugoptimized)"
	exit 77
fi

# Only what the public headers declare; without the build directory, so that
# the record does not depend on where the library was built.
dump() {
	abidw --no-corpus-path --no-comp-dir-path --drop-private-types --headers-dir "$headers" "$lib" |
		awk 'NR == 2 {
			print "  <!-- SPDX-License-Identifier: LGPL-2.1-or-later -->"
			print "  <!-- Copyright © 2026 The liblsmconfig authors -->"
			print "  <!-- Written by abidw: tests/check-abi.sh update; see README.md, Versions and ABI. -->"
		} { print }'
}

case $mode in
update)
	dump >"$baseline.tmp" && [ -s "$baseline.tmp" ] && mv "$baseline.tmp" "$baseline" || exit 1
	echo "recorded the ABI of $lib in $baseline"
	exit 0
	;;
check) ;;
*) echo "usage: check-abi.sh check|update LIB BASELINE HEADERS_DIR" >&2; exit 2 ;;
esac

[ -f "$baseline" ] || { echo "no ABI baseline $baseline"; exit 1; }
out=$(abidiff --headers-dir2 "$headers" "$baseline" "$lib" 2>&1)
rc=$?
# abidiff's status is a bit field: 1 error, 2 usage, 4 ABI change,
# 8 incompatible change.
if [ $((rc & 3)) -ne 0 ]; then
	printf 'abidiff failed (status %d):\n%s\n' "$rc" "$out"
	exit 1
fi
if [ "$rc" -eq 0 ]; then
	echo "ABI unchanged from $baseline"
	exit 0
fi
# Only additions: every summary counts nothing removed and nothing changed.
# Each "... changes summary: N Removed, N Changed ..., N Added ..." line
# counts nothing removed and nothing changed.
only_added() {
	printf '%s\n' "$out" | awk '
		/changes summary:/ {
			seen = 1
			for (i = 2; i <= NF; i++)
				if (($i ~ /^Removed/ || $i ~ /^Changed/) && $(i - 1) + 0 != 0)
					bad = 1
		}
		END { exit !(seen && !bad) }'
}
if [ $((rc & 8)) -eq 0 ] && only_added; then
	printf 'ABI grew (compatible); record it with: meson compile -C BUILD update-abi\n%s\n' "$out"
	exit 0
fi
printf '%s\n' "ABI changed incompatibly against $baseline:" "$out" \
	"A removed or changed function or type breaks programs built against liblsmconfig.so.1." \
	"If the change is compatible by design (a field appended to a struct that callers size" \
	"with its sz member), record the new ABI in the same commit: meson compile -C BUILD update-abi." \
	"Otherwise keep the old interface, or raise the soname (README.md, Versions and ABI)."
exit 1

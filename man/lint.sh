#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Lint rendered manual pages; fail on any message of level WARNING or above.
#
# Usage: lint.sh PAGE...
#
# scdoc puts a paragraph macro right after every section heading and after
# lists and literal blocks; mandoc reports each as "skipping paragraph macro"
# and drops it. Those come from the generator, not from the text, and change
# nothing in the output, so they alone are filtered out.
set -u

[ $# -gt 0 ] || { echo "lint.sh: no pages given" >&2; exit 2; }
status=0

if command -v mandoc >/dev/null 2>&1; then
	for page in "$@"; do
		out=$(mandoc -Tlint -Wwarning "$page" 2>&1 |
			grep -v 'WARNING: skipping paragraph macro')
		if [ -n "$out" ]; then
			printf '%s\n' "$out"
			status=1
		fi
	done
elif command -v groff >/dev/null 2>&1; then
	for page in "$@"; do
		out=$(groff -man -ww -z "$page" 2>&1)
		if [ -n "$out" ]; then
			printf '%s: %s\n' "$page" "$out"
			status=1
		fi
	done
elif command -v man >/dev/null 2>&1; then
	for page in "$@"; do
		out=$(man --warnings -l "$page" 2>&1 >/dev/null)
		if [ -n "$out" ]; then
			printf '%s: %s\n' "$page" "$out"
			status=1
		fi
	done
else
	echo "lint.sh: neither mandoc, groff nor man found; skipping" >&2
	exit 77
fi

[ "$status" -eq 0 ] && echo "lint.sh: $# pages, no warnings"
exit "$status"

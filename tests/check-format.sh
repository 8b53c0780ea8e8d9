#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Fails when a C source in the repository differs from what clang-format
# makes of it with the project's .clang-format.
set -eu
top=$1
cd "$top"
command -v clang-format >/dev/null || { echo "clang-format not installed"; exit 77; }
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find lib include tools tests fuzz examples bench -name '*.[ch]'); do
	if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
		echo "not formatted: $f (run: clang-format -i $f)"
		bad=1
	fi
done
[ "$bad" -eq 0 ] && echo "all sources formatted"
exit "$bad"

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The Debian symbols file lists exactly the symbols of the version script,
# each with its node: a function added to one and not the other fails the
# package build (dpkg-gensymbols -c4) long after the change.
# usage: check-symbols-file.sh SOURCE_ROOT
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^[A-Z_0-9.]+ *\{/ { node = $1 } /^[ \t]+lsmc_[a-z0-9_]+;/ { sub(/^[ \t]+/, ""); sub(/;.*/, ""); print $0 "@" node }' \
	"$top/lib/liblsmconfig.sym" | sort >"$tmp/sym"
sed -n 's/^ \(lsmc_[a-z0-9_]*@[A-Z_0-9.]*\) .*/\1/p' "$top/packaging/debian/liblsmconfig1.symbols" | sort >"$tmp/deb"
if ! cmp -s "$tmp/sym" "$tmp/deb"; then
	echo "lib/liblsmconfig.sym (<) and packaging/debian/liblsmconfig1.symbols (>) differ:"
	diff "$tmp/sym" "$tmp/deb" | grep '^[<>]'
	exit 1
fi
echo "$(wc -l <"$tmp/sym") symbols listed alike"

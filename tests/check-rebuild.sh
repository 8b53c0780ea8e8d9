#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# A built tree stays built: a fresh configuration with the default options
# (tests enabled, so every test's programs and data are in the build) is
# built once; then a second "ninja" (what debhelper runs) must have no work
# to do, and a second "meson install --destdir" must rebuild nothing and
# leave the installed tree as the first one left it.
# usage: check-rebuild.sh SOURCE_ROOT
set -u
src=${1:?usage: check-rebuild.sh SOURCE_ROOT}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-rebuild.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# meson 1.0 runs "ninja -t restat" and "-t cleandead" where it is started:
# not in the build tree this test runs from.
cd "$tmp" || exit 1
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

b=$tmp/build
d=$tmp/dest
if ! meson setup "$b" "$src" >"$tmp/setup.log" 2>&1 || ! ninja -C "$b" >"$tmp/build1.log" 2>&1; then
	echo "FAIL configure and first build:"
	tail -20 "$tmp/setup.log" "$tmp/build1.log"
	exit 1
fi

# The second build: ninja says only that it has nothing to do (a command
# it ran would print a [N/M] line, and a nested ninja its own message).
idle() { # LOG
	[ "$(grep -cv '^ninja: Entering directory' "$1")" = 1 ] && grep -qx 'ninja: no work to do.' "$1"
}
ninja -C "$b" >"$tmp/build2.log" 2>&1 || fail "the second ninja failed"
if ! idle "$tmp/build2.log"; then
	fail "the second ninja did work:"
	head -20 "$tmp/build2.log" | sed 's/^/  /'
	echo "  why (ninja -d explain, once more):"
	ninja -C "$b" -d explain 2>&1 | grep 'explain:.*is dirty' | head -10 | sed 's/^/  /'
fi

# The installed tree: each file's mode, size and content, each directory
# and link. Not their times: meson makes links and directories anew each
# time, and rewrites an installed program's RPATH in place.
tree() {
	(cd "$d" && find . -printf '%p %y %m %s %l\n' | sort) >"$1" &&
		(cd "$d" && find . -type f -exec sha256sum {} + | sort) >>"$1"
}
if ! meson install -C "$b" --destdir "$d" >"$tmp/install1.log" 2>&1; then
	echo "FAIL the first meson install:"
	tail -20 "$tmp/install1.log"
	exit 1
fi
tree "$tmp/tree1"
# meson install runs ninja first, whose output it passes on.
meson install -C "$b" --destdir "$d" >"$tmp/install2.log" 2>&1 || fail "the second meson install failed"
grep -v '^Installing ' "$tmp/install2.log" >"$tmp/install2-ninja.log"
if ! idle "$tmp/install2-ninja.log"; then
	fail "the second meson install rebuilt:"
	head -20 "$tmp/install2-ninja.log" | sed 's/^/  /'
fi
tree "$tmp/tree2"
if ! cmp -s "$tmp/tree1" "$tmp/tree2"; then
	fail "the second meson install changed the installed tree:"
	diff "$tmp/tree1" "$tmp/tree2" | head -20 | sed 's/^/  /'
fi

[ "$fails" -eq 0 ] && echo "a second ninja and a second meson install did nothing"
[ "$fails" -eq 0 ]

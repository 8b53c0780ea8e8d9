#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# What the build options promise packagers, checked on fresh configurations
# (no compilation): -Dtests=disabled builds only installed files; fuzz
# targets only with -Dfuzz=enabled; man is a feature (auto: when scdoc is
# found), and the old -Dman=false still means disabled.
set -u
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-opts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# meson 1.0 runs "ninja -t restat" and "-t cleandead" where it is started:
# not in the build tree this test runs from.
cd "$tmp" || exit 1
fails=0
checks=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

setup() { # name meson-options...
	name=$1
	shift
	checks=$((checks + 1))
	meson setup "$tmp/$name" "$src" "$@" >"$tmp/log-$name" 2>&1
}

# Targets as "name<TAB>type<TAB>installed<TAB>build_by_default", one a line.
targets() {
	meson introspect --targets "$tmp/$1" | python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
for t in json.load(sys.stdin):
    print("\t".join([t["name"], t["type"], str(t["installed"]), str(t["build_by_default"])]))'
}

# tests=disabled: every executable built by default is installed; no test,
# example or fuzz program.
if setup notests -Dtests=disabled; then
	extra=$(targets notests | awk -F'\t' '$2 == "executable" && $3 == "False" && $4 == "True" {print $1}')
	[ -z "$extra" ] || fail "tests=disabled still builds: $(echo $extra)"
	targets notests | grep -q '^lsmctl	executable	True' || fail "tests=disabled lost lsmctl"
else
	fail "tests=disabled: configure failed:"; tail -3 "$tmp/log-notests"
fi
if setup notests-fuzz -Dtests=disabled -Dfuzz=enabled; then
	fail "tests=disabled -Dfuzz=enabled was accepted"
elif ! grep -q 'fuzz=enabled builds test programs' "$tmp/log-notests-fuzz"; then
	fail "tests=disabled -Dfuzz=enabled refused without saying why:"; tail -3 "$tmp/log-notests-fuzz"
fi

# fuzz: no target by default, even with clang; targets with -Dfuzz=enabled.
if command -v clang >/dev/null; then
	if CC=clang setup fuzz-default; then
		! targets fuzz-default | grep -q '^fuzz-' || fail "fuzz targets built by default"
	else
		fail "clang default: configure failed:"; tail -3 "$tmp/log-fuzz-default"
	fi
	if CC=clang setup fuzz-on -Dfuzz=enabled; then
		targets fuzz-on | grep -q '^fuzz-' || fail "-Dfuzz=enabled built no fuzz target"
	else
		fail "-Dfuzz=enabled: configure failed:"; tail -3 "$tmp/log-fuzz-on"
	fi
else
	echo "note: clang not found; fuzz option checked with tests=disabled only"
fi

# man: a PATH without scdoc. auto builds no page; enabled fails naming scdoc.
mkdir "$tmp/bin"
for d in $(echo "$PATH" | tr ':' ' '); do
	for f in "$d"/*; do
		[ -x "$f" ] && [ "${f##*/}" != scdoc ] && [ ! -e "$tmp/bin/${f##*/}" ] &&
			ln -s "$f" "$tmp/bin/"
	done
done
count_man() { targets "$1" | grep -c '^man-'; }
if PATH=$tmp/bin setup man-auto -Dtests=disabled; then
	[ "$(count_man man-auto)" -eq 0 ] || fail "man=auto without scdoc built man pages"
else
	fail "man=auto without scdoc: configure failed:"; tail -3 "$tmp/log-man-auto"
fi
if PATH=$tmp/bin setup man-on -Dtests=disabled -Dman=enabled; then
	fail "man=enabled without scdoc was accepted"
elif ! grep -q "scdoc" "$tmp/log-man-on"; then
	fail "man=enabled without scdoc refused without naming scdoc:"; tail -3 "$tmp/log-man-on"
fi
if command -v scdoc >/dev/null; then
	if setup man-found -Dtests=disabled; then
		[ "$(count_man man-found)" -gt 0 ] || fail "man=auto with scdoc built no man page"
	else
		fail "man=auto with scdoc: configure failed:"; tail -3 "$tmp/log-man-found"
	fi
fi
if setup man-false -Dtests=disabled -Dman=false; then
	[ "$(count_man man-false)" -eq 0 ] || fail "-Dman=false built man pages"
else
	fail "-Dman=false (the old boolean) was refused:"; tail -3 "$tmp/log-man-false"
fi

echo "$((checks - fails)) of $checks configurations as promised"
[ "$fails" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Installs a fresh build (default_library=both, tests disabled) under a
# temporary prefix and checks what a packager relies on: every file lands
# below the prefix, the systemd unit where systemd's pkg-config file says
# (rebased onto the prefix) and disabled, liblsmconfig.pc names the private
# dependencies, and the examples link through pkg-config both against the
# shared library and statically, and run.
set -u
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0
check() { # description command...
	what=$1
	shift
	checks=$((checks + 1))
	if ! "$@" >"$tmp/out" 2>&1; then
		echo "FAIL $what"
		sed 's/^/  /' "$tmp/out" | tail -15
		fails=$((fails + 1))
	fi
}
installed() { # build-dir: installed destinations, one a line
	meson introspect --installed "$1" | python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
print("\n".join(json.load(sys.stdin).values()))'
}

inst=$tmp/inst
b=$tmp/build
if ! meson setup "$b" "$src" --prefix="$inst" --libdir=lib -Ddefault_library=both \
	-Dtests=disabled -Dman=disabled >"$tmp/setup.log" 2>&1 ||
	! meson compile -C "$b" >"$tmp/compile.log" 2>&1 ||
	! meson install -C "$b" --quiet >"$tmp/install.log" 2>&1; then
	echo "FAIL build and install:"
	tail -20 "$tmp"/*.log
	exit 1
fi

# --- every file below the prefix --------------------------------------------
outside() { installed "$b" | grep -v "^$inst/" && return 1; return 0; }
check "nothing is installed outside the prefix $inst" outside

# --- the systemd unit ---------------------------------------------------------
unit=$inst/lib/systemd/system/lsmctl-boot.service
check "the unit is at $unit" test -f "$unit"
check "the unit runs the installed lsmctl" grep -qx "ExecStart=$inst/sbin/lsmctl boot --continue" "$unit"
# Shipped disabled: no enablement symlink, no .wants directory.
not_enabled() {
	found=$(find "$inst" -path "$inst/lib/systemd/*" -type l -o -type d -name '*.wants' \
		-o -type d -name '*.requires')
	[ -z "$found" ] || { echo "installed: $found"; return 1; }
}
check "the unit is installed disabled (no symlink, no .wants)" not_enabled

unit_dest() { # options...: where a configure-only build would put the unit
	rm -rf "$tmp/cfg"
	meson setup "$tmp/cfg" "$src" -Dtests=disabled -Dman=disabled "$@" >"$tmp/cfg.log" 2>&1 ||
		{ tail -5 "$tmp/cfg.log"; return 1; }
	installed "$tmp/cfg" | grep '/lsmctl-boot\.service$' || true
}
if sysdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null) && [ -n "$sysdir" ] &&
	[ "$(pkg-config --variable=prefix systemd)" = /usr ]; then
	same_as_systemd() { [ "$(unit_dest --prefix=/usr)" = "$sysdir/lsmctl-boot.service" ]; }
	check "with prefix=/usr the unit goes to systemd's $sysdir" same_as_systemd
else
	echo "note: no systemd.pc with prefix /usr here; the prefix=/usr case is not checked"
fi
explicit() { [ "$(unit_dest -Dsystemdsystemunitdir=/srv/lsmc-units)" = /srv/lsmc-units/lsmctl-boot.service ]; }
check "-Dsystemdsystemunitdir=DIR installs the unit there" explicit
none() { [ -z "$(unit_dest -Dsystemdsystemunitdir=no)" ]; }
check "-Dsystemdsystemunitdir=no installs no unit" none

# --- liblsmconfig.pc ------------------------------------------------------------
pc=$inst/lib/pkgconfig/liblsmconfig.pc
check "liblsmconfig.pc is installed" test -f "$pc"
# The libraries linked in; libapparmor and libsepol are dlopen()ed, not named.
for dep in libcap libselinux; do
	if pkg-config --exists "$dep"; then
		check "Requires.private names $dep" grep -Eq "^Requires\.private:.*\<$dep\>" "$pc"
	fi
done
export PKG_CONFIG_PATH="$inst/lib/pkgconfig"

# --- static and shared libraries, examples through pkg-config ----------------
check "liblsmconfig.a holds the library" sh -c "nm '$inst/lib/liblsmconfig.a' | grep -q ' T lsmc_new$'"
mkdir "$tmp/shared" "$tmp/static"
check "examples link against the shared library" \
	make -s -C "$tmp/shared" -f "$src/examples/Makefile" srcdir="$src/examples"
check "examples link statically (pkg-config --static)" \
	make -s -C "$tmp/static" -f "$src/examples/Makefile" srcdir="$src/examples" STATIC=1
static_only() {
	for f in "$tmp"/static/*; do
		[ -x "$f" ] || continue
		if readelf -d "$f" | grep -q NEEDED; then
			echo "$f needs shared libraries:"; readelf -d "$f" | grep NEEDED; return 1
		fi
	done
}
check "statically linked examples need no shared library" static_only
# Each example runs as its comment shows (check-examples.py).
check "the examples linked against the shared library run as documented" \
	env LD_LIBRARY_PATH="$inst/lib" "$src/examples/check-examples.py" "$tmp/shared" "$src"
check "the statically linked examples run as documented" \
	"$src/examples/check-examples.py" "$tmp/static" "$src"

echo "$((checks - fails)) of $checks install checks passed"
[ "$fails" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Installs a fresh build (tests disabled) of one default_library kind under
# a temporary prefix and checks what a packager relies on: every file lands
# below the prefix; liblsmconfig.pc names only what links, privately (no
# public Requires, no library the shared object does not need, none the
# static one does not use, libapparmor and libsepol never: they are
# dlopen()ed), and no made-up URL; the examples link through pkg-config
# against the shared library and statically, as the kind offers, and run.
# With "both", also the systemd unit: where systemd's pkg-config file says
# (rebased onto the prefix) and disabled.
# usage: check-install.sh SOURCE_ROOT shared|static|both
set -u
src=$1
kind=${2:-both}
case $kind in shared | static | both) ;; *) echo "usage: check-install.sh SOURCE_ROOT shared|static|both"; exit 2 ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# meson 1.0 runs "ninja -t restat" and "-t cleandead" where it is started:
# not in the build tree this test runs from.
cd "$tmp" || exit 1
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
if ! meson setup "$b" "$src" --prefix="$inst" --libdir=lib -Ddefault_library="$kind" \
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

# --- the systemd unit (once: it does not depend on the kind) ------------------
if [ "$kind" = both ]; then
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
fi

# --- liblsmconfig.pc ------------------------------------------------------------
pc=$inst/lib/pkgconfig/liblsmconfig.pc
check "liblsmconfig.pc is installed" test -f "$pc"
export PKG_CONFIG_PATH="$inst/lib/pkgconfig"
check "liblsmconfig.pc has no made-up URL" sh -c "! grep -n '\.invalid' '$pc'"
# The header needs no other package's: nothing public.
check "liblsmconfig.pc requires nothing publicly" sh -c \
	"r=\$(pkg-config --print-requires liblsmconfig) && [ -z \"\$r\" ] || { echo \"Requires: \$r\"; exit 1; }"
shared_link() {
	l=$(pkg-config --libs liblsmconfig) || return 1
	# shellcheck disable=SC2086 # the words, without pkg-config's spacing
	set -- $l
	[ "$*" = "-L$inst/lib -llsmconfig" ] || { echo "Libs: $l"; return 1; }
}
check "a shared link is -L$inst/lib -llsmconfig alone" shared_link
# The libraries liblsmconfig.pc adds to a static link itself: those of the
# packages in Requires.private (not what these require in turn) and
# Libs.private.
private=$(
	for m in $(pkg-config --print-requires-private liblsmconfig | awk '{print $1}'); do
		pkg-config --libs-only-l "$m"
	done
	sed -n 's/^Libs\.private://p' "$pc"
)
private=$(echo "$private" | tr ' ' '\n' | sed -n 's/^-l//p' | sort -u)
echo "liblsmconfig.pc adds to a static link: $(echo "${private:-nothing}" | tr '\n' ' ')"
not_dlopened() { # in anything a static link gets from it
	for l in $(pkg-config --static --libs-only-l liblsmconfig | sed 's/-l//g'); do
		case $l in apparmor | sepol) echo "lists -l$l, which the library opens with dlopen()"; return 1 ;; esac
	done
}
check "liblsmconfig.pc lists neither libapparmor nor libsepol (dlopen()ed)" not_dlopened
so=$inst/lib/liblsmconfig.so
a=$inst/lib/liblsmconfig.a
if [ "$kind" != static ]; then
	needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	echo "liblsmconfig.so needs: $(echo "$needed" | tr '\n' ' ')"
	listed_needed() { # each listed library is one the shared object needs
		for l in $private; do
			echo "$needed" | grep -q "^lib$l\.so" || { echo "-l$l: liblsmconfig.so does not need lib$l"; return 1; }
		done
	}
	check "liblsmconfig.pc lists only libraries liblsmconfig.so needs" listed_needed
	needed_listed() { # and each it needs but libc is listed, for a static link
		for n in $needed; do
			case $n in libc.so.* | ld-linux*) continue ;; esac
			l=${n%%.so*}
			echo "$private" | grep -qx "${l#lib}" ||
				{ echo "liblsmconfig.so needs $n, which liblsmconfig.pc does not list"; return 1; }
		done
	}
	check "liblsmconfig.pc lists every library liblsmconfig.so needs (but libc)" needed_listed
fi
if [ "$kind" != shared ]; then
	check "liblsmconfig.a holds the library" sh -c "nm '$a' | grep -q ' T lsmc_new$'"
	# The symbols the archive leaves to others: each listed library must
	# define one of them.
	nm -g --defined-only "$a" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u >"$tmp/defined"
	nm -u "$a" 2>/dev/null | awk '{print $NF}' | sort -u | comm -23 - "$tmp/defined" >"$tmp/undefined"
	static_used() {
		for l in $private; do
			f=$(cc -print-file-name="lib$l.so")
			[ -f "$f" ] || { echo "-l$l: no lib$l.so to look into"; return 1; }
			nm -D --defined-only "$f" 2>/dev/null | awk '{print $NF}' | sort -u |
				comm -12 - "$tmp/undefined" | grep -q . ||
				{ echo "-l$l: liblsmconfig.a uses no symbol of $f"; return 1; }
		done
	}
	check "liblsmconfig.pc lists only libraries liblsmconfig.a uses" static_used
fi

# --- examples through pkg-config ------------------------------------------------
if [ "$kind" != static ]; then
	mkdir "$tmp/shared"
	check "examples link against the shared library" \
		make -s -C "$tmp/shared" -f "$src/examples/Makefile" srcdir="$src/examples"
	# Each example runs as its comment shows (check-examples.py).
	check "the examples linked against the shared library run as documented" \
		env LD_LIBRARY_PATH="$inst/lib" "$src/examples/check-examples.py" "$tmp/shared" "$src"
fi
if [ "$kind" != shared ]; then
	mkdir "$tmp/static"
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
	check "the statically linked examples run as documented" \
		"$src/examples/check-examples.py" "$tmp/static" "$src"
fi

echo "$((checks - fails)) of $checks install checks passed (default_library=$kind)"
[ "$fails" -eq 0 ]

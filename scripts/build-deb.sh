#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
#
# Builds the Debian packages liblsmconfig1, liblsmconfig-dev and lsmctl from
# the committed tree (git archive HEAD: uncommitted files never get in),
# with packaging/debian as debian/, then checks them: lintian clean
# (errors and warnings fail), the expected files in each package, no
# .wants symlink enabling lsmctl-boot.service, and an installation.
#
# Source format 3.0 (quilt), version 0.1.0-1: the packaging is upstream's,
# but it is built the way a distribution builds it, from an upstream
# tarball plus debian/. The tarball is made here from the same commit
# (liblsmconfig_VERSION.orig.tar.gz), so the source package is a real one
# and the tree unpacked from it is exactly the commit. A native package
# would need a version without a Debian revision and would tie every
# packaging change to an upstream release.
set -euo pipefail

usage() {
	cat <<EOF
Usage: scripts/build-deb.sh [--output DIR] [--no-deps] [--no-install] [--keep]

Builds the Debian packages liblsmconfig1, liblsmconfig-dev and lsmctl from
the commit at HEAD (git archive: uncommitted changes are not in them), with
packaging/debian as debian/, and checks them:
  - dpkg-buildpackage -us -uc (source and binary packages, unsigned); the
    symbols of liblsmconfig.so.1 must match debian/liblsmconfig1.symbols
  - lintian: any error or warning fails
  - dpkg-deb -c: the unit, the completions and the manual pages are in the
    packages, and no .wants symlink enables lsmctl-boot.service
  - installation: as root, when none of the three is installed yet, dpkg -i
    on this machine, lsmctl run, the examples built through pkg-config
    (shared and static) and run, the unit found disabled, then dpkg --purge;
    otherwise the packages are unpacked into a temporary root and lsmctl run
    from there

Options:
  --output DIR   where the packages go (default: build-deb/ in the checkout;
                 earlier files there are removed)
  --no-deps      do not install build dependencies, even as root
  --no-install   skip the installation check
  --keep         keep the temporary build directory and say where it is
  -h, --help     this text

As root, the build dependencies (debian/control's Build-Depends, through
apt-get build-dep) and lintian are installed with apt-get from the
configured Debian archive; as another user they must be there already.
Exit status: 0 when every check passes, 1 otherwise, 2 for bad usage.
EOF
}

out=""
deps=1
install=1
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--output) [ $# -ge 2 ] || { echo "build-deb.sh: --output needs a directory" >&2; exit 2; }
		out=$2; shift ;;
	--output=*) out=${1#--output=} ;;
	--no-deps) deps=0 ;;
	--no-install) install=0 ;;
	--keep) keep=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "build-deb.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done

say() { printf 'build-deb.sh: %s\n' "$*"; }
die() { printf 'build-deb.sh: %s\n' "$*" >&2; exit 1; }

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) ||
	die "not in a git checkout of liblsmconfig"
cd "$repo"
out=${out:-$repo/build-deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
commit=$(git rev-parse HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	say "note: the work tree has uncommitted changes; they are not built (HEAD is)"
fi

SECONDS=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/build-deb.XXXXXX")
purge=""
cleanup() {
	if [ -n "$purge" ]; then
		# shellcheck disable=SC2086
		dpkg --purge $purge >/dev/null || echo "build-deb.sh: dpkg --purge $purge failed" >&2
	fi
	if [ "$keep" = 1 ]; then
		echo "build-deb.sh: temporary directory kept: $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

# --- the tree and the upstream tarball, from HEAD -------------------------
version=$(git show HEAD:meson.build | sed -n "s/^ *version : '\([^']*\)'.*/\1/p" | head -n1)
[ -n "$version" ] || die "no project version in meson.build"
src="$tmp/liblsmconfig-$version"
git archive --format=tar --prefix="liblsmconfig-$version/" HEAD | tar -x -C "$tmp"
git archive --format=tar --prefix="liblsmconfig-$version/" HEAD |
	gzip -n -9 >"$tmp/liblsmconfig_$version.orig.tar.gz"
[ -d "$src/packaging/debian" ] || die "HEAD has no packaging/debian"
cp -a "$src/packaging/debian" "$src/debian"
say "building $commit (liblsmconfig $version) in $src"

# --- build dependencies ---------------------------------------------------
if [ "$deps" = 1 ] && [ "$(id -u)" -eq 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends dpkg-dev lintian >/dev/null
	# Build-Depends of debian/control, from the configured Debian archive.
	apt-get build-dep -y -qq --no-install-recommends "$src" >/dev/null
elif [ "$deps" = 1 ]; then
	say "not root: build dependencies are not installed, only checked"
fi
for tool in dpkg-buildpackage dpkg-parsechangelog lintian; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool is missing: install dpkg-dev and lintian (as root this script does)"
done
(cd "$src" && dpkg-checkbuilddeps) ||
	die "build dependencies missing (as root this script installs them)"

debversion=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
[ "${debversion%-*}" = "$version" ] ||
	die "debian/changelog says $debversion, meson.build $version: update packaging/debian/changelog"

# --- build ----------------------------------------------------------------
start=$SECONDS
# -J: as many jobs as processors (without it debhelper builds with one).
(cd "$src" && dpkg-buildpackage -us -uc -J) >"$tmp/build.log" 2>&1 || {
	tail -n 60 "$tmp/build.log" >&2
	die "dpkg-buildpackage failed (whole log above the last 60 lines: $tmp/build.log, kept with --keep)"
}
build_time=$((SECONDS - start))
changes=$(ls "$tmp"/liblsmconfig_"$debversion"_*.changes)
# dpkg-gensymbols -c4 has passed if the build did; show that it ran.
grep -q 'dh_makeshlibs -- -c4' "$tmp/build.log" ||
	die "the build log shows no dpkg-gensymbols check (dh_makeshlibs -- -c4)"

# --- lintian ----------------------------------------------------------------
lintian_ok=1
lintian --info --display-info --fail-on error,warning "$changes" >"$tmp/lintian.log" 2>&1 ||
	lintian_ok=0
cat "$tmp/lintian.log"
[ "$lintian_ok" = 1 ] || die "lintian reports errors or warnings (above)"

# --- contents ---------------------------------------------------------------
deb() { ls "$tmp"/"$1"_"$debversion"_*.deb; }
fail=0
has() { # PACKAGE REGEX WHAT
	if ! dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | grep -Eq "^$2\$"; then
		echo "build-deb.sh: $1 lacks $3 ($2)" >&2
		fail=1
	fi
}
has lsmctl '\./usr/sbin/lsmctl' 'lsmctl'
has lsmctl '\./(usr/)?lib/systemd/system/lsmctl-boot\.service' 'the systemd unit'
has lsmctl '\./usr/share/man/man8/lsmctl\.8\.gz' 'lsmctl(8)'
has lsmctl '\./usr/share/bash-completion/completions/lsmctl' 'the bash completion'
has lsmctl '\./usr/share/zsh/vendor-completions/_lsmctl' 'the zsh completion'
has lsmctl '\./usr/share/fish/vendor_completions\.d/lsmctl\.fish' 'the fish completion'
has liblsmconfig1 '\./usr/lib/[^/]+/liblsmconfig\.so\.1\.[0-9]+\.[0-9]+' 'the shared library'
has liblsmconfig-dev '\./usr/include/lsmconfig\.h' 'the header'
has liblsmconfig-dev '\./usr/lib/[^/]+/liblsmconfig\.a' 'the static library'
has liblsmconfig-dev '\./usr/lib/[^/]+/pkgconfig/liblsmconfig\.pc' 'the pkg-config file'
has liblsmconfig-dev '\./usr/share/man/man3/liblsmconfig\.3\.gz' 'liblsmconfig(3)'
# A page (or a .so link to one) for every exported function.
while read -r fn; do
	has liblsmconfig-dev "\\./usr/share/man/man3/$fn\\.3\\.gz" "$fn(3)"
done < <(sed -n 's/^[[:space:]]*\(lsmc_[a-z0-9_]*\);/\1/p' "$src/lib/liblsmconfig.sym")
if dpkg-deb -c "$(deb liblsmconfig-dev)" | grep -q 'lsmctl\.8'; then
	echo "build-deb.sh: liblsmconfig-dev holds lsmctl(8)" >&2
	fail=1
fi
for p in liblsmconfig1 liblsmconfig-dev lsmctl; do
	if dpkg-deb -c "$(deb "$p")" | grep -E '\.wants/|/etc/systemd/system/'; then
		echo "build-deb.sh: $p enables a unit (above)" >&2
		fail=1
	fi
done
# dh_installsystemd --no-enable: the postinst enables the unit again only
# when the administrator had enabled it before an upgrade (guarded by
# deb-systemd-helper debian-installed and was-enabled), never anew, and
# starts nothing.
postinst=$(dpkg-deb -I "$(deb lsmctl)" postinst 2>/dev/null || true)
if printf '%s\n' "$postinst" | grep -Eq 'systemctl .*(start|restart)|invoke-rc\.d|deb-systemd-invoke'; then
	echo "build-deb.sh: lsmctl's postinst starts a unit" >&2
	fail=1
fi
if printf '%s\n' "$postinst" | grep -q 'deb-systemd-helper enable' &&
	! printf '%s\n' "$postinst" | grep -q 'deb-systemd-helper debian-installed'; then
	echo "build-deb.sh: lsmctl's postinst enables lsmctl-boot.service on installation" >&2
	fail=1
fi
[ "$fail" = 0 ] || die "package contents are wrong (above)"
for p in liblsmconfig1 liblsmconfig-dev lsmctl; do
	printf '%s:' "$p"
	for f in Depends Recommends Suggests; do
		v=$(dpkg-deb -f "$(deb "$p")" "$f")
		[ -z "$v" ] || printf ' %s: %s;' "$f" "$v"
	done
	echo
done

# --- installation -----------------------------------------------------------
pkgs="liblsmconfig1 liblsmconfig-dev lsmctl"
installed=""
for p in $pkgs; do
	if dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q ' installed$'; then
		installed="$installed $p"
	fi
done
if [ "$install" = 0 ]; then
	say "installation check skipped (--no-install)"
elif [ "$(id -u)" -eq 0 ] && [ -z "$installed" ]; then
	purge=$pkgs
	# shellcheck disable=SC2046
	dpkg -i $(deb liblsmconfig1) $(deb liblsmconfig-dev) $(deb lsmctl) >"$tmp/dpkg.log" 2>&1 || {
		cat "$tmp/dpkg.log" >&2
		die "dpkg -i failed"
	}
	/usr/sbin/lsmctl --version
	unit=$(dpkg -L lsmctl | grep '/lsmctl-boot\.service$')
	if find /etc/systemd/system -lname "*lsmctl-boot.service" 2>/dev/null | grep .; then
		die "installing lsmctl enabled lsmctl-boot.service (above)"
	fi
	say "$unit installed, not enabled"
	# The examples against the installed packages, as README.md shows them.
	for kind in shared static; do
		mkdir "$tmp/examples-$kind"
		static=0
		[ "$kind" = shared ] || static=1
		# (The static link warns that dlopen() needs glibc's shared
		# libraries at run time: true and expected, so kept in the log.)
		{ make -s -C "$tmp/examples-$kind" -f "$src/examples/Makefile" srcdir="$src/examples" \
			STATIC=$static &&
			python3 "$src/examples/check-examples.py" "$tmp/examples-$kind" "$src"; } \
			>"$tmp/examples-$kind.log" 2>&1 || {
			cat "$tmp/examples-$kind.log" >&2
			die "the $kind examples failed against the installed packages"
		}
	done
	ldd "$tmp/examples-shared/probe-lsms" | grep -Eq '=> (/usr)?/lib/[^/]+/liblsmconfig\.so\.1 ' ||
		die "the shared examples did not link against the installed liblsmconfig.so.1"
	say "dpkg -i: lsmctl runs, examples built through pkg-config (shared, static) pass"
	# shellcheck disable=SC2086
	dpkg --purge $purge >/dev/null
	purge=""
	say "packages purged again"
else
	[ -z "$installed" ] || say "already installed here:$installed: not touched, unpacked instead"
	root="$tmp/root"
	for p in $pkgs; do
		dpkg-deb -x "$(deb "$p")" "$root"
	done
	LD_LIBRARY_PATH=$(dirname "$(ls "$root"/usr/lib/*/liblsmconfig.so.1)") \
		"$root/usr/sbin/lsmctl" --version
	say "unpacked into a temporary root: lsmctl runs from there"
fi

# --- results ------------------------------------------------------------------
rm -f "$out"/liblsmconfig[_-]* "$out"/lsmctl_* "$out"/lintian.log "$out"/build.log
cp "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo "$tmp"/*.dsc "$tmp"/*.orig.tar.gz \
	"$tmp"/*.debian.tar.* "$tmp/build.log" "$tmp/lintian.log" "$out"/
say "package build ${build_time}s, everything ${SECONDS}s"
say "packages of $commit in $out:"
for f in "$out"/*.deb "$out"/*.changes "$out"/*.dsc; do
	echo "  ${f##*/}"
done

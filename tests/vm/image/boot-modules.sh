#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The kernel modules a stock Debian kernel needs to mount the test image's
# root (virtio PCI, virtio-blk, ext4 and the crc32c it asks for), which
# Debian builds as modules: taken from the kernel's own image package (the
# version prepare.sh recorded beside the vmlinux) with their dependencies
# from modules.dep, and stored as a newc cpio beside the vmlinux, for
# run-vm.sh --image to append to the initramfs. The initramfs's /init-image
# loads them in the order of /lib/modules/VERSION/lsmc-load.
#
# usage: tests/vm/image/boot-modules.sh VMLINUX
#   VMLINUX is a stock kernel prepared by tests/vm/prepare.sh (its directory
#   holds an info file with source=PACKAGE VERSION). Prints the cpio's path.
set -euo pipefail

imgdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR/..
. "$(dirname "$imgdir")/common.sh"

# Wanted, by module name; those the kernel has built in are skipped. Not
# crc32c-intel: QEMU's default CPU has no SSE4.2, and it refuses to load.
wanted=(virtio_pci virtio_blk ext4 crc32c_generic)

vmlinux=${1:?usage: boot-modules.sh VMLINUX}
kdir=$(cd "$(dirname "$vmlinux")" && pwd)
out=$kdir/boot-modules-$(vm_file_sha256 "$imgdir/boot-modules.sh" | cut -c1-16).cpio
if [[ -f $out ]]; then
	vm_log "boot modules: cached $out"
	printf '%s\n' "$out"
	exit 0
fi
read -r pkg version < <(sed -n 's/^source=//p' "$kdir/info" 2>/dev/null) ||
	vm_die "$kdir/info names no source package (not a kernel prepare.sh fetched?)"

vm_log "boot modules for $pkg $version"
work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-modules.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt's download user must be able to write there
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$work"; fi
(cd "$work" && apt-get download -qq "$pkg=$version" >/dev/null)
deb=$(find "$work" -maxdepth 1 -name '*.deb' | head -n1)
[[ -n $deb ]] || vm_die "apt-get download $pkg=$version produced no .deb"

# The package ships no modules.dep (its postinst runs depmod): the modules
# are unpacked whole and depmod run on them.
mkdir -p "$work/x"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" ./lib/modules
mdir=$(find "$work/x/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)
kver=$(basename "$mdir")
depmod -b "$work/x" "$kver"

# norm NAME: module names compare with - and _ alike
norm() { printf '%s\n' "${1//-/_}"; }
order=()
add() { # add PATH: once, after its dependencies
	local p
	for p in "${order[@]}"; do [[ $p != "$1" ]] || return 0; done
	order+=("$1")
}
for m in "${wanted[@]}"; do
	line=$(awk -v m="$(norm "$m")" -F: '{ n = $1; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n) } n == m { print; exit }' "$mdir/modules.dep")
	if [[ -z $line ]]; then
		if sed 's/.*\///; s/\.ko$//; s/-/_/g' "$mdir/modules.builtin" | grep -qx "$(norm "$m")"; then
			continue
		fi
		vm_die "$pkg has no module $m"
	fi
	# modules.dep lists a module's dependencies so that the last loads first
	read -r -a deps <<<"${line#*:}"
	for ((i = ${#deps[@]} - 1; i >= 0; i--)); do add "${deps[i]}"; done
	add "${line%%:*}"
done

# Only those go into the archive, uncompressed (busybox insmod), in the
# order lsmc-load gives.
sdir=$work/stage/lib/modules/$kver
mkdir -p "$sdir"
: >"$sdir/lsmc-load"
for p in "${order[@]}"; do
	mkdir -p "$sdir/$(dirname "$p")"
	case $p in
	*.xz) xz -dc "$mdir/$p" >"$sdir/${p%.xz}"; p=${p%.xz} ;;
	*.zst) zstd -dcq "$mdir/$p" >"$sdir/${p%.zst}"; p=${p%.zst} ;;
	*) cp "$mdir/$p" "$sdir/$p" ;;
	esac
	printf '%s\n' "$p" >>"$sdir/lsmc-load"
done
(cd "$work/stage" && find lib | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
for f in "$kdir"/boot-modules-*.cpio; do
	[[ $f == "$out" ]] || rm -f "$f"
done
vm_log "  $kver: $(tr '\n' ' ' <"$sdir/lsmc-load")($(du -k "$out" | cut -f1) KiB)"
printf '%s\n' "$out"

#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Build the Debian 12 test image: an ext4 disk image made with mmdebstrap from
# Debian's bookworm, bookworm-updates and bookworm-security, with systemd as
# PID 1, AppArmor and its profile collections, packaged services that ship
# profiles, SELinux's reference policy (tests/vm/image/packages.list) and,
# with --debs, the project's own packages. Cached under
# /var/cache/liblsmconfig/image-KEY/ (or $LSMC_VM_CACHE), KEY hashing the
# package list, these scripts, the files copied in and the .debs; a second
# run with the same inputs reuses it. Also extracts, for each of Debian's
# stock kernels that tests/vm/prepare.sh fetched, the modules the boot needs
# (virtio-blk, ext4), which those kernels do not have built in.
# run-vm.sh --image debian boots the result.
#
# usage: tests/vm/image/build-image.sh [--debs DIR] [--force]
#   --debs DIR  install every *.deb in DIR but the -dbgsym ones (as
#               scripts/build-deb.sh leaves them) into the image, with their
#               dependencies from Debian
#   --force     rebuild even when the cache holds an image with the same key
set -euo pipefail

if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
	exec sudo -- "$0" "$@"
fi

imgdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vmdir=$(dirname "$imgdir")
# shellcheck source-path=SCRIPTDIR/..
. "$vmdir/common.sh"

debs_dir=
force=0
while (($#)); do
	case $1 in
	--debs) debs_dir=${2:?--debs needs a directory}; shift ;;
	--debs=*) debs_dir=${1#--debs=} ;;
	--force) force=1 ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) vm_die "unknown argument: $1 (see --help)" ;;
	esac
	shift
done
[[ $(id -u) -eq 0 ]] || vm_die "building the image needs root (mmdebstrap --mode=root)"

debs=()
if [[ -n $debs_dir ]]; then
	[[ -d $debs_dir ]] || vm_die "--debs: no such directory: $debs_dir"
	debs_dir=$(cd "$debs_dir" && pwd)
	# every package there but the debug symbols (-dbgsym)
	mapfile -t debs < <(find "$debs_dir" -maxdepth 1 -name '*.deb' ! -name '*-dbgsym_*' | LC_ALL=C sort)
	((${#debs[@]})) || vm_die "--debs: no .deb in $debs_dir"
fi

mirror=${LSMC_IMAGE_MIRROR:-http://deb.debian.org/debian}
security=${LSMC_IMAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
mapfile -t pkgs < <(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$imgdir/packages.list")

t_all=$(vm_now)
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in mmdebstrap e2fsprogs zstd xz-utils kmod cpio; do
	[[ -n $(vm_pkg_version "$p") ]] || missing+=("$p")
done
if ((${#missing[@]})); then
	vm_log "installing ${missing[*]}"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cache=$(vm_cache_dir)
mkdir -p "$cache"
exec 9>"$cache/.image-lock"
flock 9

recipe=$(vm_image_recipe_sha "$vmdir")
debs_sha=none
if ((${#debs[@]})); then
	debs_sha=$(for d in "${debs[@]}"; do printf '%s %s\n' "$(vm_file_sha256 "$d")" "$(basename "$d")"; done | vm_sha256)
fi
key=$(printf 'recipe=%s\nmirror=%s\nsecurity=%s\ndebs=%s\n' "$recipe" "$mirror" "$security" "$debs_sha" | vm_sha256)
idir=$cache/image-${key:0:16}
image=$idir/rootfs.img

if [[ $force -eq 1 || ! -f $image ]]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-image.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	include=("--include=${pkgs[*]}")
	hooks=()
	if ((${#debs[@]})); then
		for d in "${debs[@]}"; do include+=("--include=$d"); done
		# makes the .deb paths valid inside the chroot for apt and dpkg
		hooks+=(--hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount)
	fi
	vm_log "mmdebstrap: bookworm with ${#pkgs[@]} packages${debs_dir:+ and ${#debs[@]} from $debs_dir} (1-3 minutes)"
	t0=$(vm_now)
	# Documentation, manual pages and translations are left out (dpkg
	# path-exclude); copyright files stay.
	LSMC_IMAGE_SRC=$imgdir LSMC_IMAGE_KEY=$key mmdebstrap --mode=root --variant=apt --format=directory \
		--aptopt='APT::Install-Recommends "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
		"${include[@]}" "${hooks[@]}" \
		--customize-hook="$imgdir/customize.sh" \
		bookworm "$work/root" \
		"deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
		"deb $security bookworm-security main" >"$work/mmdebstrap.log" 2>&1 ||
		{ tail -n 40 "$work/mmdebstrap.log" >&2; vm_die "mmdebstrap failed"; }
	t_debootstrap=$(vm_elapsed "$t0" "$(vm_now)")
	vm_log "  done in $t_debootstrap s"

	# ext4 made from the directory (no loop device, no mount), with room to
	# spare: a run writes to a throwaway overlay, never to this file.
	used_mb=$(du -sm "$work/root" | cut -f1)
	size_mb=$(((used_mb * 5 / 4 + 256 + 63) / 64 * 64))
	tmp=$idir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	t0=$(vm_now)
	mkfs.ext4 -q -F -L lsmc-debian -d "$work/root" "$tmp/rootfs.img" "${size_mb}M" >/dev/null
	vm_log "ext4 image: ${size_mb} MiB, $used_mb MiB used, made in $(vm_elapsed "$t0" "$(vm_now)") s"
	cp "$work/mmdebstrap.log" "$tmp/mmdebstrap.log"
	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	chroot "$work/root" dpkg-query -W -f='${Package} ${Version}\n' >"$tmp/packages"
	{
		printf 'key=%s\nrecipe=%s\ndebs=%s\n' "$key" "$recipe" "$debs_sha"
		for d in "${debs[@]}"; do printf 'deb=%s\n' "$(basename "$d")"; done
		printf 'mirror=%s\nsecurity=%s\n' "$mirror" "$security"
		printf 'size_mb=%s\nused_mb=%s\npackages=%s\n' "$size_mb" "$used_mb" "$(wc -l <"$tmp/packages")"
		printf 'mmdebstrap_seconds=%s\nbuild_seconds=%s\n' "$t_debootstrap" "$(vm_elapsed "$t_all" "$(vm_now)")"
		printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$tmp/info"
	rm -rf "$idir"
	mv "$tmp" "$idir"
	rm -rf "$work"
	trap - EXIT
else
	vm_log "image: cached $image"
fi

# --- the stock kernels' boot modules ------------------------------------------
LSMC_VM_STOCK_KERNEL='' LSMC_VM_STOCK612_KERNEL=''
[[ ! -f $cache/vm.env ]] || vm_read_env "$cache/vm.env"
for k in "$LSMC_VM_STOCK_KERNEL" "$LSMC_VM_STOCK612_KERNEL"; do
	[[ -n $k && -f $k ]] || continue
	"$imgdir/boot-modules.sh" "$k" >/dev/null
done

# Images of an older recipe are stale (run-vm.sh would not boot them): 250 MB
# each. Those of this recipe with other .debs stay.
for d in "$cache"/image-*/; do
	d=${d%/}
	[[ -f $d/info && $d != "$idir" ]] || continue
	[[ $(sed -n 's/^recipe=//p' "$d/info") == "$recipe" ]] || rm -rf "$d"
done

{
	printf 'LSMC_VM_IMAGE_DEBIAN=%s\n' "$image"
	printf 'LSMC_VM_IMAGE_DEBIAN_RECIPE=%s\n' "$recipe"
	printf 'LSMC_VM_IMAGE_DEBIAN_DEBS=%s\n' "$debs_sha"
} >"$cache/image-debian.env.tmp"
mv "$cache/image-debian.env.tmp" "$cache/image-debian.env"

vm_log "image ready in $(vm_elapsed "$t_all" "$(vm_now)") s: $image ($(du -m "$image" | cut -f1) MiB on disk)"
sed 's/^/  /' "$idir/info"

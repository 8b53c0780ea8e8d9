# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck shell=bash
# Shared by prepare.sh and run-vm.sh: cache location, cache keys, logging.
# Sourced, not executed.

# Bump when the way the kernel or the base initramfs is built changes in a
# way the inputs below do not capture.
LSMC_VM_RECIPE=1

vm_log() { printf '[vm %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
vm_die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# Cache directory: $LSMC_VM_CACHE, else /var/cache/liblsmconfig when it is
# (or can be made) writable, else the user's cache directory.
vm_cache_dir() {
	if [[ -n ${LSMC_VM_CACHE:-} ]]; then
		printf '%s\n' "$LSMC_VM_CACHE"
	elif [[ -w /var/cache/liblsmconfig ]] || { [[ ! -e /var/cache/liblsmconfig ]] && [[ -w /var/cache ]]; }; then
		printf '%s\n' /var/cache/liblsmconfig
	else
		printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/liblsmconfig"
	fi
}

# A directory to read a prepared cache from: the writable one above, or the
# system one when it holds a prepared VM (a non-root user reusing root's).
vm_find_cache() {
	local c
	c=$(vm_cache_dir)
	if [[ -z ${LSMC_VM_CACHE:-} && ! -f $c/vm.env && -f /var/cache/liblsmconfig/vm.env ]]; then
		c=/var/cache/liblsmconfig
	fi
	printf '%s\n' "$c"
}

vm_sha256() { sha256sum | cut -d' ' -f1; }

vm_file_sha256() { sha256sum <"$1" | cut -d' ' -f1; }

# Installed version of a Debian package, empty when not installed.
vm_pkg_version() {
	local st
	st=$(dpkg-query -W -f='${Status}|${Version}' "$1" 2>/dev/null) || return 0
	case $st in
	"install ok installed|"*) printf '%s\n' "${st#*|}" ;;
	esac
}

# Key of the base initramfs: the /init script, busybox, the recipe.
vm_initramfs_key() {
	local vmdir=$1 bb_version=$2
	{
		printf 'recipe=%s\nbusybox=%s\n' "$LSMC_VM_RECIPE" "$bb_version"
		cat "$vmdir/init"
	} | vm_sha256
}

# Read KEY=VALUE lines of the cache's vm.env into LSMC_VM_* variables.
vm_read_env() {
	local file=$1 k v
	while IFS='=' read -r k v; do
		case $k in
		LSMC_VM_[A-Z_]*) printf -v "$k" '%s' "$v" ;;
		esac
	done <"$file"
}

# Seconds since the epoch with centiseconds, and a difference of two.
vm_now() { date +%s.%N | cut -c1-13; }
vm_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Inputs of the proposal kernel that run-vm.sh can check without the source
# package: its config fragment, its patch series and the ABI file.
vm_proposal_inputs_sha() {
	local kdir=$1/kernel f
	{
		for f in "$kdir/kernel.config" "$kdir/abi.env" "$kdir"/*.patch; do
			printf '== %s\n' "$(basename "$f")"
			cat "$f"
		done
	} | vm_sha256
}

# Inputs of the Debian test image (tests/vm/image/) that run-vm.sh can check
# without building it: the build script, the package list, the customize hook,
# the AppArmor feature sets it compiles the policy cache for, and the files
# copied into the image. Its cache key adds the project's .debs.
vm_image_recipe_sha() {
	local idir=$1/image f
	{
		for f in "$idir/build-image.sh" "$idir/packages.list" "$idir/customize.sh" \
			"$1/apparmor-features" "$1/apparmor-features-6.12"; do
			printf '== %s\n' "$(basename "$f")"
			cat "$f"
		done
		(cd "$idir/rootfs" && find . -type f -o -type l | LC_ALL=C sort) | while IFS= read -r f; do
			printf '== rootfs/%s %s\n' "$f" "$(stat -c %a "$idir/rootfs/$f")"
			cat "$idir/rootfs/$f"
		done
	} | vm_sha256
}

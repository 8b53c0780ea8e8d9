#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Prepare the live-test VM: install what is missing (as root, Debian packages
# only), build the small kernel with AppArmor, SELinux and Smack from
# linux-source-6.1, build the base initramfs, and cache both under
# /var/cache/liblsmconfig (or $LSMC_VM_CACHE). Idempotent: a second run with
# the same kernel.config and kernel source reuses the cache in seconds.
#
# Then builds the Debian 12 image the image tests boot (tests/vm/image/
# build-image.sh, cached the same way) and its boot modules.
#
# usage: tests/vm/prepare.sh [--no-stock] [--no-proposal] [--no-image] [--force] [--jobs N]
#   --no-stock  do not fetch Debian's stock kernels (linux-image-amd64, 6.1, and
#             linux-image-6.12-amd64 from bookworm-security), whose ELF vmlinux
#             (AppArmor + SELinux, no Smack) the live suite also boots
#             (run-vm.sh --kernel stock|stock612); their tests then skip
#   --no-proposal  do not build the proposal kernel (linux-source-6.12 with
#             tests/vm/kernel/*.patch: lsm_config_policy(); run-vm.sh --kernel
#             proposal); its tests then skip
#   --no-image  do not build the Debian image (run-vm.sh --image debian);
#             its tests then skip
#   --force   rebuild even when the cache holds a matching kernel/initramfs
#   --jobs N  parallel make jobs (default: nproc)
set -euo pipefail

# Root installs packages and writes the system cache: ask sudo when there is
# one; without it, go on as this user (missing packages are then named).
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
	exec sudo -- "$0" "$@"
fi

vmdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$vmdir/common.sh"

want_stock=1
want_proposal=1
want_image=1
force=0
jobs=$(nproc)
while (($#)); do
	case $1 in
	--stock) want_stock=1 ;;
	--no-stock) want_stock=0 ;;
	--proposal) want_proposal=1 ;;
	--no-proposal) want_proposal=0 ;;
	--image) want_image=1 ;;
	--no-image) want_image=0 ;;
	--force) force=1 ;;
	--jobs) jobs=${2:?--jobs needs a number}; shift ;;
	--jobs=*) jobs=${1#--jobs=} ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) vm_die "unknown argument: $1 (see --help)" ;;
	esac
	shift
done

t_all=$(vm_now)
step_start=
step() { step_start=$(vm_now); vm_log "$*"; }
step_done() { vm_log "  done in $(vm_elapsed "$step_start" "$(vm_now)") s${1:+ ($1)}"; }

# --- packages ------------------------------------------------------------
apt_updated=0
# ensure_packages PKG...: install the missing ones (root) or say what to do.
ensure_packages() {
	local p missing=()
	for p in "$@"; do
		[[ -n $(vm_pkg_version "$p") ]] || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	if [[ $(id -u) -ne 0 ]]; then
		vm_log "missing Debian packages: ${missing[*]}"
		vm_die "run as root, or install them as root: apt-get install --no-install-recommends ${missing[*]}"
	fi
	step "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ((!apt_updated)); then
		apt-get update -qq
		apt_updated=1
	fi
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	step_done
}

base_pkgs=(qemu-system-x86 busybox-static cpio xz-utils)
# Used on the host to compile the live tests' policies (AppArmor, SELinux);
# selinux-policy-default's policy.33 (2 MB) is loaded into the VM as a real
# policy (meson looks for it when it configures).
data_pkgs=(apparmor checkpolicy selinux-policy-default)
kernel_pkgs=(linux-source-6.1 build-essential bc flex bison libelf-dev libssl-dev)

ensure_packages "${base_pkgs[@]}" "${data_pkgs[@]}"

cache=$(vm_cache_dir)
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

fragment=$vmdir/kernel.config
fragment_sha=$(vm_file_sha256 "$fragment")

# --- kernel ----------------------------------------------------------------
# Key: the fragment, the kernel source package version, the recipe.
src_version=$(vm_pkg_version linux-source-6.1)
if [[ -z $src_version ]]; then
	# Without the source package a kernel built from the same fragment still
	# serves (a user reusing a cache); otherwise install the source.
	for d in "$cache"/kernel-*/; do
		if [[ -f $d/vmlinux && -f $d/fragment.sha256 && $(<"$d/fragment.sha256") == "$fragment_sha" ]]; then
			kdir=${d%/}
		fi
	done
	if [[ -z ${kdir:-} || $force -eq 1 ]]; then
		ensure_packages linux-source-6.1
		src_version=$(vm_pkg_version linux-source-6.1)
	fi
fi
if [[ -n $src_version ]]; then
	kkey=$({
		printf 'recipe=%s\nsource=linux-source-6.1 %s\n' "$LSMC_VM_RECIPE" "$src_version"
		cat "$fragment"
	} | vm_sha256)
	kdir=$cache/kernel-${kkey:0:16}
	# a user without write access to the system cache reuses its kernel
	sys_kdir=/var/cache/liblsmconfig/kernel-${kkey:0:16}
	if [[ $force -eq 0 && ! -f $kdir/vmlinux && -f $sys_kdir/vmlinux ]]; then
		kdir=$sys_kdir
	fi
fi

# build_vmlinux OUT PKG VERSION FRAGMENT PATCHDIR WHAT [INFO]: unpack
# /usr/src/PKG.tar.xz, apply PATCHDIR/*.patch (none when PATCHDIR is empty),
# configure tinyconfig + FRAGMENT, build WHAT's vmlinux and store it in OUT
# with its config, build log, fragment.sha256 and info (INFO, lines of its
# own, after the source line). The caller keys OUT; this only builds.
build_vmlinux() {
	local out=$1 pkg=$2 version=$3 fragment=$4 patchdir=$5 what=$6 info=${7:-}
	local work t0 src p
	local frag_name=${fragment#"$vmdir"/}
	ensure_packages "${kernel_pkgs[@]}"
	ensure_packages "$pkg"
	local tarball=/usr/src/$pkg.tar.xz
	[[ -f $tarball ]] || vm_die "$tarball not found (package $pkg)"
	work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-kernel.XXXXXX")
	# shellcheck disable=SC2064 # expand now: $work is local
	trap "rm -rf '$work'" EXIT
	step "unpacking $tarball"
	tar -xf "$tarball" -C "$work"
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'linux-source-*' | head -n1)
	[[ -n $src ]] || vm_die "no linux-source-* directory in $tarball"
	step_done
	if [[ -n $patchdir ]]; then
		step "applying $(find "$patchdir" -maxdepth 1 -name '*.patch' | wc -l) patches from $patchdir"
		for p in "$patchdir"/*.patch; do
			patch -d "$src" -p1 --batch --forward --quiet <"$p" >>"$work/patch.log" 2>&1 ||
				{ cat "$work/patch.log" >&2; vm_die "$(basename "$p") does not apply to $pkg $version"; }
		done
		step_done
	fi
	mkdir -p "$work/out"

	step "configuring: make tinyconfig + $fragment"
	make -C "$src" O="$work/out" -s tinyconfig >"$work/config.log" 2>&1
	"$src/scripts/kconfig/merge_config.sh" -m -O "$work/out" "$work/out/.config" "$fragment" >>"$work/config.log" 2>&1
	make -C "$src" O="$work/out" -s olddefconfig >>"$work/config.log" 2>&1
	# Every option the fragment sets must have survived olddefconfig.
	local line bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			if ! grep -qxF -- "$line" "$work/out/.config"; then
				vm_log "  $frag_name: '$line' did not stick (dependency missing?)"
				bad=1
			fi
			;;
		esac
	done <"$fragment"
	((bad == 0)) || vm_die "kernel config does not match tests/vm/$frag_name"
	step_done

	step "building $what's vmlinux with make -j$jobs (about 5-10 minutes on 2 cores)"
	t0=$(vm_now)
	if ! make -C "$src" O="$work/out" -j"$jobs" vmlinux >"$work/build.log" 2>&1; then
		grep -E 'error|Error' "$work/build.log" | head -n 20 >&2
		tail -n 20 "$work/build.log" >&2
		vm_die "$what build failed"
	fi
	step_done "kernel build"

	local tmp=$out.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	cp "$work/out/vmlinux" "$tmp/vmlinux"
	cp "$work/out/.config" "$tmp/config"
	cp "$work/build.log" "$tmp/build.log"
	vm_file_sha256 "$fragment" >"$tmp/fragment.sha256"
	{
		printf 'source=%s %s\n' "$pkg" "$version"
		[[ -z $info ]] || printf '%s\n' "$info"
		printf 'release=%s\n' "$(cat "$work/out/include/config/kernel.release")"
		printf 'build_seconds=%s\n' "$(vm_elapsed "$t0" "$(vm_now)")"
		printf 'jobs=%s\n' "$jobs"
		printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$tmp/info"
	rm -rf "$out"
	mv "$tmp" "$out"
	rm -rf "$work"
	trap - EXIT
}

if [[ $force -eq 1 || ! -f $kdir/vmlinux ]]; then
	build_vmlinux "$kdir" linux-source-6.1 "$src_version" "$fragment" "" "the small kernel"
else
	vm_log "kernel: cached $kdir/vmlinux ($(sed -n 's/^release=//p' "$kdir/info" 2>/dev/null))"
fi

# --- base initramfs ---------------------------------------------------------
# newc cpio entry for a character device, written without mknod (no root).
cpio_chardev() {
	local name=$1 mode=$2 major=$3 minor=$4 ino=$5
	local namesize=$((${#name} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		"$ino" $((0020000 | mode)) 0 0 1 0 0 0 0 "$major" "$minor" "$namesize" 0 "$name"
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}
cpio_trailer() {
	local name='TRAILER!!!'
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		0 0 0 0 1 0 0 0 0 0 0 11 0 "$name"
	head -c $(((4 - (110 + 11) % 4) % 4)) /dev/zero
}

bb_version=$(vm_pkg_version busybox-static)
ikey=$(vm_initramfs_key "$vmdir" "$bb_version")
initrd=$cache/initramfs-${ikey:0:16}.cpio

build_initramfs() {
	local out=$1 stage
	local bb=/bin/busybox
	if ldd "$bb" >/dev/null 2>&1; then
		vm_die "$bb is dynamically linked; install busybox-static"
	fi
	stage=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-initramfs.XXXXXX")
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc,test,var/log}
	cp "$bb" "$stage/bin/busybox"
	local applet
	while IFS= read -r applet; do
		[[ $applet == bin/busybox || -e $stage/$applet || -L $stage/$applet ]] && continue
		[[ -d $stage/${applet%/*} ]] || mkdir -p "$stage/${applet%/*}"
		ln -s /bin/busybox "$stage/$applet"
	done < <("$bb" --list-full)
	cp "$vmdir/init" "$stage/init"
	chmod 755 "$stage/init"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$stage/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
	chmod 1777 "$stage/tmp"
	{
		(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
		# The kernel opens /dev/console for PID 1 before /init mounts devtmpfs.
		cpio_chardev dev/console 0600 5 1 900001
		cpio_chardev dev/ttyS0 0600 4 64 900002
		cpio_chardev dev/null 0666 1 3 900003
		cpio_trailer
	} >"$out.tmp.$$"
	mv "$out.tmp.$$" "$out"
	rm -rf "$stage"
}

if [[ $force -eq 1 || ! -f $initrd ]]; then
	step "building base initramfs (busybox-static $bb_version)"
	build_initramfs "$initrd"
	step_done "$(du -k "$initrd" | cut -f1) KiB"
else
	vm_log "initramfs: cached $initrd"
fi
# older base archives are cheap to rebuild: keep only the current one
for f in "$cache"/initramfs-*.cpio; do
	[[ ! -f $f || $f == "$initrd" ]] || rm -f "$f"
done

# --- optional: Debian's stock kernels ------------------------------------------
# stock_meta META: the versioned image package a meta package depends on.
stock_meta() {
	local m
	m=$(apt-cache depends "$1" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
	if [[ -z $m && $(id -u) -eq 0 && $apt_updated -eq 0 ]]; then
		apt-get update -qq
		apt_updated=1
		m=$(apt-cache depends "$1" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
	fi
	[[ -n $m ]] || vm_die "cannot resolve $1 (apt-get update?)"
	printf '%s\n' "$m"
}

# recover_elf VMLINUZ OUT: the ELF vmlinux is the compressed stream inside the
# bzImage. Debian's 6.1 compresses it with xz (magic FD 37 7A 58 5A 00),
# its 6.12 with zstd (magic 28 B5 2F FD).
recover_elf() {
	local vmlinuz=$1 out=$2 off
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n1 | cut -d: -f1)
	if [[ -n $off ]]; then
		tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream >"$out" 2>/dev/null || true
	else
		off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$vmlinuz" | head -n1 | cut -d: -f1)
		[[ -n $off ]] || vm_die "no xz or zstd stream in $vmlinuz"
		# zstd stops at the end of the frame; the bzImage's trailer after it
		# is not zstd data, hence the ignored status.
		tail -c +$((off + 1)) "$vmlinuz" | zstd -dcq >"$out" 2>/dev/null || true
	fi
	[[ $(head -c 4 "$out" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] ||
		vm_die "could not recover an ELF vmlinux from $vmlinuz"
}

# fetch_stock META: download the image package META depends on (cached in
# $cache/stock-<package>-<version>) and print the path of its ELF vmlinux.
fetch_stock() {
	local meta pkg version sdir work deb vmlinuz
	meta=$1
	pkg=$(stock_meta "$meta")
	version=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
	sdir=$cache/stock-$pkg-$version
	if [[ $force -eq 1 || ! -f $sdir/vmlinux ]]; then
		step "fetching Debian's $pkg $version"
		work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-stock.XXXXXX")
		# apt's download user must be able to write there
		if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$work"; fi
		(cd "$work" && apt-get download -qq "$pkg=$version" >/dev/null)
		deb=$(find "$work" -maxdepth 1 -name '*.deb' | head -n1)
		[[ -n $deb ]] || vm_die "apt-get download $pkg produced no .deb"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" ./boot
		vmlinuz=$(find "$work/boot" -name 'vmlinuz-*' | head -n1)
		recover_elf "$vmlinuz" "$work/vmlinux"
		mkdir -p "$sdir.tmp.$$"
		mv "$work/vmlinux" "$sdir.tmp.$$/vmlinux"
		cp "$(find "$work/boot" -name 'config-*' | head -n1)" "$sdir.tmp.$$/config"
		printf 'source=%s %s\n' "$pkg" "$version" >"$sdir.tmp.$$/info"
		rm -rf "$sdir" "$work"
		mv "$sdir.tmp.$$" "$sdir"
		step_done
	else
		vm_log "stock kernel: cached $sdir/vmlinux"
	fi
	printf '%s\n' "$sdir/vmlinux"
}

# keep_listed VAR: a stock kernel listed by an earlier run stays listed
keep_listed() {
	local v=
	[[ -f $cache/vm.env ]] && v=$(sed -n "s/^$1=//p" "$cache/vm.env")
	[[ -n $v && -f $v ]] && printf '%s\n' "$v"
	return 0
}

stock=
stock612=
if ((want_stock)); then
	ensure_packages zstd
	# Debian 12's own kernel (6.1) and the 6.12 of bookworm-security, which
	# has the merged LSM syscalls (lsm_list_modules, lsm_set_self_attr).
	stock=$(fetch_stock linux-image-amd64)
	stock612=$(fetch_stock linux-image-6.12-amd64)
fi
[[ -n $stock ]] || stock=$(keep_listed LSMC_VM_STOCK_KERNEL)
[[ -n $stock612 ]] || stock612=$(keep_listed LSMC_VM_STOCK612_KERNEL)

# --- the proposal kernel: linux-source-6.12 + our lsm_config_policy() series ---
# Built like the small kernel, from its own fragment (tests/vm/kernel/), with
# the patch series applied; keyed on the fragment, the patches, abi.env and
# the source version.
proposal_src_pkg=linux-source-6.12
proposal=
proposal_inputs=

# The numbers the patches wire up must be abi.env's.
check_proposal_abi() {
	local kd=$vmdir/kernel NR_LSM_CONFIG_POLICY='' LSM_POLICY_REPLACE='' LSM_POLICY_REMOVE=''
	# shellcheck disable=SC1091 # plain assignments
	. "$kd/abi.env"
	grep -qE "^\+${NR_LSM_CONFIG_POLICY}[[:space:]]+common[[:space:]]+lsm_config_policy[[:space:]]" "$kd"/*.patch ||
		vm_die "no patch in $kd wires lsm_config_policy to $NR_LSM_CONFIG_POLICY (abi.env)"
	grep -qE "^\+#define LSM_POLICY_REPLACE[[:space:]]+${LSM_POLICY_REPLACE}\$" "$kd"/*.patch ||
		vm_die "no patch in $kd defines LSM_POLICY_REPLACE as $LSM_POLICY_REPLACE (abi.env)"
	grep -qE "^\+#define LSM_POLICY_REMOVE[[:space:]]+${LSM_POLICY_REMOVE}\$" "$kd"/*.patch ||
		vm_die "no patch in $kd defines LSM_POLICY_REMOVE as $LSM_POLICY_REMOVE (abi.env)"
}

prepare_proposal_kernel() {
	local version pdir d
	check_proposal_abi
	proposal_inputs=$(vm_proposal_inputs_sha "$vmdir")
	version=$(vm_pkg_version "$proposal_src_pkg")
	if [[ -z $version && $force -eq 0 ]]; then
		# a kernel built from the same inputs still serves without the source
		for d in "$cache"/proposal-*/; do
			if [[ -f $d/vmlinux && $(sed -n 's/^inputs=//p' "$d/info" 2>/dev/null) == "$proposal_inputs" ]]; then
				proposal=${d%/}/vmlinux
			fi
		done
		[[ -z $proposal ]] || { vm_log "proposal kernel: cached $proposal"; return 0; }
	fi
	if [[ -z $version ]]; then
		ensure_packages "$proposal_src_pkg"
		version=$(vm_pkg_version "$proposal_src_pkg")
	fi
	local key
	key=$(printf 'recipe=%s\nsource=%s %s\ninputs=%s\n' "$LSMC_VM_RECIPE" "$proposal_src_pkg" \
		"$version" "$proposal_inputs" | vm_sha256)
	pdir=$cache/proposal-${key:0:16}
	if [[ $force -eq 0 && ! -f $pdir/vmlinux && -f /var/cache/liblsmconfig/proposal-${key:0:16}/vmlinux ]]; then
		pdir=/var/cache/liblsmconfig/proposal-${key:0:16}
	fi
	if [[ $force -eq 1 || ! -f $pdir/vmlinux ]]; then
		build_vmlinux "$pdir" "$proposal_src_pkg" "$version" "$vmdir/kernel/kernel.config" \
			"$vmdir/kernel" "the proposal kernel" "inputs=$proposal_inputs"
	else
		vm_log "proposal kernel: cached $pdir/vmlinux ($(sed -n 's/^release=//p' "$pdir/info" 2>/dev/null))"
	fi
	proposal=$pdir/vmlinux
}

if ((want_proposal)); then
	prepare_proposal_kernel
elif [[ -f $cache/vm.env ]]; then
	# keep a previously built proposal kernel listed
	proposal=$(sed -n 's/^LSMC_VM_PROPOSAL_KERNEL=//p' "$cache/vm.env")
	proposal_inputs=$(sed -n 's/^LSMC_VM_PROPOSAL_INPUTS=//p' "$cache/vm.env")
	[[ -f $proposal ]] || proposal=
fi

# --- record what run-vm.sh uses --------------------------------------------
{
	printf 'LSMC_VM_KERNEL=%s\n' "$kdir/vmlinux"
	printf 'LSMC_VM_KERNEL_FRAGMENT_SHA=%s\n' "$fragment_sha"
	printf 'LSMC_VM_INITRD=%s\n' "$initrd"
	printf 'LSMC_VM_INITRD_KEY=%s\n' "$ikey"
	printf 'LSMC_VM_STOCK_KERNEL=%s\n' "$stock"
	printf 'LSMC_VM_STOCK612_KERNEL=%s\n' "$stock612"
	printf 'LSMC_VM_PROPOSAL_KERNEL=%s\n' "$proposal"
	printf 'LSMC_VM_PROPOSAL_INPUTS=%s\n' "$proposal_inputs"
} >"$cache/vm.env.tmp"
mv "$cache/vm.env.tmp" "$cache/vm.env"

# --- the Debian image (after the kernels: it takes their boot modules) -------
if ((want_image)); then
	image_args=()
	((force == 0)) || image_args+=(--force)
	"$vmdir/image/build-image.sh" "${image_args[@]}" ||
		vm_die "building the Debian image failed (tests/vm/image/build-image.sh)"
fi

vm_log "prepared in $(vm_elapsed "$t_all" "$(vm_now)") s"
printf 'kernel:     %s\n' "$kdir/vmlinux"
printf 'initramfs:  %s\n' "$initrd"
[[ -z $stock ]] || printf 'stock:      %s\n' "$stock"
[[ -z $stock612 ]] || printf 'stock 6.12: %s\n' "$stock612"
[[ -z $proposal ]] || printf 'proposal:   %s\n' "$proposal"
printf 'env:        %s\n' "$cache/vm.env"

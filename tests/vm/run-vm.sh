#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Boot the live-test VM with one LSM and run a script inside it.
#
# usage: tests/vm/run-vm.sh [OPTIONS] SCRIPT [ARGS...]
#        tests/vm/run-vm.sh [OPTIONS] --shell [SCRIPT [ARGS...]]
#   --lsm apparmor|selinux|smack|none   the major LSM to boot with (default none)
#   --landlock            run Landlock too (lsm= gets it first), for tests of
#                         processes that restrict themselves with it
#   --no-mount-fs         leave the LSM's pseudo-fs unmounted (securityfs for
#                         AppArmor, selinuxfs, smackfs)
#   --copy HOST[:GUEST]   copy a file or directory into the guest (default
#                         /test/NAME; GUEST ending in / gets NAME appended;
#                         not under /tmp, /run, /proc, /sys, /dev: the guest
#                         mounts over those); ELF programs bring the libraries
#                         ldd lists; repeatable
#   --timeout S           kill the VM after S seconds (default 120)
#   --memory MIB          the guest's memory (default 512; 1024 with --image)
#   --kernel small|stock|stock612|proposal|PATH   kernel to boot (default
#                         small: the prepared kernel with all three LSMs;
#                         stock: Debian's 6.1, stock612: Debian's 6.12, if
#                         prepare.sh fetched them; proposal: 6.12 with all
#                         three LSMs and our lsm_config_policy() patches, see
#                         tests/vm/kernel/README.md)
#   --append ARGS         extra kernel command line
#   --tsc                 give the guest the host's TSC rate (tsc_early_khz=
#                         tsc=reliable) so the clocksource is tsc, not 4 ms
#                         jiffies steps: for timing inside the guest
#   --icount              TCG only: the guest's clock counts the instructions
#                         it executes (QEMU -icount shift=0: 1 ns each, TSC
#                         at 1 GHz), so timings inside the guest do not move
#                         with the host's load; implies a tsc clocksource
#   --shell               after SCRIPT (if any), drop to a busybox shell on the
#                         serial console; leaving it powers off, Ctrl-A X
#                         quits QEMU; the exit status is QEMU's
#   --image debian        boot the Debian 12 disk image that
#                         tests/vm/image/build-image.sh built, with systemd as
#                         PID 1, and run SCRIPT from a unit once it reached
#                         multi-user.target (see tests/vm/README.md); the
#                         image stays unchanged (writes go to a throwaway
#                         overlay); without --lsm the kernel's default LSMs;
#                         --shell then gives a root login shell on the serial
#                         console after SCRIPT (leaving it powers off), or,
#                         without SCRIPT, a getty that logs root in
#                         (poweroff ends the VM)
#   --build-proposal DIR  first configure or update, in DIR, the build of
#                         lsmctl for the proposal kernel's ABI
#                         (tests/vm/proposal-build.sh), when the VM can boot;
#                         the meson tests use it to build that lsmctl when
#                         they run, not in every ninja build
#   --skip REASON         report the test skipped (exit 77) without booting
#   -q, --quiet           print the guest's output only on failure
# The guest runs SCRIPT as /test/run (with busybox sh when it starts with #!)
# after mounting proc, sysfs, devtmpfs, tmpfs, securityfs and the LSM's fs;
# tests/vm/guest/lib.sh is always there as /test/lib.sh. With --image the
# image's systemd runs /test/run from lsmc-test.service (its #! line chooses
# the shell) after multi-user.target.
# Exit status: the script's; 1 when the VM crashed or timed out (no exit
# marker); 77 when QEMU, the prepared kernel or the image is missing.
set -euo pipefail

vmdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$vmdir/common.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
skip() { printf '[vm] SKIP: %s\n' "$*" >&2; exit 77; }

lsm=none
lsm_given=0
image=
mount_fs=1
copies=()
timeout_s=
memory_opt=
kernel_sel=small
append=
shell=0
quiet=0
tsc=0
icount=0
landlock=0
proposal_build=
while (($#)); do
	case $1 in
	--lsm) lsm=${2:?--lsm needs a value}; lsm_given=1; shift ;;
	--lsm=*) lsm=${1#--lsm=}; lsm_given=1 ;;
	--image) image=${2:?--image needs a value}; shift ;;
	--image=*) image=${1#--image=} ;;
	--no-mount-fs) mount_fs=0 ;;
	--landlock) landlock=1 ;;
	--copy) copies+=("${2:?--copy needs a path}"); shift ;;
	--copy=*) copies+=("${1#--copy=}") ;;
	--timeout) timeout_s=${2:?--timeout needs seconds}; shift ;;
	--memory) memory_opt=${2:?--memory needs MiB}; shift ;;
	--memory=*) memory_opt=${1#--memory=} ;;
	--timeout=*) timeout_s=${1#--timeout=} ;;
	--kernel) kernel_sel=${2:?--kernel needs a value}; shift ;;
	--kernel=*) kernel_sel=${1#--kernel=} ;;
	--append) append=${2?--append needs a value}; shift ;;
	--append=*) append=${1#--append=} ;;
	--shell) shell=1 ;;
	--tsc) tsc=1 ;;
	--icount) icount=1 ;;
	--build-proposal) proposal_build=${2:?--build-proposal needs a directory}; shift ;;
	--build-proposal=*) proposal_build=${1#--build-proposal=} ;;
	--skip) skip "${2:-skipped}" ;;
	--skip=*) skip "${1#--skip=}" ;;
	-q | --quiet) quiet=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) printf 'run-vm.sh: unknown option %s\n' "$1" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
script=${1:-}
if (($#)); then shift; fi
if [[ -z $script && $shell -eq 0 ]]; then
	usage >&2
	exit 2
fi
case $lsm in
apparmor | selinux | smack | none) ;;
*) printf 'run-vm.sh: --lsm must be apparmor, selinux, smack or none\n' >&2; exit 2 ;;
esac
case $image in
'' | debian) ;;
*) printf 'run-vm.sh: --image must be debian\n' >&2; exit 2 ;;
esac
if [[ -n $image && $mount_fs -eq 0 ]]; then
	printf 'run-vm.sh: --no-mount-fs does not apply to --image (systemd mounts the file systems)\n' >&2
	exit 2
fi
# systemd takes a while to boot under emulation
[[ -n $timeout_s ]] || timeout_s=$([[ -n $image ]] && echo 300 || echo 120)
[[ $timeout_s =~ ^[0-9]+$ ]] || { printf 'run-vm.sh: --timeout needs whole seconds\n' >&2; exit 2; }
[[ -z $script || -f $script ]] || { printf 'run-vm.sh: no such script: %s\n' "$script" >&2; exit 2; }

# --- what we need, or skip ---------------------------------------------------
qemu=$(command -v qemu-system-x86_64 || true)
[[ -n $qemu ]] || skip "qemu-system-x86_64 not found (apt-get install qemu-system-x86; then tests/vm/prepare.sh)"
command -v cpio >/dev/null || skip "cpio not found (run tests/vm/prepare.sh)"

cache=$(vm_find_cache)
[[ -f $cache/vm.env ]] || skip "no prepared VM in $cache (run tests/vm/prepare.sh)"
LSMC_VM_KERNEL='' LSMC_VM_KERNEL_FRAGMENT_SHA='' LSMC_VM_INITRD='' LSMC_VM_INITRD_KEY='' LSMC_VM_STOCK_KERNEL='' LSMC_VM_STOCK612_KERNEL=''
LSMC_VM_PROPOSAL_KERNEL='' LSMC_VM_PROPOSAL_INPUTS=''
vm_read_env "$cache/vm.env"
case $kernel_sel in
small)
	kernel=$LSMC_VM_KERNEL
	[[ -f $kernel ]] || skip "prepared kernel $kernel is missing (run tests/vm/prepare.sh)"
	if [[ $LSMC_VM_KERNEL_FRAGMENT_SHA != "$(vm_file_sha256 "$vmdir/kernel.config")" ]]; then
		skip "the prepared kernel was built from another tests/vm/kernel.config (run tests/vm/prepare.sh)"
	fi
	;;
stock)
	kernel=$LSMC_VM_STOCK_KERNEL
	[[ -n $kernel && -f $kernel ]] || skip "no stock kernel prepared (run tests/vm/prepare.sh --stock)"
	;;
stock612)
	kernel=$LSMC_VM_STOCK612_KERNEL
	[[ -n $kernel && -f $kernel ]] || skip "no stock 6.12 kernel prepared (run tests/vm/prepare.sh --stock)"
	;;
proposal)
	kernel=$LSMC_VM_PROPOSAL_KERNEL
	[[ -n $kernel && -f $kernel ]] || skip "no proposal kernel prepared (run tests/vm/prepare.sh)"
	if [[ $LSMC_VM_PROPOSAL_INPUTS != "$(vm_proposal_inputs_sha "$vmdir")" ]]; then
		skip "the prepared proposal kernel was built from other tests/vm/kernel/ patches or config (run tests/vm/prepare.sh)"
	fi
	;;
*)
	kernel=$kernel_sel
	[[ -f $kernel ]] || { printf 'run-vm.sh: no such kernel: %s\n' "$kernel" >&2; exit 2; }
	;;
esac
initrd_base=$LSMC_VM_INITRD
[[ -f $initrd_base ]] || skip "prepared initramfs $initrd_base is missing (run tests/vm/prepare.sh)"
if [[ $LSMC_VM_INITRD_KEY != "$(vm_initramfs_key "$vmdir" "$(vm_pkg_version busybox-static)")" ]]; then
	skip "the prepared initramfs is out of date with tests/vm/init (run tests/vm/prepare.sh)"
fi

# --- the disk image ------------------------------------------------------------
boot_modules=
if [[ -n $image ]]; then
	LSMC_VM_IMAGE_DEBIAN='' LSMC_VM_IMAGE_DEBIAN_RECIPE=''
	[[ -f $cache/image-debian.env ]] || skip "no Debian image built in $cache (run tests/vm/image/build-image.sh)"
	vm_read_env "$cache/image-debian.env"
	image_file=$LSMC_VM_IMAGE_DEBIAN
	[[ -f $image_file ]] || skip "the Debian image $image_file is missing (run tests/vm/image/build-image.sh)"
	if [[ $LSMC_VM_IMAGE_DEBIAN_RECIPE != "$(vm_image_recipe_sha "$vmdir")" ]]; then
		skip "the Debian image was built from other tests/vm/image/ files (run tests/vm/image/build-image.sh)"
	fi
	# Debian's stock kernels have virtio-blk and ext4 as modules:
	# build-image.sh left them beside the vmlinux. Other kernels need them
	# built in, and what systemd needs.
	kdir=$(dirname "$kernel")
	if grep -q '^source=linux-image-' "$kdir/info" 2>/dev/null; then
		boot_modules=$kdir/boot-modules-$(vm_file_sha256 "$vmdir/image/boot-modules.sh" | cut -c1-16).cpio
		[[ -f $boot_modules ]] || skip "no boot modules for $(basename "$kdir") (run tests/vm/image/build-image.sh)"
	elif [[ -f $kdir/config ]]; then
		missing=()
		for opt in PCI VIRTIO_PCI VIRTIO_BLK EXT4_FS CGROUPS INOTIFY_USER; do
			grep -qx "CONFIG_$opt=y" "$kdir/config" || missing+=("CONFIG_$opt")
		done
		((${#missing[@]} == 0)) || skip "$(basename "$kdir") cannot boot the image: no ${missing[*]} (see tests/vm/README.md)"
	fi
fi

# --- stage the per-run archive ---------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
stage=$work/root
# With --image, the initramfs's /init-image copies the run's files from
# /lsmc-payload into the image's root.
[[ -z $image ]] || stage=$work/root/lsmc-payload
mkdir -p "$stage/test"
private_libs=0

is_elf() { [[ $(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 7f454c46 ]]; }

is_system_libdir() {
	case $1 in
	/lib | /lib64 | /usr/lib | /usr/lib64 | /lib/x86_64-linux-gnu | /usr/lib/x86_64-linux-gnu) return 0 ;;
	esac
	return 1
}

# Copy the libraries a dynamically linked ELF file needs: those from the
# system's directories to the same path, others (a build tree's) to /test/lib,
# which the guest puts on LD_LIBRARY_PATH (the host path may be under /tmp,
# where the guest mounts a fresh tmpfs).
copy_libs() {
	local f=$1 line lib dest
	is_elf "$f" || return 0
	while IFS= read -r line; do
		lib=
		case $line in
		*'=> not found'*) printf 'run-vm.sh: %s: %s\n' "$f" "$line" >&2; exit 1 ;;
		*'=> /'*) lib=${line#*=> }; lib=${lib%% (*} ;;
		[[:space:]]/*) lib=${line#"${line%%[![:space:]]*}"}; lib=${lib%% (*} ;;
		esac
		[[ -n $lib ]] || continue
		lib=$(realpath -ms "$lib")
		if is_system_libdir "$(dirname "$lib")"; then
			dest=$stage$lib
		else
			dest=$stage/test/lib/$(basename "$lib")
			private_libs=1
		fi
		if [[ ! -e $dest ]]; then
			mkdir -p "$(dirname "$dest")"
			cp -L "$lib" "$dest"
		fi
	done < <(ldd "$f" 2>/dev/null || true)
}

copy_in() {
	local spec=$1 host guest
	host=${spec%%:*}
	if [[ $spec == *:* ]]; then guest=${spec#*:}; else guest=/test/; fi
	[[ -e $host ]] || { printf 'run-vm.sh: --copy: no such file: %s\n' "$host" >&2; exit 2; }
	[[ $guest == /* ]] || guest=/test/$guest
	[[ $guest != */ ]] || guest=$guest$(basename "$host")
	case $guest in
	/tmp | /tmp/* | /run | /run/* | /proc* | /sys* | /dev*)
		printf 'run-vm.sh: --copy: %s: the guest mounts over that path; use /test/...\n' "$guest" >&2
		exit 2
		;;
	esac
	mkdir -p "$(dirname "$stage$guest")"
	cp -RL "$host" "$stage$guest"
	# ldd the host files: a RUNPATH with $ORIGIN resolves only there
	local f
	while IFS= read -r -d '' f; do
		copy_libs "$f"
	done < <(find -L "$host" -type f -perm -u+x -print0)
}

if [[ -n $proposal_build ]]; then
	"$vmdir/proposal-build.sh" "$(cd "$vmdir/../.." && pwd)" "$proposal_build" tools/lsmctl ||
		{ printf 'run-vm.sh: building lsmctl for the proposal kernel in %s failed\n' "$proposal_build" >&2; exit 1; }
fi

t_stage=$(vm_now)
# helpers every guest script may source
cp "$vmdir/guest/lib.sh" "$stage/test/lib.sh"
for c in "${copies[@]}"; do
	copy_in "$c"
done
if [[ -n $script ]]; then
	cp "$script" "$stage/test/run"
	chmod 755 "$stage/test/run"
	copy_libs "$script"
fi
{
	if [[ -n $image && $lsm_given -eq 0 ]]; then
		printf 'LSMC_VM_LSM=default\n'
	else
		printf 'LSMC_VM_LSM=%s\n' "$lsm"
	fi
	printf 'LSMC_VM_MOUNT_FS=%s\n' "$mount_fs"
	printf 'LSMC_VM_SHELL=%s\n' "$shell"
	printf 'LSMC_VM_WAIT_TSC=%s\n' "$tsc"
	if ((private_libs)); then
		printf 'LD_LIBRARY_PATH=/test/lib\nexport LD_LIBRARY_PATH\n'
	fi
	printf 'set --'
	for a in "$@"; do
		printf " '%s'" "${a//\'/\'\\\'\'}"
	done
	printf '\n'
} >"$stage/test/env"
[[ -z $image ]] || install -m 755 "$vmdir/image/init" "$work/root/init-image"
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$work/payload.cpio"
cat "$initrd_base" ${boot_modules:+"$boot_modules"} "$work/payload.cpio" >"$work/initrd.cpio"

# --- accelerator: KVM only when it demonstrably boots this kernel --------------
kvm_plausible() {
	[[ -r /dev/kvm && -w /dev/kvm ]] || return 1
	grep -qwE 'vmx|svm' /proc/cpuinfo || return 1
	# a nested variant that hangs ordinary kernels after decompression
	[[ ! -d /sys/module/kvm_pvm ]] || return 1
}
probe_kvm() {
	local probe
	probe=$cache/kvm-probe-$(printf '%s\n' "$kernel" | vm_sha256 | cut -c1-16)
	if [[ -f $probe ]]; then
		[[ $(<"$probe") == ok ]]
		return
	fi
	local out=$work/kvm-probe.log result=fail
	timeout -k 5 20 "$qemu" -accel kvm -cpu host -nodefaults -no-user-config -display none \
		-serial stdio -no-reboot -m 256 -kernel "$kernel" -initrd "$initrd_base" \
		-append 'console=ttyS0 panic=-1 quiet' </dev/null >"$out" 2>&1 || true
	grep -q 'LSMC-VM-EXIT=' "$out" && result=ok
	# whole or not at all: another test's run-vm.sh may be reading it
	printf '%s\n' "$result" >"$probe.$$" 2>/dev/null && mv -f "$probe.$$" "$probe" 2>/dev/null ||
		rm -f "$probe.$$"
	[[ $result == ok ]]
}
case ${LSMC_VM_ACCEL:-auto} in
tcg) accel=tcg ;;
kvm) accel=kvm ;;
auto) if kvm_plausible && probe_kvm; then accel=kvm; else accel=tcg; fi ;;
*) printf 'run-vm.sh: LSMC_VM_ACCEL must be auto, tcg or kvm\n' >&2; exit 2 ;;
esac
accel_args=(-accel tcg)
[[ $accel == tcg ]] || accel_args=(-accel kvm -cpu host)

# --- boot ----------------------------------------------------------------------------
case $lsm in
none) lsm_list=lockdown,capability,yama ;;
*) lsm_list=lockdown,capability,yama,$lsm ;;
esac
((!landlock)) || lsm_list=landlock,$lsm_list
lsm_arg=" lsm=$lsm_list"
# an image boots with the kernel's own default LSMs unless told
[[ -z $image || $lsm_given -eq 1 || $landlock -eq 1 ]] || lsm_arg=''
memory=512
disk_args=()
if [[ -n $image ]]; then
	memory=1024
	# snapshot=on: writes go to a temporary file QEMU deletes at exit
	disk_args=(-drive "file=$image_file,format=raw,if=virtio,snapshot=on")
	image_arg=" rdinit=/init-image root=/dev/vda"
	# a script has the serial console to itself (with --shell, the unit
	# that runs it starts the login shell after it)
	[[ -z $script ]] || image_arg+=" systemd.mask=serial-getty@ttyS0.service"
fi
if [[ -n $memory_opt ]]; then
	[[ $memory_opt =~ ^[1-9][0-9]*$ ]] || { echo "run-vm.sh: --memory takes MiB, not '$memory_opt'" >&2; exit 2; }
	memory=$memory_opt
fi
if ((icount)); then
	[[ $accel == tcg ]] || vm_die "--icount needs TCG (LSMC_VM_ACCEL=tcg)"
	# One virtual nanosecond per guest instruction; the TSC follows that
	# clock at 1 GHz, which the guest is told, as it cannot calibrate.
	accel_args+=(-icount shift=0,sleep=off,align=off)
	append="tsc_early_khz=1000000 tsc=reliable${append:+ $append}"
elif ((tsc)); then
	# Under TCG the guest's TSC runs at the host's rate; the small kernel
	# cannot calibrate it (no PIT/HPET), and drops it mid-boot without
	# tsc=reliable.
	tsc_khz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000 + 0.5; exit }' /proc/cpuinfo)
	[[ -n $tsc_khz && $tsc_khz -gt 0 ]] || vm_die "--tsc: cannot read the host's CPU MHz from /proc/cpuinfo"
	append="tsc_early_khz=$tsc_khz tsc=reliable${append:+ $append}"
fi
cmdline="console=ttyS0 panic=-1 quiet$lsm_arg${image_arg:-}${append:+ $append}"
qemu_args=("${accel_args[@]}" -nodefaults -no-user-config -display none -no-reboot -m "$memory"
	-kernel "$kernel" -initrd "$work/initrd.cpio" -append "$cmdline" "${disk_args[@]}")
log=$work/serial.log
vm_log "booting $(basename "$(dirname "$kernel")")/$(basename "$kernel")${image:+ image=$image} lsm=$([[ -n $lsm_arg ]] && echo "$lsm" || echo default) accel=$accel${script:+ script=$(basename "$script")} (staged in $(vm_elapsed "$t_stage" "$(vm_now)") s)"

if ((shell)); then
	# interactive: the serial console on this terminal, QEMU monitor on Ctrl-A C
	set +e
	"$qemu" "${qemu_args[@]}" -serial mon:stdio
	exit $?
fi

t_boot=$(vm_now)
set +e
if ((quiet)); then
	timeout -k 5 "$timeout_s" "$qemu" "${qemu_args[@]}" -serial stdio </dev/null 2>&1 |
		tr -d '\r' >"$log"
else
	timeout -k 5 "$timeout_s" "$qemu" "${qemu_args[@]}" -serial stdio </dev/null 2>&1 |
		tr -d '\r' | tee "$log"
fi
qemu_rc=${PIPESTATUS[0]}
set -e
elapsed=$(vm_elapsed "$t_boot" "$(vm_now)")

marker=$(sed -n 's/.*LSMC-VM-EXIT=\([0-9][0-9]*\).*/\1/p' "$log" | tail -n1)
if [[ -z $marker ]]; then
	if [[ $qemu_rc -eq 124 || $qemu_rc -eq 137 ]]; then
		vm_log "VM timed out after $timeout_s s (accel=$accel); last lines of the serial console:"
	else
		vm_log "VM ended without an exit marker (QEMU status $qemu_rc, accel=$accel, $elapsed s); last lines of the serial console:"
	fi
	tail -n 40 "$log" | sed 's/^/  | /' >&2
	exit 1
fi
if ((quiet)) && [[ $marker -ne 0 ]]; then
	cat "$log"
fi
vm_log "guest exit status $marker (accel=$accel, boot+run $elapsed s)"
# The lsmctl --json documents the guest printed (tests/vm/guest/lib.sh,
# run_lsmctl): each must hold to the schema, whatever the guest concluded.
if [[ $marker -ne 77 ]] && grep -q '^LSMC-JSON ' "$log"; then
	json_rc=0
	"$vmdir/../check-json-schema.py" "$vmdir/../../data/lsmctl.schema.json" --log "$log" \
		>"$work/json.log" 2>&1 || json_rc=$?
	case $json_rc in
	0) vm_log "$(tail -n 1 "$work/json.log")" ;;
	77) vm_log "lsmctl's JSON not checked: $(cat "$work/json.log")" ;;
	*)
		vm_log "lsmctl's JSON does not hold to data/lsmctl.schema.json:"
		sed 's/^/  | /' "$work/json.log" >&2
		exit 1
		;;
	esac
fi
exit "$marker"

#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The boot benchmark (bench/README.md "Boot"): the Debian image booted on
# Debian's 6.1 with the project's packages, AppArmor's policy loaded at boot
# by apparmor.service as shipped, by lsmctl-boot.service, or by a floor unit
# (bench/aa-minload over the same cached binaries, one write), the
# configurations interleaved boot by boot, timed with systemd's own
# timestamps. bench/run.sh runs it for BENCH_ONLY=boot.
#
# usage: bench/boot.sh BUILD_DIR           (as root)
# Environment:
#   BENCH_BOOTS=5          boots of each configuration, per cache state
#   BENCH_BOOT_CACHES="warm cold"  warm: the image's cache, fresh; cold: the
#                          cache emptied before the loader runs (the floor
#                          has nothing to load then and is not booted)
#   BENCH_BOOT_DEBS=DIR    the project's .debs (default: built from HEAD by
#                          scripts/build-deb.sh into BUILD_DIR/bench-boot-deb)
#   BENCH_BOOT_JOBS=2      boots side by side (under icount a boot's
#                          numbers do not move with the host's load)
#   BENCH_BOOT_WINDOW=0    1: also copy /proc/stat just before and after the
#                          loader (ExecStartPre=, ExecStartPost=), for the
#                          WINDOW line: where the unit's wall time went
#                          (adds one cp to the unit: not for the BOOT rows)
#   BENCH_BOOT_NICE=       a nice value (-20..19) given to all three loader
#                          units alike by a drop-in (Nice=, over what the unit
#                          says), to see how much of a unit's wall time is
#                          other tasks' turn on the CPU
# Writes BUILD_DIR/bench/boot-CACHE.csv (one BOOT line per boot; a run
# replaces the files of the cache states it boots), boot.md (the table of
# all, bench/boot-report.py) and vm-boot-*.log.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$src/build}")
out=$build/bench
boots=${BENCH_BOOTS:-5}
caches=${BENCH_BOOT_CACHES:-warm cold}
jobs=${BENCH_BOOT_JOBS:-2}
features=$src/tests/vm/apparmor-features
t_start=$(date +%s)
log() { printf '[bench-boot] %s\n' "$*" >&2; }
die() { printf '[bench-boot] error: %s\n' "$*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root (the image is built with mmdebstrap --mode=root)"
mkdir -p "$out/boot-units"

# --- the packages and the image ------------------------------------------------
debs=${BENCH_BOOT_DEBS:-}
if [[ -z $debs ]]; then
	debs=$build/bench-boot-deb
	head=$(git -C "$src" rev-parse HEAD)
	if [[ $(cat "$debs/.head" 2>/dev/null) != "$head" ]]; then
		log "building the .debs of $head into $debs (about 3 minutes)"
		"$src/scripts/build-deb.sh" --output "$debs" --no-install >"$out/boot-deb.log" 2>&1 ||
			{ tail -n 20 "$out/boot-deb.log" >&2; die "scripts/build-deb.sh failed"; }
		printf '%s\n' "$head" >"$debs/.head"
	fi
fi
log "the image with $debs (1-3 minutes unless cached)"
"$src/tests/vm/image/build-image.sh" --debs "$debs" >"$out/boot-image.log" 2>&1 ||
	{ tail -n 20 "$out/boot-image.log" >&2; die "build-image.sh failed"; }
image=$(sed -n 's/^LSMC_VM_IMAGE_DEBIAN=//p' "${LSMC_VM_CACHE:-/var/cache/liblsmconfig}/image-debian.env")
[[ -f $image ]] || die "no image"

# --- the units -------------------------------------------------------------------
# The floor: lsmctl-boot.service's ordering and priority, and aa-minload
# over the files of the image's cache for this kernel's features (the
# HASH.0 directory whose .features is 6.1's), named in the unit: one
# process, libc only, one write to .replace.
cc -O2 -o "$out/boot-units/aa-minload" "$src/bench/aa-minload.c"
hashdir=
while IFS=/ read -r _ _ mode _ _ name _; do
	[[ $mode == 040* && $name == *.0 ]] || continue
	if cmp -s <(debugfs -R "cat /var/cache/apparmor/$name/.features" "$image" 2>/dev/null) "$features"; then
		hashdir=/var/cache/apparmor/$name
	fi
done < <(debugfs -R 'ls -p /var/cache/apparmor' "$image" 2>/dev/null)
[[ -n $hashdir ]] || die "the image has no AppArmor cache for $features"
mapfile -t cached < <(debugfs -R "ls -p $hashdir" "$image" 2>/dev/null |
	awk -F/ '$3 ~ /^100/ && $6 !~ /^\./ { print $6 }' | LC_ALL=C sort)
((${#cached[@]})) || die "$hashdir is empty"
log "floor: ${#cached[@]} files of $hashdir"
{
	printf '# SPDX-License-Identifier: LGPL-2.1-or-later\n'
	printf '[Unit]\nDescription=The floor of an AppArmor boot load (bench/aa-minload)\n'
	printf 'DefaultDependencies=no\nAfter=local-fs.target\nAfter=systemd-journald-audit.socket\n'
	printf 'RequiresMountsFor=/var/cache/apparmor\nBefore=sysinit.target\n'
	printf '[Service]\nType=oneshot\nRemainAfterExit=yes\n'
	# lsmctl-boot.service's priority too
	grep '^Nice=' "$src/data/lsmctl-boot.service.in" || true
	printf 'ExecStart=/usr/local/sbin/aa-minload'
	printf ' %s' "${cached[@]/#/$hashdir/}"
	printf '\n'
} >"$out/boot-units/lsmc-floor.service"
# The cold cache: emptied before any loader starts.
cat >"$out/boot-units/lsmc-cold-cache.service" <<'UNIT'
# SPDX-License-Identifier: LGPL-2.1-or-later
[Unit]
Description=Empty AppArmor's policy cache (boot benchmark, cold cache)
DefaultDependencies=no
After=local-fs.target
RequiresMountsFor=/var/cache/apparmor
Before=apparmor.service lsmctl-boot.service lsmc-floor.service sysinit.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'rm -rf /var/cache/apparmor/*'
UNIT

# --- the boots ----------------------------------------------------------------------
# The loader's CPU time, user and system: its cgroup's cpu.stat, copied
# while the cgroup still exists (includes cp's own start, the same for all).
cat >"$out/boot-units/lsmc-bench-cpu.conf" <<'UNIT'
[Service]
ExecStartPost=/bin/cp /sys/fs/cgroup/system.slice/%n/cpu.stat /run/lsmc-cpu-%n
UNIT
if [[ ${BENCH_BOOT_WINDOW:-0} == 1 ]]; then
	cat >>"$out/boot-units/lsmc-bench-cpu.conf" <<'UNIT'
ExecStartPre=/bin/cp /proc/stat /run/lsmc-stat-pre-%n
ExecStartPost=/bin/cp /proc/stat /run/lsmc-stat-post-%n
UNIT
fi
if [[ -n ${BENCH_BOOT_NICE:-} ]]; then
	[[ $BENCH_BOOT_NICE =~ ^-?[0-9]+$ ]] || die "BENCH_BOOT_NICE takes a number"
	printf 'Nice=%s\n' "$BENCH_BOOT_NICE" >>"$out/boot-units/lsmc-bench-cpu.conf"
fi
one() { # CONFIG CACHE N
	local cfg=$1 cache=$2 n=$3 app=() name=vm-boot-$1-$2-$3
	case $cfg in
	apparmor) app=() ;;
	lsmctl) app=(systemd.mask=apparmor.service systemd.wants=lsmctl-boot.service) ;;
	floor) app=(systemd.mask=apparmor.service systemd.wants=lsmc-floor.service) ;;
	esac
	[[ $cache == warm ]] || app+=(systemd.wants=lsmc-cold-cache.service)
	local rc=0 va=()
	((${#app[@]} == 0)) || va=(--append "${app[*]}")
	"$src/tests/vm/run-vm.sh" --image debian --kernel stock --icount --timeout 900 "${va[@]}" \
		--copy "$out/boot-units/aa-minload:/usr/local/sbin/aa-minload" \
		--copy "$out/boot-units/lsmc-floor.service:/etc/systemd/system/lsmc-floor.service" \
		--copy "$out/boot-units/lsmc-cold-cache.service:/etc/systemd/system/lsmc-cold-cache.service" \
		--copy "$out/boot-units/lsmc-bench-cpu.conf:/etc/systemd/system/apparmor.service.d/lsmc-bench-cpu.conf" \
		--copy "$out/boot-units/lsmc-bench-cpu.conf:/etc/systemd/system/lsmctl-boot.service.d/lsmc-bench-cpu.conf" \
		--copy "$out/boot-units/lsmc-bench-cpu.conf:/etc/systemd/system/lsmc-floor.service.d/lsmc-bench-cpu.conf" \
		"$src/bench/boot-guest.sh" "$cfg" "$cache" "$n" >"$out/$name.log" 2>&1 || rc=$?
	(
		flock 9
		grep -E '^(BOOT|ERROR)' "$out/$name.log" >>"$out/boot-$cache.csv" || true
	) 9>"$out/.boot.lock"
	((rc == 0)) || { log "$name failed ($rc): $out/$name.log"; grep '^ERROR' "$out/$name.log" >&2 || true; }
	return "$rc"
}
export LSMC_VM_ACCEL=tcg
status=0
running=0
for cache in $caches; do
	: >"$out/boot-$cache.csv"
	cfgs="apparmor lsmctl floor"
	[[ $cache == warm ]] || cfgs="apparmor lsmctl"
	for ((n = 0; n < boots; n++)); do
		for cfg in $cfgs; do
			if ((running >= jobs)); then wait -n || status=1; running=$((running - 1)); fi
			log "boot $n: $cfg, $cache cache"
			one "$cfg" "$cache" "$n" &
			running=$((running + 1))
		done
	done
done
while ((running > 0)); do wait -n || status=1; running=$((running - 1)); done
python3 "$src/bench/boot-report.py" "$out"/boot-*.csv >"$out/boot.md" || status=1
cat "$out/boot.md"
log "total $(($(date +%s) - t_start)) s; $out/boot.csv, $out/boot.md"
exit "$status"

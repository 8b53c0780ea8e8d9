#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The limits benchmark (bench/README.md "Inputs at the limits"): lsmctl with
# inputs at the kernel's limits, on real kernels in the test VM, each run's
# time and peak RSS measured in the guest (rusage-run: wait4), and what the
# kernel holds after it. bench/run.sh runs it for BENCH_ONLY=limits.
#
# usage: bench/limits.sh BUILD_DIR           (as root)
# Environment:
#   BENCH_LIMITS="smack apparmor selinux"  the cases to run
#   BENCH_LIMITS_SMACK="10000 100000 1000000"  rule counts, one boot each
#   BENCH_CLOCK=icount  (as run.sh: icount or tsc)
# Writes BUILD_DIR/bench/limits.csv (the LIMIT lines; a run replaces those of
# the cases it runs), limits.md (the table of all) and vm-limits-*.log.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$src/build}")
out=$build/bench
work=$out/limits
cases=${BENCH_LIMITS:-smack apparmor selinux}
smack_sizes=${BENCH_LIMITS_SMACK:-10000 100000 1000000}
clock=${BENCH_CLOCK:-icount}
run_vm=$src/tests/vm/run-vm.sh
t_start=$(date +%s)
log() { printf '[bench-limits] %s\n' "$*" >&2; }
die() { printf '[bench-limits] error: %s\n' "$*" >&2; exit 1; }
wants() { [[ " $cases " == *" $1 "* ]]; }
[[ $(id -u) -eq 0 ]] || die "run as root (it installs selinux-policy-src and loads policy in the VM)"

ninja -C "$build" build.ninja >&2 || die "meson cannot regenerate $build"
meson compile -C "$build" rusage-run lsmctl >&2 || die "building rusage-run and lsmctl failed"
pbuild=$build/proposal-build
if wants apparmor; then
	"$src/tests/vm/proposal-build.sh" "$src" "$pbuild" tools/lsmctl >&2 ||
		die "building lsmctl for the proposal kernel failed"
fi
mkdir -p "$work"
raw=$out/limits.csv
# a run replaces the lines of the cases it runs and keeps the others'
touch "$raw"
awk -F, -v c=" $cases " '{ l = $2; sub(/^limits-/, "", l) } index(c, " " l " ") == 0' "$raw" >"$raw.tmp"
mv "$raw.tmp" "$raw"

case $clock in
icount) clock_args=(--icount) && export LSMC_VM_ACCEL=tcg ;;
tsc) clock_args=(--tsc) ;;
*) die "BENCH_CLOCK must be icount or tsc" ;;
esac
status=0
vm() { # NAME TIMEOUT RUN-VM-ARGS...
	local name=$1 timeout_s=$2 rc=0
	shift 2
	log "VM: $name"
	"$run_vm" "${clock_args[@]}" --append audit=0 --timeout "$timeout_s" \
		--copy "$build/bench/rusage-run:/test/rusage-run" "$@" >"$out/vm-limits-$name.log" 2>&1 || rc=$?
	grep -E '^(LIMIT|INFO|ERROR)' "$out/vm-limits-$name.log" >>"$raw" || true
	grep '^ERROR' "$out/vm-limits-$name.log" | sed 's/^/  /' >&2 || true
	grep -q '^LIMITS-DONE' "$out/vm-limits-$name.log" || ((rc)) || rc=1
	if ((rc == 77)); then
		die "the test VM is not prepared: tests/vm/prepare.sh"
	elif ((rc != 0)); then
		log "VM $name exited $rc; the last lines of $out/vm-limits-$name.log:"
		tail -n 15 "$out/vm-limits-$name.log" | sed 's/^/  | /' >&2
		status=1
	fi
}

# --- Smack: N rules, 100 objects per subject (N/100 subjects), one boot each,
# so that each load meets an empty rule list, as at boot.
if wants smack; then
	for n in $smack_sizes; do
		f=$work/smack-$n.rules
		[[ -s $f ]] || awk -v n="$n" 'BEGIN { for (i = 0; i < n / 100; i++)
			for (j = 0; j < 100; j++) printf "s%06d o%03d rwxa\n", i, j }' >"$f"
		vm "smack-$n" 1800 --lsm smack --copy "$build/tools/lsmctl:/test/lsmctl" \
			--copy "$f:/test/rules/smack-$n.rules" \
			"$src/bench/limits-guest.sh" smack "$n" "/test/rules/smack-$n.rules"
	done
fi

# --- AppArmor: the proposal kernel's syscall takes at most 2^25 bytes
# ("<ns>\0" + blob, AA_CONFIG_LOAD_MAX), so with the root namespace a set of
# 2^25 - 1 bytes is the largest that fits; apparmorfs has no limit of its own
# (policy_update() allocates what is written: MAX_RW_COUNT and kvmalloc's
# INT_MAX bound it, far beyond the VM's memory).
if wants apparmor; then
	f612=$src/tests/vm/apparmor-features-6.12
	d=$work/aa-under
	if [[ ! -s $d.stamp || $d.stamp -ot $f612 || $d.stamp -ot $src/bench/limits-aaset.py ]]; then
		log "compiling the AppArmor set ($(((1 << 25) - 1)) bytes and its twin 8 bytes larger)"
		python3 "$src/bench/limits-aaset.py" "$f612" "$d" $(((1 << 25) - 1)) >"$d.stamp"
	fi
	log "AppArmor: $(cat "$d.stamp")"
	# 1 GiB: in 512 MiB, with two such sets in the initramfs, the kernel's
	# unpacking of one left lsmctl OOM-killed in its write to .replace
	vm apparmor 1800 --memory 1024 --kernel proposal --lsm apparmor \
		--copy "$pbuild/tools/lsmctl:/test/lsmctl" \
		--copy "$d:/test/aa-under" --copy "$d.over:/test/aa-swap" \
		"$src/bench/limits-guest.sh" apparmor /test/aa-under /test/aa-swap
fi

# --- SELinux: refpolicy (Debian's selinux-policy-src) built monolithic, MLS,
# every module in the policy; beside it Debian's default policy.33.
if wants selinux; then
	if ! dpkg-query -W -f='${Status}' selinux-policy-src 2>/dev/null | grep -q 'install ok installed'; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			selinux-policy-src selinux-policy-default checkpolicy m4 make >&2 ||
			die "apt-get install selinux-policy-src failed"
	fi
	tarball=/usr/src/selinux-policy-src.tar.zst
	rp=$work/refpolicy
	if [[ ! -s $rp/selinux-policy-src/policy.33 || $rp/selinux-policy-src/policy.33 -ot $tarball ]]; then
		log "building refpolicy: MLS, monolithic, all modules (a few minutes)"
		rm -rf "$rp" && mkdir -p "$rp"
		tar -C "$rp" --zstd -xf "$tarball"
		(
			cd "$rp/selinux-policy-src"
			sed -i 's/^TYPE = .*/TYPE = mls/; s/^MONOLITHIC = .*/MONOLITHIC = y/; s/^NAME = .*/NAME = mls/' build.conf
			make AWK=awk conf >"$rp/conf.log" 2>&1
			# every module into the policy, none left out
			sed -i 's/= module$/= base/; s/= off$/= base/' policy/modules.conf
			make AWK=awk policy >"$rp/make.log" 2>&1
		) || die "building refpolicy failed: $rp/make.log"
	fi
	mls=$rp/selinux-policy-src/policy.33
	def=/etc/selinux/default/policy/policy.33
	log "SELinux: refpolicy MLS $(wc -c <"$mls") bytes, $(grep -c '= base' "$rp/selinux-policy-src/policy/modules.conf") modules"
	sepol=()
	so=$(ldconfig -p | sed -n 's/^[[:space:]]*libsepol\.so\.2 (libc6,x86-64) => //p' | head -n1)
	[[ -z $so ]] || sepol=(--copy "$(realpath "$so"):$(realpath "$so")")
	vm selinux 900 --lsm selinux --copy "$build/tools/lsmctl:/test/lsmctl" "${sepol[@]}" \
		--copy "$def:/test/policy/debian-default.33" --copy "$mls:/test/policy/refpolicy-mls.33" \
		"$src/bench/limits-guest.sh" selinux debian-default=/test/policy/debian-default.33 \
		refpolicy-mls=/test/policy/refpolicy-mls.33
fi

# --- the table ------------------------------------------------------------------------
# Peak RSS over the boot's baseline (lsmctl validating an empty file) against
# the target: the input's size + 1 MiB. Time per MiB and per rule, and each
# against the smallest input of its LSM: 1.00 throughout is linear.
{
	printf '| LSM | case | input bytes | items | exit | time ms | per MiB ms | peak RSS KiB | over baseline KiB | target KiB | RSS | kernel |\n'
	printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n'
	awk -F, '
	$1 == "LIMIT" && $3 == "baseline" { base[$2] = $8; next }
	$1 == "LIMIT" {
		b = base[$2]; over = $8 - b; target = int($4 / 1024) + 1024
		permib = $4 > 0 ? $7 / 1e6 / ($4 / 1048576) : 0
		met = $3 ~ /^dry-/ || $6 != 0 ? (over <= target ? "within" : "over") : (over <= target ? "met" : "NOT met")
		k = $11; for (i = 12; i <= NF; i++) k = k "," $i
		printf "| %s | `%s` | %d | %d | %d | %.1f | %.2f | %d | %d | %d | %s | %s |\n",
			$2, $3, $4, $5, $6, $7 / 1e6, permib, $8, over, target, met, k
	}' "$raw"
	printf '\n| LSM | baseline (lsmctl load smack --dry-run of an empty file) peak RSS KiB |\n|---|---:|\n'
	awk -F, '$1 == "LIMIT" && $3 == "baseline" { printf "| %s | %d |\n", $2, $8 }' "$raw"
	# the load's time, the library's alone (--dry-run: read and parse) and the
	# kernel's (the load's system time, sampled at the tick), per rule
	printf '\n| Smack rules | load ns per rule | against the smallest | dry-run ns per rule | against the smallest | load system us per rule |\n'
	printf '|---:|---:|---:|---:|---:|---:|\n'
	awk -F, '$1 == "LIMIT" && $2 == "smack" && $3 ~ /^dry-/ && $5 > 0 { dry[$5] = $7 / $5 }
	$1 == "LIMIT" && $2 == "smack" && $3 ~ /^load-/ && $5 > 0 {
		r = $7 / $5; if (!first) { first = r; dfirst = dry[$5] }
		printf "| %d | %.0f | %.2f | %.0f | %.2f | %.2f |\n", $5, r, r / first, dry[$5],
			dry[$5] / dfirst, $10 / $5 }' "$raw"
} >"$out/limits.md"
cat "$out/limits.md"
grep -q '^ERROR' "$raw" && status=1
log "total $(($(date +%s) - t_start)) s; $raw, $out/limits.md"
exit "$status"

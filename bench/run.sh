#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The load benchmark: liblsmconfig against the raw write loop that is its
# floor and against the tools distributions use today, on real kernels in
# the test VM, plus instructions per request of each backend under
# callgrind. See bench/README.md.
#
# usage: bench/run.sh [BUILD_DIR]          (as root; default BUILD_DIR: build)
# Environment:
#   BENCH_ROUNDS=7        rounds of each AppArmor in-process and one-process method
#   BENCH_SHORT_ROUNDS=15 rounds of each SELinux and Smack method (they are short)
#   BENCH_CLI_ROUNDS=3    rounds of the one-process-per-file methods
#   BENCH_SMACK_RULES=10000   Smack rules loaded in the VM
#   BENCH_SMACK_BOOTS=5   boots of the Smack boot case (one sample each)
#   BENCH_CG_SMACK_RULES=1000 Smack rules per request under callgrind
#   BENCH_CG_REQUESTS=3   requests measured per callgrind run
#   BENCH_CLOCK=icount    how the guest's clock runs: icount (default), one
#                         virtual ns per guest instruction, which the host's
#                         load does not move; tsc, the host's wall clock
#   BENCH_ONLY="apparmor aa-kernels selinux smack proposal callgrind"  parts
#                         to run (proposal: the same AppArmor, SELinux and Smack
#                         inputs on the proposal kernel, through
#                         lsm_config_policy() and through the pseudo-fs in the
#                         same boot; aa-kernels: Debian's boot-time profiles,
#                         lsmctl beside the minimal loader, on each kernel of
#                         BENCH_AA_KERNELS)
#   BENCH_AA_KERNELS="small stock stock612"  kernels of aa-kernels (run-vm.sh
#                         --kernel; stock: Debian's 6.1, stock612: Debian's 6.12)
#   BENCH_AA_KERNEL_ROUNDS=7  rounds of each aa-kernels method
#   boot (not in the default set: about 25 minutes): bench/boot.sh, the
#                         Debian image booted with apparmor.service,
#                         lsmctl-boot.service and a floor unit (its knobs:
#                         BENCH_BOOTS, BENCH_BOOT_CACHES, BENCH_BOOT_DEBS,
#                         BENCH_BOOT_JOBS); table in boot.md
#   limits (not in the default set: about 6 minutes): bench/limits.sh, inputs
#                         at the kernel's limits (1,000,000 Smack rules,
#                         AppArmor sets around the syscall's 32 MiB, refpolicy
#                         MLS with every module), time and peak RSS of lsmctl
#                         (its knobs: BENCH_LIMITS, BENCH_LIMITS_SMACK); table
#                         in limits.md
# Writes to BUILD_DIR/bench/: results.csv (one row per measured run),
# summary.csv (medians and ratios), results.md (the table printed),
# bench.png (the plot), and the VM logs.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$src/build}")
out=$build/bench
rounds=${BENCH_ROUNDS:-7}
short_rounds=${BENCH_SHORT_ROUNDS:-15}
cli_rounds=${BENCH_CLI_ROUNDS:-3}
smack_rules=${BENCH_SMACK_RULES:-10000}
smack_boots=${BENCH_SMACK_BOOTS:-5}
cg_smack_rules=${BENCH_CG_SMACK_RULES:-1000}
cg_requests=${BENCH_CG_REQUESTS:-3}
clock=${BENCH_CLOCK:-icount}
only=${BENCH_ONLY:-apparmor aa-kernels selinux smack proposal callgrind}
aa_kernels=${BENCH_AA_KERNELS:-small stock stock612}
aa_kernel_rounds=${BENCH_AA_KERNEL_ROUNDS:-7}
features=$src/tests/vm/apparmor-features
run_vm=$src/tests/vm/run-vm.sh
t_start=$(date +%s)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
wants() { [[ " $only " == *" $1 "* ]]; }

[[ -f $build/build.ninja ]] || die "$build is not a meson build directory (meson setup $build)"
# Root installs packages: ask sudo when there is one (a fresh container has none).
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
	exec sudo -- "$0" "$@"
fi
[[ $(id -u) -eq 0 ]] || die "run as root: it installs missing Debian packages and loads policy in the VM"

# --- Debian packages --------------------------------------------------------------
need=()
for p in apparmor apparmor-profiles apparmor-profiles-extra selinux-policy-default \
	policycoreutils valgrind gnuplot-nox python3 qemu-system-x86; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if ((${#need[@]})); then
	log "installing ${need[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2 ||
		die "apt-get install ${need[*]} failed"
fi
python=/usr/bin/python3

# --- the programs ---------------------------------------------------------------------
log "building lsmc-bench, lsmc-bench-model and lsmctl in $build"
# regenerate first: meson compile finds targets by name in the last
# configuration, which does not know a target a later meson.build added
ninja -C "$build" build.ninja >&2 || die "meson cannot regenerate $build"
if ! meson compile -C "$build" lsmc-bench aa-minload lsmctl >&2; then
	grep -q "subdir('bench')" "$src/meson.build" ||
		die "the top-level meson.build lacks subdir('bench')"
	die "building the benchmark failed"
fi
have_model=1
meson compile -C "$build" lsmc-bench-model >&2 || {
	have_model=0
	log "lsmc-bench-model is not built (tests disabled or cmocka missing): no callgrind numbers"
}
bench_exe=$build/bench/lsmc-bench
# The proposal kernel needs the library built for its syscall
# (tests/vm/kernel/abi.env): a second build beside this one.
pbuild=$build/proposal-build
if wants proposal; then
	log "building lsmc-bench for the proposal kernel in $pbuild"
	"$src/tests/vm/proposal-build.sh" "$src" "$pbuild" bench/lsmc-bench >&2 ||
		die "building the benchmark for the proposal kernel failed"
fi
model_exe=$build/bench/lsmc-bench-model
lsmctl=$build/tools/lsmctl
mkdir -p "$out"
: >"$out/raw.log"

# --- AppArmor profiles, compiled on the host ----------------------------------------
# Every regular file the three packages ship in /etc/apparmor.d and in
# /usr/share/apparmor/extra-profiles; each compiled once for the VM's
# kernel (the features file), again only when it or the features change.
aa_dir=$out/apparmor
mkdir -p "$aa_dir/bin"
dpkg -L apparmor apparmor-profiles apparmor-profiles-extra 2>/dev/null |
	grep -E '^(/etc/apparmor\.d|/usr/share/apparmor/extra-profiles)/[^/]+$' | LC_ALL=C sort -u |
	while IFS= read -r f; do if [[ -f $f ]]; then printf '%s\n' "$f"; fi; done >"$aa_dir/sources"
# shellcheck disable=SC2317 # called through xargs
compile_one() {
	local f=$1 features=$2 dir=$3 o
	o=$dir/bin/$(printf '%s' "$f" | tr '/' '_').bin
	if [[ -s $o && $o -nt $f && $o -nt $features ]]; then
		printf '%s\t%s\n' ok "$o"
	elif apparmor_parser -Q -q -S -M "$features" "$f" >"$o.tmp" 2>"$o.err" && [[ -s $o.tmp ]]; then
		mv "$o.tmp" "$o"
		printf '%s\t%s\n' ok "$o"
	else
		rm -f "$o.tmp" "$o"
		printf '%s\t%s\n' failed "$f"
	fi
}
export -f compile_one
if wants apparmor || wants proposal; then
	t0=$(date +%s)
	# shellcheck disable=SC2016 # expanded by the inner bash
	tr '\n' '\0' <"$aa_dir/sources" |
		xargs -0 -P "$(nproc)" -I{} bash -c 'compile_one "$1" "$2" "$3"' _ {} "$features" "$aa_dir" \
			>"$aa_dir/compiled"
	grep '^ok' "$aa_dir/compiled" | cut -f2 | LC_ALL=C sort >"$aa_dir/bins"
	grep '^failed' "$aa_dir/compiled" | cut -f2 | LC_ALL=C sort >"$aa_dir/failed" || true
	n_src=$(wc -l <"$aa_dir/sources")
	n_ok=$(wc -l <"$aa_dir/bins")
	n_failed=$(wc -l <"$aa_dir/failed")
	log "AppArmor: $n_src profile files, $n_ok compiled, $n_failed failed to compile ($(($(date +%s) - t0)) s)"
	{
		printf 'INFO,apparmor,source_files,%s\n' "$n_src"
		printf 'INFO,apparmor,compile_failed,%s\n' "$n_failed"
		printf 'INFO,apparmor,compile_failed_files,%s\n' "$(tr '\n' ' ' <"$aa_dir/failed")"
		printf 'INFO,apparmor,bytes,%s\n' "$(tr '\n' '\0' <"$aa_dir/bins" | xargs -0 cat | wc -c)"
	} >>"$out/raw.log"
	# the guest sees them under /test/aa/
	sed 's|.*/|/test/aa/|' "$aa_dir/bins" >"$aa_dir/guest-list"
	rm -rf "$aa_dir/stage" && mkdir -p "$aa_dir/stage"
	while IFS= read -r b; do ln -s "$b" "$aa_dir/stage/"; done <"$aa_dir/bins"
fi

# Debian's boot-time profiles (the regular files directly in /etc/apparmor.d,
# what apparmor.service loads: those of the three packages and man-db's),
# compiled for each kernel's features: 6.1's for the small kernel and
# Debian's 6.1, 6.12's for Debian's 6.12.
features_of() {
	case $1 in
	stock612 | proposal) printf '%s\n' "$src/tests/vm/apparmor-features-6.12" ;;
	*) printf '%s\n' "$features" ;;
	esac
}
if wants aa-kernels; then
	dpkg -L apparmor apparmor-profiles apparmor-profiles-extra man-db 2>/dev/null |
		grep -E '^/etc/apparmor\.d/[^/]+$' | LC_ALL=C sort -u |
		while IFS= read -r f; do if [[ -f $f ]]; then printf '%s\n' "$f"; fi; done >"$aa_dir/boot-sources"
	[[ -s $aa_dir/boot-sources ]] || die "no profile in /etc/apparmor.d (apt-get install apparmor-profiles)"
	for k in $aa_kernels; do
		kd=$out/apparmor-$k
		kf=$(features_of "$k")
		mkdir -p "$kd/bin"
		# shellcheck disable=SC2016 # expanded by the inner bash
		tr '\n' '\0' <"$aa_dir/boot-sources" |
			xargs -0 -P "$(nproc)" -I{} bash -c 'compile_one "$1" "$2" "$3"' _ {} "$kf" "$kd" \
				>"$kd/compiled"
		grep '^ok' "$kd/compiled" | cut -f2 | LC_ALL=C sort >"$kd/bins"
		grep '^failed' "$kd/compiled" | cut -f2 | LC_ALL=C sort >"$kd/failed" || true
		log "AppArmor for $k ($(basename "$kf")): $(wc -l <"$aa_dir/boot-sources") boot-time profile files, $(wc -l <"$kd/bins") compiled"
		{
			printf 'INFO,apparmor-%s,source_files,%s\n' "$k" "$(wc -l <"$aa_dir/boot-sources")"
			printf 'INFO,apparmor-%s,compile_failed,%s\n' "$k" "$(wc -l <"$kd/failed")"
			printf 'INFO,apparmor-%s,bytes,%s\n' "$k" "$(tr '\n' '\0' <"$kd/bins" | xargs -0 cat | wc -c)"
			printf 'INFO,apparmor-%s,features,%s\n' "$k" "$(basename "$kf")"
		} >>"$out/raw.log"
		sed 's|.*/|/test/aa/|' "$kd/bins" >"$kd/guest-list"
		rm -rf "$kd/stage" && mkdir -p "$kd/stage"
		while IFS= read -r b; do ln -s "$b" "$kd/stage/"; done <"$kd/bins"
	done
fi

# --- the VM runs --------------------------------------------------------------------------
vm() { # NAME TIMEOUT RUN-VM-ARGS...
	local name=$1 timeout_s=$2
	shift 2
	log "VM: $name"
	local rc=0
	# audit=0: without auditd every profile load's audit record goes to the
	# serial console, which is slow and uneven under emulation
	"$run_vm" "${clock_args[@]}" --append audit=0 --timeout "$timeout_s" "$@" >"$out/vm-$name.log" 2>&1 || rc=$?
	# boots may run side by side: one appends at a time
	(
		flock 9
		grep -E '^(BENCH|METHOD|INFO|ERROR|RUSAGE)' "$out/vm-$name.log" >>"$out/raw.log" || true
	) 9>"$out/.raw.lock"
	if grep -q '^ERROR' "$out/vm-$name.log"; then
		grep '^ERROR' "$out/vm-$name.log" | sed 's/^/  /' >&2
	fi
	if ((rc == 77)); then
		die "the test VM is not prepared: tests/vm/prepare.sh ($(tail -n1 "$out/vm-$name.log"))"
	elif ((rc != 0)); then
		log "VM $name exited $rc; the last lines of $out/vm-$name.log:"
		tail -n 15 "$out/vm-$name.log" | sed 's/^/  | /' >&2
		return 1
	fi
}
case $clock in
# icount runs only under TCG: the rig's KVM probe is not asked
icount) clock_args=(--icount) && export LSMC_VM_ACCEL=tcg ;;
tsc) clock_args=(--tsc) ;;
*) die "BENCH_CLOCK must be icount or tsc" ;;
esac
common_copies=(--copy "$bench_exe:/test/lsmc-bench" --copy "$lsmctl:/test/lsmctl")
# The library opens libsepol with dlopen(), which the VM rig's ldd does not
# see: without it in the guest, a SELinux load would check the header only,
# unlike on a Debian system (libselinux1 depends on libsepol2).
sepol_copies=()
sepol_so=$(ldconfig -p | sed -n 's/^[[:space:]]*libsepol\.so\.2 (libc6,x86-64) => //p' | head -n1)
if [[ -n $sepol_so ]]; then
	sepol_so=$(realpath "$sepol_so")
	sepol_copies=(--copy "$sepol_so:$sepol_so")
else
	log "libsepol.so.2 is not installed: SELinux loads check the policy header only"
fi
status=0

if wants apparmor; then
	vm apparmor 900 --lsm apparmor "${common_copies[@]}" \
		--copy "$build/bench/aa-minload:/test/aa-minload" \
		--copy "$aa_dir/stage:/test/aa" --copy "$aa_dir/guest-list:/test/aa.list" \
		--copy /usr/sbin/apparmor_parser:/test/apparmor_parser \
		--copy /etc/apparmor/parser.conf:/etc/apparmor/parser.conf \
		--copy /usr/share/apparmor-features/features:/usr/share/apparmor-features/features \
		"$src/bench/guest.sh" apparmor "$rounds" "$cli_rounds" /test/aa.list || status=1
fi

# lsmctl beside the minimal loader on every kernel, with the pieces of the
# difference (bench/README.md "Debian's kernels"). One boot per kernel, the
# boots side by side: under icount a boot's numbers do not depend on the
# host's load, only its wall time does.
aa_kernel_methods="lsmctl-set,minload-set,lib-set,raw-set,parser-set,lsmctl-fs-set,lsmctl-dry-set"
aa_kernel_methods+=",lsmctl-start,minload-read,minload-start"
if wants aa-kernels; then
	pids=()
	for k in $aa_kernels; do
		kd=$out/apparmor-$k
		vm "apparmor-$k" 1200 --kernel "$k" --lsm apparmor "${common_copies[@]}" \
			--copy "$build/bench/aa-minload:/test/aa-minload" \
			--copy "$kd/stage:/test/aa" --copy "$kd/guest-list:/test/aa.list" \
			--copy /usr/sbin/apparmor_parser:/test/apparmor_parser \
			--copy /etc/apparmor/parser.conf:/etc/apparmor/parser.conf \
			--copy /usr/share/apparmor-features/features:/usr/share/apparmor-features/features \
			"$src/bench/guest.sh" apparmor "$aa_kernel_rounds" 0 /test/aa.list "apparmor-$k" \
			"$aa_kernel_methods" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || status=1; done
fi

if wants selinux; then
	policy=/etc/selinux/default/policy/policy.33
	[[ -f $policy ]] || die "$policy is missing (apt-get install selinux-policy-default)"
	printf 'SELINUX=permissive\nSELINUXTYPE=default\n' >"$out/selinux-config"
	vm selinux 600 --lsm selinux "${common_copies[@]}" "${sepol_copies[@]}" \
		--copy "$policy:$policy" --copy "$out/selinux-config:/etc/selinux/config" \
		--copy /usr/sbin/load_policy:/test/load_policy \
		"$src/bench/guest.sh" selinux "$short_rounds" "$policy" || status=1
fi

# The Smack boot case: Smack cannot delete a rule, so every sample is a
# boot of its own, loading into a kernel that has no rule yet.
smack_boot() {
	local b
	for ((b = 0; b < smack_boots; b++)); do
		vm "smack-boot-$b" 300 --lsm smack "${common_copies[@]}" \
			"$src/bench/guest.sh" smack-boot "$b" "$smack_rules" || return 1
	done
}

if wants smack; then
	vm smack 600 --lsm smack "${common_copies[@]}" \
		"$src/bench/guest.sh" smack "$short_rounds" "$smack_rules" || status=1
	smack_boot || status=1
fi

# The Smack load's phases under callgrind: the rollback snapshot's walk of
# the kernel's listing (lsmc_smack_listing_feed, matching every listed
# pair against the set as the listing is read) and the rendering of the
# set into load2 text (lsmc_smack_rules_render: none for a set that keeps
# its text, as every set built by the parser or the add functions does),
# instructions per request.
smack_phases() { # CALLGRIND-OUT CASE BACKEND REQUESTS
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v c="$2" -v be="$3" -v n="$4" '
		/:bench_requests \[/ { gsub(",", "", $1); total = $1 }
		/:seam_[a-z_]+ \[/ { gsub(",", "", $1); model += $1 }
		/:lsmc_smack_listing_feed \[/ { gsub(",", "", $1); snap = $1 }
		/:lsmc_smack_rules_render \[/ { gsub(",", "", $1); render = $1 }
		END { printf "CGPHASE,smack,%s,%s,%.0f,%.0f,%.0f\n", c, be, (total - model) / n,
			snap / n, render / n }' >>"$out/raw.log"
}

# The boot case under callgrind: one request (a second would find the
# first one's rules listed) of labels no rule names yet
# (lsmc-bench-model smack-boot), after a one-rule warm-up; and a reload in
# which every listed access differs from the set's (smack-changed: the
# same rules loaded "r" first), so that no listed line is the set's own,
# and one whose listing follows no order of the set's (smack-shuffled: the
# same rules loaded first in another order), so that every line is looked up.
smack_boot_callgrind() {
	local backend cgout mode case
	for mode in smack-boot smack-changed smack-shuffled; do
		case $mode in
		smack-boot) case=boot ;;
		smack-changed) case=reload-changed ;;
		smack-shuffled) case=reload-shuffled ;;
		esac
		for backend in syscall fs; do
			log "callgrind: $mode over $backend"
			cgout=$out/callgrind.$mode.$backend.out
			valgrind --tool=callgrind --callgrind-out-file="$cgout" --collect-atstart=no \
				--toggle-collect=bench_requests "$model_exe" "$mode" "$backend" 1 \
				"$cg_smack_rules" >/dev/null 2>"$out/callgrind.$mode.$backend.log" ||
				{ log "callgrind $mode $backend failed"; status=1; continue; }
			smack_phases "$cgout" "$case" "$backend" 1
		done
	done
}

if wants proposal; then
	pcopies=(--kernel proposal --copy "$pbuild/bench/lsmc-bench:/test/lsmc-bench"
		--copy "$src/tests/vm/kernel/abi.env:/test/abi.env")
	vm proposal-apparmor 900 --lsm apparmor "${pcopies[@]}" \
		--copy "$aa_dir/stage:/test/aa" --copy "$aa_dir/guest-list:/test/aa.list" \
		"$src/bench/guest.sh" pair apparmor "$rounds" /test/aa.list || status=1
	policy=/etc/selinux/default/policy/policy.33
	vm proposal-selinux 600 --lsm selinux "${pcopies[@]}" "${sepol_copies[@]}" \
		--copy "$policy:$policy" \
		"$src/bench/guest.sh" pair selinux "$short_rounds" "$policy" || status=1
	vm proposal-smack 600 --lsm smack "${pcopies[@]}" \
		"$src/bench/guest.sh" pair smack "$short_rounds" "$smack_rules" || status=1
fi

# Inputs at the kernel's limits, time and peak RSS (bench/limits.sh).
if wants limits; then
	"$src/bench/limits.sh" "$build" || status=1
fi

# The boot benchmark: whole boots of the Debian image (bench/boot.sh).
if wants boot; then
	"$src/bench/boot.sh" "$build" || status=1
fi

# --- instructions per request, on the host -------------------------------------------
if wants callgrind && ((have_model)); then
	cg_aa=$out/callgrind-apparmor-set.bin
	if [[ -s ${aa_dir}/bins ]]; then
		tr '\n' '\0' <"$aa_dir/bins" | xargs -0 cat >"$cg_aa"
	else
		die "callgrind needs the compiled AppArmor profiles: run with apparmor in BENCH_ONLY"
	fi
	for lsm in apparmor selinux smack; do
		case $lsm in
		apparmor) input=$cg_aa size=$(wc -c <"$cg_aa") ;;
		selinux) input=/etc/selinux/default/policy/policy.33 size=$(wc -c <"$input") ;;
		smack) input=$cg_smack_rules size=$cg_smack_rules ;;
		esac
		for backend in syscall fs; do
			log "callgrind: $lsm over $backend"
			cgout=$out/callgrind.$lsm.$backend.out
			res=$(valgrind --tool=callgrind --callgrind-out-file="$cgout" --collect-atstart=no \
				--toggle-collect=bench_requests "$model_exe" "$lsm" "$backend" "$cg_requests" \
				"$input" 2>"$out/callgrind.$lsm.$backend.log") ||
				{ log "callgrind $lsm $backend failed: $(tail -n3 "$out/callgrind.$lsm.$backend.log")"; status=1; continue; }
			# inclusive cost of the measured loop and of the model behind the seam
			callgrind_annotate --inclusive=yes --threshold=100 "$cgout" 2>/dev/null |
				awk -v lsm="$lsm" -v be="$backend" -v n="$cg_requests" -v size="$size" -v res="$res" '
				/:bench_requests \[/ { gsub(",", "", $1); total = $1 }
				/:seam_[a-z_]+ \[/ { gsub(",", "", $1); model += $1 }
				END {
					split(res, kv, /[ =]/)
					printf "CG,%s,%s,%d,%.0f,%.0f,%s,%s\n", lsm, be, n, (total - model) / n,
						total / n, kv[2], size
				}' >>"$out/raw.log"
			[[ $lsm == smack ]] && smack_phases "$cgout" reload "$backend" "$cg_requests"
		done
	done
	smack_boot_callgrind
fi

# --- report ------------------------------------------------------------------------------
date_s=$(date -u '+%Y-%m-%d %H:%M UTC')
host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
rm -f "$out/bench.gp" "$out/bench.png"
"$python" "$src/bench/report.py" --raw "$out/raw.log" --out "$out" \
	--meta "date=$date_s" --meta "host=$(uname -r), $(nproc) x $host_cpu" \
	--meta "clock=$clock" \
	--meta "rounds=AppArmor $rounds (one process per file: $cli_rounds), SELinux and Smack $short_rounds (proposal kernel: the same)"
if [[ -f $out/bench.gp ]]; then gnuplot "$out/bench.gp" && log "plot: $out/bench.png"; fi
log "CSV: $out/results.csv (runs), $out/summary.csv (medians, ratios); table: $out/results.md"
log "total $(($(date +%s) - t_start)) s"
exit "$status"

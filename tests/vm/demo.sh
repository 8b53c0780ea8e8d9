#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Show lsmctl on real kernels: boot the live-test VM once per LSM (AppArmor,
# SELinux, Smack) and run `lsmctl status` and `lsmctl load` in it, with the
# human-readable output. Works on a host that runs none of these LSMs.
#
# usage: tests/vm/demo.sh [BUILDDIR]   (default: build)
#   BUILDDIR is set up with meson when it does not exist; only lsmctl is
#   built. The demo policies are compiled here with apparmor_parser and
#   checkpolicy from tests/vm/data/. The VM must be prepared
#   (tests/vm/prepare.sh).
# Environment: DEMO_LSMS="apparmor selinux smack" (the LSMs to show),
#   DEMO_KERNEL=small|stock (stock: Debian's kernel, which has no Smack).
set -euo pipefail

vmdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=$(cd "$vmdir/../.." && pwd)
build=${1:-build}
case ${1:-} in -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;; esac
lsms=${DEMO_LSMS:-apparmor selinux smack}
kernel=${DEMO_KERNEL:-small}

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

# --- lsmctl ------------------------------------------------------------------------
if [[ ! -f $build/build.ninja ]]; then
	say "setting up $build"
	meson setup "$build" "$srcdir" >/dev/null
fi
say "building lsmctl in $build"
meson compile -C "$build" lsmctl >/dev/null
lsmctl=$build/tools/lsmctl
[[ -x $lsmctl ]] || { echo "demo.sh: no $lsmctl after the build" >&2; exit 1; }

say "this host ($(uname -r))"
"$lsmctl" status || true

# --- demo policies -----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/demo"
have_apparmor=0 have_selinux=0
if aa=$(command -v apparmor_parser || command -v /usr/sbin/apparmor_parser || command -v /sbin/apparmor_parser); then
	for p in lsmc-load-a lsmc-load-b lsmc-stack; do
		"$aa" -Q -q -S -M "$vmdir/apparmor-features" "$vmdir/data/$p.apparmor" >"$work/demo/$p.bin"
	done
	have_apparmor=1
fi
if cp=$(command -v checkpolicy); then
	"$cp" -U allow -c 33 -o "$work/demo/minimal-selinux.33" "$vmdir/data/minimal-selinux.conf" >/dev/null
	have_selinux=1
fi
cp "$vmdir/data/lsmc-load.smack" "$work/demo/"
printf '# a label with a slash\nLsmcDemo Lsmc/Slash rw\n' >"$work/demo/bad.smack"
debian_policy=/etc/selinux/default/policy/policy.33
[[ ! -f $debian_policy ]] || cp "$debian_policy" "$work/demo/policy.33"

# --- what runs in the VM -----------------------------------------------------------
cat >"$work/demo.sh" <<'EOF'
#!/bin/sh
# Runs in the VM: lsmctl status and lsmctl load for one LSM.
set -u
lsm=$1
d=/test/demo
run() {
	printf '\n# %s\n' "$*"
	"$@" || echo "(exit status $?)"
}
echo "kernel $(uname -r), active LSMs: $(cat /sys/kernel/security/lsm)"
run lsmctl status
case $lsm in
apparmor)
	run lsmctl load apparmor $d/lsmc-load-a.bin $d/lsmc-load-b.bin $d/lsmc-stack.bin
	run cat /sys/kernel/security/apparmor/profiles
	run lsmctl load apparmor --self lsmc-stack -- cat /proc/self/attr/current
	run lsmctl load apparmor $d/lsmc-load-a.apparmor
	;;
selinux)
	run cat /proc/self/attr/current
	echo
	run lsmctl load selinux $d/minimal-selinux.33
	run cat /proc/self/attr/current
	echo
	if [ -f $d/policy.33 ]; then
		run lsmctl load selinux $d/policy.33
		run cat /proc/self/attr/current
		echo
	fi
	;;
smack)
	run lsmctl load smack $d/lsmc-load.smack
	run head -n 5 /sys/fs/smackfs/load2
	run lsmctl load smack $d/bad.smack
	;;
esac
exit 0
EOF
cp "$vmdir/data/lsmc-load-a.apparmor" "$work/demo/"

rc=0
for lsm in $lsms; do
	case $lsm in
	apparmor) ((have_apparmor)) || { say "$lsm: skipped (no apparmor_parser: apt-get install apparmor)"; continue; } ;;
	selinux) ((have_selinux)) || { say "$lsm: skipped (no checkpolicy: apt-get install checkpolicy)"; continue; } ;;
	smack) [[ $kernel != stock ]] || { say "$lsm: skipped (Debian's kernel has no Smack)"; continue; } ;;
	*) echo "demo.sh: unknown LSM $lsm" >&2; exit 2 ;;
	esac
	say "$lsm: booting a VM with lsm=...,$lsm"
	s=0
	"$vmdir/run-vm.sh" --kernel "$kernel" --lsm "$lsm" --copy "$lsmctl:/test/lsmctl" \
		--copy "$work/demo:/test/demo" "$work/demo.sh" "$lsm" || s=$?
	case $s in
	0) ;;
	77) say "$lsm: skipped: the VM is not prepared (tests/vm/prepare.sh)"; [[ $rc -ne 0 ]] || rc=77 ;;
	*) say "$lsm: the VM failed (status $s)"; rc=1 ;;
	esac
done
exit "$rc"

#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Configure and build liblsmconfig for the proposal kernel: the unified
# lsm_config_policy() revision with the syscall number and operation values
# of tests/vm/kernel/abi.env. The live tests on that kernel and bench/run.sh
# use this build; a second run only rebuilds what changed.
#
# usage: tests/vm/proposal-build.sh SOURCE_DIR BUILD_DIR [TARGET...]
#   TARGET  ninja targets to build (default: tools/lsmctl)
set -euo pipefail

src=${1:?usage: proposal-build.sh SOURCE_DIR BUILD_DIR [TARGET...]}
build=${2:?usage: proposal-build.sh SOURCE_DIR BUILD_DIR [TARGET...]}
shift 2
src=$(cd "$src" && pwd)
mkdir -p "$build"
build=$(cd "$build" && pwd)
(($#)) || set -- tools/lsmctl
abi=$src/tests/vm/kernel/abi.env

NR_LSM_CONFIG_POLICY='' LSM_POLICY_REPLACE='' LSM_POLICY_REMOVE=''
# shellcheck disable=SC1090 # assignments only
. "$abi"
for v in NR_LSM_CONFIG_POLICY LSM_POLICY_REPLACE LSM_POLICY_REMOVE; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { printf 'proposal-build.sh: %s: %s is not a number\n' "$abi" "$v" >&2; exit 1; }
done
opts=(-Dlsm_config_abi=unified "-Dnr_lsm_config_policy=$NR_LSM_CONFIG_POLICY"
	"-Dlsm_policy_replace_op=$LSM_POLICY_REPLACE" "-Dlsm_policy_remove_op=$LSM_POLICY_REMOVE"
	-Dman=disabled -Dfuzz=disabled -Dtests=disabled)

# meson (1.0 at least) runs 'ninja -t restat' and 'ninja -t cleandead' in
# the directory it was started from after writing build.ninja: started
# anywhere else (a build tree around this one), those would rewrite that
# tree's .ninja_log under its running ninja and delete its outputs.
cd "$build"
# Live tests run side by side, and each brings this build up to date: one
# ninja at a time in the tree (a second waits, then finds nothing to do).
exec 9>"$build.lock"
flock 9
if [[ -f build.ninja ]]; then
	# options follow abi.env when it changes
	meson configure . "${opts[@]}" >/dev/null
else
	meson setup . "$src" "${opts[@]}" >"$build.setup.log" 2>&1 ||
		{ cat "$build.setup.log" >&2; exit 1; }
fi
ninja "$@" >&2

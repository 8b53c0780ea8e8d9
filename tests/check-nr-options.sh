#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The build refuses syscall numbers that merged syscalls own (468/469 are
# file_getattr/file_setattr since Linux 6.17) and takes a free one; for the
# unified revision the same holds for lsm_config_policy, and its operation
# values must be the kernel's, not LSM_POLICY_UNDEF/LOAD or each other.
set -u
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-nr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# meson 1.0 runs "ninja -t restat" and "-t cleandead" where it is started:
# not in the build tree this test runs from.
cd "$tmp" || exit 1
fails=0
checks=0
base="-Dtests=disabled -Dman=disabled -Dfuzz=disabled"

refused() { # name expected-message meson-options...
	name=$1 msg=$2
	shift 2
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	if meson setup "$tmp/$name" "$src" $base "$@" >"$tmp/log-$name" 2>&1; then
		echo "FAIL $name: $* was accepted"
		fails=$((fails + 1))
	elif ! grep -q "$msg" "$tmp/log-$name"; then
		echo "FAIL $name: refused without saying '$msg':"; tail -3 "$tmp/log-$name"
		fails=$((fails + 1))
	fi
}

accepted() { # name config.h-line meson-options...
	name=$1 line=$2
	shift 2
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	if ! meson setup "$tmp/$name" "$src" $base "$@" >"$tmp/log-$name" 2>&1; then
		echo "FAIL $name: $* was refused:"; tail -3 "$tmp/log-$name"
		fails=$((fails + 1))
	elif ! grep -q "$line" "$tmp/$name/config.h"; then
		echo "FAIL $name: config.h lacks '$line'"
		fails=$((fails + 1))
	fi
}

for nr in 468 469 471; do
	refused "self$nr" "owned by a merged syscall" -Dnr_lsm_config_self_policy=$nr
	refused "unified$nr" "owned by a merged syscall" -Dlsm_config_abi=unified \
		-Dnr_lsm_config_policy=$nr
done
accepted ok 'LSMC_OPT_NR_LSM_CONFIG_SELF_POLICY 472' \
	-Dnr_lsm_config_self_policy=472 -Dnr_lsm_config_system_policy=473
accepted unified 'LSMC_OPT_NR_LSM_CONFIG_POLICY 472' -Dlsm_config_abi=unified \
	-Dnr_lsm_config_policy=472 -Dlsm_policy_replace_op=101 -Dlsm_policy_remove_op=102
if ! grep -q 'LSMC_ABI_UNIFIED 1' "$tmp/unified/config.h" ||
	! grep -q 'LSMC_OPT_POLICY_REPLACE_OP 101' "$tmp/unified/config.h" ||
	! grep -q 'LSMC_OPT_POLICY_REMOVE_OP 102' "$tmp/unified/config.h"; then
	echo "FAIL unified: config.h lacks the revision or its operation values"
	fails=$((fails + 1))
fi
refused op-load "is LSM_POLICY_LOAD" -Dlsm_config_abi=unified -Dlsm_policy_replace_op=100
refused op-undef "is LSM_POLICY_UNDEF" -Dlsm_config_abi=unified -Dlsm_policy_remove_op=0
refused op-same "are both 105" -Dlsm_config_abi=unified -Dlsm_policy_replace_op=105 \
	-Dlsm_policy_remove_op=105
refused op-v6 "operation of the unified revision" -Dlsm_policy_replace_op=105
echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]

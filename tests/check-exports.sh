#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Fails unless every dynamic symbol the library defines is lsmc_* and versioned.
set -eu
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
[ -n "$syms" ] || { echo "no symbols exported by $lib"; exit 1; }
bad=0
for s in $syms; do
	case $s in
	LIBLSMCONFIG_*) ;;
	lsmc_*@@LIBLSMCONFIG_*|lsmc_*@LIBLSMCONFIG_*) ;;
	*) echo "unexpected export: $s"; bad=1 ;;
	esac
done
n=$(printf '%s\n' $syms | grep -c '^lsmc_')
echo "$n lsmc_ symbols, all versioned"
[ "$n" -gt 0 ] || bad=1
exit $bad

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Builds selinux-rich.policy.conf for one policy version, MLS or not:
#   build-selinux-policy.sh CHECKPOLICY VERSION mls|plain SOURCE OUTPUT
# A source line ending in "#vNN" is kept only for versions NN and later;
# "#mls" lines only for MLS, "#plain" lines only without. For MLS every
# context gets the level s0.
set -eu
checkpolicy=$1 version=$2 kind=$3 src=$4 out=$5
tmp=$out.conf
awk -v v="$version" -v kind="$kind" '
	match($0, /#v[0-9]+$/) { if (substr($0, RSTART + 2) + 0 > v) next }
	/#mls$/ && kind != "mls" { next }
	/#plain$/ && kind == "mls" { next }
	{ print }' "$src" >"$tmp"
if [ "$kind" = mls ]; then
	sed -i 's/\(lsmc_[a-z_]*u:[a-z_]*r:lsmc_[a-z_]*_t\)/\1:s0/g' "$tmp"
	set -- -M
else
	set --
fi
"$checkpolicy" "$@" -U allow -c "$version" -o "$out" "$tmp" >"$out.log" 2>&1 ||
	{ cat "$out.log" >&2; exit 1; }
rm -f "$tmp" "$out.log"

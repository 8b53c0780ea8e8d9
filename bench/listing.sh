#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Instructions of the Smack listing matcher (lsmc_smack_listing_feed and
# what it calls) per 1,000 listed rules, under callgrind: lsmc-bench-listing
# for each case and rule count. Deterministic: no timing. See bench/README.md.
#
# usage: bench/listing.sh [BUILD_DIR]   (needs valgrind; builds lsmc-bench-listing)
# Environment: BENCH_LISTING_RULES="1000 10000",
#              BENCH_LISTING_CASES="reload changed shuffled unknown"
set -euo pipefail

build=${1:-build}
exe=$build/bench/lsmc-bench-listing
out=$build/bench/listing
meson compile -C "$build" bench >/dev/null
mkdir -p "$out"
echo "| case | rules | Ir | Ir per 1,000 rules |"
echo "|---|---:|---:|---:|"
for n in ${BENCH_LISTING_RULES:-1000 10000}; do
	for c in ${BENCH_LISTING_CASES:-reload changed shuffled unknown}; do
		f=$out/callgrind.$c.$n.out
		valgrind --tool=callgrind --callgrind-out-file="$f" --collect-atstart=no \
			--toggle-collect=lsmc_smack_listing_feed "$exe" "$c" "$n" \
			>"$out/$c.$n.log" 2>&1
		ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$f")
		awk -v c="$c" -v n="$n" -v ir="$ir" \
			'BEGIN { printf "| %s | %d | %d | %.0f |\n", c, n, ir, ir * 1000 / n }'
	done
done

#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""A directory of compiled AppArmor profiles whose sizes add up to exactly
TARGET bytes (bench/limits.sh): copies of one large generated profile
(300 path rules, compiled once, renamed in the binary: its name is stored
once and the copies keep its length), small profiles compiled with
apparmor_parser until a few KiB remain, and two last ones whose names are
padded until the total is TARGET (with --at-least: the first total at or
above it when TARGET itself cannot be hit).

usage: limits-aaset.py FEATURES OUT_DIR TARGET [--at-least]
Prints "OUT_DIR BYTES FILES".
"""
import os
import subprocess
import sys

BIG_RULES = 300
NAME = "lsmc-lim-0000"


def compile_src(features, src):
    return subprocess.run(["apparmor_parser", "-Q", "-q", "-S", "-M", features],
                          input=src.encode(), capture_output=True, check=True).stdout


def profile(name, rules):
    return "abi <abi/3.0>,\nprofile %s {\n%s\n}\n" % (name, "\n".join(rules))


def main():
    features, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    at_least = "--at-least" in sys.argv[4:]
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        os.unlink(os.path.join(out, f))
    big = compile_src(features, profile(NAME, ["  /srv/l%d/d%dx/** rw," % ((j * 7919) % 1000003, j)
                                                for j in range(BIG_RULES)]))
    if big.count(NAME.encode()) != 1:
        sys.exit("the profile's name is not stored once in its binary: cannot rename copies")
    small_rules = ["  /srv/s%d/** rw," % j for j in range(3)]

    def small(name):
        return compile_src(features, profile(name, small_rules))

    total = files = 0

    def put(fname, data):
        nonlocal total, files
        with open(os.path.join(out, fname), "wb") as f:
            f.write(data)
        total += len(data)
        files += 1

    for i in range((target - 3 * 2700) // len(big)):
        put("b%04d.bin" % i, big.replace(NAME.encode(), b"lsmc-lim-%04d" % i))
    j = 0
    while target - total > 9000:
        put("s%03d.bin" % j, small("lsmc-sml-%03d" % j))
        j += 1
    # two fillers share what remains; a longer name makes a larger binary
    for k in range(2):
        need = (target - total) // (2 - k)
        base = "lsmc-fil-%d-" % k
        pad = max(0, need - len(small(base)))
        data = small(base + "x" * pad)
        while len(data) > need and pad > 0:
            pad -= max(1, len(data) - need)
            data = small(base + "x" * pad)
        while True:
            nxt = small(base + "x" * (pad + 1))
            if len(nxt) > need:
                break
            pad, data = pad + 1, nxt
        if k == 1 and at_least and len(data) < need:
            data = nxt
        put("f%d.bin" % k, data)
    print(out, total, files)


if __name__ == "__main__":
    main()

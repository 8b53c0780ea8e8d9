#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""A directory of compiled AppArmor profiles whose sizes add up to exactly
TARGET bytes (bench/limits.sh): copies of one large generated profile
(300 path rules, compiled once, renamed in the binary: its name is stored
once and the copies keep its length), then small profiles ("fillers")
whose names are padded until the total is TARGET. A profile's name also
names its directory in apparmorfs, so no name is longer than about 215
bytes (NAME_MAX is 255, and the kernel appends ".N"): a filler grows by at
most 25 steps of 8 bytes, and there are as many as the remainder needs.
Also writes OUT_DIR.over/ holding one file, the last filler 8 bytes larger:
the set with it instead of the last filler is TARGET + 8 bytes.

usage: limits-aaset.py FEATURES OUT_DIR TARGET
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
    over = out + ".over"
    for d in (out, over):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
    big = compile_src(features, profile(NAME, ["  /srv/l%d/d%dx/** rw," % ((j * 7919) % 1000003, j)
                                                for j in range(BIG_RULES)]))
    if big.count(NAME.encode()) != 1:
        sys.exit("the profile's name is not stored once in its binary: cannot rename copies")

    def filler(i, pad):
        return compile_src(features, profile("lsmc-fil-%03d-%s" % (i, "x" * pad), ["  /srv/f/** rw,"]))

    base = len(filler(0, 0))
    nb = (target - 120 * (base + 200)) // len(big)
    rest = target - nb * len(big)
    # k fillers of base + 8 u_i bytes, 0 <= u_i <= 24 (the last one may grow by one)
    k = next(k for k in range(rest // (base + 192), rest // base + 1)
             if (rest - k * base) % 8 == 0 and rest - k * base <= 24 * 8 * k)
    units = (rest - k * base) // 8
    total = files = 0

    def put(d, fname, data):
        nonlocal total, files
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)
        total += len(data)
        files += 1

    for i in range(nb):
        put(out, "b%04d.bin" % i, big.replace(NAME.encode(), b"lsmc-lim-%04d" % i))

    def sized(i, u):
        for pad in range(max(0, 8 * u - 8), 8 * u + 16):
            data = filler(i, pad)
            if len(data) == base + 8 * u:
                return data
        sys.exit("no name length gives filler %d %d bytes" % (i, base + 8 * u))

    for i in range(k):
        u = units // (k - i)
        units -= u
        put(out, "f%03d.bin" % i, sized(i, u))
    last = base + 8 * u
    if total != target:
        sys.exit("the set is %d bytes, not %d" % (total, target))
    with open(os.path.join(over, "f%03d.bin" % (k - 1)), "wb") as f:
        f.write(sized(k - 1, u + 1))
    print(out, total, files, "over: %d" % (total - last + base + 8 * (u + 1)))


if __name__ == "__main__":
    main()

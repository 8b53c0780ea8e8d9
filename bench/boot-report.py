#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""Table of the boot benchmark (bench/boot.sh): from its BOOT lines, per
cache state and configuration, the unit's time (ExecMainStart to
ExecMainExit), the time from its start to sysinit.target, its CPU time and
the kernel's share of it (system / (user + system) of the unit's cgroup),
and the ratios lsmctl/apparmor.service and lsmctl/floor paired per boot
(boot N of one configuration against boot N of the other), each as the
median with min-max. Times in ms of guest time (icount: 1 ns per
instruction)."""
import collections
import statistics
import sys

UNITS = {"apparmor": "apparmor.service", "lsmctl": "lsmctl-boot.service",
         "floor": "floor (aa-minload)"}


def mm(xs, fmt="{:.1f}"):
    if not xs:
        return "-"
    return (fmt + " ({}–{})").format(statistics.median(xs), fmt.format(min(xs)),
                                     fmt.format(max(xs)))


def main():
    rows = collections.defaultdict(dict)  # (cache, cfg) -> boot -> values
    errors = []
    lines = [l for a in sys.argv[1:] for l in open(a)]
    for line in lines:
        f = line.rstrip("\n").split(",")
        if f[0] == "ERROR":
            errors.append(line.strip())
            continue
        if f[0] != "BOOT" or len(f) < 12:
            continue
        cfg, cache, n = f[1], f[2], int(f[3])
        start, end, sysinit = (int(x) for x in f[5:8])
        usage, user, system = (int(x) if x else None for x in f[8:11])
        rows[(cache, cfg)][n] = dict(
            unit=(end - start) / 1e3, sysinit=(sysinit - start) / 1e3,
            sysinit_abs=(sysinit - int(f[12])) / 1e3 if len(f) > 12 and f[12] else None, cpu=usage / 1e3 if usage is not None else None,
            user=user / 1e3 if user is not None else None,
            system=system / 1e3 if system is not None else None,
            ksh=(system / (user + system)) if user is not None and system is not None
            and user + system else None,
            profiles=int(f[11]))
    out = ["| cache | unit | boots | unit start→end, ms | start→sysinit.target, ms "
           "| PID 1 start→sysinit.target, ms | CPU, ms | user, ms | system, ms | kernel's share | profiles |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    ratios = []
    for cache in ("warm", "cold"):
        for cfg in ("apparmor", "lsmctl", "floor"):
            r = rows.get((cache, cfg))
            if not r:
                continue
            v = list(r.values())
            out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                cache, UNITS[cfg], len(v), mm([x["unit"] for x in v]),
                mm([x["sysinit"] for x in v]), mm([x["sysinit_abs"] for x in v if x["sysinit_abs"] is not None], "{:.0f}"),
                mm([x["cpu"] for x in v if x["cpu"] is not None]),
                mm([x["user"] for x in v if x["user"] is not None]),
                mm([x["system"] for x in v if x["system"] is not None]),
                mm([100 * x["ksh"] for x in v if x["ksh"] is not None], "{:.0f} %"),
                "/".join(sorted({str(x["profiles"]) for x in v}))))
        for other, goal in (("apparmor", 0.25 if cache == "warm" else 0.8), ("floor", 1.10)):
            a, b = rows.get((cache, "lsmctl"), {}), rows.get((cache, other), {})
            pair = sorted(set(a) & set(b))
            if not pair:
                continue
            keys = [("unit", "unit start→end"), ("sysinit", "start→sysinit.target"), ("cpu", "CPU")]
            # the floor's user time is under one 4 ms tick: no ratio of it
            keys += [("user", "user CPU")] if other == "apparmor" else []
            keys += [("system", "system CPU")]
            for key, what in keys:
                xs = [a[n][key] / b[n][key] for n in pair
                      if a[n][key] is not None and b[n].get(key)]
                if not xs:
                    continue
                met = ""
                if key == "unit":
                    met = " (goal ≤ {:.2f}: {})".format(
                        goal, "met" if max(xs) <= goal else
                        ("median met" if statistics.median(xs) <= goal else "not met"))
                ratios.append("| {} | lsmctl / {} | {} | {} | {}{} |".format(
                    cache, UNITS[other], what, len(xs), mm(xs, "{:.3f}"), met))
    out += ["", "| cache | ratio (paired per boot) | of | pairs | median (min–max) |",
            "|---|---|---|---|---|"] + ratios
    if errors:
        out += [""] + ["    " + e for e in errors]
    print("\n".join(out))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

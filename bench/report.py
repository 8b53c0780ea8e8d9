#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""Turn the benchmark's raw lines (bench/run.sh collects them in raw.log)
into results.csv, summary.csv, results.md (printed on stdout), and the data
and gnuplot script of bench.png.

Ratios are medians of per-round ratios: both methods of a pair ran in the
same boot, one right after the other, so drift of the emulated machine
cancels out."""
import argparse
import csv
import os
import statistics
from collections import defaultdict

# (lsm, method, reference, what the ratio says); ratio = method / reference
PAIRS = [
    ("apparmor", "lib-set", "raw-set", "liblsmconfig set load / one-write floor"),
    ("apparmor", "lib-each", "raw-each", "liblsmconfig per file / one-write-per-file floor"),
    ("apparmor", "lsmctl-set", "parser-set", "lsmctl / apparmor_parser -r -B, one process each"),
    ("apparmor", "lsmctl-each", "parser-each", "lsmctl / apparmor_parser, one process per file"),
    ("apparmor", "lib-set", "parser-set", "liblsmconfig set load / apparmor_parser -r -B (one process)"),
    ("apparmor", "lib-set", "raw-each", "liblsmconfig set load / one write per file"),
    ("selinux", "lib", "raw", "liblsmconfig / one-write floor"),
    ("selinux", "lsmctl", "load_policy", "lsmctl / load_policy, one process each"),
    ("apparmor", "lsmctl-set", "raw-set", "lsmctl / in-process one-write floor"),
    ("apparmor", "lsmctl-set", "minload-set", "lsmctl / minimal one-process loader (aa-minload)"),
    ("apparmor", "minload-set", "raw-set", "aa-minload / in-process one-write floor: a process start"),
    ("smack", "lib-boot", "raw-page-boot", "boot: liblsmconfig / page-window floor"),
    ("smack", "lib-boot", "raw-each-boot", "boot: liblsmconfig / one write per rule"),
    ("smack", "read-load2-boot", "raw-page-boot", "boot: reading load2 / page-window floor"),
    ("smack", "lib", "raw-page", "reload: liblsmconfig / page-window floor"),
    ("smack", "lib", "raw-each", "reload: liblsmconfig / one write per rule"),
    ("smack", "read-load2", "raw-page", "reload: reading load2 / page-window floor"),
    ("smack", "lib-parse", "raw-page", "parse + load / page-window floor"),
]
# the proposal kernel: syscall / pseudo-fs, and library / floor on each path
for _lsm, _sfx, _what in (("proposal-apparmor", "-set", "whole set"),
                          ("proposal-apparmor", "-each", "one call per file"),
                          ("proposal-selinux", "", "policy.33"),
                          ("proposal-smack", "", "rules")):
    PAIRS += [
        (_lsm, f"sys-lib{_sfx}", f"fs-lib{_sfx}", f"syscall / pseudo-fs, liblsmconfig ({_what})"),
        (_lsm, f"sys-raw{_sfx}", f"fs-raw{_sfx}", f"syscall / pseudo-fs, raw floor ({_what})"),
        (_lsm, f"sys-lib{_sfx}", f"sys-raw{_sfx}", f"liblsmconfig / floor, syscall path ({_what})"),
        (_lsm, f"fs-lib{_sfx}", f"fs-raw{_sfx}", f"liblsmconfig / floor, pseudo-fs path ({_what})"),
    ]

# Debian's boot-time AppArmor profiles on each kernel (the aa-kernels part):
# lsmctl beside the minimal loader, and the pieces of the difference
AA_KERNELS = ["small", "stock", "stock612"]
KERNEL_NAMES = {"small": "the test VM's small 6.1", "stock": "Debian's stock 6.1",
                "stock612": "Debian's stock 6.12", "proposal": "6.12 with our series"}
for _k in AA_KERNELS:
    _t = f"apparmor-{_k}"
    PAIRS += [
        (_t, "lsmctl-set", "minload-set", "lsmctl / minimal one-process loader (aa-minload)"),
        (_t, "lsmctl-fs-set", "minload-set", "lsmctl -b fs (no syscall probing) / aa-minload"),
        (_t, "lsmctl-set", "parser-set", "lsmctl / apparmor_parser -r -B, one process each"),
        (_t, "lib-set", "raw-set", "liblsmconfig set load / one-write floor"),
        (_t, "minload-set", "raw-set", "aa-minload / in-process one-write floor: a process start"),
        (_t, "lsmctl-dry-set", "minload-read", "lsmctl --dry-run / aa-minload -n: all but the write"),
        (_t, "lsmctl-start", "minload-start", "process start: lsmctl --version / aa-minload -n"),
    ]

# targets of the issue: (lsm, method, reference, limit, kind)
TARGETS = [
    ("apparmor", "lib-set", "raw-set", 1.05, "time"),
    ("apparmor", "lib-each", "raw-each", 1.05, "time"),
    ("selinux", "lib", "raw", 1.05, "time"),
    ("smack", "lib-boot", "raw-page-boot", 1.05, "time"),
    ("smack", "lib", "raw-page", 1.5, "time"),
    ("smack", "lib", "raw-each", 1.0, "time"),
    ("selinux", "lsmctl", "load_policy", 1.0, "time"),
    ("apparmor", "lsmctl-set", "minload-set", 1.03, "time"),
    ("apparmor", "lsmctl-set", "parser-set", 1.0, "time"),
    ("apparmor", "lib-set", "parser-set", 1.0, "time"),
    ("smack", "lib", "raw-each", 0.1, "calls"),
    ("proposal-apparmor", "sys-lib-set", "sys-raw-set", 1.05, "time"),
    ("proposal-apparmor", "sys-lib-each", "sys-raw-each", 1.05, "time"),
    ("proposal-selinux", "sys-lib", "sys-raw", 1.05, "time"),
    ("proposal-smack", "sys-lib", "sys-raw", 1.05, "time"),
] + [(f"apparmor-{_k}", "lsmctl-set", "minload-set", 1.01, "time") for _k in AA_KERNELS]

LSM_ORDER = ["apparmor"] + [f"apparmor-{k}" for k in AA_KERNELS] + [
    "selinux", "smack", "proposal-apparmor", "proposal-selinux", "proposal-smack"]


def fmt_ms(ns):
    ms = ns / 1e6
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--meta", action="append", default=[])
    a = ap.parse_args()

    runs = defaultdict(dict)  # (lsm, method) -> round -> (ns, calls, items)
    rusage = defaultdict(dict)  # (lsm, method) -> round -> (user us, system us, minor faults)
    order = defaultdict(list)  # lsm -> methods in order of description
    desc = {}
    info = defaultdict(dict)
    errors = []
    cg = []
    phases = []
    with open(a.raw, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            p = line.split(",")
            if p[0] == "BENCH" and len(p) == 7:
                runs[(p[1], p[2])][int(p[3])] = (int(p[4]), int(p[5]), int(p[6]))
            elif p[0] == "RUSAGE" and len(p) == 7:
                rusage[(p[1], p[2])][int(p[3])] = (int(p[4]), int(p[5]), int(p[6]))
            elif p[0] == "METHOD" and len(p) >= 4:
                if p[2] not in order[p[1]]:
                    order[p[1]].append(p[2])
                desc[(p[1], p[2])] = ",".join(p[3:])
            elif p[0] == "INFO" and len(p) >= 4:
                info[p[1]][p[2]] = ",".join(p[3:])
            elif p[0] == "CG" and len(p) == 8:
                cg.append(dict(lsm=p[1], backend=p[2], n=int(p[3]), lib=float(p[4]),
                               total=float(p[5]), calls=p[6], size=p[7]))
            elif p[0] == "CGPHASE" and len(p) == 7:
                phases.append(dict(case=p[2], backend=p[3], lib=float(p[4]),
                                   snap=float(p[5]), render=float(p[6])))
            elif line.startswith("ERROR"):
                errors.append(line)

    meta = dict(m.split("=", 1) for m in a.meta)
    os.makedirs(a.out, exist_ok=True)

    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["lsm", "method", "round", "ns", "kernel_writes", "items"])
        for (lsm, m), rs in sorted(runs.items()):
            for r, (ns, calls, items) in sorted(rs.items()):
                w.writerow([lsm, m, r, ns, calls, items])

    def median_ns(lsm, m):
        rs = runs.get((lsm, m))
        return statistics.median(v[0] for v in rs.values()) if rs else None

    def calls_of(lsm, m):
        rs = runs.get((lsm, m))
        if not rs:
            return None
        c = [v[1] for v in rs.values()]
        return statistics.median(c) if min(c) >= 0 else None

    def paired_ratios(lsm, m, ref):
        a_, b_ = runs.get((lsm, m)), runs.get((lsm, ref))
        if not a_ or not b_:
            return []
        return [a_[r][0] / b_[r][0] for r in a_ if r in b_ and b_[r][0] > 0]

    def ratio(lsm, m, ref):
        paired = paired_ratios(lsm, m, ref)
        if paired:
            return statistics.median(paired), len(paired)
        if not runs.get((lsm, m)) or not runs.get((lsm, ref)):
            return None, 0
        return median_ns(lsm, m) / median_ns(lsm, ref), 0

    md = []
    md.append("# liblsmconfig load benchmark\n")
    kern = next((info[l].get("kernel") for l in LSM_ORDER
                 if not l.startswith("proposal-") and info[l].get("kernel")), "?")
    clock = next((info[l].get("clocksource") for l in LSM_ORDER if info[l].get("clocksource")), "?")
    md.append(f"- date: {meta.get('date', '?')}; guest kernel: Linux {kern} "
              f"(test VM, clocksource {clock}; each section names its kernel); "
              f"host: {meta.get('host', '?')}")
    md.append(f"- rounds: {meta.get('rounds', '?')}; times are medians over rounds, ratios are "
              "medians of per-round ratios (same boot)")
    if meta.get("clock") == "icount":
        md.append("- clock: icount: the guest's clock counts its own instructions (QEMU -icount "
                  "shift=0), so a time is guest instructions, user and kernel, at 1 ns each; "
                  "the host's load does not move it")
    elif meta.get("clock"):
        md.append(f"- clock: {meta['clock']}: the host's wall clock seen through the guest's TSC")
    if info["apparmor"]:
        ia = info["apparmor"]
        md.append(f"- AppArmor: {ia.get('source_files', '?')} profile files from apparmor, "
                  f"apparmor-profiles, apparmor-profiles-extra; {ia.get('files') or info['proposal-apparmor'].get('files', '?')} compiled "
                  f"({ia.get('bytes', '?')} bytes), {ia.get('compile_failed', '?')} failed to "
                  f"compile ({ia.get('compile_failed_files', '').strip() or 'none'}); "
                  f"set_load announced: {ia.get('set_load') or info['proposal-apparmor'].get('set_load', 'no')}")
    if info["selinux"]:
        md.append(f"- SELinux: selinux-policy-default policy.33, "
                  f"{info['selinux'].get('policy_bytes', '?')} bytes")
    if info["smack"]:
        md.append(f"- Smack: {info['smack'].get('rules', '?')} rules, "
                  f"{info['smack'].get('bytes', '?')} bytes of load2 text")
    pk = next((info[l].get("kernel") for l in LSM_ORDER
               if l.startswith("proposal-") and info[l].get("kernel")), None)
    if pk:
        md.append(f"- proposal-*: the same inputs on Linux {pk} with our lsm_config_policy() "
                  "series (tests/vm/kernel/), through the syscall (sys-) and the pseudo-fs (fs-) "
                  "in the same boot")
    md.append("")

    summary = []
    for lsm in LSM_ORDER:
        if not order[lsm]:
            continue
        kname = lsm[len("apparmor-"):] if lsm.startswith("apparmor-") else (
            "proposal" if lsm.startswith("proposal-") else "small")
        kdesc = KERNEL_NAMES.get(kname, kname)
        if info[lsm].get("kernel"):
            kdesc += f", Linux {info[lsm]['kernel']}"
        md.append(f"## {lsm} (kernel: {kdesc})\n")
        if lsm.startswith("apparmor-"):
            il = info[lsm]
            md.append(f"Debian's boot-time profiles (/etc/apparmor.d): {il.get('files', '?')} "
                      f"files of {il.get('source_files', '?')} compiled, {il.get('bytes', '?')} "
                      f"bytes, for {il.get('features', '?')}; set_load announced: "
                      f"{il.get('set_load', 'no')}\n")
        md.append("| method | what | runs | median ms | min–max ms | kernel writes | profiles/rules |")
        md.append("|---|---|---:|---:|---:|---:|---:|")
        for m in order[lsm]:
            rs = runs.get((lsm, m))
            if not rs:
                continue
            ts = [v[0] for v in rs.values()]
            c = calls_of(lsm, m)
            items = statistics.median(v[2] for v in rs.values())
            md.append(f"| `{m}` | {desc.get((lsm, m), '')} | {len(ts)} | "
                      f"{fmt_ms(statistics.median(ts))} | {fmt_ms(min(ts))}–{fmt_ms(max(ts))} | "
                      f"{'' if c is None else int(c)} | {int(items)} |")
            summary.append([lsm, m, desc.get((lsm, m), ""), len(ts),
                            f"{statistics.median(ts) / 1e6:.3f}", f"{min(ts) / 1e6:.3f}",
                            f"{max(ts) / 1e6:.3f}", "" if c is None else int(c), "", ""])
        md.append("")
        lines = []
        for (l, m, ref, what) in PAIRS:
            if l != lsm:
                continue
            r, n = ratio(l, m, ref)
            if r is None:
                continue
            pr = paired_ratios(l, m, ref)
            spread = f"{min(pr):.3f}–{max(pr):.3f}" if pr else ""
            lines.append(f"| `{m}` / `{ref}` | {r:.3f} | {spread} | {what} |")
            summary.append([lsm, f"{m}/{ref}", what, n, "", f"{min(pr):.4f}" if pr else "",
                            f"{max(pr):.4f}" if pr else "", "", f"{r:.4f}", ref])
        if lines:
            md.append("| ratio (time) | median | min–max over rounds | meaning |")
            md.append("|---|---:|---:|---|")
            md.extend(lines)
            md.append("")

    # lsmctl beside the minimal loader, per kernel, and where the difference goes
    def med(lsm, m):
        v = median_ns(lsm, m)
        return None if v is None else v / 1e6

    def ru_med(lsm, m, i):
        rs = rusage.get((lsm, m))
        return statistics.median(v[i] for v in rs.values()) if rs else None

    kl = []
    for k in AA_KERNELS:
        t = f"apparmor-{k}"
        need = ["lsmctl-set", "minload-set", "lsmctl-dry-set", "minload-read", "lsmctl-start",
                "minload-start"]
        if any(med(t, m) is None for m in need):
            continue
        r, _ = ratio(t, "lsmctl-set", "minload-set")
        pr = paired_ratios(t, "lsmctl-set", "minload-set")
        gap = med(t, "lsmctl-set") - med(t, "minload-set")
        start = med(t, "lsmctl-start") - med(t, "minload-start")
        check = (med(t, "lsmctl-dry-set") - med(t, "lsmctl-start")) - (
            med(t, "minload-read") - med(t, "minload-start"))
        rest = gap - start - check
        fs = med(t, "lsmctl-fs-set")
        fsd = "" if fs is None else f"{fs - med(t, 'minload-set'):+.2f}"
        sysm = (ru_med(t, "lsmctl-set", 1), ru_med(t, "minload-set", 1))
        flt = (ru_med(t, "lsmctl-set", 2), ru_med(t, "minload-set", 2))
        kl.append(f"| {KERNEL_NAMES.get(k, k)} ({info[t].get('kernel', '?')}) | "
                  f"{med(t, 'minload-set'):.1f} | {med(t, 'lsmctl-set'):.1f} | {r:.4f} "
                  f"({min(pr):.4f}–{max(pr):.4f}) | {gap:+.2f} | {start:+.2f} | {check:+.2f} | "
                  f"{rest:+.2f} | {fsd} | "
                  f"{sysm[0] / 1e3:.1f} / {sysm[1] / 1e3:.1f} | {flt[0]:.0f} / {flt[1]:.0f} |")
    if kl:
        md.append("## lsmctl beside the minimal loader, per kernel (Debian's boot-time profiles)\n")
        md.append("Millions of guest instructions (icount), medians over rounds. The difference "
                  "split: *start* = `lsmctl-start` − `minload-start` (the process and its "
                  "libraries); *read + check* = (`lsmctl-dry-set` − `lsmctl-start`) − "
                  "(`minload-read` − `minload-start`) (reading, inspecting, probing, all but the "
                  "write); *rest* = the remainder (the write and the exit). *sys ms* and "
                  "*faults* are the process's own account (getrusage of the child: system "
                  "time, minor page faults).\n")
        md.append("| kernel | minload-set M | lsmctl-set M | ratio (min–max) | difference M | "
                  "start | read + check | rest | `-b fs` − minload M | sys ms lsmctl / minload "
                  "| faults lsmctl / minload |")
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        md.extend(kl)
        md.append("")

    # targets
    tl = []
    for (lsm, m, ref, limit, kind) in TARGETS:
        if kind == "time":
            r, _ = ratio(lsm, m, ref)
            if r is None:
                continue
            if limit == 1.0:
                tl.append(f"| {lsm}: `{m}` ahead of `{ref}` | {r:.3f} "
                          f"({1 / r:.2f}x faster) | < 1 | {'met' if r < 1 else 'NOT met'} |")
            else:
                tl.append(f"| {lsm}: `{m}` at most {limit:.2f}x `{ref}` | {r:.3f} | ≤ {limit:.2f} | "
                          f"{'met' if r <= limit else 'NOT met'} |")
        else:
            cm, cr = calls_of(lsm, m), calls_of(lsm, ref)
            if not cm or not cr:
                continue
            tl.append(f"| {lsm}: kernel writes of `{m}` vs `{ref}` | {int(cm)} vs {int(cr)} "
                      f"({cr / cm:.0f}x fewer) | ≥ 10x fewer | {'met' if cr / cm >= 10 else 'NOT met'} |")
            summary.append([lsm, f"{m}/{ref} calls", "kernel writes ratio", "", "", "", "",
                            "", f"{cm / cr:.5f}", ref])
    if tl:
        md.append("## Targets\n")
        md.append("| target | measured | wanted | |")
        md.append("|---|---|---|---|")
        md.extend(tl)
        md.append("")

    if cg:
        md.append("## Instructions per request (callgrind, host, kernel model behind the seam)\n")
        md.append("| LSM | request | backend | instructions (library) | instructions (library + model) "
                  "| kernel calls | syscall / fs (library) |")
        md.append("|---|---|---|---:|---:|---:|---:|")
        by = {(c["lsm"], c["backend"]): c for c in cg}
        for c in cg:
            what = {"apparmor": f"all profiles as one set, {c['size']} bytes",
                    "selinux": f"policy.33, {c['size']} bytes",
                    "smack": f"{c['size']} rules"}.get(c["lsm"], "")
            other = by.get((c["lsm"], "fs"))
            rel = f"{c['lib'] / other['lib']:.2f}" if c["backend"] == "syscall" and other else ""
            md.append(f"| {c['lsm']} | {what} | {c['backend']} | {c['lib']:,.0f} | {c['total']:,.0f} "
                      f"| {c['calls']} | {rel} |")
            summary.append([c["lsm"], f"callgrind-{c['backend']}", what, c["n"], "", "", "",
                            c["calls"], f"{c['lib']:.0f}", "instructions/request (library)"])
        md.append("")

    if phases:
        md.append("## Smack load phases (callgrind, library instructions per request)\n")
        md.append("| case | backend | library | snapshot: listing walk | share | "
                  "rendering | share |")
        md.append("|---|---|---:|---:|---:|---:|---:|")
        for c in phases:
            md.append(f"| {c['case']} | {c['backend']} | {c['lib']:,.0f} | {c['snap']:,.0f} | "
                      f"{c['snap'] / c['lib']:.0%} | {c['render']:,.0f} | "
                      f"{c['render'] / c['lib']:.0%} |")
            summary.append(["smack", f"phases-{c['case']}-{c['backend']}",
                            "snapshot,render instructions/request", "", "", "", "", "",
                            f"{c['snap']:.0f},{c['render']:.0f}", f"{c['lib']:.0f}"])
        md.append("")

    if errors:
        md.append("## Errors\n")
        md.extend(f"- {e}" for e in errors)
        md.append("")

    with open(os.path.join(a.out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["lsm", "method", "description", "runs", "median_ms", "min_ms", "max_ms",
                    "kernel_writes", "ratio_or_value", "reference"])
        w.writerows(summary)
    text = "\n".join(md)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(text + "\n")
    print(text)

    # plot data: one file per LSM (method, median ms, min, max) and callgrind
    panels = []
    for lsm in LSM_ORDER:
        rows = [(m, [v[0] / 1e6 for v in runs[(lsm, m)].values()])
                for m in order[lsm] if runs.get((lsm, m))]
        if not rows:
            continue
        fn = os.path.join(a.out, f"plot-{lsm}.dat")
        with open(fn, "w") as f:
            for m, ts in rows:
                f.write(f"\"{m}\" {statistics.median(ts):.4f} {min(ts):.4f} {max(ts):.4f}\n")
        panels.append((lsm, fn))
    cgfn = None
    if cg:
        cgfn = os.path.join(a.out, "plot-callgrind.dat")
        with open(cgfn, "w") as f:
            for lsm in LSM_ORDER:
                s = next((c for c in cg if c["lsm"] == lsm and c["backend"] == "syscall"), None)
                fs = next((c for c in cg if c["lsm"] == lsm and c["backend"] == "fs"), None)
                if not s and not fs:
                    continue  # not measured under callgrind (the proposal kernel's parts)
                label = f"smack ({s['size']} rules)" if lsm == "smack" and s else lsm
                f.write(f"\"{label}\" {s['lib'] if s else 0:.0f} {fs['lib'] if fs else 0:.0f}\n")
    n = len(panels) + (1 if cgfn else 0)
    if n == 0:
        return
    cols = 2 if n > 1 else 1
    rowsn = (n + cols - 1) // cols
    gp = [
        f"set terminal pngcairo size {800 * cols},{520 * rowsn} font 'DejaVu Sans,11'",
        f"set output '{os.path.join(a.out, 'bench.png')}'",
        f"set multiplot layout {rowsn},{cols} title 'liblsmconfig load benchmark — "
        f"{meta.get('date', '')}, Linux {kern} (TCG)' font ',13'",
        "set style data histograms",
        "set style histogram errorbars gap 1 lw 1",
        "set style fill solid 0.8 border -1",
        "set boxwidth 0.8",
        "set grid ytics",
        "set xtics rotate by -30 left nomirror",
        "set key off",
        "set termoption noenhanced",
        "set logscale y",
        "set ylabel 'median ms (log scale; bars: min–max)'",
        "set bmargin 7",
    ]
    for lsm, fn in panels:
        extra = {"apparmor": "AppArmor: whole Debian profile set",
                 "selinux": "SELinux: Debian reference policy",
                 "smack": f"Smack: {info['smack'].get('rules', '?')} rules",
                 "proposal-apparmor": "Proposal kernel, AppArmor: syscall (sys-) vs pseudo-fs (fs-)",
                 "proposal-selinux": "Proposal kernel, SELinux: syscall (sys-) vs pseudo-fs (fs-)",
                 "proposal-smack": f"Proposal kernel, Smack ({info['proposal-smack'].get('rules', '?')} "
                                   "rules): syscall vs pseudo-fs"}.get(
            lsm, f"AppArmor, Debian's boot-time profiles on {KERNEL_NAMES.get(lsm[9:], lsm)}")
        gp.append(f"set title '{extra}'")
        gp.append(f"plot '{fn}' using 2:3:4:xtic(1) lc rgb '#3b75af' title 'median', "
                  f"'' using 0:4:(sprintf($2 >= 100 ? '%.0f' : '%.3g', $2)) with labels offset 0,0.8 font ',9' notitle")
    if cgfn:
        gp += [
            "set title 'Instructions per request in the library (callgrind, model behind the seam)'",
            "set style histogram clustered gap 1",
            "set ylabel 'instructions (log scale)'",
            "set xtics norotate",
            "set key top left",
            f"plot '{cgfn}' using 2:xtic(1) lc rgb '#3b75af' title 'syscall backend', "
            "'' using 3 lc rgb '#e1812c' title 'fs backend'",
        ]
    gp.append("unset multiplot")
    with open(os.path.join(a.out, "bench.gp"), "w") as f:
        f.write("\n".join(gp) + "\n")


if __name__ == "__main__":
    main()

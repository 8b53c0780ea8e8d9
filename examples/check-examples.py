#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""Run each example as its source comment shows and compare the output.

    check-examples.py BINDIR SRCROOT

In the comment of examples/NAME.c, the block after "Checked output" holds
commands ("$ NAME ARGS", run in SRCROOT with BINDIR's NAME; a trailing
backslash continues one on the next line) each followed by
its expected output: stdout lines as they are, stderr lines after
"(stderr) ", a line ending in "..." matching any line that begins with the
rest, and "[exit N]" for a status other than 0. probe-lsms, whose output
depends on the machine, must exit with 0 and report each LSM.
"""
import os
import re
import shlex
import subprocess
import sys

LINE = re.compile(r"^ \*   (.*)$")


def blocks(source):
    """(argv, stdout, stderr, status) for each checked command of source."""
    text = open(source, encoding="utf-8").read().split("\n")
    try:
        start = next(i for i, l in enumerate(text) if "Checked output" in l)
    except StopIteration:
        return []
    out = []
    cur = None
    cont = None
    started = False
    for line in text[start + 1:]:
        if line.startswith(" */"):
            break
        m = LINE.match(line)
        body = m.group(1) if m else None
        if not started:
            # The sentence that introduces the block, up to its first command.
            if body is None or not body.startswith("$ "):
                continue
            started = True
        if body is None:
            if line.strip() != "*":
                break  # the checked block ends at the first prose line
            if cur is not None:
                out.append(cur)
                cur = None
            continue
        if cont is not None:  # the command goes on from the line before
            cmd = cont + " " + body.strip()
            cont = cmd[:-1] if cmd.endswith("\\") else None
            if cont is None:
                cur[0] = shlex.split(cmd)
            continue
        if body.startswith("$ "):
            if cur is not None:
                out.append(cur)
            cur = [None, [], [], 0]
            if body.endswith("\\"):
                cont = body[2:-1]
                continue
            cur[0] = shlex.split(body[2:])
        elif cur is None:
            break
        elif body.startswith("[exit ") and body.endswith("]"):
            cur[3] = int(body[6:-1])
        elif body.startswith("(stderr) "):
            cur[2].append(body[len("(stderr) "):])
        else:
            cur[1].append(body)
    if cur is not None:
        out.append(cur)
    return out


def same(expected, actual):
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual):
        if e.endswith("...") and a.startswith(e[:-3]):
            continue
        if e != a:
            return False
    return True


def main():
    bindir, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    bad = checks = 0
    for name in sorted(os.listdir(os.path.join(src, "examples"))):
        if not name.endswith(".c"):
            continue
        prog = name[:-2]
        exe = os.path.join(bindir, prog)
        if not os.access(exe, os.X_OK):
            print(f"FAIL {prog}: not built in {bindir}")
            bad += 1
            continue
        cmds = blocks(os.path.join(src, "examples", name))
        if prog == "probe-lsms":
            cmds = [[[prog], None, None, 0]]
        elif not cmds:
            print(f"FAIL {prog}: its comment has no checked output")
            bad += 1
            continue
        for argv, want_out, want_err, want_rc in cmds:
            checks += 1
            if argv[0] != prog:
                print(f"FAIL {prog}: checked command runs {argv[0]}")
                bad += 1
                continue
            p = subprocess.run([exe] + argv[1:], cwd=src, capture_output=True, text=True,
                               errors="replace", timeout=60)
            got_out = p.stdout.splitlines()
            got_err = p.stderr.splitlines()
            if want_out is None:  # probe-lsms
                ok = p.returncode == 0 and all(
                    any(l.startswith(lsm + ": ") for l in got_out)
                    for lsm in ("apparmor", "selinux", "smack"))
            else:
                ok = (p.returncode == want_rc and same(want_out, got_out)
                      and same(want_err, got_err))
            if not ok:
                bad += 1
                print(f"FAIL $ {shlex.join(argv)}  (exit {p.returncode})")
                for l in got_out:
                    print(f"  stdout: {l}")
                for l in got_err:
                    print(f"  stderr: {l}")
    print(f"{checks - bad} of {checks} example runs as their comments say")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

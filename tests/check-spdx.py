#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""Fails unless every file of the source tree names its license and copyright.

A file names them in its first lines, in a comment:
    SPDX-License-Identifier: LGPL-2.1-or-later
    Copyright © 2026 The liblsmconfig authors
or, when its format has no comments, REUSE.toml names them for it. The file
list is git's (tracked and new files, not ignored ones), so the check needs
a git checkout of the sources.
"""
import os
import re
import subprocess
import sys
import tomllib

HEAD_LINES = 15
LICENSE_RE = re.compile(r"SPDX-License-Identifier: [A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*")
COPYRIGHT_RE = re.compile(r"Copyright © \d{4}(-\d{4})?(, \d{4}(-\d{4})?)* \S.*")
OURS_RE = re.compile(r"Copyright © \d{4}(-\d{4})? The liblsmconfig authors")


def glob_re(pattern):
    """A REUSE path glob: '**' crosses directories, '*' does not."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def annotated(root):
    """Globs REUSE.toml covers with both a license and a copyright."""
    path = os.path.join(root, "REUSE.toml")
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        return []
    globs = []
    for i, a in enumerate(data.get("annotations", [])):
        lic = a.get("SPDX-License-Identifier", "")
        cop = a.get("SPDX-FileCopyrightText", "")
        if not LICENSE_RE.fullmatch("SPDX-License-Identifier: " + lic) or not COPYRIGHT_RE.fullmatch(cop):
            sys.exit(f"REUSE.toml: annotation {i + 1} lacks a valid SPDX-License-Identifier "
                     "or SPDX-FileCopyrightText ('Copyright © YEAR HOLDER')")
        paths = a.get("path", [])
        globs += [glob_re(p) for p in ([paths] if isinstance(paths, str) else paths)]
    return globs


def main():
    root = sys.argv[1]
    git = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"], capture_output=True)
    if git.returncode != 0:
        print(f"skip: {root} is not a git checkout (git ls-files: "
              f"{git.stderr.decode(errors='replace').strip()})")
        return 77
    files = [f for f in git.stdout.decode().split("\0") if f]
    globs = annotated(root)
    bad = 0
    checked = 0
    for rel in sorted(files):
        full = os.path.join(root, rel)
        if not os.path.isfile(full) or os.path.islink(full):
            continue  # deleted in the work tree, or a symlink to a checked file
        if any(g.match(rel) for g in globs):
            continue
        checked += 1
        with open(full, "rb") as f:
            head = f.read(4096).decode("utf-8", errors="replace").split("\n")[:HEAD_LINES]
        missing = []
        if not any(LICENSE_RE.search(line) for line in head):
            missing.append("'SPDX-License-Identifier: LGPL-2.1-or-later'")
        if not any(OURS_RE.search(line) for line in head):
            missing.append("'Copyright © YEAR The liblsmconfig authors'")
        if missing:
            bad += 1
            print(f"{rel}: no {' and no '.join(missing)} in its first {HEAD_LINES} lines "
                  "(add them as comments; a format without comments gets an entry in REUSE.toml)")
    print(f"{checked} files carry their license and copyright; {len(files) - checked - bad} "
          f"more are covered by REUSE.toml or are not regular files" if not bad
          else f"{bad} of {checked} files lack a license or copyright line")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

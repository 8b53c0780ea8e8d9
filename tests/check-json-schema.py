#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
"""Validates lsmctl --json documents against data/lsmctl.schema.json.

usage: check-json-schema.py SCHEMA FILE...       each FILE holds one document
       check-json-schema.py SCHEMA --log LOG...  the documents a live test's
                                                 guest printed as
                                                 "LSMC-JSON NAME: DOCUMENT"

Every document must be valid UTF-8 and valid JSON, and hold to the schema.
Exit status: 0 all valid, 1 one is not, 77 when python3-jsonschema is not
installed (scripts/install-deps.sh installs it).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: the Python module jsonschema is not installed (Debian: python3-jsonschema)")
    sys.exit(77)


def documents(args):
    if args and args[0] == "--log":
        for log in args[1:]:
            with open(log, "rb") as f:
                for n, line in enumerate(f, 1):
                    if line.startswith(b"LSMC-JSON "):
                        name, _, doc = line[len(b"LSMC-JSON "):].partition(b": ")
                        yield f"{log}:{n} ({name.decode(errors='replace')})", doc
        return
    for path in args:
        with open(path, "rb") as f:
            yield path, f.read()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    checked = failed = 0
    for name, raw in documents(sys.argv[2:]):
        checked += 1
        try:
            doc = json.loads(raw.decode("utf-8", errors="strict"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            print(f"FAIL {name}: not one UTF-8 JSON document: {e}: {raw[:200]!r}")
            failed += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(document)"
            print(f"FAIL {name}: {where}: {e.message}")
        failed += bool(errors)
    if sys.argv[2:3] == ["--log"] and checked == 0:
        print("FAIL: the log holds no LSMC-JSON document")
        return 1
    print(f"{checked} document(s) checked against the schema, {failed} invalid")
    return 1 if failed else 0


sys.exit(main())

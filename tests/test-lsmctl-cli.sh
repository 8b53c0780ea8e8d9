#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# lsmctl's command-line contract: exit codes 0/2 and one-line usage errors.
set -u
lsmctl=$1
abi=${2:-v6} # the revision the build chose (meson option lsm_config_abi)
fails=0
pass=0

check() { # name expected-exit command...
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1 >/dev/null)
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit $got, want $want"; fails=$((fails + 1)); return
	fi
	if [ "$want" -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
		echo "FAIL $name: usage error is not one line:"; printf '%s\n' "$out"
		fails=$((fails + 1)); return
	fi
	pass=$((pass + 1))
}

check help 0 "$lsmctl" --help
check version 0 "$lsmctl" --version
check status 0 "$lsmctl" status
check status-json 0 "$lsmctl" status --json
check status-help 0 "$lsmctl" status --help
check no-command 2 "$lsmctl"
check unknown-command 2 "$lsmctl" frobnicate
check bad-option 2 "$lsmctl" --bogus
check bad-status-option 2 "$lsmctl" status --bogus
check extra-argument 2 "$lsmctl" status extra
check bad-backend 2 "$lsmctl" --backend=kernel status

# JSON parses and names the three policy LSMs.
json=$("$lsmctl" status --json)
if printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); names={l["name"] for l in d["lsms"]}; sys.exit(0 if {"apparmor","selinux","smack"} <= names else 1)'; then
	pass=$((pass + 1))
else
	echo "FAIL status-json: not JSON or a policy LSM missing: $json"; fails=$((fails + 1))
fi
# --version names the compiled-in features.
if "$lsmctl" --version | grep -q '+APPARMOR'; then pass=$((pass + 1)); else
	echo "FAIL version-features"; fails=$((fails + 1)); fi
# --version and status (text and JSON) name the syscall revision built in.
if "$lsmctl" --version | grep -qw "ABI=$abi"; then pass=$((pass + 1)); else
	echo "FAIL version-abi: not ABI=$abi: $("$lsmctl" --version | tail -1)"; fails=$((fails + 1)); fi
if "$lsmctl" status 2>/dev/null | grep -qx "Policy syscalls: revision $abi"; then
	pass=$((pass + 1))
else
	echo "FAIL status-abi: no 'Policy syscalls: revision $abi' line"; fails=$((fails + 1))
fi
if printf '%s' "$json" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["abi"] == sys.argv[1] else 1)' "$abi"; then
	pass=$((pass + 1))
else
	echo "FAIL status-json-abi: abi is not \"$abi\": $json"; fails=$((fails + 1))
fi

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]

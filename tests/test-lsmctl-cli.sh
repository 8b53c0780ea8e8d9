#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# lsmctl's command-line contract: exit codes, one-line usage errors that say
# what is wrong, options anywhere, help, JSON (one schema, valid UTF-8),
# output errors, and AppArmor profile sources compiled for given features.
# usage: test-lsmctl-cli.sh LSMCTL SOURCE_ROOT [ABI]
set -u
lsmctl=$1
src=${2:?usage: test-lsmctl-cli.sh LSMCTL SOURCE_ROOT [ABI]}
abi=${3:-v6} # the revision the build chose (meson option lsm_config_abi)
features=$src/tests/vm/apparmor-features
vmdata=$src/tests/vm/data
fails=0
pass=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { pass=$((pass + 1)); }

check() { # name expected-exit command...
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1 >/dev/null)
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, want $want: $out"; return
	fi
	if [ "$want" -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
		fail "$name: usage error is not one line: $out"; return
	fi
	ok
}

# says NAME EXIT PATTERN command...: exits EXIT and stderr matches PATTERN
# (stdout to /dev/null, or to=full: /dev/full, to=closed: closed)
says() {
	name=$1 want=$2 pattern=$3
	shift 3
	case ${to:-null} in
	closed) out=$("$@" 2>&1 >&-) ;;
	*) out=$("$@" 2>&1 >"/dev/${to:-null}") ;;
	esac
	got=$?
	if [ "$got" -ne "$want" ]; then fail "$name: exit $got, want $want: $out"; return; fi
	if ! printf '%s\n' "$out" | grep -qE -- "$pattern"; then
		fail "$name: stderr does not match '$pattern': $out"; return
	fi
	ok
}

# json NAME PYTHON-CHECK command...: stdout is valid UTF-8 JSON and d passes
json() {
	name=$1 expr=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	if python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
d = json.loads(raw.decode("utf-8", errors="strict"))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$tmp/out" "$expr" 2>"$tmp/py"; then
		ok
	else
		fail "$name: $expr does not hold: $(cat "$tmp/out" "$tmp/err" "$tmp/py")"
	fi
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
check bad-json-style 2 "$lsmctl" status --json=fancy
check bad-lsm 2 "$lsmctl" load frob x
check load-no-lsm 2 "$lsmctl" load
check load-no-file 2 "$lsmctl" load smack
check remove-not-apparmor 2 "$lsmctl" remove smack x
check ns-no-action 2 "$lsmctl" ns
check unshare-no-command 2 "$lsmctl" unshare apparmor
check boot-extra 2 "$lsmctl" boot extra
check selinux-self 2 "$lsmctl" load selinux --self -- true
check help-extra 2 "$lsmctl" help load extra

# --- messages a person can act on -------------------------------------------------
says missing-arg-long 2 "option '--ns' needs an argument" "$lsmctl" load apparmor x --ns
says missing-arg-short 2 "option '-n' needs an argument" "$lsmctl" remove apparmor -n
says missing-arg-global 2 "option '--backend' needs an argument" "$lsmctl" --backend
says invalid-short 2 "invalid option '-Z'" "$lsmctl" load apparmor -Z x
says typo-command 2 "unknown command 'lod'; did you mean 'load'\\?" "$lsmctl" lod
says typo-help 2 "unknown command 'stauts'; did you mean 'status'\\?" "$lsmctl" help stauts
says typo-lsm 2 "unknown LSM 'apparmr'; did you mean 'apparmor'\\?" "$lsmctl" load apparmr x
says typo-lsm-unshare 2 "did you mean 'smack'\\?" "$lsmctl" unshare smak -- true
says typo-ns 2 "did you mean 'list'\\?" "$lsmctl" ns lsit
says typo-ns-prune 2 "did you mean 'prune'\\?" "$lsmctl" ns prnue
says ns-prune-names 2 "prune takes no names" "$lsmctl" ns prune lsmc-self.0
says missing-lsm-load 2 "lsmctl load: missing LSM: apparmor, selinux or smack" "$lsmctl" load -d
says missing-lsm-unshare 2 "lsmctl unshare: missing LSM: apparmor, selinux or smack" "$lsmctl" unshare -- true
says no-guess 2 "unknown command 'zzzzzz' \\(" "$lsmctl" zzzzzz
says self-no-command 2 "--self changes only lsmctl itself" "$lsmctl" load smack --self "$tmp/x"
says self-no-command-aa 2 "give the command to run under it after --" "$lsmctl" load apparmor --self prof
says features-not-aa 2 "features-file applies to AppArmor" "$lsmctl" load smack -F x y

: >"$tmp/empty.33"
says empty-file 1 "empty.33: the file is empty\$" "$lsmctl" load selinux -d "$tmp/empty.33"
# An LSM the kernel does not run is "not active", not "not mounted".
if "$lsmctl" status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if [x["active"] for x in d["lsms"] if x["name"] == "smack"] == [False] else 1)'; then
	printf 'LsmcA LsmcB r\n' >"$tmp/one.smack"
	says inactive-lsm 1 "smack: .*the LSM is not active; hint: smack is not active in this kernel" \
		"$lsmctl" load smack "$tmp/one.smack"
	if "$lsmctl" load smack "$tmp/one.smack" 2>&1 | grep -q 'not mounted'; then
		fail "inactive-lsm: a Smack the kernel does not run is called not mounted"
	else ok; fi
else
	echo "SKIP inactive-lsm: Smack runs here"
fi

# --- options anywhere -------------------------------------------------------------
printf 'LsmcA LsmcB rw\n' >"$tmp/rules.smack"
for order in "--dry-run smack $tmp/rules.smack" "smack --dry-run $tmp/rules.smack" \
	"smack $tmp/rules.smack --dry-run" "-d smack $tmp/rules.smack"; do
	# shellcheck disable=SC2086 # the words of each order
	out=$("$lsmctl" load $order 2>&1)
	case $? in
	0) printf '%s\n' "$out" | grep -q 'valid, 1 item(s) (dry run' && ok ||
		fail "load $order: not a dry run: $out" ;;
	*) fail "load $order: $out" ;;
	esac
done
json verbose-after '1' "$lsmctl" status -vv --json
grep -q '^lsmctl: ' "$tmp/err" && ok || fail "status -vv (after the command) logs nothing on stderr"
json json-before-command 'd["command"] == "status"' "$lsmctl" --json status

# --- help ---------------------------------------------------------------------------
for cmd in status load remove ns unshare boot; do
	if [ "$("$lsmctl" help $cmd)" = "$("$lsmctl" $cmd --help)" ] && [ -n "$("$lsmctl" help $cmd)" ]; then
		ok
	else
		fail "lsmctl help $cmd differs from lsmctl $cmd --help"
	fi
done
[ "$("$lsmctl" help)" = "$("$lsmctl" --help)" ] && ok || fail "lsmctl help differs from --help"

# --- JSON: one schema, valid UTF-8 ----------------------------------------------------
bad=$(printf "$tmp/r\\377\\376s.smack")
cp "$tmp/rules.smack" "$bad"
json utf8-name 'd["version"] == 1 and d["command"] == "load" and d["items"][0]["item"].endswith("r\ufffd\ufffds.smack") and d["items"][0]["status"] == "valid" and d["items"][0]["errno"] == 0 and d["items"][0]["errno_name"] is None' \
	"$lsmctl" load smack --dry-run --json "$bad"
json errno-name 'd["items"][0]["status"] == "failed" and d["items"][0]["errno"] == 2 and d["items"][0]["errno_name"] == "ENOENT" and "r\ufffd" in d["items"][0]["item"]' \
	"$lsmctl" load smack --json "$tmp/r$(printf '\377')missing"
json pretty 'd["version"] == 1' "$lsmctl" status --json=pretty
[ "$(wc -l <"$tmp/out")" -gt 5 ] && ok || fail "--json=pretty is not indented over lines"
json short 'd["version"] == 1' "$lsmctl" status --json=short
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || fail "--json=short is not one line"
# The proposed policy syscalls are those of the revision built in.
if "$lsmctl" --version | grep -q 'ABI=unified'; then
	policy_calls='["lsm_config_policy"]'
else
	policy_calls='["lsm_config_self_policy","lsm_config_system_policy"]'
fi
json status-shape 'set(x["name"] for x in d["lsms"]) >= {"apparmor","selinux","smack"} and [s["name"] for s in d["syscalls"]] == ["lsm_list_modules","lsm_set_self_attr"] + '"$policy_calls"' + ["lsm_unshare"] and all("loaded" in x for x in d["lsms"] if x["policy"])' \
	"$lsmctl" status --json
# Items look alike in every command that reports them.
keys='{"item","lsm","status","errno","errno_name","message"}'
json item-load "$keys <= set(d[\"items\"][0])" "$lsmctl" load smack -d --json "$tmp/rules.smack"
json item-remove "d['command'] == 'remove' and $keys <= set(d['items'][0])" "$lsmctl" remove apparmor --json no-such-profile
json item-ns "d['command'] == 'ns' and $keys <= set(d['items'][0])" "$lsmctl" ns remove --json no-such-ns
json item-boot "d['command'] == 'boot' and all($keys <= set(i) for i in d['items'])" \
	"$lsmctl" boot --dry-run --json --smack-dir "$tmp"
# A build without syscall numbers never asks: the status says so, not "absent".
if "$lsmctl" --version | grep -q -- '-SYSCALL_POLICY'; then
	json not-asked '[s["kernel"] for s in d["syscalls"] if s["name"] == "lsm_config_system_policy"] == ["not-asked"] and all(x["syscall_system"] == "not-asked" for x in d["lsms"] if x["policy"])' \
		"$lsmctl" status --json
	"$lsmctl" status | grep -q 'lsm_config_system_policy  *proposed  *not asked  *no number: never called' && ok ||
		fail "status text does not say lsm_config_system_policy is never called"
fi

# --- output that cannot be written ------------------------------------------------------
if [ -w /dev/full ]; then
	for args in "status" "status --json" "--help" "--version" "help load" \
		"load smack --dry-run $tmp/rules.smack"; do
		# shellcheck disable=SC2086
		to=full says "full-$args" 1 "writing to standard output: No space left" "$lsmctl" $args
	done
	to=
fi
to=closed says closed-stdout 1 "writing to standard output: Bad file descriptor" "$lsmctl" status
to=closed says closed-stdout-json 1 "writing to standard output" "$lsmctl" load smack -d --json "$tmp/rules.smack"
to=

# --- AppArmor profile sources -----------------------------------------------------------
if parser=$(command -v apparmor_parser || ls /usr/sbin/apparmor_parser /sbin/apparmor_parser 2>/dev/null | head -n 1) &&
	[ -n "$parser" ]; then
	json source-one 'd["items"][0]["status"] == "valid" and d["items"][0]["compiled"] is True and d["items"][0]["count"] == 1' \
		"$lsmctl" load apparmor --dry-run --features-file "$features" --json "$vmdata/lsmc-load-a.apparmor"
	mkdir -p "$tmp/aa/abstractions" "$tmp/aa/tunables" "$tmp/aa/local" "$tmp/aa/disable"
	for n in 1 2 3 4 5 6; do
		printf 'profile cli-%s /x%s {\n  /tmp/** r,\n}\n' $n $n >"$tmp/aa/cli-$n"
	done
	mv "$tmp/aa/cli-3" "$tmp/aa/cli-3~"
	mv "$tmp/aa/cli-4" "$tmp/aa/.cli-4"
	mv "$tmp/aa/cli-6" "$tmp/aa/cli-6.dpkg-old"
	ln -s ../cli-5 "$tmp/aa/disable/cli-5"
	printf 'garbage that does not compile\n' >"$tmp/aa/abstractions/base"
	json source-dir "[i[\"item\"] for i in d[\"items\"]] == [\"$tmp/aa/cli-1\", \"$tmp/aa/cli-2\"] and all(i[\"status\"] == \"valid\" for i in d[\"items\"])" \
		"$lsmctl" load apparmor -d -F "$features" --json "$tmp/aa"
	printf 'profile bad {\n  /tmp/** rwz,\n}\n' >"$tmp/bad.apparmor"
	says source-bad 1 "bad.apparmor: .*parser error" "$lsmctl" load apparmor -d -F "$features" "$tmp/bad.apparmor"
	says source-bad-first 1 "cli-1: not attempted" "$lsmctl" load apparmor -d -F "$features" "$tmp/bad.apparmor" "$tmp/aa/cli-1"
	# A stray file (empty, an editor's leftover) is one more source, as for
	# apparmor_parser; one that does not compile stops the load, unless
	# --continue: then it is named and the rest loads (exit 3).
	: >"$tmp/aa/stray"
	cp "$tmp/bad.apparmor" "$tmp/aa/zz-bad"
	says dir-bad-stops 1 "zz-bad: .*parser error" "$lsmctl" load apparmor -d -F "$features" "$tmp/aa"
	json dir-continue "[(i[\"item\"].rsplit(\"/\", 1)[1], i[\"status\"]) for i in d[\"items\"]] == [(\"cli-1\", \"valid\"), (\"cli-2\", \"valid\"), (\"stray\", \"empty\"), (\"zz-bad\", \"failed\")]" \
		"$lsmctl" load apparmor -d -c -F "$features" --json "$tmp/aa"
	"$lsmctl" load apparmor -d -c -F "$features" "$tmp/aa" >/dev/null 2>&1
	[ $? -eq 3 ] && ok || fail "dir-continue-exit: a partly valid directory with --continue does not exit 3"
	says dir-skipped-named 3 "cli-6.dpkg-old: skipped, as apparmor_parser skips it" \
		"$lsmctl" -v load apparmor -d -c -F "$features" "$tmp/aa"
	rm -f "$tmp/aa/stray" "$tmp/aa/zz-bad"
	# A syscall the build has no number for is never called: nothing refused it.
	if "$lsmctl" --version | grep -q -- '-SYSCALL_POLICY'; then
		says not-called 1 "lsmc-load-a.apparmor: lsm_config_system_policy: not called: this build has no syscall number for it" \
			"$lsmctl" -b syscall load apparmor -F "$features" "$vmdata/lsmc-load-a.apparmor"
		if "$lsmctl" -b syscall load apparmor -F "$features" "$vmdata/lsmc-load-a.apparmor" 2>&1 | grep -q 'refused'; then
			fail "not-called: a syscall never called is reported refused"
		else ok; fi
	fi
else
	echo "SKIP source tests: apparmor_parser is not installed"
fi
says no-parser 1 "LSMCTL_APPARMOR_PARSER names /nonexistent, which is not an executable file" \
	env LSMCTL_APPARMOR_PARSER=/nonexistent "$lsmctl" load apparmor -d "$vmdata/lsmc-load-a.apparmor"
mkdir -p "$tmp/other"
printf 'just notes\n' >"$tmp/other/notes"
says other-dir 1 "other: neither a directory of profile sources nor an apparmor_parser cache" \
	"$lsmctl" load apparmor -d "$tmp/other"
json other-dir-json 'd["items"][0]["status"] == "failed" and d["items"][0]["errno_name"] == "EINVAL" and "neither" in d["items"][0]["message"]' \
	"$lsmctl" load apparmor -d --json "$tmp/other"

# --- --version names the compiled-in features ------------------------------------------
if "$lsmctl" --version | grep -q '+APPARMOR'; then ok; else fail "version-features"; fi
# --version and status (text and JSON) name the syscall revision built in.
"$lsmctl" --version | grep -qw "ABI=$abi" && ok ||
	fail "version-abi: not ABI=$abi: $("$lsmctl" --version | tail -1)"
"$lsmctl" status 2>/dev/null | grep -qx "Policy syscalls: revision $abi" && ok ||
	fail "status-abi: no 'Policy syscalls: revision $abi' line"
json status-json-abi "d['abi'] == '$abi'" "$lsmctl" status --json

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]

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

# Every JSON document a test sees is kept, and checked against the schema at
# the end (data/lsmctl.schema.json).
mkdir "$tmp/docs"
ndocs=0
keep_doc() { # NAME FILE
	ndocs=$((ndocs + 1))
	cp "$2" "$tmp/docs/$ndocs-$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' _).json"
}

# json NAME PYTHON-CHECK command...: stdout is valid UTF-8 JSON and d passes
# (with fd=N: the document written to descriptor N, stdout must stay empty;
# fd=2: the line of stderr that starts with "{", among lsmctl's messages)
json() {
	name=$1 expr=$2
	shift 2
	if [ "${fd:-}" = 2 ]; then
		"$@" >"$tmp/stdout" 2>"$tmp/err"
		grep '^{' "$tmp/err" >"$tmp/out"
	elif [ -n "${fd:-}" ]; then
		eval '"$@" >"$tmp/stdout" 2>"$tmp/err" '"$fd"'>"$tmp/out"'
	else
		"$@" >"$tmp/out" 2>"$tmp/err"
	fi
	if [ -n "${fd:-}" ]; then
		if [ -s "$tmp/stdout" ]; then
			fail "$name: wrote to stdout, which is the command's: $(cat "$tmp/stdout")"
			return
		fi
	else
		"$@" >"$tmp/out" 2>"$tmp/err"
	fi
	keep_doc "$name" "$tmp/out"
	if python3 -c '
import base64, json, sys
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
json utf8-name 'd["version"] == 2 and d["command"] == "load" and d["items"][0]["item"].endswith("r\ufffd\ufffds.smack") and d["items"][0]["status"] == "valid" and d["items"][0]["errno"] is None and d["items"][0]["errno_name"] is None' \
	"$lsmctl" load smack --dry-run --json "$bad"
json errno-name 'd["items"][0]["status"] == "failed" and d["items"][0]["errno"] == 2 and d["items"][0]["errno_name"] == "ENOENT" and "r\ufffd" in d["items"][0]["item"]' \
	"$lsmctl" load smack --json "$tmp/r$(printf '\377')missing"
json pretty 'd["version"] == 2' "$lsmctl" status --json=pretty
[ "$(wc -l <"$tmp/out")" -gt 5 ] && ok || fail "--json=pretty is not indented over lines"
json short 'd["version"] == 2' "$lsmctl" status --json=short
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
# Commands that would change the host's policy run against an empty root:
# they fail there as they would on a machine without AppArmor, and leave the
# host alone (its policy, and /run/liblsmconfig for the load lock).
mkdir "$tmp/host-untouched"
json item-remove "d['command'] == 'remove' and $keys <= set(d['items'][0])" \
	env LSMCONFIG_ROOT="$tmp/host-untouched" "$lsmctl" remove apparmor --json no-such-profile
json item-ns "d['command'] == 'ns' and $keys <= set(d['items'][0])" \
	env LSMCONFIG_ROOT="$tmp/host-untouched" "$lsmctl" ns remove --json no-such-ns
json item-boot "d['command'] == 'boot' and all($keys <= set(i) for i in d['items'])" \
	"$lsmctl" boot --dry-run --json --smack-dir "$tmp"
# A build without syscall numbers never asks: the status says so, not "absent".
if "$lsmctl" --version | grep -q -- '-SYSCALL_POLICY'; then
	json not-asked '[s["kernel"] for s in d["syscalls"] if s["name"] == "lsm_config_system_policy"] == ["not-asked"] and all(x["syscall_system"] == "not-asked" for x in d["lsms"] if x["policy"])' \
		"$lsmctl" status --json
	"$lsmctl" status | grep -q 'lsm_config_system_policy  *proposed  *not-asked  *no number: never called' && ok ||
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
	says source-bad-first 1 "cli-1: not-attempted" "$lsmctl" load apparmor -F "$features" "$tmp/bad.apparmor" "$tmp/aa/cli-1"
	# A dry run checks every item all the same, and exits as the load would.
	json source-bad-first-dry '[i["status"] for i in d["items"]] == ["invalid", "valid"] and d["items"][1]["count"] == 1 and d["exit_status"] == 1' \
		"$lsmctl" load apparmor -d -F "$features" --json "$tmp/bad.apparmor" "$tmp/aa/cli-1"
	# A stray file (empty, an editor's leftover) is one more source, as for
	# apparmor_parser; one that does not compile stops the load, unless
	# --continue: then it is named and the rest loads (exit 3).
	: >"$tmp/aa/stray"
	cp "$tmp/bad.apparmor" "$tmp/aa/zz-bad"
	says dir-bad-stops 1 "zz-bad: .*parser error" "$lsmctl" load apparmor -d -F "$features" "$tmp/aa"
	json dir-continue "[(i[\"item\"].rsplit(\"/\", 1)[1], i[\"status\"]) for i in d[\"items\"]] == [(\"cli-1\", \"valid\"), (\"cli-2\", \"valid\"), (\"stray\", \"skipped\"), (\"zz-bad\", \"invalid\")] and d[\"exit_status\"] == 3" \
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
json other-dir-json 'd["items"][0]["status"] == "invalid" and d["items"][0]["errno_name"] == "EINVAL" and "neither" in d["items"][0]["message"]' \
	"$lsmctl" load apparmor -d --json "$tmp/other"

# --- --version names the compiled-in features ------------------------------------------
if "$lsmctl" --version | grep -q '+APPARMOR'; then ok; else fail "version-features"; fi
# --version and status (text and JSON) name the syscall revision built in.
"$lsmctl" --version | grep -qw "ABI=$abi" && ok ||
	fail "version-abi: not ABI=$abi: $("$lsmctl" --version | tail -1)"
"$lsmctl" status 2>/dev/null | grep -qx "Policy syscalls: revision $abi" && ok ||
	fail "status-abi: no 'Policy syscalls: revision $abi' line"
json status-json-abi "d['abi'] == '$abi'" "$lsmctl" status --json

# --- JSON: a document from every command, also on failure ---------------------------------
# usage errors: still one line on stderr, and with --json a report that says so
for args in "frob --json" "--json load frob x" "load apparmor --json --ns" "status --json extra" \
	"ns --json lsit" "boot --json extra" "remove --json smack x" \
	"load smack --json --self $tmp/rules.smack"; do
	# shellcheck disable=SC2086 # the words of each line
	json "usage $args" 'd["error"]["kind"] == "usage" and d["exit_status"] == 2 and d["error"]["message"] and d["error"]["errno"] is None' \
		"$lsmctl" $args
done
# a wrapper's, on stderr: stdout would be its command's
fd=2 json "usage unshare" 'd["error"]["kind"] == "usage" and d["command"] == "unshare"' "$lsmctl" unshare apparmor --json
check usage-json-one-line 2 "$lsmctl" status --json extra
# "--json" as an option's argument (a namespace named so) asks for no JSON
out=$("$lsmctl" load apparmor -d --ns --json "$tmp/no-such.bin" 2>/dev/null)
case $out in "{"*) fail "json-as-argument: JSON printed: $out" ;; *) ok ;; esac
# failures without items: each command still prints its object
if ! [ -d /sys/kernel/security/apparmor ]; then
	json ns-list-failed 'd["command"] == "ns" and d["error"]["kind"] == "failed" and d["error"]["errno_name"] == "ENOENT" and d["exit_status"] == 1' \
		"$lsmctl" ns list --json
	json ns-prune-failed 'd["command"] == "ns" and d["error"]["kind"] == "failed" and d["exit_status"] == 1' \
		"$lsmctl" ns prune --json
	fd=3 json unshare-failed 'd["command"] == "unshare" and d["error"]["kind"] == "failed" and d["exit_status"] == 1' \
		"$lsmctl" unshare apparmor --json-fd=3 -- echo never
	json remove-failed 'd["items"][0]["status"] == "failed" and d["items"][0]["atomic"] is None and d["exit_status"] == 1' \
		env LSMCONFIG_ROOT="$tmp/host-untouched" "$lsmctl" remove apparmor --json no-such-profile
	json ns-create-failed 'd["items"][0]["status"] == "failed" and d["exit_status"] == 1' \
		env LSMCONFIG_ROOT="$tmp/host-untouched" "$lsmctl" ns create --json lsmc-cli-x
else
	echo "SKIP failure documents of ns and unshare: AppArmor is mounted here"
fi
json status-ok 'd["command"] == "status" and d["exit_status"] == 0 and "error" not in d' "$lsmctl" status --json
mkdir -p "$tmp/no-smack-rules"
json boot-dry 'd["command"] == "boot" and d["dry_run"] is True and d["exit_status"] == 0' \
	"$lsmctl" boot --dry-run --json --smack-dir "$tmp/no-smack-rules"
# one spelling of each status word: the item's errno is null when there is no error
json errno-null 'all((i["errno"] is None) == (i["errno_name"] is None) == (i["status"] not in ("failed", "invalid")) for i in d["items"])' \
	"$lsmctl" load smack -d --json "$tmp/rules.smack" "$tmp/no-such.smack"
# SELinux's configured policy: null, in load as in boot (the schema says so)
json configured-null 'd["items"][0]["item"] is None' "$lsmctl" load selinux -d --json
# "atomic" answers only for what the kernel took: null for a dry run, whatever the LSM
json atomic-dry-smack 'd["items"][0]["atomic"] is None' "$lsmctl" load smack -d --json "$tmp/rules.smack"
json atomic-dry-selinux 'd["items"][0]["atomic"] is None' "$lsmctl" load selinux -d --json "$src/tests/data/selinux-minimal.33"
json atomic-dry-apparmor 'd["items"][0]["atomic"] is None and d["items"][0]["count"] >= 1' \
	"$lsmctl" load apparmor -d --json "$src/tests/data/apparmor-multi.bin"

# --- a wrapper's report goes where the caller says, never to COMMAND's stdout -----------
# (the command itself runs in the live tests: lsmctl-unshare-apparmor)
printf 'LsmcA LsmcB r\n' >"$tmp/self.smack"
fd=2 json self-json-stderr 'd["command"] == "load"' "$lsmctl" load smack --self --json "$tmp/self.smack" -- echo from-the-command
fd=3 json self-json-fd 'd["command"] == "load" and d["items"][0]["item"].endswith("self.smack")' \
	"$lsmctl" load smack --self --json-fd=3 "$tmp/self.smack" -- echo from-the-command
fd=2 json unshare-json-stderr 'd["command"] == "unshare"' "$lsmctl" unshare smack --json -- echo from-the-command
says json-fd-closed 2 "json-fd=9: no such open file descriptor" "$lsmctl" unshare apparmor --json-fd=9 -- true
says json-fd-bad 2 "json-fd takes a file descriptor number, not 'x'" "$lsmctl" load smack --json-fd=x -d "$tmp/rules.smack"

# --- a dry run says, per item, valid, invalid or skipped, and the exit a load would have --
printf 'LsmcA LsmcB rw\nLsmcB LsmcC r\n' >"$tmp/two.smack"
printf 'LsmcA LsmcB rwq\n' >"$tmp/bad.smack"
json dry-smack '[(i["status"], i["count"]) for i in d["items"]] == [("valid", 2), ("invalid", 0), ("invalid", 0), ("valid", 1)] and d["items"][1]["errno_name"] == "ENOENT" and d["items"][2]["message"] and d["exit_status"] == 1' \
	"$lsmctl" load smack -d --json "$tmp/two.smack" "$tmp/no-such.smack" "$tmp/bad.smack" "$tmp/rules.smack"
"$lsmctl" load smack -d "$tmp/two.smack" "$tmp/no-such.smack" "$tmp/rules.smack" >"$tmp/dry.out" 2>"$tmp/dry.err"
[ $? -eq 1 ] && grep -q 'rules.smack: valid, 1 item(s)' "$tmp/dry.out" &&
	grep -q 'loading would exit with 1' "$tmp/dry.out" && ok ||
	fail "dry-smack-text: $(cat "$tmp/dry.out" "$tmp/dry.err")"
# a missing path under --continue is an item; the items after it are still checked
json dry-missing-continue '[(i["item"].rsplit("/", 1)[1], i["status"]) for i in d["items"]] == [("apparmor-one.bin", "valid"), ("no-such.bin", "invalid"), ("apparmor-multi.bin", "valid")] and d["items"][1]["errno_name"] == "ENOENT" and d["exit_status"] == 3' \
	"$lsmctl" load apparmor -d -c --json "$src/tests/data/apparmor-one.bin" "$tmp/no-such.bin" "$src/tests/data/apparmor-multi.bin"
"$lsmctl" load apparmor -d -c "$src/tests/data/apparmor-one.bin" "$tmp/no-such.bin" "$src/tests/data/apparmor-multi.bin" >"$tmp/dry.out" 2>"$tmp/dry.err"
[ $? -eq 3 ] && grep -q 'apparmor-multi.bin: valid' "$tmp/dry.out" && grep -q 'no-such.bin: No such file' "$tmp/dry.err" && ok ||
	fail "dry-missing-continue-text: $(cat "$tmp/dry.out" "$tmp/dry.err")"
# without --continue a load stops there: the rest are named, not attempted
json missing-stops '[i["status"] for i in d["items"]] == ["failed", "not-attempted"] and d["exit_status"] == 1' \
	"$lsmctl" load apparmor --json "$tmp/no-such.bin" "$src/tests/data/apparmor-one.bin"

# --- names shown safely: escaped for a terminal, recoverable in JSON -----------------------
nl=$(printf 'n\nl.smack')
esc=$(printf 'e\033[2Jx.smack')
ff=$(printf 'b\377.smack')
fe=$(printf 'b\376.smack')
for f in "$nl" "$esc" "$ff" "$fe"; do cp "$tmp/rules.smack" "$tmp/$f"; done
"$lsmctl" load smack -d "$tmp/$nl" "$tmp/$esc" "$tmp/$ff" >"$tmp/names.out" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/names.out" || LC_ALL=C grep -q "$(printf '\377')" "$tmp/names.out" ||
	[ "$(grep -c 'valid, 1 item' "$tmp/names.out")" -ne 3 ]; then
	fail "names-text: raw control or invalid bytes reach the terminal: $(cat -A "$tmp/names.out")"
elif grep -qF 'n\nl.smack: valid' "$tmp/names.out" && grep -qF 'e\x1b[2Jx.smack: valid' "$tmp/names.out" &&
	grep -qF 'b\xff.smack: valid' "$tmp/names.out"; then ok
else fail "names-text: not escaped as \\n, \\x1b, \\xff: $(cat -A "$tmp/names.out")"; fi
# errors name the file escaped too (the load fails in the empty root)
env LSMCONFIG_ROOT="$tmp/host-untouched" "$lsmctl" load smack "$tmp/$esc" >/dev/null 2>"$tmp/names.err"
LC_ALL=C grep -q "$(printf '\033')" "$tmp/names.err" && fail "names-error: ESC on stderr: $(cat -A "$tmp/names.err")" || ok
grep -qF 'e\x1b[2Jx.smack' "$tmp/names.err" && ok || fail "names-error: the file is not named, escaped: $(cat -A "$tmp/names.err")"
json names-json '[i["item"].rsplit("/", 1)[1] for i in d["items"]] == ["n\nl.smack", "e\x1b[2Jx.smack", "b\ufffd.smack", "b\ufffd.smack"] and [base64.b64decode(i["item_base64"]).rsplit(b"/", 1)[1] for i in d["items"][2:]] == [b"b\xff.smack", b"b\xfe.smack"] and "item_base64" not in d["items"][0]' \
	"$lsmctl" load smack -d --json "$tmp/$nl" "$tmp/$esc" "$tmp/$ff" "$tmp/$fe"

# --- every document above holds to the schema -----------------------------------------------
if python3 -c 'import jsonschema' 2>/dev/null; then
	if "$src/tests/check-json-schema.py" "$src/data/lsmctl.schema.json" "$tmp"/docs/*.json >"$tmp/schema.out"; then
		ok
	else
		fail "schema: $(grep FAIL "$tmp/schema.out")"
	fi
	[ "$ndocs" -ge 40 ] && ok || fail "schema: only $ndocs documents checked"
else
	echo "SKIP schema: the Python module jsonschema is not installed (scripts/install-deps.sh installs python3-jsonschema)"
fi

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]

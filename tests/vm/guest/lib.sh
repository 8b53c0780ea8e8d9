# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck shell=sh
# Helpers for the guest scripts (busybox sh). Sourced as /test/lib.sh.

fail() {
	echo "FAIL: $*"
	exit 1
}

ok() { echo "ok: $*"; }

# the major LSMs the kernel runs, from securityfs
active_lsms() { cat /sys/kernel/security/lsm 2>/dev/null; }

require_lsm() {
	case ",$(active_lsms)," in
	*",$1,"*) ok "kernel runs $1 ($(active_lsms))" ;;
	*) fail "kernel does not run $1: /sys/kernel/security/lsm reads '$(active_lsms)'" ;;
	esac
}

# write_once FILE PATH: the whole of FILE in a single write() to PATH, as the
# kernel requires for AppArmor and SELinux policy (busybox dd, one block).
write_once() {
	_size=$(wc -c <"$1")
	dd if="$1" of="$2" bs="$_size" count=1 conv=notrunc 2>/tmp/dd.err
	_rc=$?
	if [ $_rc -eq 0 ] && ! grep -q '^1+0 records out' /tmp/dd.err; then
		echo "dd did not write $_size bytes in one block: $(cat /tmp/dd.err)"
		return 1
	fi
	[ $_rc -eq 0 ] || cat /tmp/dd.err
	return $_rc
}

# Checks that go on after a failure, so that one broken area does not hide
# the others: fail_later and skip_later record, finish exits with 1 when a
# check failed, 77 when one could not run (with the reasons), else 0.
failures=0
skips=
fail_later() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
skip_later() {
	echo "SKIP: $*"
	skips="${skips:+$skips; }$*"
}
# refused_saying ERR WHAT WANT BLAME: fail_later unless the command whose status
# is $rc exited 1 with its stderr (file ERR) matching WANT and not BLAME (grep -Ei
# patterns): a refusal that names its cause, not a wrong one.
refused_saying() {
	[ "$rc" -eq 1 ] || fail_later "$2: exit $rc, want 1"
	grep -qEi "$3" "$1" || fail_later "$2: the message does not say '$3': $(cat "$1")"
	if grep -qEi "$4" "$1"; then fail_later "$2: the message says '$4': $(cat "$1")"; fi
}
# passed MESSAGE: ok MESSAGE, unless a check failed since the last passed
_failures_seen=0
passed() {
	if [ "$failures" -eq "$_failures_seen" ]; then ok "$*"; fi
	_failures_seen=$failures
}
finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	if [ -n "$skips" ]; then
		echo "not every check could run: $skips"
		exit 77
	fi
	echo "all checks passed"
	exit 0
}

# run_lsmctl NAME ARGS...: run lsmctl ARGS with stdout in /tmp/NAME.out and
# stderr in /tmp/NAME.err, show both, and set $rc to its exit status. Every
# --json document (a line of either that starts with {"version":) is also
# printed as "LSMC-JSON NAME: DOCUMENT" for the host, which checks it
# against data/lsmctl.schema.json (run-vm.sh); json_doc NAME FILE does the
# same for a document a script saved itself.
run_lsmctl() {
	_name=$1
	shift
	echo "\$ lsmctl $*"
	rc=0
	lsmctl "$@" >"/tmp/$_name.out" 2>"/tmp/$_name.err" || rc=$?
	sed 's/^/  | /' "/tmp/$_name.out" "/tmp/$_name.err"
	echo "  exit $rc"
	json_doc "$_name" "/tmp/$_name.out" "/tmp/$_name.err"
}
json_doc() {
	_jname=$1
	shift
	grep -h '^{"version":' "$@" 2>/dev/null | sed "s/^/LSMC-JSON $_jname: /"
}

# json_item FILE ITEM: the object of ITEM in `lsmctl load --json` output,
# on one line (empty, status 1, when ITEM is not reported); ITEM null: the
# item without a name (SELinux's configured policy).
json_item() {
	if [ "$2" = null ]; then
		set -- "$1" '{"item":null'
	else
		set -- "$1" "{\"item\":\"$2\""
	fi
	tr -d '\n' <"$1" | sed 's/{"item"[[:space:]]*:/\n&/g' | grep -F "$2"
}

# json_has OBJECT KEY JSON-VALUE, e.g. json_has "$o" status '"loaded"'
json_has() {
	printf '%s\n' "$1" | grep -qE "\"$2\"[[:space:]]*:[[:space:]]*$3[[:space:]]*(,|}|$)"
}

# json_expect FILE ITEM KEY=VALUE...: fail_later for every member of ITEM's
# object that differs (VALUE in JSON: '"loaded"', true, 3).
json_expect() {
	_file=$1 _item=$2
	shift 2
	_obj=$(json_item "$_file" "$_item") || {
		fail_later "no item \"$_item\" in the JSON report: $(cat "$_file")"
		return 0
	}
	_bad=0
	for _kv in "$@"; do
		if ! json_has "$_obj" "${_kv%%=*}" "${_kv#*=}"; then
			fail_later "$_item: \"${_kv%%=*}\" is not ${_kv#*=}: $_obj"
			_bad=1
		fi
	done
	[ $_bad -eq 1 ] || ok "$_item: $*"
}

# AppArmor's hash of a loaded profile's policy blob: raw_sha1 on Linux 6.1,
# raw_sha256 on later kernels (CONFIG_SECURITY_APPARMOR_HASH). aa_hash_algo
# NAME (not in a subshell) sets $aa_hash_algo to sha1 or sha256 from the file
# loaded profile NAME has, status 1 when it has neither; aa_hash_of NAME
# prints the hash; aa_sum FILE... hashes the files concatenated with that
# algorithm, as the kernel hashed one write of them.
aa_hash_algo=
aa_hash_algo() {
	for _f in /sys/kernel/security/apparmor/policy/profiles/"$1".*/raw_sha256 \
		/sys/kernel/security/apparmor/policy/profiles/"$1".*/raw_sha1; do
		if [ -e "$_f" ]; then
			aa_hash_algo=${_f##*/raw_}
			return 0
		fi
	done
	return 1
}
# aa_hash_of NAME: the hash apparmorfs shows for profile NAME. Each distinct
# hash once: Linux 6.1 leaves the directories of profiles a failed load made
# (README.md, finding 1) beside the live one's, under the same name.
aa_hash_of() { cat /sys/kernel/security/apparmor/policy/profiles/"$1".*/raw_"${aa_hash_algo:-sha1}" 2>/dev/null | sort -u; }
aa_sum() { cat "$@" | "${aa_hash_algo:-sha1}sum" | cut -d' ' -f1; }

# wait_while TRIES COMMAND...: poll COMMAND every 0.05 s while it succeeds, at
# most TRIES times; $waited is the number of polls that found it still true.
wait_while() {
	_tries=$1
	shift
	waited=0
	while "$@" && [ $waited -lt "$_tries" ]; do
		sleep 0.05
		waited=$((waited + 1))
	done
}

# status_json: lsmctl status --json into /tmp/status.json (shown), or fail.
status_json() {
	_rc=0
	lsmctl status --json >/tmp/status.json 2>/tmp/status.err || _rc=$?
	cat /tmp/status.json
	json_doc status /tmp/status.json
	[ $_rc -eq 0 ] || fail "lsmctl status --json exited $_rc: $(cat /tmp/status.err)"
}

# status_entry LSM: LSM's object in /tmp/status.json on one line (the document
# cut before each "name" key), status 1 when it is not listed.
status_entry() {
	tr -d '\n' </tmp/status.json | sed 's/"name"[[:space:]]*:/\n&/g' |
		grep -E "^\"name\"[[:space:]]*:[[:space:]]*\"$1\""
}

# status_reports JSON LINE: fail_later unless `lsmctl status --json` (newlines
# taken out) holds JSON and `lsmctl status` has a line that starts with LINE
# (both grep patterns).
status_reports() {
	run_lsmctl status status --json
	tr -d '\n' </tmp/status.out | grep -q "$1" ||
		fail_later "lsmctl status --json does not hold $1"
	run_lsmctl status-text status
	grep -q "^$2" /tmp/status-text.out ||
		fail_later "lsmctl status has no line: $2"
}

# write_self_inside: /tmp/self-inside.sh, the command a self load confines. It
# records its label in /tmp/self.label, whether it could write the file its
# profile forbids (wrote or refused) in /tmp/self.denied, then writes "ran" to
# /tmp/self.ran and waits (5 s at most) for /tmp/self.go while the root looks.
write_self_inside() {
	cat >/tmp/self-inside.sh <<'EOS'
#!/bin/sh
cat /proc/self/attr/current >/tmp/self.label
if echo x 2>/dev/null >/tmp/lsmc-self-forbidden; then echo wrote >/tmp/self.denied; else echo refused >/tmp/self.denied; fi
echo ran >/tmp/self.ran
i=0
while [ ! -e /tmp/self.go ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
EOS
	chmod 755 /tmp/self-inside.sh
}

# status_matches_profiles JSON TEXT: fail unless `lsmctl status` (its --json
# document in JSON, its text in TEXT) has, for what apparmorfs's profiles
# file lists ("name (mode)", with ":ns:" or ":ns://" before a profile of
# another namespace), the count of each mode and each profile under its
# namespace with its mode.
status_matches_profiles() {
	_p=/sys/kernel/security/apparmor/profiles
	_n=$(wc -l <$_p)
	_json=$(tr -d '\n' <"$1")
	for _mode in $(sed -n 's/.* (\([^()]*\))$/\1/p' $_p | sort -u); do
		_c=$(grep -c " ($_mode)\$" $_p)
		printf '%s\n' "$_json" | grep -q "\"loaded\":{\"profiles\":$_n,\"counts\":{[^}]*\"$_mode\":$_c[,}]" ||
			fail "apparmor: loaded.counts does not have $_mode: $_c: $_json"
	done
	while IFS= read -r _line; do
		_ns='(root)' _prof=$_line
		case $_line in
		:*:*)
			_ns=${_line#:}
			_ns=${_ns%%:*}
			_prof=${_line#:"$_ns":}
			_prof=${_prof#//}
			;;
		esac
		awk -v ns="  namespace $_ns:" -v p="    $_prof" '
			index($0, "  namespace ") == 1 { in_ns = index($0, ns) == 1; next }
			in_ns && $0 == p { found = 1 }
			END { exit !found }' "$2" ||
			fail "the status text does not list '$_prof' under namespace $_ns"
	done <$_p
	echo "ok: lsmctl status: $_n profile(s), each under its namespace with its mode, as $_p lists them"
}

#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# lsmctl status in a kernel running LSM: the LSM is listed active, neither
# policy syscall exists (Linux 6.1), and its pseudo-fs is in state FS.
# usage: lsmctl-status.sh LSM FS      e.g. lsmctl-status.sh smack writable
# shellcheck source=lib.sh
. /test/lib.sh
lsm=${1:?usage: lsmctl-status.sh LSM FS}
want_fs=${2:?usage: lsmctl-status.sh LSM FS}

echo "kernel LSMs: $(active_lsms)"
lsmctl status >/tmp/status.txt 2>&1
rc=$?
cat /tmp/status.txt
[ $rc -eq 0 ] || fail "lsmctl status exited $rc"
grep -qw "$lsm" /tmp/status.txt || fail "lsmctl status does not mention $lsm"
ok "lsmctl status"

lsmctl status --json >/tmp/status.json 2>/tmp/status.err
rc=$?
cat /tmp/status.json
[ $rc -eq 0 ] || fail "lsmctl status --json exited $rc: $(cat /tmp/status.err)"

# one line per LSM entry: cut the document before each "name" key
entry() {
	tr -d '\n' </tmp/status.json | sed 's/"name"[[:space:]]*:/\n&/g' |
		grep -E "^\"name\"[[:space:]]*:[[:space:]]*\"$1\""
}
# has ENTRY KEY JSON-VALUE
has() {
	printf '%s\n' "$1" | grep -qE "\"$2\"[[:space:]]*:[[:space:]]*$3[[:space:]]*[,}]"
}

e=$(entry "$lsm") || fail "$lsm not listed by lsmctl status --json"
has "$e" active true || fail "$lsm not active: $e"
has "$e" syscall_self '"absent"' || fail "$lsm: syscall_self is not \"absent\": $e"
has "$e" syscall_system '"absent"' || fail "$lsm: syscall_system is not \"absent\": $e"
has "$e" fs "\"$want_fs\"" || fail "$lsm: fs is not \"$want_fs\": $e"
ok "$lsm: active, both syscalls absent, fs $want_fs"

for other in apparmor selinux smack; do
	[ "$other" != "$lsm" ] || continue
	if o=$(entry "$other") && has "$o" active true; then
		fail "$other reported active in a kernel booted with lsm=...,$lsm: $o"
	fi
done
ok "no other major LSM reported active"

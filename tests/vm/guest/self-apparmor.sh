#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load apparmor --self FILE.bin -- COMMAND on a kernel without a
# policy syscall that loads compiled policy for the caller (6.1): as root,
# a policy namespace of a random name (lsmc-self.XXXXXXXXXXXXXXXX) holds the policy,
# its profile is stacked onto the command, and the namespace is gone once
# the command has ended. The command's exit status is lsmctl's.
# usage: self-apparmor.sh SELF.bin
# shellcheck source=lib.sh
. /test/lib.sh
rc=0
blob=${1:?usage: self-apparmor.sh SELF.bin}
aa=/sys/kernel/security/apparmor
require_lsm apparmor

# The command records its label and tries a write its profile denies, then
# waits until this script has looked at it from the root namespace.
cat >/tmp/inside.sh <<'EOS'
#!/bin/sh
cat /proc/self/attr/current >/tmp/inside.label
if echo x >/tmp/lsmc-self-forbidden 2>/dev/null; then echo written; else echo denied; fi >/tmp/inside.write
echo $$ >/tmp/inside.pid
n=0
while [ ! -e /tmp/go ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
exit 5
EOS
chmod +x /tmp/inside.sh
rm -f /tmp/go /tmp/inside.pid

echo "\$ lsmctl load apparmor --self $blob -- /tmp/inside.sh &"
lsmctl load apparmor --self "$blob" -- /tmp/inside.sh >/tmp/self.out 2>/tmp/self.err &
lsmctl_pid=$!
n=0
while [ ! -s /tmp/inside.pid ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
pid=$(cat /tmp/inside.pid 2>/dev/null)
[ -n "$pid" ] || fail "the command did not run: $(cat /tmp/self.out /tmp/self.err)"
ns=$(ls "$aa/policy/namespaces" | grep '^lsmc-self\.')
case $ns in
lsmc-self.????????????????) ok "the command's namespace is $ns" ;;
*) fail_later "not one lsmc-self.<16 hex digits> namespace while the command runs: '$ns'" ;;
esac
[ "$ns" != "lsmc-self.$pid" ] || fail_later "the namespace is named after the pid"
# From the root namespace: the namespace exists and the command's label is
# its own stacked with the namespace's profile.
[ -d "$aa/policy/namespaces/$ns" ] || fail_later "namespace $ns is not there while the command runs"
host_label=$(cat "/proc/$pid/attr/current" 2>/dev/null)
case $host_label in
*":$ns:lsmc-self-blob"*) ok "seen from the root namespace, the command runs as '$host_label'" ;;
*) fail_later "seen from the root namespace, the command's label is '$host_label', not stacked with :$ns:lsmc-self-blob" ;;
esac
touch /tmp/go
rc=0
wait $lsmctl_pid || rc=$?
sed 's/^/  | /' /tmp/self.out /tmp/self.err
echo "  exit $rc"
[ "$rc" -eq 5 ] || fail_later "lsmctl exited $rc, not the command's status 5"
label=$(cat /tmp/inside.label 2>/dev/null)
case $label in
*lsmc-self-blob*) ok "inside, the command sees itself as '$label'" ;;
*) fail_later "inside, the command's label is '$label'" ;;
esac
[ "$(cat /tmp/inside.write 2>/dev/null)" = denied ] ||
	fail_later "the profile's deny rule did not hold: the command $(cat /tmp/inside.write 2>/dev/null) /tmp/lsmc-self-forbidden"
[ ! -e "$aa/policy/namespaces/$ns" ] || fail_later "namespace $ns is still there after the command"
if grep -q "^:$ns:" "$aa/profiles"; then fail_later "profiles of $ns are still loaded"; fi
[ "$(cat /proc/self/attr/current)" = unconfined ] ||
	fail_later "the caller's label changed: $(cat /proc/self/attr/current)"
passed "self load through a namespace of the command's own, removed afterwards"

# With --json the report goes to stderr (or --json-fd), never into the
# command's output: its stdout is byte for byte what it writes alone.
cmd='printf "from the command\\n\\033[1mbytes\\377\\n"; printf tail'
sh -c "$cmd" >/tmp/alone.out
run_lsmctl self-json load apparmor --self "$blob" --json -- sh -c "$cmd"
[ "$rc" -eq 0 ] || fail_later "load --self --json exited $rc"
cmp /tmp/alone.out /tmp/self-json.out ||
	fail_later "with --json, the command's stdout differs from its output alone: $(od -c /tmp/self-json.out | head -5)"
grep '^{"version":' /tmp/self-json.err >/tmp/self-json.doc ||
	fail_later "with --json, no report on stderr: $(cat /tmp/self-json.err)"
json_expect /tmp/self-json.doc "$blob" status='"loaded"' errno=null
echo "\$ lsmctl load apparmor --self $blob --json-fd=3 -- sh -c ... 3>/tmp/self-fd.doc"
rc=0
lsmctl load apparmor --self "$blob" --json-fd=3 -- sh -c "$cmd" >/tmp/self-fd.out 2>/tmp/self-fd.err \
	3>/tmp/self-fd.doc || rc=$?
sed 's/^/  | /' /tmp/self-fd.doc /tmp/self-fd.err
json_doc self-fd /tmp/self-fd.doc
[ "$rc" -eq 0 ] || fail_later "load --self --json-fd=3 exited $rc"
cmp /tmp/alone.out /tmp/self-fd.out ||
	fail_later "with --json-fd, the command's stdout differs from its output alone"
json_expect /tmp/self-fd.doc "$blob" status='"loaded"'
passed "load --self --json: the command's stdout is its own, byte for byte"

# A failing load runs nothing and leaves no namespace.
printf 'not policy' >/tmp/bad.bin
run_lsmctl bad load apparmor --self "$blob" /tmp/bad.bin -- /tmp/inside.sh
[ "$rc" -ne 0 ] && [ "$rc" -ne 5 ] || fail_later "a bad file gave exit $rc"
if ls "$aa/policy/namespaces" | grep -q '^lsmc-self\.'; then
	fail_later "a failed self load left a namespace: $(ls "$aa/policy/namespaces")"
fi
ok "a failed self load leaves nothing"

finish

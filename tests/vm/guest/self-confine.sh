#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# Self-confinement that cannot be turned against anyone (lsmctl load
# apparmor --self FILE.bin -- COMMAND), on a real kernel:
#  - a daemon COMMAND leaves behind stays confined after COMMAND exits, and
#    the namespace goes only when the daemon ends;
#  - two sandboxes whose processes have the same pid in two PID namespaces
#    stay apart;
#  - a wrapper killed with SIGKILL leaves a namespace that lsmctl ns prune
#    removes once, and only once, nothing runs under it;
#  - a setuid-root program under a self-loaded profile gains no privilege;
#  - policy that names its own namespace is refused, with a message;
#  - a process that Landlock keeps out of /sys: through the syscall it loads
#    (system as root, self as nobody); without it, the message says the
#    pseudo-filesystem was denied to it.
# ROUTE: fs (a kernel without the syscall route: lsmctl makes the namespace)
# or syscall (the proposal kernel: the kernel makes and reaps it).
# usage: self-confine.sh ROUTE DATA_DIR   (DATA_DIR: lsmc-self.bin,
#        lsmc-pidns-a.bin, lsmc-pidns-b.bin, lsmc-self-ns.bin,
#        lsmc-self-nsname.bin, lsmc-load-a.bin,
#        sandbox-probe)
# shellcheck source=lib.sh
. /test/lib.sh
route=${1:?usage: self-confine.sh fs|syscall DATA_DIR}
d=${2:?usage: self-confine.sh fs|syscall DATA_DIR}
aa=/sys/kernel/security/apparmor
require_lsm apparmor
probe=$d/sandbox-probe
chmod 1777 /tmp
chmod 755 "$probe"
for f in "$d"/*.bin; do chmod 644 "$f"; done

case $route in
fs) ns_glob='lsmc-self.*' ;;
syscall) ns_glob='self.*' ;;
*) fail "unknown route $route" ;;
esac
# self_namespaces: the namespaces self loads made, one per line
self_namespaces() {
	for _n in "$aa"/policy/namespaces/$ns_glob; do
		[ -e "$_n" ] && basename "$_n"
	done
}
ns_left() { [ -n "$(self_namespaces)" ]; }
label_of() { cat "/proc/$1/attr/current" 2>/dev/null; }

# --- a daemon outlives its command, confined -----------------------------------
cat >/tmp/daemon-cmd.sh <<'EOS'
#!/bin/sh
# start a daemon that leaves this process, then exit at once
setsid sh -c 'echo $$ >/tmp/daemon.pid
while [ ! -e /tmp/daemon.stop ]; do sleep 0.05; done
if echo x 2>/dev/null >/tmp/lsmc-self-forbidden; then echo wrote; else echo refused; fi >/tmp/daemon.write' \
	</dev/null >/dev/null 2>&1 &
exit 7
EOS
chmod 755 /tmp/daemon-cmd.sh
rm -f /tmp/daemon.pid /tmp/daemon.stop /tmp/daemon.write
echo "\$ lsmctl load apparmor --self lsmc-self.bin -- /tmp/daemon-cmd.sh &"
lsmctl -v load apparmor --self "$d/lsmc-self.bin" -- /tmp/daemon-cmd.sh >/tmp/daemon.out 2>&1 &
wrapper=$!
wait_while 200 [ ! -s /tmp/daemon.pid ]
dpid=$(cat /tmp/daemon.pid 2>/dev/null)
[ -n "$dpid" ] || fail "the daemon did not start: $(cat /tmp/daemon.out)"
# the command has exited (it does at once); give lsmctl time to act on it
sleep 1
label=$(label_of "$dpid")
case $label in
*lsmc-self-blob*) ok "after the command exited, the daemon runs as '$label'" ;;
*) fail_later "after the command exited, the daemon's label is '$label', not lsmc-self-blob" ;;
esac
nss=$(self_namespaces)
[ -n "$nss" ] || fail_later "no $ns_glob namespace while the daemon lives"
touch /tmp/daemon.stop
wait_while 100 [ ! -s /tmp/daemon.write ]
[ "$(cat /tmp/daemon.write 2>/dev/null)" = refused ] ||
	fail_later "the daemon could write what its profile denies: $(cat /tmp/daemon.write 2>/dev/null)"
rc=0
wait $wrapper || rc=$?
sed 's/^/  | /' /tmp/daemon.out
[ "$rc" -eq 7 ] || fail_later "lsmctl exited $rc, not the command's status 7"
wait_while 50 ns_left
[ -z "$(self_namespaces)" ] || fail_later "the namespace outlived the daemon: $(self_namespaces)"
passed "a daemon stays confined after its command; the namespace goes with the daemon"

# --- no privilege through execve: a setuid-root program --------------------------
cp "$probe" /tmp/suid-euid
chown 0:0 /tmp/suid-euid
chmod 4755 /tmp/suid-euid
plain=$(su -s /bin/sh nobody -c '/tmp/suid-euid euid' 2>&1)
[ "$plain" = 0 ] || skip_later "setuid-root does not work here (a nobody ran it as '$plain'): the NNP check proves nothing"
if [ "$route" = fs ]; then
	# as root: lsmctl confines, then the command drops to nobody and runs it
	under=$(lsmctl load apparmor --self "$d/lsmc-self.bin" -- "$probe" as 65534 /tmp/suid-euid euid 2>&1)
else
	under=$(su -s /bin/sh nobody -c "lsmctl load apparmor --self $d/lsmc-self.bin -- /tmp/suid-euid euid" 2>&1)
fi
case $under in
0) fail_later "a setuid-root program run under a self-loaded profile ran as root" ;;
65534) ok "under a self-loaded profile, the setuid-root program ran as 65534 (no_new_privs)" ;;
*) fail_later "the setuid check did not run: '$under'" ;;
esac
passed "no privilege through execve under a self-loaded profile"

# --- policy that names its own namespace: in its header, in a profile name -------
for f in lsmc-self-ns lsmc-self-nsname; do
	run_lsmctl ownns load apparmor --self "$d/$f.bin" -- /bin/true
	[ "$rc" -eq 1 ] || fail_later "$f: policy naming its own namespace: exit $rc, not 1"
	grep -q "may not name a namespace" /tmp/ownns.err ||
		fail_later "$f: the refusal does not say why: $(cat /tmp/ownns.err)"
	[ ! -e "$aa/policy/namespaces/lsmc-own" ] || fail_later "$f: the namespace lsmc-own was made"
	[ -z "$(self_namespaces)" ] || fail_later "$f: a self namespace was left: $(self_namespaces)"
done
passed "policy naming its own namespace is refused before the kernel"

if [ "$route" = fs ]; then
	# --- same pid, two PID namespaces: two sandboxes ---------------------------------
	cat >/tmp/sandbox-cmd.sh <<'EOS'
#!/bin/sh
# $1: a or b. Record the label, wait for the go, then try both files.
cat /proc/self/attr/current >/tmp/pidns-$1.label
echo $$ >/tmp/pidns-$1.pid
i=0
while [ ! -e /tmp/pidns-$1.go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
for f in a b; do
	if echo x 2>/dev/null >/tmp/pidns-file-$f; then echo "$f wrote"; else echo "$f refused"; fi
done >/tmp/pidns-$1.result
EOS
	chmod 755 /tmp/sandbox-cmd.sh
	rm -f /tmp/pidns-*
	unshare -p -f lsmctl load apparmor --self "$d/lsmc-pidns-a.bin" -- /tmp/sandbox-cmd.sh a \
		>/tmp/pidns-a.out 2>&1 &
	wa=$!
	wait_while 200 [ ! -s /tmp/pidns-a.label ]
	unshare -p -f lsmctl load apparmor --self "$d/lsmc-pidns-b.bin" -- /tmp/sandbox-cmd.sh b \
		>/tmp/pidns-b.out 2>&1 &
	wb=$!
	wait_while 200 [ ! -s /tmp/pidns-b.label ]
	pa=$(cat /tmp/pidns-a.pid 2>/dev/null) pb=$(cat /tmp/pidns-b.pid 2>/dev/null)
	[ -n "$pa" ] && [ "$pa" = "$pb" ] ||
		fail_later "the two commands do not share a pid in their namespaces ($pa, $pb): the check proves less"
	n=$(self_namespaces | wc -l)
	[ "$n" -eq 2 ] || fail_later "$n self namespaces for two sandboxes: $(self_namespaces)"
	# a ends first; b must still be confined by its own rules
	touch /tmp/pidns-a.go
	wait $wa || true
	touch /tmp/pidns-b.go
	wait $wb || true
	sed 's/^/  | a: /' /tmp/pidns-a.label /tmp/pidns-a.result /tmp/pidns-a.out 2>/dev/null
	sed 's/^/  | b: /' /tmp/pidns-b.label /tmp/pidns-b.result /tmp/pidns-b.out 2>/dev/null
	[ "$(cat /tmp/pidns-a.result 2>/dev/null)" = "a refused
b wrote" ] || fail_later "sandbox a did not keep its own rules"
	[ "$(cat /tmp/pidns-b.result 2>/dev/null)" = "a wrote
b refused" ] || fail_later "sandbox b did not keep its own rules after a ended"
	[ -z "$(self_namespaces)" ] || fail_later "namespaces left: $(self_namespaces)"
	passed "two sandboxes with one pid in two PID namespaces stay apart"

	# --- a killed wrapper; prune ------------------------------------------------------
	rm -f /tmp/daemon.pid /tmp/daemon.stop /tmp/daemon.write
	lsmctl load apparmor --self "$d/lsmc-self.bin" -- /tmp/daemon-cmd.sh >/tmp/killed.out 2>&1 &
	wrapper=$!
	wait_while 200 [ ! -s /tmp/daemon.pid ]
	dpid=$(cat /tmp/daemon.pid 2>/dev/null)
	kill -9 $wrapper
	wait $wrapper 2>/dev/null
	left=$(self_namespaces)
	[ -n "$left" ] || fail_later "no namespace after the wrapper was killed"
	run_lsmctl prune1 ns prune
	[ "$rc" -eq 0 ] || fail_later "ns prune exited $rc"
	[ "$(self_namespaces)" = "$left" ] || fail_later "prune removed a namespace a daemon runs under"
	case $(label_of "$dpid") in
	*lsmc-self-blob*) ok "the daemon is still confined after the prune" ;;
	*) fail_later "after the prune the daemon runs as '$(label_of "$dpid")'" ;;
	esac
	touch /tmp/daemon.stop
	wait_while 100 [ -d "/proc/$dpid" ]
	run_lsmctl prune2 ns prune
	[ "$rc" -eq 0 ] || fail_later "ns prune exited $rc"
	grep -q "1 self-load namespace(s) removed" /tmp/prune2.out || fail_later "prune did not say it removed one"
	[ -z "$(self_namespaces)" ] || fail_later "prune left $(self_namespaces)"
	passed "a killed wrapper's namespace is pruned once nothing runs under it"

	# prune from inside a PID namespace cannot see every task: refused
	unshare -p -f --mount-proc lsmctl ns prune >/tmp/prune3.out 2>&1 && rc=0 || rc=$?
	[ "$rc" -eq 1 ] && grep -q "PID namespace" /tmp/prune3.out ||
		fail_later "prune inside a PID namespace: exit $rc, $(cat /tmp/prune3.out)"
	passed "prune refuses where it cannot see every task"
fi

# --- Landlock: a process kept out of /sys ----------------------------------------
if ! grep -q landlock /sys/kernel/security/lsm; then
	skip_later "Landlock is not running on this kernel (lsm: $(cat /sys/kernel/security/lsm))"
else
	lsmctl remove apparmor lsmc-load-a >/dev/null 2>&1
	"$probe" landlock lsmctl load apparmor "$d/lsmc-load-a.bin" >/tmp/ll.out 2>/tmp/ll.err && rc=0 || rc=$?
	sed 's/^/  | /' /tmp/ll.out /tmp/ll.err
	if [ "$route" = syscall ]; then
		[ "$rc" -eq 0 ] || fail_later "a Landlock-confined root could not load through the syscall: exit $rc"
		grep -q "^lsmc-load-a " "$aa/profiles" || fail_later "lsmc-load-a is not loaded"
		su -s /bin/sh nobody -c "$probe landlock lsmctl load apparmor --self $d/lsmc-self.bin -- cat /proc/self/attr/current" \
			>/tmp/ll-self.out 2>&1 && rc=0 || rc=$?
		sed 's/^/  | /' /tmp/ll-self.out
		[ "$rc" -eq 0 ] && grep -q lsmc-self-blob /tmp/ll-self.out ||
			fail_later "a Landlock-confined nobody could not confine itself: exit $rc"
		passed "Landlock-confined processes load through the syscall, system and self"
	else
		refused_saying /tmp/ll.err "a Landlock-confined load without the syscall" \
			'denied to this process' 'not mounted|not active'
		passed "without the syscall, a Landlock-confined load says the pseudo-filesystem was denied"
	fi
fi

finish

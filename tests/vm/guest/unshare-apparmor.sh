#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl unshare on a kernel without lsm_unshare: an AppArmor policy
# namespace holds the command's policy. Inside, the command sees the
# namespace as its policy root and loads a profile of its own; the host's
# root namespace does not list it as its own while the namespace does; the
# namespace is removed afterwards (and kept with --keep).
# usage: unshare-apparmor.sh OUTER.bin INNER.bin
# shellcheck source=lib.sh
. /test/lib.sh
rc=0
outer=${1:?usage: unshare-apparmor.sh OUTER.bin INNER.bin}
inner=${2:?usage: unshare-apparmor.sh OUTER.bin INNER.bin}
aa=/sys/kernel/security/apparmor
require_lsm apparmor

# The command records what it sees, then loads its own profile.
cat >/tmp/inside.sh <<EOS
#!/bin/sh
cat $aa/.ns_name >/tmp/inside.ns_name
cat $aa/.ns_level >/tmp/inside.ns_level
/test/lsmctl load apparmor $inner >/tmp/inside.load 2>&1
echo \$? >/tmp/inside.load_rc
cat $aa/profiles >/tmp/inside.profiles
cat $aa/policy/namespaces/T/profiles >/tmp/host-view.ns_profiles 2>/dev/null || true
EOS
chmod +x /tmp/inside.sh

run_lsmctl unshare1 unshare apparmor --ns T --keep --load "$outer" -- /tmp/inside.sh
[ "$rc" -eq 0 ] || fail_later "lsmctl unshare exited $rc"
[ "$(cat /tmp/inside.ns_name 2>/dev/null)" = T ] ||
	fail_later "inside, .ns_name reads '$(cat /tmp/inside.ns_name 2>/dev/null)', not T"
[ "$(cat /tmp/inside.ns_level 2>/dev/null)" = 1 ] ||
	fail_later "inside, .ns_level reads '$(cat /tmp/inside.ns_level 2>/dev/null)', not 1"
[ "$(cat /tmp/inside.load_rc 2>/dev/null)" = 0 ] ||
	fail_later "inside, lsmctl load failed: $(cat /tmp/inside.load 2>/dev/null)"
grep -q '^lsmc-ns-inner ' /tmp/inside.profiles ||
	fail_later "inside, the own profile is not listed: $(cat /tmp/inside.profiles)"
grep -q '^lsmc-ns-outer ' /tmp/inside.profiles ||
	fail_later "inside, the namespace's preloaded profile is not listed"
ok "inside: namespace T at level 1, own profile loaded"

# Outside: the namespace lists both; the root's own profiles do not.
cat $aa/profiles >/tmp/host.profiles
if grep -qE '^lsmc-ns-(inner|outer) ' /tmp/host.profiles; then
	fail_later "the root namespace lists the namespace's profiles as its own: $(cat /tmp/host.profiles)"
fi
grep -q '^:T:lsmc-ns-inner ' /tmp/host.profiles ||
	fail_later "the root's view does not show :T:lsmc-ns-inner: $(cat /tmp/host.profiles)"
[ -d $aa/policy/namespaces/T ] || fail_later "namespace T is gone despite --keep"
for d in "$aa"/policy/profiles/lsmc-ns-*; do
	[ -e "$d" ] && fail_later "policy/profiles of the root holds a namespace profile: $d"
done
found=
for d in "$aa"/policy/namespaces/T/profiles/lsmc-ns-inner*; do
	[ -e "$d" ] && found=$d
done
[ -n "$found" ] || fail_later "policy/namespaces/T/profiles does not hold lsmc-ns-inner"
ok "outside: the profiles live in T only"

run_lsmctl nslist ns list
grep -qx T /tmp/nslist.out || fail_later "lsmctl ns list does not show T"
run_lsmctl nsremove ns remove T
[ "$rc" -eq 0 ] || fail_later "lsmctl ns remove T exited $rc"
[ -d $aa/policy/namespaces/T ] && fail_later "namespace T still exists after ns remove"
grep -q '^:T:' $aa/profiles && fail_later "T's profiles are still loaded"

# Without --keep the namespace goes when the command ends; the command's
# exit status is lsmctl's.
run_lsmctl unshare2 unshare apparmor --ns U --load "$outer" -- sh -c 'cat /sys/kernel/security/apparmor/.ns_name; exit 7'
[ "$rc" -eq 7 ] || fail_later "lsmctl unshare did not pass on the command's exit status 7 (got $rc)"
grep -qx U /tmp/unshare2.out || fail_later "the command did not run in U"
[ "$(cat /tmp/unshare2.out)" = U ] ||
	fail_later "stdout holds more than the command's output: $(cat /tmp/unshare2.out)"
ok "unshare is quiet: stdout holds only the command's output"
run_lsmctl unshare-v -v unshare apparmor --ns V --load "$outer" -- true
grep -q '^lsmctl: apparmor: created namespace V' /tmp/unshare-v.err ||
	fail_later "with -v, no progress line on stderr: $(cat /tmp/unshare-v.err)"
grep -q '^lsmctl: apparmor: removed namespace V' /tmp/unshare-v.err ||
	fail_later "with -v, no line says the namespace was removed"
[ -s /tmp/unshare-v.out ] && fail_later "with -v, progress reached stdout: $(cat /tmp/unshare-v.out)"
ok "with -v, progress goes to stderr"
# A wrapper's report never goes into the command's output: the command's
# stdout is byte for byte what it writes alone; the report is on stderr, or
# on the descriptor --json-fd names.
cmd='printf "from the command\\n\\033[1mbytes\\377\\n"; printf tail'
sh -c "$cmd" >/tmp/alone.out
run_lsmctl unshare-json unshare apparmor --ns W --json -- sh -c "$cmd"
cmp /tmp/alone.out /tmp/unshare-json.out ||
	fail_later "with --json, the command's stdout differs from its output alone: $(od -c /tmp/unshare-json.out | head -5)"
grep '^{"version":' /tmp/unshare-json.err >/tmp/unshare-json.doc ||
	fail_later "with --json, no report on stderr: $(cat /tmp/unshare-json.err)"
json_expect /tmp/unshare-json.doc W status='"created"' lsm='"apparmor"' errno=null
head -n 1 /tmp/unshare-json.doc | grep -q '^{"version":2,"command":"unshare",' ||
	fail_later "the --json report does not start with version and command: $(head -n 1 /tmp/unshare-json.doc)"
echo "\$ lsmctl unshare apparmor --ns W2 --json-fd=3 -- sh -c ... 3>/tmp/unshare-fd.doc"
rc=0
lsmctl unshare apparmor --ns W2 --json-fd=3 -- sh -c "$cmd" >/tmp/unshare-fd.out 2>/tmp/unshare-fd.err \
	3>/tmp/unshare-fd.doc || rc=$?
sed 's/^/  | /' /tmp/unshare-fd.doc /tmp/unshare-fd.err
json_doc unshare-fd /tmp/unshare-fd.doc
[ "$rc" -eq 0 ] || fail_later "lsmctl unshare --json-fd=3 exited $rc"
cmp /tmp/alone.out /tmp/unshare-fd.out ||
	fail_later "with --json-fd, the command's stdout differs from its output alone"
[ -s /tmp/unshare-fd.err ] && fail_later "with --json-fd, stderr is not empty: $(cat /tmp/unshare-fd.err)"
json_expect /tmp/unshare-fd.doc W2 status='"created"' via='"apparmor policy namespace"'
# the command does not inherit the report's descriptor
lsmctl unshare apparmor --ns W3 --json-fd=3 -- sh -c 'echo x >&3' 3>/dev/null 2>/tmp/unshare-fd3.err &&
	fail_later "the command could write to the report's descriptor 3"
passed "unshare --json: the command's stdout is its own, byte for byte; the report on stderr or --json-fd"
[ -d $aa/policy/namespaces/U ] && fail_later "namespace U was not removed after the command"

# A nested namespace: unshare creates the parent with it, and removes both;
# a parent that was there before stays.
run_lsmctl unshare-nested unshare apparmor --ns lsmc-par//lsmc-kid -- true
[ "$rc" -eq 0 ] || fail_later "lsmctl unshare --ns lsmc-par//lsmc-kid exited $rc"
[ -d $aa/policy/namespaces/lsmc-par ] &&
	fail_later "the parent namespace lsmc-par, created for lsmc-par//lsmc-kid, was left behind"
run_lsmctl keep-create ns create lsmc-keep
run_lsmctl unshare-nested2 unshare apparmor --ns lsmc-keep//lsmc-kid -- true
[ "$rc" -eq 0 ] || fail_later "lsmctl unshare --ns lsmc-keep//lsmc-kid exited $rc"
[ -d $aa/policy/namespaces/lsmc-keep ] || fail_later "the existing parent lsmc-keep was removed"
[ -d $aa/policy/namespaces/lsmc-keep/namespaces/lsmc-kid ] &&
	fail_later "lsmc-keep//lsmc-kid was not removed after the command"
run_lsmctl keep-remove ns remove lsmc-keep
passed "nested: every namespace unshare created is gone, an existing parent stays"

# ns create a//b//c that fails part-way (the third mkdirat, the target, made
# to fail by the shim): the parents it created go again, an existing one stays.
if [ -e /test/failwrite.so ]; then
	# NAME: lsmctl ns create lsmc-fa//lsmc-fb//lsmc-fc, its third mkdirat failed
	create_failing() {
		rc=0
		LD_PRELOAD=/test/failwrite.so LSMC_FAIL_MKDIR=3 lsmctl ns create \
			lsmc-fa//lsmc-fb//lsmc-fc >"/tmp/$1.out" 2>"/tmp/$1.err" || rc=$?
		sed 's/^/  | /' "/tmp/$1.err"
	}
	create_failing mkdir-fail
	[ "$rc" -eq 1 ] || fail_later "ns create with a failing mkdir exited $rc, want 1"
	grep -q 'failwrite: mkdirat 3' /tmp/mkdir-fail.err || fail_later "the shim did not fail mkdirat 3"
	[ -d $aa/policy/namespaces/lsmc-fa ] &&
		fail_later "ns create failed part-way and left the parent lsmc-fa it had created"
	grep -q ':lsmc-fa: it had created was removed again' /tmp/mkdir-fail.err ||
		fail_later "the error does not say the parent it created was removed: $(cat /tmp/mkdir-fail.err)"
	run_lsmctl keep-create2 ns create lsmc-fa
	create_failing mkdir-fail2
	[ "$rc" -eq 1 ] || fail_later "ns create with a failing mkdir exited $rc, want 1"
	[ -d $aa/policy/namespaces/lsmc-fa ] || fail_later "the existing parent lsmc-fa was removed"
	[ -d $aa/policy/namespaces/lsmc-fa/namespaces/lsmc-fb ] &&
		fail_later "ns create failed part-way and left lsmc-fa//lsmc-fb it had created"
	run_lsmctl keep-remove2 ns remove lsmc-fa
	passed "ns create failing part-way removes the parents it created, keeps those it found"
else
	skip_later "no /test/failwrite.so: the part-way ns create failure is not tried"
fi

# No lsm_unshare and no AppArmor: a clear message, exit 1.
run_lsmctl unshare3 unshare smack -- true
[ "$rc" -eq 1 ] || fail_later "lsmctl unshare smack exited $rc, not 1"
grep -q 'offers no smack namespace' /tmp/unshare3.err || fail_later "no clear message for smack"
run_lsmctl join unshare apparmor --join 1 -- true
[ "$rc" -eq 1 ] || fail_later "--join exited $rc, not 1"
grep -q 'no LSM namespace handle' /tmp/join.err || fail_later "no clear message for --join"
finish

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load apparmor on a real kernel: three compiled profiles load as one
# set (atomically where the kernel announces policy/set_load), the kernel
# lists them and hashes what it got; a changed profile replaces one; remove
# removes; a policy namespace takes a profile; a missing namespace, a
# truncated blob are refused with nothing changed; profile sources (one, and a
# directory) compile through apparmor_parser and load; status lists what is
# loaded per namespace; --self stacks a profile onto a command, which alone
# writes to stdout.
# usage: load-apparmor.sh DIR
#   DIR holds lsmc-load-{a,b,c,a-complain,ns}.bin and lsmc-stack.bin
#   (apparmor_parser output) and lsmc-load-a.apparmor (the source of one)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
d=${1:?usage: load-apparmor.sh DIR}
aa=/sys/kernel/security/apparmor
ns=lsmc-test-ns

require_lsm apparmor
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"

# the kernel's mode of a loaded profile, from its profiles line
mode_of() { sed -n "s/^$1 (\\(.*\\))\$/\\1/p" $aa/profiles; }
raw_hash_of() { aa_hash_of "$1" || true; }

# --- three files, one set ---------------------------------------------------
if [ -e $aa/features/policy/set_load ]; then
	want_atomic=true
	echo "the kernel announces policy/set_load: the three files go as one set"
else
	want_atomic=false
	echo "the kernel does not announce policy/set_load: the files go one by one"
fi
cd "$d"
run_lsmctl set load apparmor lsmc-load-a.bin lsmc-load-b.bin lsmc-load-c.bin --json
[ $rc -eq 0 ] || fail_later "loading three profiles exited $rc, want 0"
for f in lsmc-load-a.bin lsmc-load-b.bin lsmc-load-c.bin; do
	# each file's count is its own profiles, not the set's
	if [ $want_atomic = true ]; then
		json_expect /tmp/set.out $f status='"loaded"' backend='"fs"' atomic=true count=1
	else
		json_expect /tmp/set.out $f status='"loaded"' backend='"fs"' atomic=false
	fi
done
echo "profiles:"
sed 's/^/  | /' $aa/profiles
for p in a b c; do
	[ "$(mode_of lsmc-load-$p)" = enforce ] ||
		fail_later "lsmc-load-$p is not listed in enforce mode in $aa/profiles"
done
passed "the kernel lists lsmc-load-a, -b and -c in enforce mode"

# The kernel hashes each write: one set means one blob for all three.
if aa_hash_algo lsmc-load-a; then
	set_sha=$(aa_sum lsmc-load-a.bin lsmc-load-b.bin lsmc-load-c.bin)
	for p in a b c; do
		if [ $want_atomic = true ]; then want=$set_sha; else want=$(aa_sum lsmc-load-$p.bin); fi
		got=$(raw_hash_of lsmc-load-$p)
		[ "$got" = "$want" ] || fail_later "lsmc-load-$p: raw_$aa_hash_algo $got, want $want"
	done
	ok "raw_$aa_hash_algo of each profile is the $aa_hash_algo of what lsmctl wrote ($([ $want_atomic = true ] && echo 'the set' || echo 'its file'))"
else
	skip_later "the kernel exposes no policy/profiles/*/raw_sha1 or raw_sha256 (CONFIG_SECURITY_APPARMOR_HASH)"
fi

# --- replace one with a changed version ---------------------------------------
run_lsmctl replace load apparmor lsmc-load-a-complain.bin --json
[ $rc -eq 0 ] || fail_later "replacing lsmc-load-a exited $rc, want 0"
json_expect /tmp/replace.out lsmc-load-a-complain.bin status='"loaded"' backend='"fs"' atomic=true count=1
[ "$(mode_of lsmc-load-a)" = complain ] ||
	fail_later "lsmc-load-a after the replacement: mode '$(mode_of lsmc-load-a)', want complain"
[ "$(grep -c '^lsmc-load-a ' $aa/profiles)" -eq 1 ] || fail_later "lsmc-load-a is listed more than once"
if [ -n "$(raw_hash_of lsmc-load-a)" ]; then
	[ "$(raw_hash_of lsmc-load-a)" = "$(aa_sum lsmc-load-a-complain.bin)" ] ||
		fail_later "lsmc-load-a: raw_$aa_hash_algo is not the $aa_hash_algo of the replacement"
fi
if [ "$(mode_of lsmc-load-b)" != enforce ] || [ "$(mode_of lsmc-load-c)" != enforce ]; then
	fail_later "replacing lsmc-load-a changed lsmc-load-b or -c"
fi
passed "lsmc-load-a replaced: $(grep '^lsmc-load-a ' $aa/profiles)"

# --- remove ---------------------------------------------------------------------
run_lsmctl remove remove apparmor lsmc-load-b
[ $rc -eq 0 ] || fail_later "lsmctl remove apparmor lsmc-load-b exited $rc, want 0"
if grep -q '^lsmc-load-b ' $aa/profiles; then fail_later "lsmc-load-b still listed after remove"; fi
if [ -z "$(mode_of lsmc-load-a)" ] || [ -z "$(mode_of lsmc-load-c)" ]; then
	fail_later "removing lsmc-load-b removed another profile too"
fi
passed "lsmc-load-b removed, lsmc-load-a and -c still loaded"

cp $aa/profiles /tmp/profiles.before
run_lsmctl remove-missing remove apparmor lsmc-load-b
[ $rc -eq 1 ] || fail_later "removing a profile that is not loaded exited $rc, want 1"
grep -q 'lsmc-load-b' /tmp/remove-missing.err ||
	fail_later "the error for a profile that is not loaded does not name it"
if grep -qi 'not mounted\|not active' /tmp/remove-missing.err; then
	fail_later "removing a profile that is not loaded: the message blames the mount or the LSM (apparmorfs is mounted and AppArmor active; the kernel said ENOENT: no such profile)"
fi
cmp -s /tmp/profiles.before $aa/profiles || fail_later "a failed remove changed $aa/profiles"
passed "removing a profile that is not loaded: exit 1"

# --- refused input changes nothing --------------------------------------------------
head -c 2000 lsmc-load-c.bin >/tmp/truncated.bin
run_lsmctl truncated load apparmor lsmc-load-b.bin /tmp/truncated.bin
[ $rc -eq 1 ] || fail_later "a set with a truncated blob exited $rc, want 1"
grep -q '/tmp/truncated.bin' /tmp/truncated.err || fail_later "the error does not name the truncated file"
cmp -s /tmp/profiles.before $aa/profiles ||
	fail_later "a set with a truncated blob changed $aa/profiles (lsmc-load-b before it loaded?)"
passed "truncated blob refused, nothing loaded"

# A format version the kernel lists but does not take: Linux 6.1 lists
# policy/versions/v9 yet unpacks only up to v8 (no policy/permstable32). The
# whole set is refused before the first write, the error names the file.
vers=$aa/features/policy/versions
if [ -e $vers/v9 ] && [ ! -e $aa/features/policy/permstable32 ]; then
	cp lsmc-load-c.bin /tmp/v9.bin
	printf '\011' | dd of=/tmp/v9.bin bs=1 seek=12 conv=notrunc 2>/dev/null
	run_lsmctl v9 load apparmor lsmc-load-b.bin /tmp/v9.bin
	[ $rc -eq 1 ] || fail_later "a set with a v9 blob exited $rc, want 1"
	grep -q '/tmp/v9.bin.*format v9.*takes v5 v6 v7 v8)' /tmp/v9.err ||
		fail_later "the error does not name the v9 file and the versions the kernel takes"
	grep -q 'apparmor_parser -M /sys/kernel/security/apparmor/features' /tmp/v9.err ||
		fail_later "the error does not say how to recompile"
	cmp -s /tmp/profiles.before $aa/profiles ||
		fail_later "a set with a v9 blob changed $aa/profiles"
	passed "v9 blob refused before any write on a kernel that lists but does not take v9"
else
	echo "note: this kernel takes every format it lists ($(ls $vers 2>/dev/null | tr '\n' ' ')): no version to refuse"
fi

# A blob that looks whole but whose rules the kernel rejects (EPROTO): in a
# set, the valid profile before it must not load either.
cp lsmc-load-c.bin /tmp/bad-rules.bin
printf '\377\377\377\377\377\377\377\377' | dd of=/tmp/bad-rules.bin bs=1 seek=2500 conv=notrunc 2>/dev/null
run_lsmctl bad-rules load apparmor lsmc-load-b.bin /tmp/bad-rules.bin --json
json_expect /tmp/bad-rules.out /tmp/bad-rules.bin status='"failed"' errno=71
if [ $want_atomic = true ]; then
	[ $rc -eq 1 ] || fail_later "a set the kernel refuses exited $rc, want 1"
	json_expect /tmp/bad-rules.out lsmc-load-b.bin status='"failed"'
	cmp -s /tmp/profiles.before $aa/profiles ||
		fail_later "the kernel refused the set, yet $aa/profiles changed: $(cat $aa/profiles)"
	passed "a set with a blob the kernel refuses: nothing loaded, not even the valid lsmc-load-b"
	grep -q 'refused the set of 2 files' /tmp/bad-rules.out ||
		fail_later "the message does not say that the kernel refused the set of 2 files as a whole"
	passed "the message says the kernel refused the set of 2 files and cannot say which"

	# --continue: the set's files one by one, the good one loads, the bad one is named
	run_lsmctl bad-cont load apparmor --continue lsmc-load-b.bin /tmp/bad-rules.bin --json
	[ $rc -eq 3 ] || fail_later "--continue with one refused file exited $rc, want 3"
	json_expect /tmp/bad-cont.out lsmc-load-b.bin status='"loaded"' count=1
	json_expect /tmp/bad-cont.out /tmp/bad-rules.bin status='"failed"' errno=71
	if grep -q 'refused the set' /tmp/bad-cont.out; then
		fail_later "with --continue the refused file is still reported as part of a set"
	fi
	[ "$(mode_of lsmc-load-b)" = enforce ] || fail_later "--continue: the good lsmc-load-b is not loaded"
	run_lsmctl remove-b2 remove apparmor lsmc-load-b
	cmp -s /tmp/profiles.before $aa/profiles || fail_later "after removing lsmc-load-b again, $aa/profiles differs"
	passed "--continue: lsmc-load-b loaded, /tmp/bad-rules.bin named, exit 3"
else
	[ $rc -eq 3 ] || fail_later "one file by one, the second refused: exit $rc, want 3"
	json_expect /tmp/bad-rules.out lsmc-load-b.bin status='"loaded"'
	[ "$(mode_of lsmc-load-b)" = enforce ] || fail_later "lsmc-load-b, loaded before the refused file, is not listed"
	run_lsmctl remove-b remove apparmor lsmc-load-b
	cp $aa/profiles /tmp/profiles.before
	passed "one file by one: lsmc-load-b loaded, the refused file reported, exit 3"
fi

# --- profile sources, compiled by apparmor_parser for this kernel ------------------
# A source the parser cannot be found for: the package is named, nothing changes.
echo "\$ LSMCTL_APPARMOR_PARSER=/nonexistent lsmctl load apparmor lsmc-load-a.apparmor"
rc=0
LSMCTL_APPARMOR_PARSER=/nonexistent lsmctl load apparmor lsmc-load-a.apparmor \
	>/tmp/noparser.out 2>/tmp/noparser.err || rc=$?
cat /tmp/noparser.err
[ $rc -eq 1 ] || fail_later "a source without apparmor_parser exited $rc, want 1"
grep -q "LSMCTL_APPARMOR_PARSER names /nonexistent, which is not an executable file" /tmp/noparser.err ||
	fail_later "with a parser override that names nothing the error does not name the variable"
cmp -s /tmp/profiles.before $aa/profiles || fail_later "a source without apparmor_parser changed $aa/profiles"
passed "no apparmor_parser: refused, naming the override, nothing changed"
if ! command -v apparmor_parser >/dev/null && [ ! -x /usr/sbin/apparmor_parser ] && [ ! -x /sbin/apparmor_parser ]; then
	rc=0
	lsmctl load apparmor lsmc-load-a.apparmor >/tmp/noparser.out 2>/tmp/noparser.err || rc=$?
	cat /tmp/noparser.err
	[ $rc -eq 1 ] || fail_later "a source without apparmor_parser exited $rc, want 1"
	grep -q "apparmor_parser is not installed.*package 'apparmor'" /tmp/noparser.err ||
		fail_later "without apparmor_parser the error does not name the package"
	passed "apparmor_parser not installed: refused, naming the package"
fi

if command -v apparmor_parser >/dev/null || [ -x /usr/sbin/apparmor_parser ]; then
	mkdir -p /tmp/src/abstractions /tmp/src/tunables /tmp/src/local /tmp/src/disable
	for n in 1 2 3 4 5; do
		printf 'profile lsmc-src-%s /test/no-such-src-%s {\n  /tmp/lsmc-src/** r,\n}\n' $n $n \
			>/tmp/src/lsmc-src-$n
	done
	mv /tmp/src/lsmc-src-3 /tmp/src/lsmc-src-3~           # an editor's backup
	mv /tmp/src/lsmc-src-4 /tmp/src/.lsmc-src-4           # a dotfile
	ln -s ../lsmc-src-5 /tmp/src/disable/lsmc-src-5       # disabled the Debian way
	cp /tmp/src/lsmc-src-1 /tmp/src/abstractions/lsmc-src-abs # never a profile of its own
	printf 'profile lsmc-src-single /test/no-such-single {\n  /tmp/** r,\n}\n' >/tmp/single.apparmor

	run_lsmctl source load apparmor /tmp/single.apparmor --json
	[ $rc -eq 0 ] || fail_later "loading one profile source exited $rc, want 0"
	json_expect /tmp/source.out /tmp/single.apparmor status='"loaded"' compiled=true backend='"fs"' count=1
	[ "$(mode_of lsmc-src-single)" = enforce ] ||
		fail_later "lsmc-src-single, compiled from source, is not listed in enforce mode"
	passed "a profile source compiled by apparmor_parser for this kernel and loaded"

	run_lsmctl srcdir load apparmor /tmp/src/ --json
	[ $rc -eq 0 ] || fail_later "loading a directory of sources exited $rc, want 0"
	json_expect /tmp/srcdir.out /tmp/src/lsmc-src-1 status='"loaded"' compiled=true
	json_expect /tmp/srcdir.out /tmp/src/lsmc-src-2 status='"loaded"' compiled=true
	for n in 1 2; do
		[ "$(mode_of lsmc-src-$n)" = enforce ] || fail_later "lsmc-src-$n from /tmp/src is not loaded"
	done
	for n in 3 4 5; do
		if grep -q "^lsmc-src-$n " $aa/profiles; then fail_later "lsmc-src-$n should have been skipped"; fi
	done
	if grep -q 'abstractions\|lsmc-src-[345]' /tmp/srcdir.out; then
		fail_later "skipped files are reported: $(cat /tmp/srcdir.out)"
	fi
	passed "a directory of sources: two profiles loaded; backup, dotfile, disabled and abstractions skipped"

	printf 'profile lsmc-src-bad {\n  /tmp/** rwz,\n}\n' >/tmp/bad.apparmor
	cp $aa/profiles /tmp/profiles.before
	run_lsmctl srcbad load apparmor /tmp/single.apparmor /tmp/bad.apparmor
	[ $rc -eq 1 ] || fail_later "a source that does not compile exited $rc, want 1"
	grep -q '/tmp/bad.apparmor' /tmp/srcbad.err || fail_later "the compile error does not name /tmp/bad.apparmor"
	cmp -s /tmp/profiles.before $aa/profiles || fail_later "a failed compile changed $aa/profiles"
	passed "a source that does not compile: refused, named, nothing loaded"

	run_lsmctl src-status status --json
	tr -d '\n' </tmp/src-status.out | grep -q '{"name":"lsmc-src-single","mode":"enforce"}' ||
		fail_later "lsmctl status --json does not list lsmc-src-single in enforce mode"
	want=$(wc -l <$aa/profiles)
	tr -d '\n' </tmp/src-status.out | grep -q "\"loaded\":{\"profiles\":$want," ||
		fail_later "lsmctl status --json does not count the $want profiles $aa/profiles lists"
	run_lsmctl src-status-text status
	grep -q "^AppArmor: $want profile(s) loaded" /tmp/src-status-text.out ||
		fail_later "lsmctl status does not say $want profiles are loaded"
	passed "lsmctl status counts the $want loaded profiles and lists lsmc-src-single"
	for p in lsmc-src-single lsmc-src-1 lsmc-src-2; do
		run_lsmctl rm-$p remove apparmor $p
	done
	cp $aa/profiles /tmp/profiles.before
else
	skip_later "apparmor_parser is not in the guest: profile sources not compiled here"
fi

# --- namespaces ---------------------------------------------------------------------
run_lsmctl ns-missing load apparmor --ns lsmc-no-such-ns lsmc-load-ns.bin
[ $rc -eq 1 ] || fail_later "loading into a missing namespace exited $rc, want 1"
grep -q 'lsmc-no-such-ns' /tmp/ns-missing.err || fail_later "the error does not name the missing namespace"
[ ! -e $aa/policy/namespaces/lsmc-no-such-ns ] || fail_later "loading into a missing namespace created it"
cmp -s /tmp/profiles.before $aa/profiles || fail_later "loading into a missing namespace changed $aa/profiles"
passed "a missing namespace is refused and named"

run_lsmctl ns-create ns create $ns
[ $rc -eq 0 ] || fail_later "lsmctl ns create $ns exited $rc, want 0"
[ -d $aa/policy/namespaces/$ns ] || fail_later "no $aa/policy/namespaces/$ns after ns create"
run_lsmctl ns-load load apparmor --ns $ns lsmc-load-ns.bin --json
[ $rc -eq 0 ] || fail_later "loading into namespace $ns exited $rc, want 0"
json_expect /tmp/ns-load.out lsmc-load-ns.bin status='"loaded"' backend='"fs"' atomic=true count=1
echo "in the namespace: $(echo $aa/policy/namespaces/$ns/profiles/*)"
[ -d "$(echo $aa/policy/namespaces/$ns/profiles/lsmc-load-ns.*)" ] ||
	fail_later "lsmc-load-ns is not in namespace $ns"
run_lsmctl ns-status status --json
tr -d '\n' </tmp/ns-status.out |
	grep -q "{\"name\":\"$ns\",\"counts\":{\"enforce\":1},\"profiles\":\\[{\"name\":\"lsmc-load-ns\",\"mode\":\"enforce\"}" ||
	fail_later "lsmctl status --json does not show namespace $ns with lsmc-load-ns in enforce mode"
run_lsmctl ns-status-text status
grep -q "^  namespace $ns: 1 profile(s): 1 enforce" /tmp/ns-status-text.out ||
	fail_later "lsmctl status does not show namespace $ns with its one profile"
if grep -q '^lsmc-load-ns ' $aa/profiles; then fail_later "lsmc-load-ns loaded into the root namespace"; fi
passed "namespace $ns holds lsmc-load-ns, the root namespace does not"

# Every profile (root: lsmc-load-a in complain, -c in enforce; namespace
# $ns: lsmc-load-ns) with its mode, as lsmctl status reports them.
lsmctl status --json >/tmp/ns-status.json 2>/dev/null || fail_later "lsmctl status --json failed"
lsmctl status >/tmp/ns-status.txt 2>/dev/null || fail_later "lsmctl status failed"
status_matches_profiles /tmp/ns-status.json /tmp/ns-status.txt
run_lsmctl ns-remove ns remove $ns
[ $rc -eq 0 ] || fail_later "lsmctl ns remove $ns exited $rc, want 0"
[ ! -e $aa/policy/namespaces/$ns ] || fail_later "namespace $ns still there after ns remove"
if grep -q "^:$ns:" $aa/profiles; then fail_later "profiles of $ns still listed after ns remove"; fi
passed "namespace $ns removed"

# --- a set never crosses namespaces ----------------------------------------------------
# The kernel takes the first header's namespace for every profile of a write:
# lsmc-load-hdrns (header namespace lsmc-hdr) between two root-namespace files
# must not take them along, nor they it.
run_lsmctl nsset load apparmor lsmc-load-b.bin lsmc-load-hdrns.bin lsmc-load-c.bin --json
[ $rc -eq 0 ] || fail_later "a set across two namespaces exited $rc, want 0"
for f in lsmc-load-b.bin lsmc-load-hdrns.bin lsmc-load-c.bin; do
	json_expect /tmp/nsset.out $f status='"loaded"' count=1
done
echo "lsmc-hdr holds: $(ls $aa/policy/namespaces/lsmc-hdr/profiles 2>/dev/null)"
for p in b c; do
	[ "$(mode_of lsmc-load-$p)" = enforce ] || fail_later "lsmc-load-$p is not in the root namespace"
	[ ! -d "$(echo $aa/policy/namespaces/lsmc-hdr/profiles/lsmc-load-$p.*)" ] ||
		fail_later "lsmc-load-$p went into namespace lsmc-hdr with the blob that names it"
done
[ -d "$(echo $aa/policy/namespaces/lsmc-hdr/profiles/lsmc-load-hdrns.*)" ] ||
	fail_later "lsmc-load-hdrns is not in its header's namespace lsmc-hdr"
if grep -q '^lsmc-load-hdrns ' $aa/profiles; then fail_later "lsmc-load-hdrns loaded into the root namespace"; fi
passed "one set per namespace: lsmc-load-b and -c in the root, lsmc-load-hdrns in lsmc-hdr"
run_lsmctl nsset-clean ns remove lsmc-hdr
run_lsmctl nsset-clean-b remove apparmor lsmc-load-b

# --- --self: a command under a stacked profile ----------------------------------------
run_lsmctl stack-load load apparmor lsmc-stack.bin
[ $rc -eq 0 ] || fail_later "loading lsmc-stack exited $rc, want 0"
run_lsmctl self load apparmor -v --self lsmc-stack -- cat /proc/self/attr/current
[ $rc -eq 0 ] || fail_later "lsmctl load apparmor --self lsmc-stack -- cat exited $rc, want 0"
label=$(cat /tmp/self.out)
[ "$(wc -l </tmp/self.out)" -eq 1 ] ||
	fail_later "stdout under --self -- CMD holds more than the command's one line: $(cat /tmp/self.out)"
case $label in
*lsmc-stack*) ok "the command ran as '$label'" ;;
*) fail_later "the command under --self lsmc-stack reports label '$label'" ;;
esac
[ "$(cat /proc/self/attr/current)" = unconfined ] ||
	fail_later "the caller's label changed: $(cat /proc/self/attr/current)"

# The interface that delivered the stack: lsm_set_self_attr where the kernel
# has it (6.8), else AppArmor's exec attribute in /proc; --backend fs: /proc.
# A wrapper leaves stdout to the command: with -v it says so on stderr.
case $(uname -r) in
6.[0-7].* | 5.* | 4.*) want_if='/proc/' ;;
*) want_if='lsm_set_self_attr' ;;
esac
grep -q "^apparmor: lsmc-stack: .*through $want_if" /tmp/self.err ||
	fail_later "the stack on $(uname -r) was not reported through $want_if: $(grep '^apparmor: ' /tmp/self.err)"
run_lsmctl self-fs -v --backend fs load apparmor --self lsmc-stack -- cat /proc/self/attr/current
grep -q '^apparmor: lsmc-stack: .*through /proc/[a-z-]*/attr/\(apparmor/\)\{0,1\}exec' /tmp/self-fs.err ||
	fail_later "--backend fs did not stack through /proc/.../attr/exec: $(grep '^apparmor: ' /tmp/self-fs.err)"
grep -q 'lsmc-stack' /tmp/self-fs.out || fail_later "--backend fs: the command did not run under lsmc-stack"
passed "the stack is reported through the interface that delivered it ($want_if; --backend fs: /proc)"

# A seccomp filter that answers EPERM for lsm_set_self_attr: the stack goes
# through /proc instead (only where the kernel has the syscall).
if [ "$want_if" = lsm_set_self_attr ]; then
	rc=0
	/test/seccomp-eperm lsmctl load apparmor -v --self lsmc-stack -- cat /proc/self/attr/current \
		>/tmp/seccomp.out 2>/tmp/seccomp.err || rc=$?
	sed 's/^/  | /' /tmp/seccomp.out /tmp/seccomp.err
	[ $rc -eq 0 ] || fail_later "under a seccomp filter denying lsm_set_self_attr (EPERM), --self exited $rc"
	grep -q '^apparmor: lsmc-stack: .*through /proc/' /tmp/seccomp.err ||
		fail_later "with lsm_set_self_attr denied by seccomp, the stack did not go through /proc"
	grep -q 'lsmc-stack' /tmp/seccomp.out || fail_later "under seccomp: the command did not run under lsmc-stack"
	passed "lsm_set_self_attr denied by seccomp (EPERM): stacked through /proc instead"
fi

# Stacked at exec, as aa-exec does: lsmctl itself is not confined before it
# runs the command. lsmc-noexec forbids executing anything, so stacked on
# lsmctl first, lsmctl could not exec cat at all.
run_lsmctl noexec-load load apparmor lsmc-noexec.bin
run_lsmctl noexec load apparmor --self lsmc-noexec -- cat /proc/self/attr/current
[ $rc -eq 0 ] || fail_later "--self lsmc-noexec -- cat exited $rc: lsmctl was confined before it ran the command"
grep -q 'lsmc-noexec' /tmp/noexec.out || fail_later "the command did not run under lsmc-noexec"
passed "stacked at exec: lsmctl ran the command, which runs under lsmc-noexec"

# A profile to stack that is not loaded: ENOENT of the profile, not a mount
run_lsmctl nostack load apparmor --self lsmc-no-such-profile -- true
refused_saying /tmp/nostack.err "stacking a profile that is not loaded" 'no loaded profile' 'not mounted'
passed "a profile to stack that is not loaded: the hint names the missing profile"

# EACCES from the profile confining the caller is not a missing capability:
# under lsmc-stack (no change_profile rule), stacking another profile.
run_lsmctl confined load apparmor --self lsmc-stack -- lsmctl load apparmor --self lsmc-load-c -- true
if [ $rc -ne 0 ]; then
	grep -q 'Permission denied' /tmp/confined.err && {
		grep -q 'CAP_MAC_ADMIN' /tmp/confined.err &&
			fail_later "EACCES from the confining profile is blamed on CAP_MAC_ADMIN"
		grep -q 'confining this task' /tmp/confined.err ||
			fail_later "the hint for EACCES does not name the confining profile"
	}
	passed "EACCES under a confining profile: the hint names the profile, not a capability"
else
	skip_later "stacking under lsmc-stack was allowed by this kernel: no EACCES to check"
fi

finish

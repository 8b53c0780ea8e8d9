#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl boot as a drop-in for apparmor.service, on the Debian image booted
# with systemd: with every profile apparmor.service loaded taken out again,
# lsmctl boot loads the same profiles in the same modes from the same cache
# (no compiling: it is fresh), in one kernel call; a new package's profile is
# compiled into that cache, an edit to it reaches the kernel, a stray file and
# a package manager's leftover change nothing, a profile that does not
# compile is named while the rest loads (exit 3), a removed profile is not
# loaded from what the cache keeps; afterwards apparmor.service's own parser
# finds the cache fresh (one layout); a kernel with no cache of its own (a
# kernel upgrade) gets everything compiled for it.
# usage: image-lsmctl-boot.sh   (lsmctl in /test, the image booted on a kernel
#        with AppArmor)
# shellcheck source=lib.sh
. /test/lib.sh
aa=/sys/kernel/security/apparmor
PATH=/test:$PATH
d=/etc/apparmor.d

list() { sed 's/ (\([a-z]*\))$/\t\1/' $aa/profiles | LC_ALL=C sort; }
teardown() {
	list | cut -f1 | while IFS= read -r p; do printf '%s' "$p" >$aa/.remove; done
}
boot() { run_lsmctl "$1" -v boot; }
compiled() { grep -o 'compiling [0-9]* of [0-9]*' "/tmp/$1.err"; }

[ "$(systemctl show -P Result apparmor.service)" = success ] ||
	fail "apparmor.service did not succeed: nothing to compare with"
list >/tmp/service.list
n=$(wc -l </tmp/service.list)
[ "$n" -ge 20 ] || fail "apparmor.service loaded only $n profiles"

# --- the same profiles, modes and cache, no compiling ------------------------------
teardown
[ -z "$(cat $aa/profiles)" ] || fail "profiles left after the teardown: $(cat $aa/profiles)"
boot same
[ "$rc" -eq 0 ] || fail_later "lsmctl boot exited $rc"
[ -z "$(compiled same)" ] || fail_later "lsmctl boot compiled with a fresh cache: $(compiled same)"
grep -q " 1 kernel call" /tmp/same.out || fail_later "not one kernel call: $(tail -n1 /tmp/same.out)"
list >/tmp/lsmctl.list
if cmp -s /tmp/service.list /tmp/lsmctl.list; then
	ok "lsmctl boot loaded the $n profiles apparmor.service did, in the same modes"
else
	fail_later "lsmctl boot's profiles differ from apparmor.service's (< service, > lsmctl):"
	diff /tmp/service.list /tmp/lsmctl.list | grep '^[<>]'
fi
grep -q "selinux\|smack" /tmp/same.err && echo "note: $(grep -E 'selinux|smack' /tmp/same.err)"
passed "the drop-in loads what apparmor.service loads"

# --- a new package's profile, then an edit to it ------------------------------------
printf 'profile lsmc-new /usr/bin/lsmc-new flags=(complain) {\n  /tmp/** r,\n}\n' >$d/lsmc-new
boot new
[ "$rc" -eq 0 ] || fail_later "a new profile: exit $rc"
[ "$(compiled new)" = "compiling 1 of $(($(find $d -maxdepth 1 -type f | wc -l) - $(find $d/disable -mindepth 1 2>/dev/null | wc -l)))" ] ||
	echo "note: $(compiled new)"
grep -qx 'lsmc-new	complain' /tmp/new.list 2>/dev/null || list >/tmp/new.list
grep -qx 'lsmc-new	complain' /tmp/new.list || fail_later "lsmc-new is not loaded in complain mode"
sleep 1
sed -i 's/ flags=(complain)//' $d/lsmc-new
boot edited
list | grep -qx 'lsmc-new	enforce' || fail_later "the edit to enforce did not reach the kernel"
[ "$(compiled edited)" = "$(compiled new)" ] || echo "note: edited: $(compiled edited)"
passed "a new profile is compiled into the cache and loaded; an edit to it reaches the kernel"

# --- a stray file and a leftover change nothing -----------------------------------
: >$d/x
cp $d/lsmc-new $d/lsmc-new.dpkg-new
boot stray
[ "$rc" -eq 0 ] || fail_later "a stray file: exit $rc"
[ -z "$(compiled stray)" ] || fail_later "a stray file made lsmctl compile: $(compiled stray)"
passed "a stray file and a .dpkg-new change nothing"

# --- a profile that does not compile --------------------------------------------------
printf 'profile lsmc-broken {\n  /tmp/** rwz,\n}\n' >$d/lsmc-broken
teardown
boot broken
[ "$rc" -eq 3 ] || fail_later "a profile that does not compile: exit $rc, not 3"
grep -q "lsmc-broken: does not compile" /tmp/broken.err || fail_later "the broken profile is not named"
list | cut -f1 >/tmp/broken.names
for p in $(cut -f1 /tmp/service.list) lsmc-new; do
	grep -qxF "$p" /tmp/broken.names || fail_later "$p was not loaded beside the broken profile"
done
rm -f $d/lsmc-broken
passed "a profile that does not compile is named; every other loads"

# --- a removed profile is not loaded from the cache --------------------------------
rm -f $d/lsmc-new $d/lsmc-new.dpkg-new $d/x
teardown
boot removed
[ "$rc" -eq 0 ] || fail_later "after removing a profile: exit $rc"
list >/tmp/removed.list
cmp -s /tmp/service.list /tmp/removed.list || fail_later "after removing lsmc-new the profiles differ from apparmor.service's"
passed "a removed profile is not loaded from what the cache keeps"

# --- one cache: apparmor.service's parser finds it fresh --------------------------------
touch /tmp/marker
sleep 1
/lib/apparmor/apparmor.systemd reload >/tmp/reload.out 2>&1 || fail_later "apparmor.systemd reload failed: $(cat /tmp/reload.out)"
cache=$(apparmor_parser --print-cache-dir)
newer=$(find "$cache" -type f -newer /tmp/marker | wc -l)
[ "$newer" -eq 0 ] || fail_later "apparmor.service recompiled $newer file(s) of the cache lsmctl left"
passed "apparmor.service finds the cache lsmctl boot wrote fresh ($cache)"

# --- a kernel change: no compiled policy for these features yet -------------------------
# As after booting a new kernel whose features differ: this kernel's
# subdirectory is gone (the other kernel's stays); everything is compiled
# for it and the same profiles load.
# (Once, on Debian's 6.12, whose image cache stands beside 6.1's: a full
# compile takes a minute or two under emulation.)
case $(uname -r) in
6.12.*-amd64) ;;
*)
	echo "note: the kernel change is checked on Debian's 6.12 kernel only"
	finish
	;;
esac
rm -rf "$cache"
teardown
boot newkernel
[ "$rc" -eq 0 ] || fail_later "with no cache for this kernel: exit $rc"
[ -n "$(compiled newkernel)" ] || fail_later "nothing compiled for a kernel without a cache"
[ -f "$cache/.features" ] || fail_later "no cache for this kernel's features after lsmctl boot: $cache"
list >/tmp/newkernel.list
cmp -s /tmp/service.list /tmp/newkernel.list || fail_later "after compiling for this kernel the profiles differ from apparmor.service's"
passed "a kernel without a cache of its own gets one compiled, and the same profiles"

finish

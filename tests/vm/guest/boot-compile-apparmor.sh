#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl boot keeps AppArmor's cache current as apparmor.service does, on a
# real kernel with the real apparmor_parser: a cold cache is compiled (one
# parser process) and loaded as one set; a warm one runs no parser; an
# edited profile, an edited include (local/, abstractions/) recompile; a
# stray file and a package manager's leftover change nothing; a profile
# that does not compile is named, the rest loads (exit 3) and its old
# compiled form is not loaded; a removed or disabled profile is not loaded
# from what the cache still holds; a cache written for another kernel's
# features (a kernel upgrade) is compiled anew, into this kernel's
# subdirectory, which apparmor_parser then names itself.
# usage: boot-compile-apparmor.sh OTHER_FEATURES (a features file of another
#        kernel)
# shellcheck source=lib.sh
. /test/lib.sh
other_features=${1:?usage: boot-compile-apparmor.sh OTHER_FEATURES}
aa=/sys/kernel/security/apparmor
require_lsm apparmor
command -v apparmor_parser >/dev/null || fail "apparmor_parser is not in the VM"
d=/tmp/aad c=/tmp/aacache
mkdir -p $d/local $d/abstractions $d/disable $c

profile() { # NAME MODE [INCLUDE]
	printf 'profile %s /test/no-%s flags=(%s) {\n  /tmp/%s r,\n%s}\n' "$1" "$1" "$2" "$1" \
		"${3:+  include <$3>
}" >"$d/$1"
}
profile lsmc-boot-a complain local/lsmc-boot-a
profile lsmc-boot-b enforce abstractions/lsmc-boot
profile lsmc-boot-c enforce
printf '  /tmp/a-local r,\n' >$d/local/lsmc-boot-a
printf '  /tmp/b-abs r,\n' >$d/abstractions/lsmc-boot
cp $d/lsmc-boot-c $d/lsmc-boot-c.dpkg-new
: >$d/stray
ln -s ../lsmc-boot-c $d/disable/lsmc-boot-c
# every file a second older than now, so later edits are newer
touch -d "@$(($(date +%s) - 100))" $d/* $d/local/* $d/abstractions/*

mode_of() { sed -n "s/^$1 (\(.*\))\$/\1/p" $aa/profiles; }
boot() { # NAME: lsmctl -v boot from $d into $c
	run_lsmctl "$1" -v boot -P $d -A $c
}
compiled() { grep -o 'compiling [0-9]* of [0-9]*' "/tmp/$1.err"; }

# --- cold: everything compiled by one parser, loaded as one set ---------------
boot cold
[ "$rc" -eq 0 ] || fail_later "cold boot exited $rc"
# a and b; c is disabled, its .dpkg-new skipped, the stray file empty
[ "$(compiled cold)" = "compiling 2 of 3" ] || fail_later "cold: not 'compiling 2 of 3': $(compiled cold)"
sub=$(apparmor_parser -L $c --print-cache-dir 2>/dev/null)
[ -s "$sub/lsmc-boot-a" ] && [ -s "$sub/lsmc-boot-b" ] ||
	fail_later "the cache apparmor_parser names ($sub) lacks the compiled profiles: $(ls -a "$sub")"
[ "$(mode_of lsmc-boot-a)" = complain ] || fail_later "lsmc-boot-a is '$(mode_of lsmc-boot-a)', not complain"
[ "$(mode_of lsmc-boot-b)" = enforce ] || fail_later "lsmc-boot-b is '$(mode_of lsmc-boot-b)', not enforce"
[ -z "$(mode_of lsmc-boot-c)" ] || fail_later "the disabled lsmc-boot-c was loaded"
grep -q "kernel call" /tmp/cold.out && grep -q "1 kernel call" /tmp/cold.out ||
	fail_later "cold: not one kernel call: $(tail -1 /tmp/cold.out)"
passed "a cold cache is compiled by one apparmor_parser and loaded as one set"

# --- warm: no parser -----------------------------------------------------------
boot warm
[ "$rc" -eq 0 ] || fail_later "warm boot exited $rc"
[ -z "$(compiled warm)" ] || fail_later "warm: the parser ran: $(compiled warm)"
passed "a warm cache runs no parser"

# --- an edited profile, an edited include ----------------------------------------
sed -i 's/complain/enforce/' $d/lsmc-boot-a
boot edited
[ "$(compiled edited)" = "compiling 1 of 3" ] || fail_later "edited: $(compiled edited)"
[ "$(mode_of lsmc-boot-a)" = enforce ] || fail_later "the edit to enforce did not reach the kernel: $(mode_of lsmc-boot-a)"
printf '  /tmp/b-abs-2 r,\n' >>$d/abstractions/lsmc-boot
boot include
[ -n "$(compiled include)" ] || fail_later "an edited abstraction compiled nothing"
before=$(stat -c %Y "$sub/lsmc-boot-b")
[ "$before" -ge "$(stat -c %Y $d/abstractions/lsmc-boot)" ] ||
	fail_later "lsmc-boot-b's compiled form is older than the abstraction it includes"
passed "an edited profile and an edited include are compiled again"

# --- a profile that does not compile ---------------------------------------------
sed -i 's#/tmp/lsmc-boot-a r,#/tmp/lsmc-boot-a rwz,#' $d/lsmc-boot-a
boot broken
[ "$rc" -eq 3 ] || fail_later "a profile that does not compile: exit $rc, not 3"
grep -q "lsmc-boot-a: does not compile" /tmp/broken.err || fail_later "the broken profile is not named"
grep -q "loaded 1 item" /tmp/broken.out || fail_later "the rest did not load: $(cat /tmp/broken.out)"
passed "a profile that does not compile is named; the rest loads (exit 3)"
sed -i 's#/tmp/lsmc-boot-a rwz,#/tmp/lsmc-boot-a r,#' $d/lsmc-boot-a

# --- a removed profile is not loaded from what the cache holds ----------------------
rm $d/lsmc-boot-b
lsmctl remove apparmor lsmc-boot-b >/dev/null 2>&1
boot removed
[ "$rc" -eq 0 ] || fail_later "after removing a profile: exit $rc"
[ -z "$(mode_of lsmc-boot-b)" ] || fail_later "the removed lsmc-boot-b was loaded from the cache"
passed "a removed profile is not loaded from the cache"

# --- another kernel's cache: compiled anew -------------------------------------------
rm -rf $c && mkdir $c
apparmor_parser -Q -q -W -L $c -M "$other_features" $d/lsmc-boot-a >/dev/null 2>&1
ls $c
boot upgrade
[ "$rc" -eq 0 ] || fail_later "with another kernel's cache: exit $rc"
[ "$(compiled upgrade)" = "compiling 1 of 2" ] || fail_later "upgrade: $(compiled upgrade)"
[ -s "$sub/lsmc-boot-a" ] || fail_later "nothing in this kernel's subdirectory $sub"
passed "a cache for another kernel's features is compiled anew for this one"

finish

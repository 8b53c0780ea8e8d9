#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# lsmctl load smack on a real kernel: a commented rule file reads back rule
# for rule from load2 (pairs without access vanish); a four-field file goes
# through change-rule; --self rules reach load-self2 of the command only;
# 2000 rules (many pages) all arrive; bad labels and access letters are
# refused with file:line and nothing is applied.
# usage: load-smack.sh DIR   (DIR holds lsmc-load.smack, lsmc-change.smack,
#   lsmc-self.smack)
set -eu
# shellcheck source=lib.sh
. /test/lib.sh
d=${1:?usage: load-smack.sh DIR}
fs=/sys/fs/smackfs

require_lsm smack
command -v lsmctl >/dev/null || fail "lsmctl is not in the guest"

# the rules of a file as the kernel lists them: comments dropped, access
# letters in the kernel's order rwxatlb, "-" when no access is left
canonical() {
	awk '{ sub(/#.*/, ""); if (NF != 3) next; a = tolower($3); o = ""
		n = split("r w x a t l b", L, " ")
		for (i = 1; i <= n; i++) if (index(a, L[i])) o = o L[i]
		print $1, $2, (o == "" ? "-" : o) }' "$1"
}
# access PAIR: the access load2 lists for "SUBJECT OBJECT", empty if none
access() { awk -v s="$1" -v o="$2" '$1 == s && $2 == o { print $3 }' $fs/load2; }
listing() { sort $fs/load2 >"$1"; }

# --- a rule file ----------------------------------------------------------------
echo "LsmcGone LsmcGoneObj rwx" >$fs/load2
[ "$(access LsmcGone LsmcGoneObj)" = rwx ] || fail "setting up LsmcGone LsmcGoneObj"
run_lsmctl rules load smack "$d/lsmc-load.smack" --json
[ $rc -eq 0 ] || fail_later "loading lsmc-load.smack exited $rc, want 0"
json_expect /tmp/rules.out "$d/lsmc-load.smack" status='"loaded"' backend='"fs"' atomic=false \
	rolled_back=false count=20 errno=null
canonical "$d/lsmc-load.smack" >/tmp/expected
[ "$(wc -l </tmp/expected)" -eq 20 ] || fail "lsmc-load.smack should hold 20 rules"
bad=0
while read -r s o a; do
	got=$(access "$s" "$o")
	if [ "$a" = - ]; then
		[ -z "$got" ] || { fail_later "$s $o: listed with '$got', want not listed (no access)"; bad=1; }
	else
		[ "$got" = "$a" ] || { fail_later "$s $o: load2 lists '$got', want '$a'"; bad=1; }
	fi
done </tmp/expected
[ $bad -eq 1 ] || ok "every rule of lsmc-load.smack reads back from load2"

# --- a change file ---------------------------------------------------------------
run_lsmctl change load smack "$d/lsmc-change.smack" --json
[ $rc -eq 0 ] || fail_later "loading lsmc-change.smack exited $rc, want 0"
json_expect /tmp/change.out "$d/lsmc-change.smack" status='"loaded"' backend='"fs"' count=4
for want in 'LsmcWeb LsmcWebData rxa' 'LsmcDb LsmcDbLog rwa' 'LsmcWeb LsmcWebConf ' \
	'LsmcChange LsmcNewObj rx' 'LsmcWeb LsmcWebLog wa'; do
	# shellcheck disable=SC2086 # split into subject, object, access
	set -- $want
	[ "$(access "$1" "$2")" = "${3:-}" ] ||
		fail_later "after change-rule: $1 $2 has '$(access "$1" "$2")', want '${3:-}' (empty: not listed)"
done
passed "change rules applied: $(grep -E '^(LsmcWeb LsmcWebData|LsmcDb LsmcDbLog|LsmcChange) ' $fs/load2 | tr '\n' ';')"

# --- a process's own rules ----------------------------------------------------------
listing /tmp/load2.before-self
run_lsmctl self load smack --self "$d/lsmc-self.smack" -- cat $fs/load-self2
[ $rc -eq 0 ] || fail_later "load smack --self ... -- cat exited $rc, want 0"
canonical "$d/lsmc-self.smack" >/tmp/self.expected
# stdout is the command's alone: every line is one of its rules
if grep -qv '^[^ ]* [^ ]* [rwxatlb-]*$' /tmp/self.out; then
	fail_later "stdout under --self -- CMD holds lines of lsmctl's own: $(grep -v '^[^ ]* [^ ]* [rwxatlb-]*$' /tmp/self.out)"
fi
while read -r rule; do
	grep -qx "$rule" /tmp/self.out || fail_later "the command's load-self2 lacks '$rule'"
done </tmp/self.expected
listing /tmp/load2.after-self
cmp -s /tmp/load2.before-self /tmp/load2.after-self || fail_later "--self rules changed load2"
if grep -q '^LsmcSelf ' $fs/load-self2; then fail_later "--self rules reached the caller's own load-self2"; fi
passed "--self rules in the command's load-self2, not in load2 nor the caller's"

# --- more than a page --------------------------------------------------------------
seq 1 2000 | awk '{ printf "LsmcBig LsmcBigObj%04d %s\n", $1, substr("rwxatlb", 1 + $1 % 7) }' \
	>/tmp/big.smack
echo "/tmp/big.smack: $(wc -l </tmp/big.smack) rules, $(wc -c </tmp/big.smack) bytes"
run_lsmctl big load smack /tmp/big.smack --json
[ $rc -eq 0 ] || fail_later "loading 2000 rules exited $rc, want 0"
json_expect /tmp/big.out /tmp/big.smack status='"loaded"' count=2000
canonical /tmp/big.smack | sort >/tmp/big.expected
grep '^LsmcBig ' $fs/load2 | sort >/tmp/big.got || true
if cmp -s /tmp/big.expected /tmp/big.got; then
	ok "all 2000 rules listed in load2"
else
	fail_later "load2 differs from the 2000 rules: $(diff /tmp/big.expected /tmp/big.got | head -n 5 | tr '\n' ' ')"
fi

# lsmctl status counts the rules load2 lists (2000 and more now).
n=$(grep -c . $fs/load2 || true)
status_reports "\"loaded\":{\"rules\":$n}" "Smack: $n access rule(s) loaded"
[ "$n" -ge 2000 ] && passed "lsmctl status: $n Smack rules loaded, as load2 lists"

# --- refused input ----------------------------------------------------------------
listing /tmp/load2.before-bad
printf '# a label with a slash on line 3\nLsmcBadA LsmcBadObj r\nLsmcBadA Lsmc/Slash r\n' >/tmp/bad-label.smack
printf 'LsmcBadB LsmcBadObj r\nLsmcBadB LsmcBadObj2 rq\n' >/tmp/bad-access.smack
printf 'LsmcGood LsmcGoodObj rw\n' >/tmp/good.smack
for t in 'bad-label /tmp/bad-label.smack:3' 'bad-access /tmp/bad-access.smack:2' \
	'good-then-bad /tmp/bad-access.smack:2'; do
	# shellcheck disable=SC2086 # split into name, expected location
	set -- $t
	if [ "$1" = good-then-bad ]; then
		run_lsmctl "$1" load smack /tmp/good.smack /tmp/bad-access.smack
	else
		run_lsmctl "$1" load smack "/tmp/$1.smack"
	fi
	[ $rc -eq 1 ] || fail_later "$1: exit $rc, want 1"
	grep -qF "$2" "/tmp/$1.err" || fail_later "$1: the message does not say $2"
	listing /tmp/load2.after-bad
	cmp -s /tmp/load2.before-bad /tmp/load2.after-bad || fail_later "$1: load2 changed"
done
passed "bad label, bad access letter, and a good file before a bad one: exit 1, file:line, load2 unchanged"

finish

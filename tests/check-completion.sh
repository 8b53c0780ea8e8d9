#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# lsmctl's shell completions: installed where bash-completion's pkg-config
# file (completionsdir, under this build's prefix) and the zsh and fish
# conventions say; bash's completes commands, LSMs, options, and loaded
# AppArmor profiles and namespaces; zsh and fish parse.
# usage: check-completion.sh MESON BUILD_DIR SOURCE_ROOT
set -u
meson=${1:?usage: check-completion.sh MESON BUILD_DIR SOURCE_ROOT}
build=${2:?} src=${3:?}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# --- install paths ------------------------------------------------------------------
"$meson" introspect --installed "$build" >"$tmp/installed.json" &&
	"$meson" introspect --buildoptions "$build" >"$tmp/options.json" || {
	echo "meson introspect failed"
	exit 1
}
read -r prefix datadir < <(python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}
print(o["prefix"], o["datadir"])' "$tmp/options.json")
opt() { python3 -c 'import json,sys; print({x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}[sys.argv[2]])' "$tmp/options.json" "$1"; }
dest() { python3 -c '
import json, os, sys
for s, d in json.load(open(sys.argv[1])).items():
    if s.endswith(sys.argv[2]):
        print(d)' "$tmp/installed.json" "$1"; }

want_bash=$(opt bashcompletiondir)
if [ -z "$want_bash" ]; then
	want_bash=$(pkg-config --define-variable=datadir="$prefix/$datadir" --variable=completionsdir bash-completion 2>/dev/null) ||
		want_bash=$prefix/$datadir/bash-completion/completions
	[ -n "$want_bash" ] || want_bash=$prefix/$datadir/bash-completion/completions
fi
want_zsh=$(opt zshcompletiondir)
[ -n "$want_zsh" ] || want_zsh=$prefix/$datadir/zsh/site-functions
want_fish=$(opt fishcompletiondir)
if [ -z "$want_fish" ]; then
	want_fish=$(pkg-config --define-variable=datadir="$prefix/$datadir" --variable=completionsdir fish 2>/dev/null) ||
		want_fish=$prefix/$datadir/fish/vendor_completions.d
	[ -n "$want_fish" ] || want_fish=$prefix/$datadir/fish/vendor_completions.d
fi
for pair in "lsmctl.bash:$want_bash/lsmctl" "_lsmctl:$want_zsh/_lsmctl" "lsmctl.fish:$want_fish/lsmctl.fish"; do
	f=${pair%%:*} want=${pair#*:}
	case $want in no/*) continue ;; esac
	got=$(dest "shell-completion/$f")
	[ "$got" = "$want" ] || fail "$f installs to '$got', want '$want'"
done

# --- bash: what it completes ---------------------------------------------------------
bash -n "$src/shell-completion/lsmctl.bash" || fail "lsmctl.bash does not parse"
mkdir -p "$tmp/aa/policy/namespaces/outer/namespaces/inner/profiles/x" \
	"$tmp/aa/policy/namespaces/other/profiles"
printf 'web (enforce)\n:outer:db (complain)\n' >"$tmp/aa/profiles"
complete_bash() { # WORDS...: prints COMPREPLY, one per line
	bash -c '
		. "$1"; shift
		_lsmctl_aa=$AA
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_lsmctl lsmctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$src/shell-completion/lsmctl.bash" "$@"
}
expect() { # WANT WORDS...: WANT among the completions of WORDS
	want=$1
	shift
	AA=$tmp/aa complete_bash "$@" >"$tmp/reply" 2>&1
	grep -qxF -- "$want" "$tmp/reply" || fail "bash: '$*' does not offer '$want': $(tr '\n' ' ' <"$tmp/reply")"
}
export AA=$tmp/aa
expect load lsmctl lo
expect status lsmctl ''
expect help lsmctl he
expect boot lsmctl help b
expect apparmor lsmctl load ap
expect smack lsmctl unshare sm
expect --dry-run lsmctl load --dr
expect --features-file lsmctl load apparmor --fea
expect --selinux-policy lsmctl boot --se
expect syscall lsmctl --backend sy
expect list lsmctl ns l
expect web lsmctl remove apparmor w
expect ':outer:db' lsmctl remove apparmor :
expect outer lsmctl ns remove o
expect 'outer//inner' lsmctl ns list out
expect 'outer//inner' lsmctl load apparmor --ns out
expect web lsmctl load apparmor --self w
printf 'x\n' >"$tmp/policy-file.bin"
(cd "$tmp" && AA=$tmp/aa complete_bash lsmctl load apparmor policy-f) | grep -qx 'policy-file.bin' ||
	fail "bash: 'lsmctl load apparmor policy-f' does not offer the file policy-file.bin"

# --- zsh and fish: they parse, where installed ----------------------------------------
if command -v zsh >/dev/null; then
	zsh -n "$src/shell-completion/_lsmctl" || fail "_lsmctl does not parse in zsh"
else
	echo "zsh is not installed: _lsmctl not parsed"
fi
if command -v fish >/dev/null; then
	fish -n "$src/shell-completion/lsmctl.fish" || fail "lsmctl.fish does not parse in fish"
	fexpect() { # WANT LINE: WANT among fish's completions of LINE
		fish -c 'set -g __lsmctl_aa $argv[2]; source $argv[1]; complete -C $argv[3]' \
			"$src/shell-completion/lsmctl.fish" "$tmp/aa" "$2" 2>&1 | cut -f1 >"$tmp/freply"
		grep -qxF -- "$1" "$tmp/freply" || fail "fish: '$2' does not offer '$1': $(tr '\n' ' ' <"$tmp/freply")"
	}
	fexpect load 'lsmctl lo'
	fexpect boot 'lsmctl help b'
	fexpect apparmor 'lsmctl load ap'
	fexpect --features-file 'lsmctl load apparmor --fea'
	fexpect syscall 'lsmctl --backend s'
	fexpect list 'lsmctl ns l'
	fexpect web 'lsmctl remove apparmor w'
	fexpect 'outer//inner' 'lsmctl ns remove out'
	fexpect web 'lsmctl load apparmor --self w'
else
	echo "fish is not installed: lsmctl.fish not parsed"
fi

[ "$fails" -eq 0 ] && echo "check-completion.sh: install paths and bash completions as expected"
[ "$fails" -eq 0 ]

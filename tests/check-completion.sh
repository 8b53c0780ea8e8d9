#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# lsmctl's shell completions: installed where bash-completion's pkg-config
# file (completionsdir, under this build's prefix) and the zsh and fish
# conventions say; bash's completes commands, LSMs, options, and loaded
# AppArmor profiles and namespaces; zsh and fish parse. Each of the three
# offers every option that "lsmctl COMMAND --help" lists, for each command
# "lsmctl --help" lists, and the values of --json and --backend.
# usage: check-completion.sh MESON BUILD_DIR SOURCE_ROOT LSMCTL
set -u
meson=${1:?usage: check-completion.sh MESON BUILD_DIR SOURCE_ROOT LSMCTL}
build=${2:?} src=${3:?} lsmctl=${4:?}
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

# --- every option of every command, in each completion ---------------------------------
# The commands "lsmctl --help" lists, and for each (and before any) the
# options its --help lists: "-x --long" for "  -x, --long[=ARG]  text",
# "--long" for "      --long[=ARG]  text" (a long option alone).
commands=$("$lsmctl" --help | sed -n '/^Commands:/,/^$/{/^  [a-z]/s/^  \([a-z-]*\).*/\1/p}')
[ -n "$commands" ] || fail "no command found in 'lsmctl --help'"
options_of() { # [COMMAND]
	"$lsmctl" ${1:+"$1"} --help | sed -n 's/^  \(-[A-Za-z0-9], \|    \)\{0,1\}\(--[a-z][a-z-]*\).*/\1\2/p' | tr -d , | tr ' ' '\n'
}
# The values completed after --json= and --backend=, each one lsmctl takes.
json_values='short pretty off'
backend_values='auto syscall fs'
for v in $json_values; do
	"$lsmctl" status --json="$v" >/dev/null 2>&1 || fail "lsmctl status --json=$v: refused; the value list here is stale"
done
for v in $backend_values; do
	"$lsmctl" --backend="$v" status >/dev/null 2>&1 || fail "lsmctl --backend=$v status: refused; the value list here is stale"
done

# What each shell offers for the words WORDS... (the last one being completed).
# bash: COMP_WORDS split at "=" as bash splits them, with bash-completion's
# _init_completion when it is installed, as it is where the file goes
# (NO_BASH_COMPLETION=1: without, as lsmctl.bash can do).
bash_offers() { # WORDS...
	bash -c '
		bc=/usr/share/bash-completion/bash_completion
		[ -r "$bc" ] && [ -z "${NO_BASH_COMPLETION:-}" ] && . "$bc"
		. "$1"; shift
		_lsmctl_aa=$AA
		COMP_WORDS=()
		for w in "$@"; do
			case $w in
			*=*) COMP_WORDS+=("${w%%=*}" =); [ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}") ;;
			*) COMP_WORDS+=("$w") ;;
			esac
		done
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_lsmctl lsmctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$src/shell-completion/lsmctl.bash" "$@" 2>&1
}
fish_offers() { # WORDS...
	fish -c 'set -g __lsmctl_aa $argv[2]; source $argv[1]; complete -C $argv[3]' \
		"$src/shell-completion/lsmctl.fish" "$tmp/aa" "$*" 2>&1 | cut -f1
}
# zsh completes only inside its line editor: _lsmctl's _arguments specs are
# read instead. For the command's case branch (the top level for none), the
# options it names, with those of $common when it uses them, and the values
# of an option's argument as "--opt=VALUES".
zsh_offers() { # [COMMAND]
	python3 - "$src/shell-completion/_lsmctl" "${1:-}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
cmd = sys.argv[2]
common = re.search(r"common=\((.*?)\n\t\)", text, re.S).group(1)
if cmd:
    m = re.search(r"\n\t%s\)(.*?);;" % re.escape(cmd), text, re.S)
    block = m.group(1) if m else ""
else:
    block = text[text.index("_arguments -C"):text.index("*::arg:->args")]
if "$common" in block:
    block += common
# a spec: '(...)'{-x,--long}'[...]:...' or '--long[...]'
specs = re.findall(r"\{(-\w)[+=-]*,(--[\w-]+)[+=-]*\}'\[[^]]*\](:[^']*)?", block)
specs += [("", o, a) for o, a in re.findall(r"'(?:\([^)]*\))?\*?(--[\w-]+)[+=-]*\[[^]]*\](:[^']*)?'", block)]
for short, long, arg in specs:
    if short:
        print(short)
    print(long)
    v = re.search(r":[^:]*:\(([^)]*)\)$", arg or "")
    if v:
        print(long + "=" + ",".join(v.group(1).split()))
PY
}

for cmd in '' $commands; do
	want=$(options_of "$cmd")
	[ -n "$want" ] || { fail "no option found in 'lsmctl $cmd --help'"; continue; }
	bash_offers lsmctl $cmd - >"$tmp/bash-opts"
	zsh_offers "$cmd" >"$tmp/zsh-opts"
	if command -v fish >/dev/null; then fish_offers lsmctl $cmd - >"$tmp/fish-opts"; else : >"$tmp/fish-opts"; fi
	for o in $want; do
		grep -qxF -- "$o" "$tmp/bash-opts" || fail "bash: 'lsmctl $cmd -' does not offer $o ('lsmctl $cmd --help' lists it)"
		grep -qxF -- "$o" "$tmp/zsh-opts" || fail "zsh: _lsmctl does not offer $o for 'lsmctl $cmd' ('lsmctl $cmd --help' lists it)"
		if command -v fish >/dev/null; then
			grep -qxF -- "$o" "$tmp/fish-opts" ||
				fail "fish: 'lsmctl $cmd -' does not offer $o ('lsmctl $cmd --help' lists it)"
		fi
	done
	# The values of --json and --backend, where the command takes them.
	for ov in "--json:$json_values" "--backend:$backend_values"; do
		o=${ov%%:*} values=${ov#*:}
		echo "$want" | grep -qxF -- "$o" || continue
		for nobc in '' 1; do
			NO_BASH_COMPLETION=$nobc bash_offers lsmctl $cmd "$o=" >"$tmp/bash-vals"
			for v in $values; do
				grep -qxF -- "$v" "$tmp/bash-vals" ||
					fail "bash${nobc:+ (without bash-completion)}: 'lsmctl $cmd $o=' does not offer $v: $(tr '\n' ' ' <"$tmp/bash-vals")"
			done
		done
		zv=$(sed -n "s/^$o=//p" "$tmp/zsh-opts" | tr , ' ')
		for v in $values; do
			case " $zv " in *" $v "*) ;; *) fail "zsh: _lsmctl does not offer $o=$v for 'lsmctl $cmd'" ;; esac
		done
		if command -v fish >/dev/null; then
			fish_offers lsmctl $cmd "$o=" >"$tmp/fish-vals"
			for v in $values; do
				grep -qxF -- "$o=$v" "$tmp/fish-vals" ||
					fail "fish: 'lsmctl $cmd $o=' does not offer $o=$v: $(tr '\n' ' ' <"$tmp/fish-vals")"
			done
		fi
	done
done

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

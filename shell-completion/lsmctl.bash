# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# bash completion for lsmctl(8): commands, LSMs, options, files, and the
# loaded AppArmor profiles and policy namespaces.

_lsmctl_aa=/sys/kernel/security/apparmor

# Loaded profile names, as apparmorfs lists them ("name (mode)").
_lsmctl_profiles() {
	[[ -r $_lsmctl_aa/profiles ]] && sed 's/ ([^)]*)$//' "$_lsmctl_aa/profiles" 2>/dev/null
}

# Policy namespace names below the root, nested ones as "a//b".
_lsmctl_namespaces() {
	local d=$_lsmctl_aa/policy/namespaces n
	[[ -d $d ]] || return 0
	find "$d" -mindepth 1 -maxdepth 7 -type d -path '*/namespaces/*' 2>/dev/null |
		sed -n "s|^$d/||; /\/namespaces\/[^/]*$/s|/namespaces/|//|gp; /^[^/]*$/p"
}

_lsmctl() {
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		# bash splits --opt=value into "--opt" "=" "value": joined again,
		# then split as _init_completion -s does
		local w j=-1 i
		words=()
		for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
			w=${COMP_WORDS[i]}
			if ((j >= 0)) && [[ $w == = || ${words[j]} == *= ]]; then
				words[j]+=$w
			else
				words[++j]=$w
			fi
			((i == COMP_CWORD)) && cword=$j
		done
		cur=${words[cword]} prev=${words[cword - 1]}
		if [[ $cur == --?*=* ]]; then
			prev=${cur%%=*} cur=${cur#*=} split=true
		fi
	fi

	local commands='status load remove ns unshare boot help'
	local common='-v --verbose -b --backend -j --json --json=short --json=pretty -h --help'
	local cmd='' lsm='' i nargs=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--) return 0 ;; # a command to run: its own completion is not ours
		-b | --backend | -n | --ns | -F | --features-file | -l | --load | -J | --join | --json-fd | \
			-P | --apparmor-dir | -A | --apparmor-cache | -S | --selinux-policy | -M | --smack-dir)
			((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then cmd=${words[i]}
			else
				[[ -z $lsm ]] && lsm=${words[i]}
				((nargs++))
			fi ;;
		esac
	done

	case $prev in
	-b | --backend) COMPREPLY=($(compgen -W 'auto syscall fs' -- "$cur")); return ;;
	# --json's STYLE is optional: only --json=STYLE takes it
	-j | --json) if $split; then COMPREPLY=($(compgen -W 'short pretty off' -- "$cur")); return; fi ;;
	-n | --ns) COMPREPLY=($(compgen -W "$(_lsmctl_namespaces)" -- "$cur")); return ;;
	--json-fd) COMPREPLY=($(compgen -W '3 4 5 6 7 8 9' -- "$cur")); return ;;
	-F | --features-file | -l | --load | -S | --selinux-policy) _filedir 2>/dev/null ||
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-P | --apparmor-dir | -A | --apparmor-cache | -M | --smack-dir) _filedir -d 2>/dev/null ||
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-J | --join) COMPREPLY=($(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")); return ;;
	esac

	local opts=$common
	case $cmd in
	'') opts='-h --help -V --version -v --verbose -b --backend -j --json' ;;
	load) opts="$common -s --self -n --ns -F --features-file -a --atomic -d --dry-run -c --continue
		--json-fd" ;;
	remove) opts="$common -n --ns" ;;
	unshare) opts="$common -n --ns -l --load -k --keep -J --join --json-fd" ;;
	boot) opts="$common -c --continue -P --apparmor-dir -A --apparmor-cache -N --no-compile -S --selinux-policy
		-M --smack-dir -d --dry-run -F --features-file" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi

	case $cmd in
	'') COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	help) ((nargs == 0)) && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	load)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W 'apparmor selinux smack' -- "$cur"))
		elif [[ $lsm == apparmor && " ${words[*]} " == *' --self '* ]]; then
			COMPREPLY=($(compgen -W "$(_lsmctl_profiles)" -- "$cur"))
		else
			_filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	remove)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W 'apparmor' -- "$cur"))
		else
			local IFS=$'\n'
			COMPREPLY=($(compgen -W "$(_lsmctl_profiles)" -- "$cur"))
		fi ;;
	unshare) ((nargs == 0)) && COMPREPLY=($(compgen -W 'apparmor selinux smack' -- "$cur")) ;;
	ns)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W 'create remove list prune' -- "$cur"))
		elif [[ $lsm == remove || $lsm == list ]]; then
			COMPREPLY=($(compgen -W "$(_lsmctl_namespaces)" -- "$cur"))
		fi ;;
	esac
}
complete -F _lsmctl lsmctl

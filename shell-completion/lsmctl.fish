# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# fish completion for lsmctl(8): commands, LSMs, options, files, and the
# loaded AppArmor profiles and policy namespaces.

set -q __lsmctl_aa; or set -g __lsmctl_aa /sys/kernel/security/apparmor

function __lsmctl_profiles
    test -r $__lsmctl_aa/profiles
    and sed 's/ ([^)]*)$//' $__lsmctl_aa/profiles 2>/dev/null
end

function __lsmctl_namespaces
    set -l d $__lsmctl_aa/policy/namespaces
    test -d $d; or return
    find $d -mindepth 1 -maxdepth 7 -type d -path '*/namespaces/*' 2>/dev/null |
        sed -n "s|^$d/||; /\/namespaces\/[^/]*\$/s|/namespaces/|//|gp; /^[^/]*\$/p"
end

# The arguments after the command that are not options.
function __lsmctl_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l out
    for t in $tokens
        string match -q -- '-*' $t; or set -a out $t
    end
    test (count $out) -gt 0; and printf '%s\n' $out
end

function __lsmctl_nargs_is
    set -l a (__lsmctl_args)
    test (count $a) -eq $argv[1]
end

function __lsmctl_cmd_is
    set -l a (__lsmctl_args)
    test (count $a) -ge 1; and contains -- $a[1] $argv
end

set -l commands status load remove ns unshare boot help
complete -c lsmctl -f
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a status -d 'show LSMs, interfaces and what is loaded'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a load -d 'load AppArmor, SELinux or Smack policy'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a remove -d 'remove AppArmor profiles by name'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a ns -d 'AppArmor policy namespaces'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a unshare -d 'run a command in a new LSM namespace'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a boot -d 'load the policy of every active LSM'
complete -c lsmctl -n "__lsmctl_nargs_is 0" -a help -d 'show the help of a command'
complete -c lsmctl -n "__lsmctl_cmd_is help; and __lsmctl_nargs_is 1" -a "$commands"

# Options of every command.
complete -c lsmctl -s V -l version -d 'show the version and features'
complete -c lsmctl -s v -l verbose -d 'log what the library does to stderr'
complete -c lsmctl -s b -l backend -x -a 'auto syscall fs' -d 'how requests reach the kernel'
complete -c lsmctl -s j -l json -a 'short pretty off' -d 'print the report as JSON'
complete -c lsmctl -s h -l help -d 'show the help and exit'

# load
complete -c lsmctl -n "__lsmctl_cmd_is load unshare; and __lsmctl_nargs_is 1" -a 'apparmor selinux smack'
complete -c lsmctl -n "__lsmctl_cmd_is load; and not __lsmctl_nargs_is 1; and not __fish_seen_argument -s s -l self" -F
complete -c lsmctl -n "__lsmctl_cmd_is load; and not __lsmctl_nargs_is 1; and __fish_seen_argument -s s -l self" -a '(__lsmctl_profiles)'
complete -c lsmctl -n "__lsmctl_cmd_is load" -s s -l self -d 'act on this process only'
complete -c lsmctl -n "__lsmctl_cmd_is load remove unshare" -s n -l ns -x -a '(__lsmctl_namespaces)' -d 'AppArmor policy namespace'
complete -c lsmctl -n "__lsmctl_cmd_is load" -s F -l features-file -r -F -d 'compile sources for these features'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s F -l features-file -r -F -d 'with --dry-run: check for these AppArmor features'
complete -c lsmctl -n "__lsmctl_cmd_is load unshare" -l json-fd -x -a '3 4 5 6 7 8 9' -d 'write the JSON report to this descriptor'
complete -c lsmctl -n "__lsmctl_cmd_is load" -s a -l atomic -d 'fail instead of loading non-atomically'
complete -c lsmctl -n "__lsmctl_cmd_is load boot" -s d -l dry-run -d 'validate only'
complete -c lsmctl -n "__lsmctl_cmd_is load" -s c -l continue -d 'AppArmor: load the other files after a failure'

# remove
complete -c lsmctl -n "__lsmctl_cmd_is remove; and __lsmctl_nargs_is 1" -a apparmor
complete -c lsmctl -n "__lsmctl_cmd_is remove; and not __lsmctl_nargs_is 1" -a '(__lsmctl_profiles)'

# ns
complete -c lsmctl -n "__lsmctl_cmd_is ns; and __lsmctl_nargs_is 1" -a 'create remove list prune'
complete -c lsmctl -n "__lsmctl_cmd_is ns; and not __lsmctl_nargs_is 1" -a '(__lsmctl_namespaces)'

# unshare
complete -c lsmctl -n "__lsmctl_cmd_is unshare" -s l -l load -r -F -d 'policy to load first'
complete -c lsmctl -n "__lsmctl_cmd_is unshare" -s k -l keep -d 'keep the namespace'
complete -c lsmctl -n "__lsmctl_cmd_is unshare" -s J -l join -x -a '(__fish_complete_pids)' -d 'join the namespaces of a process'

# boot
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s c -l continue -d 'go on after a failure'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s P -l apparmor-dir -x -a '(__fish_complete_directories)' -d 'AppArmor profile directory'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s A -l apparmor-cache -x -a '(__fish_complete_directories)' -d 'AppArmor cache'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s N -l no-compile -d 'load the AppArmor cache as it is'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s S -l selinux-policy -r -F -d 'SELinux policy file'
complete -c lsmctl -n "__lsmctl_cmd_is boot" -s M -l smack-dir -x -a '(__fish_complete_directories)' -d 'Smack rule directory'

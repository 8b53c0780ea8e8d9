#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# What lsmctl says when the input or the machine is not what was hoped for:
# special files, features files, files without a profile, the compiler's
# own words, a policy checked for another machine, and one message for one
# cause whichever command meets it (lsmctl(8)).
# usage: test-lsmctl-messages.sh LSMCTL SOURCE_ROOT
set -u
lsmctl=$1
src=${2:?usage: test-lsmctl-messages.sh LSMCTL SOURCE_ROOT}
features=$src/tests/vm/apparmor-features
features612=$src/tests/vm/apparmor-features-6.12
fails=0
pass=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ok() { pass=$((pass + 1)); }

# run CMD...: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect NAME EXIT: the last run exited with EXIT
expect() {
	if [ "$rc" -ne "$2" ]; then
		fail "$1: exit $rc, want $2: $(cat "$tmp/out" "$tmp/err")"
		return 1
	fi
	return 0
}

# err_has NAME PATTERN / err_lacks NAME PATTERN: on the last run's stderr
err_has() {
	if grep -qE -- "$2" "$tmp/err"; then ok; else fail "$1: stderr lacks '$2': $(cat "$tmp/err")"; fi
}
err_lacks() {
	if grep -qE -- "$2" "$tmp/err"; then fail "$1: stderr has '$2': $(cat "$tmp/err")"; else ok; fi
}
out_has() {
	if grep -qE -- "$2" "$tmp/out"; then ok; else fail "$1: stdout lacks '$2': $(cat "$tmp/out")"; fi
}
# count NAME PATTERN N: stderr has exactly N lines matching PATTERN
count() {
	n=$(grep -cE -- "$2" "$tmp/err")
	if [ "$n" -eq "$3" ]; then ok; else fail "$1: '$2' said $n times, want $3: $(cat "$tmp/err")"; fi
}

have_parser() { command -v apparmor_parser >/dev/null 2>&1 || [ -x /usr/sbin/apparmor_parser ] || [ -x /sbin/apparmor_parser ]; }
parser=$(command -v apparmor_parser 2>/dev/null || echo /usr/sbin/apparmor_parser)

printf 'a b rwx\n' >"$tmp/rules"

# ---- the command line ----
run "$lsmctl" help help
expect help-help 0 && out_has help-help '^Usage: lsmctl \[OPTIONS\] COMMAND'
# A command's option before the command's name (lsmctl --help: "options may
# stand anywhere before --").
run "$lsmctl" --dry-run load smack "$tmp/rules"
expect option-before-command 0 && out_has option-before-command 'valid'
run "$lsmctl" -v --dry-run -b fs load smack "$tmp/rules"
expect options-before-command 0 && out_has options-before-command 'valid'
run "$lsmctl" --bogus load smack "$tmp/rules"
expect unknown-option-before-command 2 && err_has unknown-option-before-command "invalid option '--bogus'"
run "$lsmctl" --bogus
expect unknown-option-alone 2 && err_has unknown-option-alone "invalid option '--bogus'"
# An option given an empty value is bad usage, not a failed load.
for args in "load apparmor --ns= $tmp/rules" "remove apparmor --ns= p" "boot --selinux-policy=" \
	"unshare apparmor --ns= -- true" "load apparmor --features-file= $tmp/rules"; do
	# shellcheck disable=SC2086
	run "$lsmctl" $args
	expect "empty value: $args" 2 && err_has "empty value: $args" "needs a value, not an empty one"
done
# A name refused before any file is named once, not twice.
run "$lsmctl" ns create ../x
expect ns-name-once 1 && count ns-name-once '\.\./x: \.\./x' 0

# ---- inputs ----
mkfifo "$tmp/fifo"
run timeout 10 "$lsmctl" load apparmor "$tmp/fifo"
expect fifo 1 && err_has fifo 'fifo: a special file, not a regular file'
mkdir "$tmp/neither"
printf 'notes\n' >"$tmp/neither/x"
printf '\004\010\000version' >"$tmp/neither/y.bin"
run "$lsmctl" load apparmor "$tmp/neither"
expect dir-named-neither 1 && err_has dir-named-neither 'neither: neither a directory of profile sources'

# An empty file holds no profile, as apparmor_parser takes it: nothing to
# load, no failure, no compiler needed to say so.
: >"$tmp/empty"
run env LSMCTL_APPARMOR_PARSER=/nonexistent "$lsmctl" -v load apparmor --dry-run "$tmp/empty"
expect empty-file 0 && out_has empty-file 'empty: skipped: no profile in it' &&
	err_lacks empty-file 'the file is empty'
run env LSMCTL_APPARMOR_PARSER=/nonexistent "$lsmctl" load apparmor --dry-run "$src/tests/data/apparmor-one.profile"
expect parser-override 1 &&
	err_has parser-override 'LSMCTL_APPARMOR_PARSER names /nonexistent, which is not an executable file' &&
	err_lacks parser-override "package 'apparmor'"
run env LSMCTL_APPARMOR_PARSER="$tmp" "$lsmctl" load apparmor --dry-run "$src/tests/data/apparmor-one.profile"
expect parser-override-dir 1 && err_has parser-override-dir 'not an executable file \(a directory\)'

# ---- features files ----
mkdir "$tmp/src"
printf 'profile a {\n}\n' >"$tmp/src/a"
printf 'profile b {\n}\n' >"$tmp/src/b"
run "$lsmctl" load apparmor --dry-run -F "$tmp/nonexistent" "$tmp/src"
expect features-missing 1 && count features-missing 'features-file' 1 &&
	err_has features-missing "nonexistent: No such file or directory"
run timeout 10 "$lsmctl" load apparmor --dry-run -F "$tmp/fifo" "$tmp/src/a"
expect features-fifo 1 && err_has features-fifo 'not a features file'

if have_parser; then
	# A cache with subdirectories for two feature sets: -F picks its own.
	mkdir "$tmp/cache"
	"$parser" -Q --write-cache --cache-loc "$tmp/cache" -M "$features" "$tmp/src/a" 2>/dev/null
	"$parser" -Q --write-cache --cache-loc "$tmp/cache" -M "$features612" "$tmp/src/b" 2>/dev/null
	run "$lsmctl" -v load apparmor --dry-run -F "$features" "$tmp/cache"
	expect features-picks-cache 0 && err_has features-picks-cache "compiled for $features is in $tmp/cache/"
	sub61=$(sed -n "s|.*compiled for $features is in ||p" "$tmp/err")
	run "$lsmctl" -v load apparmor --dry-run -F "$features612" "$tmp/cache"
	expect features-picks-cache-612 0 &&
		err_has features-picks-cache-612 "compiled for $features612 is in $tmp/cache/"
	sub612=$(sed -n "s|.*compiled for $features612 is in ||p" "$tmp/err")
	if [ -n "$sub61" ] && [ "$sub61" = "$sub612" ]; then
		fail "features-picks-cache: both feature sets gave $sub61"
	else
		ok
	fi
	printf 'caps {mask {chown\n}\n}\n' >"$tmp/other-features"
	run "$lsmctl" load apparmor --dry-run -F "$tmp/other-features" "$tmp/cache"
	expect features-no-cache 1 && err_has features-no-cache 'no policy in this cache was compiled for the features in'

	# The compiler's words: its noise left out of a failure, its warnings
	# shown with -v.
	cat >"$tmp/noisy-parser" <<EOF
#!/bin/sh
echo "Cache read/write disabled: interface file missing. (Kernel needs AppArmor 2.4 compatibility patch.)" >&2
for a; do last=\$a; done
case \$last in
*bad*) echo "AppArmor parser error for \$last in profile x at line 2: syntax error" >&2; exit 1 ;;
esac
echo "Warning from \$last (\$last line 1): a warning worth reading" >&2
exec "$parser" "\$@" 2>/dev/null
EOF
	chmod +x "$tmp/noisy-parser"
	printf 'profile bad {\n  nonsense\n}\n' >"$tmp/bad"
	run env LSMCTL_APPARMOR_PARSER="$tmp/noisy-parser" "$lsmctl" load apparmor --dry-run "$tmp/bad"
	expect compiler-noise 1 && err_has compiler-noise 'bad: AppArmor parser error' &&
		err_lacks compiler-noise 'Cache read/write disabled'
	run env LSMCTL_APPARMOR_PARSER="$tmp/noisy-parser" "$lsmctl" -v load apparmor --dry-run "$tmp/src/a"
	expect compiler-warning-verbose 0 && err_has compiler-warning-verbose 'apparmor_parser: Warning from .*a warning worth reading'
	run env LSMCTL_APPARMOR_PARSER="$tmp/noisy-parser" "$lsmctl" load apparmor --dry-run "$tmp/src/a"
	expect compiler-warning-quiet 0 && err_lacks compiler-warning-quiet 'warning worth reading'

	# ---- a check for another machine ----
	mkdir -p "$tmp/aa.d" "$tmp/smack.d"
	cp "$tmp/src/a" "$tmp/src/b" "$tmp/aa.d/"
	printf 'profile broken {\n  capability nonesuch,\n}\n' >"$tmp/aa.d/broken"
	printf 'a b rwx\nc d r\n' >"$tmp/smack.d/rules"
	mkdir "$tmp/tmpdir"
	run env TMPDIR="$tmp/tmpdir" "$lsmctl" boot --dry-run -F "$features" -P "$tmp/aa.d" \
		-M "$tmp/smack.d" -S "$src/tests/data/selinux-minimal.33"
	expect check-machine 3 &&
		out_has check-machine "^apparmor: $tmp/aa.d/a: valid, 1 item" &&
		out_has check-machine "^apparmor: $tmp/aa.d/b: valid, 1 item" &&
		out_has check-machine "^selinux: .*selinux-minimal.33: valid" &&
		out_has check-machine "^smack: $tmp/smack.d/rules: valid, 2 item" &&
		err_has check-machine "aa.d/broken: does not compile" &&
		count check-machine "aa.d/b: does not compile" 0
	if [ -n "$(ls -A "$tmp/tmpdir")" ]; then
		fail "check-machine: left $(ls -A "$tmp/tmpdir") behind"
	else
		ok
	fi
else
	echo "SKIP features, compiler and check tests: apparmor_parser is not installed"
fi
run "$lsmctl" boot -F "$features"
expect boot-features-needs-dry-run 2 && err_has boot-features-needs-dry-run 'it needs --dry-run'
if [ ! -d /sys/kernel/security/apparmor ]; then
	run "$lsmctl" boot --dry-run -P "$tmp/src"
	expect check-needs-features 1 && err_has check-needs-features 'give the target.s features with --features-file'
	run "$lsmctl" boot -M "$tmp/smack.d"
	if [ ! -d /sys/fs/smackfs ]; then
		err_has boot-inactive-named 'smack: not active in this kernel: .*smack.d is not loaded'
	fi
fi

# ---- the kernel boundary ----
if "$lsmctl" --version | grep -q -- '-SYSCALL_POLICY'; then
	# No number in this build: the call is never made, and a dry run
	# does not call loadable what the real load cannot even start.
	run "$lsmctl" -b syscall load smack "$tmp/rules"
	expect syscall-no-number 1 && err_has syscall-no-number 'not called: this build has no syscall number' &&
		err_lacks syscall-no-number 'kernel refused'
	run "$lsmctl" -b syscall load smack --dry-run "$tmp/rules"
	expect syscall-no-number-dry-run 1 &&
		err_has syscall-no-number-dry-run 'not called: this build has no syscall number'
fi

# One cause, one message: with nothing mounted, load, remove and the
# namespace commands all say the same about AppArmor's filesystem.
mkdir "$tmp/empty-root"
hints=""
for args in "load apparmor $src/tests/data/apparmor-one.bin" "remove apparmor p" "ns create x" "ns list"; do
	# shellcheck disable=SC2086
	run env LSMCONFIG_ROOT="$tmp/empty-root" LSMCONFIG_BACKEND=fs "$lsmctl" $args
	expect "unmounted: $args" 1 || continue
	err_lacks "unmounted: $args" 'securityfs is not usable'
	h=$(sed -n 's/.*hint: //p' "$tmp/err" | head -n 1)
	if [ -z "$h" ]; then
		fail "unmounted: $args: no hint: $(cat "$tmp/err")"
	elif [ -n "$hints" ] && [ "$h" != "$hints" ]; then
		fail "unmounted: $args: hint '$h' differs from '$hints'"
	else
		hints=$h
		ok
	fi
done

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]

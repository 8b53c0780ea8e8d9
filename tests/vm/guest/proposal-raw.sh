#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# The proposal kernel's lsm_config_policy(), issued raw (no library): the
# framework's checks in their order, then the booted LSM's hook — loads
# that the LSM's own files then show, the operations' errors, and that
# refused input changes nothing. Run with the LSM's pseudo-fs mounted (it
# is how the results are read back).
# usage: proposal-raw.sh LSM DATA_DIR   (DATA_DIR holds abi.env, raw-policy
#        and the LSM's inputs)
# shellcheck source=lib.sh
. /test/lib.sh
lsm=${1:?usage: proposal-raw.sh LSM DATA_DIR}
data=${2:?usage: proposal-raw.sh LSM DATA_DIR}
NR_LSM_CONFIG_POLICY='' LSM_POLICY_LOAD='' LSM_POLICY_REPLACE='' LSM_POLICY_REMOVE='' LSM_CONFIG_SELF=''
# shellcheck disable=SC1091 # assignments only
. "$data/abi.env"
nr=$NR_LSM_CONFIG_POLICY
LOAD=$LSM_POLICY_LOAD REPLACE=$LSM_POLICY_REPLACE REMOVE=$LSM_POLICY_REMOVE SELF=$LSM_CONFIG_SELF
raw=$data/raw-policy
require_lsm "$lsm"

# expect WANT DESCRIPTION RAW-ARGS...: raw-policy's line must be WANT
# (ret=N, ret=* for any count, or errno=ENAME)
expect() {
	_want=$1 _what=$2
	shift 2
	_got=$("$raw" "$@" 2>&1)
	# shellcheck disable=SC2254 # WANT is a pattern
	case $_got in
	$_want) ok "$_what: $_got" ;;
	*) fail_later "$_what: want $_want, got '$_got' (raw-policy $*)" ;;
	esac
}
# as_nobody RAW-ARGS...: raw-policy as nobody (it drops privilege itself)
as_nobody() {
	_prog=$1
	shift
	"$_prog" -u 65534 "$@"
}

case $lsm in
apparmor) id=104 other=101 ;;
selinux) id=101 other=102 ;;
smack) id=102 other=104 ;;
*) fail "unknown LSM $lsm" ;;
esac

# --- the framework's checks, in order ----------------------------------------
expect errno=EINVAL "reserved common flag before an unknown LSM" -c 0xdeadbeef "$nr" 0 0
expect errno=EINVAL "reserved common flag" -c 2 "$nr" "$id" "$LOAD"
expect errno=EOPNOTSUPP "LSM_ID_UNDEF" "$nr" 0 "$LOAD"
expect errno=EOPNOTSUPP "an LSM the kernel does not run ($other)" "$nr" "$other" "$LOAD"
# as nobody (a copy nobody can run)
cp "$raw" /tmp/raw-policy
chmod 755 /tmp/raw-policy
# nobody_expect WANT DESCRIPTION RAW-ARGS...: expect, run as nobody
nobody_expect() {
	_want=$1 _what=$2
	shift 2
	_got=$(as_nobody /tmp/raw-policy "$@" 2>&1)
	# shellcheck disable=SC2254 # WANT is a pattern
	case $_got in
	$_want) ok "$_what (as nobody): $_got" ;;
	*) fail_later "$_what (as nobody): want $_want, got '$_got' (raw-policy $*)" ;;
	esac
}
nobody_expect errno=EOPNOTSUPP "an unknown LSM before the capability" "$nr" 999 "$LOAD"
nobody_expect errno=EPERM "system policy without CAP_MAC_ADMIN" "$nr" "$id" "$LOAD" "$data/abi.env"
nobody_expect errno=EPERM "the capability before the operation" "$nr" "$id" 0
expect errno=EOPNOTSUPP "LSM_POLICY_UNDEF" "$nr" "$id" 0
expect errno=EOPNOTSUPP "module flags" -f 1 "$nr" "$id" "$LOAD"
passed "framework checks"

# --- AppArmor -------------------------------------------------------------------
if [ "$lsm" = apparmor ]; then
	aa=/sys/kernel/security/apparmor
	listed() { grep -q "^$1 " "$2/profiles"; }
	a=$data/lsmc-load-a.bin b=$data/lsmc-load-b.bin self=$data/lsmc-self.bin
	self_ns_present() {
		for _ns in "$aa"/policy/namespaces/self.*; do
			[ -e "$_ns" ] && return 0
		done
		return 1
	}

	expect ret=0 "system LOAD into the caller's namespace" -n '' "$nr" 104 "$LOAD" "$a"
	listed lsmc-load-a $aa || fail_later "lsmc-load-a is not listed after LOAD"
	if aa_hash_algo lsmc-load-a; then
		[ "$(aa_hash_of lsmc-load-a)" = "$(aa_sum "$a")" ] ||
			fail_later "the kernel's $aa_hash_algo of lsmc-load-a is not the file's"
	else
		fail_later "lsmc-load-a has no raw_sha1 or raw_sha256"
	fi
	expect errno=EEXIST "system LOAD of a loaded profile" -n '' "$nr" 104 "$LOAD" "$a"
	expect ret=0 "system REPLACE of a loaded profile" -n '' "$nr" 104 "$REPLACE" "$a"
	printf 'lsmc-load-a' >/tmp/name-a
	expect ret=0 "system REMOVE" -n '' "$nr" 104 "$REMOVE" /tmp/name-a
	listed lsmc-load-a $aa && fail_later "lsmc-load-a is still listed after REMOVE"
	expect errno=ENOENT "system REMOVE of a profile not loaded" -n '' "$nr" 104 "$REMOVE" /tmp/name-a
	expect ret=0 "system REPLACE of a profile not loaded" -n '' "$nr" 104 "$REPLACE" "$a"
	passed "system LOAD / REPLACE / REMOVE"

	# namespaces are named relative to the caller's and must exist
	expect errno=EINVAL "an unknown namespace" -n nosuch "$nr" 104 "$LOAD" "$b"
	expect errno=EINVAL "'..' is a name, not the parent" -n .. "$nr" 104 "$LOAD" "$b"
	mkdir $aa/policy/namespaces/lsmc-t || fail_later "mkdir of namespace lsmc-t"
	expect ret=0 "system LOAD into namespace lsmc-t" -n lsmc-t "$nr" 104 "$LOAD" "$b"
	grep -q '^:lsmc-t:lsmc-load-b ' $aa/profiles || fail_later "the root's view lacks :lsmc-t:lsmc-load-b"
	listed lsmc-load-b $aa && fail_later "the root namespace lists lsmc-t's profile as its own"
	expect errno=ENOENT "REMOVE in lsmc-t of a profile only the root holds" \
		-n lsmc-t "$nr" 104 "$REMOVE" /tmp/name-a
	listed lsmc-load-a $aa || fail_later "a REMOVE in lsmc-t removed the root's lsmc-load-a"
	passed "namespaces relative to the caller's"

	# bad input changes nothing
	before=$(cat $aa/profiles | sort | md5sum)
	head -c 600 "$a" >/tmp/truncated.bin
	expect 'errno=EPROTO' "a truncated blob" -n '' "$nr" 104 "$REPLACE" /tmp/truncated.bin
	printf 'not a policy at all' >/tmp/garbage.bin
	expect 'errno=EPROTONOSUPPORT' "garbage" -n '' "$nr" 104 "$REPLACE" /tmp/garbage.bin
	expect errno=EINVAL "size 1" -n '' -z 1 "$nr" 104 "$LOAD" "$a"
	printf xxx >/tmp/nonul
	expect errno=EINVAL "a namespace name without its NUL" "$nr" 104 "$LOAD" /tmp/nonul
	expect errno=E2BIG "32 MiB and one byte" -n '' -z 33554433 "$nr" 104 "$LOAD" "$a"
	head -c 1100 /dev/zero | tr '\0' x >/tmp/long-name
	expect errno=E2BIG "a name to remove over 1024 bytes" -n '' "$nr" 104 "$REMOVE" /tmp/long-name
	[ "$(cat $aa/profiles | sort | md5sum)" = "$before" ] || fail_later "refused input changed the profiles"
	passed "bad input refused, nothing changed"

	# self: an unprivileged process confines itself, in its own namespace
	chmod 1777 /tmp
	write_self_inside
	cp "$self" /tmp/self.bin
	cp "$b" /tmp/b.bin
	cp "$data/lsmc-load-c.bin" /tmp/c.bin
	chmod 644 /tmp/self.bin /tmp/b.bin /tmp/c.bin

	# no_new_privs or CAP_MAC_ADMIN (in the caller's user namespace), after
	# the size checks: a setuid-root program never runs under a restriction
	# it did not expect
	cp /tmp/raw-policy /tmp/suid-ids
	chmod 4755 /tmp/suid-ids
	_got=$(as_nobody /tmp/raw-policy -- /tmp/suid-ids -I 2>&1)
	if [ "$_got" = "uid=65534 euid=0" ]; then
		ok "control: a setuid-root program run by nobody gains euid 0"
	else
		skip_later "setuid-root does not work here ('$_got'): the no_new_privs checks mean less"
	fi
	nobody_expect errno=EINVAL "self LOAD of size 0, before no_new_privs" -c "$SELF" "$nr" 104 "$LOAD"
	nobody_expect errno=E2BIG "self LOAD over 32 MiB, before no_new_privs" -S 33554433 -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin
	# raw-policy execs the setuid program only after a successful call
	nobody_expect errno=EPERM "self LOAD without no_new_privs (then a setuid-root program)" \
		-c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/suid-ids -I
	nobody_expect "ret=0
uid=65534 euid=65534" "self LOAD with no_new_privs, then a setuid-root program gains nothing" \
		-N -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/suid-ids -I
	expect ret=0 "self LOAD as root without no_new_privs (CAP_MAC_ADMIN)" -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin
	wait_while 20 self_ns_present
	passed "self LOAD needs no_new_privs or CAP_MAC_ADMIN"

	as_nobody /tmp/raw-policy -N -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/self-inside.sh \
		>/tmp/self.out 2>&1 &
	pid=$!
	wait_while 100 [ ! -e /tmp/self.ran ]
	self_ns_present || fail_later "no transient self.* namespace while the command ran: $(ls $aa/policy/namespaces/)"
	touch /tmp/self.go
	wait $pid || fail_later "self LOAD as nobody: $(cat /tmp/self.out)"
	[ "$(head -n1 /tmp/self.out)" = ret=0 ] || fail_later "self LOAD as nobody: want ret=0, got '$(cat /tmp/self.out)'"
	grep -q 'lsmc-self-blob' /tmp/self.label 2>/dev/null ||
		fail_later "the command's label does not stack lsmc-self-blob: '$(cat /tmp/self.label 2>/dev/null)'"
	[ "$(cat /tmp/self.denied 2>/dev/null)" = refused ] ||
		fail_later "the stacked profile did not deny the write (got '$(cat /tmp/self.denied 2>/dev/null)')"
	[ "$(cat /tmp/self.ran 2>/dev/null)" = ran ] || fail_later "the command could not write /tmp"
	# reaped with the last task (asynchronously: poll for a second)
	wait_while 20 self_ns_present
	self_ns_present &&
		fail_later "the transient namespace outlived its task: $(ls $aa/policy/namespaces/)"
	passed "self LOAD: unprivileged with no_new_privs, stacked, reaped after exit ($((waited * 50)) ms)"

	cat >/tmp/self-twice.sh <<EOS
#!/bin/sh
exec /tmp/raw-policy -c $SELF $nr 104 $LOAD /tmp/self.bin
EOS
	chmod 755 /tmp/self-twice.sh
	_got=$(as_nobody /tmp/raw-policy -N -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/self-twice.sh 2>&1)
	[ "$_got" = "ret=0
errno=EEXIST" ] || fail_later "a second self LOAD of the same profile: want EEXIST, got '$_got'"
	nobody_expect errno=EPERM "self REPLACE" -c "$SELF" "$nr" 104 "$REPLACE" /tmp/self.bin
	nobody_expect errno=EPERM "self REMOVE" -c "$SELF" "$nr" 104 "$REMOVE" /tmp/name-a
	expect errno=ENOENT "self REMOVE before any self LOAD" -c "$SELF" "$nr" 104 "$REMOVE" /tmp/name-a
	expect errno=EINVAL "self LOAD of size 0" -c "$SELF" "$nr" 104 "$LOAD"
	nobody_expect errno=EPROTONOSUPPORT "self LOAD of garbage" -N -c "$SELF" "$nr" 104 "$LOAD" /tmp/garbage.bin
	sleep 0.2
	self_ns_present &&
		fail_later "a refused self LOAD left a namespace: $(ls $aa/policy/namespaces/)"
	passed "self LOAD errors"

	# isolation: a load stacks the profiles it loaded, not the namespace's.
	# The parent loads self.bin, its child (sharing the namespace) b.bin, then
	# the parent c.bin: the parent's label has self and c, never b.
	cat >/tmp/fork-parent.sh <<EOS
#!/bin/sh
echo "child: \$(/tmp/raw-policy -L -c $SELF $nr 104 $LOAD /tmp/b.bin 2>&1 | tr '\n' ' ')"
exec /tmp/raw-policy -L -c $SELF $nr 104 $LOAD /tmp/c.bin
EOS
	chmod 755 /tmp/fork-parent.sh
	_got=$(as_nobody /tmp/raw-policy -N -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/fork-parent.sh 2>&1)
	echo "$_got" | sed 's/^/  | /'
	case $_got in
	*"child: ret=0 label="*lsmc-load-b*) ok "the child's load stacked b onto the child" ;;
	*) fail_later "the child's self LOAD: '$_got'" ;;
	esac
	_label=$(echo "$_got" | sed -n 's/^label=//p')
	case $_label in
	*lsmc-load-b*) fail_later "the parent's label after its next load stacks the child's profile: '$_label'" ;;
	*lsmc-self-blob*lsmc-load-c* | *lsmc-load-c*lsmc-self-blob*) ok "the parent's label: $_label" ;;
	*) fail_later "the parent's label lacks its own profiles: '$_label'" ;;
	esac
	wait_while 20 self_ns_present
	passed "a child's self LOAD does not confine its parent"

	# a blob that names a namespace of its own: refused, nothing loaded
	nobody_expect errno=EINVAL "self LOAD of a profile named :lsmc-ns:lb" \
		-N -r lsmc-load-b=:lsmc-ns:lb -c "$SELF" "$nr" 104 "$LOAD" /tmp/b.bin
	nobody_expect errno=EINVAL "self LOAD of a blob whose header names namespace lsmc-hdr" \
		-N -H lsmc-hdr -c "$SELF" "$nr" 104 "$LOAD" /tmp/b.bin
	self_ns_present && fail_later "a refused self LOAD left a namespace: $(ls $aa/policy/namespaces/)"
	_left=$(find $aa/policy/namespaces -name 'lsmc-ns' -o -name 'lsmc-hdr' -o -name 'lb.*' | head -n 3)
	[ -z "$_left" ] || fail_later "a refused self LOAD left something: $_left"
	passed "self LOAD of a blob naming its own namespace refused"

	# the cap: at most 64 profiles per self namespace, ENOSPC with nothing loaded
	nobody_expect errno=ENOSPC "self LOAD of 65 profiles at once" \
		-N -m 65,lsmc-self-blob -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin
	self_ns_present && fail_later "a refused first self LOAD left a namespace: $(ls $aa/policy/namespaces/)"
	rm -f /tmp/cap.ran /tmp/cap.go
	cat >/tmp/cap.sh <<EOS
#!/bin/sh
echo "more: \$(/tmp/raw-policy -c $SELF $nr 104 $LOAD /tmp/b.bin 2>&1)"
echo ran >/tmp/cap.ran
i=0
while [ ! -e /tmp/cap.go ] && [ \$i -lt 200 ]; do sleep 0.05; i=\$((i + 1)); done
EOS
	chmod 755 /tmp/cap.sh
	as_nobody /tmp/raw-policy -N -m 64,lsmc-self-blob -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin -- /tmp/cap.sh \
		>/tmp/cap.out 2>&1 &
	pid=$!
	wait_while 200 [ ! -e /tmp/cap.ran ]
	_n=$(find $aa/policy/namespaces/self.*/profiles -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	[ "$_n" -eq 64 ] || fail_later "the self namespace holds $_n profiles, want 64"
	ls -d $aa/policy/namespaces/self.*/profiles/lsmc-load-b.* >/dev/null 2>&1 &&
		fail_later "the load over the cap loaded lsmc-load-b"
	touch /tmp/cap.go
	wait $pid
	[ "$(cat /tmp/cap.out)" = "ret=0
more: errno=ENOSPC" ] || fail_later "64 profiles, then one more: want ret=0 / more: errno=ENOSPC, got '$(cat /tmp/cap.out)'"
	wait_while 20 self_ns_present
	passed "at most 64 profiles in a self namespace (ENOSPC, nothing loaded)"

	# the administrator removes the task's namespace (rmdir, or .remove of
	# :self.X:): the task's next self LOAD (same task: after the removal it
	# may not exec under no_new_privs) is ENOENT, and the kernel lives
	for how in rmdir remove; do
		rm -f /tmp/gone.go
		as_nobody /tmp/raw-policy -N -a /tmp/gone.go,/tmp/b.bin -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin \
			>/tmp/gone.out 2>&1 &
		pid=$!
		wait_while 200 eval '! self_ns_present'
		_ns=
		for _d in "$aa"/policy/namespaces/self.*; do [ -e "$_d" ] && _ns=${_d##*/}; done
		if [ -z "$_ns" ]; then
			fail_later "$how: no self namespace to remove"
		elif [ $how = rmdir ]; then
			rmdir "$aa/policy/namespaces/$_ns" || fail_later "rmdir of $_ns"
		else
			printf ':%s:' "$_ns" >$aa/.remove || fail_later ".remove of :$_ns:"
		fi
		touch /tmp/gone.go
		wait $pid
		[ "$(cat /tmp/gone.out)" = "ret=0
errno=ENOENT" ] || fail_later "$how: a self LOAD after the namespace was removed: want ret=0 / errno=ENOENT, got '$(cat /tmp/gone.out)'"
	done
	nobody_expect ret=0 "the next self LOAD, in a new namespace" -N -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin
	if dmesg | grep -qE 'Oops|BUG:|general protection|Call Trace'; then
		fail_later "the kernel logged a fault: $(dmesg | grep -E -A3 'Oops|BUG:|general protection|Call Trace' | head -n 20)"
	fi
	wait_while 20 self_ns_present
	passed "a self LOAD after its namespace was removed: ENOENT, the kernel lives"

	# lock_policy refuses self loads too (before the no_new_privs check)
	echo Y >/sys/module/apparmor/parameters/lock_policy 2>/dev/null
	if [ "$(cat /sys/module/apparmor/parameters/lock_policy)" = Y ]; then
		nobody_expect errno=EACCES "self LOAD with lock_policy" -c "$SELF" "$nr" 104 "$LOAD" /tmp/self.bin
		expect errno=EACCES "system LOAD with lock_policy" -n '' "$nr" 104 "$REPLACE" "$a"
		passed "lock_policy=Y refuses self and system loads"
	else
		skip_later "could not set apparmor.lock_policy"
	fi
fi

# --- SELinux --------------------------------------------------------------------
if [ "$lsm" = selinux ]; then
	se=/sys/fs/selinux
	pol=$data/minimal-selinux.33
	printf 'not a policy' >/tmp/garbage.bin
	expect errno=EOPNOTSUPP "self load" -c "$SELF" "$nr" 101 "$LOAD" "$pol"
	expect errno=EOPNOTSUPP "self load of size 0" -c "$SELF" "$nr" 101 "$LOAD"
	expect errno=EOPNOTSUPP "REPLACE" "$nr" 101 "$REPLACE" "$pol"
	expect errno=EINVAL "garbage" "$nr" 101 "$LOAD" /tmp/garbage.bin
	expect errno=EINVAL "size 0" "$nr" 101 "$LOAD"
	# over INT_MAX the count returned would read as an errno
	expect errno=E2BIG "size INT_MAX + 1" -S 2147483648 "$nr" 101 "$LOAD" "$pol"
	[ -e $se/class/process ] && fail_later "a policy is loaded after refused input"
	passed "bad input refused, no policy loaded"
	expect "ret=$(wc -c <"$pol")" "system LOAD returns the size" "$nr" 101 "$LOAD" "$pol"
	[ -e $se/class/process/perms/dyntransition ] ||
		fail_later "selinuxfs did not rebuild its class nodes for the loaded policy"
	expect errno=EINVAL "garbage over a loaded policy" "$nr" 101 "$LOAD" /tmp/garbage.bin
	[ -e $se/class/process/perms/dyntransition ] || fail_later "refused input dropped the policy"
	passed "system LOAD through the syscall"

	# booleans: selinuxfs lists a loaded policy's booleans with their values
	# ("current pending"), with or without a genfscon rule for selinuxfs
	# (which labels their files); a policy without them drops them
	bool_is() {
		_got=$(cat "$se/booleans/$1" 2>&1)
		[ "$_got" = "$2" ] || fail_later "$3: booleans/$1 reads '$_got', want '$2'"
	}
	for v in bools bools-genfs; do
		p=$data/minimal-selinux-$v.33
		expect "ret=$(wc -c <"$p")" "system LOAD of a policy with two booleans ($v)" "$nr" 101 "$LOAD" "$p"
		bool_is lsmc_bool_on '1 1' "$v"
		bool_is lsmc_bool_off '0 0' "$v"
		expect "ret=$(wc -c <"$pol")" "system LOAD of the policy without booleans" "$nr" 101 "$LOAD" "$pol"
		[ -e $se/booleans/lsmc_bool_on ] && fail_later "$v: booleans/lsmc_bool_on is left after a policy without it"
	done
	# the load file takes the same path
	if write_once "$data/minimal-selinux-bools.33" $se/load; then
		ok "the load file takes the policy with booleans"
		bool_is lsmc_bool_on '1 1' "load file"
	else
		fail_later "the load file refused the policy with booleans"
	fi
	passed "policies with booleans, listed under booleans/"
fi

# --- Smack ----------------------------------------------------------------------
if [ "$lsm" = smack ]; then
	sm=/sys/fs/smackfs
	printf 'RawS RawO rwx\n' >/tmp/rule
	expect 'ret=14' "long-format rule" -b 1 "$nr" 102 "$LOAD" /tmp/rule
	grep -q '^RawS RawO rwx$' $sm/load2 || fail_later "load2 does not list 'RawS RawO rwx'"
	printf 'RawS RawO w x\n' >/tmp/change
	expect 'ret=14' "change-format rule" -b 2 "$nr" 102 "$LOAD" /tmp/change
	grep -q '^RawS RawO rw$' $sm/load2 || fail_later "change-rule did not give 'RawS RawO rw': $(grep RawS $sm/load2)"
	printf '%-24s%-24srwxa' Raw24S Raw24O >/tmp/fixed
	expect ret=52 "fixed 24-byte rule" -b 0 "$nr" 102 "$LOAD" /tmp/fixed
	grep -q '^Raw24S Raw24O rwxa$' $sm/load2 || fail_later "the fixed-format rule is not listed"
	passed "rules in each format"

	before=$(md5sum <$sm/load2)
	expect errno=EINVAL "unknown format byte" -b 7 "$nr" 102 "$LOAD" /tmp/rule
	expect errno=EINVAL "size 0" "$nr" 102 "$LOAD"
	expect errno=EINVAL "format byte alone" -b 1 "$nr" 102 "$LOAD"
	printf 'Bad -Label rwx\n' >/tmp/bad
	expect errno=EINVAL "a label starting with '-'" -b 1 "$nr" 102 "$LOAD" /tmp/bad
	[ "$(md5sum <$sm/load2)" = "$before" ] || fail_later "refused rules changed load2"
	passed "bad input refused, nothing changed"

	# the page window: a long batch is taken up to its last newline within
	# a page, and the count says how much
	i=0
	: >/tmp/many
	while [ $i -lt 400 ]; do
		printf 'PageS%03d PageO r\n' $i >>/tmp/many
		i=$((i + 1))
	done
	size=$(wc -c </tmp/many)
	got=$("$raw" -b 1 "$nr" 102 "$LOAD" /tmp/many)
	n=${got#ret=}
	if [ "$got" = "ret=$n" ] && [ "$n" -lt "$size" ] && [ "$n" -gt 3000 ] && [ $((n % 17)) -eq 0 ]; then
		ok "a $size-byte batch: the kernel took $n bytes, whole rules"
	else
		fail_later "a $size-byte batch: got '$got'"
	fi

	# task rules: the caller's own list, not the system's
	printf 'SelfS SelfO r\n' >/tmp/selfrule
	cat >/tmp/self-smack.sh <<EOS
#!/bin/sh
cat $sm/load-self2 >/tmp/smack-self.list
EOS
	chmod 755 /tmp/self-smack.sh
	expect ret=14 "task rule" -c "$SELF" -b 1 "$nr" 102 "$LOAD" /tmp/selfrule -- /tmp/self-smack.sh
	grep -q '^SelfS SelfO r$' /tmp/smack-self.list || fail_later "load-self2 does not list the task rule"
	grep -q '^SelfS ' $sm/load2 && fail_later "the task rule went to the system's rules"
	_got=$(as_nobody /tmp/raw-policy -c "$SELF" -b 1 "$nr" 102 "$LOAD" /tmp/selfrule 2>&1)
	[ "$_got" = errno=EPERM ] || fail_later "task rules without CAP_MAC_ADMIN: want EPERM, got '$_got'"
	passed "task rules"

	# onlycap: root whose label is not listed is not privileged for Smack
	printf 'RawOther _ rwx\n' >$sm/load2 || fail_later "could not add 'RawOther _ rwx'"
	printf 'RawOnlyS RawOnlyO r\n' >/tmp/onlyrule
	echo _ >$sm/onlycap || fail_later "could not set onlycap"
	# shellcheck disable=SC2016 # expanded by the inner shell
	onlycap_run='echo RawOther >/proc/self/attr/current && exec "$@"'
	_got=$(sh -c "$onlycap_run" sh "$raw" -b 1 "$nr" 102 "$LOAD" /tmp/onlyrule 2>&1)
	[ "$_got" = errno=EPERM ] || fail_later "system LOAD as root labelled RawOther, onlycap _: want EPERM, got '$_got'"
	_got=$(sh -c "$onlycap_run" sh "$raw" -c "$SELF" -b 1 "$nr" 102 "$LOAD" /tmp/onlyrule 2>&1)
	[ "$_got" = errno=EPERM ] || fail_later "task rules as root labelled RawOther, onlycap _: want EPERM, got '$_got'"
	expect ret=20 "system LOAD as root labelled _, onlycap _" -b 1 "$nr" 102 "$LOAD" /tmp/onlyrule
	echo - >$sm/onlycap || fail_later "could not clear onlycap"
	grep -q '^RawOnlyS RawOnlyO r$' $sm/load2 || fail_later "the permitted load did not land"
	passed "onlycap limits lsm_config_policy() as it limits smackfs"
fi

finish

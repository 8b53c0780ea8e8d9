#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Inside the test VM: lsmctl at the input limits (bench/limits.sh), each run
# under rusage-run (its time and peak RSS), then what the kernel holds.
#
# usage: limits-guest.sh smack TAG FILE        (one rule set, booted with Smack)
#        limits-guest.sh apparmor UNDER SWAP   (a directory of compiled
#                  profiles just under the syscall's limit, and one holding
#                  the file that, swapped in, makes it just over; the
#                  proposal kernel)
#        limits-guest.sh selinux TAG=POLICY... (binary policies, loaded in turn)
# Prints one line per run:
#   LIMIT,<lsm>,<case>,<input bytes>,<items>,<exit status>,<ns>,<peak RSS KiB>,<user us>,<sys us>,<kernel>
# <kernel> says what the kernel holds after the run; ERROR lines when it
# is not what the run reported.
# shellcheck source=../tests/vm/guest/lib.sh
. /test/lib.sh
mode=${1:?usage: limits-guest.sh smack|apparmor|selinux ARGS...}
shift
require_lsm "$mode"
echo "INFO,limits-$mode,kernel,$(uname -r)"

# run LSM CASE BYTES ITEMS CMD...: CMD under rusage-run; sets $st and $run
run() {
	r_lsm=$1 r_case=$2 r_bytes=$3 r_items=$4
	shift 4
	st=0
	/test/rusage-run "$@" >/tmp/run.out 2>/tmp/run.err || st=$?
	run=$(sed -n 's/^RUN //p' /tmp/run.err)
	[ -n "$run" ] || echo "ERROR,$r_lsm,$r_case,no RUN line: $(tail -n 3 /tmp/run.err | tr '\n' ' ')"
}
# emit KERNEL-STATE: the LIMIT line of the last run
emit() {
	ns=$(echo "$run" | sed -n 's/.*ns=\([0-9]*\).*/\1/p')
	rss=$(echo "$run" | sed -n 's/.*maxrss_kib=\([0-9]*\).*/\1/p')
	us=$(echo "$run" | sed -n 's/.*user_us=\([0-9]*\).*/\1/p')
	sy=$(echo "$run" | sed -n 's/.*sys_us=\([0-9]*\).*/\1/p')
	echo "LIMIT,$r_lsm,$r_case,$r_bytes,$r_items,$st,$ns,$rss,$us,$sy,$1"
}
entries() { # DIR: how many entries it has
	set -- "$1"/*
	echo $#
}
say_output() { # the run's messages, for the log
	sed "s/^/  | /" /tmp/run.out /tmp/run.err | grep -v '^  | RUN ' | head -n 3
}

# The process's own: lsmctl validating an empty Smack rule file (no kernel
# access, no input), which every boot measures the same way.
: >/tmp/empty.rules
run "$mode" baseline 0 0 lsmctl load smack --dry-run /tmp/empty.rules
emit "-"

case $mode in
smack)
	tag=$1 file=$2
	bytes=$(wc -c <"$file")
	n=$(wc -l <"$file")
	run smack "dry-$tag" "$bytes" "$n" lsmctl load smack --dry-run "$file"
	emit "-"
	before=$(wc -l </sys/fs/smackfs/load2)
	run smack "load-$tag" "$bytes" "$n" lsmctl load smack "$file"
	cat /sys/fs/smackfs/load2 >/tmp/load2
	after=$(wc -l </tmp/load2)
	emit "load2 lists $after (before: $before)"
	say_output
	[ "$st" = 0 ] || echo "ERROR,smack,load-$tag,exit $st"
	[ "$after" -eq $((before + n)) ] || echo "ERROR,smack,load-$tag,load2 lists $after, wanted $((before + n))"
	# the last 100 rules of the file, each listed with its access
	tail -n 100 "$file" >/tmp/sample
	found=$(awk 'NR == FNR { want[$1 " " $2] = $3; next }
		($1 " " $2) in want && want[$1 " " $2] == $3 { n++ } END { print n + 0 }' /tmp/sample /tmp/load2)
	[ "$found" = 100 ] || echo "ERROR,smack,load-$tag,$found of the last 100 rules listed as written"
	rm -f /tmp/load2
	;;
apparmor)
	under=$1 swap=$2
	profiles=/sys/kernel/security/apparmor/profiles
	count() { wc -l <$profiles; }
	mem() { echo "INFO,limits-apparmor,memavailable-$1,$(sed -n 's/^MemAvailable: *//p' /proc/meminfo)"; }
	remove_all() {
		# the names first: removing while reading the listing skips some
		sed 's/ (.*//' $profiles >/tmp/names
		while IFS= read -r p; do
			printf '%s' "$p" >/sys/kernel/security/apparmor/.remove || echo "ERROR,apparmor,remove,$p"
		done </tmp/names
		[ "$(count)" = 0 ] || echo "ERROR,apparmor,remove,$(count) profiles left"
	}
	# the over set: the under set with one file swapped for its larger twin
	set -- "$under"/*
	un=$#
	ub=$(cat "$@" | wc -c)
	overs=''
	for f in "$@"; do
		b=${f##*/}
		if [ -e "$swap/$b" ]; then overs="$overs $swap/$b"; else overs="$overs $f"; fi
	done
	# shellcheck disable=SC2086 # file names without spaces
	ob=$(cat $overs | wc -c)
	on=$un
	echo "INFO,limits-apparmor,under,$ub bytes in $un files"
	echo "INFO,limits-apparmor,over,$ob bytes in $on files"
	mem boot
	run apparmor dry-under "$ub" "$un" lsmctl load apparmor --dry-run "$under"/*
	emit "-"
	# over the syscall's limit through the syscall: refused before any write
	# shellcheck disable=SC2086
	run apparmor sys-over "$ob" "$on" lsmctl -b syscall load apparmor $overs
	c=$(count)
	emit "refused, $c profiles"
	say_output
	[ "$st" != 0 ] || echo "ERROR,apparmor,sys-over,loaded"
	grep -q 'takes 1 to' /tmp/run.out /tmp/run.err || echo "ERROR,apparmor,sys-over,no size message"
	[ "$c" = 0 ] || echo "ERROR,apparmor,sys-over,$c profiles loaded"
	# just under: one call
	mem sys-under
	run apparmor sys-under "$ub" "$un" lsmctl -b syscall load apparmor "$under"/*
	c=$(count)
	emit "loaded, $c profiles"
	say_output
	[ "$st" = 0 ] || echo "ERROR,apparmor,sys-under,exit $st"
	[ "$c" = "$un" ] || echo "ERROR,apparmor,sys-under,$c profiles, wanted $un"
	remove_all
	# over the syscall's limit through apparmorfs (no limit of its own
	# below MAX_RW_COUNT and kvmalloc's INT_MAX)
	mem fs-over
	# shellcheck disable=SC2086
	run apparmor fs-over "$ob" "$on" lsmctl -b fs load apparmor $overs
	c=$(count)
	emit "loaded, $c profiles"
	say_output
	[ "$st" = 0 ] || echo "ERROR,apparmor,fs-over,exit $st"
	[ "$c" = "$on" ] || echo "ERROR,apparmor,fs-over,$c profiles, wanted $on"
	remove_all
	mem auto-over
	# the default backend with the oversized set
	# shellcheck disable=SC2086
	run apparmor auto-over "$ob" "$on" lsmctl load apparmor $overs
	c=$(count)
	emit "exit $st, $c profiles"
	say_output
	[ "$st" != 0 ] || [ "$c" = 0 ] || echo "ERROR,apparmor,auto-over,refused but $c profiles loaded"
	mem end
	;;
selinux)
	for tp in "$@"; do
		tag=${tp%%=*} file=${tp#*=}
		bytes=$(wc -c <"$file")
		run selinux "dry-$tag" "$bytes" 1 lsmctl load selinux --dry-run "$file"
		emit "-"
		run selinux "load-$tag" "$bytes" 1 lsmctl load selinux "$file"
		mls=$(cat /sys/fs/selinux/mls)
		classes=$(entries /sys/fs/selinux/class)
		bools=$(entries /sys/fs/selinux/booleans)
		# the kernel's own serialisation of what it holds
		held=$(wc -c </sys/fs/selinux/policy)
		emit "loaded: mls=$mls, $classes classes, $bools booleans, policy reads $held bytes"
		say_output
		[ "$st" = 0 ] || echo "ERROR,selinux,load-$tag,exit $st"
	done
	;;
esac
echo "LIMITS-DONE"

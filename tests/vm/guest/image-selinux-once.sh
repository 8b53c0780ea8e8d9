#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# shellcheck source-path=SCRIPTDIR
# On the Debian image booted with SELinux, systemd (PID 1) loads the
# configured policy before any unit runs; lsmctl boot does not load it a
# second time, and says so with -v. The kernel prints its policy
# capabilities once per load: the count before and after lsmctl boot is the
# same, one.
# usage: image-selinux-once.sh   (lsmctl in /test)
# shellcheck source=lib.sh
. /test/lib.sh
PATH=/test:$PATH
require_lsm selinux

loads() { dmesg | grep -c 'policy capability network_peer_controls'; }
[ "$(cat /proc/1/comm)" = systemd ] || fail "PID 1 is $(cat /proc/1/comm), not systemd"
before=$(loads)
[ "$before" -eq 1 ] || fail_later "$before policy loads before lsmctl boot, not the one PID 1 made"
journalctl -b -o cat _PID=1 2>/dev/null | grep -m1 -i 'selinux' | sed 's/^/  | /'
run_lsmctl boot -v boot -N
[ "$rc" -eq 0 ] || fail_later "lsmctl boot exited $rc"
grep -q "systemd (PID 1) has loaded the configured policy; not again" /tmp/boot.err ||
	fail_later "lsmctl boot -v does not say it left the policy to PID 1"
after=$(loads)
[ "$after" -eq "$before" ] || fail_later "lsmctl boot loaded the policy again: $after loads"
passed "the SELinux policy is loaded once, by PID 1; lsmctl boot says so and leaves it"

# An explicit policy file is still loaded: the administrator asked.
run_lsmctl explicit -v boot -N --selinux-policy /etc/selinux/default/policy/policy.33
[ "$rc" -eq 0 ] || fail_later "lsmctl boot --selinux-policy exited $rc"
[ "$(loads)" -eq $((before + 1)) ] || fail_later "--selinux-policy did not load: $(loads) loads"
passed "a policy file named on the command line is loaded all the same"

finish

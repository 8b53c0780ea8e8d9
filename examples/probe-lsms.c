/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Ask the running kernel which LSMs are active and how policy could be
 * loaded into AppArmor, SELinux and Smack.
 *
 *   cc probe-lsms.c $(pkg-config --cflags --libs liblsmconfig) -o probe-lsms
 *
 * Its output depends on the machine; the examples test checks that it
 * exits with 0 and reports each of the three LSMs. On a container host
 * whose kernel runs no LSM that loads policy, as root:
 *
 *   active: lockdown
 *   active: capability
 *   active: landlock
 *   active: bpf
 *   apparmor: not active, system syscall not usable, /sys/kernel/security/apparmor/.replace not
 * usable selinux: not active, system syscall not usable, /sys/fs/selinux/load not usable smack: not
 * active, system syscall not usable, /sys/fs/smackfs/load2 not usable
 *
 * On a kernel running AppArmor but not the proposed syscalls, as root, the
 * apparmor line reads instead:
 *
 *   apparmor: active, system syscall not usable, /sys/kernel/security/apparmor/.replace writable
 */
#include <stdio.h>
#include <string.h>

#include <lsmconfig.h>

int main(void)
{
	static const uint64_t lsms[] = {LSMC_LSM_APPARMOR, LSMC_LSM_SELINUX, LSMC_LSM_SMACK};
	struct lsmc_ctx *ctx;
	const uint64_t *ids;
	int n, r;

	r = lsmc_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "lsmc_new: %s\n", strerror(-r));
		return 1;
	}
	n = lsmc_active_lsms(ctx, &ids);
	if (n < 0) {
		struct lsmc_error e = {.sz = sizeof(e)};
		lsmc_get_last_error(ctx, &e);
		fprintf(stderr, "cannot list LSMs: %s (%s)\n", e.message, e.hint);
	}
	for (int i = 0; i < n; i++)
		printf("active: %s\n", lsmc_lsm_name(ids[i]) ? lsmc_lsm_name(ids[i]) : "?");

	for (size_t i = 0; i < sizeof(lsms) / sizeof(lsms[0]); i++) {
		struct lsmc_lsm_info info = {.sz = sizeof(info)};

		r = lsmc_probe(ctx, lsms[i], &info);
		if (r < 0) {
			fprintf(stderr, "probe %s: %s\n", lsmc_lsm_name(lsms[i]), strerror(-r));
			continue;
		}
		printf("%s: %s, system syscall %s, %s %s\n", lsmc_lsm_name(lsms[i]),
		       info.active ? "active" : "not active",
		       info.syscall_system == LSMC_AVAIL_YES ? "usable" : "not usable",
		       info.fs_path, info.fs == LSMC_FS_WRITABLE ? "writable" : "not usable");
	}
	lsmc_unref(ctx);
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The syscall part of the read-only view: the merged LSM syscalls the
 * library uses and the proposed policy syscalls of the revision it was
 * built for, each with the number this build calls it by, and what the
 * running kernel answers. Nothing here changes kernel state.
 */
#include <errno.h>
#include <stdint.h>

#include "internal.h"
#include "delivery/syscall-nr.h"

/* The policy syscalls of the revision this build speaks (abi.h). */
static const struct lsmc_abi_call entries[] = LSMC_ABI_ENTRIES;

static enum lsmc_avail avail_of(long r)
{
	if (r == -ENOSYS)
		return LSMC_AVAIL_ABSENT;
	if (r == -EPERM)
		return LSMC_AVAIL_DENIED; /* a seccomp filter */
	return LSMC_AVAIL_YES;
}

/* A merged call, asked with arguments the kernel refuses before acting. */
static enum lsmc_avail merged_answer(struct lsmc_ctx *ctx, bool list_modules)
{
	uint32_t size = 0;

	if (list_modules) /* E2BIG: the kernel says how much room it needs */
		return avail_of(ctx->sys.lsm_list_modules(ctx->sys.data, NULL, &size, 0));
	return avail_of(ctx->sys.lsm_set_self_attr(ctx->sys.data, 0, NULL, 0, ~0u)); /* EINVAL */
}

/*
 * A policy syscall, as the probes of the three LSMs found it: absent when
 * every probe found it absent, denied when one was refused, else there.
 */
static int policy_answer(struct lsmc_ctx *ctx, const struct lsmc_abi_call *e, enum lsmc_avail *out)
{
	static const uint64_t lsms[] = {LSM_ID_APPARMOR, LSM_ID_SELINUX, LSM_ID_SMACK};
	bool absent = true, denied = false;

	for (size_t i = 0; i < sizeof(lsms) / sizeof(lsms[0]); i++) {
		const struct lsmc_lsm_info *info;
		int r = lsmc_probe_cached(ctx, lsms[i], &info);

		if (r < 0)
			return r;
		for (int self = 0; self < 2; self++) {
			enum lsmc_avail a = self ? info->syscall_self : info->syscall_system;

			if (!(self ? e->self : e->system))
				continue;
			absent &= a == LSMC_AVAIL_ABSENT;
			denied |= a == LSMC_AVAIL_DENIED;
		}
	}
	*out = absent ? LSMC_AVAIL_ABSENT : denied ? LSMC_AVAIL_DENIED : LSMC_AVAIL_YES;
	return 0;
}

LSMC_EXPORT const char *lsmc_syscall_revision(void)
{
	return lsmc_abi_default->name;
}

LSMC_EXPORT int lsmc_syscalls(struct lsmc_ctx *ctx,
			      int (*fn)(const struct lsmc_syscall *syscall, void *data), void *data)
{
	struct lsmc_syscall s;
	size_t n_entries = sizeof(entries) / sizeof(entries[0]);
	int count = 0, r;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	for (size_t i = 0; i < n_entries + 3; i++) {
		s = (struct lsmc_syscall){.sz = sizeof(s)};
		if (i < 2) {
			s.name = i == 0 ? "lsm_list_modules" : "lsm_set_self_attr";
			s.merged = true;
			s.number = i == 0 ? __NR_lsm_list_modules : __NR_lsm_set_self_attr;
			s.asked = true;
			s.kernel = merged_answer(ctx, i == 0);
		} else if (i < 2 + n_entries) {
			const struct lsmc_abi_call *e = &entries[i - 2];

			s.name = e->name;
			s.number = e->nr;
			s.scope_self = e->self;
			s.scope_system = e->system;
			/* Without a number the build never calls it, so never asks. */
			s.asked = e->nr >= 0;
			if (s.asked) {
				r = policy_answer(ctx, e, &s.kernel);
				if (r < 0)
					return r;
			}
		} else {
			/* Only creating a namespace would tell: never asked. */
			s.name = "lsm_unshare";
			s.number = LSMC_NR_UNSHARE;
		}
		count++;
		if (fn && (r = fn(&s, data)) != 0)
			return r;
	}
	return count;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsm_unshare(struct lsm_ctx *ctx, u32 size, u32 flags), as proposed: one
 * LSM per call, named by ctx->id, with an LSM-specific payload in ctx[].
 * The checks the kernel is expected to make (by analogy with
 * lsm_set_self_attr) are made here first, so a bad request never costs a
 * kernel call and gets a precise message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static const char *unshare_hint(int r, uint64_t lsm)
{
	switch (-r) {
	case ENOSYS:
		return lsm == LSM_ID_APPARMOR
			       ? "this kernel has no lsm_unshare (proposed, not merged); AppArmor "
				 "policy namespaces work today: lsmctl unshare apparmor --ns NAME"
			       : "this kernel has no lsm_unshare (proposed, not merged)";
	case EOPNOTSUPP:
		return "this LSM offers no namespace through lsm_unshare";
	case EPERM:
	case EACCES:
		return "creating an LSM namespace needs privilege (CAP_MAC_ADMIN), and the "
		       "caller's own LSM policy may forbid it";
	default:
		return NULL;
	}
}

LSMC_EXPORT int lsmc_unshare(struct lsmc_ctx *ctx, uint64_t lsm_id,
			     const struct lsmc_unshare_opts *in)
{
	struct lsmc_unshare_opts opts = {.sz = sizeof(opts)};
	struct lsmc_fail_info fi = {
		.lsm = lsm_id, .backend = LSMC_BACKEND_SYSCALL, .interface = "lsm_unshare"};
	struct lsmc_kctx *k;
	size_t len;
	long r;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	if (in) {
		if (in->sz < sizeof(size_t)) {
			fi.error = -EINVAL;
			return lsmc_fail(ctx, &fi, "invalid options");
		}
		memcpy(&opts, in, lsmc_min_sz(in->sz, sizeof(opts)));
	}
	if (!lsmc_lsm_name(lsm_id) || lsm_id == LSM_ID_CAPABILITY) {
		fi.error = -EINVAL;
		return lsmc_fail(ctx, &fi, "not an LSM that could have a namespace");
	}
	if (opts.flags) {
		fi.error = -EINVAL;
		return lsmc_fail(ctx, &fi, "lsm_unshare defines no flags yet");
	}
	if (opts.data_len && !opts.data) {
		fi.error = -EINVAL;
		return lsmc_fail(ctx, &fi, "a payload length without a payload");
	}
	/* One lsm_ctx: header, payload, padding to 8 bytes; at most a page. */
	len = (sizeof(*k) + opts.data_len + 7) & ~(size_t)7;
	if (opts.data_len > (size_t)ctx->page_size || len > (size_t)ctx->page_size) {
		fi.error = -E2BIG;
		return lsmc_fail(ctx, &fi, "the payload exceeds one page");
	}
	k = calloc(1, len);
	if (!k)
		return -ENOMEM;
	k->id = lsm_id;
	k->flags = opts.ctx_flags;
	k->len = len;
	k->ctx_len = opts.data_len;
	if (opts.data_len)
		memcpy(k->ctx, opts.data, opts.data_len);
	r = ctx->sys.lsm_unshare(ctx->sys.data, k, (uint32_t)len, opts.flags);
	free(k);
	if (r < 0) {
		fi.error = (int)r;
		fi.kernel_errno = (int)-r;
		fi.hint = unshare_hint((int)r, lsm_id);
		return lsmc_fail(ctx, &fi, "cannot unshare the %s namespace: %s",
				 lsmc_lsm_name(lsm_id), strerror((int)-r));
	}
	info(ctx, "%s: in a new namespace", lsmc_lsm_name(lsm_id));
	return 0;
}

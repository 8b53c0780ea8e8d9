/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* What every typed loader shares: options, results, and the hand-off to the dispatcher. */
#include <errno.h>
#include <string.h>

#include "lsm/load.h"

int lsmc_opts_get(const struct lsmc_load_opts *in, struct lsmc_load_opts *out)
{
	*out = (struct lsmc_load_opts){.sz = sizeof(*out), .scope = LSMC_SCOPE_SYSTEM};
	if (!in)
		return 0;
	if (in->sz < sizeof(size_t))
		return -EINVAL;
	/* An older caller's shorter struct: its fields, our defaults for the rest. */
	memcpy(out, in, lsmc_min_sz(in->sz, sizeof(*out)));
	out->sz = sizeof(*out);
	if (out->scope != LSMC_SCOPE_SYSTEM && out->scope != LSMC_SCOPE_SELF)
		return -EINVAL;
	return 0;
}

int lsmc_load_begin(struct lsmc_ctx *ctx, uint64_t lsm, const struct lsmc_load_opts *in,
		    struct lsmc_load_opts *opts)
{
	struct lsmc_fail_info fi = {.lsm = lsm, .interface = "options", .hint = ""};

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	fi.error = lsmc_opts_get(in, opts);
	if (fi.error < 0)
		return lsmc_fail(ctx, &fi, "invalid load options");
	return 0;
}

void lsmc_result_put(struct lsmc_result *res, const struct lsmc_result *val)
{
	size_t sz;

	if (!res || res->sz < sizeof(size_t))
		return;
	sz = res->sz;
	memcpy(res, val, lsmc_min_sz(sz, sizeof(*val)));
	res->sz = sz;
}

int lsmc_load_request(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned int items,
		      const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	struct lsmc_delivery d = {0};
	struct lsmc_result out = {.sz = sizeof(out)};
	int r = 0;

	if (opts->dry_run) {
		r = lsmc_request_check(ctx, req);
		if (r < 0)
			return r;
		info(ctx, "%s: dry run: %u item(s), %zu bytes validated, nothing loaded",
		     lsmc_lsm_name(req->lsm), items, req->len);
	} else {
		r = lsmc_deliver(ctx, req, &d);
	}
	lsmc_result_from_delivery(&out, &d);
	out.items = r == 0 ? items : 0;
	out.parts = r == 0; /* one request, one input */
	lsmc_result_put(res, &out);
	return r;
}

void lsmc_result_from_delivery(struct lsmc_result *out, const struct lsmc_delivery *d)
{
	out->backend = d->backend;
	out->atomic = d->atomic;
	out->bytes = d->bytes;
	out->kernel_calls = d->kernel_calls;
	out->interface = d->interface;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Copy caller options (NULL or an older, shorter struct) over the defaults. */
int lsmc_opts_get(const struct lsmc_load_opts *in, struct lsmc_load_opts *out);
/* What every load does first: a context, a clean error slate, the options. */
int lsmc_load_begin(struct lsmc_ctx *ctx, uint64_t lsm, const struct lsmc_load_opts *in,
		    struct lsmc_load_opts *opts);
/* Copy a result into the caller's struct, no further than its sz. */
void lsmc_result_put(struct lsmc_result *res, const struct lsmc_result *val);
/* What a delivery says of itself, copied into a result: backend, atomicity,
 * bytes, kernel calls, interface. Items and parts are the caller's to set. */
void lsmc_result_from_delivery(struct lsmc_result *out, const struct lsmc_delivery *d);
/* Deliver a validated request (or only report it, for a dry run). */
int lsmc_load_request(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned int items,
		      const struct lsmc_load_opts *opts, struct lsmc_result *res);

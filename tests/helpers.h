/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Shared set-up for the cmocka suites: a library context wired to the kernel model. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "model.h"
#include "skip.h"

struct fixture {
	struct model *m;
	struct lsmc_ctx *ctx;
};

static inline const struct lsmc_abi *unified_abi(void);

/* A context whose every kernel access goes to m, speaking m's revision of
 * the policy syscalls (v6 unless the test chose otherwise). */
static inline struct lsmc_ctx *ctx_on_model(struct model *m)
{
	struct lsmc_ctx *ctx = NULL;
	struct lsmc_sys sys = model_sys(m);

	unsetenv("LSMCONFIG_BACKEND");
	unsetenv("LSMCONFIG_LOG");
	assert_int_equal(lsmc_new(&ctx), 0);
	lsmc_ctx_set_sys(ctx, &sys);
	ctx->abi = m->abi == MODEL_ABI_UNIFIED ? unified_abi() : &lsmc_abi_v6;
	return ctx;
}

static inline struct fixture *fixture_new(void (*preset)(struct model *))
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->m = model_new();
	assert_non_null(f->m);
	if (preset)
		preset(f->m);
	f->ctx = ctx_on_model(f->m);
	return f;
}

static inline void fixture_free(struct fixture *f)
{
	if (!f)
		return;
	assert_null(lsmc_unref(f->ctx));
	model_free(f->m);
	free(f);
}

/* The unified revision with the model's REPLACE and REMOVE values (the
 * build may know none: they are unpublished). */
static inline const struct lsmc_abi *unified_abi(void)
{
	static struct lsmc_abi t;

	t = lsmc_abi_unified;
	t.op[LSMC_ABI_REPLACE] = 101;
	t.op[LSMC_ABI_REMOVE] = 102;
	return &t;
}

/* Library and model speak the same revision of the policy syscalls. */
static inline void use_abi(struct model *m, struct lsmc_ctx *ctx, enum model_abi abi)
{
	m->abi = abi;
	ctx->abi = abi == MODEL_ABI_UNIFIED ? unified_abi() : &lsmc_abi_v6;
	lsmc_probe_reset(ctx);
}

static inline struct lsmc_error last_error(struct lsmc_ctx *ctx)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	assert_int_equal(lsmc_get_last_error(ctx, &e), 0);
	return e;
}

/* The hint of the last error contains needle. */
#define assert_hint_contains(ctx, needle)                                                          \
	do {                                                                                       \
		struct lsmc_error e_ = last_error(ctx);                                            \
		if (!strstr(e_.hint, (needle)))                                                    \
			fail_msg("hint \"%s\" lacks \"%s\"", e_.hint, (needle));                   \
	} while (0)

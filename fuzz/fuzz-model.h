/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * What the stateful fuzz targets share: the input read as a stream of
 * choices, and a library context on a fresh kernel model (tests/shim/)
 * whose policy syscalls can be made to fail the n-th time, as the model's
 * own fault injection does for writes.
 */
#pragma once

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "model-internal.h"
#include "model.h"

/* The input, consumed a choice at a time; zeros once it runs out. */
struct fz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	uint16_t lo = fz_u8(in);
	return (uint16_t)(lo | (fz_u8(in) << 8));
}

/* The errnos a failing write or policy call is given. */
static const int fz_errnos[] = {ENOMEM, EINVAL, EIO,	EPERM,	EACCES, ENOSPC,
				EFAULT, EBUSY,	ENOENT, EAGAIN, E2BIG,	EOVERFLOW};

static inline int fz_errno(struct fz_in *in)
{
	return fz_errnos[fz_u8(in) % (sizeof(fz_errnos) / sizeof(fz_errnos[0]))];
}

/* What every target does first: its outcome counts printed at exit with
 * FUZZ_STATS=1, and none of the library's environment overrides in effect. */
static inline void fz_init(void (*print_stats)(void))
{
	if (getenv("FUZZ_STATS"))
		atexit(print_stats);
	unsetenv("LSMCONFIG_LOG");
	unsetenv("LSMCONFIG_BACKEND");
	unsetenv("LSMCONFIG_LOCK_TIMEOUT");
}

/* The unified revision with the model's REPLACE and REMOVE values. */
static inline const struct lsmc_abi *fz_unified_abi(void)
{
	static struct lsmc_abi t;

	t = lsmc_abi_unified;
	t.op[LSMC_ABI_REPLACE] = 101;
	t.op[LSMC_ABI_REMOVE] = 102;
	return &t;
}

/*
 * A context on m: every kernel access goes to the model, which fails the
 * policy syscalls where m->fail_policy_call_nth says. Lock waits are not
 * wanted (one loader), logging is off.
 */
static inline struct lsmc_ctx *fz_ctx(struct model *m)
{
	struct lsmc_ctx *ctx = NULL;
	struct lsmc_sys sys = model_sys(m);

	if (lsmc_new(&ctx) < 0)
		abort();
	lsmc_ctx_set_sys(ctx, &sys);
	ctx->abi = m->abi == MODEL_ABI_UNIFIED ? fz_unified_abi() : &lsmc_abi_v6;
	lsmc_set_lock_timeout(ctx, 0);
	return ctx;
}

/* Smack rules as pairs, what a target expects the model to hold and what
 * it holds: the same representation on both sides, compared by the target. */
#define FZ_MAX_PAIRS 256

struct fz_pair {
	const char *s, *o; /* the target's labels or the model's strings */
	int access;
};

struct fz_pairs {
	struct fz_pair p[FZ_MAX_PAIRS];
	size_t n;
};

static inline struct fz_pair *fz_pair_find(const struct fz_pairs *st, const char *s, const char *o)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->p[i].s, s) == 0 && strcmp(st->p[i].o, o) == 0)
			return (struct fz_pair *)&st->p[i];
	return NULL;
}

/* The kernel's smk_set_access(): allow added, deny removed; a new pair gets
 * allow & ~deny. An access rule denies everything it does not allow. */
static inline void fz_pair_apply(struct fz_pairs *st, const char *s, const char *o, int allow,
				 int deny)
{
	struct fz_pair *x = fz_pair_find(st, s, o);

	if (!x) {
		if (st->n == FZ_MAX_PAIRS)
			abort();
		x = &st->p[st->n++];
		*x = (struct fz_pair){s, o, 0};
	}
	x->access = (x->access | allow) & ~deny;
}

/* What the model holds: its system rules, or (self) the task's. */
static inline void fz_pairs_of_model(struct model *m, bool self, struct fz_pairs *st)
{
	st->n = 0;
	for (struct smk_rule *r = self ? m->st->smk_self : m->st->smk_global; r; r = r->next) {
		if (st->n == FZ_MAX_PAIRS)
			abort();
		st->p[st->n++] = (struct fz_pair){r->subject, r->object, r->access};
	}
}

/* Smack's access letters for bits, "-" for none. */
static inline void fz_access_str(int bits, char out[8])
{
	static const char letters[] = "rwxatlb";
	size_t n = 0;

	for (int b = 0; b < 7; b++)
		if (bits & (1 << b))
			out[n++] = letters[b];
	if (!n)
		out[n++] = '-';
	out[n] = '\0';
}

#define fz_die(...)                                                                                \
	do {                                                                                       \
		fprintf(stderr, "invariant broken: " __VA_ARGS__);                                 \
		fputc('\n', stderr);                                                               \
		abort();                                                                           \
	} while (0)

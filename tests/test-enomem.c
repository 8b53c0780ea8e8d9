/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Out of memory at every allocation the library makes. The test binary is
 * linked with --wrap for malloc, calloc, realloc and strdup, so every
 * allocation in the library's own code can be made to fail; the kernel
 * model's allocations (reached through the seam) never fail, since they
 * stand for the kernel. Each scenario is run with the first, second, ...
 * allocation failing until one run needs no more allocations than that:
 * every run must return 0 or -ENOMEM and leave no leak (ASan and valgrind
 * check the leaks).
 */
#include <errno.h>
#include <stdio.h>

#include "helpers.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static unsigned alloc_count; /* allocations seen in this run */
static unsigned fail_at;     /* 1-based allocation to fail; 0: none */
static int in_model;	     /* inside the kernel model: never fail */

static bool should_fail(void)
{
	if (in_model)
		return false;
	return ++alloc_count == fail_at;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return should_fail() ? NULL : __real_strdup(s);
}

/* ---- a seam that marks the model's own work ---- */

static struct lsmc_sys inner;

/* Runs a model operation with allocation failures off, returning its result. */
#define IN_MODEL(expr)                                                                             \
	do {                                                                                       \
		__typeof__(expr) r_;                                                               \
		in_model++;                                                                        \
		r_ = (expr);                                                                       \
		in_model--;                                                                        \
		return r_;                                                                         \
	} while (0)

static long w_list(void *d, uint64_t *ids, uint32_t *size, uint32_t flags)
{
	IN_MODEL(inner.lsm_list_modules(inner.data, ids, size, flags));
}
static long w_get(void *d, unsigned a, struct lsmc_kctx *c, uint32_t *s, uint32_t f)
{
	IN_MODEL(inner.lsm_get_self_attr(inner.data, a, c, s, f));
}
static long w_set(void *d, unsigned a, struct lsmc_kctx *c, uint32_t s, uint32_t f)
{
	IN_MODEL(inner.lsm_set_self_attr(inner.data, a, c, s, f));
}
static long w_self(void *d, uint32_t l, uint32_t o, void *b, uint32_t s, uint32_t cf, uint32_t f)
{
	IN_MODEL(inner.lsm_config_self_policy(inner.data, l, o, b, s, cf, f));
}
static long w_sys(void *d, uint32_t l, uint32_t o, void *b, uint32_t s, uint32_t cf, uint32_t f)
{
	IN_MODEL(inner.lsm_config_system_policy(inner.data, l, o, b, s, cf, f));
}
static long w_unshare(void *d, struct lsmc_kctx *c, uint32_t s, uint32_t f)
{
	IN_MODEL(inner.lsm_unshare(inner.data, c, s, f));
}
static int w_openat(void *d, int fd, const char *p, int fl, mode_t m)
{
	IN_MODEL(inner.openat(inner.data, fd, p, fl, m));
}
static int w_close(void *d, int fd)
{
	IN_MODEL(inner.close(inner.data, fd));
}
static ssize_t w_read(void *d, int fd, void *b, size_t n)
{
	IN_MODEL(inner.read(inner.data, fd, b, n));
}
static ssize_t w_write(void *d, int fd, const void *b, size_t n)
{
	IN_MODEL(inner.write(inner.data, fd, b, n));
}
static int w_fstatfs(void *d, int fd, struct statfs *st)
{
	IN_MODEL(inner.fstatfs(inner.data, fd, st));
}
static int w_fstatat(void *d, int fd, const char *p, struct stat *st, int fl)
{
	IN_MODEL(inner.fstatat(inner.data, fd, p, st, fl));
}
static int w_faccessat(void *d, int fd, const char *p, int m, int fl)
{
	IN_MODEL(inner.faccessat(inner.data, fd, p, m, fl));
}
static int w_mkdirat(void *d, int fd, const char *p, mode_t m)
{
	IN_MODEL(inner.mkdirat(inner.data, fd, p, m));
}
static int w_unlinkat(void *d, int fd, const char *p, int fl)
{
	IN_MODEL(inner.unlinkat(inner.data, fd, p, fl));
}
static int w_listdir(void *d, int fd, const char *p, int (*fn)(const char *, void *), void *a)
{
	IN_MODEL(inner.listdir(inner.data, fd, p, fn, a));
}
static int w_has_cap(void *d, int cap)
{
	IN_MODEL(inner.has_cap(inner.data, cap));
}
static int w_no_new_privs(void *d)
{
	IN_MODEL(inner.no_new_privs(inner.data));
}
static int w_flock(void *d, int fd, int op)
{
	IN_MODEL(inner.flock(inner.data, fd, op));
}

static const struct lsmc_sys marked = {
	.lsm_list_modules = w_list,
	.lsm_get_self_attr = w_get,
	.lsm_set_self_attr = w_set,
	.lsm_config_self_policy = w_self,
	.lsm_config_system_policy = w_sys,
	.lsm_unshare = w_unshare,
	.openat = w_openat,
	.close = w_close,
	.read = w_read,
	.write = w_write,
	.fstatfs = w_fstatfs,
	.fstatat = w_fstatat,
	.faccessat = w_faccessat,
	.mkdirat = w_mkdirat,
	.unlinkat = w_unlinkat,
	.listdir = w_listdir,
	.has_cap = w_has_cap,
	.no_new_privs = w_no_new_privs,
	.flock = w_flock,
};

/* ---- scenarios: each sets up a model, runs library calls, tears down ---- */

typedef int (*scenario_fn)(struct lsmc_ctx *ctx, struct model *m);

static int sc_probe(struct lsmc_ctx *ctx, struct model *m)
{
	struct lsmc_lsm_info i = {.sz = sizeof(i)};
	const uint64_t *ids;
	int r = lsmc_active_lsms(ctx, &ids);

	if (r < 0)
		return r;
	return lsmc_probe(ctx, LSMC_LSM_SMACK, &i);
}

static int sc_apparmor(struct lsmc_ctx *ctx, struct model *m)
{
	static const char *const names[] = {"one", "two"};
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .ns = "ns1"};
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *blob;
	int r;

	in_model++;
	blob = model_aa_blob(NULL, names, 2, 7, 0, &len);
	in_model--;
	r = lsmc_apparmor_ns_create(ctx, "ns1");
	if (r == 0)
		r = lsmc_apparmor_load(ctx, blob, len, &opts, &res);
	if (r == 0)
		r = lsmc_apparmor_load(ctx, blob, len, NULL, &res);
	/* Stacking needs a policy syscall (the model has no procfs). */
	if (r == 0 && m->has_policy_syscalls)
		r = lsmc_apparmor_stack(ctx, "one", &res);
	free(blob);
	return r;
}

static int sc_smack(struct lsmc_ctx *ctx, struct model *m)
{
	struct lsmc_smack_ruleset *rs = NULL;
	struct lsmc_result res = {.sz = sizeof(res)};
	char text[8192];
	size_t used = 0;
	int r;

	for (int i = 0; i < 200; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "s%03d o%03d rw\n", i,
					 i);
	r = lsmc_smack_ruleset_new(&rs);
	if (r == 0)
		r = lsmc_smack_ruleset_parse(rs, text, used, "mem");
	if (r == 0) {
		in_model++;
		model_smack_set_rule(m, "s000", "o000", "x");
		m->smack_fail_after_rules = 150; /* exercise the rollback path too */
		in_model--;
		r = lsmc_smack_load(ctx, rs, NULL, &res);
		/* An -ENOMEM with no allocation failed is the model's fault,
		 * which must have been rolled back. */
		if (r == -ENOMEM && alloc_count < fail_at)
			r = res.rolled_back ? 0 : -EIO;
	}
	lsmc_smack_ruleset_free(rs);
	return r;
}

static int sc_selinux(struct lsmc_ctx *ctx, struct model *m)
{
	struct lsmc_result res = {.sz = sizeof(res)};

	return lsmc_selinux_load_file(ctx, TEST_DATA_DIR "/selinux-minimal.33", NULL, &res);
}

static void run_until_done(scenario_fn fn, void (*preset)(struct model *))
{
	for (unsigned n = 1;; n++) {
		struct model *m;
		struct lsmc_ctx *ctx = NULL;
		unsigned used;
		int r;

		in_model++;
		m = model_new();
		preset(m);
		inner = model_sys(m);
		in_model--;
		alloc_count = 0;
		fail_at = n;
		r = lsmc_new(&ctx);
		if (r == 0) {
			lsmc_ctx_set_sys(ctx, &marked);
			ctx->abi = &lsmc_abi_v6; /* the model's revision */
			r = fn(ctx, m);
		}
		used = alloc_count;
		fail_at = 0;
		lsmc_unref(ctx);
		in_model++;
		model_free(m);
		in_model--;
		if (used < n) {
			/* Fewer allocations than the one set to fail: a clean run. */
			if (r != 0)
				fail_msg("clean run returned %d", r);
			break;
		}
		if (r != 0 && r != -ENOMEM)
			fail_msg("allocation %u failing gave %d, not -ENOMEM", n, r);
		if (n > 5000)
			fail_msg("no end to allocations");
	}
}

static void test_probe(void **state)
{
	run_until_done(sc_probe, model_preset_all_syscalls);
}

static void test_apparmor(void **state)
{
	run_until_done(sc_apparmor, model_preset_apparmor_fs_only);
	run_until_done(sc_apparmor, model_preset_all_syscalls);
}

static void test_smack(void **state)
{
	run_until_done(sc_smack, model_preset_smack_fs_only);
	run_until_done(sc_smack, model_preset_all_syscalls);
}

static void test_selinux(void **state)
{
	run_until_done(sc_selinux, model_preset_selinux_fs_only);
	run_until_done(sc_selinux, model_preset_all_syscalls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_apparmor),
		cmocka_unit_test(test_smack),
		cmocka_unit_test(test_selinux),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

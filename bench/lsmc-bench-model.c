/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Instructions per request, syscall backend beside fs backend: the library
 * with the kernel model (tests/shim) installed through its seam, run under
 * valgrind --tool=callgrind. bench_requests() issues REQUESTS loads of the
 * same input on a warmed-up context (probe done, first load done);
 * run.sh collects only inside it, once with the model's own instructions
 * (every seam_* function) left out and once with them.
 *
 * usage: lsmc-bench-model apparmor|selinux|smack syscall|fs REQUESTS INPUT
 *   apparmor: INPUT is compiled policy (apparmor_parser output; several
 *             files concatenated make one set)
 *   selinux:  INPUT is a binary policy (policy.NN)
 *   smack:    INPUT is the number of rules to generate
 *   smack-boot: the same, loaded into an empty rule list: the warm-up
 *             loads one rule of other labels, and every request labels
 *             no rule names yet (use REQUESTS 1: a second request would
 *             find the first one's rules listed)
 *   smack-changed: the same rules with another access: the warm-up loads
 *             them "r", the request "rwxa", so no listed line is the
 *             set's own (use REQUESTS 1 for the same reason)
 *   smack-shuffled: the same rules, but the warm-up loads them in another
 *             order (every 7919th, round and round), so the listing
 *             follows no order of the set's
 * Prints "kernel_calls=N items=N bytes=N" of one request.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "model.h"

struct input {
	const char *lsm;
	void *buf;
	size_t len;
	struct lsmc_smack_ruleset *rs;
	struct lsmc_smack_ruleset *warm;   /* smack-boot, -changed, -shuffled: the warm-up's */
	struct lsmc_smack_ruleset **fresh; /* smack-boot: one set per request */
	unsigned next;
};

static int request(struct lsmc_ctx *ctx, struct input *in, struct lsmc_result *res)
{
	if (in->fresh)
		return lsmc_smack_load(ctx, in->fresh[in->next++], NULL, res);
	if (strcmp(in->lsm, "apparmor") == 0)
		return lsmc_apparmor_load(ctx, in->buf, in->len, NULL, res);
	if (strcmp(in->lsm, "selinux") == 0)
		return lsmc_selinux_load(ctx, in->buf, in->len, NULL, res);
	return lsmc_smack_load(ctx, in->rs, NULL, res);
}

/* The measured region: callgrind --toggle-collect=bench_requests. */
__attribute__((noinline, used)) int bench_requests(struct lsmc_ctx *ctx, struct input *in,
						   unsigned n, struct lsmc_result *res);
__attribute__((noinline, used)) int bench_requests(struct lsmc_ctx *ctx, struct input *in,
						   unsigned n, struct lsmc_result *res)
{
	int r = 0;

	for (unsigned i = 0; i < n && r == 0; i++)
		r = request(ctx, in, res);
	return r;
}

/* n rules over sqrt(n) subjects and objects whose labels start with prefix;
 * rule k of the text is rule k * stride mod n (stride prime to n). */
static struct lsmc_smack_ruleset *smack_rules(size_t rules, const char *prefix, const char *access,
					      size_t stride)
{
	struct lsmc_smack_ruleset *rs = NULL;
	size_t side = 1, off = 0;
	char *text = malloc(rules * 64 + 1);

	if (!text)
		return NULL;
	while (side * side < rules)
		side++;
	if (stride == 0 || rules % stride == 0)
		stride = 1;
	for (size_t k = 0; k < rules; k++) {
		size_t i = (size_t)(((unsigned long long)k * stride) % rules);

		off += (size_t)sprintf(text + off, "%s-s%04zu %s-o%04zu %s\n", prefix, i / side,
				       prefix, i % side, access);
	}
	if (lsmc_smack_ruleset_new(&rs) < 0 ||
	    lsmc_smack_ruleset_parse(rs, text, off, "bench") < 0) {
		fprintf(stderr, "rules do not parse\n");
		lsmc_smack_ruleset_free(rs);
		rs = NULL;
	}
	free(text);
	return rs;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct input in = {0};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_ctx *ctx = NULL;
	struct model *m;
	struct lsmc_sys sys;
	enum lsmc_backend backend;
	unsigned n;
	int r;

	if (argc != 5 || lsmc_backend_from_name(argv[2], &backend) < 0) {
		fprintf(stderr,
			"usage: lsmc-bench-model "
			"apparmor|selinux|smack|smack-boot|smack-changed|smack-shuffled syscall|fs "
			"REQUESTS INPUT\n");
		return 2;
	}
	in.lsm = argv[1];
	n = (unsigned)strtoul(argv[3], NULL, 10);
	if (strcmp(in.lsm, "smack") == 0) {
		if (!(in.rs = smack_rules(strtoul(argv[4], NULL, 10), "bench", "rwxa", 1)))
			return 1;
	} else if (strcmp(in.lsm, "smack-changed") == 0) {
		in.rs = smack_rules(strtoul(argv[4], NULL, 10), "bench", "rwxa", 1);
		in.warm = smack_rules(strtoul(argv[4], NULL, 10), "bench", "r", 1);
		if (!in.rs || !in.warm)
			return 1;
	} else if (strcmp(in.lsm, "smack-shuffled") == 0) {
		in.rs = smack_rules(strtoul(argv[4], NULL, 10), "bench", "rwxa", 1);
		in.warm = smack_rules(strtoul(argv[4], NULL, 10), "bench", "rwxa", 7919);
		if (!in.rs || !in.warm)
			return 1;
	} else if (strcmp(in.lsm, "smack-boot") == 0) {
		char prefix[32];
		in.warm = smack_rules(1, "warm", "rwxa", 1);
		in.rs = NULL;
		in.fresh = calloc(n + 1, sizeof(*in.fresh));
		if (!in.warm || !in.fresh)
			return 1;
		for (unsigned i = 0; i < n; i++) {
			snprintf(prefix, sizeof(prefix), "boot%u", i);
			if (!(in.fresh[i] =
				      smack_rules(strtoul(argv[4], NULL, 10), prefix, "rwxa", 1)))
				return 1;
		}
	} else if (strcmp(in.lsm, "apparmor") == 0 || strcmp(in.lsm, "selinux") == 0) {
		in.buf = slurp(argv[4], &in.len);
		if (!in.buf) {
			fprintf(stderr, "%s: cannot read\n", argv[4]);
			return 1;
		}
	} else {
		fprintf(stderr, "unknown LSM %s\n", in.lsm);
		return 2;
	}

	unsetenv("LSMCONFIG_BACKEND");
	unsetenv("LSMCONFIG_LOG");
	m = model_new();
	model_preset_all_syscalls(m);
	sys = model_sys(m);
	if (lsmc_new(&ctx) < 0)
		return 1;
	lsmc_ctx_set_sys(ctx, &sys);
	lsmc_set_backend(ctx, backend);

	/* warm up: probe and first load (labels, profiles created) */
	if (in.warm) {
		r = lsmc_smack_load(ctx, in.warm, NULL, &res);
	} else
		r = request(ctx, &in, &res);
	if (r == 0) {
		res = (struct lsmc_result){.sz = sizeof(res)};
		r = bench_requests(ctx, &in, n, &res);
	}
	if (r < 0) {
		struct lsmc_error e = {.sz = sizeof(e)};
		lsmc_get_last_error(ctx, &e);
		fprintf(stderr, "%s over %s: %s: %s\n", in.lsm, argv[2], strerror(-r), e.message);
		return 1;
	}
	if (res.backend != backend) {
		fprintf(stderr, "delivered through %s, not %s\n", lsmc_backend_name(res.backend),
			argv[2]);
		return 1;
	}
	printf("kernel_calls=%u items=%u bytes=%llu\n", res.kernel_calls, res.items,
	       (unsigned long long)res.bytes);
	lsmc_unref(ctx);
	lsmc_smack_ruleset_free(in.rs);
	lsmc_smack_ruleset_free(in.warm);
	for (unsigned i = 0; in.fresh && i < n; i++)
		lsmc_smack_ruleset_free(in.fresh[i]);
	free(in.fresh);
	free(in.buf);
	model_free(m);
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Load Smack rule files as one rule set. Every file is parsed before the
 * first rule reaches the kernel, so a typo loads nothing; if the kernel
 * refuses a rule part-way, the library gives every rule already changed
 * its previous access back, and this program reports that rollback.
 *
 *   smack-rules [--dry-run] FILE...
 *
 *   cc smack-rules.c $(pkg-config --cflags --libs liblsmconfig) -o smack-rules
 *
 * Checked output (run from the source tree; the examples test and CI
 * compare it, stderr lines marked "(stderr)"):
 *
 *   $ smack-rules --dry-run tests/vm/data/lsmc-load.smack tests/vm/data/lsmc-self.smack
 *   parsed 22 rule(s) from 2 file(s)
 *   checked 22 rule(s); nothing loaded (dry run)
 *
 *   $ smack-rules --dry-run tests/vm/data/lsmc-load.smack examples/data/broken.smack
 *   (stderr) smack-rules: examples/data/broken.smack:4:...
 *   (stderr) smack-rules: no rule loaded
 *   [exit 1]
 *
 * As root on a kernel running Smack, without --dry-run, when all went in:
 *
 *   parsed 22 rule(s) from 2 file(s)
 *   loaded 22 rule(s) through the fs backend in 1 kernel call(s)
 *
 * and when the kernel refused a rule after taking others:
 *
 *   smack-rules: Smack refused a rule: ...
 *   smack-rules: rolled back: every rule already applied has its previous access again
 */
#include <stdio.h>
#include <string.h>

#include <lsmconfig.h>

static int load(struct lsmc_ctx *ctx, const struct lsmc_smack_ruleset *rs, bool dry_run)
{
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .dry_run = dry_run};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_error e = {.sz = sizeof(e)};
	int r;

	r = lsmc_smack_load(ctx, rs, &opts, &res);
	if (r == 0) {
		if (dry_run)
			printf("checked %u rule(s); nothing loaded (dry run)\n", res.items);
		else
			printf("loaded %u rule(s) through the %s backend in %u kernel call(s)\n",
			       res.items, lsmc_backend_name(res.backend), res.kernel_calls);
		return 0;
	}
	lsmc_get_last_error(ctx, &e);
	fprintf(stderr, "smack-rules: %s\n", e.message ? e.message : strerror(-r));
	if (e.hint && *e.hint)
		fprintf(stderr, "  hint: %s\n", e.hint);
	/* What state the kernel was left in is the caller's first question. */
	if (res.rolled_back)
		fprintf(stderr, "smack-rules: rolled back: every rule already applied has its "
				"previous access again\n");
	else if (res.items > 0)
		fprintf(stderr, "smack-rules: %u rule(s) were applied and stay\n", res.items);
	else
		fprintf(stderr, "smack-rules: no rule loaded\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct lsmc_smack_ruleset *rs;
	struct lsmc_ctx *ctx;
	bool dry_run = false;
	int i = 1, r;

	if (i < argc && strcmp(argv[i], "--dry-run") == 0) {
		dry_run = true;
		i++;
	}
	if (i >= argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: smack-rules [--dry-run] FILE...\n");
		return 2;
	}

	r = lsmc_smack_ruleset_new(&rs);
	if (r < 0) {
		fprintf(stderr, "smack-rules: %s\n", strerror(-r));
		return 1;
	}
	for (int f = i; f < argc; f++) {
		r = lsmc_smack_ruleset_parse_file(rs, argv[f]);
		if (r < 0) {
			/* The error names the file and line. */
			fprintf(stderr, "smack-rules: %s\n", lsmc_smack_ruleset_error(rs));
			fprintf(stderr, "smack-rules: no rule loaded\n");
			lsmc_smack_ruleset_free(rs);
			return 1;
		}
	}
	printf("parsed %zu rule(s) from %d file(s)\n", lsmc_smack_ruleset_count(rs), argc - i);

	r = lsmc_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "smack-rules: %s\n", strerror(-r));
		lsmc_smack_ruleset_free(rs);
		return 1;
	}
	r = load(ctx, rs, dry_run);
	lsmc_unref(ctx);
	lsmc_smack_ruleset_free(rs);
	return r;
}

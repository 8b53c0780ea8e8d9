/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Load compiled AppArmor policy (apparmor_parser -Q -S output) as one set:
 * the kernel takes every profile of every file or none of them when it
 * can; otherwise the report says how many files went in before a failure.
 *
 *   load-apparmor [--dry-run] [--ns NAMESPACE] FILE...
 *
 *   cc load-apparmor.c $(pkg-config --cflags --libs liblsmconfig) -o load-apparmor
 *
 * Checked output (run from the source tree; the examples test and CI
 * compare it, stderr lines marked "(stderr)"):
 *
 *   $ load-apparmor --dry-run tests/data/apparmor-multi.bin tests/data/apparmor-one.bin
 *   checked 5 profile(s) in 2 file(s); nothing loaded (dry run)
 *
 *   $ load-apparmor --dry-run tests/data/apparmor-one.profile
 *   (stderr) load-apparmor: not loadable AppArmor policy: this is text ...
 *   (stderr)   interface: tests/data/apparmor-one.profile
 *   (stderr)   hint: ...
 *   [exit 1]
 *
 * As root on a kernel running AppArmor, without --dry-run:
 *
 *   loaded 5 profile(s) in 2 file(s) through the syscall backend, atomically, 1 kernel call(s)
 */
#include <stdio.h>
#include <string.h>

#include <lsmconfig.h>

static void report_error(struct lsmc_ctx *ctx, int r)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	if (lsmc_get_last_error(ctx, &e) < 0 || !e.message) {
		fprintf(stderr, "load-apparmor: %s\n", strerror(-r));
		return;
	}
	fprintf(stderr, "load-apparmor: %s\n", e.message);
	if (e.interface && *e.interface)
		fprintf(stderr, "  interface: %s\n", e.interface);
	if (e.hint && *e.hint)
		fprintf(stderr, "  hint: %s\n", e.hint);
}

int main(int argc, char **argv)
{
	struct lsmc_load_opts opts = {.sz = sizeof(opts)};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_ctx *ctx;
	int i = 1, r;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			opts.dry_run = true;
		else if (strcmp(argv[i], "--ns") == 0 && i + 1 < argc)
			opts.ns = argv[++i];
		else
			break;
	}
	if (i >= argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: load-apparmor [--dry-run] [--ns NAMESPACE] FILE...\n");
		return 2;
	}

	r = lsmc_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "load-apparmor: %s\n", strerror(-r));
		return 1;
	}
	/* argv[i..] stays valid for the call: the library reads each file. */
	r = lsmc_apparmor_load_files(ctx, (const char *const *)argv + i, argc - i, &opts, &res);
	if (r < 0) {
		report_error(ctx, r);
		if (!opts.dry_run && res.parts > 0)
			fprintf(stderr, "load-apparmor: the first %u of %d file(s) were loaded\n",
				res.parts, argc - i);
		lsmc_unref(ctx);
		return 1;
	}
	if (opts.dry_run)
		printf("checked %u profile(s) in %d file(s); nothing loaded (dry run)\n", res.items,
		       argc - i);
	else
		printf("loaded %u profile(s) in %d file(s) through the %s backend, %s, %u kernel "
		       "call(s)\n",
		       res.items, argc - i, lsmc_backend_name(res.backend),
		       res.atomic ? "atomically" : "one file at a time", res.kernel_calls);
	lsmc_unref(ctx);
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl ns: AppArmor policy namespaces. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lsmctl.h"

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl ns create|remove NAME...\n"
		"       lsmctl ns list [PARENT]\n"
		"\n"
		"Create, remove or list AppArmor policy namespaces through apparmorfs. \"a//b\"\n"
		"names namespace b inside a; create makes missing parents. remove drops a\n"
		"namespace with every profile and namespace in it. list prints the namespaces\n"
		"directly below PARENT, or below the caller's own policy root.\n"
		"\n"
		"Options:\n"
		"  -h, --help   show this help and exit\n"
		"\n"
		"Exit status: 0 all done, 1 none done, 2 bad usage, 3 some done.\n");
}

static int print_name(const char *name, void *data)
{
	printf("%s\n", name);
	return 0;
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	int done = 0, failed = 0;
	bool create;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		help(stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		int r;
		if (argc == 3 && argv[2][0] == '-') {
			if (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0) {
				help(stdout);
				return EXIT_OK;
			}
			return lsmctl_usage_error("ns", "invalid option '%s'", argv[2]);
		}
		if (argc > 3)
			return lsmctl_usage_error("ns", "list takes at most one PARENT");
		r = lsmc_apparmor_ns_list(ctx, argc == 3 ? argv[2] : NULL, print_name, NULL);
		if (r < 0) {
			lsmctl_print_error(ctx, "listing namespaces", r);
			return EXIT_ERROR;
		}
		return EXIT_OK;
	}
	if (argc < 2 || (strcmp(argv[1], "create") != 0 && strcmp(argv[1], "remove") != 0))
		return lsmctl_usage_error("ns", "expected create, remove or list");
	create = strcmp(argv[1], "create") == 0;
	if (argc < 3)
		return lsmctl_usage_error("ns", "no namespace name given");
	for (int i = 2; i < argc; i++) {
		int r;

		if (argv[i][0] == '-')
			return lsmctl_usage_error("ns", "invalid option '%s'", argv[i]);
		r = create ? lsmc_apparmor_ns_create(ctx, argv[i])
			   : lsmc_apparmor_ns_remove(ctx, argv[i]);
		if (r < 0) {
			lsmctl_print_error(ctx, argv[i], r);
			failed++;
			continue;
		}
		printf("apparmor: namespace %s %s\n", argv[i], create ? "created" : "removed");
		done++;
	}
	if (failed)
		return done ? EXIT_PARTIAL : EXIT_ERROR;
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_ns = {
	.name = "ns",
	.run = run,
	.help = help,
	.summary = "create, remove or list AppArmor policy namespaces",
};

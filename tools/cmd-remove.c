/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl remove: remove AppArmor profiles by name. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "lsmctl.h"

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl remove apparmor [OPTIONS] PROFILE...\n"
		"\n"
		"Remove loaded AppArmor profiles by name (\"name\", \"parent//hat\",\n"
		"\":ns:name\", or \":ns:\" for a whole namespace) through apparmorfs .remove.\n"
		"\n"
		"Options:\n"
		"  -n, --ns=NAME   the policy namespace whose .remove file to use\n"
		"  -h, --help      show this help and exit\n"
		"\n"
		"Exit status: 0 all removed, 1 none removed, 2 bad usage, 3 some removed.\n");
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{"ns", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct lsmc_load_opts opts = {.sz = sizeof(opts)};
	int c, removed = 0, failed = 0;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		help(stdout);
		return EXIT_OK;
	}
	if (argc < 2 || strcmp(argv[1], "apparmor") != 0)
		return lsmctl_usage_error("remove", "only AppArmor profiles can be removed: "
						    "lsmctl remove apparmor PROFILE...");
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "n:h", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			opts.ns = optarg;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			return lsmctl_usage_error("remove", "invalid option '%s'", argv[optind]);
		}
	}
	if (optind + 1 >= argc)
		return lsmctl_usage_error("remove", "no profile name given");
	for (int i = optind + 1; i < argc; i++) {
		struct lsmc_result res = {.sz = sizeof(res)};
		int r = lsmc_apparmor_remove(ctx, argv[i], &opts, &res);

		if (r < 0) {
			lsmctl_print_error(ctx, argv[i], r);
			failed++;
		} else {
			printf("apparmor: removed %s\n", argv[i]);
			removed++;
		}
	}
	if (failed)
		return removed ? EXIT_PARTIAL : EXIT_ERROR;
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_remove = {
	.name = "remove",
	.run = run,
	.help = help,
	.summary = "remove AppArmor profiles by name",
};

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
		"  -n, --ns=NAME        the policy namespace whose .remove file to use\n"
		"  -j, --json[=STYLE]   print the report as JSON: short (default) or pretty\n"
		"  -v, --verbose        say what the library does on stderr\n"
		"  -h, --help           show this help and exit\n"
		"\n"
		"Exit status: 0 all removed, 1 none removed, 2 bad usage, 3 some removed.\n");
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{"ns", required_argument, NULL, 'n'},
		LSMCTL_COMMON_LONGOPTS,
	};
	struct lsmc_load_opts opts = {.sz = sizeof(opts)};
	struct json_object *arr = NULL;
	uint64_t lsm;
	int c, r, removed = 0, failed = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:" LSMCTL_COMMON_SHORTOPTS, options, NULL)) != -1) {
		r = lsmctl_check_value("remove", options, c);
		if (r != LSMCTL_CONTINUE)
			return r;
		if (c == 'n') {
			opts.ns = optarg;
			continue;
		}
		r = lsmctl_common_option(&lsmctl_cmd_remove, ctx, c, argv);
		if (r != LSMCTL_CONTINUE)
			return r;
	}
	if (optind >= argc)
		return lsmctl_usage_error("remove",
					  "missing LSM: lsmctl remove apparmor PROFILE...");
	r = lsmctl_parse_lsm("remove", argv[optind], &lsm);
	if (r != 0)
		return r;
	if (lsm != LSMC_LSM_APPARMOR)
		return lsmctl_usage_error("remove",
					  "only AppArmor profiles can be removed by name");
	if (optind + 1 >= argc)
		return lsmctl_usage_error("remove", "no profile name given");
	if (lsmctl.json)
		arr = json_object_new_array();
	for (int i = optind + 1; i < argc; i++) {
		struct lsmc_result res = {.sz = sizeof(res)};
		char msg[1024] = "";

		r = lsmc_apparmor_remove(ctx, argv[i], &opts, &res);
		if (r < 0) {
			lsmctl_error_text(ctx, r, msg, sizeof(msg));
			if (!arr)
				fprintf(stderr, "lsmctl remove: apparmor: %s: %s\n",
					lsmctl_name(argv[i]), lsmctl_text(msg, argv[i]));
			failed++;
		} else {
			if (!arr)
				printf("apparmor: removed %s\n", lsmctl_name(argv[i]));
			removed++;
		}
		if (arr) {
			enum lsmctl_status st = r < 0 ? LSMCTL_FAILED : LSMCTL_REMOVED;
			struct json_object *o =
				lsmctl_json_item(argv[i], LSMC_LSM_APPARMOR, st, r, msg);
			lsmctl_json_add_result(o, st, res.backend, res.atomic, res.rolled_back,
					       res.items, (unsigned long long)res.bytes,
					       res.kernel_calls);
			json_object_array_add(arr, o);
		}
	}
	if (arr) {
		struct json_object *doc = lsmctl_json_doc("remove");

		json_object_object_add(doc, "lsm", json_object_new_string("apparmor"));
		json_object_object_add(doc, "items", arr);
		lsmctl_json_print(doc);
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

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
		"Usage: lsmctl ns create|remove [OPTIONS] NAME...\n"
		"       lsmctl ns list [OPTIONS] [PARENT]\n"
		"       lsmctl ns prune [OPTIONS]\n"
		"\n"
		"Create, remove or list AppArmor policy namespaces through apparmorfs. \"a//b\"\n"
		"names namespace b inside a; create makes missing parents. remove drops a\n"
		"namespace with every profile and namespace in it. list prints the namespaces\n"
		"directly below PARENT, or below the caller's own policy root. prune removes\n"
		"the lsmc-self.* namespaces that self loads (load --self FILE.bin) left behind\n"
		"once no task runs under them any more: only as root in the host's PID\n"
		"namespace, which sees every task.\n"
		"\n"
		"Options:\n"
		"  -j, --json[=STYLE]   print the report as JSON: short (default) or pretty\n"
		"  -v, --verbose        say what the library does on stderr\n"
		"  -h, --help           show this help and exit\n"
		"\n"
		"Exit status: 0 all done, 1 none done, 2 bad usage, 3 some done.\n");
}

static int add_name(const char *name, void *data)
{
	struct json_object *arr = data;

	if (arr)
		json_object_array_add(
			arr, lsmctl_json_item(name, LSMC_LSM_APPARMOR, LSMCTL_PRESENT, 0, NULL));
	else
		printf("%s\n", lsmctl_name(name));
	return 0;
}

static void print_doc(const char *action, struct json_object *arr)
{
	struct json_object *doc = lsmctl_json_doc("ns");

	json_object_object_add(doc, "action", json_object_new_string(action));
	json_object_object_add(doc, "lsm", json_object_new_string("apparmor"));
	json_object_object_add(doc, "items", arr);
	lsmctl_json_print(doc);
}

static int prune(struct lsmc_ctx *ctx, int extra)
{
	struct json_object *doc;
	int r;

	if (extra)
		return lsmctl_usage_error("ns", "prune takes no names: it finds them itself");
	r = lsmc_apparmor_self_prune(ctx);
	if (r < 0) {
		lsmctl_print_error(ctx, "pruning self-load namespaces", r);
		return EXIT_ERROR;
	}
	if (!lsmctl.json) {
		printf("apparmor: %d self-load namespace(s) removed\n", r);
		return EXIT_OK;
	}
	doc = lsmctl_json_doc("ns");
	json_object_object_add(doc, "action", json_object_new_string("prune"));
	json_object_object_add(doc, "lsm", json_object_new_string("apparmor"));
	json_object_object_add(doc, "removed", json_object_new_int(r));
	lsmctl_json_print(doc);
	return EXIT_OK;
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {LSMCTL_COMMON_LONGOPTS};
	static const char *const actions[] = {"create", "remove", "list", "prune"};
	struct json_object *arr = NULL;
	const char *action, *guess;
	int c, r, done = 0, failed = 0;
	bool create;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" LSMCTL_COMMON_SHORTOPTS, options, NULL)) != -1) {
		r = lsmctl_common_option(&lsmctl_cmd_ns, ctx, c, argv);
		if (r != LSMCTL_CONTINUE)
			return r;
	}
	if (optind >= argc)
		return lsmctl_usage_error("ns", "expected create, remove, list or prune");
	action = argv[optind++];
	if (strcmp(action, "list") != 0 && strcmp(action, "create") != 0 &&
	    strcmp(action, "remove") != 0 && strcmp(action, "prune") != 0) {
		guess = lsmctl_did_you_mean(action, actions, 4);
		if (guess)
			return lsmctl_usage_error("ns", "unknown action '%s'; did you mean '%s'?",
						  action, guess);
		return lsmctl_usage_error(
			"ns", "unknown action '%s': use create, remove, list or prune", action);
	}
	if (strcmp(action, "prune") == 0)
		return prune(ctx, argc - optind);
	if (lsmctl.json)
		arr = json_object_new_array();
	if (strcmp(action, "list") == 0) {
		if (argc - optind > 1) {
			json_object_put(arr);
			return lsmctl_usage_error("ns", "list takes at most one PARENT");
		}
		r = lsmc_apparmor_ns_list(ctx, optind < argc ? argv[optind] : NULL, add_name, arr);
		if (r < 0) {
			json_object_put(arr);
			lsmctl_print_error(ctx, "listing namespaces", r);
			return EXIT_ERROR;
		}
		if (arr)
			print_doc(action, arr);
		return EXIT_OK;
	}
	create = strcmp(action, "create") == 0;
	if (optind >= argc) {
		json_object_put(arr);
		return lsmctl_usage_error("ns", "no namespace name given");
	}
	for (int i = optind; i < argc; i++) {
		char msg[1024] = "";

		r = create ? lsmc_apparmor_ns_create(ctx, argv[i])
			   : lsmc_apparmor_ns_remove(ctx, argv[i]);
		if (r < 0) {
			lsmctl_error_text_about(ctx, r, argv[i], msg, sizeof(msg));
			if (!arr)
				fprintf(stderr, "lsmctl ns: apparmor: %s: %s\n",
					lsmctl_name(argv[i]), lsmctl_text(msg, argv[i]));
			failed++;
		} else {
			if (!arr)
				printf("apparmor: namespace %s %s\n", lsmctl_name(argv[i]),
				       create ? "created" : "removed");
			done++;
		}
		if (arr)
			json_object_array_add(arr, lsmctl_json_item(argv[i], LSMC_LSM_APPARMOR,
								    r < 0    ? LSMCTL_FAILED
								    : create ? LSMCTL_CREATED
									     : LSMCTL_REMOVED,
								    r, msg));
	}
	if (arr)
		print_doc(action, arr);
	if (failed)
		return done ? EXIT_PARTIAL : EXIT_ERROR;
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_ns = {
	.name = "ns",
	.run = run,
	.help = help,
	.summary = "create, remove, list or prune AppArmor policy namespaces",
};

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl load: validate every input first, then load, and say per item what
 * was loaded, through which interface, and whether atomically.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsmctl.h"

struct load_args {
	uint64_t lsm;
	struct lsmc_load_opts opts;
	bool json;
	bool cont;    /* AppArmor: load the good files of a refused set */
	char **items; /* files, or profile names for AppArmor --self */
	int n_items;
	bool self_policy; /* AppArmor --self with compiled policy, not names */
	char **command;	  /* after "--": run under the new self policy */
};

enum item_status { ITEM_LOADED, ITEM_FAILED, ITEM_SKIPPED, ITEM_VALID };

struct item_report {
	const char *item;
	enum item_status status;
	struct lsmc_result res;
	int error;
	char message[1024];
};

static const char *status_word(enum item_status s)
{
	switch (s) {
	case ITEM_LOADED:
		return "loaded";
	case ITEM_FAILED:
		return "failed";
	case ITEM_VALID:
		return "valid";
	default:
		return "not attempted";
	}
}

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl load apparmor|selinux|smack [OPTIONS] FILE... [-- COMMAND "
		"[ARGS...]]\n"
		"\n"
		"Load policy: compiled AppArmor policy (apparmor_parser output, or a cache\n"
		"directory), a binary SELinux policy (none given: the system's configured one),\n"
		"or Smack rule files. Every input is validated before anything is loaded.\n"
		"\n"
		"Options:\n"
		"  -s, --self             act on this process only (AppArmor: compiled policy\n"
		"                         files, or names of loaded profiles to stack; Smack:\n"
		"                         load-self2 rules), then run COMMAND under it\n"
		"  -n, --ns=NAME          AppArmor policy namespace to load into (must exist)\n"
		"  -b, --backend=BACKEND  auto (default), syscall or fs\n"
		"  -a, --atomic           fail instead of loading non-atomically\n"
		"  -d, --dry-run          validate only; change nothing\n"
		"  -c, --continue         AppArmor: after a failure load the other files, and\n"
		"                         the files of a refused set one by one\n"
		"  -j, --json             print the per-item report as JSON\n"
		"  -h, --help             show this help and exit\n"
		"\n"
		"Exit status: 0 all loaded, 1 nothing loaded, 2 bad usage, 3 partly loaded.\n");
}

static void report_error(struct lsmc_ctx *ctx, struct item_report *it, int r)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	it->error = r;
	if (lsmc_get_last_error(ctx, &e) == 0 && e.error != 0)
		snprintf(it->message, sizeof(it->message), "%s%s%s%s%s", e.interface,
			 e.interface[0] ? ": " : "", e.message, e.hint[0] ? "; hint: " : "",
			 e.hint);
	else
		snprintf(it->message, sizeof(it->message), "%s", strerror(-r));
}

static int load_apparmor(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items)
{
	int r;

	if (a->self_policy) {
		/* Compiled policy for this process alone, all files as one set. */
		r = lsmc_apparmor_load_files(ctx, (const char *const *)a->items, (size_t)a->n_items,
					     &a->opts, &items[0].res);
		/* One set: the error (naming the file at fault) is reported once. */
		for (int i = 0; i < a->n_items; i++)
			items[i].status = r >= 0 ? (a->opts.dry_run ? ITEM_VALID : ITEM_LOADED)
					  : i	 ? ITEM_SKIPPED
						 : ITEM_FAILED;
		if (r < 0)
			report_error(ctx, &items[0], r);
		return r;
	}
	if (a->opts.scope == LSMC_SCOPE_SELF) {
		for (int i = 0; i < a->n_items; i++) {
			/* For a command, at its exec, as aa-exec does: lsmctl itself
			 * is not confined while it still runs. */
			r = a->opts.dry_run ? 0
			    : a->command
				    ? lsmc_apparmor_stack_onexec(ctx, a->items[i], &items[i].res)
				    : lsmc_apparmor_stack(ctx, a->items[i], &items[i].res);
			if (r < 0) {
				report_error(ctx, &items[i], r);
				items[i].status = ITEM_FAILED;
				return r;
			}
			items[i].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
		}
		return 0;
	}
	/*
	 * Files and cache directories go through a batch: one set per policy
	 * namespace, and a result per item (its own profiles, its own
	 * failure). With --continue a set the kernel refuses is loaded file
	 * by file, so the good files load and the bad ones are named.
	 */
	{
		struct lsmc_batch *b = NULL;
		int first_failed = -1;

		r = lsmc_batch_new(ctx, &b);
		for (int i = 0; i < a->n_items && r == 0; i++)
			r = lsmc_batch_add(b, LSMC_LSM_APPARMOR, a->items[i], &a->opts);
		if (r == 0)
			r = lsmc_batch_run(b,
					   (a->cont ? LSMC_BATCH_CONTINUE : 0) |
						   (a->opts.dry_run ? LSMC_BATCH_DRY_RUN : 0),
					   NULL);
		for (int i = 0; i < a->n_items && b; i++) {
			struct lsmc_batch_item it = {.sz = sizeof(it)};

			if (lsmc_batch_get(b, (size_t)i, &it) < 0)
				continue;
			items[i].res.backend = it.backend;
			items[i].res.atomic = it.atomic;
			items[i].res.items = it.items;
			if (it.status == 0) {
				items[i].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
			} else if (it.status != -ECANCELED) {
				items[i].status = ITEM_FAILED;
				items[i].error = it.status;
				snprintf(items[i].message, sizeof(items[i].message), "%s",
					 it.message);
				if (first_failed < 0)
					first_failed = i;
			}
		}
		/* The hint of the error that stopped the load, once. */
		if (r < 0 && first_failed >= 0) {
			struct lsmc_error e = {.sz = sizeof(e)};

			if (lsmc_get_last_error(ctx, &e) == 0 && e.hint[0] &&
			    strlen(items[first_failed].message) + strlen(e.hint) + 9 <
				    sizeof(items[first_failed].message))
				strcat(strcat(items[first_failed].message, "; hint: "), e.hint);
		} else if (r < 0) {
			report_error(ctx, &items[0], r);
			items[0].status = ITEM_FAILED;
		}
		lsmc_batch_free(b);
		return r;
	}
}

static int load_selinux(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items)
{
	int r = lsmc_selinux_load_file(ctx, a->n_items ? a->items[0] : NULL, &a->opts,
				       &items[0].res);

	if (r < 0) {
		report_error(ctx, &items[0], r);
		items[0].status = ITEM_FAILED;
		return r;
	}
	items[0].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
	return 0;
}

static int load_smack(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items)
{
	struct lsmc_smack_ruleset *sets[a->n_items];
	int r = 0, failed = 0;

	/* Parse every file before loading any: a typo in the last file must not
	 * leave the first one applied. */
	for (int i = 0; i < a->n_items; i++) {
		sets[i] = NULL;
		r = lsmc_smack_ruleset_new(&sets[i]);
		if (r == 0)
			r = lsmc_smack_ruleset_parse_file(sets[i], a->items[i]);
		if (r < 0) {
			items[i].error = r;
			snprintf(items[i].message, sizeof(items[i].message), "%s",
				 sets[i] ? lsmc_smack_ruleset_error(sets[i]) : strerror(-r));
			items[i].status = ITEM_FAILED;
			failed = r;
		}
	}
	for (int i = 0; i < a->n_items && failed == 0; i++) {
		r = lsmc_smack_load(ctx, sets[i], &a->opts, &items[i].res);
		if (r < 0) {
			report_error(ctx, &items[i], r);
			items[i].status = ITEM_FAILED;
			failed = r;
			break;
		}
		items[i].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
	}
	for (int i = 0; i < a->n_items; i++)
		lsmc_smack_ruleset_free(sets[i]);
	return failed;
}

static void print_items(const struct load_args *a, const struct item_report *items, int n)
{
	const char *lsm = lsmc_lsm_name(a->lsm);

	if (a->json) {
		printf("{\"lsm\":\"%s\",\"items\":[", lsm);
		for (int i = 0; i < n; i++) {
			const struct item_report *it = &items[i];
			printf("%s{\"item\":", i ? "," : "");
			lsmctl_json_string(stdout, it->item);
			printf(",\"status\":\"%s\",\"backend\":\"%s\",\"atomic\":%s,"
			       "\"rolled_back\":%s,\"count\":%u,\"bytes\":%llu,\"errno\":%d,"
			       "\"message\":",
			       status_word(it->status), lsmc_backend_name(it->res.backend),
			       it->res.atomic ? "true" : "false",
			       it->res.rolled_back ? "true" : "false", it->res.items,
			       (unsigned long long)it->res.bytes, -it->error);
			lsmctl_json_string(stdout, it->message);
			printf("}");
		}
		printf("]}\n");
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct item_report *it = &items[i];
		switch (it->status) {
		case ITEM_LOADED:
			printf("%s: %s: loaded %u item(s) through %s, %s\n", lsm, it->item,
			       it->res.items,
			       it->res.interface ? it->res.interface : lsmc_backend_name(it->res.backend),
			       it->res.atomic ? "atomically" : "not atomically");
			break;
		case ITEM_VALID:
			printf("%s: %s: valid, %u item(s) (dry run, nothing loaded)\n", lsm,
			       it->item, it->res.items);
			break;
		case ITEM_FAILED:
			/* Parse errors already begin with "file:line:". */
			if (strncmp(it->message, it->item, strlen(it->item)) == 0)
				fprintf(stderr, "lsmctl load: %s: %s\n", lsm, it->message);
			else
				fprintf(stderr, "lsmctl load: %s: %s: %s\n", lsm, it->item,
					it->message);
			break;
		case ITEM_SKIPPED:
			fprintf(stderr, "lsmctl load: %s: %s: not attempted\n", lsm, it->item);
			break;
		}
	}
}

/*
 * A capability the load will most likely need and this process lacks:
 * say so up front, in words an administrator can act on. The kernel still
 * decides; this never stops the load.
 */
static void precheck_capabilities(struct lsmc_ctx *ctx, const struct load_args *a)
{
	struct lsmc_lsm_info info = {.sz = sizeof(info)};
	const char *missing = NULL;

	if (a->opts.dry_run || lsmc_probe(ctx, a->lsm, &info) < 0)
		return;
	if (a->opts.scope == LSMC_SCOPE_SELF && a->lsm != LSMC_LSM_SMACK)
		return; /* stacking a profile is mediated by AppArmor itself */
	if (a->lsm == LSMC_LSM_SELINUX && info.fs == LSMC_FS_WRITABLE)
		return; /* selinuxfs: file access plus SELinux's own load_policy check */
	if (a->lsm == LSMC_LSM_SMACK && a->opts.scope == LSMC_SCOPE_SELF &&
	    info.syscall_self != LSMC_AVAIL_YES)
		return; /* load-self2 needs no privilege */
	if (!info.cap_mac_admin)
		missing = "CAP_MAC_ADMIN";
	if (missing)
		fprintf(stderr,
			"lsmctl load: note: this process lacks %s, which loading %s policy "
			"normally needs; expect the kernel to refuse (run it as root or grant "
			"the capability)\n",
			missing, lsmc_lsm_name(a->lsm));
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	struct load_args a = {.opts = {.sz = sizeof(a.opts)}};
	int r, end, first;

	end = lsmctl_split_command(argc, argv, &a.command);
	if (end > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		help(stdout);
		return EXIT_OK;
	}
	if (end < 2)
		return lsmctl_usage_error("load", "missing LSM: apparmor, selinux or smack");
	if (lsmc_lsm_from_name(argv[1], &a.lsm) < 0 ||
	    (a.lsm != LSMC_LSM_APPARMOR && a.lsm != LSMC_LSM_SELINUX && a.lsm != LSMC_LSM_SMACK))
		return lsmctl_usage_error("load", "'%s' is not apparmor, selinux or smack",
					  argv[1]);

	{
		static const struct option options[] = {
			{"self", no_argument, NULL, 's'},
			{"ns", required_argument, NULL, 'n'},
			{"backend", required_argument, NULL, 'b'},
			{"atomic", no_argument, NULL, 'a'},
			{"dry-run", no_argument, NULL, 'd'},
			{"continue", no_argument, NULL, 'c'},
			{"json", no_argument, NULL, 'j'},
			{"help", no_argument, NULL, 'h'},
			{NULL, 0, NULL, 0},
		};
		enum lsmc_backend backend;
		int c;

		optind = 0;
		opterr = 0;
		/* argv[1] is the LSM: parse from there so options may follow it. */
		while ((c = getopt_long(end - 1, argv + 1, "sn:b:adcjh", options, NULL)) != -1) {
			switch (c) {
			case 's':
				a.opts.scope = LSMC_SCOPE_SELF;
				break;
			case 'n':
				a.opts.ns = optarg;
				break;
			case 'b':
				if (lsmc_backend_from_name(optarg, &backend) < 0)
					return lsmctl_usage_error(
						"load",
						"unknown backend '%s': use auto, syscall or fs",
						optarg);
				lsmc_set_backend(ctx, backend);
				break;
			case 'a':
				a.opts.require_atomic = true;
				break;
			case 'd':
				a.opts.dry_run = true;
				break;
			case 'c':
				a.cont = true;
				break;
			case 'j':
				a.json = true;
				break;
			case 'h':
				help(stdout);
				return EXIT_OK;
			default:
				return lsmctl_usage_error("load", "invalid option '%s'",
							  argv[optind]);
			}
		}
		first = optind + 1;
	}
	a.items = &argv[first];
	a.n_items = end - first;
	if (a.n_items == 0 && a.lsm != LSMC_LSM_SELINUX)
		return lsmctl_usage_error("load", "no %s given",
					  a.lsm == LSMC_LSM_APPARMOR &&
							  a.opts.scope == LSMC_SCOPE_SELF
						  ? "profile name"
						  : "file");
	if (a.lsm == LSMC_LSM_SELINUX && a.n_items > 1)
		return lsmctl_usage_error("load", "SELinux loads one policy file at a time");
	if (a.lsm == LSMC_LSM_SELINUX && a.opts.scope == LSMC_SCOPE_SELF)
		return lsmctl_usage_error("load",
					  "SELinux policy is system-wide: --self does not apply");
	if (a.opts.ns && a.lsm != LSMC_LSM_APPARMOR)
		return lsmctl_usage_error("load", "--ns applies to AppArmor only");
	if (a.cont && (a.lsm != LSMC_LSM_APPARMOR || a.opts.scope == LSMC_SCOPE_SELF))
		return lsmctl_usage_error("load", "--continue applies to AppArmor policy files");
	if (a.command && a.opts.scope != LSMC_SCOPE_SELF)
		return lsmctl_usage_error("load", "a command after -- needs --self");
	if (end < argc && !a.command)
		return lsmctl_usage_error("load", "missing command after --");
	if (a.lsm == LSMC_LSM_APPARMOR && a.opts.scope == LSMC_SCOPE_SELF && a.n_items > 0 &&
	    lsmctl_is_apparmor_policy(a.items[0]) && !a.command && !a.opts.dry_run)
		return lsmctl_usage_error("load", "compiled policy for --self confines a command: "
						  "add -- COMMAND");

	a.self_policy = a.lsm == LSMC_LSM_APPARMOR && a.opts.scope == LSMC_SCOPE_SELF &&
			a.n_items > 0 && lsmctl_is_apparmor_policy(a.items[0]);
	/* A namespace made for the command's policy must go when the command
	 * has ended: this process waits for it, a child loads and runs it. */
	if (a.self_policy && a.command && !a.opts.dry_run) {
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			fprintf(stderr, "lsmctl load: fork: %s\n", strerror(errno));
			return EXIT_ERROR;
		}
		if (pid > 0)
			return lsmctl_wait_self_policy(ctx, pid);
	}
	precheck_capabilities(ctx, &a);
	{
		int n = a.n_items ? a.n_items : 1;
		struct item_report items[n];
		int loaded = 0;

		for (int i = 0; i < n; i++) {
			items[i] = (struct item_report){.item = a.n_items ? a.items[i]
									  : "(configured policy)",
							.status = ITEM_SKIPPED};
			items[i].res.sz = sizeof(items[i].res);
		}
		if (a.lsm == LSMC_LSM_APPARMOR)
			r = load_apparmor(ctx, &a, items);
		else if (a.lsm == LSMC_LSM_SELINUX)
			r = load_selinux(ctx, &a, items);
		else
			r = load_smack(ctx, &a, items);
		print_items(&a, items, n);
		for (int i = 0; i < n; i++)
			loaded += items[i].status == ITEM_LOADED;
		if (r < 0)
			return loaded > 0 ? EXIT_PARTIAL : EXIT_ERROR;
	}
	if (a.command && !a.opts.dry_run) {
		fflush(stdout);
		execvp(a.command[0], a.command);
		fprintf(stderr, "lsmctl load: cannot run %s: %s\n", a.command[0], strerror(errno));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_load = {
	.name = "load",
	.run = run,
	.help = help,
	.summary = "load AppArmor, SELinux or Smack policy",
};

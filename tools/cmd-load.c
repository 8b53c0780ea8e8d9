/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl load: validate every input first, then load, and say per item what
 * was loaded, through which interface, and whether atomically.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aa-source.h"
#include "lsmctl.h"

struct load_args {
	uint64_t lsm;
	struct lsmc_load_opts opts;
	char **items; /* files, or profile names for AppArmor --self */
	int n_items;
	bool cont;		   /* AppArmor: load the good files of a refused set */
	bool self_policy;	   /* AppArmor --self with compiled policy, not names */
	char **command;		   /* after "--": run under the new self policy */
	const char *features_file; /* AppArmor sources: compile for these features */
	char *features;		   /* its contents, read once */
	size_t features_len;
};

enum item_status {
	ITEM_LOADED,
	ITEM_FAILED,
	ITEM_SKIPPED, /* not attempted: an earlier item failed */
	ITEM_VALID,
	ITEM_SET_FAILED,
	ITEM_EMPTY, /* a source that compiled to no profile: nothing to load */
};

struct item_report {
	const char *item;
	const char *load_path; /* what the library reads: item, or its compiled form */
	enum aa_input kind;
	enum item_status status;
	struct lsmc_result res;
	int error;
	char message[1024];
};

/* The item's status as text and JSON say it: a dry run's failure is "invalid". */
static enum lsmctl_status item_status(const struct item_report *it, bool dry_run)
{
	switch (it->status) {
	case ITEM_LOADED:
		return LSMCTL_LOADED;
	case ITEM_FAILED:
	case ITEM_SET_FAILED:
		return dry_run ? LSMCTL_INVALID : LSMCTL_FAILED;
	case ITEM_VALID:
		return LSMCTL_VALID;
	case ITEM_EMPTY:
		return LSMCTL_SKIPPED;
	default:
		return LSMCTL_NOT_ATTEMPTED;
	}
}

/* The item's name for a terminal; SELinux's configured policy has none. */
static const char *item_name(const struct item_report *it)
{
	return it->item ? lsmctl_name(it->item) : "(configured policy)";
}

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl load apparmor|selinux|smack [OPTIONS] FILE... [-- COMMAND "
		"[ARGS...]]\n"
		"\n"
		"Load policy: AppArmor profile sources (a file, or a directory such as\n"
		"/etc/apparmor.d, compiled by apparmor_parser), compiled AppArmor policy or an\n"
		"apparmor_parser cache directory; a binary SELinux policy (none given: the\n"
		"system's configured one); Smack rule files. Every input is validated before\n"
		"anything is loaded. Options may stand anywhere before \"--\".\n"
		"\n"
		"Options:\n"
		"  -s, --self               act on this process only (AppArmor: compiled policy\n"
		"                           files, or names of loaded profiles to stack; Smack:\n"
		"                           load-self2 rules), then run COMMAND under it\n"
		"  -n, --ns=NAME            AppArmor policy namespace to load into (must exist)\n"
		"  -F, --features-file=PATH AppArmor sources: compile for the kernel features in\n"
		"                           PATH (file or directory), not the running kernel's\n"
		"  -b, --backend=BACKEND    auto (default), syscall or fs\n"
		"  -a, --atomic             fail instead of loading non-atomically\n"
		"  -d, --dry-run            validate only; change nothing\n"
		"  -c, --continue           AppArmor: after a failure (a file that is not\n"
		"                           policy, a source that does not compile) load\n"
		"                           the other files, and a refused set file by file\n"
		"  -j, --json[=STYLE]       print the report as JSON: short (default) or pretty;\n"
		"                           with -- COMMAND, on stderr (COMMAND's stdout is\n"
		"                           its own)\n"
		"      --json-fd=N          write the JSON report to file descriptor N (implies\n"
		"                           --json); COMMAND does not inherit N\n"
		"  -v, --verbose            say what the library does on stderr\n"
		"  -h, --help               show this help and exit\n"
		"\n"
		"Each item is loaded, or with --dry-run valid, invalid or skipped (with the\n"
		"reason), or failed, or not-attempted. Exit status: 0 all loaded, 1 nothing\n"
		"loaded, 2 bad usage, 3 partly loaded; a dry run exits as the load would.\n");
}

/* A compiled source is known by its source's name, not a temporary one. */
static void name_source(struct item_report *it)
{
	char *at;

	if (!it->item || it->load_path == it->item || !(at = strstr(it->message, it->load_path)))
		return;
	{
		char tail[sizeof(it->message)];

		snprintf(tail, sizeof(tail), "%s", at + strlen(it->load_path));
		snprintf(at, sizeof(it->message) - (size_t)(at - it->message), "%s%s", it->item,
			 tail);
	}
}

static void report_error(struct lsmc_ctx *ctx, struct item_report *it, int r)
{
	it->error = r;
	lsmctl_error_text(ctx, r, it->message, sizeof(it->message));
	name_source(it);
}

/* Where sources compile to; removed when the load is done. */
static char tmpdir[4096];

static void remove_tmpdir(void)
{
	DIR *d;
	struct dirent *de;

	if (!tmpdir[0] || !(d = opendir(tmpdir)))
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	rmdir(tmpdir);
	tmpdir[0] = '\0';
}

static void mark_empty(struct item_report *it)
{
	it->status = ITEM_EMPTY;
	snprintf(it->message, sizeof(it->message), "no profile in it: nothing to load");
}

/* The source items to compile; an empty one is marked, not counted:
 * nothing to compile, and no compiler needed to say so. */
static int count_to_compile(struct item_report *items, int n)
{
	int to_compile = 0;
	struct stat st;

	for (int i = 0; i < n; i++) {
		if (items[i].kind != AA_SOURCE)
			continue;
		if (stat(items[i].item, &st) == 0 && st.st_size == 0) {
			mark_empty(&items[i]);
			continue;
		}
		to_compile++;
	}
	return to_compile;
}

/* No compiler: every source to compile fails, saying why. */
static void fail_uncompiled(struct item_report *items, int n)
{
	char why[900];

	aa_compiler_missing(why, sizeof(why));
	for (int i = 0; i < n; i++)
		if (items[i].kind == AA_SOURCE && items[i].status != ITEM_EMPTY) {
			items[i].status = ITEM_FAILED;
			items[i].error = -ENOENT;
			snprintf(items[i].message, sizeof(items[i].message),
				 "profile source: not compiled: %s", why);
		}
}

static int make_tmpdir(void)
{
	const char *tmp = secure_getenv("TMPDIR");
	int r;

	snprintf(tmpdir, sizeof(tmpdir), "%s/lsmctl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(tmpdir))
		return 0;
	r = -errno;
	fprintf(stderr, "lsmctl load: cannot make a directory in %s for compiled policy: %s\n",
		tmp && *tmp ? tmp : "/tmp", strerror(-r));
	tmpdir[0] = '\0';
	return r;
}

/* A source tree with its own abstractions includes from there: the
 * directory of item when it holds tunables, else NULL. */
static char *include_dir(const char *item)
{
	char abstractions[4200], *dir = strdup(item);

	if (dir && strrchr(dir, '/')) {
		*strrchr(dir, '/') = '\0';
		snprintf(abstractions, sizeof(abstractions), "%s/tunables", dir);
		if (access(abstractions, F_OK) == 0)
			return dir;
	}
	free(dir);
	return NULL;
}

/* Each source item compiled into tmpdir; the compiled form becomes what
 * the library reads. The last compile failure, or -ENOMEM. */
static int compile_each(const struct load_args *a, struct item_report *items, int n,
			const char *parser)
{
	int r, failed = 0;
	struct stat st;

	for (int i = 0; i < n; i++) {
		struct item_report *it = &items[i];
		char out[4200], *inc;

		if (it->kind != AA_SOURCE || it->status == ITEM_EMPTY)
			continue;
		snprintf(out, sizeof(out), "%s/%d.bin", tmpdir, i);
		inc = include_dir(it->item);
		lsmctl_note("apparmor: compiling %s with %s", it->item, parser);
		r = aa_compile(parser, it->item, a->features_file, inc, out, it->message,
			       sizeof(it->message));
		free(inc);
		if (r < 0) {
			it->status = ITEM_FAILED;
			it->error = r;
			failed = r;
			continue;
		}
		/* apparmor_parser takes a file without a profile (an empty
		 * stray file, a comment) and loads nothing from it */
		if (stat(out, &st) == 0 && st.st_size == 0) {
			mark_empty(it);
			continue;
		}
		it->load_path = strdup(out);
		if (!it->load_path)
			return -ENOMEM;
	}
	return failed;
}

/* Compiles every source item; on failure nothing has been loaded yet. */
static int compile_sources(struct load_args *a, struct item_report *items, int n)
{
	const char *parser;
	int r;

	if (!count_to_compile(items, n))
		return 0;
	parser = aa_compiler();
	if (!parser) {
		fail_uncompiled(items, n);
		return -ENOENT;
	}
	r = make_tmpdir();
	if (r < 0)
		return r;
	return compile_each(a, items, n, parser);
}

/* Compiled policy for this process alone, all files as one set. */
static int load_self_policy(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items,
			    int n_items)
{
	int r = lsmc_apparmor_load_files(ctx, (const char *const *)a->items, (size_t)n_items,
					 &a->opts, &items[0].res);

	/* One set: the error (naming the file at fault) is reported once. */
	for (int i = 0; i < n_items; i++)
		items[i].status = r >= 0 ? (a->opts.dry_run ? ITEM_VALID : ITEM_LOADED)
				  : i	 ? ITEM_SKIPPED
					 : ITEM_FAILED;
	if (r < 0)
		report_error(ctx, &items[0], r);
	return r;
}

/* Loaded profiles stacked on this process, by name. */
static int stack_profiles(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items,
			  int n_items)
{
	int r;

	for (int i = 0; i < n_items; i++) {
		/* For a command, at its exec, as aa-exec does: lsmctl itself
		 * is not confined while it still runs. */
		r = a->opts.dry_run ? 0
		    : a->command    ? lsmc_apparmor_stack_onexec(ctx, a->items[i], &items[i].res)
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

/* Each batch item's outcome into the item it came from (of: batch index
 * to item). The first item that failed, or -1. */
static int take_batch_results(struct lsmc_batch *b, const struct load_args *a,
			      struct item_report *items, const int *of, int n_batch)
{
	int first_failed = -1;

	for (int k = 0; k < n_batch && b; k++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		int i = of[k];

		if (lsmc_batch_get(b, (size_t)k, &it) < 0)
			continue;
		items[i].res.backend = it.backend;
		items[i].res.atomic = it.atomic;
		items[i].res.items = it.items;
		if (it.status == 0) {
			items[i].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
		} else if (it.status != -ECANCELED) {
			items[i].status = ITEM_FAILED;
			items[i].error = it.status;
			snprintf(items[i].message, sizeof(items[i].message), "%s", it.message);
			name_source(&items[i]);
			if (first_failed < 0)
				first_failed = i;
		}
	}
	return first_failed;
}

/* The hint of the error that stopped the load, once, after its message. */
static void add_stop_hint(struct lsmc_ctx *ctx, struct item_report *it)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	if (lsmc_get_last_error(ctx, &e) == 0 && e.hint[0] &&
	    strlen(it->message) + strlen(e.hint) + 9 < sizeof(it->message))
		strcat(strcat(it->message, "; hint: "), e.hint);
}

/*
 * Files and cache directories go through a batch: one set per policy
 * namespace, and a result per item (its own profiles, its own failure).
 * With --continue a set the kernel refuses is loaded file by file, so the
 * good files load and the bad ones are named.
 */
static int load_through_batch(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items,
			      int n_items)
{
	struct lsmc_batch *b = NULL;
	int first_failed, *of = calloc((size_t)n_items + 1, sizeof(int)), n_batch = 0, r;

	if (!of)
		return -ENOMEM;
	r = lsmc_batch_new(ctx, &b);
	/* what compiled, or needed no compiling: batch index → item */
	for (int i = 0; i < n_items && r == 0; i++) {
		if (items[i].status == ITEM_FAILED || items[i].status == ITEM_EMPTY)
			continue;
		r = lsmc_batch_add(b, LSMC_LSM_APPARMOR, items[i].load_path, &a->opts);
		of[n_batch++] = i;
	}
	if (r == 0 && n_batch > 0)
		r = lsmc_batch_run(b,
				   (a->cont || a->opts.dry_run ? LSMC_BATCH_CONTINUE : 0) |
					   (a->opts.dry_run ? LSMC_BATCH_DRY_RUN : 0),
				   NULL);
	first_failed = take_batch_results(b, a, items, of, n_batch);
	if (r < 0 && first_failed >= 0) {
		add_stop_hint(ctx, &items[first_failed]);
	} else if (r < 0 && n_batch > 0) {
		report_error(ctx, &items[of[0]], r);
		items[of[0]].status = ITEM_FAILED;
	}
	lsmc_batch_free(b);
	free(of);
	return r;
}

static int load_apparmor(struct lsmc_ctx *ctx, struct load_args *a, struct item_report *items,
			 int n_items)
{
	int r, compiled;

	if (a->self_policy)
		return load_self_policy(ctx, a, items, n_items);
	if (a->opts.scope == LSMC_SCOPE_SELF)
		return stack_profiles(ctx, a, items, n_items);
	/* A source that does not compile stops the load, unless --continue:
	 * then it is named, its profiles keep what the kernel has, and the
	 * rest loads (apparmor_parser does the same with a directory). */
	compiled = compile_sources(a, items, n_items);
	/* A dry run checks every item: it answers for each, and the exit
	 * status says what a load would do (see run()). */
	if (compiled < 0 && ((!a->cont && !a->opts.dry_run) || compiled == -ENOMEM))
		return compiled;
	r = load_through_batch(ctx, a, items, n_items);
	return r < 0 ? r : compiled;
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
	/* A dry run checks every file that parsed, whatever the others hold. */
	for (int i = 0; i < a->n_items && (failed == 0 || a->opts.dry_run); i++) {
		if (items[i].status == ITEM_FAILED)
			continue;
		r = lsmc_smack_load(ctx, sets[i], &a->opts, &items[i].res);
		if (r < 0) {
			report_error(ctx, &items[i], r);
			items[i].status = ITEM_FAILED;
			failed = r;
			if (!a->opts.dry_run)
				break;
			continue;
		}
		items[i].status = a->opts.dry_run ? ITEM_VALID : ITEM_LOADED;
	}
	for (int i = 0; i < a->n_items; i++)
		lsmc_smack_ruleset_free(sets[i]);
	return failed;
}

static void print_json(const struct load_args *a, const struct item_report *items, int n)
{
	struct json_object *doc = lsmctl_json_doc("load"), *arr = json_object_new_array();

	json_object_object_add(doc, "lsm", lsmctl_json_str(lsmc_lsm_name(a->lsm)));
	json_object_object_add(doc, "dry_run", json_object_new_boolean(a->opts.dry_run));
	for (int i = 0; i < n; i++) {
		const struct item_report *it = &items[i];
		enum lsmctl_status st = item_status(it, a->opts.dry_run);
		struct json_object *o =
			lsmctl_json_item(it->item, a->lsm, st, it->error, it->message);

		lsmctl_json_add_result(o, st, it->res.backend, it->res.atomic, it->res.rolled_back,
				       it->res.items, (unsigned long long)it->res.bytes,
				       it->res.kernel_calls);
		if (a->lsm == LSMC_LSM_APPARMOR && a->opts.scope != LSMC_SCOPE_SELF)
			json_object_object_add(o, "compiled",
					       json_object_new_boolean(it->kind == AA_SOURCE ||
								       it->kind == AA_SOURCE_DIR));
		json_object_array_add(arr, o);
	}
	json_object_object_add(doc, "items", arr);
	lsmctl_json_print(doc);
}

static void print_items(const struct load_args *a, const struct item_report *items, int n)
{
	const char *lsm = lsmc_lsm_name(a->lsm);
	/* A wrapper leaves stdout to its command: the report is progress then. */
	FILE *out = a->command ? stderr : stdout;

	if (lsmctl.json) {
		print_json(a, items, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct item_report *it = &items[i];
		switch (it->status) {
		case ITEM_LOADED:
			if (out == stderr && !lsmctl.verbose)
				break;
			fprintf(out, "%s: %s: loaded %u item(s) through %s, %s\n", lsm,
				item_name(it), it->res.items,
				it->res.interface ? it->res.interface : lsmc_backend_name(it->res.backend),
				it->res.atomic ? "atomically" : "not atomically");
			break;
		case ITEM_VALID:
			if (out == stderr && !lsmctl.verbose)
				break;
			fprintf(out, "%s: %s: valid, %u item(s) (dry run, nothing loaded)\n", lsm,
				item_name(it), it->res.items);
			break;
		case ITEM_FAILED:
			/* Parse errors already begin with "file:line:". */
			if (it->item && strncmp(it->message, it->item, strlen(it->item)) == 0 &&
			    it->message[strlen(it->item)] == ':')
				fprintf(stderr, "lsmctl load: %s: %s\n", lsm,
					lsmctl_text(it->message, it->item));
			else
				fprintf(stderr, "lsmctl load: %s: %s: %s\n", lsm, item_name(it),
					lsmctl_text(it->message, it->item));
			break;
		case ITEM_SET_FAILED:
			/* Said once for the whole set. */
			break;
		case ITEM_SKIPPED:
			fprintf(stderr,
				"lsmctl load: %s: %s: not-attempted (an earlier item failed)\n",
				lsm, item_name(it));
			break;
		case ITEM_EMPTY:
			if (a->opts.dry_run)
				fprintf(out, "%s: %s: skipped: %s\n", lsm, item_name(it),
					it->message);
			else if (lsmctl.verbose)
				fprintf(stderr, "lsmctl load: %s: %s: skipped: %s\n", lsm,
					item_name(it), it->message);
			break;
		}
	}
}

/*
 * The exit status: 0 all loaded, 1 nothing, 3 some. A dry run exits as the
 * load would: without --continue a failure loads nothing (Smack and SELinux
 * check everything first, AppArmor's set goes whole or not at all).
 */
static int exit_status(const struct load_args *a, const struct item_report *items, int n, int r)
{
	int ok = 0, bad = 0;

	for (int i = 0; i < n; i++) {
		ok += items[i].status == ITEM_LOADED || items[i].status == ITEM_VALID;
		bad += items[i].status == ITEM_FAILED || items[i].status == ITEM_SET_FAILED;
	}
	if (r >= 0 && bad == 0)
		return EXIT_OK;
	if (a->opts.dry_run)
		return ok > 0 && a->cont ? EXIT_PARTIAL : EXIT_ERROR;
	return ok > 0 ? EXIT_PARTIAL : EXIT_ERROR;
}

/* A dry run's answer in one line, after the items. */
static void print_dry_run(const struct load_args *a, const struct item_report *items, int n,
			  int status)
{
	int count[LSMCTL_PRESENT + 1] = {0};

	if (lsmctl.json || a->command)
		return;
	for (int i = 0; i < n; i++)
		count[item_status(&items[i], true)]++;
	printf("dry run: %d valid, %d invalid, %d skipped, %d not-attempted; loading would exit "
	       "with %d\n",
	       count[LSMCTL_VALID], count[LSMCTL_INVALID], count[LSMCTL_SKIPPED],
	       count[LSMCTL_NOT_ATTEMPTED], status);
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

/* Adds an item; a source directory adds its sources. */
static int add_item(struct item_report **items, int *n, const char *item, enum aa_input kind)
{
	struct item_report *v = realloc(*items, sizeof(*v) * (size_t)(*n + 1));

	if (!v)
		return -ENOMEM;
	*items = v;
	v[*n] = (struct item_report){
		.item = item, .load_path = item, .kind = kind, .status = ITEM_SKIPPED};
	v[*n].res.sz = sizeof(v[*n].res);
	(*n)++;
	return 0;
}

/* A cache given with --features-file loads the policy compiled for those
 * features, not for the running kernel's (a check for another machine). */
static int cache_for_features(const struct load_args *a, struct item_report *it)
{
	char *dir;
	int r = aa_cache_dir_for(it->item, a->features, a->features_len, &dir);

	if (r == 0) {
		lsmctl_note("apparmor: %s: the policy compiled for %s is in %s", it->item,
			    a->features_file, dir);
		it->load_path = dir;
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	it->status = ITEM_FAILED;
	it->error = r;
	snprintf(it->message, sizeof(it->message),
		 r == -ENOENT ? "no policy in this cache was compiled for the features in %s "
				"(apparmor_parser --features-file %s --write-cache --cache-loc "
				"DIR writes it)"
			      : "cannot read the cache: %s",
		 r == -ENOENT ? a->features_file : strerror(-r), a->features_file);
	return r;
}

/*
 * The items of an AppArmor load; every input checked before any is loaded.
 * One that cannot be used (missing, neither sources nor a cache) is a
 * failed item; without --continue the rest are listed, not attempted (a dry
 * run checks them all the same), and the load stops.
 */
static int apparmor_items(struct load_args *a, struct item_report **items, int *n, char ***sources,
			  size_t *n_sources)
{
	for (int i = 0; i < a->n_items; i++) {
		enum aa_input kind = AA_COMPILED;
		int r = a->opts.scope == LSMC_SCOPE_SELF ? 0 : aa_classify(a->items[i], &kind);
		char **files = NULL;
		size_t nf = 0;

		if (r == 0 && kind == AA_SOURCE_DIR) {
			r = aa_source_files(a->items[i], &files, &nf);
			if (r == -ENOMEM)
				return r;
		}
		if (r < 0 || kind == AA_OTHER_DIR) {
			/* Reported like any failed item, before anything is compiled or loaded. */
			int e = r < 0 ? r : -EINVAL;

			r = add_item(items, n, a->items[i], kind);
			if (r < 0)
				return r;
			(*items)[*n - 1].status = ITEM_FAILED;
			(*items)[*n - 1].error = e;
			snprintf((*items)[*n - 1].message, sizeof((*items)[0].message), "%s",
				 e != -EINVAL ? strerror(-e)
					      : "neither a directory of profile sources nor an "
						"apparmor_parser cache");
			if (a->cont || a->opts.dry_run)
				continue;
			/* the rest, named: not attempted */
			for (int k = i + 1; k < a->n_items && r == 0; k++)
				r = add_item(items, n, a->items[k], AA_COMPILED);
			return r < 0 ? r : e;
		}
		if (kind == AA_SOURCE_DIR) {
			lsmctl_note("apparmor: %s: %zu profile source(s)", a->items[i], nf);
			for (size_t k = 0; k < nf && r == 0; k++)
				r = add_item(items, n, files[k], AA_SOURCE);
			/* Kept for the items' names until the end. */
			sources[(*n_sources)++] = files;
			if (r < 0)
				return r;
			continue;
		}
		r = add_item(items, n, a->items[i], kind);
		if (r < 0)
			return r;
		if (kind == AA_CACHE_DIR && a->features) {
			r = cache_for_features(a, &(*items)[*n - 1]);
			if (r == -ENOMEM)
				return r;
			if (r < 0 && !a->cont && !a->opts.dry_run) {
				int e = r;

				for (int k = i + 1; k < a->n_items && r < 0; k++)
					r = add_item(items, n, a->items[k], AA_COMPILED) < 0
						    ? -ENOMEM
						    : e;
				return r;
			}
		}
	}
	return 0;
}

/* getopt's part of the command line (before "--", at end) into a;
 * LSMCTL_CONTINUE, or the exit status. */
static int parse_options(struct lsmc_ctx *ctx, int end, char *argv[], struct load_args *a)
{
	static const struct option options[] = {
		{"self", no_argument, NULL, 's'},
		{"ns", required_argument, NULL, 'n'},
		{"atomic", no_argument, NULL, 'a'},
		{"dry-run", no_argument, NULL, 'd'},
		{"continue", no_argument, NULL, 'c'},
		{"features-file", required_argument, NULL, 'F'},
		LSMCTL_JSON_FD_LONGOPT,
		LSMCTL_COMMON_LONGOPTS,
	};
	int c, r;

	optind = 0;
	opterr = 0;
	/* Options anywhere before "--": getopt moves the operands to the end. */
	while ((c = getopt_long(end, argv, ":sn:adcF:" LSMCTL_COMMON_SHORTOPTS, options, NULL)) !=
	       -1) {
		r = lsmctl_check_value("load", options, c);
		if (r != LSMCTL_CONTINUE)
			return r;
		switch (c) {
		case 's':
			a->opts.scope = LSMC_SCOPE_SELF;
			break;
		case 'n':
			a->opts.ns = optarg;
			break;
		case 'a':
			a->opts.require_atomic = true;
			break;
		case 'd':
			a->opts.dry_run = true;
			break;
		case 'F':
			a->features_file = optarg;
			break;
		case 'c':
			a->cont = true;
			break;
		default:
			r = lsmctl_common_option(&lsmctl_cmd_load, ctx, c, argv);
			if (r != LSMCTL_CONTINUE)
				return r;
		}
	}
	return LSMCTL_CONTINUE;
}

/* The options that do not go together, or not with this LSM. after_dashdash:
 * "--" stands on the command line. LSMCTL_CONTINUE, or the usage error. */
static int check_usage(const struct load_args *a, bool after_dashdash)
{
	bool self = a->opts.scope == LSMC_SCOPE_SELF;

	if (a->n_items == 0 && a->lsm != LSMC_LSM_SELINUX)
		return lsmctl_usage_error("load", "no %s given",
					  a->lsm == LSMC_LSM_APPARMOR && self ? "profile name"
									      : "file");
	if (a->lsm == LSMC_LSM_SELINUX && a->n_items > 1)
		return lsmctl_usage_error("load", "SELinux loads one policy file at a time");
	if (a->lsm == LSMC_LSM_SELINUX && self)
		return lsmctl_usage_error("load",
					  "SELinux policy is system-wide: --self does not apply");
	if (a->opts.ns && a->lsm != LSMC_LSM_APPARMOR)
		return lsmctl_usage_error("load", "--ns applies to AppArmor only");
	if (a->cont && (a->lsm != LSMC_LSM_APPARMOR || self))
		return lsmctl_usage_error("load", "--continue applies to AppArmor policy files");
	if (a->features_file && (a->lsm != LSMC_LSM_APPARMOR || self))
		return lsmctl_usage_error("load",
					  "--features-file applies to AppArmor sources only");
	if (a->command && !self)
		return lsmctl_usage_error("load", "a command after -- needs --self");
	if (after_dashdash && !a->command)
		return lsmctl_usage_error("load", "missing command after --");
	if (self && !a->command && !a->opts.dry_run)
		return lsmctl_usage_error("load",
					  "--self changes only lsmctl itself: give the command to "
					  "run under it after --");
	return LSMCTL_CONTINUE;
}

/* The command line into a; LSMCTL_CONTINUE, or the exit status. */
static int parse_args(struct lsmc_ctx *ctx, int argc, char *argv[], struct load_args *a)
{
	int end, r;

	end = lsmctl_split_command(argc, argv, &a->command);
	/* COMMAND's standard output is its own: a report goes elsewhere. */
	lsmctl.wrapper = a->command != NULL;
	r = parse_options(ctx, end, argv, a);
	if (r != LSMCTL_CONTINUE)
		return r;
	r = lsmctl_parse_lsm("load", optind < end ? argv[optind] : NULL, &a->lsm);
	if (r != 0)
		return r;
	a->items = &argv[optind + 1];
	a->n_items = end - optind - 1;
	r = check_usage(a, end < argc);
	if (r != LSMCTL_CONTINUE)
		return r;
	a->self_policy = a->lsm == LSMC_LSM_APPARMOR && a->opts.scope == LSMC_SCOPE_SELF &&
			 a->n_items > 0 && lsmctl_is_apparmor_policy(a->items[0]);
	return LSMCTL_CONTINUE;
}

/* A namespace made for the command's policy must go when the command and
 * everything it started have ended: this process waits for them, a child
 * loads and runs the command. LSMCTL_CONTINUE in the child (or without a
 * fork), else this process's exit status. */
static int fork_for_self_policy(struct lsmc_ctx *ctx, const struct load_args *a,
				struct lsmctl_self *self)
{
	int r;

	if (!a->self_policy || !a->command || a->opts.dry_run)
		return LSMCTL_CONTINUE;
	r = lsmctl_self_fork(self);
	if (r < 0) {
		fprintf(stderr, "lsmctl load: fork: %s\n", strerror(-r));
		return EXIT_ERROR;
	}
	if (self->pid > 0) {
		/* the child reports, not this process */
		lsmctl.reported = true;
		return lsmctl_self_wait(ctx, self);
	}
	return LSMCTL_CONTINUE;
}

/* What comes before the items: no_new_privs for a command, the note on
 * missing capabilities, the features file. EXIT_OK, or EXIT_ERROR (said). */
static int prepare(struct lsmc_ctx *ctx, struct load_args *a)
{
	int r;

	/* A restriction that outlives execve() must never meet a setuid
	 * program: that program could be made to fail half-way with its
	 * privilege (seccomp and Landlock demand the same). */
	if (a->command && !a->opts.dry_run && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		lsmctl_error(errno, "cannot set no_new_privs: %s", strerror(errno));
		return EXIT_ERROR;
	}
	precheck_capabilities(ctx, a);
	if (!a->features_file)
		return EXIT_OK;
	/* Read once, here: a bad file is one error, not one per source. */
	r = aa_features_read(a->features_file, &a->features, &a->features_len);
	if (r < 0) {
		fprintf(stderr, "lsmctl load: apparmor: --features-file %s: %s\n", a->features_file,
			r == -EINVAL ? "not a features file (a regular file of at most 1 MiB, "
				       "as aa-features-abi -x or a cache's .features holds)"
				     : strerror(-r));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* A load's items, and the source lists their names point into. */
struct item_list {
	struct item_report *v;
	int n;
	char ***sources; /* one per source directory, kept until the end */
	size_t n_sources;
};

/* The items to load, one per operand (AppArmor: a source directory's
 * sources each). EXIT_OK, or EXIT_ERROR (said). */
static int gather_items(struct load_args *a, struct item_list *li)
{
	int r = 0;

	if (a->lsm == LSMC_LSM_APPARMOR) {
		r = apparmor_items(a, &li->v, &li->n, li->sources, &li->n_sources);
		/* An input that cannot be used is a failed item, reported as such. */
		if (r < 0 && r != -ENOMEM) {
			print_items(a, li->v, li->n);
			return EXIT_ERROR;
		}
	} else {
		for (int i = 0; i < (a->n_items ? a->n_items : 1) && r == 0; i++)
			r = add_item(&li->v, &li->n, a->n_items ? a->items[i] : NULL, AA_COMPILED);
	}
	if (r < 0) {
		lsmctl_error(r, "%s", strerror(-r));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* The items loaded (or checked) and reported; the exit status. */
static int load_and_report(struct lsmc_ctx *ctx, struct load_args *a, struct item_list *li,
			   struct lsmc_result *self_res)
{
	int r, status;

	if (a->lsm == LSMC_LSM_APPARMOR)
		r = load_apparmor(ctx, a, li->v, li->n);
	else if (a->lsm == LSMC_LSM_SELINUX)
		r = load_selinux(ctx, a, li->v);
	else
		r = load_smack(ctx, a, li->v);
	if (li->n > 0)
		*self_res = li->v[0].res;
	print_items(a, li->v, li->n);
	status = exit_status(a, li->v, li->n, r);
	if (a->opts.dry_run)
		print_dry_run(a, li->v, li->n, status);
	return status;
}

static void free_items(struct item_list *li)
{
	for (int i = 0; i < li->n; i++)
		if (li->v[i].load_path != li->v[i].item)
			free((char *)li->v[i].load_path);
	free(li->v);
	for (size_t i = 0; i < li->n_sources; i++)
		aa_strv_free(li->sources[i]);
}

/* COMMAND, under the policy just loaded; the report first, where the
 * caller said. Returns only when it cannot run. */
static int exec_command(const struct load_args *a, struct lsmctl_self *self,
			const struct lsmc_result *self_res)
{
	lsmctl_json_flush(-1);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "lsmctl load: writing to standard output: %s\n", strerror(errno));
		return EXIT_ERROR;
	}
	if (a->self_policy)
		lsmctl_self_report(self, self_res);
	execvp(a->command[0], a->command);
	fprintf(stderr, "lsmctl load: cannot run %s: %s\n", a->command[0], strerror(errno));
	return EXIT_ERROR;
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	struct load_args a = {.opts = {.sz = sizeof(a.opts)}};
	struct lsmctl_self self = {.report_fd = -1};
	struct lsmc_result self_res = {.sz = sizeof(self_res)};
	char **sources[argc > 0 ? argc : 1];
	struct item_list li = {.sources = sources};
	int r, status;

	r = parse_args(ctx, argc, argv, &a);
	if (r != LSMCTL_CONTINUE)
		return r;
	r = fork_for_self_policy(ctx, &a, &self);
	if (r != LSMCTL_CONTINUE)
		return r;
	status = prepare(ctx, &a);
	if (status == EXIT_OK)
		status = gather_items(&a, &li);
	if (status == EXIT_OK)
		status = load_and_report(ctx, &a, &li, &self_res);
	free(a.features);
	remove_tmpdir();
	free_items(&li);
	if (status != EXIT_OK || !a.command || a.opts.dry_run)
		return status;
	return exec_command(&a, &self, &self_res);
}

const struct lsmctl_cmd lsmctl_cmd_load = {
	.name = "load",
	.run = run,
	.help = help,
	.summary = "load AppArmor, SELinux or Smack policy",
};

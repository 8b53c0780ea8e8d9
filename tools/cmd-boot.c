/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl boot: load the machine's policy for every LSM the kernel runs, in
 * one pass: AppArmor's profiles (their cache brought up to date first, by
 * apparmor_parser, as apparmor.service does), SELinux's configured policy,
 * Smack's rule files.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aa-refresh.h"
#include "aa-source.h"
#include "lsmctl.h"

#define DEFAULT_AA_DIR	  "/etc/apparmor.d"
#define DEFAULT_AA_CACHE  "/var/cache/apparmor"
#define DEFAULT_SMACK_DIR "/etc/smack/accesses.d"
#define LEGACY_SMACK_FILE "/etc/smack/accesses"

struct boot_args {
	const char *aa_dir;
	bool aa_dir_given, no_compile;
	const char *aa_cache;
	bool aa_cache_given;
	const char *se_policy; /* NULL: the configured one */
	const char *smack_dir;
	bool smack_dir_given;
	const char *features_file; /* another machine's AppArmor features */
	bool cont, dry_run;
	char check_dir[4096]; /* a check's compiled sources, removed at the end */
};

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl boot [OPTIONS]\n"
		"\n"
		"Load the machine's policy for each LSM the kernel runs, in one pass and with the\n"
		"fewest kernel calls: AppArmor's profiles (" DEFAULT_AA_DIR "), compiled into\n"
		"their cache (" DEFAULT_AA_CACHE ") by one apparmor_parser where it is stale or\n"
		"missing; SELinux's configured policy and Smack's rule files (" DEFAULT_SMACK_DIR
		"),\n"
		"unless systemd (PID 1) has loaded them. Everything is validated before the\n"
		"first load; a profile that does not compile is named and left out.\n"
		"\n"
		"Options:\n"
		"  -c, --continue            load what is valid and go on after a failure\n"
		"  -P, --apparmor-dir=DIR    AppArmor profile directory\n"
		"  -A, --apparmor-cache=DIR  AppArmor cache directory\n"
		"  -N, --no-compile          load the AppArmor cache as it is; compile nothing\n"
		"  -S, --selinux-policy=FILE SELinux policy file instead of the configured one\n"
		"  -M, --smack-dir=DIR       directory of Smack rule files\n"
		"  -d, --dry-run             show what would be loaded; change nothing\n"
		"  -F, --features-file=FILE  with --dry-run: check the AppArmor profiles for the\n"
		"                            kernel features in FILE (another machine's)\n"
		"  -j, --json[=STYLE]        print the report as JSON: short (default) or pretty\n"
		"  -b, --backend=BACKEND     auto (default), syscall or fs\n"
		"  -v, --verbose             say what the library does on stderr\n"
		"  -h, --help                show this help and exit\n"
		"\n"
		"A dry run also checks what -S and -M name for an LSM this kernel does not run,\n"
		"and with -F the profiles for another kernel's features: another machine's\n"
		"policy, checked on an image-build host.\n"
		"\n"
		"Exit status: 0 all loaded (or nothing to load), 1 nothing loaded, 3 partly\n"
		"loaded, 2 bad usage.\n");
}

/* 1 active, 0 not, or a negative errno when the probe itself failed. */
static int lsm_active(struct lsmc_ctx *ctx, uint64_t lsm)
{
	struct lsmc_lsm_info info = {.sz = sizeof(info)};
	int r = lsmc_probe(ctx, lsm, &info);

	return r < 0 ? r : info.active;
}

/* systemd runs as PID 1 (sd_booted(3)'s test): it has loaded SELinux's
 * policy and Smack's accesses.d itself before starting any unit. */
static bool booted_by_systemd(void)
{
	struct stat st;

	return lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the kernel holds a SELinux policy already (not when selinuxfs
 * cannot tell: then the configured policy is loaded as on any boot). */
static bool selinux_policy_loaded(struct lsmc_ctx *ctx)
{
	struct lsmc_selinux_status st = {.sz = sizeof(st)};

	return lsmc_selinux_status(ctx, &st) == 0 && st.policy_loaded == 1;
}

/* The compiled form in subdir of each source that compiled. */
static int add_compiled(struct lsmc_batch *b, const struct aa_refresh *rf, const char *subdir,
			int *added)
{
	struct stat st;
	int r = 0;

	for (size_t i = 0; i < rf->n_sources && r == 0; i++) {
		const char *name = strrchr(rf->sources[i], '/');
		char *bin = NULL;

		if (rf->failed[i] ||
		    asprintf(&bin, "%s/%s", subdir, name ? name + 1 : rf->sources[i]) < 0)
			continue;
		/* An empty source compiles to nothing; a dry run may not have it yet. */
		if (stat(bin, &st) == 0 && st.st_size > 0) {
			r = lsmc_batch_add(b, LSMC_LSM_APPARMOR, bin, NULL);
			*added += r == 0;
		}
		free(bin);
	}
	return r;
}

/*
 * A check for another machine (a dry run with its features): every source
 * compiled for those features into a directory of our own, never into the
 * cache, and the result validated as the load would take it.
 */
static int check_apparmor_sources(struct lsmc_batch *b, struct boot_args *a, struct aa_refresh *rf,
				  int *added)
{
	const char *tmp = secure_getenv("TMPDIR");
	struct stat st;
	int r;

	if (stat(a->aa_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "lsmctl boot: apparmor: %s: not a directory of profiles\n",
			a->aa_dir);
		return -ENOTDIR;
	}
	snprintf(a->check_dir, sizeof(a->check_dir), "%s/lsmctl-check-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(a->check_dir)) {
		r = -errno;
		fprintf(stderr, "lsmctl boot: apparmor: cannot make a directory in %s: %s\n",
			tmp && *tmp ? tmp : "/tmp", strerror(-r));
		a->check_dir[0] = '\0';
		return r;
	}
	lsmctl_note("apparmor: checking %s for the features in %s", a->aa_dir, a->features_file);
	r = aa_refresh_cache(a->aa_dir, a->check_dir, NULL, a->features_file, false, rf);
	if (r == -ENOENT && rf->n_stale) {
		char why[900];

		aa_compiler_missing(why, sizeof(why));
		fprintf(stderr, "lsmctl boot: apparmor: %s: cannot be checked: %s\n", a->aa_dir,
			why);
		return r;
	}
	if (r < 0) {
		fprintf(stderr, "lsmctl boot: apparmor: %s: %s\n", a->aa_dir, strerror(-r));
		return r;
	}
	return add_compiled(b, rf, rf->subdir ? rf->subdir : a->check_dir, added);
}

/* Removes a check's compiled sources: one level of features subdirectory. */
static void remove_check_dir(const char *dir)
{
	struct dirent **subs, **files;
	char path[8300];
	int n, m;

	if (!dir[0])
		return;
	n = scandir(dir, &subs, NULL, NULL);
	for (int i = 0; i < n; i++) {
		if (strcmp(subs[i]->d_name, ".") != 0 && strcmp(subs[i]->d_name, "..") != 0 &&
		    snprintf(path, sizeof(path), "%s/%s", dir, subs[i]->d_name) <
			    (int)sizeof(path)) {
			m = scandir(path, &files, NULL, NULL);
			for (int k = 0; k < m; k++) {
				char f[8600];

				if (snprintf(f, sizeof(f), "%s/%s", path, files[k]->d_name) <
				    (int)sizeof(f))
					unlink(f);
				free(files[k]);
			}
			if (m >= 0)
				free(files);
			if (rmdir(path) < 0)
				unlink(path);
		}
		free(subs[i]);
	}
	if (n >= 0)
		free(subs);
	rmdir(dir);
}

/*
 * AppArmor as apparmor.service does it: the cache brought up to date from
 * the profile directory (one apparmor_parser for all that is stale), then
 * the compiled form of each source, and only those, as one set: not what a
 * removed or disabled profile left in the cache, nor the old compiled form
 * of a source that no longer compiles. 1 when it did so, 0 when the cache
 * is to be loaded as it is, or a negative errno.
 */
static int add_apparmor_sources(struct lsmc_ctx *ctx, struct lsmc_batch *b,
				const struct boot_args *a, struct aa_refresh *rf, int *added)
{
	char *subdir = NULL;
	struct stat st;
	int r;

	if (a->no_compile || stat(a->aa_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (a->aa_dir_given && !a->no_compile) {
			lsmctl_error(ENOTDIR, "apparmor: %s: not a directory of profiles",
				     a->aa_dir);
			return -ENOTDIR;
		}
		return 0;
	}
	r = lsmc_apparmor_cache_path(ctx, a->aa_cache, &subdir);
	if (r < 0) {
		lsmctl_print_error(ctx, "apparmor: naming the cache for this kernel", r);
		fprintf(stderr, "lsmctl boot: apparmor: loading %s as it is\n", a->aa_cache);
		return 0;
	}
	if (!a->dry_run && mkdir(a->aa_cache, 0755) < 0 && errno != EEXIST) {
		r = -errno;
		lsmctl_error(r, "apparmor: %s: %s", a->aa_cache, strerror(-r));
		free(subdir);
		return r;
	}
	r = aa_refresh_cache(a->aa_dir, a->aa_cache, subdir, NULL, a->dry_run, rf);
	if (r == -ENOENT && rf->n_stale) {
		char why[1024];

		aa_compiler_missing(why, sizeof(why));
		fprintf(stderr,
			"lsmctl boot: apparmor: %zu profile source(s) in %s have no fresh compiled "
			"form in %s, and none can be compiled: loading the cache as it is; %s\n",
			rf->n_stale, a->aa_dir, subdir, why);
		free(subdir);
		aa_refresh_free(rf);
		return 0;
	}
	if (r < 0) {
		lsmctl_error(r, "apparmor: %s: %s", a->aa_dir, strerror(-r));
		free(subdir);
		return r;
	}
	if (a->dry_run && rf->n_stale)
		printf("apparmor: %s: %zu of %zu profile source(s) would be compiled into %s\n",
		       a->aa_dir, rf->n_stale, rf->n_sources, subdir);
	r = add_compiled(b, rf, subdir, added);
	free(subdir);
	return r < 0 ? r : 1;
}

static int add_smack_dir(struct lsmc_batch *b, const char *dir, int *added)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), r = 0;

	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (r == 0 && ents[i]->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name) <
			    (int)sizeof(path) &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			r = lsmc_batch_add(b, LSMC_LSM_SMACK, path, NULL);
			*added += r == 0;
		}
		free(ents[i]);
	}
	free(ents);
	return r;
}

/* A check's item by the source it was compiled from, not by our
 * temporary directory, which is gone when the report is read. */
static const char *shown_path(const struct boot_args *a, const char *path, char *buf, size_t len)
{
	size_t n = strlen(a->check_dir);
	const char *base = strrchr(path, '/');

	if (!n || strncmp(path, a->check_dir, n) != 0 || path[n] != '/' || !base)
		return path;
	snprintf(buf, len, "%s%s%s", a->aa_dir,
		 a->aa_dir[0] && a->aa_dir[strlen(a->aa_dir) - 1] == '/' ? "" : "/", base + 1);
	return buf;
}

/* The item's path; NULL for SELinux's configured policy, which has none
 * of its own (the batch calls it "(configured policy)"). */
static const char *item_path(const struct lsmc_batch_item *it, const struct boot_args *a)
{
	if (it->lsm == LSMC_LSM_SELINUX && !a->se_policy && it->path &&
	    strcmp(it->path, "(configured policy)") == 0)
		return NULL;
	return it->path;
}

static enum lsmctl_status item_status(const struct lsmc_batch_item *it, bool dry_run)
{
	if (it->skipped)
		return LSMCTL_SKIPPED;
	if (it->status == 0)
		return dry_run ? LSMCTL_VALID : LSMCTL_LOADED;
	if (it->status == -ECANCELED)
		return LSMCTL_NOT_ATTEMPTED;
	return dry_run ? LSMCTL_INVALID : LSMCTL_FAILED;
}

static void report_json(const struct lsmc_batch *b, const struct boot_args *a,
			const struct lsmc_result *total, const struct aa_refresh *rf)
{
	struct json_object *doc = lsmctl_json_doc("boot"), *arr = json_object_new_array();
	size_t n = b ? lsmc_batch_count(b) : 0;

	json_object_object_add(doc, "dry_run", json_object_new_boolean(a->dry_run));
	for (size_t i = 0; i < n; i++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		enum lsmctl_status st;
		struct json_object *o;
		char shown[4200];

		lsmc_batch_get(b, i, &it);
		it.path = shown_path(a, it.path, shown, sizeof(shown));
		st = item_status(&it, a->dry_run);
		/* a skipped item's message is the reason, not an error */
		o = lsmctl_json_item(item_path(&it, a), it.lsm, st,
				     it.status == -ECANCELED || it.skipped ? 0 : it.status,
				     it.message);
		lsmctl_json_add_result(o, st, it.backend, it.atomic, it.rolled_back, it.items, 0,
				       0);
		json_object_array_add(arr, o);
	}
	for (size_t i = 0; rf && i < rf->n_sources; i++) {
		if (!rf->failed[i])
			continue;
		json_object_array_add(arr,
				      lsmctl_json_item(rf->sources[i], LSMC_LSM_APPARMOR,
						       a->dry_run ? LSMCTL_INVALID : LSMCTL_FAILED,
						       -EINVAL, rf->messages[i]));
	}
	json_object_object_add(doc, "items", arr);
	json_object_object_add(doc, "kernel_calls",
			       json_object_new_int64(total ? total->kernel_calls : 0));
	lsmctl_json_print(doc);
}

/* Sources apparmor_parser could not compile: their profiles are not loaded. */
static void report_compile_failures(const struct aa_refresh *rf)
{
	for (size_t i = 0; !lsmctl.json && i < rf->n_sources; i++)
		if (rf->failed[i])
			fprintf(stderr,
				"lsmctl boot: apparmor: %s: does not compile, its profiles are not "
				"loaded: %s\n",
				lsmctl_name(rf->sources[i]),
				lsmctl_text(rf->messages[i] ? rf->messages[i] : "",
					    rf->sources[i]));
}

static void report(const struct lsmc_batch *b, const struct boot_args *a)
{
	size_t n = lsmc_batch_count(b);

	for (size_t i = 0; i < n; i++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		char shown[4200];
		const char *name;

		lsmc_batch_get(b, i, &it);
		it.path = shown_path(a, it.path, shown, sizeof(shown));
		/* SELinux's configured policy has no path of its own */
		name = item_path(&it, a) ? lsmctl_name(it.path) : "(configured policy)";
		if (it.skipped) {
			printf("%s: %s: skipped: %s\n", lsmc_lsm_name(it.lsm), name,
			       lsmctl_text(it.message, it.path));
		} else if (it.status == 0) {
			printf("%s: %s: %s %u item(s)%s\n", lsmc_lsm_name(it.lsm), name,
			       a->dry_run ? "valid," : "loaded", it.items,
			       a->dry_run  ? ""
			       : it.atomic ? ", atomically"
					   : ", not atomically");
		} else if (it.status == -ECANCELED) {
			fprintf(stderr,
				"lsmctl boot: %s: %s: not-attempted (an earlier item failed)\n",
				lsmc_lsm_name(it.lsm), name);
		} else if (it.path && strncmp(it.message, it.path, strlen(it.path)) == 0) {
			/* The message already begins with the path. */
			fprintf(stderr, "lsmctl boot: %s: %s\n", lsmc_lsm_name(it.lsm),
				lsmctl_text(it.message, it.path));
		} else {
			fprintf(stderr, "lsmctl boot: %s: %s: %s\n", lsmc_lsm_name(it.lsm), name,
				lsmctl_text(it.message, it.path));
		}
	}
}

/* Policy named on the command line for an LSM the kernel does not run is
 * not loaded, and the administrator hears it (a dry run checks it instead). */
static void warn_inactive(const int active[3], const struct boot_args *a)
{
	if (a->dry_run)
		return;
	if (!active[0] && a->aa_dir_given)
		fprintf(stderr,
			"lsmctl boot: apparmor: not active in this kernel: %s is not loaded "
			"(--dry-run checks it)\n",
			a->aa_dir);
	if (!active[1] && a->se_policy)
		fprintf(stderr,
			"lsmctl boot: selinux: not active in this kernel: %s is not loaded "
			"(--dry-run checks it)\n",
			a->se_policy);
	if (!active[2] && a->smack_dir_given)
		fprintf(stderr,
			"lsmctl boot: smack: not active in this kernel: %s is not loaded "
			"(--dry-run checks it)\n",
			a->smack_dir);
}

/* The command line into a; LSMCTL_CONTINUE, or the exit status. */
static int parse_args(struct lsmc_ctx *ctx, int argc, char *argv[], struct boot_args *a)
{
	static const struct option options[] = {
		{"continue", no_argument, NULL, 'c'},
		{"apparmor-dir", required_argument, NULL, 'P'},
		{"no-compile", no_argument, NULL, 'N'},
		{"apparmor-cache", required_argument, NULL, 'A'},
		{"selinux-policy", required_argument, NULL, 'S'},
		{"smack-dir", required_argument, NULL, 'M'},
		{"dry-run", no_argument, NULL, 'd'},
		{"features-file", required_argument, NULL, 'F'},
		LSMCTL_COMMON_LONGOPTS,
	};
	int c, r;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":cP:NA:S:M:dF:" LSMCTL_COMMON_SHORTOPTS, options,
				NULL)) != -1) {
		r = lsmctl_check_value("boot", options, c);
		if (r != LSMCTL_CONTINUE)
			return r;
		switch (c) {
		case 'c':
			a->cont = true;
			break;
		case 'P':
			a->aa_dir = optarg;
			a->aa_dir_given = true;
			break;
		case 'N':
			a->no_compile = true;
			break;
		case 'A':
			a->aa_cache = optarg;
			a->aa_cache_given = true;
			break;
		case 'S':
			a->se_policy = optarg;
			break;
		case 'M':
			a->smack_dir = optarg;
			a->smack_dir_given = true;
			break;
		case 'd':
			a->dry_run = true;
			break;
		case 'F':
			a->features_file = optarg;
			break;
		default:
			r = lsmctl_common_option(&lsmctl_cmd_boot, ctx, c, argv);
			if (r != LSMCTL_CONTINUE)
				return r;
		}
	}
	if (optind < argc)
		return lsmctl_usage_error("boot", "unexpected argument '%s'", argv[optind]);
	if (a->features_file && !a->dry_run)
		return lsmctl_usage_error("boot", "--features-file checks another machine's "
						  "policy: it needs --dry-run");
	if (a->features_file && a->no_compile)
		return lsmctl_usage_error("boot", "--features-file compiles the profiles: "
						  "drop --no-compile");
	return LSMCTL_CONTINUE;
}

/* A boot: its options, and the batch it gathers. */
struct boot {
	struct lsmc_ctx *ctx;
	struct boot_args a;
	struct aa_refresh rf;
	struct lsmc_batch *b;
	int active[3]; /* AppArmor, SELinux, Smack: 1 when this kernel runs it */
	int added;     /* items in the batch */
};

/* Only what the running kernel can take: each LSM that is active. */
static int probe_active(struct boot *bt)
{
	static const uint64_t lsms[3] = {LSMC_LSM_APPARMOR, LSMC_LSM_SELINUX, LSMC_LSM_SMACK};

	for (int i = 0; i < 3; i++)
		bt->active[i] = lsm_active(bt->ctx, lsms[i]);
	for (int i = 0; i < 3; i++) {
		if (bt->active[i] < 0) {
			lsmctl_print_error(bt->ctx, "probing the kernel", bt->active[i]);
			return bt->active[i];
		}
	}
	return 0;
}

static int add_to_batch(struct boot *bt, uint64_t lsm, const char *path)
{
	int r = lsmc_batch_add(bt->b, lsm, path, NULL);

	bt->added += r == 0;
	return r;
}

/* Items the batch could not take: said once, and the boot ends. */
static int collect_failed(int r)
{
	lsmctl_error(r, "collecting policy: %s", strerror(-r));
	return EXIT_ERROR;
}

/* AppArmor's items: a check's compiled sources, or the cache brought up to
 * date, or the cache as it is. LSMCTL_CONTINUE, or the exit status. */
static int collect_apparmor(struct boot *bt)
{
	struct boot_args *a = &bt->a;
	int from_sources, r;

	if (a->dry_run && !bt->active[0] && a->aa_dir_given && !a->features_file) {
		/* apparmor_parser would compile for defaults of its own and
		 * write nothing: a check needs the target's features. */
		fprintf(stderr,
			"lsmctl boot: apparmor: not active in this kernel: to check %s, give the "
			"target's features with --features-file (aa-features-abi -x on it, or the "
			".features file of its cache)\n",
			a->aa_dir);
		return EXIT_ERROR;
	}
	/* A dry run checks what the options name, whatever this kernel runs. */
	if (a->dry_run && a->features_file)
		return check_apparmor_sources(bt->b, a, &bt->rf, &bt->added) < 0 ? EXIT_ERROR
										 : LSMCTL_CONTINUE;
	if (!bt->active[0])
		return LSMCTL_CONTINUE;
	from_sources = add_apparmor_sources(bt->ctx, bt->b, a, &bt->rf, &bt->added);
	if (from_sources < 0)
		return EXIT_ERROR;
	/* Loaded from the sources, the cache's own listing is not wanted. */
	if (!from_sources && access(a->aa_cache, F_OK) == 0) {
		r = add_to_batch(bt, LSMC_LSM_APPARMOR, a->aa_cache);
		return r < 0 ? collect_failed(r) : LSMCTL_CONTINUE;
	}
	if (!from_sources && a->aa_cache_given) {
		lsmctl_error(errno, "%s: %s", a->aa_cache, strerror(errno));
		return EXIT_ERROR;
	}
	return LSMCTL_CONTINUE;
}

/* What PID 1 did is not done twice: a policy file named on the command
 * line, or a rule directory, is loaded all the same. */
static int skip_systemd_loads(struct boot *bt)
{
	bool systemd = booted_by_systemd();
	int r = 0;

	if (bt->active[1] && !bt->a.se_policy && systemd && selinux_policy_loaded(bt->ctx)) {
		lsmctl_note("selinux: systemd (PID 1) has loaded the configured policy; not again");
		bt->active[1] = 0;
	}
	if (bt->active[2] && !bt->a.smack_dir_given && systemd) {
		lsmctl_note("smack: systemd (PID 1) has loaded " DEFAULT_SMACK_DIR "; not again");
		if (access(LEGACY_SMACK_FILE, F_OK) == 0)
			r = add_to_batch(bt, LSMC_LSM_SMACK, LEGACY_SMACK_FILE);
		bt->active[2] = 0;
	}
	return r;
}

/* Smack's rule files: the directory's, and the legacy file with the
 * default directory. LSMCTL_CONTINUE, or the exit status. */
static int collect_smack(struct boot *bt)
{
	const struct boot_args *a = &bt->a;
	int r;

	if (a->smack_dir_given && access(a->smack_dir, F_OK) < 0) {
		lsmctl_error(errno, "%s: %s", a->smack_dir, strerror(errno));
		return EXIT_ERROR;
	}
	r = add_smack_dir(bt->b, a->smack_dir, &bt->added);
	if (r == 0 && !a->smack_dir_given && access(LEGACY_SMACK_FILE, F_OK) == 0)
		r = add_to_batch(bt, LSMC_LSM_SMACK, LEGACY_SMACK_FILE);
	return r < 0 ? collect_failed(r) : LSMCTL_CONTINUE;
}

/* Every item of the boot into the batch. LSMCTL_CONTINUE, or the exit
 * status when the boot ends here (said already). */
static int collect_policy(struct boot *bt)
{
	const struct boot_args *a = &bt->a;
	int r;

	warn_inactive(bt->active, a);
	r = collect_apparmor(bt);
	if (r != LSMCTL_CONTINUE)
		return r;
	r = skip_systemd_loads(bt);
	if (r == 0 && (bt->active[1] || (a->dry_run && a->se_policy)))
		r = add_to_batch(bt, LSMC_LSM_SELINUX, a->se_policy);
	if (r < 0)
		return collect_failed(r);
	if (bt->active[2] || (a->dry_run && a->smack_dir_given))
		return collect_smack(bt);
	return LSMCTL_CONTINUE;
}

/* No item to load: only sources that did not compile, or nothing at all. */
static int report_nothing(const struct boot *bt)
{
	if (lsmctl.json)
		report_json(NULL, &bt->a, NULL, &bt->rf);
	else if (bt->rf.n_failed == 0)
		printf("lsmctl boot: no policy to load for the LSMs this kernel runs\n");
	return bt->rf.n_failed ? EXIT_ERROR : EXIT_OK;
}

/* What the run came to, item by item. */
struct boot_tally {
	size_t n;
	int loaded, bad;
	size_t first_bad;
};

static void tally_items(const struct lsmc_batch *b, struct boot_tally *t)
{
	t->n = lsmc_batch_count(b);
	for (size_t i = 0; i < t->n; i++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		lsmc_batch_get(b, i, &it);
		/* without --continue a load stops at the first item refused: the
		 * LSMs before its own keep theirs (each LSM's set goes whole) */
		if (it.status < 0 && it.status != -ECANCELED && !it.skipped && !t->bad++)
			t->first_bad = i;
		t->loaded += it.status == 0 && !it.skipped;
	}
}

/* A dry run exits as the load would: without --continue, one item the
 * kernel would refuse stops the load of everything after it. */
static int dry_run_status(const struct lsmc_batch *b, size_t first_bad)
{
	struct lsmc_batch_item stop = {.sz = sizeof(stop)};
	int loaded_before = 0;

	lsmc_batch_get(b, first_bad, &stop);
	for (size_t i = 0; i < first_bad; i++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		lsmc_batch_get(b, i, &it);
		loaded_before += it.lsm != stop.lsm && it.status == 0 && !it.skipped;
	}
	return loaded_before > 0 ? EXIT_PARTIAL : EXIT_ERROR;
}

/* The batch run (or checked), reported; the exit status. */
static int load_batch(const struct boot *bt)
{
	const struct boot_args *a = &bt->a;
	struct lsmc_result total = {.sz = sizeof(total)};
	struct boot_tally t = {0};
	int r, status = EXIT_OK;

	/* A dry run checks every item; its exit status is the load's (below). */
	r = lsmc_batch_run(bt->b,
			   (a->cont || a->dry_run ? LSMC_BATCH_CONTINUE : 0) |
				   (a->dry_run ? LSMC_BATCH_DRY_RUN : 0),
			   &total);
	if (lsmctl.json)
		report_json(bt->b, a, &total, &bt->rf);
	else
		report(bt->b, a);
	tally_items(bt->b, &t);
	if (!lsmctl.json && !a->dry_run)
		printf("lsmctl boot: %zu item(s), %u loaded through %u kernel call(s)%s\n",
		       t.n + bt->rf.n_failed, (unsigned)t.loaded, total.kernel_calls,
		       bt->rf.n_failed ? ", the rest did not compile" : "");
	if (r < 0 || bt->rf.n_failed || t.bad)
		status = t.loaded > 0 ? EXIT_PARTIAL : EXIT_ERROR;
	if (a->dry_run && t.bad && !a->cont)
		status = dry_run_status(bt->b, t.first_bad);
	if (a->dry_run && !lsmctl.json)
		printf("lsmctl boot: dry run: %zu item(s), %u valid; loading would exit with %d\n",
		       t.n + bt->rf.n_failed, (unsigned)t.loaded, status);
	return status;
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	struct boot bt = {.ctx = ctx,
			  .a = {.aa_dir = DEFAULT_AA_DIR,
				.aa_cache = DEFAULT_AA_CACHE,
				.smack_dir = DEFAULT_SMACK_DIR}};
	int r, status;

	r = parse_args(ctx, argc, argv, &bt.a);
	if (r != LSMCTL_CONTINUE)
		return r;
	r = lsmc_batch_new(ctx, &bt.b);
	if (r < 0) {
		lsmctl_error(r, "%s", strerror(-r));
		return EXIT_ERROR;
	}
	if (probe_active(&bt) < 0) {
		lsmc_batch_free(bt.b);
		return EXIT_ERROR;
	}
	status = collect_policy(&bt);
	if (status == LSMCTL_CONTINUE) {
		/* A source that does not compile is named, whatever else happens. */
		report_compile_failures(&bt.rf);
		status = bt.added ? load_batch(&bt) : report_nothing(&bt);
	}
	lsmc_batch_free(bt.b);
	aa_refresh_free(&bt.rf);
	remove_check_dir(bt.a.check_dir);
	return status;
}

const struct lsmctl_cmd lsmctl_cmd_boot = {
	.name = "boot",
	.run = run,
	.help = help,
	.summary = "load the machine's policy for every active LSM in one pass",
};

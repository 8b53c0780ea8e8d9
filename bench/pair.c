/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The same inputs through lsm_config_policy() and through the pseudo-fs, in
 * the same boot of the proposal kernel (tests/vm/kernel/): the library with
 * each backend forced, and the raw floor of each path — one syscall where
 * the fs floor does one write. Methods alternate within every round, so the
 * per-round ratios (bench/report.py) compare runs made moments apart.
 *
 * usage: lsmc-bench pair NR LOAD REPLACE apparmor ROUNDS LISTFILE
 *        lsmc-bench pair NR LOAD REPLACE selinux ROUNDS POLICY
 *        lsmc-bench pair NR LOAD REPLACE smack ROUNDS NRULES
 * NR, LOAD and REPLACE: the syscall number and operation values
 * (tests/vm/kernel/abi.env). Lines as lsmc-bench's, the LSM named
 * "proposal-LSM".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

#define ID_SELINUX  101
#define ID_SMACK    102
#define ID_APPARMOR 104

static long nr, op_load, op_replace;

static long config_policy(unsigned int lsm, unsigned int op, void *buf, size_t size)
{
	return syscall(nr, lsm, op, buf, (unsigned int)size, 0u, 0u);
}

/* The library with one backend forced; the backend that delivered must be it. */
static struct lsmc_ctx *lib_ctx(enum lsmc_backend be)
{
	struct lsmc_ctx *ctx;
	int r = lsmc_new(&ctx);

	if (r < 0 || (r = lsmc_set_backend(ctx, be)) < 0) {
		error("lsmc_new/lsmc_set_backend(%s): %s", lsmc_backend_name(be), strerror(-r));
		return NULL;
	}
	return ctx;
}

static long lib_done(struct lsmc_ctx *ctx, const char *what, int r, enum lsmc_backend be,
		     const struct lsmc_result *res)
{
	if (r < 0)
		lib_error(ctx, what, r);
	else if (res->backend != be)
		error("%s: delivered by %s, not %s", what, lsmc_backend_name(res->backend),
		      lsmc_backend_name(be));
	lsmc_unref(ctx);
	return r < 0 ? r : (long)res->kernel_calls;
}

/* ---- AppArmor ---------------------------------------------------------- */

static long aa_lib_set_be(enum lsmc_backend be)
{
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_ctx *ctx = lib_ctx(be);
	int r;

	if (!ctx)
		return -EIO;
	r = lsmc_apparmor_load_files(ctx, (const char *const *)aa_files, aa_n, NULL, &res);
	return lib_done(ctx, "lsmc_apparmor_load_files (set)", r, be, &res);
}

static long aa_lib_each_be(enum lsmc_backend be)
{
	struct lsmc_ctx *ctx = lib_ctx(be);
	long calls = 0;
	int r = 0;

	if (!ctx)
		return -EIO;
	for (size_t i = 0; i < aa_n && r >= 0; i++) {
		struct lsmc_result res = {.sz = sizeof(res)};
		r = lsmc_apparmor_load_files(ctx, (const char *const *)&aa_files[i], 1, NULL, &res);
		if (r < 0)
			lib_error(ctx, aa_files[i], r);
		else if (res.backend != be)
			error("%s: delivered by %s", aa_files[i], lsmc_backend_name(res.backend));
		calls += res.kernel_calls;
	}
	lsmc_unref(ctx);
	return r < 0 ? r : calls;
}

static long aa_sys_lib_set(void)
{
	return aa_lib_set_be(LSMC_BACKEND_SYSCALL);
}
static long aa_fs_lib_set(void)
{
	return aa_lib_set_be(LSMC_BACKEND_FS);
}
static long aa_sys_lib_each(void)
{
	return aa_lib_each_be(LSMC_BACKEND_SYSCALL);
}
static long aa_fs_lib_each(void)
{
	return aa_lib_each_be(LSMC_BACKEND_FS);
}

/* The syscall floor of a set: "\0" (the caller's namespace), then every
 * file read into the same buffer, one REPLACE. */
static long aa_sys_raw_set(void)
{
	char *buf = calloc(1, 4096);
	size_t cap = 4096, len = 1;
	long r;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < aa_n; i++)
		if (read_into(aa_files[i], &buf, &cap, &len) < 0) {
			error("sys-raw-set: cannot read %s", aa_files[i]);
			free(buf);
			return -EIO;
		}
	r = config_policy(ID_APPARMOR, (unsigned int)op_replace, buf, len);
	if (r < 0)
		error("sys-raw-set: lsm_config_policy of %zu bytes: %s", len, strerror(errno));
	free(buf);
	return 1;
}

/* The syscall floor file by file: one REPLACE per file. */
static long aa_sys_raw_each(void)
{
	char *buf = calloc(1, 4096);
	size_t cap = 4096;
	long calls = 0;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < aa_n; i++) {
		size_t len = 1;
		if (read_into(aa_files[i], &buf, &cap, &len) < 0) {
			error("sys-raw-each: cannot read %s", aa_files[i]);
			break;
		}
		buf[0] = '\0';
		calls++;
		if (config_policy(ID_APPARMOR, (unsigned int)op_replace, buf, len) < 0)
			error("sys-raw-each: %s: %s", aa_files[i], strerror(errno));
	}
	free(buf);
	return calls;
}

static const struct method aa_methods[] = {
	{"sys-lib-set", "liblsmconfig, syscall backend: all files as one set", aa_sys_lib_set},
	{"fs-lib-set", "liblsmconfig, fs backend: all files as one set", aa_fs_lib_set},
	{"sys-raw-set", "floor: all files in one buffer, one lsm_config_policy(REPLACE)",
	 aa_sys_raw_set},
	{"fs-raw-set", "floor: all files in one buffer, one write() to .replace", aa_raw_set},
	{"sys-lib-each", "liblsmconfig, syscall backend: once per file", aa_sys_lib_each},
	{"fs-lib-each", "liblsmconfig, fs backend: once per file", aa_fs_lib_each},
	{"sys-raw-each", "floor: one lsm_config_policy(REPLACE) per file", aa_sys_raw_each},
	{"fs-raw-each", "floor: .replace opened once, one write() per file", aa_raw_each},
};

/* ---- SELinux ----------------------------------------------------------- */

static long se_lib_be(enum lsmc_backend be)
{
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_ctx *ctx = lib_ctx(be);
	int r;

	if (!ctx)
		return -EIO;
	r = lsmc_selinux_load_file(ctx, se_policy, NULL, &res);
	return lib_done(ctx, "lsmc_selinux_load_file", r, be, &res);
}

static long se_sys_lib(void)
{
	return se_lib_be(LSMC_BACKEND_SYSCALL);
}
static long se_fs_lib(void)
{
	return se_lib_be(LSMC_BACKEND_FS);
}

static long se_sys_raw(void)
{
	size_t len;
	char *buf = slurp(se_policy, &len);
	long r;

	if (!buf)
		return -EIO;
	r = config_policy(ID_SELINUX, (unsigned int)op_load, buf, len);
	if (r != (long)len)
		error("selinux sys-raw: lsm_config_policy of %zu bytes returned %ld (%s)", len, r,
		      strerror(errno));
	free(buf);
	return 1;
}

static const struct method se_methods[] = {
	{"sys-lib", "liblsmconfig, syscall backend", se_sys_lib},
	{"fs-lib", "liblsmconfig, fs backend", se_fs_lib},
	{"sys-raw", "floor: policy read into a buffer, one lsm_config_policy(LOAD)", se_sys_raw},
	{"fs-raw", "floor: policy read into a buffer, one write() to load", se_raw},
};

/* ---- Smack ------------------------------------------------------------- */

static long sm_lib_be(enum lsmc_backend be)
{
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_ctx *ctx = lib_ctx(be);
	int r;

	if (!ctx)
		return -EIO;
	r = lsmc_smack_load(ctx, sm_rs, NULL, &res);
	if (r >= 0 && res.items != sm_rules)
		error("lsmc_smack_load: %u rules, want %zu", res.items, sm_rules);
	return lib_done(ctx, "lsmc_smack_load", r, be, &res);
}

static long sm_sys_lib(void)
{
	return sm_lib_be(LSMC_BACKEND_SYSCALL);
}
static long sm_fs_lib(void)
{
	return sm_lib_be(LSMC_BACKEND_FS);
}

/* The syscall floor: the kernel takes the long format a page less one byte
 * at a time, cut at a newline, and says how much; the format byte goes in
 * front of each window, in the byte before it. */
static long sm_sys_raw(void)
{
	char *buf = malloc(sm_len + 1);
	long calls = 0;

	if (!buf)
		return -ENOMEM;
	memcpy(buf + 1, sm_text, sm_len);
	for (size_t off = 0; off < sm_len;) {
		long n;
		buf[off] = 1; /* SMK_LONG_FMT */
		n = config_policy(ID_SMACK, (unsigned int)op_load, buf + off, sm_len - off + 1);
		calls++;
		if (n <= 0) {
			error("smack sys-raw: lsm_config_policy returned %ld (%s)", n,
			      strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	free(buf);
	return calls;
}

static const struct method sm_methods[] = {
	{"sys-lib", "liblsmconfig, syscall backend: a parsed rule set", sm_sys_lib},
	{"fs-lib", "liblsmconfig, fs backend: a parsed rule set", sm_fs_lib},
	{"sys-raw", "floor: lsm_config_policy(LOAD) windows the kernel cuts", sm_sys_raw},
	{"fs-raw", "floor: load2 opened once, page-sized windows ending at a newline", sm_raw_page},
};

/* ---- rounds ------------------------------------------------------------ */

static void run_rounds(const char *lsm, const struct method *methods, size_t nm, int rounds,
		       bool apparmor, long items)
{
	long want = -1;

	for (size_t m = 0; m < nm; m++)
		describe(lsm, methods[m].name, methods[m].what);
	for (int round = 0; round < rounds; round++) {
		for (size_t k = 0; k < nm; k++) {
			/* rotate the order so no method always follows the same one */
			const struct method *m = &methods[(k + (size_t)round) % nm];
			uint64_t t0, t1;
			long calls;

			if (apparmor) {
				aa_remove_all();
				sync();
			}
			t0 = now_ns();
			calls = m->fn();
			t1 = now_ns();
			if (calls < -1) {
				error("%s %s: %s", lsm, m->name, strerror((int)-calls));
				continue;
			}
			if (apparmor) {
				items = (long)aa_count();
				if (want < 0)
					want = items;
				else if (items != want)
					error("%s %s: %ld profiles loaded, the first run loaded "
					      "%ld",
					      lsm, m->name, items, want);
			}
			report(lsm, m->name, round, t1 - t0, calls, items);
		}
	}
}

static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "lsmc-bench pair: not a number: '%s'\n", s);
		exit(2);
	}
	return v;
}

int bench_pair(int argc, char **argv)
{
	int rounds, r;

	if (argc != 6) {
		fprintf(stderr, "usage: lsmc-bench pair NR LOAD REPLACE LSM ROUNDS INPUT\n");
		return 2;
	}
	nr = number(argv[0]);
	op_load = number(argv[1]);
	op_replace = number(argv[2]);
	rounds = (int)number(argv[4]);
	if (strcmp(argv[3], "apparmor") == 0) {
		aa_read_list(argv[5]);
		printf("INFO,proposal-apparmor,files,%zu\n", aa_n);
		run_rounds("proposal-apparmor", aa_methods,
			   sizeof(aa_methods) / sizeof(aa_methods[0]), rounds, true, 0);
		aa_remove_all();
	} else if (strcmp(argv[3], "selinux") == 0) {
		se_policy = argv[5];
		/* the first load of a boot also sets up the initial SIDs: not timed */
		if (se_raw() < 0)
			error("selinux: the warm-up load failed");
		run_rounds("proposal-selinux", se_methods,
			   sizeof(se_methods) / sizeof(se_methods[0]), rounds, false, 1);
	} else if (strcmp(argv[3], "smack") == 0) {
		sm_make((size_t)number(argv[5]), "rwxa");
		printf("INFO,proposal-smack,rules,%zu\nINFO,proposal-smack,bytes,%zu\n", sm_rules,
		       sm_len);
		if ((r = lsmc_smack_ruleset_new(&sm_rs)) < 0 ||
		    (r = lsmc_smack_ruleset_parse(sm_rs, sm_text, sm_len, "bench")) < 0) {
			error("smack: the generated rules do not parse: %s",
			      lsmc_smack_ruleset_error(sm_rs));
			return 1;
		}
		/* Smack never deletes a rule: create them untimed */
		sm_raw_page();
		run_rounds("proposal-smack", sm_methods, sizeof(sm_methods) / sizeof(sm_methods[0]),
			   rounds, false, (long)sm_rules);
		lsmc_smack_ruleset_free(sm_rs);
	} else {
		fprintf(stderr, "lsmc-bench pair: unknown LSM '%s'\n", argv[3]);
		return 2;
	}
	return errors ? 1 : 0;
}

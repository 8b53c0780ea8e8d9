/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The in-guest half of the benchmark: loads the same policy through
 * liblsmconfig, through the minimal raw write loop that is its floor, and
 * through the command-line tools (lsmctl, apparmor_parser, load_policy),
 * ROUNDS times each, interleaved, timing every run with CLOCK_MONOTONIC.
 *
 * usage: lsmc-bench apparmor ROUNDS CLI_ROUNDS LISTFILE [TAG [METHOD,...]]
 *          (TAG names the rows, default "apparmor"; METHOD,... the methods
 *          to run, default the nine of the main table)
 *        lsmc-bench selinux ROUNDS POLICY
 *        lsmc-bench smack ROUNDS NRULES
 *        lsmc-bench smack-boot BOOT NRULES   (once per boot, before any rule)
 *        lsmc-bench pair ...   (syscall beside pseudo-fs: see pair.c)
 *
 * Every run prints one line
 *   BENCH,<lsm>,<method>,<round>,<nanoseconds>,<kernel writes>,<items>
 * (kernel writes -1 where the program cannot count them: other processes),
 * for AppArmor what the run cost the process(es) by the kernel's account
 * (getrusage: user and system time, minor page faults) as
 *   RUSAGE,<lsm>,<method>,<round>,<user us>,<system us>,<minor faults>
 * and the methods' descriptions as
 *   METHOD,<lsm>,<method>,<description>
 * A run that fails, or leaves the kernel with another number of profiles
 * than the others, prints "ERROR ..." and makes the exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lsmconfig.h>

#include "bench.h"

extern char **environ;

#define AA	     "/sys/kernel/security/apparmor"
#define SMACK_LOAD2  "/sys/fs/smackfs/load2"
#define SELINUX_LOAD "/sys/fs/selinux/load"

int errors;

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ERROR ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
	errors++;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void report(const char *lsm, const char *method, int round, uint64_t ns, long calls, long items)
{
	printf("BENCH,%s,%s,%d,%llu,%ld,%ld\n", lsm, method, round, (unsigned long long)ns, calls,
	       items);
	fflush(stdout);
}

void describe(const char *lsm, const char *method, const char *what)
{
	printf("METHOD,%s,%s,%s\n", lsm, method, what);
}

void lib_error(struct lsmc_ctx *ctx, const char *what, int r)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	lsmc_get_last_error(ctx, &e);
	error("%s: %s: %s (%s)", what, strerror(-r), e.message ? e.message : "",
	      e.interface ? e.interface : "");
}

/* Read a whole file into buf at *off (buf grows), until end of file:
 * pseudo-files report size 0; -errno on failure. */
int read_into(const char *path, char **buf, size_t *cap, size_t *off)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -errno;
	}
	for (;;) {
		ssize_t n;
		if (*off + (size_t)st.st_size + 1 > *cap || *off + 4096 > *cap) {
			size_t ncap = (*off + (size_t)st.st_size + 4096) * 2;
			char *nb = realloc(*buf, ncap);
			if (!nb) {
				close(fd);
				return -ENOMEM;
			}
			*buf = nb;
			*cap = ncap;
		}
		n = read(fd, *buf + *off, *cap - *off - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -errno;
		}
		if (n == 0)
			break;
		*off += (size_t)n;
	}
	close(fd);
	return 0;
}

char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (read_into(path, &buf, &cap, len) < 0) {
		free(buf);
		return NULL;
	}
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[*len] = '\0';
	return buf;
}

/* What the children waited for since the last reset used (wait4). */
static struct rusage child_ru;

static void ru_add(struct rusage *sum, const struct rusage *ru)
{
	sum->ru_utime.tv_sec += ru->ru_utime.tv_sec;
	sum->ru_utime.tv_usec += ru->ru_utime.tv_usec;
	sum->ru_stime.tv_sec += ru->ru_stime.tv_sec;
	sum->ru_stime.tv_usec += ru->ru_stime.tv_usec;
	sum->ru_minflt += ru->ru_minflt;
}

static long long ru_us(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

/* Run argv as a child, wait for it; its exit status, or -1. Its output
 * goes to /tmp/child.out and /tmp/child.err (the serial console is slow
 * under emulation) and is shown when it fails. */
static int run(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int st, r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/tmp/child.out", O_WRONLY | O_CREAT | O_TRUNC,
					 0644);
	posix_spawn_file_actions_addopen(&fa, 2, "/tmp/child.err", O_WRONLY | O_CREAT | O_TRUNC,
					 0644);
	r = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -1;
	if (wait4(pid, &st, 0, &ru) < 0)
		return -1;
	ru_add(&child_ru, &ru);
	st = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	if (st != 0) {
		size_t len;
		char *e = slurp("/tmp/child.err", &len);
		printf("%s failed (%d): %.2000s\n", argv[0], st, e ? e : "");
		free(e);
	}
	return st;
}

/* A program's path from PATH, or NULL. */
char *which(const char *name)
{
	const char *path = getenv("PATH");
	static char buf[4096];

	while (path && *path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, name);
		if (access(buf, X_OK) == 0)
			return strdup(buf);
		path += n + (end ? 1 : 0);
	}
	return NULL;
}

/* ---- AppArmor ---------------------------------------------------------- */

char **aa_files;
size_t aa_n;

void aa_read_list(const char *list)
{
	size_t len;
	char *text = slurp(list, &len), *line, *save = NULL;
	size_t cap = 0;

	if (!text) {
		fprintf(stderr, "cannot read %s\n", list);
		exit(2);
	}
	text[len - (len && text[len - 1] == '\n')] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (aa_n == cap) {
			cap = cap ? cap * 2 : 256;
			aa_files = realloc(aa_files, cap * sizeof(*aa_files));
		}
		aa_files[aa_n++] = line;
	}
}

/* Names of the loaded profiles, from the kernel's list ("name (mode)"). */
static size_t aa_profile_names(char ***names)
{
	size_t len, n = 0;
	char *text = slurp(AA "/profiles", &len), *line, *save = NULL;

	*names = NULL;
	if (!text)
		return 0;
	*names = calloc(len / 4 + 1, sizeof(char *));
	text[len - (len && text[len - 1] == '\n')] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *mode = strrchr(line, '(');
		if (mode && mode > line && mode[-1] == ' ')
			mode[-1] = '\0';
		(*names)[n++] = strdup(line);
	}
	free(text);
	return n;
}

size_t aa_count(void)
{
	char **names;
	size_t n = aa_profile_names(&names);

	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

/* Remove every profile: the kernel is empty before each load. */
void aa_remove_all(void)
{
	char **names;
	size_t n = aa_profile_names(&names);
	int fd = open(AA "/.remove", O_WRONLY | O_CLOEXEC);

	for (size_t i = 0; i < n; i++) {
		/* children ("a//b") go with their parent; ENOENT is fine */
		if (fd >= 0 && !strstr(names[i], "//"))
			(void)!write(fd, names[i], strlen(names[i]));
		free(names[i]);
	}
	free(names);
	if (fd >= 0)
		close(fd);
	if (aa_count() != 0)
		error("apparmor: %zu profiles left after removing all", aa_count());
}

static long aa_lib_set(void)
{
	struct lsmc_ctx *ctx;
	struct lsmc_result res = {.sz = sizeof(res)};
	int r;

	if ((r = lsmc_new(&ctx)) < 0)
		return r;
	r = lsmc_apparmor_load_files(ctx, (const char *const *)aa_files, aa_n, NULL, &res);
	if (r < 0)
		lib_error(ctx, "lsmc_apparmor_load_files (set)", r);
	else if (!res.atomic)
		error("lsmc_apparmor_load_files: the set did not go atomically (%u calls)",
		      res.kernel_calls);
	lsmc_unref(ctx);
	return r < 0 ? r : (long)res.kernel_calls;
}

static long aa_lib_each(void)
{
	struct lsmc_ctx *ctx;
	long calls = 0;
	int r;

	if ((r = lsmc_new(&ctx)) < 0)
		return r;
	for (size_t i = 0; i < aa_n && r >= 0; i++) {
		struct lsmc_result res = {.sz = sizeof(res)};
		r = lsmc_apparmor_load_files(ctx, (const char *const *)&aa_files[i], 1, NULL, &res);
		if (r < 0)
			lib_error(ctx, aa_files[i], r);
		calls += res.kernel_calls;
	}
	lsmc_unref(ctx);
	return r < 0 ? r : calls;
}

/* The floor of a set load: every file read into one buffer, one write. */
long aa_raw_set(void)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int fd;
	ssize_t n;

	for (size_t i = 0; i < aa_n; i++)
		if (read_into(aa_files[i], &buf, &cap, &len) < 0) {
			error("raw-set: cannot read %s", aa_files[i]);
			free(buf);
			return -EIO;
		}
	fd = open(AA "/.replace", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	n = write(fd, buf, len);
	if (n != (ssize_t)len)
		error("raw-set: write of %zu bytes returned %zd (%s)", len, n, strerror(errno));
	close(fd);
	free(buf);
	return 1;
}

/* The floor of a file-by-file load: .replace opened once, one write per file. */
long aa_raw_each(void)
{
	char *buf = NULL;
	size_t cap = 0;
	long calls = 0;
	int fd = open(AA "/.replace", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (size_t i = 0; i < aa_n; i++) {
		size_t len = 0;
		ssize_t n;
		if (read_into(aa_files[i], &buf, &cap, &len) < 0) {
			error("raw-each: cannot read %s", aa_files[i]);
			break;
		}
		n = write(fd, buf, len);
		calls++;
		if (n != (ssize_t)len)
			error("raw-each: %s: write returned %zd (%s)", aa_files[i], n,
			      strerror(errno));
	}
	close(fd);
	free(buf);
	return calls;
}

/* One process for all files: argv0 [fixed args] FILE... */
static long spawn_all(const char *what, char *const fixed[], size_t nfixed)
{
	char **argv = calloc(nfixed + aa_n + 1, sizeof(char *));
	int st;

	memcpy(argv, fixed, nfixed * sizeof(char *));
	memcpy(argv + nfixed, aa_files, aa_n * sizeof(char *));
	st = run(argv);
	free(argv);
	if (st != 0)
		error("%s exited %d", what, st);
	return -1;
}

/* One process per file. */
static long spawn_each(const char *what, char *const fixed[], size_t nfixed)
{
	char *argv[16];

	memcpy(argv, fixed, nfixed * sizeof(char *));
	argv[nfixed + 1] = NULL;
	for (size_t i = 0; i < aa_n; i++) {
		int st;
		argv[nfixed] = aa_files[i];
		st = run(argv);
		if (st != 0)
			error("%s %s exited %d", what, aa_files[i], st);
	}
	return -1;
}

static char *lsmctl_path, *parser_path, *minload_path;

/* What lsmctl-set costs beside minload-set, piece by piece: the same
 * process with the pseudo-fs backend forced (no probing of the syscalls),
 * validating only (--dry-run: start, reading, inspection, no write), and a
 * start alone; the minimal loader reading only, and starting only. */
static long aa_lsmctl_fs_set(void)
{
	char *a[] = {lsmctl_path, "-b", "fs", "load", "apparmor"};
	return spawn_all("lsmctl -b fs load apparmor", a, 5);
}
static long aa_lsmctl_dry_set(void)
{
	char *a[] = {lsmctl_path, "load", "apparmor", "--dry-run"};
	return spawn_all("lsmctl load apparmor --dry-run", a, 4);
}
static long aa_lsmctl_start(void)
{
	char *a[] = {lsmctl_path, "--version", NULL};
	if (run(a) != 0)
		error("lsmctl --version failed");
	return -1;
}
static long aa_minload_read(void)
{
	char *a[] = {minload_path, "-n"};
	return spawn_all("aa-minload -n", a, 2);
}
static long aa_minload_start(void)
{
	char *a[] = {minload_path, "-n", NULL};
	if (run(a) != 0)
		error("aa-minload -n failed");
	return -1;
}

static long aa_lsmctl_set(void)
{
	char *a[] = {lsmctl_path, "load", "apparmor"};
	return spawn_all("lsmctl load apparmor", a, 3);
}
static long aa_lsmctl_each(void)
{
	char *a[] = {lsmctl_path, "load", "apparmor"};
	return spawn_each("lsmctl load apparmor", a, 3);
}
static long aa_minload_set(void)
{
	char *a[] = {minload_path};
	return spawn_all("aa-minload", a, 1);
}
static long aa_parser_set(void)
{
	char *a[] = {parser_path, "-r", "-B"};
	return spawn_all("apparmor_parser -r -B", a, 3);
}
static long aa_parser_each(void)
{
	char *a[] = {parser_path, "-r", "-B"};
	return spawn_each("apparmor_parser -r -B", a, 3);
}

/* Whether name is in the comma-separated list (NULL: the default set). */
static bool chosen(const char *list, const char *name, bool by_default)
{
	size_t n = strlen(name);

	if (!list)
		return by_default;
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static int bench_apparmor(int rounds, int cli_rounds, const char *list, const char *tag,
			  const char *only)
{
	static const struct method all[] = {
		{"lib-set", "liblsmconfig: lsmc_apparmor_load_files() over all files (one set)",
		 aa_lib_set},
		{"raw-set", "floor: all files read into one buffer, one write() to .replace",
		 aa_raw_set},
		{"lib-each", "liblsmconfig: lsmc_apparmor_load_files() once per file", aa_lib_each},
		{"raw-each", "floor: .replace opened once, one write() per file", aa_raw_each},
		{"lsmctl-set", "lsmctl load apparmor FILE... (one process)", aa_lsmctl_set, false,
		 true},
		{"parser-set", "apparmor_parser -r -B FILE... (one process)", aa_parser_set, false,
		 false, true},
		{"minload-set",
		 "aa-minload FILE...: libc only, one buffer, one write (one process)",
		 aa_minload_set, false, false, false, true},
		{"lsmctl-each", "lsmctl load apparmor FILE (one process per file)", aa_lsmctl_each,
		 true, true},
		{"parser-each", "apparmor_parser -r -B FILE (one process per file)", aa_parser_each,
		 true, false, true},
		/* the pieces of lsmctl-set beside minload-set; only when named */
		{"lsmctl-fs-set", "lsmctl -b fs load apparmor FILE... (no syscall probing)",
		 aa_lsmctl_fs_set, false, true},
		{"lsmctl-dry-set", "lsmctl load apparmor --dry-run FILE... (all but the write)",
		 aa_lsmctl_dry_set, false, true},
		{"lsmctl-start", "lsmctl --version (a process start)", aa_lsmctl_start, false,
		 true},
		{"minload-read", "aa-minload -n FILE...: the files read, no write", aa_minload_read,
		 false, false, false, true},
		{"minload-start", "aa-minload -n (a process start)", aa_minload_start, false, false,
		 false, true},
	};
	const size_t n_default = 9;
	struct method methods[sizeof(all) / sizeof(all[0])];
	size_t nm = 0;
	long want = -1;

	for (size_t m = 0; m < sizeof(all) / sizeof(all[0]); m++)
		if (chosen(only, all[m].name, m < n_default))
			methods[nm++] = all[m];
	if (nm == 0) {
		fprintf(stderr, "lsmc-bench apparmor: no such method in %s\n", only);
		return 2;
	}

	aa_read_list(list);
	lsmctl_path = which("lsmctl");
	parser_path = which("apparmor_parser");
	minload_path = which("aa-minload");
	for (size_t m = 0; m < nm; m++)
		describe(tag, methods[m].name, methods[m].what);
	printf("INFO,%s,files,%zu\n", tag, aa_n);
	/* The first loads of a boot cost the kernel more (up to twice as much
	 * on 6.12, the first two; README "Debian's kernels"): two untimed
	 * loads, so that no method pays for being first. */
	for (int w = 0; w < 2; w++) {
		aa_remove_all();
		if (aa_raw_set() < 0)
			error("%s: the warm-up load failed", tag);
	}
	for (int round = 0; round < rounds; round++) {
		for (size_t k = 0; k < nm; k++) {
			/* rotate the order so no method always follows the same one */
			const struct method *m = &methods[(k + (size_t)round) % nm];
			struct rusage self0, self1;
			uint64_t t0, t1;
			long calls;
			size_t loaded;

			if (m->cli_rounds && round >= cli_rounds)
				continue;
			if ((m->needs_lsmctl && !lsmctl_path) ||
			    (m->needs_parser && !parser_path) ||
			    (m->needs_minload && !minload_path))
				continue;
			aa_remove_all();
			sync();
			child_ru = (struct rusage){0};
			getrusage(RUSAGE_SELF, &self0);
			t0 = now_ns();
			calls = m->fn();
			t1 = now_ns();
			getrusage(RUSAGE_SELF, &self1);
			loaded = aa_count();
			if (calls < -1) {
				error("%s %s: %s", tag, m->name, strerror((int)-calls));
				continue;
			}
			/* the runs that load nothing are not compared */
			if (m->fn == aa_lsmctl_dry_set || m->fn == aa_lsmctl_start ||
			    m->fn == aa_minload_read || m->fn == aa_minload_start) {
				if (loaded != 0)
					error("%s %s: %zu profiles loaded, want none", tag, m->name,
					      loaded);
			} else if (want < 0) {
				want = (long)loaded;
			} else if ((long)loaded != want) {
				error("%s %s: %zu profiles loaded, the first run loaded %ld", tag,
				      m->name, loaded, want);
			}
			report(tag, m->name, round, t1 - t0, calls, (long)loaded);
			printf("RUSAGE,%s,%s,%d,%lld,%lld,%ld\n", tag, m->name, round,
			       ru_us(&child_ru.ru_utime) + ru_us(&self1.ru_utime) -
				       ru_us(&self0.ru_utime),
			       ru_us(&child_ru.ru_stime) + ru_us(&self1.ru_stime) -
				       ru_us(&self0.ru_stime),
			       child_ru.ru_minflt + self1.ru_minflt - self0.ru_minflt);
			fflush(stdout);
		}
	}
	aa_remove_all();
	return errors ? 1 : 0;
}

/* ---- SELinux ----------------------------------------------------------- */

const char *se_policy;

static long se_lib(void)
{
	struct lsmc_ctx *ctx;
	struct lsmc_result res = {.sz = sizeof(res)};
	int r;

	if ((r = lsmc_new(&ctx)) < 0)
		return r;
	r = lsmc_selinux_load_file(ctx, se_policy, NULL, &res);
	if (r < 0)
		lib_error(ctx, "lsmc_selinux_load_file", r);
	lsmc_unref(ctx);
	return r < 0 ? r : (long)res.kernel_calls;
}

long se_raw(void)
{
	size_t len;
	char *buf = slurp(se_policy, &len);
	int fd;
	ssize_t n;

	if (!buf)
		return -EIO;
	fd = open(SELINUX_LOAD, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	n = write(fd, buf, len);
	if (n != (ssize_t)len)
		error("selinux raw: write of %zu bytes returned %zd (%s)", len, n, strerror(errno));
	close(fd);
	free(buf);
	return 1;
}

static long se_lsmctl(void)
{
	char *a[] = {lsmctl_path, "load", "selinux", (char *)se_policy, NULL};
	if (run(a) != 0)
		error("lsmctl load selinux failed");
	return -1;
}

static char *load_policy_path;
static long se_load_policy(void)
{
	char *a[] = {load_policy_path, NULL};
	if (run(a) != 0)
		error("load_policy failed");
	return -1;
}

static int bench_selinux(int rounds, const char *policy)
{
	static const struct method methods[] = {
		{"lib", "liblsmconfig: lsmc_selinux_load_file()", se_lib},
		{"raw", "floor: policy read into a buffer, one write() to /sys/fs/selinux/load",
		 se_raw},
		{"lsmctl", "lsmctl load selinux POLICY (one process)", se_lsmctl, false, true},
		{"load_policy", "load_policy (policycoreutils, one process)", se_load_policy, false,
		 false, true},
	};
	size_t nm = sizeof(methods) / sizeof(methods[0]);
	struct stat st;

	se_policy = policy;
	if (stat(policy, &st) < 0) {
		fprintf(stderr, "%s: %s\n", policy, strerror(errno));
		return 2;
	}
	lsmctl_path = which("lsmctl");
	load_policy_path = which("load_policy");
	for (size_t m = 0; m < nm; m++)
		describe("selinux", methods[m].name, methods[m].what);
	printf("INFO,selinux,policy_bytes,%lld\n", (long long)st.st_size);
	/* the first load of a boot also sets up the initial SIDs: not timed */
	if (se_raw() < 0)
		error("selinux: the warm-up load failed");
	for (int round = 0; round < rounds; round++) {
		for (size_t k = 0; k < nm; k++) {
			const struct method *m = &methods[(k + (size_t)round) % nm];
			uint64_t t0, t1;
			long calls;

			if ((m->needs_lsmctl && !lsmctl_path) ||
			    (m->needs_parser && !load_policy_path))
				continue;
			t0 = now_ns();
			calls = m->fn();
			t1 = now_ns();
			if (calls < -1) {
				error("selinux %s: %s", m->name, strerror((int)-calls));
				continue;
			}
			report("selinux", m->name, round, t1 - t0, calls, 1);
		}
	}
	return errors ? 1 : 0;
}

/* ---- Smack ------------------------------------------------------------- */

char *sm_text;
size_t sm_len, sm_rules;
struct lsmc_smack_ruleset *sm_rs;
static const char *sm_file = "/tmp/bench.smack";

/* n rules over sqrt(n) subjects and objects, "subject object access\n",
 * the labels starting with prefix. */
static void sm_make_ns(size_t n, const char *access, const char *prefix)
{
	size_t side = 1, off = 0;

	while (side * side < n)
		side++;
	free(sm_text);
	sm_text = malloc(n * 64 + 1);
	for (size_t i = 0; i < n; i++)
		off += (size_t)sprintf(sm_text + off, "%s-s%04zu %s-o%04zu %s\n", prefix, i / side,
				       prefix, i % side, access);
	sm_len = off;
	sm_rules = n;
}

void sm_make(size_t n, const char *access)
{
	sm_make_ns(n, access, "bench");
}

static long sm_lib(void)
{
	struct lsmc_ctx *ctx;
	struct lsmc_result res = {.sz = sizeof(res)};
	int r;

	if ((r = lsmc_new(&ctx)) < 0)
		return r;
	r = lsmc_smack_load(ctx, sm_rs, NULL, &res);
	if (r < 0)
		lib_error(ctx, "lsmc_smack_load", r);
	else if (res.items != sm_rules)
		error("lsmc_smack_load: %u rules, want %zu", res.items, sm_rules);
	lsmc_unref(ctx);
	return r < 0 ? r : (long)res.kernel_calls;
}

/* The rule text parsed too: what a caller holding text pays. */
static long sm_lib_parse(void)
{
	struct lsmc_smack_ruleset *rs;
	struct lsmc_smack_ruleset *saved = sm_rs;
	long calls;
	int r;

	if ((r = lsmc_smack_ruleset_new(&rs)) < 0)
		return r;
	r = lsmc_smack_ruleset_parse(rs, sm_text, sm_len, "bench");
	if (r < 0) {
		error("lsmc_smack_ruleset_parse: %s", lsmc_smack_ruleset_error(rs));
		lsmc_smack_ruleset_free(rs);
		return r;
	}
	sm_rs = rs;
	calls = sm_lib();
	sm_rs = saved;
	lsmc_smack_ruleset_free(rs);
	return calls;
}

static long sm_raw_each(void)
{
	int fd = open(SMACK_LOAD2, O_WRONLY | O_CLOEXEC);
	long calls = 0;

	if (fd < 0)
		return -errno;
	for (size_t off = 0; off < sm_len;) {
		const char *nl = memchr(sm_text + off, '\n', sm_len - off);
		size_t len = (size_t)(nl - (sm_text + off)) + 1;
		ssize_t n = write(fd, sm_text + off, len);
		calls++;
		if (n != (ssize_t)len) {
			error("smack raw-each: write returned %zd (%s)", n, strerror(errno));
			break;
		}
		off += len;
	}
	close(fd);
	return calls;
}

/* Windows of at most PAGE_SIZE-1 bytes ending at a newline; continue from
 * what the kernel took. */
long sm_raw_page(void)
{
	int fd = open(SMACK_LOAD2, O_WRONLY | O_CLOEXEC);
	size_t max = (size_t)sysconf(_SC_PAGESIZE) - 1;
	long calls = 0;

	if (fd < 0)
		return -errno;
	for (size_t off = 0; off < sm_len;) {
		size_t len = sm_len - off;
		ssize_t n;
		if (len > max) {
			len = max;
			while (len > 0 && sm_text[off + len - 1] != '\n')
				len--;
		}
		n = write(fd, sm_text + off, len);
		calls++;
		if (n <= 0) {
			error("smack raw-page: write returned %zd (%s)", n, strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	close(fd);
	return calls;
}

/* What the library reads before it loads, to roll back a failure: the
 * whole load2 listing. */
static long sm_read_load2(void)
{
	size_t len;
	char *t = slurp(SMACK_LOAD2, &len);

	if (!t)
		return -EIO;
	free(t);
	return 0;
}

static long sm_lsmctl(void)
{
	char *a[] = {lsmctl_path, "load", "smack", (char *)sm_file, NULL};
	if (run(a) != 0)
		error("lsmctl load smack failed");
	return -1;
}

static int bench_smack(int rounds, size_t nrules)
{
	static const struct method methods[] = {
		{"lib", "liblsmconfig: lsmc_smack_load() of a parsed rule set", sm_lib},
		{"raw-page", "floor: load2 opened once, page-sized windows ending at a newline",
		 sm_raw_page},
		{"raw-each", "load2 opened once, one write() per rule", sm_raw_each},
		{"lib-parse", "liblsmconfig: lsmc_smack_ruleset_parse() + lsmc_smack_load()",
		 sm_lib_parse},
		{"read-load2", "reading load2 back (what lsmc_smack_load reads first)",
		 sm_read_load2},
		{"lsmctl", "lsmctl load smack FILE (one process)", sm_lsmctl, false, true},
	};
	size_t nm = sizeof(methods) / sizeof(methods[0]);
	int r, fd;

	lsmctl_path = which("lsmctl");
	for (size_t m = 0; m < nm; m++)
		describe("smack", methods[m].name, methods[m].what);
	sm_make(nrules, "rwxa");
	printf("INFO,smack,rules,%zu\nINFO,smack,bytes,%zu\n", sm_rules, sm_len);
	if ((r = lsmc_smack_ruleset_new(&sm_rs)) < 0 ||
	    (r = lsmc_smack_ruleset_parse(sm_rs, sm_text, sm_len, "bench")) < 0) {
		error("smack: the generated rules do not parse: %s",
		      lsmc_smack_ruleset_error(sm_rs));
		return 1;
	}
	fd = open(sm_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, sm_text, sm_len) != (ssize_t)sm_len) {
		error("smack: cannot write %s", sm_file);
		return 1;
	}
	close(fd);
	/* Smack never deletes a rule: the first load creates the labels and
	 * rules, every later one rewrites them. Create them untimed. */
	sm_raw_page();
	for (int round = 0; round < rounds; round++) {
		for (size_t k = 0; k < nm; k++) {
			const struct method *m = &methods[(k + (size_t)round) % nm];
			uint64_t t0, t1;
			long calls;

			if (m->needs_lsmctl && !lsmctl_path)
				continue;
			t0 = now_ns();
			calls = m->fn();
			t1 = now_ns();
			if (calls < -1) {
				error("smack %s: %s", m->name, strerror((int)-calls));
				continue;
			}
			report("smack", m->name, round, t1 - t0, calls,
			       m->fn == sm_read_load2 ? 0 : (long)sm_rules);
		}
	}
	lsmc_smack_ruleset_free(sm_rs);
	return errors ? 1 : 0;
}

/*
 * The boot case, one sample per boot: loads into a kernel that has no
 * Smack rule yet. "lib-boot" runs first, while the load2 listing the
 * library reads for its rollback snapshot is still empty. The floors run
 * after it, each with labels of its own that no rule names yet: Smack
 * keeps rules in a list per subject label, so for a new subject the
 * kernel's work is that of an empty rule list, whatever other subjects
 * hold; the floors do not read the listing.
 */
static int bench_smack_boot(int boot, size_t nrules)
{
	static const struct {
		const char *name, *what, *prefix;
		long (*fn)(void);
	} methods[] = {
		{"lib-boot", "boot: lsmc_smack_load() into an empty rule list (first in the boot)",
		 "boot-a", sm_lib},
		{"raw-page-boot", "boot floor: page-sized windows, labels no rule names yet",
		 "boot-b", sm_raw_page},
		{"raw-each-boot", "boot: one write() per rule, labels no rule names yet", "boot-c",
		 sm_raw_each},
		{"read-load2-boot",
		 "boot: reading load2 back before any rule (the snapshot's read)", "",
		 sm_read_load2},
	};
	size_t nm = sizeof(methods) / sizeof(methods[0]);
	size_t listed;
	char *t = slurp(SMACK_LOAD2, &listed);

	free(t);
	if (listed != 0)
		error("smack-boot: load2 already lists %zu bytes of rules", listed);
	for (size_t m = 0; m < nm; m++)
		describe("smack", methods[m].name, methods[m].what);
	/* read-load2-boot, then lib-boot, then the floors: both reads must
	 * find the listing empty. */
	for (size_t k = 0; k < nm; k++) {
		size_t m = (k + nm - 1) % nm;
		struct lsmc_smack_ruleset *rs = NULL;
		uint64_t t0, t1;
		long calls;
		int r;

		if (methods[m].fn != sm_read_load2) {
			sm_make_ns(nrules, "rwxa", methods[m].prefix);
			if ((r = lsmc_smack_ruleset_new(&rs)) < 0 ||
			    (r = lsmc_smack_ruleset_parse(rs, sm_text, sm_len, "bench")) < 0) {
				error("smack-boot: the generated rules do not parse");
				return 1;
			}
			sm_rs = rs;
		}
		t0 = now_ns();
		calls = methods[m].fn();
		t1 = now_ns();
		if (calls < -1)
			error("smack %s: %s", methods[m].name, strerror((int)-calls));
		else
			report("smack", methods[m].name, boot, t1 - t0, calls,
			       methods[m].fn == sm_read_load2 ? 0 : (long)sm_rules);
		lsmc_smack_ruleset_free(rs);
		sm_rs = NULL;
	}
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "apparmor") == 0)
		return bench_apparmor(atoi(argv[2]), atoi(argv[3]), argv[4],
				      argc >= 6 ? argv[5] : "apparmor", argc >= 7 ? argv[6] : NULL);
	if (argc >= 4 && strcmp(argv[1], "selinux") == 0)
		return bench_selinux(atoi(argv[2]), argv[3]);
	if (argc >= 4 && strcmp(argv[1], "smack") == 0)
		return bench_smack(atoi(argv[2]), (size_t)strtoul(argv[3], NULL, 10));
	if (argc >= 4 && strcmp(argv[1], "smack-boot") == 0)
		return bench_smack_boot(atoi(argv[2]), (size_t)strtoul(argv[3], NULL, 10));
	if (argc >= 2 && strcmp(argv[1], "pair") == 0)
		return bench_pair(argc - 2, argv + 2);
	fprintf(stderr, "usage: lsmc-bench apparmor ROUNDS CLI_ROUNDS LISTFILE [TAG [METHOD,...]]\n"
			"       lsmc-bench selinux ROUNDS POLICY\n"
			"       lsmc-bench smack ROUNDS NRULES\n"
			"       lsmc-bench smack-boot BOOT NRULES\n"
			"       lsmc-bench pair NR LOAD REPLACE LSM ROUNDS INPUT\n");
	return 2;
}

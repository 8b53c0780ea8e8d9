/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Input files are opened first and judged by fstat() of what was opened,
 * never by stat() of a path that may be swapped before the open. The
 * library's calls to stat() go through a wrapper here (-Wl,--wrap=stat)
 * that records them, so a path looked up before it is opened is caught.
 * A FIFO or a directory given as a file is refused without blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static char tmpdir[] = "/tmp/lsmc-test-file-XXXXXX";
static char stat_seen[4096]; /* the last path the library gave stat() */
static unsigned stat_calls;

/* With 64-bit file offsets the library's stat() calls are stat64(). */
int __real_stat(const char *path, struct stat *st);
int __wrap_stat(const char *path, struct stat *st);
int __real_stat64(const char *path, struct stat *st);
int __wrap_stat64(const char *path, struct stat *st);

int __wrap_stat(const char *path, struct stat *st)
{
	stat_calls++;
	snprintf(stat_seen, sizeof(stat_seen), "%s", path);
	return __real_stat(path, st);
}

int __wrap_stat64(const char *path, struct stat *st)
{
	stat_calls++;
	snprintf(stat_seen, sizeof(stat_seen), "%s", path);
	return __real_stat64(path, st);
}

static int make_tmpdir(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static const char *write_file(const char *name, const void *data, size_t len)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static void reset_stat(void)
{
	stat_calls = 0;
	stat_seen[0] = '\0';
}

/* A blocking open would hang the test: the alarm turns that into a failure. */
static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "test-file: an input file open blocked\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(1);
}

static void test_regular_files_are_not_stat_first(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_load_opts dry = {.sz = sizeof(dry), .dry_run = true};
	struct lsmc_smack_ruleset *rs;
	const char *smack = write_file("rules", "A B r\n", 6);
	char aa[256];
	size_t len;
	uint8_t *blob;
	const char *paths[1];

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	reset_stat();
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, smack), 0);
	assert_int_equal(stat_calls, 0);
	lsmc_smack_ruleset_free(rs);

	blob = model_aa_blob(NULL, (const char *const[]){"one"}, 1, 7, 0, &len);
	snprintf(aa, sizeof(aa), "%s", write_file("one.bin", blob, len));
	free(blob);
	paths[0] = aa;
	reset_stat();
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 1, &dry, NULL), 0);
	assert_string_not_equal(stat_seen, aa);

	reset_stat();
	assert_int_equal(
		lsmc_selinux_load_file(f->ctx, TEST_DATA_DIR "/selinux-minimal.33", &dry, NULL), 0);
	assert_int_equal(stat_calls, 0);
	fixture_free(f);
}

static void test_fifo_and_directory_refused_without_blocking(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_smack_ruleset *rs;
	const char *fifo = path_of("fifo");
	char fifo_path[256];
	const char *paths[1];

	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(fifo_path, sizeof(fifo_path), "%s", fifo);
	paths[0] = fifo_path;
	signal(SIGALRM, on_alarm);
	alarm(10);

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, fifo_path), -EINVAL);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), "not a regular file"));
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, tmpdir), -EISDIR);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), "a directory"));
	lsmc_smack_ruleset_free(rs);

	assert_int_equal(lsmc_selinux_load_file(f->ctx, fifo_path, NULL, NULL), -EINVAL);
	assert_non_null(strstr(last_error(f->ctx).message, "not a regular file"));
	assert_int_equal(lsmc_selinux_load_file(f->ctx, tmpdir, NULL, NULL), -EISDIR);

	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 1, NULL, NULL), -EINVAL);
	assert_non_null(strstr(last_error(f->ctx).message, "not a regular file"));
	alarm(0);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regular_files_are_not_stat_first),
		cmocka_unit_test(test_fifo_and_directory_refused_without_blocking),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

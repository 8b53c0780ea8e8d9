/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * LD_PRELOAD shim for the live tests: makes the N-th write() to a file whose
 * path ends in "/load2" fail with ENOMEM, N taken from LSMC_FAIL_WRITE
 * (1 = the first). LSMC_FAIL_FILE names another smackfs file instead
 * ("load-self2"). Every other write, and every later one to that file,
 * goes to the kernel unchanged. Each failed write is reported on stderr,
 * so a test can tell that the failure was injected; with LSMC_WRITE_LOG
 * set, every write to the file that reached the kernel is appended to
 * that log, so a test can see what a rollback sent.
 *
 *   LD_PRELOAD=/test/failwrite.so LSMC_FAIL_WRITE=3 lsmctl load smack big.rules
 *
 * LSMC_STOP_WRITE=N stops the process (SIGSTOP) just before the N-th write
 * to that file, after reporting it on stderr, so a test can look at a
 * loader between two Smack windows, run another loader meanwhile, and then
 * continue it (SIGCONT) or kill it (SIGKILL). Both may be given; they count
 * the same writes.
 *
 * LSMC_FAIL_MKDIR=N does the same to the N-th mkdirat() (any path), for an
 * AppArmor namespace creation that fails after its parents were made:
 *
 *   LD_PRELOAD=/test/failwrite.so LSMC_FAIL_MKDIR=2 lsmctl ns create a//b
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long seen;

static const char *target(void)
{
	const char *f = getenv("LSMC_FAIL_FILE");

	return f && *f ? f : "load2";
}

static int is_target(int fd, const char *name)
{
	char link[64], path[4096];
	size_t nlen = strlen(name);
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < (ssize_t)nlen + 1)
		return 0;
	path[n] = '\0';
	return path[n - nlen - 1] == '/' && strcmp(path + n - nlen, name) == 0;
}

static void log_write(const void *buf, size_t len)
{
	const char *log = getenv("LSMC_WRITE_LOG");
	int fd;

	if (!log || !*log)
		return;
	fd = (int)syscall(SYS_openat, AT_FDCWD, log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			  0600);
	if (fd < 0)
		return;
	syscall(SYS_write, fd, buf, len);
	syscall(SYS_close, fd);
}

/* exported whatever -fvisibility the project builds with */
__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf, size_t len)
{
	const char *env = getenv("LSMC_FAIL_WRITE"), *stop = getenv("LSMC_STOP_WRITE");
	unsigned long fail_at = env ? strtoul(env, NULL, 10) : 0;
	unsigned long stop_at = stop ? strtoul(stop, NULL, 10) : 0;
	const char *name = target();
	bool counted = (fail_at || stop_at) && is_target(fd, name) && ++seen;
	ssize_t r;

	if (counted && seen == stop_at) {
		char msg[160];
		int k = snprintf(msg, sizeof(msg),
				 "failwrite: pid %d stops before write %lu to %s\n", (int)getpid(),
				 seen, name);
		if (k > 0)
			syscall(SYS_write, 2, msg, (size_t)k);
		kill(getpid(), SIGSTOP);
	}
	if (counted && seen == fail_at) {
		char msg[160];
		int k = snprintf(msg, sizeof(msg),
				 "failwrite: write %lu to %s (%zu bytes) fails with ENOMEM\n", seen,
				 name, len);
		if (k > 0)
			syscall(SYS_write, 2, msg, (size_t)k);
		errno = ENOMEM;
		return -1;
	}
	r = syscall(SYS_write, fd, buf, len);
	if (r > 0 && is_target(fd, name))
		log_write(buf, (size_t)r);
	return r;
}

static unsigned long mkdirs_seen;

__attribute__((visibility("default"))) int mkdirat(int dirfd, const char *path, mode_t mode)
{
	const char *env = getenv("LSMC_FAIL_MKDIR");
	unsigned long fail_at = env ? strtoul(env, NULL, 10) : 0;

	if (fail_at && ++mkdirs_seen == fail_at) {
		char msg[4200];
		int k = snprintf(msg, sizeof(msg),
				 "failwrite: mkdirat %lu (%s) fails with ENOMEM\n", mkdirs_seen,
				 path);
		if (k > 0)
			syscall(SYS_write, 2, msg,
				(size_t)k < sizeof(msg) ? (size_t)k : sizeof(msg) - 1);
		errno = ENOMEM;
		return -1;
	}
	return (int)syscall(SYS_mkdirat, dirfd, path, mode);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * LD_PRELOAD shim for the live tests: makes the N-th write() to a file whose
 * path ends in "/load2" fail with ENOMEM, N taken from LSMC_FAIL_WRITE
 * (1 = the first). Every other write, and every later one to load2, goes
 * to the kernel unchanged. Each failed write is reported on stderr, so a
 * test can tell that the failure was injected.
 *
 *   LD_PRELOAD=/test/failwrite.so LSMC_FAIL_WRITE=3 lsmctl load smack big.rules
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long seen;

static int is_load2(int fd)
{
	static const char suffix[] = "/load2";
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < (ssize_t)(sizeof(suffix) - 1))
		return 0;
	path[n] = '\0';
	return strcmp(path + n - (sizeof(suffix) - 1), suffix) == 0;
}

/* exported whatever -fvisibility the project builds with */
__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf, size_t len)
{
	const char *env = getenv("LSMC_FAIL_WRITE");
	unsigned long fail_at = env ? strtoul(env, NULL, 10) : 0;

	if (fail_at && is_load2(fd) && ++seen == fail_at) {
		char msg[128];
		int k = snprintf(msg, sizeof(msg),
				 "failwrite: write %lu to load2 (%zu bytes) fails with ENOMEM\n",
				 seen, len);
		if (k > 0)
			syscall(SYS_write, 2, msg, (size_t)k);
		errno = ENOMEM;
		return -1;
	}
	return syscall(SYS_write, fd, buf, len);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * LD_PRELOAD shim for the live fault-injection tests: arms the kernel's
 * fail-nth for the loading task, so that the N-th fault site the kernel
 * passes for it (a slab or page allocation, a user copy: failslab,
 * fail_page_alloc, fail_usercopy) fails, N taken from LSMC_FAIL_NTH.
 *
 *   LD_PRELOAD=/test/failnth.so LSMC_FAIL_NTH=7 LSMC_FAIL_NTH_PREFIX=/sys/fs/smackfs/ \
 *       LSMC_FAIL_NTH_OUT=/tmp/nth lsmctl load smack rules
 *
 * fail-nth counts from the write that sets it and is kept across execve(),
 * so a wrapper that set it and then executed lsmctl would spend N on the
 * exec and the dynamic loader. This shim arms it instead just before the
 * first write() to a file whose path starts with LSMC_FAIL_NTH_PREFIX, or
 * the first syscall() numbered LSMC_FAIL_NTH_SYSCALL: the faults land in the
 * load path, from its first kernel call on (the rollback's too; fail-nth
 * fails one site only, so whatever follows the fault runs clean).
 *
 * When the process exits (exit(), return from main), the shim reads fail-nth
 * back through the descriptor it opened before arming (an open afterwards
 * would itself pass fault sites), disarms it and writes one line to
 * LSMC_FAIL_NTH_OUT: "armed=N injected=1" when the fault fired,
 * "armed=N injected=0 left=K" when it did not (N - K sites passed), or
 * "armed=0" when the process made no such call. A process killed by a
 * signal writes nothing.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long armed_n;
static int nth_fd = -1, out_fd = -1;
static bool armed;

static bool path_matches(int fd)
{
	const char *prefix = getenv("LSMC_FAIL_NTH_PREFIX");
	char link[64], path[4096];
	ssize_t n;

	if (!prefix || !*prefix)
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	return strncmp(path, prefix, strlen(prefix)) == 0;
}

static void arm(void)
{
	const char *nth = getenv("LSMC_FAIL_NTH"), *out = getenv("LSMC_FAIL_NTH_OUT");
	char buf[32];
	int k;

	armed = true;
	if (!nth || !*nth)
		return;
	armed_n = strtoul(nth, NULL, 10);
	if (out && *out)
		out_fd = (int)syscall(SYS_openat, AT_FDCWD, out,
				      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	nth_fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/thread-self/fail-nth",
			      O_RDWR | O_CLOEXEC);
	if (nth_fd < 0) {
		fprintf(stderr, "failnth: cannot open /proc/thread-self/fail-nth: %s\n",
			strerror(errno));
		_exit(125);
	}
	k = snprintf(buf, sizeof(buf), "%lu", armed_n);
	/* the last call of the shim before the load's own */
	if (syscall(SYS_write, nth_fd, buf, (size_t)k) != k) {
		fprintf(stderr, "failnth: cannot arm fail-nth: %s\n", strerror(errno));
		_exit(125);
	}
}

__attribute__((destructor)) static void report(void)
{
	char buf[96];
	long n;
	int k;

	if (nth_fd < 0) {
		if (out_fd < 0 && !armed) {
			const char *out = getenv("LSMC_FAIL_NTH_OUT");
			if (out && *out)
				out_fd = (int)syscall(SYS_openat, AT_FDCWD, out,
						      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
						      0600);
		}
		if (out_fd >= 0) {
			syscall(SYS_write, out_fd, "armed=0\n", (size_t)8);
			syscall(SYS_close, out_fd);
		}
		return;
	}
	/*
	 * The kernel formats the count before copying it out; when the count is
	 * 1 the copy itself is the site that fails (EFAULT): not injected
	 * during the load, one site left.
	 */
	n = syscall(SYS_pread64, nth_fd, buf, sizeof(buf) - 1, 0);
	if (n < 0 && errno == EFAULT) {
		strcpy(buf, "1");
	} else if (n <= 0) {
		snprintf(buf, sizeof(buf), "?");
	} else {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
	}
	/* disarm; a write that meets the last site fails but leaves it 0 too */
	syscall(SYS_write, nth_fd, "0", (size_t)1);
	if (out_fd >= 0) {
		char line[160];

		if (strcmp(buf, "0") == 0)
			k = snprintf(line, sizeof(line), "armed=%lu injected=1\n", armed_n);
		else
			k = snprintf(line, sizeof(line), "armed=%lu injected=0 left=%s\n", armed_n,
				     buf);
		if (k > 0)
			syscall(SYS_write, out_fd, line, (size_t)k);
		syscall(SYS_close, out_fd);
	}
	syscall(SYS_close, nth_fd);
}

/* exported whatever -fvisibility the project builds with */
__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf, size_t len)
{
	if (!armed && path_matches(fd))
		arm();
	return syscall(SYS_write, fd, buf, len);
}

__attribute__((visibility("default"))) long syscall(long nr, ...)
{
	static long (*next)(long, ...);
	const char *want = getenv("LSMC_FAIL_NTH_SYSCALL");
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!next)
		next = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (!armed && want && *want && nr == strtol(want, NULL, 10))
		arm();
	return next(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

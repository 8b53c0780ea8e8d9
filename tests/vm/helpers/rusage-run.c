/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Runs a command and prints what it cost by the kernel's account, for the
 * limits benchmark (bench/limits-guest.sh), where /usr/bin/time is absent:
 *
 *   RUN status=S ns=N maxrss_kib=K user_us=U sys_us=Y minflt=F
 *
 * on stderr after the command's own output. ns is CLOCK_MONOTONIC around
 * fork() and wait4(); maxrss_kib is the child's peak resident set
 * (ru_maxrss, the kernel's hiwater_rss, what /proc/PID/status calls VmHWM).
 * The exit status is the command's (128+signal when killed).
 *
 * usage: rusage-run CMD [ARGS...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0, t1;
	int st, code;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: rusage-run CMD [ARGS...]\n");
		return 2;
	}
	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	t1 = now_ns();
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	fprintf(stderr,
		"RUN status=%d ns=%lld maxrss_kib=%ld user_us=%lld sys_us=%lld minflt=%ld\n", code,
		t1 - t0, ru.ru_maxrss,
		(long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
		(long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_minflt);
	return code;
}

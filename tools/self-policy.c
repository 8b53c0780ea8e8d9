/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl load apparmor --self FILE.bin -- COMMAND: the part that outlives COMMAND. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lsmctl.h"

bool lsmctl_is_apparmor_policy(const char *path)
{
	/* Every apparmor_parser blob opens with the tagged name "version". */
	static const char head[] = "\x04\x08\x00version";
	char buf[sizeof(head)];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == (ssize_t)sizeof(buf) && memcmp(buf, head, sizeof(buf)) == 0;
}

struct find {
	const char *name;
	bool found;
};

static int match(const char *name, void *arg)
{
	struct find *f = arg;

	f->found = f->found || strcmp(name, f->name) == 0;
	return 0;
}

int lsmctl_wait_self_policy(struct lsmc_ctx *ctx, pid_t pid)
{
	/* Like system(3): a terminal's interrupt is for the command. */
	void (*old_int)(int) = signal(SIGINT, SIG_IGN);
	void (*old_quit)(int) = signal(SIGQUIT, SIG_IGN);
	char ns[64];
	struct find f = {.name = ns};
	int status = 0, r;
	pid_t w;

	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR);
	signal(SIGINT, old_int);
	signal(SIGQUIT, old_quit);
	r = w < 0 ? EXIT_ERROR : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	/* The name lsmc_apparmor_load(3) gives the namespace of a self load
	 * on kernels that cannot make one for the task themselves. */
	snprintf(ns, sizeof(ns), "lsmc-self.%d", (int)pid);
	if (lsmc_apparmor_ns_list(ctx, NULL, match, &f) < 0 || !f.found)
		return r;
	int rr = lsmc_apparmor_ns_remove(ctx, ns);
	if (rr < 0) {
		lsmctl_print_error(ctx, "removing the AppArmor namespace of the command", rr);
		return r ? r : EXIT_ERROR;
	}
	return r;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl load ... --self ... -- COMMAND: the part that outlives COMMAND.
 * This process stays unconfined, as a child subreaper, so that every
 * process COMMAND starts (daemons included) is its descendant; once the
 * last of them has ended, the policy namespace that confined them can go
 * without sending anyone back to unconfined.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aa-source.h"
#include "lsmctl.h"

bool lsmctl_is_apparmor_policy(const char *path)
{
	return aa_is_compiled(path);
}

static volatile sig_atomic_t child_pid;

/* A stop request for the wrapper is one for the command. */
static void forward(int sig)
{
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
}

int lsmctl_self_fork(struct lsmctl_self *s)
{
	int p[2];

	s->report_fd = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		int e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	fflush(stdout);
	fflush(stderr);
	s->pid = fork();
	if (s->pid < 0) {
		int e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	if (s->pid == 0) {
		close(p[0]);
		s->report_fd = p[1];
		/* The subreaper is the parent's role; the command's own
		 * children are not this process's to collect. */
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
		return 0;
	}
	close(p[1]);
	s->report_fd = p[0];
	return 0;
}

void lsmctl_self_report(struct lsmctl_self *s, const struct lsmc_result *res)
{
	char line[128];
	int n;

	if (s->report_fd < 0)
		return;
	/* Only a namespace the library made is this process tree's to remove;
	 * one the kernel made, the kernel removes. */
	if (res->backend == LSMC_BACKEND_FS && res->ns) {
		n = snprintf(line, sizeof(line), "%s\n", res->ns);
		if (n > 0 && (size_t)n < sizeof(line) && write(s->report_fd, line, (size_t)n) < 0)
			fprintf(stderr, "lsmctl load: telling the wrapper the namespace: %s\n",
				strerror(errno));
	}
	close(s->report_fd);
	s->report_fd = -1;
}

static void read_ns(int fd, char *ns, size_t len)
{
	size_t n = 0;
	ssize_t r;

	do {
		r = read(fd, ns + n, len - 1 - n);
		if (r > 0)
			n += (size_t)r;
	} while ((r > 0 && n < len - 1) || (r < 0 && errno == EINTR));
	ns[n] = '\0';
	ns[strcspn(ns, "\n")] = '\0';
	close(fd);
}

int lsmctl_self_wait(struct lsmc_ctx *ctx, struct lsmctl_self *s)
{
	/* Like system(3): a terminal's interrupt is for the command. */
	struct sigaction ign = {.sa_handler = SIG_IGN}, fwd = {.sa_handler = forward};
	struct sigaction old_int, old_quit, old_term, old_hup;
	char ns[128];
	int status = 0, r, other;
	pid_t w;

	child_pid = s->pid;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGTERM, &fwd, &old_term);
	sigaction(SIGHUP, &fwd, &old_hup);
	/* The child says which namespace it made before it runs COMMAND. */
	read_ns(s->report_fd, ns, sizeof(ns));
	do
		w = waitpid(s->pid, &status, 0);
	while (w < 0 && errno == EINTR);
	r = w < 0 ? EXIT_ERROR : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	child_pid = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);

	if (*ns) {
		/* Orphans of COMMAND come here: the namespace confines them
		 * for as long as any of them lives. */
		other = 0;
		for (;;) {
			w = waitpid(-1, NULL, 0);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				break;
			other++;
		}
		if (other)
			lsmctl_note("apparmor: %d process(es) COMMAND started ended after it",
				    other);
		int rr = lsmc_apparmor_ns_remove(ctx, ns);
		if (rr < 0) {
			lsmctl_print_error(ctx, "removing the AppArmor namespace of the command",
					   rr);
			r = r ? r : EXIT_ERROR;
		} else {
			lsmctl_note("apparmor: removed policy namespace %s", ns);
		}
	}
	return r;
}

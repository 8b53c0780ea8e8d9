/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Removing the policy namespaces self loads left behind. Removing one sends
 * every task its profiles confine back to unconfined, so one goes only when
 * no task anywhere runs under it, which only a process that sees every task
 * can know: one in the initial PID namespace, reading each thread's label.
 * A namespace still being set up is locked by its maker (apparmor-self.c)
 * and kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "lsm/apparmor-label.h"
#include "lsm/apparmor-ns.h"
#include "lsm/apparmor-self.h"

/* The initial PID namespace's inode number (PROC_PID_INIT_INO, stable ABI). */
#define PIDNS_INIT_INO 0xEFFFFFFCu
#define MAX_CANDIDATES 1024

struct candidate {
	char name[64];
	int lockfd; /* -1: not ours to take (being set up) */
	bool in_use;
};

struct prune {
	struct lsmc_ctx *ctx;
	struct candidate *c;
	size_t n;
	int error; /* a label that could not be read: nothing is removed */
	char unread[64];
};

static int collect(const char *name, void *arg)
{
	struct prune *p = arg;

	if (strncmp(name, LSMC_SELF_NS_PREFIX, strlen(LSMC_SELF_NS_PREFIX)) != 0 ||
	    strlen(name) >= sizeof(p->c[0].name))
		return 0;
	if (p->n == MAX_CANDIDATES)
		return 0; /* the rest waits for the next prune */
	snprintf(p->c[p->n].name, sizeof(p->c[0].name), "%s", name);
	p->c[p->n].lockfd = -1;
	p->c[p->n].in_use = false;
	p->n++;
	return 0;
}

static bool is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* One thread's label against every candidate. */
static void check_label(struct prune *p, const char *dir)
{
	char path[128], label[LSMC_AA_LABEL_MAX];
	int r = -ENOENT;

	for (int i = 0; i < 2 && r == -ENOENT; i++) {
		snprintf(path, sizeof(path), "%s/attr/%scurrent", dir, i ? "" : "apparmor/");
		r = lsmc_aa_read_label_file(p->ctx, path, label, sizeof(label));
	}
	if (r == -ENOENT || r == -ESRCH)
		return; /* it has ended */
	if (r < 0) {
		p->error = r;
		snprintf(p->unread, sizeof(p->unread), "%s", dir);
		return;
	}
	for (size_t i = 0; i < p->n; i++)
		p->c[i].in_use = p->c[i].in_use || lsmc_aa_label_mentions_ns(label, p->c[i].name);
}

/* Numeric entries of a /proc directory, collected first: the seam's
 * listing may not be re-entered from its callback. */
struct ids {
	char (*v)[16];
	size_t n, cap;
};

static int collect_id(const char *name, void *arg)
{
	struct ids *ids = arg;

	if (!is_pid(name) || strlen(name) >= sizeof(ids->v[0]))
		return 0;
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? 2 * ids->cap : 256;
		void *v = realloc(ids->v, cap * sizeof(ids->v[0]));
		if (!v)
			return -ENOMEM;
		ids->v = v;
		ids->cap = cap;
	}
	snprintf(ids->v[ids->n++], sizeof(ids->v[0]), "%s", name);
	return 0;
}

static int list_ids(struct prune *p, const char *dir, struct ids *ids)
{
	ids->n = 0;
	return p->ctx->sys.listdir(p->ctx->sys.data, AT_FDCWD, dir, collect_id, ids);
}

/* Every thread of every process: labels are per thread, and a thread may
 * have confined itself alone. */
static int scan_tasks(struct prune *p)
{
	struct ids pids = {0}, tids = {0};
	char dir[64];
	int r = list_ids(p, "/proc", &pids);

	for (size_t i = 0; r >= 0 && i < pids.n; i++) {
		snprintf(dir, sizeof(dir), "/proc/%s/task", pids.v[i]);
		r = list_ids(p, dir, &tids);
		if (r == -ENOENT || r == -ESRCH) {
			r = 0; /* it has ended */
			continue;
		}
		if (r < 0 && r != -ENOMEM) {
			p->error = r;
			snprintf(p->unread, sizeof(p->unread), "%s", dir);
			r = 0;
			continue;
		}
		for (size_t j = 0; r >= 0 && j < tids.n; j++) {
			snprintf(dir, sizeof(dir), "/proc/%s/task/%s", pids.v[i], tids.v[j]);
			check_label(p, dir);
		}
	}
	free(pids.v);
	free(tids.v);
	return r;
}

/* Only a task of the initial PID namespace, with its /proc, sees them all. */
static int sees_every_task(struct lsmc_ctx *ctx)
{
	struct stat st;
	int r = ctx->sys.fstatat(ctx->sys.data, AT_FDCWD, "/proc/self/ns/pid", &st, 0);

	if (r == 0 && st.st_ino == PIDNS_INIT_INO)
		return 0;
	return lsmc_aa_fail(
		ctx, r < 0 ? r : -EPERM, "/proc/self/ns/pid",
		r < 0 ? "mount proc on /proc" : "run it on the host, outside any PID namespace",
		r < 0 ? "cannot tell which tasks run under the namespaces: /proc is not usable"
		      : "this process runs in a PID namespace of its own and cannot see every "
			"task a namespace may confine: none is removed");
}

LSMC_EXPORT int lsmc_apparmor_self_prune(struct lsmc_ctx *ctx)
{
	struct prune p = {.ctx = ctx};
	int r, removed = 0;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	if (ctx->backend == LSMC_BACKEND_SYSCALL)
		return lsmc_aa_fail(ctx, -EOPNOTSUPP, lsmc_syscall_name(ctx, LSMC_SCOPE_SYSTEM),
				    "use --backend fs (or auto): namespaces live in apparmorfs",
				    "self-load namespaces are pruned through apparmorfs");
	p.c = calloc(MAX_CANDIDATES, sizeof(*p.c));
	if (!p.c)
		return -ENOMEM;
	r = sees_every_task(ctx);
	if (r >= 0)
		r = lsmc_apparmor_ns_list(ctx, NULL, collect, &p);
	/* Lock first, then look: a namespace locked later was made later and
	 * has a maker that is alive. */
	for (size_t i = 0; r >= 0 && i < p.n; i++) {
		char rel[PATH_MAX];
		int fd;

		snprintf(rel, sizeof(rel), "apparmor/policy/namespaces/%s", p.c[i].name);
		fd = lsmc_fs_open_file(ctx, SLOT_APPARMOR, rel, O_RDONLY | O_DIRECTORY);
		lsmc_clear_error(ctx);
		if (fd < 0)
			continue; /* gone meanwhile */
		if (ctx->sys.flock(ctx->sys.data, fd, LOCK_EX | LOCK_NB) < 0) {
			ctx->sys.close(ctx->sys.data, fd);
			info(ctx, "apparmor: %s is being set up; kept", p.c[i].name);
			continue;
		}
		p.c[i].lockfd = fd;
	}
	if (r >= 0 && p.n) {
		r = scan_tasks(&p);
		if (r < 0 && r != -ENOMEM)
			lsmc_aa_fail(ctx, r, "/proc", "mount proc on /proc",
				     "cannot list the tasks a namespace may confine");
	}
	if (r >= 0 && p.error) {
		char msg[256];
		snprintf(msg, sizeof(msg),
			 "cannot read the label of %s: none is removed, as any may confine it",
			 p.unread);
		r = lsmc_aa_fail(ctx, p.error, p.unread, "run it as root", msg);
	}
	for (size_t i = 0; i < p.n; i++) {
		if (p.c[i].lockfd < 0)
			continue;
		if (r >= 0 && !p.c[i].in_use) {
			int rr = lsmc_apparmor_ns_remove(ctx, p.c[i].name);
			if (rr < 0 && rr != -ENOENT)
				r = rr;
			else
				removed += rr == 0;
			if (rr == 0)
				info(ctx, "apparmor: removed %s: no task runs under it",
				     p.c[i].name);
		} else if (p.c[i].in_use) {
			dbg(ctx, "apparmor: %s still confines a task; kept", p.c[i].name);
		}
		ctx->sys.close(ctx->sys.data, p.c[i].lockfd);
	}
	free(p.c);
	return r < 0 ? r : removed;
}

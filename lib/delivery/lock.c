/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * One load at a time per LSM. Every loader of this library that changes
 * the system's policy takes an exclusive flock(2) on
 * /run/liblsmconfig/LSM.lock first and holds it to the end of the load:
 * a Smack rollback then restores what this loader changed and never undoes
 * what another loader set meanwhile, and a package's reload does not
 * interleave with the boot's.
 *
 * The directory and file are opened without following symbolic links and
 * checked (a directory of root's or the caller's, writable by no one else;
 * a regular file of root's or the caller's), so a planted link never makes
 * a loader create or lock a file elsewhere. The holder writes its pid and
 * command into the file once it holds the lock; a loader that waits in
 * vain names them. flock() locks go when their holder dies, so a killed
 * loader leaves no stale lock.
 *
 * Where /run cannot hold the file (no /run, a read-only one, a caller that
 * may not write there) the load goes on without the lock and says so:
 * such a caller is not one the kernel lets load system policy anyway, or
 * is alone in a container with its own /run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define LOCK_DIR	"run/liblsmconfig"
#define HOLDER_BYTES	64 /* the record a holder writes, always this long */
#define POLL_FIRST_MS	5
#define POLL_MAX_MS	100
#define TIMEOUT_DEFAULT (60 * 1000)

static const char *const lock_names[SLOT_COUNT] = {
	[SLOT_APPARMOR] = "apparmor.lock",
	[SLOT_SELINUX] = "selinux.lock",
	[SLOT_SMACK] = "smack.lock",
};

static const uint64_t slot_lsm[SLOT_COUNT] = {
	[SLOT_APPARMOR] = LSM_ID_APPARMOR,
	[SLOT_SELINUX] = LSM_ID_SELINUX,
	[SLOT_SMACK] = LSM_ID_SMACK,
};

int lsmc_lock_timeout_default(void)
{
	return TIMEOUT_DEFAULT;
}

void lsmc_lock_path(const struct lsmc_ctx *ctx, int slot, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s", ctx->root ? ctx->root : "", LOCK_DIR, lock_names[slot]);
}

static bool trusted_owner(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

static int refuse(struct lsmc_ctx *ctx, int slot, int kerr, const char *path, const char *why)
{
	struct lsmc_fail_info fi = {
		.error = -ENOLCK,
		.kernel_errno = kerr,
		.lsm = slot_lsm[slot],
		.interface = path,
		.hint = "remove what is there (as root: rm -rf /run/liblsmconfig); the next "
			"load makes the directory and file again",
	};

	return lsmc_fail(ctx, &fi, "the load lock cannot be trusted: %s", why);
}

/*
 * The directory: made 0755 if missing, opened without following a link,
 * and refused unless root or the caller owns it and no one else may write
 * to it. Returns its fd, -ENOLCK (refused, error set), or another negative
 * errno when there is nowhere to put it (no error set).
 */
static int open_dir(struct lsmc_ctx *ctx, int slot, char *path, size_t len)
{
	struct stat st;
	int runfd, dfd, r;

	snprintf(path, len, "%s/run", ctx->root ? ctx->root : "");
	runfd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (runfd < 0)
		return runfd;
	r = ctx->sys.mkdirat(ctx->sys.data, runfd, "liblsmconfig", 0755);
	snprintf(path, len, "%s/%s", ctx->root ? ctx->root : "", LOCK_DIR);
	if (r < 0 && r != -EEXIST)
		dbg(ctx, "lock: cannot make %s: %s", path, strerror(-r));
	dfd = ctx->sys.openat(ctx->sys.data, runfd, "liblsmconfig",
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
	ctx->sys.close(ctx->sys.data, runfd);
	if (dfd == -ELOOP || dfd == -ENOTDIR)
		return refuse(ctx, slot, -dfd, path, "it is not a directory (a symbolic link?)");
	if (dfd < 0)
		return dfd;
	r = ctx->sys.fstatat(ctx->sys.data, dfd, "", &st, AT_EMPTY_PATH);
	if (r == 0 && (!S_ISDIR(st.st_mode) || !trusted_owner(&st) || (st.st_mode & 022))) {
		char why[160];

		snprintf(why, sizeof(why),
			 "the directory belongs to uid %u with mode %04o; it must be root's "
			 "(or the caller's) and writable by no one else",
			 (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
		ctx->sys.close(ctx->sys.data, dfd);
		return refuse(ctx, slot, 0, path, why);
	}
	if (r < 0) {
		ctx->sys.close(ctx->sys.data, dfd);
		return r;
	}
	return dfd;
}

static int open_lock(struct lsmc_ctx *ctx, int slot, char *path, size_t len)
{
	struct stat st;
	int dfd, fd, r;

	dfd = open_dir(ctx, slot, path, len);
	if (dfd < 0)
		return dfd;
	lsmc_lock_path(ctx, slot, path, len);
	/* O_NONBLOCK: a FIFO planted there would block the open otherwise. */
	fd = ctx->sys.openat(ctx->sys.data, dfd, lock_names[slot],
			     O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	ctx->sys.close(ctx->sys.data, dfd);
	if (fd == -ELOOP)
		return refuse(ctx, slot, ELOOP, path, "it is a symbolic link");
	if (fd < 0)
		return fd;
	r = ctx->sys.fstatat(ctx->sys.data, fd, "", &st, AT_EMPTY_PATH);
	if (r == 0 && (!S_ISREG(st.st_mode) || !trusted_owner(&st))) {
		ctx->sys.close(ctx->sys.data, fd);
		return refuse(ctx, slot, 0, path,
			      "it is not a regular file of root's (or the caller's)");
	}
	if (r < 0) {
		ctx->sys.close(ctx->sys.data, fd);
		return r;
	}
	return fd;
}

/* "PID COMMAND", padded to HOLDER_BYTES: each holder overwrites the last. */
static void write_holder(struct lsmc_ctx *ctx, int fd)
{
	char rec[HOLDER_BYTES + 1], comm[32] = "";
	FILE *f = fopen("/proc/self/comm", "re");
	int n;

	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	if (!comm[0])
		snprintf(comm, sizeof(comm), "%s", program_invocation_short_name);
	for (char *c = comm; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	n = snprintf(rec, sizeof(rec), "%d %s", (int)getpid(), comm);
	memset(rec + n, ' ', HOLDER_BYTES - (size_t)n);
	rec[HOLDER_BYTES - 1] = '\n';
	if (ctx->sys.write(ctx->sys.data, fd, rec, HOLDER_BYTES) != HOLDER_BYTES)
		dbg(ctx, "lock: could not record the holder");
}

/* What the last holder wrote: 0 and its pid and command, or -errno. */
static int read_holder(struct lsmc_ctx *ctx, int slot, int *pid, char *comm, size_t len)
{
	char path[PATH_MAX], rec[HOLDER_BYTES + 1], *end;
	ssize_t n;
	long p;
	int fd;

	lsmc_lock_path(ctx, slot, path, sizeof(path));
	fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path,
			     O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	n = ctx->sys.read(ctx->sys.data, fd, rec, HOLDER_BYTES);
	ctx->sys.close(ctx->sys.data, fd);
	if (n <= 0)
		return n < 0 ? (int)n : -ENODATA;
	rec[n] = '\0';
	p = strtol(rec, &end, 10);
	if (end == rec || p <= 0 || *end != ' ')
		return -ENODATA;
	end++;
	end[strcspn(end, "\n")] = '\0';
	for (size_t k = strlen(end); k > 0 && end[k - 1] == ' '; k--)
		end[k - 1] = '\0';
	*pid = (int)p;
	snprintf(comm, len, "%s", end);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int timed_out(struct lsmc_ctx *ctx, int slot, const char *path)
{
	struct lsmc_fail_info fi = {
		.error = -ETIMEDOUT,
		.lsm = slot_lsm[slot],
		.interface = path,
		.hint = "another load of this LSM is running: wait for it and load again, or "
			"give it longer (LSMCONFIG_LOCK_TIMEOUT=SECONDS, "
			"lsmc_set_lock_timeout())",
	};
	char comm[32], waited[48];
	int pid, to = ctx->lock_timeout_ms;

	if (to % 1000)
		snprintf(waited, sizeof(waited), "%d ms", to);
	else
		snprintf(waited, sizeof(waited), "%d s", to / 1000);
	if (read_holder(ctx, slot, &pid, comm, sizeof(comm)) == 0)
		return lsmc_fail(ctx, &fi,
				 "another loader holds the %s load lock: pid %d (%s); waited %s",
				 lsmc_lsm_name(slot_lsm[slot]), pid, comm, waited);
	return lsmc_fail(ctx, &fi, "another loader holds the %s load lock; waited %s",
			 lsmc_lsm_name(slot_lsm[slot]), waited);
}

int lsmc_lock_take(struct lsmc_ctx *ctx, int slot)
{
	struct lsmc_lock *l = &ctx->locks[slot];
	char path[PATH_MAX];
	int64_t deadline = 0;
	int fd, r, pause = POLL_FIRST_MS;
	bool said = false;

	if (l->depth > 0) {
		l->depth++;
		return 0;
	}
	fd = open_lock(ctx, slot, path, sizeof(path));
	if (fd == -ENOLCK)
		return fd;
	if (fd < 0) {
		/* Nowhere to put it: load as before, unserialised, and say so. */
		info(ctx, "%s: loading without the load lock (%s: %s)",
		     lsmc_lsm_name(slot_lsm[slot]), path, strerror(-fd));
		l->fd = -1;
		l->depth = 1;
		return 0;
	}
	if (ctx->lock_timeout_ms >= 0)
		/* Even without waiting, a second try a moment later: lsmctl
		 * status holds a shared lock for as long as a look takes. */
		deadline = now_ms() + (ctx->lock_timeout_ms > POLL_FIRST_MS ? ctx->lock_timeout_ms
									    : POLL_FIRST_MS);
	for (;;) {
		r = ctx->sys.flock(ctx->sys.data, fd, LOCK_EX | LOCK_NB);
		if (r == 0)
			break;
		if (r != -EWOULDBLOCK && r != -EINTR) {
			struct lsmc_fail_info fi = {.error = r,
						    .kernel_errno = -r,
						    .lsm = slot_lsm[slot],
						    .interface = path};

			ctx->sys.close(ctx->sys.data, fd);
			return lsmc_fail(ctx, &fi, "cannot lock: %s", strerror(-r));
		}
		if (ctx->lock_timeout_ms >= 0 && now_ms() >= deadline) {
			ctx->sys.close(ctx->sys.data, fd);
			return timed_out(ctx, slot, path);
		}
		if (!said) {
			int pid;
			char comm[32];

			said = true;
			if (read_holder(ctx, slot, &pid, comm, sizeof(comm)) == 0)
				info(ctx, "%s: waiting for pid %d (%s), which holds %s",
				     lsmc_lsm_name(slot_lsm[slot]), pid, comm, path);
		}
		if (ctx->lock_timeout_ms >= 0 && deadline - now_ms() < pause)
			pause = (int)(deadline - now_ms()) + 1;
		sleep_ms(pause);
		pause = pause * 2 > POLL_MAX_MS ? POLL_MAX_MS : pause * 2;
	}
	{
		int pid;
		char comm[32];

		if (read_holder(ctx, slot, &pid, comm, sizeof(comm)) == 0)
			warn(ctx,
			     "%s: the last load, by pid %d (%s), ended without finishing "
			     "(killed?): "
			     "what it applied stays until a load sets it again",
			     lsmc_lsm_name(slot_lsm[slot]), pid, comm);
	}
	write_holder(ctx, fd);
	dbg(ctx, "%s: holding %s", lsmc_lsm_name(slot_lsm[slot]), path);
	l->fd = fd;
	l->depth = 1;
	return 0;
}

/* The record of a holder that let go: pid 0. A record that still names a
 * pid while no one holds the lock is a load that never finished. */
static void write_released(struct lsmc_ctx *ctx, int slot)
{
	char path[PATH_MAX], rec[HOLDER_BYTES];
	int fd;

	lsmc_lock_path(ctx, slot, path, sizeof(path));
	fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path,
			     O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
	if (fd < 0)
		return;
	memset(rec, ' ', sizeof(rec));
	memcpy(rec, "0 -", 3);
	rec[HOLDER_BYTES - 1] = '\n';
	if (ctx->sys.write(ctx->sys.data, fd, rec, HOLDER_BYTES) != HOLDER_BYTES)
		dbg(ctx, "lock: could not record the release");
	ctx->sys.close(ctx->sys.data, fd);
}

void lsmc_lock_drop(struct lsmc_ctx *ctx, int slot)
{
	struct lsmc_lock *l = &ctx->locks[slot];

	if (l->depth == 0 || --l->depth > 0)
		return;
	/* Closing the only fd of the open file releases the lock. */
	if (l->fd >= 0) {
		write_released(ctx, slot);
		ctx->sys.close(ctx->sys.data, l->fd);
	}
	l->fd = -1;
}

int lsmc_lock_take_lsm(struct lsmc_ctx *ctx, uint64_t lsm)
{
	int slot = lsmc_slot_of(lsm);

	return slot < 0 ? 0 : lsmc_lock_take(ctx, slot);
}

void lsmc_lock_drop_lsm(struct lsmc_ctx *ctx, uint64_t lsm)
{
	int slot = lsmc_slot_of(lsm);

	if (slot >= 0)
		lsmc_lock_drop(ctx, slot);
}

int lsmc_lock_holder(struct lsmc_ctx *ctx, int slot, int *pid, char *comm, size_t len)
{
	char path[PATH_MAX];
	int fd, r;

	*pid = 0;
	comm[0] = '\0';
	if (ctx->locks[slot].depth > 0 && ctx->locks[slot].fd >= 0) {
		*pid = (int)getpid();
		snprintf(comm, len, "%s", program_invocation_short_name);
		return 1;
	}
	lsmc_lock_path(ctx, slot, path, sizeof(path));
	fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path,
			     O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	/* A shared lock conflicts with a loader's exclusive one only; a
	 * loader that tries meanwhile tries again a few ms later. */
	r = ctx->sys.flock(ctx->sys.data, fd, LOCK_SH | LOCK_NB);
	ctx->sys.close(ctx->sys.data, fd);
	if (r == 0) {
		/* free: a record that names a pid is a load that never finished */
		if (read_holder(ctx, slot, pid, comm, len) == 0)
			return 2;
		*pid = 0;
		comm[0] = '\0';
		return 0;
	}
	if (r != -EWOULDBLOCK)
		return r;
	if (read_holder(ctx, slot, pid, comm, len) < 0)
		*pid = -1;
	return 1;
}

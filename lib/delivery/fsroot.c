/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Opening the LSM pseudo-filesystems. The root is opened once as a
 * directory fd and checked for the filesystem's magic number; every file
 * below it is opened relative to that fd with O_NOFOLLOW and checked again,
 * so a symlink or a look-alike filesystem planted at the mount point is
 * never written to.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define SYSFS_MAGIC_NR 0x62656572u

static const uint64_t slot_lsm[SLOT_COUNT] = {
	[SLOT_APPARMOR] = LSM_ID_APPARMOR,
	[SLOT_SELINUX] = LSM_ID_SELINUX,
	[SLOT_SMACK] = LSM_ID_SMACK,
};

/* Standard mount points, newest first. */
static const char *const default_roots[SLOT_COUNT][3] = {
	[SLOT_APPARMOR] = {"/sys/kernel/security", NULL},
	[SLOT_SELINUX] = {"/sys/fs/selinux", NULL},
	[SLOT_SMACK] = {"/sys/fs/smackfs", "/smack", NULL},
};

static const uint32_t magics[SLOT_COUNT] = {
	[SLOT_APPARMOR] = LSMC_SECURITYFS_MAGIC,
	[SLOT_SELINUX] = LSMC_SELINUX_MAGIC,
	[SLOT_SMACK] = LSMC_SMACK_MAGIC,
};

const char *lsmc_fs_default_root(int slot)
{
	return default_roots[slot][0];
}

void lsmc_fs_close_roots(struct lsmc_ctx *ctx)
{
	for (int i = 0; i < SLOT_COUNT; i++) {
		if (ctx->roots[i].dirfd >= 0)
			ctx->sys.close(ctx->sys.data, ctx->roots[i].dirfd);
		ctx->roots[i].dirfd = -1;
		ctx->roots[i].opened[0] = '\0';
	}
}

/*
 * Returns a directory fd, or -ENOENT when the filesystem is not mounted
 * (an empty sysfs mount point counts as not mounted), or -ENODEV when some
 * other filesystem sits where it belongs.
 */
static int open_one_root(struct lsmc_ctx *ctx, int slot, const char *path, bool check_magic)
{
	struct statfs st;
	int fd, r;

	fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path,
			     O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd == -ENOTDIR ? -ENODEV : fd;
	if (!check_magic)
		return fd;
	r = ctx->sys.fstatfs(ctx->sys.data, fd, &st);
	if (r == 0 && (uint32_t)st.f_type == magics[slot])
		return fd;
	ctx->sys.close(ctx->sys.data, fd);
	if (r < 0)
		return r;
	if ((uint32_t)st.f_type == SYSFS_MAGIC_NR || path != default_roots[slot][0])
		return -ENOENT;
	return -ENODEV;
}

int lsmc_fs_open_root(struct lsmc_ctx *ctx, int slot)
{
	struct lsmc_fsroot *root = &ctx->roots[slot];
	int r = -ENOENT;

	if (root->dirfd >= 0)
		return root->dirfd;
	if (root->path) {
		r = open_one_root(ctx, slot, root->path, false);
		if (r >= 0)
			snprintf(root->opened, sizeof(root->opened), "%s", root->path);
	} else {
		for (int i = 0; default_roots[slot][i]; i++) {
			int fd = open_one_root(ctx, slot, default_roots[slot][i], true);
			if (fd >= 0) {
				snprintf(root->opened, sizeof(root->opened), "%s",
					 default_roots[slot][i]);
				r = fd;
				break;
			}
			if (i == 0 || fd != -ENOENT)
				r = fd;
		}
	}
	if (r >= 0) {
		root->dirfd = r;
		dbg(ctx, "%s: pseudo-filesystem at %s", lsmc_lsm_name(slot_lsm[slot]),
		    root->opened);
	}
	return r;
}

void lsmc_fs_path(const struct lsmc_ctx *ctx, int slot, const char *rel, char *buf, size_t len)
{
	const struct lsmc_fsroot *root = &ctx->roots[slot];
	const char *base = root->opened[0] ? root->opened
			   : root->path	   ? root->path
					   : default_roots[slot][0];

	if (snprintf(buf, len, "%s/%s", base, rel) >= (int)len && len > 4)
		strcpy(buf + len - 4, "...");
}

/* Whether the file's mode and our credentials allow the open (access(2)
 * answers from those alone: a Landlock domain does not enter into it). */
static bool permitted_by_mode(struct lsmc_ctx *ctx, int root, const char *rel, int flags)
{
	int acc = flags & O_ACCMODE, mode = acc == O_RDONLY   ? R_OK
					    : acc == O_WRONLY ? W_OK
							      : R_OK | W_OK;

	return ctx->sys.faccessat(ctx->sys.data, root, rel, mode,
				  AT_EACCESS | AT_SYMLINK_NOFOLLOW) == 0;
}

const char *lsmc_fs_root_problem(struct lsmc_ctx *ctx, int slot, int root)
{
	const struct lsmc_lsm_info *info;
	struct lsmc_last_error saved = ctx->err;

	if (root == -ENODEV)
		return "not the LSM's pseudo-filesystem";
	/* Whether the LSM runs decides the advice (boot with it, or mount its
	 * filesystem): every operation asks the probe, so that a load, a
	 * remove and a namespace all say the same on one machine. */
	if (lsmc_probe_cached(ctx, slot_lsm[slot], &info) < 0)
		dbg(ctx, "probe failed; the message cannot tell inactive from unmounted");
	ctx->err = saved;
	return lsmc_lsm_known_inactive(ctx, slot_lsm[slot]) ? "the LSM is not active"
							    : "pseudo-filesystem not mounted";
}

int lsmc_fs_open_file(struct lsmc_ctx *ctx, int slot, const char *rel, int flags)
{
	char path[PATH_MAX];
	struct lsmc_fail_info fi = {.lsm = slot_lsm[slot], .backend = LSMC_BACKEND_FS};
	struct statfs st;
	int root, fd, r;

	root = lsmc_fs_open_root(ctx, slot);
	lsmc_fs_path(ctx, slot, rel, path, sizeof(path));
	fi.interface = path;
	if (root < 0) {
		fi.error = root;
		fi.kernel_errno = -root;
		/* An LSM the kernel does not run has no filesystem to mount. */
		return lsmc_fail(ctx, &fi, "%s", lsmc_fs_root_problem(ctx, slot, root));
	}
	fd = ctx->sys.openat(ctx->sys.data, root, rel, flags | O_CLOEXEC | O_NOFOLLOW, 0);
	if (fd < 0) {
		fi.error = fd;
		fi.kernel_errno = -fd;
		if ((fd == -EACCES || fd == -EPERM) && permitted_by_mode(ctx, root, rel, flags)) {
			/* The file is there and its mode lets us in: what refused is
			 * a confinement of this process (Landlock, an LSM profile, a
			 * seccomp filter), which no mount or capability changes. */
			fi.hint = "this process is confined away from the pseudo-filesystem "
				  "(a Landlock ruleset, its LSM profile or a seccomp filter): "
				  "load through the policy syscall on a kernel that has it "
				  "(lsmctl status shows it), or from outside the sandbox";
			return lsmc_fail(
				ctx, &fi,
				"the pseudo-filesystem is mounted, but opening it was denied "
				"to this process: %s",
				strerror(-fd));
		}
		return lsmc_fail(ctx, &fi, "cannot open: %s", strerror(-fd));
	}
	if (ctx->roots[slot].path)
		return fd;
	r = ctx->sys.fstatfs(ctx->sys.data, fd, &st);
	if (r == 0 && ((uint32_t)st.f_type == magics[slot] ||
		       (slot == SLOT_APPARMOR && (uint32_t)st.f_type == LSMC_AAFS_MAGIC)))
		return fd;
	ctx->sys.close(ctx->sys.data, fd);
	fi.error = r < 0 ? r : -ENODEV;
	fi.kernel_errno = r < 0 ? -r : 0;
	return lsmc_fail(ctx, &fi, "file is not on the expected filesystem (magic 0x%x)",
			 r == 0 ? (unsigned)st.f_type : 0u);
}

/* Read a small pseudo-file (policyvers, a listing) into buf, NUL-terminated. */
ssize_t lsmc_fs_read(struct lsmc_ctx *ctx, int slot, const char *rel, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	if (len == 0)
		return -EINVAL;
	fd = lsmc_fs_open_file(ctx, slot, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	while (got < len - 1) {
		n = ctx->sys.read(ctx->sys.data, fd, buf + got, len - 1 - got);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			ctx->sys.close(ctx->sys.data, fd);
			return n;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	ctx->sys.close(ctx->sys.data, fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

/*
 * A pseudo-file of unknown size (a rule listing), piece by piece through
 * one buffer: a listing of 10,000 rules is 290 kB, which read whole costs
 * a fresh mapping and its page faults on every load, and is not needed
 * whole by anyone. The buffer grows only if fn cannot take anything of a
 * full one.
 */
int lsmc_fs_read_each(struct lsmc_ctx *ctx, int slot, const char *rel, lsmc_fs_read_fn fn,
		      void *arg)
{
	size_t cap = 65536, have = 0;
	char *buf = NULL;
	ssize_t n;
	long took;
	int fd, r = 0;

	fd = lsmc_fs_open_file(ctx, slot, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		ctx->sys.close(ctx->sys.data, fd);
		return -ENOMEM;
	}
	for (;;) {
		if (have == cap) {
			char *nb;

			if (cap >= ((size_t)256 << 20) || !(nb = realloc(buf, cap * 2))) {
				r = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		n = ctx->sys.read(ctx->sys.data, fd, buf + have, cap - have);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			r = (int)n;
			break;
		}
		have += (size_t)n;
		took = fn(buf, have, n == 0, arg);
		if (took < 0 || (size_t)took > have) {
			r = took < 0 ? (int)took : -EIO;
			break;
		}
		have -= (size_t)took;
		if (n == 0) {
			r = have ? -EIO : 0; /* at the end, fn takes everything */
			break;
		}
		if (have && took)
			memmove(buf, buf + took, have);
	}
	free(buf);
	ctx->sys.close(ctx->sys.data, fd);
	return r;
}

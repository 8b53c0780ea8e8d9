/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The SELinux part of the read-only view: the mode, whether a policy is
 * loaded, and the newest policy version the kernel reads, as sestatus(8)
 * shows them. Never /sys/fs/selinux/policy: reading it makes the kernel
 * serialise the whole policy under its policy mutex.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/*
 * Whether a policy is loaded: 1, 0 or -errno. selinuxfs is mounted with an
 * empty class/ directory, and each load fills it with the policy's classes
 * (sel_make_policy_nodes(), Linux 6.1 and 6.12); the kernel refuses a
 * policy without class process (policydb_read() looks it up and fails the
 * load). The filesystem is a single superblock the kernel itself keeps
 * mounted, so a later mount shows the same directory.
 */
static int policy_loaded(struct lsmc_ctx *ctx)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_SELINUX, .backend = LSMC_BACKEND_FS};
	char path[PATH_MAX];
	struct stat st;
	int fd, r;

	fd = lsmc_fs_open_file(ctx, SLOT_SELINUX, "class", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	r = ctx->sys.fstatat(ctx->sys.data, fd, "process", &st, AT_SYMLINK_NOFOLLOW);
	ctx->sys.close(ctx->sys.data, fd);
	if (r == -ENOENT)
		return 0;
	lsmc_fs_path(ctx, SLOT_SELINUX, "class/process", path, sizeof(path));
	fi.interface = path;
	if (r < 0) {
		fi.error = r;
		fi.kernel_errno = -r;
		return lsmc_fail(ctx, &fi, "cannot look up a loaded policy's class: %s",
				 strerror(-r));
	}
	if (!S_ISDIR(st.st_mode)) {
		fi.error = -ENODEV;
		return lsmc_fail(ctx, &fi, "not a class directory, as selinuxfs makes them");
	}
	return 1;
}

/* A small decimal pseudo-file; -EINVAL (recorded) when it holds no number. */
static int read_number(struct lsmc_ctx *ctx, const char *rel, unsigned int *v)
{
	struct lsmc_fail_info fi = {
		.error = -EINVAL, .lsm = LSM_ID_SELINUX, .backend = LSMC_BACKEND_FS};
	char buf[32], path[PATH_MAX], end;
	ssize_t n = lsmc_fs_read(ctx, SLOT_SELINUX, rel, buf, sizeof(buf));

	if (n < 0 && ctx->err.error == 0) {
		lsmc_fs_path(ctx, SLOT_SELINUX, rel, path, sizeof(path));
		fi.interface = path;
		fi.error = (int)n;
		fi.kernel_errno = (int)-n;
		return lsmc_fail(ctx, &fi, "cannot read: %s", strerror((int)-n));
	}
	if (n < 0)
		return (int)n;
	switch (sscanf(buf, "%u%c", v, &end)) {
	case 1:
		return 0;
	case 2:
		if (end == '\n')
			return 0;
	}
	lsmc_fs_path(ctx, SLOT_SELINUX, rel, path, sizeof(path));
	fi.interface = path;
	return lsmc_fail(ctx, &fi, "does not hold a number");
}

LSMC_EXPORT int lsmc_selinux_status(struct lsmc_ctx *ctx, struct lsmc_selinux_status *status)
{
	struct lsmc_selinux_status s = {.sz = sizeof(s)};
	unsigned int enforce;
	size_t sz;
	int r;

	if (!ctx || !status || status->sz < sizeof(status->sz))
		return -EINVAL;
	lsmc_clear_error(ctx);
	r = read_number(ctx, "enforce", &enforce);
	if (r < 0)
		return r;
	s.enforcing = enforce != 0;
	/* Readable since Linux 2.6.12; a failure leaves the version unknown. */
	if (read_number(ctx, "policyvers", &s.policy_version) < 0)
		s.policy_version = 0;
	s.policy_loaded = policy_loaded(ctx);
	if (s.policy_loaded >= 0)
		lsmc_clear_error(ctx);
	sz = status->sz;
	memcpy(status, &s, lsmc_min_sz(sz, sizeof(s)));
	status->sz = sz;
	return 0;
}

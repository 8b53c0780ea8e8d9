/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * What the running kernel offers. Results are cached per context until
 * lsmc_probe_reset(); nothing here changes kernel state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define CAP_DAC_OVERRIDE_NR 1
#define CAP_MAC_ADMIN_NR    33

/* The file that loads policy, relative to each pseudo-filesystem root. */
static const char *const load_file[SLOT_COUNT] = {
	[SLOT_APPARMOR] = "apparmor/.replace",
	[SLOT_SELINUX] = "load",
	[SLOT_SMACK] = "load2",
};

static int add_id(struct lsmc_probe_cache *pc, uint64_t id)
{
	uint64_t *n = realloc(pc->active, (pc->n_active + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	pc->active = n;
	pc->active[pc->n_active++] = id;
	return 0;
}

static int list_by_syscall(struct lsmc_ctx *ctx)
{
	struct lsmc_probe_cache *pc = &ctx->probe;
	uint32_t size = 16 * sizeof(uint64_t);
	long n;

	for (int tries = 0; tries < 4; tries++) {
		uint64_t *ids = malloc(size);
		uint32_t want = size;

		if (!ids)
			return -ENOMEM;
		n = ctx->sys.lsm_list_modules(ctx->sys.data, ids, &want, 0);
		if (n == -E2BIG && want > size) {
			free(ids);
			size = want;
			continue;
		}
		if (n < 0) {
			free(ids);
			return (int)n;
		}
		if ((uint64_t)n * sizeof(uint64_t) > size) {
			free(ids);
			return -EIO; /* the kernel claims more than it could have written */
		}
		free(pc->active);
		pc->active = ids;
		pc->n_active = (size_t)n;
		pc->active_source = "lsm_list_modules";
		return 0;
	}
	return -EIO;
}

/* securityfs "lsm": comma-separated names, e.g. "lockdown,capability,apparmor". */
static int list_by_securityfs(struct lsmc_ctx *ctx)
{
	struct lsmc_probe_cache *pc = &ctx->probe;
	char buf[1024];
	ssize_t len = 0, n;
	int root, fd, r = 0;
	char *save = NULL;

	root = lsmc_fs_open_root(ctx, SLOT_APPARMOR);
	if (root < 0)
		return root;
	fd = ctx->sys.openat(ctx->sys.data, root, "lsm", O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	while (len < (ssize_t)sizeof(buf) - 1) {
		n = ctx->sys.read(ctx->sys.data, fd, buf + len, sizeof(buf) - 1 - (size_t)len);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			r = (int)n;
			break;
		}
		len += n;
	}
	ctx->sys.close(ctx->sys.data, fd);
	if (r < 0)
		return r;
	buf[len] = '\0';
	pc->n_active = 0;
	for (char *tok = strtok_r(buf, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		uint64_t id;
		if (lsmc_lsm_from_name(tok, &id) < 0) {
			dbg(ctx, "securityfs lists an LSM this library does not know: %s", tok);
			continue;
		}
		r = add_id(pc, id);
		if (r < 0)
			return r;
	}
	pc->active_source = "/sys/kernel/security/lsm";
	return 0;
}

static int probe_lsms(struct lsmc_ctx *ctx)
{
	struct lsmc_probe_cache *pc = &ctx->probe;
	int r;

	if (pc->lsms_done)
		return 0;
	r = list_by_syscall(ctx);
	if (r < 0 && r != -ENOMEM) {
		dbg(ctx, "lsm_list_modules: %s; reading securityfs instead", strerror(-r));
		r = list_by_securityfs(ctx);
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		struct lsmc_fail_info fi = {
			.error = r,
			.kernel_errno = -r,
			.interface = "lsm_list_modules, /sys/kernel/security/lsm",
			.hint = "this kernel has neither lsm_list_modules (Linux 6.8) nor a "
				"mounted "
				"securityfs: mount -t securityfs securityfs /sys/kernel/security",
		};
		return lsmc_fail(ctx, &fi, "cannot tell which LSMs are active: %s", strerror(-r));
	}
	pc->lsms_done = true;
	return 0;
}

LSMC_EXPORT int lsmc_active_lsms(struct lsmc_ctx *ctx, const uint64_t **ids)
{
	int r;

	if (!ctx || !ids)
		return -EINVAL;
	r = probe_lsms(ctx);
	if (r < 0)
		return r;
	*ids = ctx->probe.active;
	return (int)ctx->probe.n_active;
}

static enum lsmc_fs_state probe_fs(struct lsmc_ctx *ctx, int slot, int *errno_out, char *path,
				   size_t len)
{
	struct stat st;
	int root, r;

	root = lsmc_fs_open_root(ctx, slot);
	lsmc_fs_path(ctx, slot, load_file[slot], path, len);
	if (root < 0) {
		*errno_out = -root;
		return root == -ENODEV ? LSMC_FS_WRONG_FS : LSMC_FS_NOT_MOUNTED;
	}
	r = ctx->sys.fstatat(ctx->sys.data, root, load_file[slot], &st, AT_SYMLINK_NOFOLLOW);
	if (r < 0) {
		*errno_out = -r;
		return r == -ENOENT ? LSMC_FS_NOT_MOUNTED : LSMC_FS_UNKNOWN;
	}
	if (!S_ISREG(st.st_mode)) {
		*errno_out = ELOOP;
		return LSMC_FS_WRONG_FS;
	}
	r = ctx->sys.faccessat(ctx->sys.data, root, load_file[slot], W_OK,
			       AT_EACCESS | AT_SYMLINK_NOFOLLOW);
	*errno_out = r < 0 ? -r : 0;
	return r == 0 ? LSMC_FS_WRITABLE : LSMC_FS_NO_ACCESS;
}

static bool has_cap(struct lsmc_ctx *ctx, int cap)
{
	return ctx->sys.has_cap(ctx->sys.data, cap) > 0;
}

/* A best guess from what the probe saw; the kernel still decides. */
static bool guess_can_load(uint64_t lsm, const struct lsmc_lsm_info *i)
{
	bool sys = i->syscall_system == LSMC_AVAIL_YES && i->cap_mac_admin;

	if (!i->active)
		return false;
	switch (lsm) {
	case LSM_ID_SELINUX:
		return sys || i->fs == LSMC_FS_WRITABLE;
	default:
		return sys || (i->fs == LSMC_FS_WRITABLE && i->cap_mac_admin);
	}
}

/*
 * Without a list of active LSMs (a kernel before 6.8 with securityfs not
 * mounted), the traces an active LSM leaves in sysfs still tell: AppArmor's
 * module parameter reads Y, and SELinux and Smack create their mount
 * points only when they run.
 */
static bool active_by_traces(struct lsmc_ctx *ctx, int slot)
{
	struct stat st;
	char c = 0;
	int fd;

	if (slot == SLOT_APPARMOR) {
		fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD,
				     "/sys/module/apparmor/parameters/enabled",
				     O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
		if (fd < 0)
			return false;
		if (ctx->sys.read(ctx->sys.data, fd, &c, 1) != 1)
			c = 0;
		ctx->sys.close(ctx->sys.data, fd);
		return c == 'Y';
	}
	return ctx->sys.fstatat(ctx->sys.data, AT_FDCWD, lsmc_fs_default_root(slot), &st,
				AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode);
}

static int probe_one(struct lsmc_ctx *ctx, int slot, uint64_t lsm)
{
	struct lsmc_lsm_info *i = &ctx->probe.info[slot];

	*i = (struct lsmc_lsm_info){.sz = sizeof(*i), .lsm = lsm};
	for (size_t k = 0; k < ctx->probe.n_active; k++)
		if (ctx->probe.active[k] == lsm)
			i->active = true;
	if (!ctx->probe.lsms_done)
		i->active = active_by_traces(ctx, slot);
	i->syscall_self = lsmc_syscall_probe(ctx, lsm, LSMC_SCOPE_SELF, &i->syscall_self_errno);
	i->syscall_system =
		lsmc_syscall_probe(ctx, lsm, LSMC_SCOPE_SYSTEM, &i->syscall_system_errno);
	i->fs = probe_fs(ctx, slot, &i->fs_errno, ctx->probe.fs_path[slot],
			 sizeof(ctx->probe.fs_path[slot]));
	i->fs_path = ctx->probe.fs_path[slot];
	i->cap_mac_admin = has_cap(ctx, CAP_MAC_ADMIN_NR);
	i->cap_dac_override = has_cap(ctx, CAP_DAC_OVERRIDE_NR);
	i->can_load = guess_can_load(lsm, i);
	ctx->probe.done[slot] = true;
	dbg(ctx, "%s: active=%d self=%d system=%d fs=%d (%s)", lsmc_lsm_name(lsm), i->active,
	    i->syscall_self, i->syscall_system, i->fs, i->fs_path);
	return 0;
}

int lsmc_probe_cached(struct lsmc_ctx *ctx, uint64_t lsm_id, const struct lsmc_lsm_info **out)
{
	int slot = lsmc_slot_of(lsm_id), r;

	if (slot < 0)
		return slot;
	if (!ctx->probe.done[slot]) {
		/* The active list only colours the answer; a kernel that tells
		 * nothing still gets its interfaces probed. Out of memory is
		 * not an answer about the kernel, though. */
		r = probe_lsms(ctx);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			lsmc_clear_error(ctx);
		probe_one(ctx, slot, lsm_id);
	}
	*out = &ctx->probe.info[slot];
	return 0;
}

LSMC_EXPORT int lsmc_probe(struct lsmc_ctx *ctx, uint64_t lsm_id, struct lsmc_lsm_info *info)
{
	const struct lsmc_lsm_info *i;
	int r;

	if (!ctx || !info || info->sz < offsetof(struct lsmc_lsm_info, lsm) + sizeof(info->lsm))
		return -EINVAL;
	if (lsmc_slot_of(lsm_id) < 0)
		return -EOPNOTSUPP;
	r = lsmc_probe_cached(ctx, lsm_id, &i);
	if (r < 0)
		return r;
	{
		struct lsmc_lsm_info now = *i;
		size_t sz = info->sz;
		int slot = lsmc_slot_of(lsm_id), pid;
		char *holder = ctx->lock_holder[slot];

		/* Who holds the load lock is asked anew on every call. */
		r = sz > offsetof(struct lsmc_lsm_info, lock_pid)
			    ? lsmc_lock_holder(ctx, slot, &pid, holder,
					       sizeof(ctx->lock_holder[slot]))
			    : 0;
		if (r > 0) {
			now.lock_pid = pid;
			now.load_unfinished = r == 2;
		} else {
			holder[0] = '\0';
		}
		now.lock_holder = holder;
		memcpy(info, &now, lsmc_min_sz(sz, sizeof(now)));
		info->sz = sz;
	}
	return 0;
}

LSMC_EXPORT void lsmc_probe_reset(struct lsmc_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->probe.active);
	memset(&ctx->probe, 0, sizeof(ctx->probe));
	/* A remount must be seen: the roots are opened again on next use. */
	lsmc_fs_close_roots(ctx);
}

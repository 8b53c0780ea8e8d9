/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The kernel seam: every syscall, open, read, write, statfs and mkdir the
 * library makes goes through one of these tables. The default table calls
 * the kernel; tests install a model of it. Every operation returns a
 * negative errno on failure, like the kernel, never -1 with errno.
 */
#pragma once

#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>

#include "delivery/uapi.h"

struct lsmc_nr_table;

struct lsmc_sys {
	void *data; /* passed to every operation */

	long (*lsm_list_modules)(void *data, uint64_t *ids, uint32_t *size, uint32_t flags);
	long (*lsm_get_self_attr)(void *data, unsigned int attr, struct lsmc_kctx *ctx,
				  uint32_t *size, uint32_t flags);
	long (*lsm_set_self_attr)(void *data, unsigned int attr, struct lsmc_kctx *ctx,
				  uint32_t size, uint32_t flags);
	long (*lsm_config_self_policy)(void *data, uint32_t lsm_id, uint32_t op, void *buf,
				       uint32_t size, uint32_t common_flags, uint32_t flags);
	long (*lsm_config_system_policy)(void *data, uint32_t lsm_id, uint32_t op, void *buf,
					 uint32_t size, uint32_t common_flags, uint32_t flags);
	long (*lsm_config_policy)(void *data, uint32_t lsm_id, uint32_t op, void *buf,
				  uint32_t size, uint32_t common_flags, uint32_t flags);
	long (*lsm_unshare)(void *data, struct lsmc_kctx *ctx, uint32_t size, uint32_t flags);

	int (*openat)(void *data, int dirfd, const char *path, int flags, mode_t mode);
	int (*close)(void *data, int fd);
	ssize_t (*read)(void *data, int fd, void *buf, size_t len);
	ssize_t (*write)(void *data, int fd, const void *buf, size_t len);
	int (*fstatfs)(void *data, int fd, struct statfs *st);
	int (*fstatat)(void *data, int dirfd, const char *path, struct stat *st, int flags);
	int (*faccessat)(void *data, int dirfd, const char *path, int mode, int flags);
	int (*mkdirat)(void *data, int dirfd, const char *path, mode_t mode);
	int (*unlinkat)(void *data, int dirfd, const char *path, int flags);
	/* Calls fn for each entry of directory path (not "." or ".."), stopping
	 * at the first non-zero return, which it returns; 0 at the end. */
	int (*listdir)(void *data, int dirfd, const char *path,
		       int (*fn)(const char *name, void *arg), void *arg);

	/* 1 if the caller has the capability in its effective set, 0 if not. */
	int (*has_cap)(void *data, int cap);
	/* 1 if the calling thread has no_new_privs set, 0 if not. */
	int (*no_new_privs)(void *data);
	/* flock(2): a self load holds its namespace's directory while it sets
	 * the namespace up, so that a prune does not take it half-made. */
	int (*flock)(void *data, int fd, int op);

	/* The numbers the policy syscalls enter the kernel with, -1 where this
	 * build has none; NULL for a model, which answers every call itself. */
	const struct lsmc_nr_table *nr;
};

/* The table that talks to the running kernel. */
extern const struct lsmc_sys lsmc_sys_kernel;

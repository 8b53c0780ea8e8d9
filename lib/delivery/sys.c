/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The kernel side of the seam: thin wrappers that turn -1/errno into -errno. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#if HAVE_LIBCAP
#include <sys/capability.h>
#else
#include <linux/capability.h>
#endif

#include "delivery/sys.h"
#include "delivery/syscall-nr.h"

_Static_assert(!LSMC_NR_CLASHES(LSMC_NR_SELF_POLICY),
	       "lsm_config_self_policy number is owned by a merged syscall");
_Static_assert(!LSMC_NR_CLASHES(LSMC_NR_SYSTEM_POLICY),
	       "lsm_config_system_policy number is owned by a merged syscall");
_Static_assert(!LSMC_NR_CLASHES(LSMC_NR_CONFIG_POLICY),
	       "lsm_config_policy number is owned by a merged syscall");
_Static_assert(!LSMC_NR_CLASHES(LSMC_NR_UNSHARE),
	       "lsm_unshare number is owned by a merged syscall");

struct lsmc_nr_table lsmc_nr = {
	.config_self_policy = LSMC_NR_SELF_POLICY,
	.config_system_policy = LSMC_NR_SYSTEM_POLICY,
	.config_policy = LSMC_NR_CONFIG_POLICY,
	.unshare = LSMC_NR_UNSHARE,
};

static long neg(long r)
{
	return r < 0 ? -errno : r;
}

static long k_list_modules(void *data, uint64_t *ids, uint32_t *size, uint32_t flags)
{
	return neg(syscall(__NR_lsm_list_modules, ids, size, flags));
}

static long k_get_self_attr(void *data, unsigned int attr, struct lsmc_kctx *ctx, uint32_t *size,
			    uint32_t flags)
{
	return neg(syscall(__NR_lsm_get_self_attr, attr, ctx, size, flags));
}

static long k_set_self_attr(void *data, unsigned int attr, struct lsmc_kctx *ctx, uint32_t size,
			    uint32_t flags)
{
	return neg(syscall(__NR_lsm_set_self_attr, attr, ctx, size, flags));
}

/* An unassigned number means the syscall is absent: never enter the kernel. */
static long k_config_policy(long nr, uint32_t lsm_id, uint32_t op, void *buf, uint32_t size,
			    uint32_t common_flags, uint32_t flags)
{
	if (nr < 0)
		return -ENOSYS;
	return neg(syscall(nr, lsm_id, op, buf, size, common_flags, flags));
}

static long k_config_self_policy(void *data, uint32_t lsm_id, uint32_t op, void *buf, uint32_t size,
				 uint32_t common_flags, uint32_t flags)
{
	return k_config_policy(lsmc_nr.config_self_policy, lsm_id, op, buf, size, common_flags,
			       flags);
}

static long k_config_system_policy(void *data, uint32_t lsm_id, uint32_t op, void *buf,
				   uint32_t size, uint32_t common_flags, uint32_t flags)
{
	return k_config_policy(lsmc_nr.config_system_policy, lsm_id, op, buf, size, common_flags,
			       flags);
}

static long k_config_policy_unified(void *data, uint32_t lsm_id, uint32_t op, void *buf,
				    uint32_t size, uint32_t common_flags, uint32_t flags)
{
	return k_config_policy(lsmc_nr.config_policy, lsm_id, op, buf, size, common_flags, flags);
}

static long k_unshare(void *data, struct lsmc_kctx *ctx, uint32_t size, uint32_t flags)
{
	if (lsmc_nr.unshare < 0)
		return -ENOSYS;
	return neg(syscall(lsmc_nr.unshare, ctx, size, flags));
}

static int k_openat(void *data, int dirfd, const char *path, int flags, mode_t mode)
{
	return (int)neg(openat(dirfd, path, flags, mode));
}

static int k_close(void *data, int fd)
{
	return (int)neg(close(fd));
}

static ssize_t k_read(void *data, int fd, void *buf, size_t len)
{
	return neg(read(fd, buf, len));
}

static ssize_t k_write(void *data, int fd, const void *buf, size_t len)
{
	return neg(write(fd, buf, len));
}

static int k_fstatfs(void *data, int fd, struct statfs *st)
{
	return (int)neg(fstatfs(fd, st));
}

static int k_fstatat(void *data, int dirfd, const char *path, struct stat *st, int flags)
{
	return (int)neg(fstatat(dirfd, path, st, flags));
}

static int k_faccessat(void *data, int dirfd, const char *path, int mode, int flags)
{
	return (int)neg(faccessat(dirfd, path, mode, flags));
}

static int k_mkdirat(void *data, int dirfd, const char *path, mode_t mode)
{
	return (int)neg(mkdirat(dirfd, path, mode));
}

static int k_unlinkat(void *data, int dirfd, const char *path, int flags)
{
	return (int)neg(unlinkat(dirfd, path, flags));
}

static int k_listdir(void *data, int dirfd, const char *path,
		     int (*fn)(const char *name, void *arg), void *arg)
{
	struct dirent *e;
	DIR *d;
	int fd, r = 0;

	fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while (r == 0 && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		r = fn(e->d_name, arg);
	}
	closedir(d);
	return r;
}

#if HAVE_LIBCAP
static int k_has_cap(void *data, int cap)
{
	cap_t caps = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (!caps)
		return -errno;
	if (cap_get_flag(caps, (cap_value_t)cap, CAP_EFFECTIVE, &v) < 0)
		v = CAP_CLEAR; /* a capability this libcap does not know is not held */
	cap_free(caps);
	return v == CAP_SET;
}
#else
static int k_has_cap(void *data, int cap)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {0};

	if (cap < 0 || cap >= 32 * _LINUX_CAPABILITY_U32S_3)
		return 0;
	if (syscall(SYS_capget, &hdr, d) < 0)
		return -errno;
	return !!(d[cap / 32].effective & (1u << (cap % 32)));
}
#endif

static int k_no_new_privs(void *data)
{
	return (int)neg(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
}

static int k_flock(void *data, int fd, int op)
{
	int r;

	do
		r = flock(fd, op);
	while (r < 0 && errno == EINTR);
	return (int)neg(r);
}

const struct lsmc_sys lsmc_sys_kernel = {
	.lsm_list_modules = k_list_modules,
	.lsm_get_self_attr = k_get_self_attr,
	.lsm_set_self_attr = k_set_self_attr,
	.lsm_config_self_policy = k_config_self_policy,
	.lsm_config_system_policy = k_config_system_policy,
	.lsm_config_policy = k_config_policy_unified,
	.lsm_unshare = k_unshare,
	.openat = k_openat,
	.close = k_close,
	.read = k_read,
	.write = k_write,
	.fstatfs = k_fstatfs,
	.fstatat = k_fstatat,
	.faccessat = k_faccessat,
	.mkdirat = k_mkdirat,
	.unlinkat = k_unlinkat,
	.listdir = k_listdir,
	.has_cap = k_has_cap,
	.no_new_privs = k_no_new_privs,
	.flock = k_flock,
	.nr = &lsmc_nr,
};

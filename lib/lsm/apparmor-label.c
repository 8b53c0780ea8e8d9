/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The AppArmor label a task really runs under, read back from the kernel
 * after a self load or a stack: what was asked for is not proof, what the
 * kernel reports is. lsm_get_self_attr() (Linux 6.8) where the kernel has
 * it, else the task's procfs attribute.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "lsm/apparmor-label.h"

/* Labels print as "a//&:ns:b (enforce)"; the mode, when printed, is last. */
static void strip_mode(char *label)
{
	size_t n = strlen(label);

	while (n && (label[n - 1] == '\n' || label[n - 1] == '\0'))
		label[--n] = '\0';
	if (n && label[n - 1] == ')') {
		char *open = strrchr(label, '(');
		if (open && open > label && open[-1] == ' ')
			open[-1] = '\0';
	}
}

static int from_syscall(struct lsmc_ctx *ctx, char *buf, size_t len)
{
	union {
		struct lsmc_kctx k;
		uint8_t raw[sizeof(struct lsmc_kctx) + LSMC_AA_LABEL_MAX];
	} u;
	uint32_t size = sizeof(u);
	long r;

	memset(&u, 0, sizeof(u));
	u.k.id = LSM_ID_APPARMOR;
	r = ctx->sys.lsm_get_self_attr(ctx->sys.data, LSM_ATTR_CURRENT, &u.k, &size,
				       LSM_FLAG_SINGLE);
	if (r < 0)
		return (int)r;
	if (r != 1 || u.k.ctx_len == 0 || u.k.ctx_len > sizeof(u.raw) - sizeof(u.k) ||
	    u.k.ctx_len >= len)
		return -EPROTO;
	/* ctx_len counts a terminating NUL by the UAPI's word, yet AppArmor
	 * (6.12) hands the text without one: take the bytes, end them here */
	memcpy(buf, u.k.ctx, u.k.ctx_len);
	buf[u.k.ctx_len] = '\0';
	return 0;
}

int lsmc_aa_read_label_file(struct lsmc_ctx *ctx, const char *path, char *buf, size_t len)
{
	struct statfs st;
	ssize_t got;
	size_t n = 0;
	int fd;

	if (len < 2)
		return -EINVAL;
	fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	if (ctx->sys.fstatfs(ctx->sys.data, fd, &st) < 0 ||
	    (uint32_t)st.f_type != PROC_SUPER_MAGIC_NR) {
		ctx->sys.close(ctx->sys.data, fd);
		return -ENODEV;
	}
	do {
		got = ctx->sys.read(ctx->sys.data, fd, buf + n, len - 1 - n);
		if (got > 0)
			n += (size_t)got;
	} while ((got > 0 && n < len - 1) || got == -EINTR);
	ctx->sys.close(ctx->sys.data, fd);
	buf[n] = '\0';
	return got < 0 ? (int)got : 0;
}

static int from_procfs(struct lsmc_ctx *ctx, char *buf, size_t len)
{
	int r = lsmc_aa_read_label_file(ctx, "/proc/thread-self/attr/apparmor/current", buf, len);

	return r == -ENOENT
		       ? lsmc_aa_read_label_file(ctx, "/proc/thread-self/attr/current", buf, len)
		       : r;
}

int lsmc_aa_current_label(struct lsmc_ctx *ctx, char *buf, size_t len)
{
	int r = -ENOSYS;

	if (len < 2)
		return -EINVAL;
	if (ctx->backend != LSMC_BACKEND_FS)
		r = from_syscall(ctx, buf, len);
	/* not there, or refused by a seccomp filter: procfs knows too */
	if (r == -ENOSYS || r == -EPERM || r == -EOPNOTSUPP)
		r = from_procfs(ctx, buf, len);
	if (r == 0)
		strip_mode(buf);
	return r;
}

/* The namespace and name of a component ":ns:name" / ":ns://name"; false
 * for a component without a namespace. */
static bool split_component(const char *c, size_t n, const char **ns, size_t *ns_len,
			    const char **name, size_t *name_len)
{
	const char *end;

	if (n < 3 || c[0] != ':')
		return false;
	end = memchr(c + 1, ':', n - 1);
	if (!end || end == c + 1)
		return false;
	*ns = c + 1;
	*ns_len = (size_t)(end - c - 1);
	*name = end + 1;
	*name_len = n - (size_t)(end + 1 - c);
	if (*name_len >= 2 && strncmp(*name, "//", 2) == 0) {
		*name += 2;
		*name_len -= 2;
	}
	return true;
}

int lsmc_aa_label_find(const char *label, const char *ns, const char *profile, char *found_ns,
		       size_t found_len)
{
	const char *p = label;

	while (p && *p) {
		const char *amp = strstr(p, "//&");
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		const char *cns, *cname;
		size_t cns_len, cname_len;

		/* A task sees its label from the namespace its profiles put it
		 * in: after a stack of ":ns:p" onto an unconfined task that is
		 * ns itself, and p shows bare (the root's unconfined, outside
		 * that view, does not show at all). */
		if (n == strlen(profile) && strncmp(p, profile, n) == 0)
			return 1;
		if (split_component(p, n, &cns, &cns_len, &cname, &cname_len) &&
		    cname_len == strlen(profile) && strncmp(cname, profile, cname_len) == 0) {
			/* the namespace may be shown with its parents: "a//ns" */
			bool ns_ok =
				!ns || (cns_len >= strlen(ns) &&
					strncmp(cns + cns_len - strlen(ns), ns, strlen(ns)) == 0 &&
					(cns_len == strlen(ns) ||
					 strncmp(cns + cns_len - strlen(ns) - 2, "//", 2) == 0));
			if (ns_ok) {
				if (found_ns && found_len > cns_len) {
					memcpy(found_ns, cns, cns_len);
					found_ns[cns_len] = '\0';
				}
				return 1;
			}
		}
		p = amp ? amp + 3 : NULL;
	}
	return 0;
}

bool lsmc_aa_label_mentions_ns(const char *label, const char *ns)
{
	const char *p = label;
	size_t n = strlen(ns);

	/* ":ns:" or ":ns//" (a namespace below it), at the start of a component */
	while ((p = strchr(p, ':'))) {
		bool start = p == label || (p - label >= 3 && strncmp(p - 3, "//&", 3) == 0);
		if (start && strncmp(p + 1, ns, n) == 0 &&
		    (p[1 + n] == ':' || strncmp(p + 1 + n, "//", 2) == 0))
			return true;
		p++;
	}
	return false;
}

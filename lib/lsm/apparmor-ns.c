/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor policy namespaces on today's kernels: listed, removed and
 * entered through apparmorfs and the task attributes. A task that changes
 * onto a namespace's "unconfined" profile sees that namespace as its
 * policy root: its loads go there and the parent's profiles are out of its
 * view, which is how container managers give a container its own policy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsm/apparmor-ns.h"
#include "state/kstate.h"

int lsmc_aa_fail(struct lsmc_ctx *ctx, int error, const char *interface, const char *hint,
		 const char *msg)
{
	struct lsmc_fail_info fi = {
		.error = error,
		.lsm = LSM_ID_APPARMOR,
		.interface = interface,
		.hint = hint,
	};
	return lsmc_fail(ctx, &fi, "%s", msg);
}

int lsmc_apparmor_check_ns(struct lsmc_ctx *ctx, const char *ns)
{
	const char *p = ns;

	if (!ns)
		return 0;
	if (!*ns || strlen(ns) >= AA_PROFILE_NAME_MAX_SIZE)
		return lsmc_aa_fail(ctx, -EINVAL, ns, "", "a namespace name needs 1 to 511 bytes");
	while (*p) {
		const char *end = strstr(p, "//");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 0 || memchr(p, '/', n) || (n == 1 && p[0] == '.') ||
		    (n == 2 && strncmp(p, "..", 2) == 0))
			return lsmc_aa_fail(
				ctx, -EINVAL, ns, "",
				"invalid namespace name: components are separated by //, "
				"and may not be empty, '.', '..' or contain '/'");
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] <= ' ' || p[i] == ':' || p[i] == 0x7f)
				return lsmc_aa_fail(
					ctx, -EINVAL, ns, "",
					"invalid namespace name: no spaces, controls or ':'");
		p += n + (end ? 2 : 0);
	}
	return 0;
}

static bool fs_only(struct lsmc_ctx *ctx, const char *what)
{
	if (ctx->backend != LSMC_BACKEND_SYSCALL)
		return false;
	lsmc_aa_fail(ctx, -EOPNOTSUPP, lsmc_syscall_name(ctx, LSMC_SCOPE_SYSTEM),
		     "use --backend fs (or auto): namespaces live in apparmorfs", what);
	return true;
}

/* What every namespace call does first: arguments, a clean error slate, the name. */
static int ns_begin(struct lsmc_ctx *ctx, const char *ns)
{
	if (!ctx || !ns)
		return -EINVAL;
	lsmc_clear_error(ctx);
	return lsmc_apparmor_check_ns(ctx, ns);
}

LSMC_EXPORT int lsmc_apparmor_ns_create(struct lsmc_ctx *ctx, const char *ns)
{
	int r = ns_begin(ctx, ns);

	if (r < 0)
		return r;
	if (fs_only(ctx, "the policy syscall cannot create namespaces"))
		return -EOPNOTSUPP;
	return lsmc_fs_apparmor_ns_create(ctx, ns);
}

LSMC_EXPORT int lsmc_apparmor_ns_remove(struct lsmc_ctx *ctx, const char *ns)
{
	struct lsmc_delivery d;
	char fq[AA_PROFILE_NAME_MAX_SIZE + 2];
	int r = ns_begin(ctx, ns);

	if (r < 0)
		return r;
	if (fs_only(ctx, "the policy syscall cannot remove namespaces"))
		return -EOPNOTSUPP;
	/* ".remove" of ":ns:" drops the namespace with all it holds. */
	snprintf(fq, sizeof(fq), ":%s:", ns);
	return lsmc_fs_apparmor_remove(ctx, NULL, fq, &d);
}

/* Names are collected first: fn may call back into the library. */
struct names {
	char *buf;
	size_t len, cap;
	int error;
};

static int collect(const char *name, void *arg)
{
	struct names *n = arg;
	size_t l = strlen(name) + 1;

	if (n->len + l > n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 256;
		char *b;
		while (cap < n->len + l)
			cap *= 2;
		b = realloc(n->buf, cap);
		if (!b) {
			n->error = -ENOMEM;
			return -ENOMEM;
		}
		n->buf = b;
		n->cap = cap;
	}
	memcpy(n->buf + n->len, name, l);
	n->len += l;
	return 0;
}

LSMC_EXPORT int lsmc_apparmor_ns_list(struct lsmc_ctx *ctx, const char *parent,
				      int (*fn)(const char *name, void *data), void *data)
{
	struct names n = {0};
	int r;

	if (!ctx || !fn)
		return -EINVAL;
	lsmc_clear_error(ctx);
	r = lsmc_apparmor_check_ns(ctx, parent);
	if (r < 0)
		return r;
	r = lsmc_fs_apparmor_ns_list(ctx, parent, collect, &n);
	if (n.error)
		r = n.error;
	for (size_t off = 0; r == 0 && off < n.len; off += strlen(n.buf + off) + 1)
		r = fn(n.buf + off, data);
	free(n.buf);
	return r;
}

LSMC_EXPORT int lsmc_apparmor_ns_enter(struct lsmc_ctx *ctx, const char *ns)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_APPARMOR, .backend = LSMC_BACKEND_FS};
	struct lsmc_delivery d = {0};
	char cmd[AA_PROFILE_NAME_MAX_SIZE + 64];
	int r = ns_begin(ctx, ns);

	if (r < 0)
		return r;
	r = lsmc_kstate_aa_ns_exists(ctx, ns);
	lsmc_clear_error(ctx);
	if (r == 0)
		return lsmc_aa_fail(ctx, -ENOENT, ns, "create it first: lsmctl ns create NAME",
				    "the policy namespace does not exist");
	/* The label ":ns://unconfined" is the namespace's own unconfined profile. */
	snprintf(cmd, sizeof(cmd), "changeprofile :%s://unconfined", ns);
	return lsmc_fs_apparmor_setattr(ctx, cmd, LSM_ATTR_CURRENT, &fi, &d);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Delivery through lsm_config_self_policy() / lsm_config_system_policy(). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "smack-stream.h"

static long call(struct lsmc_ctx *ctx, enum lsmc_scope scope, uint64_t lsm, void *buf,
		 uint32_t size)
{
	if (scope == LSMC_SCOPE_SELF)
		return ctx->sys.lsm_config_self_policy(ctx->sys.data, (uint32_t)lsm,
						       LSM_POLICY_LOAD, buf, size, 0, 0);
	return ctx->sys.lsm_config_system_policy(ctx->sys.data, (uint32_t)lsm, LSM_POLICY_LOAD, buf,
						 size, 0, 0);
}

static int kernel_failed(struct lsmc_ctx *ctx, struct lsmc_fail_info *fi, long r)
{
	fi->error = (int)r;
	fi->kernel_errno = (int)-r;
	return lsmc_fail(ctx, fi, "the kernel refused the load: %s", strerror((int)-r));
}

/* AppArmor system: "<ns>\0<blob>", load-or-replace, atomic (kernel-abi §4.1). */
static int apparmor_system(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			   struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	const char *ns = req->ns ? req->ns : "";
	size_t nslen = strlen(ns) + 1;
	char *buf;
	long r;

	if (nslen > AA_PROFILE_NAME_MAX_SIZE) {
		fi->error = -ENAMETOOLONG;
		return lsmc_fail(ctx, fi,
				 "namespace name is %zu bytes; the kernel takes at most %u",
				 nslen - 1, AA_PROFILE_NAME_MAX_SIZE - 1);
	}
	if (req->len == 0 || req->len > AA_PROFILE_MAX_SIZE - nslen) {
		fi->error = req->len == 0 ? -EINVAL : -E2BIG;
		return lsmc_fail(ctx, fi, "policy of %zu bytes; the kernel takes 1 to %u", req->len,
				 AA_PROFILE_MAX_SIZE - (unsigned)nslen);
	}
	if (req->headroom >= nslen) {
		/* The caller left room: put the prefix in front, copy nothing. */
		buf = (char *)req->payload - nslen;
		memcpy(buf, ns, nslen);
	} else {
		buf = malloc(nslen + req->len);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, ns, nslen);
		memcpy(buf + nslen, req->payload, req->len);
	}
	r = call(ctx, LSMC_SCOPE_SYSTEM, req->lsm, buf, (uint32_t)(nslen + req->len));
	if (req->headroom < nslen)
		free(buf);
	out->kernel_calls = 1;
	if (r < 0)
		return kernel_failed(ctx, fi, r);
	out->bytes = req->len;
	out->atomic = true;
	return 0;
}

/* AppArmor self: a NUL-terminated profile name to stack (kernel-abi §4.1). */
static int apparmor_self(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	char name[AA_PROFILE_NAME_MAX_SIZE];
	long r;

	/* lsmc_request_check bounds the name: 1 to 511 bytes, no NUL. */
	memcpy(name, req->payload, req->len);
	name[req->len] = '\0';
	r = call(ctx, LSMC_SCOPE_SELF, req->lsm, name, (uint32_t)req->len + 1);
	out->kernel_calls = 1;
	if (r < 0)
		return kernel_failed(ctx, fi, r);
	out->bytes = req->len;
	out->atomic = true;
	return 0;
}

static int selinux_system(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			  struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	long r;

	if (req->len == 0 || req->len > UINT32_MAX) {
		fi->error = req->len == 0 ? -EINVAL : -E2BIG;
		return lsmc_fail(ctx, fi, "policy of %zu bytes does not fit the syscall", req->len);
	}
	r = call(ctx, LSMC_SCOPE_SYSTEM, req->lsm, (void *)req->payload, (uint32_t)req->len);
	out->kernel_calls = 1;
	if (r < 0)
		return kernel_failed(ctx, fi, r);
	out->bytes = req->len;
	out->atomic = true;
	return 0;
}

struct smack_send {
	enum lsmc_scope scope;
	int fmt;
	char *buf; /* fmt byte + one window */
};

static long smack_send(struct lsmc_ctx *ctx, void *arg, const char *text, size_t len)
{
	struct smack_send *s = arg;

	s->buf[0] = (char)s->fmt;
	memcpy(s->buf + 1, text, len);
	return call(ctx, s->scope, LSM_ID_SMACK, s->buf, (uint32_t)len + 1);
}

static int smack(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_fail_info *fi,
		 struct lsmc_delivery *out)
{
	struct smack_send s = {.scope = req->scope, .fmt = req->smack_fmt};
	int r;

	s.buf = malloc((size_t)ctx->page_size);
	if (!s.buf)
		return -ENOMEM;
	r = lsmc_smack_stream(ctx, req, smack_send, &s, fi, out);
	free(s.buf);
	return r;
}

int lsmc_deliver_syscall(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 struct lsmc_delivery *out)
{
	struct lsmc_fail_info fi = {
		.lsm = req->lsm,
		.backend = LSMC_BACKEND_SYSCALL,
		.interface = lsmc_syscall_name(req->scope),
	};

	*out = (struct lsmc_delivery){.backend = LSMC_BACKEND_SYSCALL};
	switch (req->lsm) {
	case LSM_ID_APPARMOR:
		return req->scope == LSMC_SCOPE_SELF ? apparmor_self(ctx, req, &fi, out)
						     : apparmor_system(ctx, req, &fi, out);
	case LSM_ID_SELINUX:
		return selinux_system(ctx, req, &fi, out);
	case LSM_ID_SMACK:
		return smack(ctx, req, &fi, out);
	default:
		fi.error = -EOPNOTSUPP;
		return lsmc_fail(ctx, &fi, "no policy loading for this LSM");
	}
}

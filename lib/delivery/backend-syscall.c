/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Delivery through the proposed policy syscalls. What differs between
 * revisions of the proposal (entry points, how self/system is encoded,
 * operation codes, payload layouts and limits, what "not supported here"
 * looks like) is read from the context's table (abi.h); nothing below
 * names a revision.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "delivery/syscall-nr.h"
#include "delivery/smack-stream.h"

const char *lsmc_syscall_name(const struct lsmc_ctx *ctx, enum lsmc_scope scope)
{
	return ctx->abi->entry_name[scope == LSMC_SCOPE_SELF];
}

static long call(struct lsmc_ctx *ctx, enum lsmc_scope scope, uint32_t op, uint64_t lsm, void *buf,
		 uint32_t size)
{
	const struct lsmc_abi *abi = ctx->abi;
	int s = scope == LSMC_SCOPE_SELF;
	uint32_t common = abi->common_flags[s];

	switch (abi->entry[s]) {
	case LSMC_ENTRY_SELF_POLICY:
		return ctx->sys.lsm_config_self_policy(ctx->sys.data, (uint32_t)lsm, op, buf, size,
						       common, 0);
	case LSMC_ENTRY_SYSTEM_POLICY:
		return ctx->sys.lsm_config_system_policy(ctx->sys.data, (uint32_t)lsm, op, buf,
							 size, common, 0);
	case LSMC_ENTRY_CONFIG_POLICY:
		return ctx->sys.lsm_config_policy(ctx->sys.data, (uint32_t)lsm, op, buf, size,
						  common, 0);
	}
	return -ENOSYS;
}

/*
 * The probe's question (design §5): an operation and size every LSM with
 * the hook refuses before acting, so the answer tells absent, no hook,
 * refused before dispatch and present apart without side effects.
 */
enum lsmc_avail lsmc_syscall_probe(struct lsmc_ctx *ctx, uint64_t lsm, enum lsmc_scope scope,
				   int *errno_out)
{
	const struct lsmc_abi *abi = ctx->abi;
	long r = call(ctx, scope, abi->probe_op, lsm, NULL, 0);

	*errno_out = r < 0 ? (int)-r : 0;
	if (r == -ENOSYS)
		return LSMC_AVAIL_ABSENT;
	if (r == -abi->probe_hook_errno)
		return LSMC_AVAIL_YES;
	if (r == -abi->nohook_errno)
		return LSMC_AVAIL_UNIMPLEMENTED;
	if (r == -EPERM)
		return LSMC_AVAIL_DENIED;
	return LSMC_AVAIL_UNKNOWN;
}

/* The operation a request needs, or -1 when this revision has none for it. */
static long op_for(const struct lsmc_abi *abi, const struct lsmc_request *req)
{
	switch (req->kind) {
	case LSMC_REQ_REMOVE:
		return abi->op[LSMC_ABI_REMOVE];
	case LSMC_REQ_STACK:
		return abi->aa_self == LSMC_AA_SELF_NAME ? abi->op[LSMC_ABI_LOAD] : -1;
	case LSMC_REQ_LOAD:
		break;
	}
	if (req->lsm != LSM_ID_APPARMOR)
		return abi->op[LSMC_ABI_LOAD];
	if (req->scope == LSMC_SCOPE_SELF)
		return abi->aa_self == LSMC_AA_SELF_BLOB ? abi->op[LSMC_ABI_LOAD] : -1;
	/* An AppArmor system load replaces what is loaded, as .replace does. */
	return abi->load_replaces ? abi->op[LSMC_ABI_LOAD] : abi->op[LSMC_ABI_REPLACE];
}

bool lsmc_syscall_offers(const struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 const char **why)
{
	const struct lsmc_abi *abi = ctx->abi;

	if (op_for(abi, req) >= 0)
		return true;
	if (req->kind == LSMC_REQ_STACK)
		*why = "its AppArmor self call loads compiled policy, it does not stack a "
		       "profile by name";
	else if (req->kind == LSMC_REQ_REMOVE)
		*why = "it has no REMOVE operation in this build (a revision that has one "
		       "takes its value from meson option lsm_policy_remove_op)";
	else if (req->scope == LSMC_SCOPE_SELF)
		*why = "its AppArmor self call stacks a profile by name, it does not load "
		       "compiled policy";
	else
		*why = "its LOAD does not replace loaded profiles and it has no REPLACE "
		       "operation in this build (meson option lsm_policy_replace_op)";
	return false;
}

static int kernel_failed(struct lsmc_ctx *ctx, struct lsmc_fail_info *fi, long r)
{
	fi->error = (int)r;
	fi->kernel_errno = (int)-r;
	return lsmc_fail(ctx, fi, "the kernel refused the request: %s", strerror((int)-r));
}

/* What one call of a whole request tells: it was made, and it took all or
 * nothing. */
static int one_call(struct lsmc_ctx *ctx, const struct lsmc_request *req, long r,
		    struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	out->kernel_calls = 1;
	if (r < 0) {
		fi->hint = lsmc_refusal_hint(req, (int)-r);
		return kernel_failed(ctx, fi, r);
	}
	out->bytes = req->len;
	out->atomic = true;
	return 0;
}

bool lsmc_syscall_numbered(const struct lsmc_ctx *ctx, enum lsmc_scope scope)
{
	const struct lsmc_nr_table *nr = ctx->sys.nr;

	if (!nr)
		return true;
	switch (ctx->abi->entry[scope == LSMC_SCOPE_SELF]) {
	case LSMC_ENTRY_SELF_POLICY:
		return nr->config_self_policy >= 0;
	case LSMC_ENTRY_SYSTEM_POLICY:
		return nr->config_system_policy >= 0;
	case LSMC_ENTRY_CONFIG_POLICY:
		return nr->config_policy >= 0;
	}
	return false;
}

int lsmc_syscall_unnumbered(struct lsmc_ctx *ctx, const struct lsmc_request *req)
{
	struct lsmc_fail_info fi = {
		.error = -ENOSYS,
		.lsm = req->lsm,
		.backend = LSMC_BACKEND_SYSCALL,
		.interface = lsmc_syscall_name(ctx, req->scope),
		.hint = "the syscall is proposed, not merged: use the pseudo-filesystem "
			"(--backend fs or auto), or build with the number your kernel gives it "
			"(meson -Dnr_lsm_config_system_policy=N and its siblings)",
	};

	/* Nothing entered the kernel: no part of the input was applied. */
	return lsmc_fail(ctx, &fi, "not called: this build has no syscall number for it");
}

/* "<ns>\0<payload>" in one buffer, using the room the caller left in front. */
static char *ns_prefixed(const struct lsmc_request *req, const char *ns, size_t nslen, bool *copied)
{
	char *buf;

	*copied = req->headroom < nslen;
	if (!*copied) {
		buf = (char *)req->payload - nslen;
		memcpy(buf, ns, nslen);
		return buf;
	}
	buf = malloc(nslen + req->len);
	if (buf) {
		memcpy(buf, ns, nslen);
		memcpy(buf + nslen, req->payload, req->len);
	}
	return buf;
}

/*
 * AppArmor system: "<ns>\0<blob>" to load or replace, "<ns>\0<name>" to
 * remove; atomic (kernel-abi §4.1, §9.3).
 */
static int apparmor_system(struct lsmc_ctx *ctx, const struct lsmc_request *req, uint32_t op,
			   struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	const struct lsmc_abi *abi = ctx->abi;
	const char *ns = req->ns ? req->ns : "";
	size_t nslen = strlen(ns) + 1;
	size_t max = req->kind == LSMC_REQ_REMOVE && abi->aa_remove_max ? abi->aa_remove_max
									: abi->aa_max;
	bool copied;
	char *buf;
	long r;

	if (nslen > AA_PROFILE_NAME_MAX_SIZE) {
		fi->error = -ENAMETOOLONG;
		return lsmc_fail(ctx, fi,
				 "namespace name is %zu bytes; the kernel takes at most %u",
				 nslen - 1, AA_PROFILE_NAME_MAX_SIZE - 1);
	}
	if (req->len == 0 || req->len > max - nslen) {
		fi->error = req->len == 0 ? -EINVAL : -E2BIG;
		return lsmc_fail(ctx, fi, "%s of %zu bytes; the kernel takes 1 to %zu",
				 req->kind == LSMC_REQ_REMOVE ? "profile name" : "policy", req->len,
				 max - nslen);
	}
	buf = ns_prefixed(req, ns, nslen, &copied);
	if (!buf)
		return -ENOMEM;
	r = call(ctx, LSMC_SCOPE_SYSTEM, op, req->lsm, buf, (uint32_t)(nslen + req->len));
	if (copied)
		free(buf);
	return one_call(ctx, req, r, fi, out);
}

/* AppArmor self: a profile name to stack (v6, §4.1) or compiled policy for
 * a transient namespace of the caller (unified, §9.3). */
static int apparmor_self(struct lsmc_ctx *ctx, const struct lsmc_request *req, uint32_t op,
			 struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	char name[AA_PROFILE_NAME_MAX_SIZE];
	void *buf = name;
	uint32_t size;
	long r;

	if (req->kind == LSMC_REQ_STACK) {
		/* Checked here, where the copy is made: not every caller comes
		 * through the dispatcher's lsmc_request_check(). */
		if (req->len == 0 || req->len >= sizeof(name) ||
		    memchr(req->payload, '\0', req->len)) {
			fi->error = req->len >= sizeof(name) ? -E2BIG : -EINVAL;
			return lsmc_fail(ctx, fi,
					 "a profile name of %zu bytes to stack; the kernel takes 1 "
					 "to %zu, without NUL",
					 req->len, sizeof(name) - 1);
		}
		memcpy(name, req->payload, req->len);
		name[req->len] = '\0';
		size = (uint32_t)req->len + 1;
	} else {
		if (req->len == 0 || req->len > ctx->abi->aa_max) {
			fi->error = req->len == 0 ? -EINVAL : -E2BIG;
			return lsmc_fail(ctx, fi, "policy of %zu bytes; the kernel takes 1 to %u",
					 req->len, ctx->abi->aa_max);
		}
		buf = (void *)req->payload;
		size = (uint32_t)req->len;
	}
	r = call(ctx, LSMC_SCOPE_SELF, op, req->lsm, buf, size);
	return one_call(ctx, req, r, fi, out);
}

static int selinux_system(struct lsmc_ctx *ctx, const struct lsmc_request *req, uint32_t op,
			  struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	long r;

	if (req->len == 0 || req->len > UINT32_MAX) {
		fi->error = req->len == 0 ? -EINVAL : -E2BIG;
		return lsmc_fail(ctx, fi, "policy of %zu bytes does not fit the syscall", req->len);
	}
	r = call(ctx, LSMC_SCOPE_SYSTEM, op, req->lsm, (void *)req->payload, (uint32_t)req->len);
	return one_call(ctx, req, r, fi, out);
}

struct smack_send {
	enum lsmc_scope scope;
	uint32_t op;
	int fmt;
	char *buf; /* fmt byte + one window */
};

static long smack_send(struct lsmc_ctx *ctx, void *arg, const char *text, size_t len)
{
	struct smack_send *s = arg;

	s->buf[0] = (char)s->fmt;
	memcpy(s->buf + 1, text, len);
	return call(ctx, s->scope, s->op, LSM_ID_SMACK, s->buf, (uint32_t)len + 1);
}

static int smack(struct lsmc_ctx *ctx, const struct lsmc_request *req, uint32_t op,
		 struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	struct smack_send s = {.scope = req->scope, .op = op, .fmt = req->smack_fmt};
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
		.interface = lsmc_syscall_name(ctx, req->scope),
	};
	const char *why = "";
	long op = op_for(ctx->abi, req);

	*out = (struct lsmc_delivery){.backend = LSMC_BACKEND_SYSCALL};
	if (!lsmc_syscall_offers(ctx, req, &why)) {
		fi.error = -EOPNOTSUPP;
		fi.hint = "use --backend fs (or auto): the pseudo-filesystem offers it";
		return lsmc_fail(ctx, &fi, "the %s revision of the policy syscalls cannot: %s",
				 ctx->abi->name, why);
	}
	if (!lsmc_syscall_numbered(ctx, req->scope))
		return lsmc_syscall_unnumbered(ctx, req);
	switch (req->lsm) {
	case LSM_ID_APPARMOR:
		return req->scope == LSMC_SCOPE_SELF
			       ? apparmor_self(ctx, req, (uint32_t)op, &fi, out)
			       : apparmor_system(ctx, req, (uint32_t)op, &fi, out);
	case LSM_ID_SELINUX:
		return selinux_system(ctx, req, (uint32_t)op, &fi, out);
	case LSM_ID_SMACK:
		return smack(ctx, req, (uint32_t)op, &fi, out);
	default:
		fi.error = -EOPNOTSUPP;
		return lsmc_fail(ctx, &fi, "no policy loading for this LSM");
	}
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Choosing the backend for a request (design §5), the only caller of the
 * backends' delivery functions. In auto mode the syscall is used when the
 * probe found the LSM answering it; the pseudo-filesystem is used only when
 * the syscall is absent, has no hook for this LSM, or was refused before
 * dispatch (EPERM: capability or seccomp), and when the LSM's rules say a
 * refusal of the syscall left nothing applied (a Smack self load refused
 * for lack of privilege). A failure of the load itself is reported, never
 * retried through the other backend: that could apply a policy the kernel
 * just refused, or apply it twice.
 *
 * What differs between LSMs is in each LSM's table (struct lsmc_lsm_rules,
 * defined beside its loader); nothing here names one LSM.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const struct lsmc_lsm_rules *const lsm_rules[] = {
	&lsmc_apparmor_delivery_rules,
	&lsmc_selinux_delivery_rules,
	&lsmc_smack_delivery_rules,
};

/* The rules of an LSM the library loads policy for, else NULL. */
static const struct lsmc_lsm_rules *rules_of(uint64_t lsm)
{
	for (size_t i = 0; i < sizeof(lsm_rules) / sizeof(lsm_rules[0]); i++)
		if (lsm_rules[i]->lsm == lsm)
			return lsm_rules[i];
	return NULL;
}

const char *lsmc_refusal_hint(const struct lsmc_request *req, int error)
{
	const struct lsmc_lsm_rules *rules = rules_of(req->lsm);

	return rules && rules->refusal_hint ? rules->refusal_hint(req, error) : NULL;
}

bool lsmc_syscall_usable(enum lsmc_avail a)
{
	return a == LSMC_AVAIL_YES || a == LSMC_AVAIL_UNKNOWN;
}

static const char *avail_reason(enum lsmc_avail a)
{
	switch (a) {
	case LSMC_AVAIL_ABSENT:
		return "the kernel has no such syscall";
	case LSMC_AVAIL_UNIMPLEMENTED:
		return "the LSM does not implement it";
	case LSMC_AVAIL_DENIED:
		return "it was refused with EPERM (capability or seccomp)";
	default:
		return "unknown";
	}
}

/* The backend a request is bound to: its own pin, else the context's. */
static enum lsmc_backend chosen(const struct lsmc_ctx *ctx, const struct lsmc_request *req)
{
	return req->via != LSMC_BACKEND_AUTO ? req->via : ctx->backend;
}

/* What no backend can deliver, refused before any backend is chosen. */
int lsmc_request_check(struct lsmc_ctx *ctx, const struct lsmc_request *req)
{
	struct lsmc_fail_info fi = {.lsm = req->lsm, .backend = ctx->backend};
	const struct lsmc_lsm_rules *rules = rules_of(req->lsm);
	const char *why = "";
	int r;

	if (!rules) {
		fi.error = -EOPNOTSUPP;
		return lsmc_fail(ctx, &fi,
				 "liblsmconfig loads policy for AppArmor, SELinux and Smack only");
	}
	if (rules->check && (r = rules->check(ctx, req, &fi)) < 0)
		return r;
	/* A forced syscall this build cannot make: a dry run must not call the
	 * input loadable when the real load could not start. */
	if (chosen(ctx, req) == LSMC_BACKEND_SYSCALL && lsmc_syscall_offers(ctx, req, &why) &&
	    !lsmc_syscall_numbered(ctx, req->scope))
		return lsmc_syscall_unnumbered(ctx, req);
	return 0;
}

/* The auto decision, made here only: the syscall when the context's
 * revision can carry the request and the probe found the LSM answering it,
 * else the pseudo-filesystem; a forced or pinned backend is that one. */
static int route(struct lsmc_ctx *ctx, const struct lsmc_request *req, enum lsmc_backend *via,
		 bool log)
{
	const struct lsmc_lsm_info *info;
	enum lsmc_avail avail;
	const char *why = "";
	int r;

	*via = chosen(ctx, req);
	if (*via != LSMC_BACKEND_AUTO)
		return 0;
	/* What the syscall's revision cannot carry goes to the pseudo-fs
	 * without asking the kernel (a load that must replace where LOAD
	 * does not, a remove without a REMOVE operation, ...). */
	*via = LSMC_BACKEND_FS;
	if (!lsmc_syscall_offers(ctx, req, &why)) {
		if (log)
			info(ctx, "%s: using the pseudo-filesystem: %s: %s",
			     lsmc_lsm_name(req->lsm), lsmc_syscall_name(ctx, req->scope), why);
		return 0;
	}
	r = lsmc_probe_cached(ctx, req->lsm, &info);
	if (r < 0)
		return r;
	avail = req->scope == LSMC_SCOPE_SELF ? info->syscall_self : info->syscall_system;
	if (lsmc_syscall_usable(avail))
		*via = LSMC_BACKEND_SYSCALL;
	else if (log)
		info(ctx, "%s: using the pseudo-filesystem: %s %s", lsmc_lsm_name(req->lsm),
		     lsmc_syscall_name(ctx, req->scope), avail_reason(avail));
	return 0;
}

int lsmc_route(struct lsmc_ctx *ctx, const struct lsmc_request *req, enum lsmc_backend *via)
{
	return route(ctx, req, via, false);
}

static int deliver(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out)
{
	const struct lsmc_lsm_rules *rules;
	enum lsmc_backend via;
	unsigned refused;
	int r;

	r = lsmc_request_check(ctx, req);
	if (r < 0)
		return r;
	r = route(ctx, req, &via, true);
	if (r < 0)
		return r;
	if (via == LSMC_BACKEND_FS)
		return lsmc_deliver_fs(ctx, req, out);
	r = lsmc_deliver_syscall(ctx, req, out);
	/* Only a choice of auto mode may fall back, and only where the LSM
	 * says the refusal left nothing applied. */
	rules = rules_of(req->lsm);
	if (chosen(ctx, req) != LSMC_BACKEND_AUTO || !rules->fs_after_refusal ||
	    !rules->fs_after_refusal(req, r, out))
		return r;
	info(ctx, "%s", rules->fs_after_refusal_note);
	lsmc_clear_error(ctx);
	refused = out->kernel_calls;
	r = lsmc_deliver_fs(ctx, req, out);
	out->kernel_calls += refused;
	return r;
}

/* A change to the system's policy holds the LSM's load lock (lock.c);
 * the task's own policy concerns no other loader. */
int lsmc_deliver(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out)
{
	bool lock = req->scope == LSMC_SCOPE_SYSTEM && !req->task_ns;
	int r;

	lsmc_clear_error(ctx);
	if (lock && (r = lsmc_lock_take_lsm(ctx, req->lsm)) < 0)
		return r;
	r = deliver(ctx, req, out);
	if (lock)
		lsmc_lock_drop_lsm(ctx, req->lsm);
	return r;
}

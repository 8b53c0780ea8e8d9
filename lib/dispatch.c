/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Choosing the backend for a request (design §5). In auto mode the syscall
 * is used when the probe found the LSM answering it; the pseudo-filesystem
 * is used only when the syscall is absent, has no hook for this LSM, or was
 * refused before dispatch (EPERM: capability or seccomp), and for a Smack
 * self load the syscall refused for lack of privilege. A failure of the
 * load itself is reported, never retried through the other backend: that
 * could apply a policy the kernel just refused, or apply it twice.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static bool is_atomic_path(const struct lsmc_request *req)
{
	return req->lsm != LSM_ID_SMACK;
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

/* What no backend can deliver, refused before any backend is chosen. */
int lsmc_request_check(struct lsmc_ctx *ctx, const struct lsmc_request *req)
{
	struct lsmc_fail_info fi = {.lsm = req->lsm, .backend = ctx->backend};
	const char *why = "";

	if (lsmc_slot_of(req->lsm) < 0) {
		fi.error = -EOPNOTSUPP;
		return lsmc_fail(ctx, &fi,
				 "liblsmconfig loads policy for AppArmor, SELinux and Smack only");
	}
	if (req->lsm == LSM_ID_SELINUX && req->scope == LSMC_SCOPE_SELF) {
		fi.error = -EOPNOTSUPP;
		fi.hint = "SELinux policy is system-wide: load it without the self scope";
		return lsmc_fail(ctx, &fi, "SELinux has no per-process policy");
	}
	if (req->require_atomic && !is_atomic_path(req)) {
		fi.error = -EOPNOTSUPP;
		fi.hint = "Smack applies rules one by one on every interface; drop the atomic "
			  "requirement";
		return lsmc_fail(ctx, &fi, "no atomic delivery exists for Smack rule sets");
	}
	/* A profile name to stack, for either backend: the syscall silently
	 * does nothing for an empty one, and both take at most 511 bytes. */
	if (req->kind == LSMC_REQ_STACK && (req->len == 0 || req->len >= AA_PROFILE_NAME_MAX_SIZE ||
					    memchr(req->payload, '\0', req->len))) {
		fi.error = req->len >= AA_PROFILE_NAME_MAX_SIZE ? -E2BIG : -EINVAL;
		return lsmc_fail(ctx, &fi,
				 "a profile name of 1 to %u bytes, without NUL, is needed",
				 AA_PROFILE_NAME_MAX_SIZE - 1);
	}
	/* A forced syscall this build cannot make: a dry run must not call the
	 * input loadable when the real load could not start. */
	if (ctx->backend == LSMC_BACKEND_SYSCALL && lsmc_syscall_offers(ctx, req, &why) &&
	    !lsmc_syscall_numbered(ctx, req->scope))
		return lsmc_syscall_unnumbered(ctx, req);
	return 0;
}

/*
 * Smack's syscall asks for CAP_MAC_ADMIN even for the task's own rules,
 * which only restrict and which load-self2 takes from anyone (kernel-abi
 * §4.3). The probe cannot see that check (it runs after the operation is
 * known), so the refusal comes from the load itself; Smack refuses before
 * it parses, so nothing was applied and the pseudo-filesystem may go.
 */
static bool smack_self_needs_privilege(const struct lsmc_request *req, int r,
				       const struct lsmc_delivery *d)
{
	return r == -EPERM && req->lsm == LSM_ID_SMACK && req->scope == LSMC_SCOPE_SELF &&
	       d->bytes == 0;
}

static int deliver(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out)
{
	const struct lsmc_lsm_info *info;
	enum lsmc_avail avail;
	unsigned refused;
	const char *why = "";
	int r;

	r = lsmc_request_check(ctx, req);
	if (r < 0)
		return r;

	switch (ctx->backend) {
	case LSMC_BACKEND_SYSCALL:
		return lsmc_deliver_syscall(ctx, req, out);
	case LSMC_BACKEND_FS:
		return lsmc_deliver_fs(ctx, req, out);
	case LSMC_BACKEND_AUTO:
		break;
	}
	/* What the syscall's revision cannot carry goes to the pseudo-fs
	 * without asking the kernel (a load that must replace where LOAD
	 * does not, a remove without a REMOVE operation, ...). */
	if (!lsmc_syscall_offers(ctx, req, &why)) {
		info(ctx, "%s: using the pseudo-filesystem: %s: %s", lsmc_lsm_name(req->lsm),
		     lsmc_syscall_name(ctx, req->scope), why);
		return lsmc_deliver_fs(ctx, req, out);
	}
	r = lsmc_probe_cached(ctx, req->lsm, &info);
	if (r < 0)
		return r;
	avail = req->scope == LSMC_SCOPE_SELF ? info->syscall_self : info->syscall_system;
	if (lsmc_syscall_usable(avail)) {
		r = lsmc_deliver_syscall(ctx, req, out);
		if (!smack_self_needs_privilege(req, r, out))
			return r;
		info(ctx, "smack: the syscall wants CAP_MAC_ADMIN for the task's own rules; "
			  "load-self2 needs none");
		lsmc_clear_error(ctx);
		refused = out->kernel_calls;
		r = lsmc_deliver_fs(ctx, req, out);
		out->kernel_calls += refused;
		return r;
	}
	info(ctx, "%s: using the pseudo-filesystem: %s %s", lsmc_lsm_name(req->lsm),
	     lsmc_syscall_name(ctx, req->scope), avail_reason(avail));
	return lsmc_deliver_fs(ctx, req, out);
}

/* A change to the system's policy holds the LSM's load lock (lock.c);
 * the task's own policy concerns no other loader. */
int lsmc_deliver(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out)
{
	bool lock = req->scope == LSMC_SCOPE_SYSTEM;
	int r;

	lsmc_clear_error(ctx);
	if (lock && (r = lsmc_lock_take_lsm(ctx, req->lsm)) < 0)
		return r;
	r = deliver(ctx, req, out);
	if (lock)
		lsmc_lock_drop_lsm(ctx, req->lsm);
	return r;
}

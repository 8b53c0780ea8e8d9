/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor: the calling task confines itself with compiled policy. Where
 * the policy syscall takes a blob for the caller (a transient namespace the
 * kernel makes, loads and stacks; no privilege), that is one call. Other
 * kernels get the same effect from a privileged caller in three steps: a
 * policy namespace named after the caller, the policy loaded into it, and
 * each of its profiles stacked onto the caller. That namespace outlives the
 * call: whoever started the task removes it once the task has ended.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apparmor-blob.h"
#include "apparmor-ns.h"
#include "apparmor-self.h"
#include "load.h"

void lsmc_apparmor_self_ns_name(pid_t pid, char *buf, size_t len)
{
	snprintf(buf, len, "lsmc-self.%d", (int)pid);
}

/* Whether the syscall route is the one to take (auto mode asks the probe). */
static int use_syscall(struct lsmc_ctx *ctx, const struct lsmc_request *req, bool *yes)
{
	const struct lsmc_lsm_info *pi;
	const char *why;
	int r;

	*yes = ctx->backend == LSMC_BACKEND_SYSCALL;
	if (ctx->backend != LSMC_BACKEND_AUTO || !lsmc_syscall_offers(ctx, req, &why))
		return 0;
	r = lsmc_probe_cached(ctx, LSM_ID_APPARMOR, &pi);
	if (r < 0)
		return r;
	*yes = lsmc_syscall_usable(pi->syscall_self);
	return 0;
}

static int refuse_unprivileged(struct lsmc_ctx *ctx)
{
	char msg[400];

	snprintf(msg, sizeof(msg),
		 "this kernel does not load compiled policy for the calling task through "
		 "%s, and without that a task confines itself with compiled policy only "
		 "through a policy namespace of its own, which needs CAP_MAC_ADMIN and a "
		 "writable apparmorfs",
		 lsmc_syscall_name(ctx, LSMC_SCOPE_SELF));
	return lsmc_aa_fail(ctx, -EPERM, "apparmorfs",
			    "run it as root, or stack a profile that is already loaded "
			    "(lsmc_apparmor_stack)",
			    msg);
}

/* Stack ":ns:name" for every profile of the blob (hats come with theirs). */
static int stack_all(struct lsmc_ctx *ctx, const char *ns, char **names, unsigned *calls)
{
	char fq[2 * AA_PROFILE_NAME_MAX_SIZE];
	struct lsmc_delivery d;
	int r;

	for (size_t i = 0; names[i]; i++) {
		struct lsmc_request req = {
			.lsm = LSM_ID_APPARMOR, .scope = LSMC_SCOPE_SELF, .kind = LSMC_REQ_STACK};

		if (strstr(names[i], "//"))
			continue;
		snprintf(fq, sizeof(fq), ":%s:%s", ns, names[i]);
		req.payload = fq;
		req.len = strlen(fq);
		r = lsmc_deliver(ctx, &req, &d);
		*calls += d.kernel_calls;
		if (r < 0)
			return r;
	}
	return 0;
}

static int through_namespace(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			     unsigned profiles, const struct lsmc_load_opts *opts,
			     struct lsmc_result *res)
{
	struct lsmc_aa_blob_info bi = {0};
	struct lsmc_result out = {.sz = sizeof(out), .backend = LSMC_BACKEND_FS};
	struct lsmc_request load = *req;
	const struct lsmc_lsm_info *pi;
	struct lsmc_delivery d = {0};
	char ns[64], why[256];
	bool created = false;
	int r;

	r = lsmc_aa_blob_inspect(req->payload, req->len, &bi, why, sizeof(why));
	if (r < 0)
		return lsmc_aa_fail(ctx, r, "policy", "", why);
	if (bi.ns) {
		lsmc_aa_blob_info_free(&bi);
		return lsmc_aa_fail(ctx, -EINVAL, "policy",
				    "compile it without a namespace (no apparmor_parser -n)",
				    "policy for the calling task may not name a namespace");
	}
	r = lsmc_probe_cached(ctx, LSM_ID_APPARMOR, &pi);
	if (r == 0 && (!pi->cap_mac_admin || pi->fs != LSMC_FS_WRITABLE))
		r = refuse_unprivileged(ctx);
	if (r < 0 || opts->dry_run)
		goto out;

	lsmc_apparmor_self_ns_name(getpid(), ns, sizeof(ns));
	r = lsmc_apparmor_ns_create(ctx, ns);
	created = r == 0;
	if (r < 0 && r != -EEXIST)
		goto out;
	/* apparmorfs: the namespace was made there, below the caller's own */
	load.scope = LSMC_SCOPE_SYSTEM;
	load.ns = ns;
	r = lsmc_deliver_fs(ctx, &load, &d);
	out.kernel_calls = d.kernel_calls + created;
	out.bytes = d.bytes;
	if (r == 0)
		r = stack_all(ctx, ns, bi.names, &out.kernel_calls);
	if (r < 0 && created) {
		/* Nothing may keep a half-made namespace; the error stays. */
		struct lsmc_last_error e = ctx->err;
		lsmc_apparmor_ns_remove(ctx, ns);
		ctx->err = e;
	}
	if (r == 0)
		info(ctx, "apparmor: confined by policy namespace %s; remove it when the task ends",
		     ns);
out:
	out.items = r == 0 ? profiles : 0;
	out.parts = r == 0;
	lsmc_aa_blob_info_free(&bi);
	lsmc_result_put(res, &out);
	return r;
}

int lsmc_apparmor_self_load(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned profiles,
			    const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	bool syscall;
	int r = use_syscall(ctx, req, &syscall);

	if (r < 0)
		return r;
	if (syscall)
		return lsmc_load_request(ctx, req, profiles, opts, res);
	return through_namespace(ctx, req, profiles, opts, res);
}

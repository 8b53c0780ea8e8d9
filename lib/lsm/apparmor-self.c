/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor: the calling task confines itself with compiled policy. Where
 * the policy syscall takes a blob for the caller (a transient namespace the
 * kernel makes, loads and stacks), that is one call. Other kernels get the
 * same effect from a privileged caller in three steps: a policy namespace
 * of the task's own, the policy loaded into it, each of its profiles
 * stacked onto the caller. That namespace outlives the call; removing it
 * sends every task it confines back to unconfined, so whoever removes it
 * must know that none of them is alive (lsmc_apparmor_self_prune).
 *
 * Either way the result is the label the kernel reports afterwards, not
 * the one asked for: a load that leaves the task without its profiles
 * fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>

#include "format/apparmor-blob.h"
#include "lsm/apparmor-label.h"
#include "lsm/apparmor-ns.h"
#include "lsm/apparmor-self.h"
#include "lsm/load.h"

/* Tries at a free random name before giving up: a collision of 64 random
 * bits means something is wrong with the randomness, not bad luck. */
#define NAME_TRIES 4

int lsmc_apparmor_self_ns_name(char *buf, size_t len)
{
	uint64_t v;
	ssize_t n;

	do
		n = getrandom(&v, sizeof(v), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(v))
		return n < 0 ? -errno : -EIO;
	snprintf(buf, len, LSMC_SELF_NS_PREFIX "%016llx", (unsigned long long)v);
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

/*
 * Policy for the task may not name a namespace: the kernel would load such
 * profiles beside the task's own namespace (below it, or anywhere a
 * privileged caller may write) and stack none of them, a sandbox that does
 * not exist. Refused before either route reaches the kernel.
 */
static int refuse_named_ns(struct lsmc_ctx *ctx, const struct lsmc_aa_blob_info *bi)
{
	char msg[LSMC_AA_LABEL_MAX / 4];
	const char *named = bi->ns;

	for (size_t i = 0; !named && bi->names[i]; i++)
		if (bi->names[i][0] == ':')
			named = bi->names[i];
	if (!named)
		return 0;
	snprintf(msg, sizeof(msg),
		 "policy for the calling task may not name a namespace (%s %s): its profiles "
		 "would be loaded beside the task's own namespace and never stacked",
		 bi->ns ? "the header names" : "profile", named);
	return lsmc_aa_fail(ctx, -EINVAL, "policy",
			    "compile it without a namespace: no apparmor_parser -n, no "
			    "\":ns:\" in profile names",
			    msg);
}

/* Keep what the result reports in the context: the strings live until the
 * next self load or stack on it. */
static void keep_confinement(struct lsmc_ctx *ctx, const char *label, const char *ns,
			     struct lsmc_result *out)
{
	free(ctx->result_label);
	free(ctx->result_ns);
	ctx->result_label = label ? strdup(label) : NULL;
	ctx->result_ns = ns && *ns ? strdup(ns) : NULL;
	out->label = ctx->result_label;
	out->ns = ctx->result_ns;
}

/*
 * After the kernel said yes: read the label back and find every profile of
 * the blob on it (hats come with theirs), in namespace ns (NULL: the one the
 * kernel chose, whose name goes to found). Anything missing is a failure.
 */
static int verify_label(struct lsmc_ctx *ctx, const struct lsmc_aa_blob_info *bi, const char *ns,
			char *label, size_t len, char *found, size_t found_len)
{
	char msg[LSMC_AA_LABEL_MAX + 256];
	int r = lsmc_aa_current_label(ctx, label, len);

	if (r < 0)
		return lsmc_aa_fail(ctx, r, "/proc/thread-self/attr/apparmor/current",
				    "mount proc on /proc so the confinement can be checked",
				    "the task's label cannot be read back after the load");
	for (size_t i = 0; bi->names[i]; i++) {
		if (strstr(bi->names[i], "//"))
			continue;
		if (lsmc_aa_label_find(label, ns, bi->names[i], found, found_len))
			continue;
		snprintf(msg, sizeof(msg),
			 "the kernel took the policy, but the task's label is '%s', without "
			 "profile %s: it is not confined as asked",
			 label, bi->names[i]);
		return lsmc_aa_fail(ctx, -EPROTO, "apparmor",
				    "report this: the kernel and liblsmconfig disagree on how "
				    "a self load confines the task",
				    msg);
	}
	return 0;
}

static int through_syscall(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned profiles,
			   const struct lsmc_aa_blob_info *bi, const struct lsmc_load_opts *opts,
			   struct lsmc_result *res)
{
	struct lsmc_result out = {.sz = sizeof(out)};
	char label[LSMC_AA_LABEL_MAX], ns[AA_PROFILE_NAME_MAX_SIZE] = "";
	int r = lsmc_load_request(ctx, req, profiles, opts, &out);

	if (r == -EPERM && ctx->sys.no_new_privs(ctx->sys.data) == 0) {
		/* The kernel lets a task restrict itself across execve() only
		 * once no setuid program can meet the restriction. */
		snprintf(ctx->err.hint, sizeof(ctx->err.hint), "%s",
			 "set no_new_privs first (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)): "
			 "this kernel confines an unprivileged task with its own policy only "
			 "then, so that no setuid program runs under it");
	}
	if (r == 0 && !opts->dry_run)
		r = verify_label(ctx, bi, NULL, label, sizeof(label), ns, sizeof(ns));
	if (r == 0 && !opts->dry_run)
		keep_confinement(ctx, label, ns, &out);
	if (r < 0) {
		out.items = 0;
		out.parts = 0;
	}
	lsmc_result_put(res, &out);
	return r;
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
		memset(&d, 0, sizeof(d));
		r = lsmc_deliver(ctx, &req, &d);
		*calls += d.kernel_calls;
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * A namespace no other task holds: a random name, made by mkdir, which
 * fails on a name that exists; such a name is never joined, another is
 * drawn. Its directory is returned open and locked: a prune takes only a
 * namespace it can lock, so it never takes one being set up.
 */
static int make_own_ns(struct lsmc_ctx *ctx, char *ns, size_t len, int *lockfd)
{
	char rel[PATH_MAX];
	int r = -EEXIST;

	for (int i = 0; i < NAME_TRIES && r == -EEXIST; i++) {
		r = lsmc_apparmor_self_ns_name(ns, len);
		if (r < 0)
			return lsmc_aa_fail(ctx, r, "getrandom", "",
					    "no random name for the task's namespace");
		r = lsmc_fs_apparmor_ns_create(ctx, ns);
		if (r == -EEXIST)
			dbg(ctx, "apparmor: namespace %s exists: another name", ns);
	}
	if (r < 0)
		return r;
	snprintf(rel, sizeof(rel), "apparmor/policy/namespaces/%s", ns);
	*lockfd = lsmc_fs_open_file(ctx, SLOT_APPARMOR, rel, O_RDONLY | O_DIRECTORY);
	r = *lockfd < 0 ? *lockfd : ctx->sys.flock(ctx->sys.data, *lockfd, LOCK_EX);
	if (r < 0) {
		struct lsmc_last_error e = ctx->err;
		if (*lockfd >= 0)
			ctx->sys.close(ctx->sys.data, *lockfd);
		*lockfd = -1;
		lsmc_apparmor_ns_remove(ctx, ns);
		ctx->err = e;
		if (e.error == 0)
			lsmc_aa_fail(ctx, r, rel, "", "cannot lock the new namespace");
	}
	return r;
}

static int through_namespace(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			     unsigned profiles, const struct lsmc_aa_blob_info *bi,
			     const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	struct lsmc_result out = {.sz = sizeof(out), .backend = LSMC_BACKEND_FS};
	struct lsmc_request load = *req;
	const struct lsmc_lsm_info *pi;
	struct lsmc_delivery d = {0};
	char ns[64], label[LSMC_AA_LABEL_MAX];
	int r, lockfd = -1;

	r = lsmc_probe_cached(ctx, LSM_ID_APPARMOR, &pi);
	if (r == 0 && (!pi->cap_mac_admin || pi->fs != LSMC_FS_WRITABLE))
		r = refuse_unprivileged(ctx);
	if (r < 0 || opts->dry_run)
		goto out;
	if (ctx->sys.no_new_privs(ctx->sys.data) == 0)
		warn(ctx, "apparmor: self load without no_new_privs: a setuid program this task "
			  "runs will run under the profile too");

	r = make_own_ns(ctx, ns, sizeof(ns), &lockfd);
	if (r < 0)
		goto out;
	/* apparmorfs: the namespace was made there, below the root's */
	load.scope = LSMC_SCOPE_SYSTEM;
	load.ns = ns;
	load.via = LSMC_BACKEND_FS;
	load.task_ns = true;
	r = lsmc_deliver(ctx, &load, &d);
	out.kernel_calls = d.kernel_calls + 1;
	out.bytes = d.bytes;
	if (r == 0)
		r = stack_all(ctx, ns, bi->names, &out.kernel_calls);
	if (r == 0)
		r = verify_label(ctx, bi, ns, label, sizeof(label), NULL, 0);
	if (r < 0) {
		/* Nothing may keep a half-made namespace; the error stays. Once
		 * a stack took, the task sees only that namespace and cannot
		 * remove it: the message says who can. */
		struct lsmc_last_error e = ctx->err;
		int rr = lsmc_apparmor_ns_remove(ctx, ns);
		size_t used = strlen(e.message);

		ctx->err = e;
		if (rr < 0)
			snprintf(ctx->err.message + used, sizeof(ctx->err.message) - used,
				 "; namespace %s stays until this task has ended (then: lsmctl ns "
				 "prune)",
				 ns);
	} else {
		keep_confinement(ctx, label, ns, &out);
		info(ctx,
		     "apparmor: confined as %s by policy namespace %s; remove it once every "
		     "task it confines has ended",
		     label, ns);
	}
	ctx->sys.close(ctx->sys.data, lockfd);
out:
	out.items = r == 0 ? profiles : 0;
	out.parts = r == 0;
	lsmc_result_put(res, &out);
	return r;
}

int lsmc_apparmor_self_load(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned profiles,
			    const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	struct lsmc_aa_blob_info bi = {0};
	char why[256];
	enum lsmc_backend via = LSMC_BACKEND_FS;
	int r;

	r = lsmc_aa_blob_inspect(req->payload, req->len, &bi, why, sizeof(why));
	if (r < 0)
		return lsmc_aa_fail(ctx, r, "policy", "", why);
	r = refuse_named_ns(ctx, &bi);
	if (r == 0)
		r = lsmc_route(ctx, req, &via);
	if (r == 0)
		r = via == LSMC_BACKEND_SYSCALL
			    ? through_syscall(ctx, req, profiles, &bi, opts, res)
			    : through_namespace(ctx, req, profiles, &bi, opts, res);
	lsmc_aa_blob_info_free(&bi);
	return r;
}

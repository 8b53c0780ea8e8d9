/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * SELinux: a binary kernel policy in, one atomic request out. The header is
 * checked, the policy version compared with what the kernel supports, and
 * the whole policy walked, before the policy is sent.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsm/file.h"
#include "state/kstate.h"
#include "lsm/load.h"
#include "lsm/selinux-config.h"
#include "format/selinux-policy.h"
#include "format/selinux-sepol.h"
#include "format/selinux-walk.h"

/* selinuxfs has no size cap any more; this bounds what we read into memory. */
#define SELINUX_POLICY_MAX ((size_t)1 << 30)

static int LSMC_PRINTF(5, 6) fail(struct lsmc_ctx *ctx, int error, const char *interface,
				  const char *hint, const char *fmt, ...)
{
	struct lsmc_fail_info fi = {
		.error = error,
		.lsm = LSM_ID_SELINUX,
		.interface = interface,
		.hint = hint,
	};
	char msg[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	return lsmc_fail(ctx, &fi, "%s", msg);
}

/*
 * The header is not the policy: the whole of it is read before the kernel
 * does, so a policy cut short or damaged is refused before anything is
 * written. Our own walk (selinux-walk.c) does it in one pass without
 * allocating, and its refusal names the table, entry and byte. libsepol,
 * which builds and checks a whole policy database (about seventy times the
 * walk's work, most of it malloc), reads only a version newer than the walk
 * knows. It is not asked to explain a refusal: on a damaged count (a type
 * count near 2^30, say) it allocates and loops for minutes where the walk
 * stops at once.
 */
static int whole_policy(struct lsmc_ctx *ctx, const void *policy, size_t len, uint32_t version,
			const char *name)
{
	char why[512], sepol[512];
	size_t end = len;
	int r = lsmc_selinux_policy_walk(policy, len, &end, why, sizeof(why));

	if (r == 0) {
		if (end < len)
			info(ctx,
			     "selinux: %s: the policy ends at byte %zu of %zu; the kernel "
			     "ignores the rest",
			     name, end, len);
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	if (r != -EOPNOTSUPP)
		return fail(ctx, r, name,
			    "rebuild the policy, or copy it again if it was cut short",
			    "not a loadable SELinux kernel policy: %s", why);
	r = lsmc_selinux_policy_validate(policy, len, version, sepol, sizeof(sepol));
	if (r == -EINVAL)
		return fail(ctx, r, name,
			    "rebuild the policy, or copy it again if it was cut short",
			    "not a loadable SELinux kernel policy: libsepol: %s", sepol);
	if (r < 0 && r != -EOPNOTSUPP)
		return r;
	if (r < 0)
		dbg(ctx, "selinux: only the header of %s was checked: %s; %s", name, why, sepol);
	return 0;
}

static int load_policy(struct lsmc_ctx *ctx, const void *policy, size_t len, const char *name,
		       const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	struct lsmc_selinux_policy_info info = {0};
	struct lsmc_request req = {
		.lsm = LSM_ID_SELINUX,
		.scope = LSMC_SCOPE_SYSTEM,
		.payload = policy,
		.len = len,
		.require_atomic = opts->require_atomic,
	};
	char why[512];
	unsigned kv;
	int r;

	r = lsmc_selinux_policy_inspect(policy, len, &info, why, sizeof(why));
	if (r < 0)
		return fail(ctx, r, name, "", "not a loadable SELinux kernel policy: %s", why);
	kv = lsmc_kstate_selinux_policyvers(ctx);
	if (kv) {
		r = lsmc_selinux_check_version(info.version, kv, why, sizeof(why));
		if (r < 0)
			return fail(ctx, r, name,
				    "build the policy for this kernel: checkpolicy -c VERSION, or "
				    "load the policy.NN file whose NN the kernel supports",
				    "%s", why);
	} else {
		dbg(ctx, "selinux: kernel policy version unknown (selinuxfs not readable)");
	}
	r = whole_policy(ctx, policy, len, info.version, name);
	if (r < 0)
		return r;
	r = lsmc_load_request(ctx, &req, 1, opts, res);
	return r;
}

static int common_checks(struct lsmc_ctx *ctx, const struct lsmc_load_opts *in,
			 struct lsmc_load_opts *opts)
{
	int r = lsmc_load_begin(ctx, LSM_ID_SELINUX, in, opts);

	if (r < 0)
		return r;
	if (opts->scope == LSMC_SCOPE_SELF)
		return fail(ctx, -EOPNOTSUPP, "options",
			    "SELinux policy is system-wide: load it without the self scope", "%s",
			    "SELinux has no per-process policy");
	if (opts->ns)
		return fail(ctx, -EINVAL, "options", "", "%s",
			    "policy namespaces are an AppArmor notion");
	return 0;
}

LSMC_EXPORT int lsmc_selinux_load(struct lsmc_ctx *ctx, const void *policy, size_t len,
				  const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	if (!policy || len == 0)
		return fail(ctx, -EINVAL, "buffer", "", "%s", "an empty policy");
	return load_policy(ctx, policy, len, "buffer", &opts, res);
}

/*
 * The configured policy, as load_policy finds it: SELINUXTYPE's directory,
 * the highest policy.NN the kernel takes.
 */
static int configured_policy(struct lsmc_ctx *ctx, char *path, size_t len)
{
	struct lsmc_selinux_config c;
	char base[PATH_MAX - 16]; /* room for ".NN" in path */
	unsigned top = lsmc_kstate_selinux_policyvers(ctx);
	int r = lsmc_selinux_config_read(ctx, &c);

	if (r < 0)
		return r;
	lsmc_selinux_config_policy_base(ctx, &c, base, sizeof(base));
	if (!top)
		top = LSMC_SELINUX_VERSION_KNOWN_MAX;
	for (unsigned v = top; v >= LSMC_SELINUX_VERSION_MIN; v--) {
		snprintf(path, len, "%s.%u", base, v);
		if (access(path, R_OK) == 0)
			return 0;
	}
	return fail(ctx, -ENOENT, base,
		    "install a policy (e.g. selinux-policy-default), set SELINUXTYPE in "
		    "/etc/selinux/config, or give the file",
		    "no %s.NN policy file for this kernel (SELINUXTYPE=%s)", base, c.type);
}

int lsmc_selinux_read_file(struct lsmc_ctx *ctx, const char *path, struct lsmc_file_bytes *map,
			   char *name, size_t namelen)
{
	char found[PATH_MAX];
	int r;

	if (!path) {
		r = configured_policy(ctx, found, sizeof(found));
		if (r < 0)
			return r;
		path = found;
		info(ctx, "selinux: configured policy %s", path);
	}
	snprintf(name, namelen, "%s", path);
	return lsmc_file_load(ctx, path, LSM_ID_SELINUX, SELINUX_POLICY_MAX, map);
}

int lsmc_selinux_load_named(struct lsmc_ctx *ctx, const void *policy, size_t len, const char *name,
			    const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	return load_policy(ctx, policy, len, name, &opts, res);
}

LSMC_EXPORT int lsmc_selinux_load_file(struct lsmc_ctx *ctx, const char *path,
				       const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	struct lsmc_file_bytes map;
	char name[PATH_MAX];
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	r = lsmc_selinux_read_file(ctx, path, &map, name, sizeof(name));
	if (r < 0)
		return r;
	r = load_policy(ctx, map.data, map.len, name, &opts, res);
	lsmc_file_bytes_free(&map);
	return r;
}

/* The dispatcher's rules for SELinux: one system-wide policy. */
static int selinux_check(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 struct lsmc_fail_info *fi)
{
	if (req->scope != LSMC_SCOPE_SELF)
		return 0;
	fi->error = -EOPNOTSUPP;
	fi->hint = "SELinux policy is system-wide: load it without the self scope";
	return lsmc_fail(ctx, fi, "SELinux has no per-process policy");
}

static const char *selinux_refusal_hint(const struct lsmc_request *req, int error)
{
	(void)req;
	switch (error) {
	case ENOENT:
		/* The booleans' files get their label from genfscon; since 6.12,
		 * sel_make_bools() fails the load when there is none. */
		return "the kernel could not build selinuxfs for this policy: Linux 6.12 and "
		       "later refuse a policy that has booleans but no \"genfscon selinuxfs\" "
		       "rule; add one (genfscon selinuxfs / CONTEXT) and build it again";
	case EINVAL:
		return "SELinux could not read or validate the policy; the kernel log says "
		       "why (dmesg | grep SELinux): compare its version with "
		       "/sys/fs/selinux/policyvers (checkpolicy -c builds another)";
	default:
		return NULL;
	}
}

const struct lsmc_lsm_rules lsmc_selinux_delivery_rules = {
	.lsm = LSM_ID_SELINUX,
	.check = selinux_check,
	.refusal_hint = selinux_refusal_hint,
};

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor: compiled policy in, one request out. Every blob is inspected
 * (header, every profile, no truncation) before anything reaches the
 * kernel; several files become one atomic set where the kernel allows it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/apparmor-blob.h"
#include "lsm/apparmor-cache.h"
#include "lsm/apparmor-ns.h"
#include "lsm/apparmor-self.h"
#include "lsm/file.h"
#include "state/kstate.h"
#include "lsm/load.h"

/* Bytes kept free before a load buffer for the namespace prefix. */
#define LSMC_AA_HEADROOM AA_PROFILE_NAME_MAX_SIZE

#define COMPILE_HINT "liblsmconfig loads what apparmor_parser(8) compiled; it never compiles"

/* The kernel refuses a format it does not take with a bare EPROTONOSUPPORT,
 * mid-set: check every header against what apparmorfs lists before any
 * write. Where it lists nothing, the static bound of the inspector stands. */
static int check_versions(struct lsmc_ctx *ctx, const char *name,
			  const struct lsmc_aa_blob_info *info)
{
	uint32_t taken = lsmc_kstate_aa_policy_versions(ctx), bad;
	char list[160] = "", msg[300];
	size_t at = 0;
	unsigned v;

	bad = info->abi_seen & ~taken;
	if (!taken || !bad)
		return 0;
	for (v = 0; !(bad & (1u << v)); v++)
		;
	for (unsigned k = 0; k < 32 && at < sizeof(list); k++)
		if (taken & (1u << k))
			at += (size_t)snprintf(list + at, sizeof(list) - at, "%sv%u", at ? " " : "",
					       k);
	snprintf(msg, sizeof(msg),
		 "policy format v%u, which this kernel does not take (it takes %s)", v, list);
	return lsmc_aa_fail(ctx, -EPROTONOSUPPORT, name,
			    "recompile it for this kernel: apparmor_parser on this machine, or "
			    "apparmor_parser -M /sys/kernel/security/apparmor/features",
			    msg);
}

static int inspect(struct lsmc_ctx *ctx, const void *blob, size_t len, const char *name,
		   struct lsmc_aa_blob_info *info)
{
	char why[512], msg[700];
	int r = lsmc_aa_blob_inspect(blob, len, info, why, sizeof(why));

	if (r == 0)
		return check_versions(ctx, name, info);
	snprintf(msg, sizeof(msg), "not loadable AppArmor policy: %s", why);
	return lsmc_aa_fail(ctx, r, name, r == -ENOEXEC ? COMPILE_HINT : "", msg);
}

/* A namespace the caller names must exist: say so rather than let the
 * syscall answer a bare EINVAL. Without apparmorfs the kernel decides. */
static int check_ns_exists(struct lsmc_ctx *ctx, const char *ns)
{
	int r;

	if (!ns)
		return 0;
	r = lsmc_kstate_aa_ns_exists(ctx, ns);
	lsmc_clear_error(ctx);
	if (r == 0)
		return lsmc_aa_fail(
			ctx, -ENOENT, ns,
			"create it first: lsmctl ns create NAME, or lsmc_apparmor_ns_create()",
			"the policy namespace does not exist");
	return 0;
}

static int load_blob(struct lsmc_ctx *ctx, const void *blob, size_t len, const char *name,
		     const struct lsmc_load_opts *opts, struct lsmc_result *res)
{
	struct lsmc_aa_blob_info info = {0};
	struct lsmc_request req = {
		.lsm = LSM_ID_APPARMOR,
		.scope = LSMC_SCOPE_SYSTEM,
		.ns = opts->ns,
		.payload = blob,
		.len = len,
		.require_atomic = opts->require_atomic,
	};
	int r;

	r = inspect(ctx, blob, len, name, &info);
	if (r < 0) {
		lsmc_aa_blob_info_free(&info);
		return r;
	}
	req.scope = opts->scope;
	if (opts->scope == LSMC_SCOPE_SELF)
		r = lsmc_apparmor_self_load(ctx, &req, (unsigned)info.n_profiles, opts, res);
	else
		r = lsmc_load_request(ctx, &req, (unsigned)info.n_profiles, opts, res);
	lsmc_aa_blob_info_free(&info);
	return r;
}

int lsmc_apparmor_check_target(struct lsmc_ctx *ctx, const char *ns)
{
	int r = lsmc_apparmor_check_ns(ctx, ns);

	return r < 0 ? r : check_ns_exists(ctx, ns);
}

static int common_checks(struct lsmc_ctx *ctx, const struct lsmc_load_opts *in,
			 struct lsmc_load_opts *opts)
{
	int r = lsmc_load_begin(ctx, LSM_ID_APPARMOR, in, opts);

	if (r < 0)
		return r;
	if (opts->scope == LSMC_SCOPE_SELF && opts->ns)
		return lsmc_aa_fail(ctx, -EINVAL, "options", "drop the namespace",
				    "policy for the calling task goes to a namespace of its own");
	return lsmc_apparmor_check_target(ctx, opts->ns);
}

LSMC_EXPORT int lsmc_apparmor_load(struct lsmc_ctx *ctx, const void *blob, size_t len,
				   const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	if (!blob && len)
		return lsmc_aa_fail(ctx, -EINVAL, "buffer", "", "no buffer given");
	return load_blob(ctx, blob, len, "buffer", &opts, res);
}

/*
 * The namespace a file's profiles go to, relative to the one written to.
 * The kernel takes the first header namespace of a write for every profile
 * in it (a later, different one is only logged), and refuses a write that
 * mixes ":ns:name" profiles with others: files that go to different
 * namespaces must never share a write.
 */
static char *group_of(const struct lsmc_aa_blob_info *info)
{
	if (info->ns)
		return strdup(info->ns);
	for (size_t i = 0; i < info->n_profiles; i++) {
		const char *name = info->names[i], *end;

		if (name[0] != ':')
			continue;
		end = strchr(name + 1, ':');
		return strndup(name + 1, end ? (size_t)(end - name - 1) : strlen(name + 1));
	}
	return strdup("");
}

static void free_groups(struct lsmc_aa_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].group);
		items[i].group = NULL;
	}
}

/*
 * Files are read straight into one buffer, each at its offset: a set goes
 * to the kernel in one write or syscall with no further copy, and a
 * file-by-file load sends each segment in place.
 */
static int read_items(struct lsmc_ctx *ctx, struct lsmc_aa_item *items, size_t n, bool skip_invalid,
		      char **bufp, size_t *totalp)
{
	char why[512], msg[700];
	size_t total = 0;
	char *buf;
	int r;

	for (size_t i = 0; i < n; i++) {
		items[i].status = lsmc_file_size(items[i].path, AA_PROFILE_MAX_SIZE, &items[i].len,
						 why, sizeof(why));
		if (items[i].status < 0) {
			items[i].len = 0;
			snprintf(msg, sizeof(msg), "%s", why);
			r = lsmc_aa_fail(ctx, items[i].status, items[i].path, "", msg);
			snprintf(items[i].message, sizeof(items[i].message), "%.100s: %.150s",
				 ctx->err.interface, ctx->err.message);
			if (!skip_invalid || r == -ENOMEM)
				return r;
			continue;
		}
		if (total + items[i].len > AA_PROFILE_MAX_SIZE) {
			items[i].status = lsmc_aa_fail(
				ctx, -E2BIG, items[i].path, "load the files in smaller groups",
				"together the files exceed the kernel's 256 MiB limit");
			return items[i].status;
		}
		total += items[i].len;
	}
	/* Room in front for the syscall's "<ns>\0" prefix: no second copy. */
	buf = malloc(LSMC_AA_HEADROOM + (total ? total : 1));
	if (!buf)
		return -ENOMEM;
	buf += LSMC_AA_HEADROOM;
	total = 0;
	for (size_t i = 0; i < n; i++) {
		struct lsmc_aa_blob_info info = {0};

		if (items[i].status < 0)
			continue;
		items[i].off = total;
		r = lsmc_file_read_exact(items[i].path, buf + total, items[i].len, why,
					 sizeof(why));
		if (r < 0) {
			snprintf(msg, sizeof(msg), "%s", why);
			r = lsmc_aa_fail(ctx, r, items[i].path, "", msg);
		} else {
			r = inspect(ctx, buf + total, items[i].len, items[i].path, &info);
		}
		if (r == 0 && !(items[i].group = group_of(&info)))
			r = -ENOMEM;
		items[i].profiles = (unsigned)info.n_profiles;
		lsmc_aa_blob_info_free(&info);
		if (r < 0) {
			items[i].status = r;
			snprintf(items[i].message, sizeof(items[i].message), "%.100s: %.150s",
				 ctx->err.interface, ctx->err.message);
			if (!skip_invalid || r == -ENOMEM) {
				free(buf - LSMC_AA_HEADROOM);
				free_groups(items, n);
				return r;
			}
			continue; /* the next file overwrites this one's bytes */
		}
		total += items[i].len;
	}
	*bufp = buf;
	*totalp = total;
	return 0;
}

/* Whether this load can go as one set: the syscall takes any blob list,
 * apparmorfs announces it with policy/set_load. */
static int can_load_set(struct lsmc_ctx *ctx, const struct lsmc_request *req, bool *set)
{
	enum lsmc_backend via;
	int r = lsmc_route(ctx, req, &via);

	if (r < 0)
		return r;
	*set = via == LSMC_BACKEND_SYSCALL || lsmc_kstate_aa_set_load(ctx) == 1;
	lsmc_clear_error(ctx);
	return 0;
}

/* One request for the files idx[0..k), in place when they lie one after
 * another in the buffer, else gathered into a copy. The headroom before the
 * buffer is only free in front of its first file. */
static int send_files(struct lsmc_ctx *ctx, struct lsmc_request *req, char *buf,
		      struct lsmc_aa_item *items, const size_t *idx, size_t k,
		      const struct lsmc_load_opts *opts, struct lsmc_result *one)
{
	size_t len = 0, next = items[idx[0]].off;
	unsigned profiles = 0;
	bool in_place = true;
	char *copy = NULL;
	int r;

	/* Filled first: a caller reads it even when no request is made. */
	*one = (struct lsmc_result){.sz = sizeof(*one)};
	for (size_t j = 0; j < k; j++) {
		const struct lsmc_aa_item *it = &items[idx[j]];

		in_place &= it->off == next;
		next = it->off + it->len;
		len += it->len;
		profiles += it->profiles;
	}
	if (in_place) {
		req->payload = buf + items[idx[0]].off;
		req->headroom = items[idx[0]].off == 0 ? LSMC_AA_HEADROOM : 0;
	} else {
		copy = malloc(LSMC_AA_HEADROOM + len);
		if (!copy)
			return -ENOMEM;
		len = 0;
		for (size_t j = 0; j < k; j++) {
			memcpy(copy + LSMC_AA_HEADROOM + len, buf + items[idx[j]].off,
			       items[idx[j]].len);
			len += items[idx[j]].len;
		}
		req->payload = copy + LSMC_AA_HEADROOM;
		req->headroom = LSMC_AA_HEADROOM;
	}
	req->len = len;
	r = lsmc_load_request(ctx, req, profiles, opts, one);
	free(copy);
	return r;
}

static void add_result(struct lsmc_result *sum, const struct lsmc_result *one, int r, size_t files)
{
	sum->backend = one->backend;
	sum->kernel_calls += one->kernel_calls;
	if (r < 0)
		return;
	sum->bytes += one->bytes;
	sum->items += one->items;
	sum->parts += (unsigned)files;
}

static void settle_files(struct lsmc_ctx *ctx, struct lsmc_aa_item *items, const size_t *idx,
			 size_t k, int r, bool atomic)
{
	for (size_t j = 0; j < k; j++) {
		struct lsmc_aa_item *it = &items[idx[j]];

		it->status = r;
		it->sent = r == 0;
		it->atomic = r == 0 && atomic;
		if (r < 0)
			snprintf(it->message, sizeof(it->message), "%.100s: %.150s",
				 ctx->err.interface, ctx->err.message);
	}
}

/*
 * A set fails as a whole: the kernel's answer belongs to no one file. A set
 * the library refused before any call (over the call's size limit: 32 MiB
 * on the proposal kernel) reached no kernel: say so, not that the kernel
 * refused it.
 */
static void say_set_refused(struct lsmc_ctx *ctx, size_t k)
{
	struct lsmc_last_error *e = &ctx->err;
	char msg[sizeof(e->message)];
	bool sent = e->kernel_errno != 0;

	if (snprintf(msg, sizeof(msg),
		     sent ? "the kernel refused the set of %zu files as a whole and cannot say "
			    "which file: %s"
			  : "the set of %zu files was not sent: %s",
		     k, e->message) < (int)sizeof(msg))
		memcpy(e->message, msg, sizeof(msg));
	if (!sent && e->error == -E2BIG)
		snprintf(e->hint, sizeof(e->hint), "%s",
			 "nothing was written; the set is larger than one call takes: load it "
			 "in smaller sets, or through the pseudo-filesystem (--backend fs)");
	else if (!e->hint[0])
		snprintf(e->hint, sizeof(e->hint), "%s",
			 "nothing of the set was loaded; load the files one by one to find the "
			 "bad one (lsmctl load/boot --continue do, and load the good ones)");
}

/* One load of items: the files read into one buffer, the request each set
 * goes out in, and what the load has come to so far. */
struct items_load {
	struct lsmc_ctx *ctx;
	struct lsmc_aa_item *items;
	size_t n;
	const struct lsmc_load_opts *opts;
	bool cont;
	struct lsmc_request req;
	char *buf;	   /* the files, one after another; headroom before it */
	size_t total;	   /* bytes in buf */
	size_t valid;	   /* files read and inspected */
	unsigned profiles; /* in the valid files */
	bool set;	   /* several files may share a write */
	struct lsmc_result sum;
	struct lsmc_result one; /* the last request's own result */
	int first;		/* the first refusal: the answer of a load that went on */
};

static void count_valid(struct items_load *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].status == 0) {
			l->valid++;
			l->profiles += l->items[i].profiles;
		}
	}
}

/* One set for the task, whatever the files. */
static int load_for_self(struct items_load *l)
{
	int r;

	l->req.scope = LSMC_SCOPE_SELF;
	l->req.payload = l->buf;
	l->req.len = l->total;
	l->req.headroom = LSMC_AA_HEADROOM;
	r = lsmc_apparmor_self_load(l->ctx, &l->req, l->profiles, l->opts, &l->sum);
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].status == 0) {
			l->items[i].status = r;
			l->items[i].sent = r == 0;
			l->items[i].atomic = r == 0 && l->sum.atomic;
		}
	}
	l->sum.parts = r == 0 ? (unsigned)l->valid : 0;
	return r;
}

/* Several files go as one set, or file by file where the kernel takes no
 * set loads: then a caller who requires atomicity hears it before any. */
static int check_set_load(struct items_load *l)
{
	int r = can_load_set(l->ctx, &l->req, &l->set);

	if (r == 0 && !l->set && l->opts->require_atomic)
		r = lsmc_aa_fail(l->ctx, -EOPNOTSUPP, "apparmorfs",
				 "load the files one at a time, or drop the atomic requirement",
				 "this kernel does not announce set loads (policy/set_load)");
	return r;
}

/* The files not yet handled that go with file g, g first, in the order
 * they came: every one of its namespace, or g alone without set loads. */
static size_t gather_group(struct items_load *l, size_t g, bool *handled, size_t *idx)
{
	struct lsmc_aa_item *items = l->items;
	size_t k = 0;

	for (size_t i = g; i < l->n && (l->set || k == 0); i++) {
		if (items[i].status == 0 && !handled[i] &&
		    strcmp(items[i].group, items[g].group) == 0) {
			handled[i] = true;
			idx[k++] = i;
		}
	}
	return k;
}

/* A refused set, file by file under cont: the bad files are found and the
 * good ones loaded. */
static int send_one_by_one(struct items_load *l, const size_t *idx, size_t k)
{
	int r = 0;

	dbg(l->ctx, "the kernel refused a set of %zu files; loading them one by one", k);
	for (size_t j = 0; j < k && r == 0; j++) {
		int lr =
			send_files(l->ctx, &l->req, l->buf, l->items, &idx[j], 1, l->opts, &l->one);

		add_result(&l->sum, &l->one, lr, 1);
		settle_files(l->ctx, l->items, &idx[j], 1, lr, l->one.atomic);
		if (lr == -ENOMEM)
			r = lr;
		else if (lr < 0 && !l->first)
			l->first = lr;
	}
	return r;
}

/* The files idx[0..k) in one request. 0, or the error that stops the load. */
static int send_group(struct items_load *l, const size_t *idx, size_t k)
{
	int lr = send_files(l->ctx, &l->req, l->buf, l->items, idx, k, l->opts, &l->one);

	add_result(&l->sum, &l->one, lr, k);
	if (lr == 0) {
		settle_files(l->ctx, l->items, idx, k, 0, l->one.atomic);
		l->sum.atomic &= l->one.atomic;
		return 0;
	}
	l->sum.atomic = false;
	/* Out of memory here stops everything; the kernel's ENOMEM is a
	 * refusal like any other, of this set only. */
	if (lr == -ENOMEM && l->ctx->err.kernel_errno != ENOMEM)
		return lr;
	if (k > 1 && l->cont)
		return send_one_by_one(l, idx, k);
	if (k > 1)
		say_set_refused(l->ctx, k);
	settle_files(l->ctx, l->items, idx, k, lr, false);
	if (!l->first)
		l->first = lr;
	return l->cont ? 0 : lr;
}

/* File by file, a failure stops the load part way: say how far it got. */
static void say_loaded_before(struct items_load *l, int r)
{
	struct lsmc_last_error *e = &l->ctx->err;
	char msg[sizeof(e->message)];
	size_t at = 0;

	while (at < l->n && l->items[at].status != r)
		at++;
	if (at < l->n &&
	    snprintf(msg, sizeof(msg), "%s (%u of %zu files loaded before %s)", e->message,
		     l->sum.parts, l->valid, l->items[at].path) < (int)sizeof(msg))
		memcpy(e->message, msg, sizeof(msg));
}

/* One request per namespace (per file without set loads), in the order the
 * files came. */
static int load_in_sets(struct items_load *l)
{
	struct lsmc_aa_item *items = l->items;
	size_t writes = 0, *idx = NULL;
	bool *handled = NULL;
	int r = 0;

	if (l->valid > 1)
		r = check_set_load(l);
	idx = r == 0 ? malloc(l->n * sizeof(*idx)) : NULL;
	handled = idx ? calloc(l->n, sizeof(*handled)) : NULL;
	if (r == 0 && !handled)
		r = -ENOMEM;
	l->sum.atomic = r == 0 && l->valid > 0;
	for (size_t g = 0; r == 0 && g < l->n; g++) {
		size_t k;

		if (items[g].status < 0 || handled[g])
			continue;
		k = gather_group(l, g, handled, idx);
		writes++;
		r = send_group(l, idx, k);
	}
	if (writes > 1)
		l->sum.atomic = false;
	/* Not attempted after a failure: say so per item. */
	for (size_t i = 0; i < l->n; i++)
		if (items[i].status == 0 && !items[i].sent)
			items[i].status = -ECANCELED;
	if (r < 0 && r != -ENOMEM && !l->set && l->valid > 1 && !l->cont)
		say_loaded_before(l, r);
	free(idx);
	free(handled);
	return r < 0 ? r : l->first;
}

static int load_items(struct lsmc_ctx *ctx, struct lsmc_aa_item *items, size_t n,
		      const struct lsmc_load_opts *opts, bool cont, struct lsmc_result *res)
{
	struct items_load l = {
		.ctx = ctx,
		.items = items,
		.n = n,
		.opts = opts,
		.cont = cont,
		.req = {.lsm = LSM_ID_APPARMOR,
			.scope = LSMC_SCOPE_SYSTEM,
			.ns = opts->ns,
			.require_atomic = opts->require_atomic},
		.set = true,
		.sum = {.sz = sizeof(l.sum)},
	};
	int r;

	r = read_items(ctx, items, n, cont, &l.buf, &l.total);
	if (r < 0)
		return r;
	count_valid(&l);
	if (l.valid > 0 && opts->scope == LSMC_SCOPE_SELF)
		r = load_for_self(&l);
	else
		r = load_in_sets(&l);
	free_groups(items, n);
	if (l.buf)
		free(l.buf - LSMC_AA_HEADROOM);
	lsmc_result_put(res, &l.sum);
	return r;
}

/* A load of several sets (one per namespace, or file by file) holds the
 * load lock from the first to the last: no other loader's set lands in
 * between. The task's own policy takes none. */
int lsmc_apparmor_load_items(struct lsmc_ctx *ctx, struct lsmc_aa_item *items, size_t n,
			     const struct lsmc_load_opts *opts, bool cont, struct lsmc_result *res)
{
	bool lock = opts->scope == LSMC_SCOPE_SYSTEM && !opts->dry_run;
	int r;

	if (lock && (r = lsmc_lock_take(ctx, SLOT_APPARMOR)) < 0) {
		for (size_t i = 0; i < n; i++) {
			items[i].status = r;
			snprintf(items[i].message, sizeof(items[i].message), "%.250s",
				 ctx->err.message);
		}
		return r;
	}
	r = load_items(ctx, items, n, opts, cont, res);
	if (lock)
		lsmc_lock_drop(ctx, SLOT_APPARMOR);
	return r;
}

LSMC_EXPORT int lsmc_apparmor_load_files(struct lsmc_ctx *ctx, const char *const *paths, size_t n,
					 const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	struct lsmc_aa_item *items;
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	if (!paths || n == 0)
		return lsmc_aa_fail(ctx, -EINVAL, "files", "", "no policy files given");
	items = calloc(n, sizeof(*items));
	if (!items)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		items[i].path = paths[i];
	r = lsmc_apparmor_load_items(ctx, items, n, &opts, false, res);
	free(items);
	return r;
}

static int is_policy_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The cache subdirectory for this kernel's features, when libapparmor can
 * tell; else dir itself (a flat cache), with why it could not in why. */
static char *cache_subdir(struct lsmc_ctx *ctx, const char *dir, char *why, size_t whylen,
			  int *preview)
{
	char *path = NULL;

	*preview = lsmc_aa_cache_preview(dir, &path, why, whylen);
	if (*preview < 0) {
		dbg(ctx, "%s: %s", dir, why);
	} else {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return path;
		dbg(ctx, "no cache for this kernel's features at %s", path);
		free(path);
	}
	return strdup(dir);
}

int lsmc_apparmor_cache_files(struct lsmc_ctx *ctx, const char *dir, char ***pathsp, size_t *np)
{
	char why[256] = "";
	struct dirent **ents = NULL;
	char **paths;
	char *sub;
	size_t k = 0;
	int n, r = 0, preview;

	*pathsp = NULL;
	*np = 0;
	sub = cache_subdir(ctx, dir, why, sizeof(why), &preview);
	if (!sub)
		return -ENOMEM;
	n = scandir(sub, &ents, is_policy_entry, alphasort);
	if (n < 0) {
		r = -errno;
		free(sub);
		return r == -ENOMEM
			       ? r
			       : lsmc_aa_fail(ctx, r, dir, "", "cannot read the cache directory");
	}
	paths = calloc((size_t)n + 1, sizeof(*paths));
	for (int i = 0; i < n; i++) {
		struct stat st;
		char *p = NULL;

		if (paths && asprintf(&p, "%s/%s", sub, ents[i]->d_name) < 0)
			p = NULL;
		if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
			paths[k++] = p;
		else
			free(p);
		free(ents[i]);
	}
	free(ents);
	if (!paths) {
		free(sub);
		return -ENOMEM;
	}
	if (k == 0 && why[0]) {
		/* The policy may well be in a features subdirectory we could not name. */
		char msg[400];
		snprintf(msg, sizeof(msg), "no compiled policy directly in the cache, and %s", why);
		r = lsmc_aa_fail(ctx, -ENOENT, sub,
				 preview == -EOPNOTSUPP
					 ? "install libapparmor1, or name the features "
					   "subdirectory of the cache itself"
					 : "name the features subdirectory of the cache itself "
					   "(each holds a .features file naming the kernel "
					   "features it was compiled for)",
				 msg);
	} else if (k == 0)
		r = lsmc_aa_fail(
			ctx, -ENOENT, sub,
			"the cache holds policy for other kernel features: let apparmor_parser "
			"write a cache for this kernel",
			"no compiled policy for this kernel in the cache");
	free(sub);
	if (r < 0) {
		free(paths);
		return r;
	}
	*pathsp = paths;
	*np = k;
	return 0;
}

void lsmc_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

LSMC_EXPORT int lsmc_apparmor_cache_path(struct lsmc_ctx *ctx, const char *dir, char **path)
{
	char why[256] = "";
	int r;

	if (!ctx || !dir || !path)
		return -EINVAL;
	lsmc_clear_error(ctx);
	*path = NULL;
	r = lsmc_aa_cache_preview(dir, path, why, sizeof(why));
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return lsmc_aa_fail(
			ctx, r == -ENOSYS ? -EOPNOTSUPP : r, dir,
			r == -EOPNOTSUPP ? "libapparmor names the subdirectory from the "
					   "kernel's features: install libapparmor1"
			: r == -ENOSYS	 ? "this build has no libapparmor to name it"
					 : "the kernel's features are read from "
					   "securityfs: mount it (AppArmor must be active)",
			why);
	return 0;
}

LSMC_EXPORT int lsmc_apparmor_load_cache(struct lsmc_ctx *ctx, const char *dir,
					 const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	char **paths;
	size_t n;
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	if (!dir)
		return lsmc_aa_fail(ctx, -EINVAL, "cache", "", "no cache directory given");
	r = lsmc_apparmor_cache_files(ctx, dir, &paths, &n);
	if (r < 0)
		return r;
	r = lsmc_apparmor_load_files(ctx, (const char *const *)paths, n, &opts, res);
	lsmc_strv_free(paths);
	return r;
}

/* A profile name the kernel takes whole: 1 to 511 bytes, and no newline,
 * which would end a pseudo-file command early. */
static bool profile_name_ok(const char *name)
{
	return name && *name && strlen(name) < AA_PROFILE_NAME_MAX_SIZE && !strchr(name, '\n');
}

static int bad_profile_name(struct lsmc_ctx *ctx, const char *name)
{
	return lsmc_aa_fail(ctx, -EINVAL, name ? name : "", "",
			    "a profile name of 1 to 511 bytes, on one line, is needed");
}

LSMC_EXPORT int lsmc_apparmor_remove(struct lsmc_ctx *ctx, const char *name,
				     const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_load_opts opts;
	struct lsmc_delivery d = {0};
	struct lsmc_result out = {.sz = sizeof(out)};
	struct lsmc_request req = {.lsm = LSM_ID_APPARMOR, .kind = LSMC_REQ_REMOVE};
	int r = common_checks(ctx, in, &opts);

	if (r < 0)
		return r;
	if (opts.scope == LSMC_SCOPE_SELF)
		return lsmc_aa_fail(ctx, -EINVAL, "options", "",
				    "profiles are removed from the system's policy, not a task's");
	req.ns = opts.ns;
	req.payload = name;
	req.len = name ? strlen(name) : 0;
	if (!profile_name_ok(name))
		return bad_profile_name(ctx, name);
	if (opts.dry_run) {
		out.items = 1;
		lsmc_result_put(res, &out);
		return 0;
	}
	/* The syscall where its revision has a REMOVE operation, else .remove. */
	r = lsmc_deliver(ctx, &req, &d);
	lsmc_result_from_delivery(&out, &d);
	out.items = r == 0;
	out.parts = r == 0;
	lsmc_result_put(res, &out);
	return r;
}

LSMC_EXPORT int lsmc_apparmor_stack(struct lsmc_ctx *ctx, const char *profile,
				    struct lsmc_result *res)
{
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .scope = LSMC_SCOPE_SELF};
	struct lsmc_request req = {
		.lsm = LSM_ID_APPARMOR, .scope = LSMC_SCOPE_SELF, .kind = LSMC_REQ_STACK};

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	/* The length is the dispatcher's to check, as for every stack request;
	 * a newline would end the procfs command early. */
	if (!profile || strchr(profile, '\n'))
		return lsmc_aa_fail(ctx, -EINVAL, profile ? profile : "", "",
				    "a profile name on one line is needed");
	req.payload = profile;
	req.len = strlen(profile);
	return lsmc_load_request(ctx, &req, 1, &opts, res);
}

LSMC_EXPORT int lsmc_apparmor_stack_onexec(struct lsmc_ctx *ctx, const char *profile,
					   struct lsmc_result *res)
{
	struct lsmc_result out = {.sz = sizeof(out)};
	struct lsmc_delivery d = {0};
	int r;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	if (!profile_name_ok(profile))
		return bad_profile_name(ctx, profile);
	/* The proposed policy syscalls stack now; only the task attribute
	 * interfaces (lsm_set_self_attr, /proc) defer it to execve(). */
	if (ctx->backend == LSMC_BACKEND_SYSCALL)
		return lsmc_aa_fail(
			ctx, -EOPNOTSUPP, lsmc_syscall_name(ctx, LSMC_SCOPE_SELF),
			"use --backend auto or fs: lsm_set_self_attr or /proc stack at exec",
			"the policy syscall cannot stack a profile for the next program");
	r = lsmc_fs_apparmor_stack_onexec(ctx, profile, &d);
	lsmc_result_from_delivery(&out, &d);
	out.items = r == 0;
	out.parts = r == 0;
	lsmc_result_put(res, &out);
	return r;
}

/* The dispatcher's rules for AppArmor: a profile name to stack, for either
 * backend: the syscall silently does nothing for an empty one, and both
 * take at most 511 bytes. */
static int apparmor_check(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			  struct lsmc_fail_info *fi)
{
	if (req->kind != LSMC_REQ_STACK || (req->len > 0 && req->len < AA_PROFILE_NAME_MAX_SIZE &&
					    !memchr(req->payload, '\0', req->len)))
		return 0;
	fi->error = req->len >= AA_PROFILE_NAME_MAX_SIZE ? -E2BIG : -EINVAL;
	return lsmc_fail(ctx, fi, "a profile name of 1 to %u bytes, without NUL, is needed",
			 AA_PROFILE_NAME_MAX_SIZE - 1);
}

/* AppArmor's unpacker answers EPROTO for what it cannot read, and names the
 * reason only in the kernel log. */
static const char *apparmor_refusal_hint(const struct lsmc_request *req, int error)
{
	if (req->kind == LSMC_REQ_STACK)
		return NULL;
	switch (error) {
	case EPROTO:
	case EINVAL:
		return "AppArmor could not unpack the binary; the kernel log says why "
		       "(dmesg | grep apparmor): compile it again with apparmor_parser for "
		       "this kernel's features (/sys/kernel/security/apparmor/features)";
	case EEXIST:
		return "a profile of that name is loaded and this load does not replace it: "
		       "load it with replace";
	case ENOENT:
		if (req->kind == LSMC_REQ_REMOVE)
			return "no profile of that name is loaded in that namespace: see "
			       "/sys/kernel/security/apparmor/profiles";
		return "AppArmor did not find something the binary refers to (a namespace "
		       "or a parent profile); the kernel log says what";
	default:
		return NULL;
	}
}

const struct lsmc_lsm_rules lsmc_apparmor_delivery_rules = {
	.lsm = LSM_ID_APPARMOR,
	.check = apparmor_check,
	.refusal_hint = apparmor_refusal_hint,
};

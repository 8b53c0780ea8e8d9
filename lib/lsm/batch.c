/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * A whole machine's policy in one pass, the way boot wants it: every item
 * validated before the first kernel call, then the fewest calls the kernel
 * allows. AppArmor files (cache directories expanded) go as one set, Smack
 * system rule files are merged into one rule set written in page windows
 * (rolled back together on failure), SELinux takes its one write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lsm/file.h"
#include "lsm/load.h"
#include "lsm/selinux-config.h"

struct batch_entry {
	uint64_t lsm;
	char *path;		    /* NULL: SELinux's configured policy */
	struct lsmc_load_opts opts; /* ns copied into ns_buf */
	char *ns_buf;
	struct lsmc_smack_ruleset *rules; /* Smack, once parsed */
	struct lsmc_file_bytes policy;	  /* SELinux: the bytes validated, loaded as they are */
	char *policy_name;		  /* the file they came from */
	int status;
	bool done, skipped;
	enum lsmc_selinux_mode se_mode; /* the configured policy: the mode to set after it */
	struct lsmc_result res;
	char message[512];
};

struct lsmc_batch {
	struct lsmc_ctx *ctx;
	struct batch_entry *e;
	size_t n, cap;
};

LSMC_EXPORT int lsmc_batch_new(struct lsmc_ctx *ctx, struct lsmc_batch **batch)
{
	if (!ctx || !batch)
		return -EINVAL;
	*batch = calloc(1, sizeof(**batch));
	if (!*batch)
		return -ENOMEM;
	(*batch)->ctx = lsmc_ref(ctx);
	return 0;
}

LSMC_EXPORT void lsmc_batch_free(struct lsmc_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->e[i].path);
		free(b->e[i].ns_buf);
		lsmc_smack_ruleset_free(b->e[i].rules);
		lsmc_file_bytes_free(&b->e[i].policy);
		free(b->e[i].policy_name);
	}
	free(b->e);
	lsmc_unref(b->ctx);
	free(b);
}

LSMC_EXPORT int lsmc_batch_add(struct lsmc_batch *b, uint64_t lsm, const char *path,
			       const struct lsmc_load_opts *opts)
{
	struct batch_entry *e;
	int r;

	if (!b || lsmc_slot_of(lsm) < 0 || (!path && lsm != LSM_ID_SELINUX))
		return -EINVAL;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct batch_entry *ne = realloc(b->e, cap * sizeof(*ne));
		if (!ne)
			return -ENOMEM;
		b->e = ne;
		b->cap = cap;
	}
	e = &b->e[b->n];
	*e = (struct batch_entry){.lsm = lsm, .res = {.sz = sizeof(e->res)}};
	r = lsmc_opts_get(opts, &e->opts);
	if (r < 0)
		return r;
	/* Self AppArmor policy is a profile to stack, not a file to load. */
	if ((lsm == LSM_ID_APPARMOR || lsm == LSM_ID_SELINUX) && e->opts.scope == LSMC_SCOPE_SELF)
		return -EINVAL;
	if (path && !(e->path = strdup(path)))
		return -ENOMEM;
	if (e->opts.ns && !(e->ns_buf = strdup(e->opts.ns))) {
		free(e->path);
		return -ENOMEM;
	}
	e->opts.ns = e->ns_buf;
	b->n++;
	return 0;
}

LSMC_EXPORT size_t lsmc_batch_count(const struct lsmc_batch *b)
{
	return b ? b->n : 0;
}

LSMC_EXPORT int lsmc_batch_get(const struct lsmc_batch *b, size_t i, struct lsmc_batch_item *out)
{
	const struct batch_entry *e;
	struct lsmc_batch_item it;

	if (!b || !out || i >= b->n || out->sz < sizeof(size_t))
		return -EINVAL;
	e = &b->e[i];
	it = (struct lsmc_batch_item){
		.sz = out->sz,
		.lsm = e->lsm,
		.path = e->path ? e->path : "(configured policy)",
		.status = e->done ? e->status : -ECANCELED,
		.backend = e->res.backend,
		.atomic = e->res.atomic,
		.items = e->res.items,
		.message = e->message,
		.rolled_back = e->res.rolled_back,
		.skipped = e->skipped,
	};
	memcpy(out, &it, lsmc_min_sz(out->sz, sizeof(it)));
	return 0;
}

static void settle_msg(struct batch_entry *e, int status, const char *message)
{
	e->done = true;
	e->status = status;
	snprintf(e->message, sizeof(e->message), "%s", message);
}

static void settle(struct lsmc_batch *b, struct batch_entry *e, int status)
{
	e->done = true;
	e->status = status;
	if (status < 0 && !e->message[0]) {
		struct lsmc_last_error *le = &b->ctx->err;
		if (le->error)
			snprintf(e->message, sizeof(e->message), "%.200s%s%.300s", le->interface,
				 le->interface[0] ? ": " : "", le->message);
		else
			snprintf(e->message, sizeof(e->message), "%s", strerror(-status));
	}
}

/* A Smack file parses into the rule set the load will use. */
static int check_smack(struct lsmc_batch *b, struct batch_entry *e)
{
	int r;

	lsmc_smack_ruleset_free(e->rules);
	e->rules = NULL;
	r = lsmc_smack_ruleset_new(&e->rules);
	if (r == 0)
		r = lsmc_smack_ruleset_parse_file(e->rules, e->path);
	if (r < 0)
		settle_msg(e, r, e->rules ? lsmc_smack_ruleset_error(e->rules) : strerror(-r));
	return r;
}

/*
 * A SELinux policy is read and checked (a dry run). The configured one
 * follows /etc/selinux/config as selinux_init_load_policy() does:
 * SELINUX=disabled loads nothing, and the mode is set after the load.
 */
static int check_selinux(struct lsmc_batch *b, struct batch_entry *e)
{
	struct lsmc_load_opts opts = e->opts;
	struct lsmc_selinux_config c;
	char msg[sizeof(e->message)], name[PATH_MAX];
	int r;

	e->se_mode = LSMC_SELINUX_MODE_UNSET;
	if (!e->path) {
		r = lsmc_selinux_config_read(b->ctx, &c);
		if (r < 0) {
			settle(b, e, r);
			return r;
		}
		if (c.mode == LSMC_SELINUX_MODE_DISABLED) {
			snprintf(msg, sizeof(msg), "skipped: SELINUX=disabled in %.400s", c.config);
			settle_msg(e, 0, msg);
			e->skipped = true;
			return 0;
		}
		e->se_mode = c.mode;
	}
	/* Read once: the bytes checked here are the bytes loaded, whatever
	 * happens to the file while AppArmor goes first. */
	lsmc_file_bytes_free(&e->policy);
	free(e->policy_name);
	e->policy_name = NULL;
	r = lsmc_selinux_read_file(b->ctx, e->path, &e->policy, name, sizeof(name));
	if (r == 0) {
		e->policy_name = strdup(name);
		if (!e->policy_name)
			r = -ENOMEM;
	}
	if (r == 0) {
		opts.dry_run = true;
		r = lsmc_selinux_load_named(b->ctx, e->policy.data, e->policy.len, e->policy_name,
					    &opts, NULL);
	}
	if (r < 0)
		settle(b, e, r);
	return r;
}

/*
 * What can be checked before the first kernel call is: Smack rule files
 * and SELinux policies (AppArmor files are inspected as their set is read,
 * before it goes). A typo anywhere stops everything unless CONTINUE.
 */
static int validate(struct lsmc_batch *b, bool cont)
{
	for (size_t i = 0; i < b->n; i++) {
		struct batch_entry *e = &b->e[i];
		int r = e->lsm == LSM_ID_SMACK	   ? check_smack(b, e)
			: e->lsm == LSM_ID_SELINUX ? check_selinux(b, e)
						   : 0;

		if (r < 0 && (!cont || r == -ENOMEM))
			return r;
	}
	return 0;
}

/* The files of an AppArmor entry: a cache directory expands to its files. */
static int entry_files(struct lsmc_batch *b, struct batch_entry *e, char ***expanded,
		       const char *const **files, size_t *k)
{
	struct stat st;

	*files = (const char *const *)&e->path;
	*k = 1;
	if (stat(e->path, &st) == 0 && S_ISDIR(st.st_mode)) {
		int r = lsmc_apparmor_cache_files(b->ctx, e->path, expanded, k);
		if (r < 0)
			return r;
		*files = (const char *const *)*expanded;
	}
	return 0;
}

static bool same_ns(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* run_apparmor()'s state: the files of the entries that load into one
 * namespace, gathered for one lsmc_apparmor_load_items() call. */
struct aa_run {
	struct lsmc_batch *b;
	bool cont, dry;
	struct lsmc_result *total;
	char ***expanded; /* per entry: the files of a cache directory */
	bool *queued;	  /* per entry: gathered for a load already */
	struct lsmc_aa_item *items;
	size_t *owner; /* per file: the batch entry it came from */
	size_t n, cap;
};

static bool aa_pending(const struct aa_run *run, size_t i)
{
	const struct batch_entry *e = &run->b->e[i];

	return e->lsm == LSM_ID_APPARMOR && !e->done && !run->queued[i];
}

/* Room for k more files. */
static int grow_files(struct aa_run *run, size_t k)
{
	struct lsmc_aa_item *ni;
	size_t nc, *no;

	if (run->n + k <= run->cap)
		return 0;
	nc = (run->n + k) * 2;
	ni = realloc(run->items, nc * sizeof(*ni));
	no = ni ? realloc(run->owner, nc * sizeof(*no)) : NULL;
	if (ni)
		run->items = ni;
	if (!ni || !no)
		return -ENOMEM;
	run->owner = no;
	run->cap = nc;
	return 0;
}

/* Entry i's files, after those gathered so far. An entry whose files
 * cannot be listed is settled here, and stops the run unless cont. */
static int queue_entry(struct aa_run *run, size_t i)
{
	struct batch_entry *e = &run->b->e[i];
	const char *const *files;
	size_t k;
	int r;

	run->queued[i] = true;
	r = entry_files(run->b, e, &run->expanded[i], &files, &k);
	if (r < 0) {
		settle(run->b, e, r);
		return run->cont && r != -ENOMEM ? 0 : r;
	}
	r = grow_files(run, k);
	if (r < 0)
		return r;
	for (size_t f = 0; f < k; f++) {
		run->items[run->n] = (struct lsmc_aa_item){.path = files[f]};
		run->owner[run->n++] = i;
	}
	return 0;
}

/* The files of every pending entry from base on that loads into opts->ns;
 * one that requires atomicity requires it of them all. */
static int gather_namespace(struct aa_run *run, size_t base, struct lsmc_load_opts *opts)
{
	int r = 0;

	run->n = 0;
	for (size_t i = base; i < run->b->n && r == 0; i++) {
		struct batch_entry *e = &run->b->e[i];

		if (!aa_pending(run, i) || !same_ns(e->opts.ns, opts->ns))
			continue;
		opts->require_atomic |= e->opts.require_atomic;
		r = queue_entry(run, i);
	}
	return r;
}

/* An entry (a file or a cache directory) is as good as its worst file, and
 * holds its own files' profiles. */
static void settle_entries(struct aa_run *run, int lr, const struct lsmc_result *res)
{
	for (size_t f = 0; f < run->n; f++) {
		const struct lsmc_aa_item *it = &run->items[f];
		struct batch_entry *e = &run->b->e[run->owner[f]];
		/* a file the kernel never took was not loaded, whatever
		 * stopped the load */
		int st = it->sent	       ? 0
			 : it->status < 0      ? it->status
			 : lr < 0 && !run->dry ? -ECANCELED
					       : 0;
		bool first_file = f == 0 || run->owner[f - 1] != run->owner[f];

		if (first_file)
			e->res.atomic = true;
		e->res.backend = res->backend;
		e->res.atomic &= it->atomic || (run->dry && st == 0);
		if (st == 0)
			e->res.items += it->profiles;
		if (!e->done || (st < 0 && e->status == 0)) {
			if (st < 0 && it->message[0])
				settle_msg(e, st, it->message);
			else
				settle(run->b, e, st);
		}
	}
}

/* One load for the pending entries that go to base's namespace. 0, or the
 * error that stops the run. */
static int load_namespace(struct aa_run *run, size_t base)
{
	struct lsmc_batch *b = run->b;
	struct lsmc_load_opts opts = {
		.sz = sizeof(opts), .dry_run = run->dry, .ns = b->e[base].opts.ns};
	struct lsmc_result res = {.sz = sizeof(res)};
	int r = gather_namespace(run, base, &opts);

	if (r < 0 || run->n == 0)
		return r;
	r = lsmc_apparmor_check_target(b->ctx, opts.ns);
	if (r < 0) {
		for (size_t f = 0; f < run->n; f++)
			if (!b->e[run->owner[f]].done)
				settle(b, &b->e[run->owner[f]], r);
		return !run->cont || r == -ENOMEM ? r : 0;
	}
	r = lsmc_apparmor_load_items(b->ctx, run->items, run->n, &opts, run->cont, &res);
	settle_entries(run, r, &res);
	run->total->backend = res.backend;
	run->total->kernel_calls += res.kernel_calls;
	run->total->items += res.items;
	run->total->bytes += res.bytes;
	return r < 0 && (!run->cont || r == -ENOMEM) ? r : 0;
}

/*
 * Every AppArmor file of the entries that load into the same namespace
 * (--ns, NULL for the root) goes to one lsmc_apparmor_load_items() call,
 * which sends one set per namespace the files' headers name.
 */
static int run_apparmor(struct lsmc_batch *b, bool cont, bool dry, struct lsmc_result *total)
{
	struct aa_run run = {.b = b, .cont = cont, .dry = dry, .total = total};
	int r = 0;

	run.expanded = calloc(b->n, sizeof(*run.expanded));
	run.queued = calloc(b->n, sizeof(*run.queued));
	if (!run.expanded || !run.queued) {
		free(run.expanded);
		free(run.queued);
		return -ENOMEM;
	}
	for (size_t base = 0; base < b->n && r == 0; base++)
		if (aa_pending(&run, base))
			r = load_namespace(&run, base);
	for (size_t i = 0; i < b->n; i++)
		lsmc_strv_free(run.expanded[i]);
	free(run.expanded);
	free(run.queued);
	free(run.items);
	free(run.owner);
	return r;
}

static int run_selinux(struct lsmc_batch *b, bool cont, bool dry, struct lsmc_result *total)
{
	for (size_t i = 0; i < b->n; i++) {
		struct batch_entry *e = &b->e[i];
		int r;

		if (e->lsm != LSM_ID_SELINUX || e->done)
			continue;
		e->opts.dry_run = dry;
		r = lsmc_selinux_load_named(b->ctx, e->policy.data, e->policy.len, e->policy_name,
					    &e->opts, &e->res);
		if (r == 0 && !dry && e->se_mode >= LSMC_SELINUX_MODE_PERMISSIVE)
			r = lsmc_selinux_set_mode(b->ctx, e->se_mode);
		settle(b, e, r);
		total->kernel_calls += e->res.kernel_calls;
		total->items += e->res.items;
		total->bytes += e->res.bytes;
		if (r < 0 && (!cont || r == -ENOMEM))
			return r;
	}
	return 0;
}

/* System access-rule files merge into one set: one stream of windows, one
 * snapshot, one rollback. Change files and self rules follow, each on its
 * own and in order, so a change can adjust what the access rules set; so
 * does a file that asks for an atomic load, which its own load refuses. */
static bool mergeable(const struct batch_entry *e)
{
	return e->opts.scope == LSMC_SCOPE_SYSTEM && !e->opts.require_atomic &&
	       lsmc_smack_ruleset_format(e->rules) != SMACK_FMT_CHANGE;
}

static int run_smack(struct lsmc_batch *b, bool cont, bool dry, struct lsmc_result *total)
{
	struct lsmc_smack_ruleset *merged = NULL;
	struct lsmc_result res = {.sz = sizeof(res)};
	int r = lsmc_smack_ruleset_new(&merged);

	for (size_t i = 0; r == 0 && i < b->n; i++) {
		struct batch_entry *e = &b->e[i];

		if (e->lsm == LSM_ID_SMACK && !e->done && mergeable(e))
			r = lsmc_smack_ruleset_merge(merged, e->rules);
	}
	if (r == 0) {
		struct lsmc_load_opts opts = {.sz = sizeof(opts), .dry_run = dry};
		int lr = lsmc_smack_ruleset_count(merged)
				 ? lsmc_smack_load(b->ctx, merged, &opts, &res)
				 : 0;

		for (size_t i = 0; i < b->n; i++) {
			struct batch_entry *e = &b->e[i];
			if (e->lsm != LSM_ID_SMACK || e->done || !mergeable(e))
				continue;
			e->res.backend = res.backend;
			e->res.rolled_back = res.rolled_back;
			e->res.items = lr == 0 ? (unsigned)lsmc_smack_ruleset_count(e->rules) : 0;
			settle(b, e, lr);
		}
		total->kernel_calls += res.kernel_calls;
		total->items += res.items;
		total->bytes += res.bytes;
		total->rolled_back |= res.rolled_back;
		if (lr < 0 && (!cont || lr == -ENOMEM))
			r = lr;
	}
	for (size_t i = 0; r == 0 && i < b->n; i++) {
		struct batch_entry *e = &b->e[i];

		if (e->lsm != LSM_ID_SMACK || e->done)
			continue;
		e->opts.dry_run = dry;
		r = lsmc_smack_load(b->ctx, e->rules, &e->opts, &e->res);
		settle(b, e, r);
		total->kernel_calls += e->res.kernel_calls;
		total->items += e->res.items;
		total->bytes += e->res.bytes;
		total->rolled_back |= e->res.rolled_back;
		if (r < 0 && cont && r != -ENOMEM)
			r = 0;
	}
	lsmc_smack_ruleset_free(merged);
	return r;
}

/*
 * The load locks of every LSM the batch loads, taken before the first
 * kernel call and held to the end, always in slot order (AppArmor,
 * SELinux, Smack): two batches never wait for each other crosswise, and a
 * single load takes one lock only. If one cannot be taken, nothing is
 * loaded and every item says why.
 */
static int take_locks(struct lsmc_batch *b, bool held[SLOT_COUNT])
{
	bool want[SLOT_COUNT] = {false};
	int r = 0;

	for (size_t i = 0; i < b->n; i++)
		if (!b->e[i].done && b->e[i].opts.scope == LSMC_SCOPE_SYSTEM)
			want[lsmc_slot_of(b->e[i].lsm)] = true;
	for (int slot = 0; slot < SLOT_COUNT && r == 0; slot++) {
		if (!want[slot])
			continue;
		r = lsmc_lock_take(b->ctx, slot);
		held[slot] = r == 0;
	}
	if (r == 0)
		return 0;
	for (size_t i = 0; i < b->n; i++)
		if (!b->e[i].done)
			settle(b, &b->e[i], r);
	return r;
}

LSMC_EXPORT int lsmc_batch_run(struct lsmc_batch *b, unsigned int flags, struct lsmc_result *out)
{
	struct lsmc_result total = {.sz = sizeof(total)};
	bool cont = flags & LSMC_BATCH_CONTINUE, dry = flags & LSMC_BATCH_DRY_RUN;
	bool held[SLOT_COUNT] = {false};
	int r, first = 0;

	if (!b || (flags & ~(unsigned)(LSMC_BATCH_CONTINUE | LSMC_BATCH_DRY_RUN)))
		return -EINVAL;
	lsmc_clear_error(b->ctx);
	for (size_t i = 0; i < b->n; i++) {
		b->e[i].done = false;
		b->e[i].skipped = false;
		b->e[i].status = 0;
		b->e[i].message[0] = '\0';
		b->e[i].res = (struct lsmc_result){.sz = sizeof(b->e[i].res)};
	}
	r = validate(b, cont);
	if (r == 0 && !dry)
		r = take_locks(b, held);
	if (r == 0)
		r = run_apparmor(b, cont, dry, &total);
	if (r == 0 || (cont && r != -ENOMEM))
		r = run_selinux(b, cont, dry, &total);
	if (r == 0 || (cont && r != -ENOMEM))
		r = run_smack(b, cont, dry, &total);
	for (int slot = SLOT_COUNT - 1; slot >= 0; slot--)
		if (held[slot])
			lsmc_lock_drop(b->ctx, slot);
	for (size_t i = 0; i < b->n; i++) {
		if (b->e[i].done && b->e[i].status == 0)
			total.parts++;
		/* The error that stopped the run, not the items it cancelled. */
		if (b->e[i].done && b->e[i].status < 0 && b->e[i].status != -ECANCELED && !first)
			first = b->e[i].status;
	}
	lsmc_result_put(out, &total);
	if (r == -ENOMEM)
		return r;
	return first;
}

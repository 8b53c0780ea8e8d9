/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Smack rule sets: built by hand or parsed from files, validated whole,
 * then applied page window by page window. Smack applies rules one by one
 * and keeps what it applied when a later rule fails, so before the first
 * write the current access of every pair the set touches is read, and on a
 * failure part-way each of those pairs gets its previous access back.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsm/file.h"
#include "state/kstate.h"
#include "lsm/load.h"
#include "format/smack-rules.h"

struct lsmc_smack_ruleset {
	struct lsmc_smack_rules *rules; /* NULL until the first rule */
	char error[1024];
};

LSMC_EXPORT int lsmc_smack_ruleset_new(struct lsmc_smack_ruleset **rs)
{
	if (!rs)
		return -EINVAL;
	*rs = calloc(1, sizeof(**rs));
	return *rs ? 0 : -ENOMEM;
}

LSMC_EXPORT void lsmc_smack_ruleset_free(struct lsmc_smack_ruleset *rs)
{
	if (!rs)
		return;
	lsmc_smack_rules_free(rs->rules);
	free(rs);
}

static int LSMC_PRINTF(3, 4) set_error(struct lsmc_smack_ruleset *rs, int r, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(rs->error, sizeof(rs->error), fmt, args);
	va_end(args);
	return r;
}

/* A rule set holds access rules or changes, never both: they go to
 * different kernel interfaces, and their order would be lost. */
static int want_format(struct lsmc_smack_ruleset *rs, enum lsmc_smack_format f)
{
	if (!rs->rules) {
		rs->rules = lsmc_smack_rules_new(f);
		return rs->rules ? 0 : -ENOMEM;
	}
	if (rs->rules->format != f)
		return set_error(rs, -EINVAL, "%s",
				 "a rule set holds either access rules or changes: use two sets");
	return 0;
}

static int parse_access(struct lsmc_smack_ruleset *rs, const char *s, unsigned *bits)
{
	if (!s || lsmc_smack_access_from_string(s, strlen(s), bits, NULL) < 0)
		return set_error(rs, -EINVAL,
				 "access \"%s\": use the letters r w x a t l b, or - for none",
				 s ? s : "(null)");
	return 0;
}

static int check_labels(struct lsmc_smack_ruleset *rs, const char *subject, const char *object)
{
	const char *why = NULL;
	const char *bad = NULL;

	if (!subject || lsmc_smack_label_check(subject, strlen(subject), &why) < 0)
		bad = subject;
	else if (!object || lsmc_smack_label_check(object, strlen(object), &why) < 0)
		bad = object;
	else
		return 0;
	return set_error(rs, -EINVAL, "label \"%s\": %s", bad ? bad : "(null)",
			 why ? why : "missing");
}

LSMC_EXPORT int lsmc_smack_ruleset_add(struct lsmc_smack_ruleset *rs, const char *subject,
				       const char *object, const char *access)
{
	unsigned bits;
	int r;

	if (!rs)
		return -EINVAL;
	if ((r = check_labels(rs, subject, object)) < 0 ||
	    (r = parse_access(rs, access, &bits)) < 0 ||
	    (r = want_format(rs, LSMC_SMACK_FMT_LOAD)) < 0)
		return r;
	r = lsmc_smack_rules_add(rs->rules, subject, object, bits, 0, 0);
	/* a replaced access of another length: the text is built again now,
	 * while the set is being made, not at every load */
	return r < 0 ? r : lsmc_smack_rules_refresh_text(rs->rules);
}

LSMC_EXPORT int lsmc_smack_ruleset_change(struct lsmc_smack_ruleset *rs, const char *subject,
					  const char *object, const char *allow, const char *deny)
{
	unsigned a, d;
	int r;

	if (!rs)
		return -EINVAL;
	if ((r = check_labels(rs, subject, object)) < 0 || (r = parse_access(rs, allow, &a)) < 0 ||
	    (r = parse_access(rs, deny, &d)) < 0)
		return r;
	if (a & d)
		return set_error(rs, -EINVAL,
				 "allow \"%s\" and deny \"%s\" name the same access letter", allow,
				 deny);
	if ((r = want_format(rs, LSMC_SMACK_FMT_CHANGE)) < 0)
		return r;
	r = lsmc_smack_rules_add(rs->rules, subject, object, a, d, 0);
	return r < 0 ? r : lsmc_smack_rules_refresh_text(rs->rules);
}

/* Four fields on the first rule line make a change file; otherwise access rules. */
static enum lsmc_smack_format detect_format(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t end = i, fields = 0;
		bool in_field = false;

		while (end < len && text[end] != '\n')
			end++;
		for (size_t k = i; k < end; k++) {
			bool blank = text[k] == ' ' || text[k] == '\t' || text[k] == '\r';
			if (!in_field && text[k] == '#')
				break;
			if (!blank && !in_field)
				fields++;
			in_field = !blank;
		}
		if (fields)
			return fields == 4 ? LSMC_SMACK_FMT_CHANGE : LSMC_SMACK_FMT_LOAD;
		i = end + 1;
	}
	return LSMC_SMACK_FMT_LOAD;
}

LSMC_EXPORT int lsmc_smack_ruleset_parse(struct lsmc_smack_ruleset *rs, const char *text,
					 size_t len, const char *name)
{
	struct lsmc_smack_error e;
	struct lsmc_smack_rules *parsed = NULL;
	int r;

	if (!rs || (!text && len))
		return -EINVAL;
	rs->error[0] = '\0';
	r = lsmc_smack_rules_parse(text ? text : "", len, name, detect_format(text, len), &parsed,
				   &e);
	if (r < 0) {
		if (r != -ENOMEM)
			snprintf(rs->error, sizeof(rs->error), "%s", e.message);
		return r;
	}
	if (parsed->n_rules == 0) {
		/* Only comments: nothing to add, and no format to commit to. */
		lsmc_smack_rules_free(parsed);
		return 0;
	}
	if (!rs->rules) {
		rs->rules = parsed;
		return 0;
	}
	r = want_format(rs, parsed->format);
	for (size_t i = 0; r == 0 && i < parsed->n_rules; i++) {
		const struct lsmc_smack_rule *x = &parsed->rules[i];
		r = lsmc_smack_rules_add(rs->rules, x->subject, x->object, x->access, x->deny,
					 x->line);
	}
	lsmc_smack_rules_free(parsed);
	/* once for the whole file, however many of its lines replaced an access */
	return r < 0 ? r : lsmc_smack_rules_refresh_text(rs->rules);
}

LSMC_EXPORT int lsmc_smack_ruleset_parse_file(struct lsmc_smack_ruleset *rs, const char *path)
{
	struct lsmc_file_bytes map;
	char why[256];
	int r;

	if (!rs || !path)
		return -EINVAL;
	/* An empty file, like one of only comments, is zero rules: systems ship them. */
	r = lsmc_file_read(path, LSMC_SMACK_TEXT_MAX, LSMC_FILE_EMPTY_OK, &map, why, sizeof(why));
	if (r < 0)
		return r == -ENOMEM ? r : set_error(rs, r, "%s: %s", path, why);
	r = lsmc_smack_ruleset_parse(rs, map.data, map.len, path);
	lsmc_file_bytes_free(&map);
	return r;
}

LSMC_EXPORT const char *lsmc_smack_ruleset_error(const struct lsmc_smack_ruleset *rs)
{
	return rs ? rs->error : "";
}

LSMC_EXPORT size_t lsmc_smack_ruleset_count(const struct lsmc_smack_ruleset *rs)
{
	return rs && rs->rules ? rs->rules->n_rules : 0;
}

/* A pair's access in a listing: its bits, or PAIR_UNLISTED. */
#define PAIR_UNLISTED 0xff

/*
 * The access every pair of the set has in the kernel's listing. The
 * listing is matched as it is read (lsmc_smack_listing_feed(): one scan
 * and one look-up in the set's pair index per line); nothing is built
 * unless a rollback needs it.
 *
 * What the listing cannot say: Smack leaves out every rule whose access is
 * "-" (smk_rule_show() skips access 0), and no interface shows a task's
 * own rules otherwise (access2 asks the global rules only). For the global
 * rules that loses nothing, since a "-" rule and no rule both deny. For a
 * task's own rules it does: no rule restricts nothing, a "-" rule denies
 * everything, and both are unlisted.
 */
static long take_listing(const char *buf, size_t len, bool eof, void *arg)
{
	return lsmc_smack_listing_feed(arg, buf, len, eof);
}

static int read_listing(struct lsmc_ctx *ctx, const struct lsmc_smack_rules *set, bool self,
			uint8_t **accessp)
{
	struct lsmc_smack_listing_match m = {.set = set, .name = self ? "load-self2" : "load2"};
	int r;

	m.access = malloc(set->n_rules ? set->n_rules : 1);
	if (!m.access)
		return -ENOMEM;
	memset(m.access, PAIR_UNLISTED, set->n_rules);
	r = lsmc_kstate_smack_rules(ctx, self, take_listing, &m);
	if (r < 0) {
		free(m.access);
		return r;
	}
	*accessp = m.access;
	return 0;
}

/*
 * The set's text for the kernel: the one it keeps (built as its rules were
 * added), or, for a set whose text is not in step, rendered now into
 * *owned (the caller frees it).
 */
static int set_text(const struct lsmc_smack_rules *set, const char **text, size_t *len,
		    char **owned)
{
	*owned = NULL;
	*text = lsmc_smack_rules_text(set, len);
	if (*text)
		return 0;
	int r = lsmc_smack_rules_render(set, owned, len);
	*text = *owned;
	return r;
}

/* Bytes rule x takes in the rendered text (see lsmc_smack_rules_render). */
static size_t rendered_len(const struct lsmc_smack_rules *set, const struct lsmc_smack_rule *x)
{
	char a[LSMC_SMACK_ACCESS_BUF], d[LSMC_SMACK_ACCESS_BUF];
	size_t n = strlen(x->subject) + strlen(x->object) + 3 +
		   strlen(lsmc_smack_access_to_string(x->access, a));

	if (set->format == LSMC_SMACK_FMT_CHANGE)
		n += 1 + strlen(lsmc_smack_access_to_string(x->deny, d));
	return n;
}

/*
 * The rule set that puts back every pair the failed load may have changed:
 * the pairs of the windows the kernel took, and of the window it failed in
 * (sent bytes from the start of the text). Pairs after that never reached
 * the kernel and are left alone.
 *
 * A pair listed before gets its access back, exactly. An unlisted global
 * pair had no access, which "-" restores. An unlisted pair of the task's
 * own rules had either no rule or a "-" rule, and the kernel cannot say
 * which (see above): the listing after the failure tells whether the load
 * changed it (it is listed now); if so it is set to "-", the one choice
 * that cannot loosen; if not, it is left as it is. Each such pair is
 * counted in *uncertain.
 */
static int restore_set(struct lsmc_ctx *ctx, const struct lsmc_smack_rules *set,
		       const uint8_t *prev, bool self, size_t sent, struct lsmc_smack_rules **out,
		       size_t *uncertain)
{
	struct lsmc_smack_rules *back = lsmc_smack_rules_new(LSMC_SMACK_FMT_LOAD);
	uint8_t *now = NULL;
	bool now_read = false;
	size_t off = 0;
	int r = 0;

	*uncertain = 0;
	for (size_t i = 0; back && r == 0 && i < set->n_rules && off < sent; i++) {
		const struct lsmc_smack_rule *x = &set->rules[i];
		unsigned p = prev[i];

		off += rendered_len(set, x);
		/* A change set may name a pair twice; its first line holds the snapshot. */
		if (lsmc_smack_rules_find(set, x->subject, x->object) != x)
			continue;
		if (p == PAIR_UNLISTED && !self)
			p = 0;
		if (p == PAIR_UNLISTED) {
			if (!now_read) {
				now_read = true;
				if (read_listing(ctx, set, true, &now) < 0) {
					lsmc_clear_error(ctx);
					now = NULL; /* unknown: every such pair gets "-" */
				}
			}
			(*uncertain)++;
			if (now && now[i] == PAIR_UNLISTED)
				continue; /* unchanged, or set to "-" by the load: as tight */
			p = 0;
		}
		r = lsmc_smack_rules_add(back, x->subject, x->object, p, 0, 0);
	}
	free(now);
	if (!back)
		return -ENOMEM;
	if (r < 0) {
		lsmc_smack_rules_free(back);
		return r;
	}
	*out = back;
	return 0;
}

static void append(struct lsmc_ctx *ctx, const char *fmt, ...) LSMC_PRINTF(2, 3);

static void append(struct lsmc_ctx *ctx, const char *fmt, ...)
{
	size_t used = strlen(ctx->err.message);
	va_list args;

	va_start(args, fmt);
	vsnprintf(ctx->err.message + used, sizeof(ctx->err.message) - used, fmt, args);
	va_end(args);
}

static int roll_back(struct lsmc_ctx *ctx, const struct lsmc_smack_rules *set, const uint8_t *prev,
		     const struct lsmc_request *failed, struct lsmc_delivery *d)
{
	struct lsmc_last_error saved = ctx->err;
	struct lsmc_request req = *failed;
	struct lsmc_smack_rules *restore = NULL;
	struct lsmc_delivery rd;
	size_t uncertain;
	const char *text = NULL;
	char *owned = NULL;
	size_t len = 0;
	int r;

	r = restore_set(ctx, set, prev, failed->scope == LSMC_SCOPE_SELF,
			d->bytes + (size_t)ctx->page_size - 1, &restore, &uncertain);
	if (r == 0 && restore->n_rules == 0) {
		lsmc_smack_rules_free(restore);
		ctx->err = saved;
		append(ctx, "; no rule had changed");
		return 0;
	}
	if (r == 0)
		r = set_text(restore, &text, &len, &owned);
	if (r < 0) {
		lsmc_smack_rules_free(restore);
		ctx->err = saved;
		return r;
	}
	req.payload = text;
	req.len = len;
	req.smack_fmt = SMACK_FMT_LONG;
	/* Through the backend that failed: the other one may not even exist. */
	req.via = d->backend;
	memset(&rd, 0, sizeof(rd));
	r = lsmc_deliver(ctx, &req, &rd);
	free(owned);
	lsmc_smack_rules_free(restore);
	if (r == 0) {
		ctx->err = saved;
		d->kernel_calls += rd.kernel_calls;
		append(ctx, "; every rule already applied was rolled back");
		if (uncertain)
			append(ctx,
			       " (%zu pair(s) of the task's own rules had no rule the kernel "
			       "lists: "
			       "it does not list a deny-all \"-\" rule, so whether one was there "
			       "cannot be told, and a pair the load changed is left with no "
			       "access, which cannot loosen)",
			       uncertain);
	} else {
		char msg[sizeof(saved.message)];
		snprintf(msg, sizeof(msg),
			 "%.200s; rolling back failed too (%.200s): the "
			 "rule set is partly applied",
			 saved.message, ctx->err.message);
		ctx->err = saved;
		memcpy(ctx->err.message, msg, sizeof(msg));
	}
	return r;
}

/*
 * Whether the kernel may have applied some rules before failing. Smack
 * checks permission before it parses, so a refusal of the very first
 * window changed nothing; any other failure can follow applied rules,
 * even inside the window that failed.
 */
static bool maybe_partial(int r, const struct lsmc_delivery *d)
{
	if (d->kernel_calls == 0)
		return false;
	if (d->bytes > 0)
		return true;
	switch (-r) {
	case EPERM:
	case EACCES:
	case ENOSYS:
	case EOPNOTSUPP:
	case ENOENT:
	case ELOOP:
	case ENODEV:
		return false;
	default:
		return true;
	}
}

LSMC_EXPORT int lsmc_smack_load(struct lsmc_ctx *ctx, const struct lsmc_smack_ruleset *rs,
				const struct lsmc_load_opts *in, struct lsmc_result *res)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_SMACK, .interface = "rule set", .hint = ""};
	struct lsmc_result out = {.sz = sizeof(out)};
	uint8_t *prev = NULL;
	struct lsmc_load_opts opts;
	struct lsmc_request req = {.lsm = LSM_ID_SMACK};
	struct lsmc_delivery d = {0};
	const char *text = NULL;
	char *owned = NULL;
	size_t len = 0;
	bool lock;
	int r;

	if (!rs)
		return -EINVAL;
	r = lsmc_load_begin(ctx, LSM_ID_SMACK, in, &opts);
	if (r < 0)
		return r;
	if (opts.ns) {
		fi.error = -EINVAL;
		return lsmc_fail(ctx, &fi,
				 "invalid load options: policy namespaces are an AppArmor notion");
	}
	if (!rs->rules || rs->rules->n_rules == 0) {
		/* Zero rules load as zero rules: nothing to send, nothing to fail. */
		out.parts = 1;
		lsmc_result_put(res, &out);
		return 0;
	}
	r = set_text(rs->rules, &text, &len, &owned);
	if (r < 0) {
		fi.error = r;
		return r == -ENOMEM ? r : lsmc_fail(ctx, &fi, "the rule set does not validate");
	}
	req.scope = opts.scope;
	req.payload = text;
	req.len = len;
	req.smack_fmt =
		rs->rules->format == LSMC_SMACK_FMT_CHANGE ? SMACK_FMT_CHANGE : SMACK_FMT_LONG;
	req.require_atomic = opts.require_atomic;
	if (opts.dry_run) {
		r = lsmc_load_request(ctx, &req, (unsigned)rs->rules->n_rules, &opts, res);
		free(owned);
		return r;
	}
	/* The snapshot, the load and its rollback under one hold of the lock:
	 * a rollback must not undo what another loader set in between. The
	 * task's own rules are its own. */
	lock = opts.scope == LSMC_SCOPE_SYSTEM;
	if (lock && (r = lsmc_lock_take(ctx, SLOT_SMACK)) < 0) {
		free(owned);
		return r;
	}
	r = read_listing(ctx, rs->rules, opts.scope == LSMC_SCOPE_SELF, &prev);
	if (r < 0) {
		warn(ctx,
		     "smack: cannot read the current rules (%s): a failure part-way could "
		     "not be rolled back",
		     strerror(-r));
		lsmc_clear_error(ctx);
	}
	r = lsmc_deliver(ctx, &req, &d);
	if (r < 0 && maybe_partial(r, &d) && prev)
		out.rolled_back = roll_back(ctx, rs->rules, prev, &req, &d) == 0;
	else if (r < 0 && maybe_partial(r, &d))
		strncat(ctx->err.message,
			"; the rules before it stay applied (no rollback: the "
			"current rules could not be read)",
			sizeof(ctx->err.message) - strlen(ctx->err.message) - 1);
	lsmc_result_from_delivery(&out, &d);
	/* One rule at a time in the kernel, whatever one call carried; and
	 * after a failure the rules it took are rolled back or unknown. */
	out.atomic = false;
	out.bytes = r == 0 ? d.bytes : 0;
	out.items = r == 0 ? (unsigned)rs->rules->n_rules : 0;
	out.parts = r == 0;
	if (lock)
		lsmc_lock_drop(ctx, SLOT_SMACK);
	lsmc_result_put(res, &out);
	free(prev);
	free(owned);
	return r;
}

const struct lsmc_smack_rules *lsmc_smack_ruleset_rules(const struct lsmc_smack_ruleset *rs)
{
	return rs->rules;
}

int lsmc_smack_ruleset_format(const struct lsmc_smack_ruleset *rs)
{
	if (!rs->rules || rs->rules->n_rules == 0)
		return 0;
	return rs->rules->format == LSMC_SMACK_FMT_CHANGE ? SMACK_FMT_CHANGE : SMACK_FMT_LONG;
}

int lsmc_smack_ruleset_merge(struct lsmc_smack_ruleset *dst, const struct lsmc_smack_ruleset *src)
{
	int r = 0;

	if (!src->rules || src->rules->n_rules == 0)
		return 0;
	r = want_format(dst, src->rules->format);
	for (size_t i = 0; r == 0 && i < src->rules->n_rules; i++) {
		const struct lsmc_smack_rule *x = &src->rules->rules[i];
		r = lsmc_smack_rules_add(dst->rules, x->subject, x->object, x->access, x->deny,
					 x->line);
	}
	return r < 0 ? r : lsmc_smack_rules_refresh_text(dst->rules);
}

/* The dispatcher's rules for Smack. */
static int smack_check(struct lsmc_ctx *ctx, const struct lsmc_request *req,
		       struct lsmc_fail_info *fi)
{
	if (!req->require_atomic)
		return 0;
	fi->error = -EOPNOTSUPP;
	fi->hint = "Smack applies rules one by one on every interface; drop the atomic "
		   "requirement";
	return lsmc_fail(ctx, fi, "no atomic delivery exists for Smack rule sets");
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
	return r == -EPERM && req->scope == LSMC_SCOPE_SELF && d->bytes == 0;
}

const struct lsmc_lsm_rules lsmc_smack_delivery_rules = {
	.lsm = LSM_ID_SMACK,
	.check = smack_check,
	.fs_after_refusal = smack_self_needs_privilege,
	.fs_after_refusal_note = "smack: the syscall wants CAP_MAC_ADMIN for the task's own "
				 "rules; load-self2 needs none",
};

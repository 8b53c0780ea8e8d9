/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmc_smack_load() against the kernel model, with the model made to fail.
 * The input chooses the kernel (smackfs only, the v6 or the unified policy
 * syscalls), the backend, the scope (the system's rules or the task's own),
 * the page size the library cuts its windows by and the one the kernel
 * cuts them by (smaller: the kernel consumes less than a window, a short
 * count), the rules the model holds first, a new rule set (access rules or
 * changes, from a small pool of labels so that pairs overlap and repeat,
 * long labels among them) and the faults: the n-th write fails with an
 * errno, the n-th policy syscall fails, a write is interrupted, the kernel
 * runs out of memory after n rules in the middle of a window.
 *
 * After the load the model must hold:
 *  - on success, the old rules with the new ones applied in order by the
 *    kernel's semantics (an access rule sets the pair's access, a change
 *    adds its allow and removes its deny letters, creating the pair), and
 *    the result counts the set's rules;
 *  - on failure, exactly the old rules (a pair with no rule and one with
 *    "-" both deny for the system's rules; for the task's own rules the
 *    library may leave "-" where there was no rule, the one state it
 *    cannot tell apart, which only tightens), and rolled_back says whether
 *    a rollback ran; only an error that says the set is partly applied
 *    may leave the model elsewhere;
 *  - after a dry run, the old rules untouched.
 */
#include "fuzz-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* FUZZ_STATS=1: at exit, how the runs ended (to see that every outcome
 * is reached). */
static unsigned long outcome[5];
static const char *const outcome_name[5] = {"dry run", "loaded", "failed, nothing applied",
					    "failed, rolled back", "failed, partly applied"};

static void print_stats(void)
{
	for (int i = 0; i < 5; i++)
		fprintf(stderr, "fuzz-smack-rollback: %s: %lu\n", outcome_name[i], outcome[i]);
}

static char long200[201], long255[256], long256[257];
static const char *pool[16];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init(print_stats);
	memset(long200, 'L', 200);
	memset(long255, 'M', 255);
	memset(long256, 'N', 256); /* one byte too long: refused by the library */
	const char *p[16] = {"_", "a", "b", "c", "*",	  "^",	   "@", "Web.app-1",
			     "a", "b", "c", "d", long200, long255, "x", long256};
	memcpy(pool, p, sizeof(p));
	return 0;
}

static void dump(const char *name, const struct fz_pairs *st)
{
	fprintf(stderr, "%s (%zu pairs):\n", name, st->n);
	for (size_t i = 0; i < st->n; i++)
		fprintf(stderr, "  %.20s%s %.20s%s %#x\n", st->p[i].s,
			strlen(st->p[i].s) > 20 ? "..." : "", st->p[i].o,
			strlen(st->p[i].o) > 20 ? "..." : "", (unsigned)st->p[i].access);
}

/*
 * Whether the model (got) holds want. exact: every pair as it is; else a
 * missing pair and a "-" pair are the same (the system's rules), or, with
 * self, got may hold "-" where want has no rule.
 */
static bool same(const struct fz_pairs *want, const struct fz_pairs *got, bool exact, bool self)
{
	for (size_t i = 0; i < want->n; i++) {
		const struct fz_pair *w = &want->p[i];
		struct fz_pair *g = fz_pair_find(got, w->s, w->o);

		if (g ? g->access != w->access : (exact || self || w->access != 0))
			return false;
	}
	for (size_t i = 0; i < got->n; i++) {
		const struct fz_pair *g = &got->p[i];

		if (!fz_pair_find(want, g->s, g->o) && (exact || g->access != 0))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Every rule (at most 520 bytes) fits a window, as with any real
	 * PAGE_SIZE; smaller pages only make the model refuse a rule whole. */
	static const long pages[] = {1024, 2048, 4096, 4096};
	struct fz_in in = {data, size};
	struct fz_pairs old, want, got;
	struct lsmc_smack_ruleset *rs = NULL;
	struct lsmc_load_opts opts = {.sz = sizeof(opts)};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_error err = {.sz = sizeof(err)};
	struct lsmc_ctx *ctx;
	struct model *m;
	uint8_t cfg = fz_u8(&in), faults = fz_u8(&in), page = fz_u8(&in);
	bool change = cfg & 0x10, dry = (cfg & 0xe0) == 0xe0;
	size_t n_old, n_new;
	int r;

	m = model_new();
	switch (cfg & 3) {
	case 0:
		model_preset_smack_fs_only(m);
		break;
	case 1:
		model_preset_all_syscalls(m);
		break;
	default:
		model_preset_all_syscalls(m);
		m->abi = MODEL_ABI_UNIFIED;
		break;
	}
	ctx = fz_ctx(m);
	lsmc_set_backend(ctx, (enum lsmc_backend)((cfg >> 2) % 3));
	opts.scope = (cfg & 0x08) ? LSMC_SCOPE_SELF : LSMC_SCOPE_SYSTEM;
	opts.dry_run = dry;
	ctx->page_size = pages[page & 3];
	/* the kernel's page: the library's, or smaller (short counts) */
	m->page_size = (size_t)pages[page & 3] >> ((page >> 2) & 1);
	if (m->page_size < 1024)
		m->page_size = 1024;

	/* The rules the model holds first. */
	n_old = fz_u8(&in) % 12;
	for (size_t i = 0; i < n_old; i++) {
		char line[600], a[8];
		uint8_t x = fz_u8(&in), y = fz_u8(&in);
		int len;

		fz_access_str(fz_u8(&in) & 0x7f, a);
		len = snprintf(line, sizeof(line), "%s %s %s", pool[x % 15], pool[y % 15], a);
		smk_write_rules(m, line, (size_t)len,
				opts.scope == LSMC_SCOPE_SELF ? &m->st->smk_self
							      : &m->st->smk_global,
				SMACK_FMT_LONG);
	}
	fz_pairs_of_model(m, opts.scope == LSMC_SCOPE_SELF, &old);
	want = old;

	/* The new set, and what the kernel makes of it. */
	if (lsmc_smack_ruleset_new(&rs) < 0)
		abort();
	n_new = fz_u8(&in) % 20;
	for (size_t i = 0; i < n_new; i++) {
		uint8_t x = fz_u8(&in), y = fz_u8(&in), al = fz_u8(&in) & 0x7f;
		uint8_t de = change ? fz_u8(&in) : 0;
		const char *s = pool[x & 15], *o = pool[y & 15];
		char a[8], d[8];

		/* mostly disjoint allow and deny; sometimes not (refused) */
		if (!(de & 0x80))
			de &= (uint8_t)~al;
		de &= 0x7f;
		fz_access_str(al, a);
		fz_access_str(de, d);
		r = change ? lsmc_smack_ruleset_change(rs, s, o, a, de ? d : "-")
			   : lsmc_smack_ruleset_add(rs, s, o, a);
		if (r == 0)
			fz_pair_apply(&want, s, o, al, change ? de : 0x7f & ~al);
	}

	/* The faults. */
	if (faults & 1) {
		m->fail_write_nth = 1 + fz_u8(&in) % 12;
		m->fail_write_errno = fz_errno(&in);
	}
	if (faults & 2) {
		m->fail_policy_call_nth = 1 + fz_u8(&in) % 12;
		m->fail_policy_call_errno = fz_errno(&in);
	}
	if (faults & 4)
		m->eintr_write_nth = 1 + fz_u8(&in) % 12;
	if (faults & 8) {
		m->smack_rules_applied = 0;
		m->smack_fail_after_rules = 1 + fz_u8(&in) % 48;
	}

	r = lsmc_smack_load(ctx, rs, &opts, &res);
	fz_pairs_of_model(m, opts.scope == LSMC_SCOPE_SELF, &got);
	lsmc_get_last_error(ctx, &err);

	outcome[dry ? 0 : r == 0 ? 1 : res.rolled_back ? 3 : 2]++;
	if (dry) {
		if (!same(&old, &got, true, false) || res.rolled_back)
			fz_die("dry run changed the rules (r=%d)", r);
	} else if (r == 0) {
		if (!same(&want, &got, true, false)) {
			dump("want", &want);
			dump("model", &got);
			fz_die("load succeeded but the model is not old + new");
		}
		if (res.rolled_back || res.items != lsmc_smack_ruleset_count(rs))
			fz_die("success reported rolled_back=%d items=%u of %zu", res.rolled_back,
			       res.items, lsmc_smack_ruleset_count(rs));
	} else {
		bool partly = strstr(err.message, "partly applied") ||
			      strstr(err.message, "stay applied");

		if (partly)
			outcome[2]--, outcome[4]++;
		if (partly && getenv("FUZZ_DEBUG"))
			fprintf(stderr, "faults %#x page %ld/%zu: %s\n", faults, ctx->page_size,
				m->page_size, err.message);
		if (res.items)
			fz_die("failure (%d) reported %u items", r, res.items);
		if (!partly && !same(&old, &got, false, opts.scope == LSMC_SCOPE_SELF)) {
			dump("old", &old);
			dump("model", &got);
			fz_die("load failed (%d: %s), rolled_back=%d, but the model is not the old "
			       "rules",
			       r, err.message, res.rolled_back);
		}
		/* Each fault fires once: one alone fails the load, never the
		 * rollback as well. */
		if (partly && __builtin_popcount(faults & 0xb) <= 1)
			fz_die("one fault (%#x), yet the set is partly applied: %s", faults & 0xf,
			       err.message);
		if (partly && res.rolled_back)
			fz_die("rolled back and partly applied at once: %s", err.message);
	}
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
	return 0;
}

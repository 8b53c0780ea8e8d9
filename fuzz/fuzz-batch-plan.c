/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmc_batch_run() against the kernel model. The input chooses the kernel
 * (pseudo-filesystems only, the v6 or the unified policy syscalls), the
 * backend, CONTINUE and DRY_RUN, what the model holds first (AppArmor
 * profiles, Smack rules, a SELinux policy), up to six items (AppArmor
 * files of one to three profiles, in the root namespace, a header
 * namespace or through --ns, some of a format the kernel does not take,
 * some garbage; SELinux policies, whole or cut short; Smack access-rule or
 * change files over a few labels, some with a bad line), each
 * perhaps with require_atomic, and the faults:
 * the n-th write or policy syscall fails with an errno, the kernel runs
 * out of memory after n Smack rules, AppArmor policy is locked.
 *
 * After the run, the report must be what the model holds:
 *  - an AppArmor item reported loaded has all its profiles in the model;
 *    one not loaded adds none (a profile there was there before or came
 *    with a loaded item), and the model holds no profile besides;
 *  - SELinux holds the bytes of the last policy reported loaded, one load
 *    each, or its old policy when none was;
 *  - Smack holds the old rules with the loaded items applied in the order
 *    the batch applies them (the merged access rules, then each change
 *    file), a failed item rolled back, unless an error says the set is
 *    partly applied, which only two faults may cause;
 *  - each loaded item counts its profiles or rules, total.parts counts the
 *    loaded items, the return is 0 exactly when every item loaded;
 *  - without CONTINUE, an invalid item found before the first kernel call
 *    leaves the model untouched;
 *  - an item added with require_atomic is loaded atomically or not at all;
 *  - a dry run writes nothing and changes nothing.
 */
#include <fcntl.h>
#include <unistd.h>

#include "fuzz-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_ITEMS 6
#define N_PROF	  5

enum kind { K_AA, K_SE, K_SMACK };

struct item {
	enum kind kind;
	bool valid;	   /* expected to pass the library's own checks */
	unsigned profiles; /* AppArmor: bit i, profile "p<i>" */
	int ns;		   /* AppArmor: 0 root, 1 "ctr" (header), 2 "ctr" (--ns) */
	int policy;	   /* SELinux: which of the policies */
	bool change;	   /* Smack: a change file */
	bool atomic;	   /* loaded with require_atomic */
	struct rule {
		uint8_t s, o, allow, deny;
	} rules[12];
	size_t n_rules, distinct;
	char path[64];
};

static char dir[64];
static uint8_t *se_policy[3];
static size_t se_len[3];
static const char *const labels[] = {"_", "a", "b", "c", "x", "Web"};
static const char *const prof_names[N_PROF] = {"p0", "p1", "p2", "p3", "p4"};
static unsigned long outcome[4];

static void print_stats(void)
{
	fprintf(stderr,
		"fuzz-batch-plan: dry runs %lu, all loaded %lu, some failed %lu, partly "
		"applied %lu\n",
		outcome[0], outcome[1], outcome[2], outcome[3]);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(1 << 16);

	if (!f || !buf)
		abort();
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void remove_dir(void)
{
	for (size_t i = 0; i < MAX_ITEMS; i++) {
		char p[96];

		snprintf(p, sizeof(p), "%s/item%zu", dir, i);
		unlink(p);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const versions[] = {"33", "22", "18"};

	(void)argc;
	(void)argv;
	fz_init(print_stats);
	snprintf(dir, sizeof(dir), "%s/lsmc-fuzz-batch-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	for (int i = 0; i < 3; i++) {
		char p[512];

		snprintf(p, sizeof(p), "%s/selinux-walk/selinux-minimal.%s", FUZZ_CORPUS_DIR,
			 versions[i]);
		se_policy[i] = slurp(p, &se_len[i]);
	}
	return 0;
}

/* Item idx's file: written only when its bytes change (most runs keep
 * most items of the run before). */
static void put_file(size_t idx, const char *path, const void *buf, size_t len)
{
	static struct {
		uint8_t *data;
		size_t len;
	} last[MAX_ITEMS];
	int fd;

	if (last[idx].data && last[idx].len == len && memcmp(last[idx].data, buf, len) == 0)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
	free(last[idx].data);
	last[idx].data = malloc(len ? len : 1);
	if (!last[idx].data)
		abort();
	memcpy(last[idx].data, buf, len);
	last[idx].len = len;
}

/* AppArmor blobs, made once: header namespace or not, profiles, version. */
static const uint8_t *aa_blob(bool ns, unsigned profiles, uint32_t abi, size_t *len)
{
	static struct {
		uint8_t *data;
		size_t len;
	} cache[2][32][5];
	__typeof__(cache[0][0][0]) *c = &cache[ns][profiles][abi - 5];

	if (!c->data) {
		const char *names[N_PROF];
		size_t n = 0;

		for (int p = 0; p < N_PROF; p++)
			if (profiles & (1u << p))
				names[n++] = prof_names[p];
		c->data = model_aa_blob(ns ? "ctr" : NULL, names, n, abi, 0, &c->len);
	}
	*len = c->len;
	return c->data;
}

/* ---- Smack state ---- */

/* Every pair of x has its access in y, a missing pair being "-". */
static bool covers(struct fz_pairs *x, struct fz_pairs *y)
{
	for (size_t i = 0; i < x->n; i++) {
		struct fz_pair *q = fz_pair_find(y, x->p[i].s, x->p[i].o);

		if ((q ? q->access : 0) != x->p[i].access)
			return false;
	}
	return true;
}

/* The same rules, a missing pair and a "-" pair being the same (both deny). */
static bool ssame(struct fz_pairs *a, struct fz_pairs *b)
{
	return covers(a, b) && covers(b, a);
}

static void sdump(const char *name, const struct fz_pairs *st)
{
	fprintf(stderr, "%s:", name);
	for (size_t i = 0; i < st->n; i++)
		fprintf(stderr, " %s>%s=%#x", st->p[i].s, st->p[i].o, (unsigned)st->p[i].access);
	fputc('\n', stderr);
}

static void sapply_item(struct fz_pairs *st, const struct item *it)
{
	for (size_t r = 0; r < it->n_rules; r++) {
		const struct rule *x = &it->rules[r];
		fz_pair_apply(st, labels[x->s], labels[x->o], x->allow,
			      it->change ? x->deny : 0x7f & ~x->allow);
	}
}

/* ---- the items ---- */

static void make_item(struct fz_in *in, struct item *it, size_t idx)
{
	uint8_t k = fz_u8(in);

	memset(it, 0, sizeof(*it));
	snprintf(it->path, sizeof(it->path), "%s/item%zu", dir, idx);
	it->valid = true;
	switch (k % 3) {
	case 0: {
		size_t n = 0, len;
		uint32_t abi = 5 + fz_u8(in) % 5; /* 9: listed, not taken */
		const uint8_t *blob;
		unsigned want = (k >> 2) & 0x1f;

		it->kind = K_AA;
		/* one to three profiles */
		for (int p = 0; p < N_PROF && n < 3; p++)
			if (want & (1u << p)) {
				it->profiles |= 1u << p;
				n++;
			}
		if (!it->profiles)
			it->profiles = 1;
		it->ns = (k >> 7) ? 1 + fz_u8(in) % 2 : 0;
		if (abi == 9)
			it->valid = false;
		if ((fz_u8(in) & 7) == 7) {
			/* not a policy at all */
			it->valid = false;
			put_file(idx, it->path, "not a policy\n", 13);
			break;
		}
		blob = aa_blob(it->ns == 1, it->profiles, abi, &len);
		put_file(idx, it->path, blob, len);
		break;
	}
	case 1: {
		uint8_t c = fz_u8(in);

		it->kind = K_SE;
		it->policy = c % 3;
		if (c & 0x80) {
			/* cut short */
			it->valid = false;
			put_file(idx, it->path, se_policy[it->policy],
				 se_len[it->policy] * (c & 0x3f) / 64);
		} else {
			put_file(idx, it->path, se_policy[it->policy], se_len[it->policy]);
		}
		break;
	}
	default: {
		char text[1024], a[8], d[8];
		size_t used = 0;

		it->kind = K_SMACK;
		it->change = k & 0x80;
		it->n_rules = (k >> 3) % 9;
		for (size_t r = 0; r < it->n_rules; r++) {
			struct rule *x = &it->rules[r];
			uint8_t so = fz_u8(in);

			x->s = (so & 0xf) % 6;
			x->o = (so >> 4) % 6;
			x->allow = fz_u8(in) & 0x7f;
			x->deny = it->change ? fz_u8(in) & 0x7f & ~x->allow : 0;
			fz_access_str(x->allow, a);
			fz_access_str(x->deny, d);
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s %s %s%s%s\n",
						 labels[x->s], labels[x->o], a,
						 it->change ? " " : "", it->change ? d : "");
		}
		if (it->n_rules && (k & 0x40) && (fz_u8(in) & 3) == 3) {
			used += (size_t)snprintf(text + used, sizeof(text) - used, "-bad %s r\n",
						 labels[0]);
			it->valid = false;
		}
		for (size_t r = 0; r < it->n_rules; r++) {
			bool dup = false;
			for (size_t q = 0; q < r && !it->change; q++)
				dup |= it->rules[q].s == it->rules[r].s &&
				       it->rules[q].o == it->rules[r].o;
			it->distinct += !dup;
		}
		put_file(idx, it->path, text, used);
		break;
	}
	}
}

/* A Smack file the batch merges with the others: access rules, no atomic
 * load asked. The rest load one by one after them, in order. */
static bool merged(const struct item *it)
{
	return it->kind == K_SMACK && it->valid && !it->change && !it->atomic;
}

static bool aa_present(struct model *m, int ns, int p)
{
	return model_aa_has_profile(m, ns ? "ctr" : NULL, prof_names[p]);
}

static bool partly(const struct lsmc_batch_item *bi)
{
	return strstr(bi->message, "partly applied") || strstr(bi->message, "stay applied");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct item items[MAX_ITEMS];
	struct lsmc_batch_item bi[MAX_ITEMS];
	struct lsmc_result total = {.sz = sizeof(total)};
	struct fz_pairs s_old, s_want, s_got;
	struct lsmc_batch *b;
	struct lsmc_ctx *ctx;
	struct model *m;
	uint8_t cfg = fz_u8(&in), faults = fz_u8(&in), init = fz_u8(&in);
	unsigned flags = (cfg >> 4) & 3, aa_old[2] = {0, 0}, aa_want[2], se_loads;
	bool dry = flags & LSMC_BATCH_DRY_RUN, cont = flags & LSMC_BATCH_CONTINUE;
	bool any_partly = false, any_invalid = false, all_ok = true;
	uint8_t *se_before;
	size_t se_before_len, n, n_ok = 0;
	int r, first = 0, nfaults = 0;

	m = model_new();
	model_preset_apparmor_fs_only(m);
	model_preset_selinux_fs_only(m);
	model_preset_smack_fs_only(m);
	if (cfg & 3) {
		model_preset_all_syscalls(m);
		m->abi = (cfg & 3) == 2 ? MODEL_ABI_UNIFIED : MODEL_ABI_V6;
	}
	ctx = fz_ctx(m);
	lsmc_set_backend(ctx, (enum lsmc_backend)((cfg >> 2) % 3));

	/* What the model holds first. */
	if (init & 1)
		model_aa_ns_create(m, "ctr");
	for (int p = 0; p < N_PROF; p++) {
		if (init & (2u << p)) {
			int ns = (init & 0x80) && (init & 1) ? 1 : 0;
			model_aa_add_profile(m, ns ? "ctr" : NULL, prof_names[p], "enforce");
			aa_old[ns] |= 1u << p;
		}
	}
	for (size_t i = 0, k = fz_u8(&in) % 6; i < k; i++) {
		char a[8];
		uint8_t so = fz_u8(&in);

		fz_access_str(fz_u8(&in) & 0x7f, a);
		model_smack_set_rule(m, labels[(so & 0xf) % 6], labels[(so >> 4) % 6], a);
	}
	if (init & 0x40) {
		m->selinux_policy = malloc(se_len[2]);
		memcpy(m->selinux_policy, se_policy[2], se_len[2]);
		m->selinux_policy_len = se_len[2];
	}
	fz_pairs_of_model(m, false, &s_old);
	se_loads = m->selinux_loads;
	se_before = m->selinux_policy;
	se_before_len = m->selinux_policy_len;

	/* The items. */
	if (lsmc_batch_new(ctx, &b) < 0)
		abort();
	n = fz_u8(&in) % (MAX_ITEMS + 1);
	for (size_t i = 0; i < n; i++) {
		struct lsmc_load_opts o = {.sz = sizeof(o)};
		static const uint64_t lsm[] = {LSMC_LSM_APPARMOR, LSMC_LSM_SELINUX, LSMC_LSM_SMACK};

		make_item(&in, &items[i], i);
		if (items[i].kind == K_AA && items[i].ns == 2)
			o.ns = "ctr";
		o.require_atomic = items[i].atomic = (fz_u8(&in) & 3) == 3;
		if (lsmc_batch_add(b, lsm[items[i].kind], items[i].path, &o) < 0)
			abort();
		any_invalid |= !items[i].valid && items[i].kind != K_AA;
	}

	/* The faults. */
	if (faults & 1) {
		m->fail_write_nth = 1 + fz_u8(&in) % 16;
		m->fail_write_errno = fz_errno(&in);
		nfaults++;
	}
	if (faults & 2) {
		m->fail_policy_call_nth = 1 + fz_u8(&in) % 16;
		m->fail_policy_call_errno = fz_errno(&in);
		nfaults++;
	}
	if (faults & 4) {
		m->smack_rules_applied = 0;
		m->smack_fail_after_rules = 1 + fz_u8(&in) % 24;
		nfaults++;
	}
	if (faults & 8)
		m->eintr_write_nth = 1 + fz_u8(&in) % 16;
	if ((faults & 0x30) == 0x30)
		m->aa_policy_locked = true;
	if ((faults & 0xc0) == 0xc0)
		m->selinux_load_allowed = false;
	model_reset_calls(m);

	r = lsmc_batch_run(b, flags, &total);

	for (size_t i = 0; i < n; i++) {
		bi[i] = (struct lsmc_batch_item){.sz = sizeof(bi[i])};
		if (lsmc_batch_get(b, i, &bi[i]) < 0)
			abort();
		if (bi[i].status < 0) {
			all_ok = false;
			if (bi[i].status != -ECANCELED && !first)
				first = bi[i].status;
		} else {
			n_ok++;
		}
		any_partly |= items[i].kind == K_SMACK && partly(&bi[i]);
		/* all-or-nothing asked: loaded all-or-nothing, or not at all (an
		 * empty Smack file loads as zero rules) */
		if (items[i].atomic && !dry && bi[i].status == 0 && !bi[i].atomic &&
		    !(items[i].kind == K_SMACK && !items[i].n_rules))
			fz_die("item %zu (kind %d) asked for an atomic load and was loaded "
			       "non-atomically",
			       i, items[i].kind);
		/* what the library checks itself is refused, whatever the mode */
		if (!items[i].valid && items[i].kind != K_AA && bi[i].status == 0)
			fz_die("item %zu is invalid but reported loaded", i);
	}
	outcome[dry ? 0 : any_partly ? 3 : all_ok ? 1 : 2]++;
	if (getenv("FUZZ_DEBUG")) {
		fprintf(stderr, "cfg %#x faults %#x flags %u: r %d\n", cfg, faults, flags, r);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "item %zu: kind %d valid %d change %d rules %zu: %d %s\n",
				i, items[i].kind, items[i].valid, items[i].change, items[i].n_rules,
				bi[i].status, bi[i].message);
	}

	/* The report agrees with itself. */
	if (r != (r == -ENOMEM ? r : first))
		fz_die("returned %d, first item error %d", r, first);
	if (total.parts != n_ok)
		fz_die("total.parts %u, items loaded %zu", total.parts, n_ok);

	/* AppArmor. */
	aa_want[0] = aa_old[0];
	aa_want[1] = aa_old[1];
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == K_AA && bi[i].status == 0 && !dry)
			aa_want[items[i].ns ? 1 : 0] |= items[i].profiles;
	for (int ns = 0; ns < 2; ns++) {
		for (int p = 0; p < N_PROF; p++)
			if (aa_present(m, ns, p) != !!(aa_want[ns] & (1u << p)))
				fz_die("AppArmor profile %s%s is %s the model, not as reported "
				       "(dry %d, r %d)",
				       ns ? ":ctr:" : "", prof_names[p],
				       aa_present(m, ns, p) ? "in" : "not in", dry, r);
		if (model_aa_profile_count(m, ns ? "ctr" : NULL) !=
		    (size_t)__builtin_popcount(aa_want[ns]))
			fz_die("AppArmor namespace %d holds other profiles", ns);
	}
	for (size_t i = 0; i < n; i++)
		if (items[i].kind == K_AA && bi[i].status == 0 && !dry &&
		    bi[i].items != (unsigned)__builtin_popcount(items[i].profiles))
			fz_die("AppArmor item %zu reports %u profiles of %d", i, bi[i].items,
			       __builtin_popcount(items[i].profiles));

	/* SELinux. */
	{
		int last = -1;
		unsigned loads = 0;

		for (size_t i = 0; i < n; i++)
			if (items[i].kind == K_SE && bi[i].status == 0 && !dry) {
				last = items[i].policy;
				loads++;
			}
		if (m->selinux_loads != se_loads + loads)
			fz_die("SELinux: %u loads reported, the model took %u", loads,
			       m->selinux_loads - se_loads);
		if (last >= 0 ? (m->selinux_policy_len != se_len[last] ||
				 memcmp(m->selinux_policy, se_policy[last], se_len[last]) != 0)
			      : (m->selinux_policy != se_before ||
				 m->selinux_policy_len != se_before_len))
			fz_die("SELinux: the model holds another policy than reported");
	}

	/* Smack: the merged access rules, then each file loaded on its own. */
	s_want = s_old;
	{
		int group = 1; /* the merged access-rule files: one status for all */

		for (size_t i = 0; i < n; i++) {
			if (!merged(&items[i]) || !items[i].n_rules)
				continue;
			if (group != 1 && bi[i].status != group)
				fz_die("Smack: merged items %d and %d differ", group, bi[i].status);
			group = bi[i].status;
		}
		for (size_t i = 0; group == 0 && !dry && i < n; i++)
			if (merged(&items[i]))
				sapply_item(&s_want, &items[i]);
		for (size_t i = 0; !dry && i < n; i++)
			if (items[i].kind == K_SMACK && items[i].valid && !merged(&items[i]) &&
			    bi[i].status == 0)
				sapply_item(&s_want, &items[i]);
		for (size_t i = 0; i < n; i++)
			if (items[i].kind == K_SMACK && bi[i].status == 0 && !dry &&
			    bi[i].items != (items[i].change ? items[i].n_rules : items[i].distinct))
				fz_die("Smack item %zu reports %u rules of %zu", i, bi[i].items,
				       items[i].change ? items[i].n_rules : items[i].distinct);
	}
	fz_pairs_of_model(m, false, &s_got);
	if (any_partly && nfaults < 2)
		fz_die("Smack partly applied with %d fault(s)", nfaults);
	if (!any_partly && !ssame(&s_want, &s_got)) {
		sdump("old", &s_old);
		sdump("want", &s_want);
		sdump("model", &s_got);
		fz_die("Smack: the model does not hold what the items report (dry %d, r %d)", dry,
		       r);
	}

	/* Nothing at all when a check before the first kernel call failed. */
	if (!cont && any_invalid &&
	    (m->selinux_loads != se_loads || aa_want[0] != aa_old[0] || aa_want[1] != aa_old[1] ||
	     !ssame(&s_old, &s_got)))
		fz_die("an invalid item did not stop the batch before the first kernel call");
	if (dry && m->n_writes)
		fz_die("a dry run wrote %u times", m->n_writes);

	lsmc_batch_free(b);
	lsmc_unref(ctx);
	model_free(m);
	return 0;
}

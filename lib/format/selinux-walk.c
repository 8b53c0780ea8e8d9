/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The whole binary SELinux policy, walked in the order the kernel reads it
 * (security/selinux/ss: policydb_read, avtab_read_item, cond_read_list,
 * ebitmap_read). All words are little-endian u32 unless said otherwise.
 *
 *   header: magic, "SE Linux", version, config, sym_num, ocon_num
 *   [22] ebitmap policy capabilities   [23] ebitmap permissive types
 *   sym_num symbol tables: u32 nprim, u32 nel, nel entries (commons,
 *     classes, roles, types, users, [16] booleans, [19] sensitivities,
 *     categories)
 *   the rule table (avtab)   [16] conditional rule lists
 *   role transitions, role allows   [25] filename transitions
 *   ocon_num object-context lists, genfs   [19] range transitions
 *   [20] one ebitmap per type (type-attribute map)
 *
 * The numbers are the policy versions a part appears in. A huge count
 * costs nothing because it is compared with the bytes left, and every loop
 * consumes bytes, so a walk is linear in the size (the lists of values kept
 * for the checks below grow with the entries read, and are sorted once).
 *
 * Beyond the structure, the walk refuses what the kernel trusts without
 * checking and crashes on (found by loading mutated policies into Linux
 * 6.1; libsepol's policydb_validate() refuses them too): see perms(),
 * dentry_name(), operands(), table_done() and level_cats(). It refuses
 * nothing else a kernel takes and survives.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/selinux-walk.h"

#define POLICY_MAGIC 0xf97cff8cu
#define ID_STRING    "SE Linux"
#define ID_LEN	     8u

/* Policy versions where the layout changes (the kernel's names). */
enum {
	V_MIN = 15,
	V_BOOL = 16,
	V_IPV6 = 17,
	V_MLS = 19, /* also VALIDATETRANS */
	V_AVTAB = 20,
	V_RANGETRANS = 21,
	V_POLCAP = 22,
	V_PERMISSIVE = 23,
	V_BOUNDARY = 24,
	V_FILENAME_TRANS = 25,
	V_ROLETRANS = 26,
	V_NEW_OBJECT_DEFAULTS = 27,
	V_DEFAULT_TYPE = 28,
	V_CONSTRAINT_NAMES = 29,
	V_XPERMS = 30,
	V_INFINIBAND = 31,
	V_COMP_FTRANS = 33,
};

enum {
	SYM_COMMONS,
	SYM_CLASSES,
	SYM_ROLES,
	SYM_TYPES,
	SYM_USERS,
	SYM_BOOLS,
	SYM_LEVELS,
	SYM_CATS,
	SYM_NUM
};
enum {
	OCON_ISID,
	OCON_FS,
	OCON_PORT,
	OCON_NETIF,
	OCON_NODE,
	OCON_FSUSE,
	OCON_NODE6,
	OCON_IBPKEY,
	OCON_IBENDPORT,
};

#define MAP_UNIT 64u

/* avtab specifiers */
#define AVTAB_AV	  0x0007u
#define AVTAB_TYPE	  0x0070u
#define AVTAB_XPERMS	  0x0700u
#define AVTAB_ENABLED_OLD 0x80000000u
#define XPERMS_WORDS	  8u

/* constraint expressions */
#define CEXPR_MAXDEPTH 5
#define CEXPR_NOT      1u
#define CEXPR_AND      2u
#define CEXPR_OR       3u
#define CEXPR_ATTR     4u
#define CEXPR_NAMES    5u
#define CEXPR_XTARGET  16u
/* operand kinds (attr) and operators (op), as constraint_expr_eval() knows
 * them: it BUG()s on any other */
#define CEXPR_USER   1u
#define CEXPR_ROLE   2u
#define CEXPR_TYPE   4u
#define CEXPR_TARGET 8u
#define CEXPR_L1L2   32u
#define CEXPR_L1H2   64u
#define CEXPR_H1L2   128u
#define CEXPR_H1H2   256u
#define CEXPR_L1H1   512u
#define CEXPR_L2H2   1024u
#define CEXPR_EQ     1u
#define CEXPR_NEQ    2u
#define CEXPR_DOM    3u
#define CEXPR_DOMBY  4u
#define CEXPR_INCOMP 5u

#define PERM_BITS		   32u /* an access vector is a u32 */
#define TYPEDATUM_PROPERTY_PRIMARY 1u
#define CONFIG_MLS		   1u

#define COND_LAST	    7u /* conditional expression operators are 1..7 */
#define FS_USE_MNTPOINT	    6u /* fs_use behaviours: 1..7, but not 6 */
#define FS_USE_MAX	    7u
#define NO_ENTRY	    UINT32_MAX
#define MAX_AVTAB_OLD_ITEMS 8u

/* A growing list of u32 (values, or byte offsets that fit in size_t). */
struct list {
	size_t *v;
	size_t n, cap;
};

struct walk {
	const uint8_t *p;
	size_t len, pos;
	uint32_t vers;
	bool mls;
	const char *part; /* the table being read, for messages */
	uint32_t entry;	  /* its entry, from 0, or NO_ENTRY */
	char *why;
	size_t whylen;
	bool oom;
	/* What the kernel trusts once read (see check_* below) */
	uint32_t nprim[SYM_NUM];
	struct list named[SYM_NUM];  /* values that have a name (sorted after their table) */
	struct list bounds[SYM_NUM]; /* bounds named by roles, types, users */
	struct list user_levels;     /* where each user's MLS range starts */
	struct list bounded_types;   /* where each bounded role's types bitmap starts */
	uint8_t *cat_set;	     /* the named categories as a bitmap, when small */
	size_t cat_set_bits;
	size_t commons_at; /* the first common */
	uint32_t ncommons;
	bool levels_known; /* the sensitivities and categories have been read */
};

static int list_add(struct walk *w, struct list *l, size_t v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		size_t *nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv) {
			w->oom = true;
			snprintf(w->why, w->whylen, "out of memory checking the SELinux policy");
			return -ENOMEM;
		}
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static bool list_has(const struct list *l, size_t v)
{
	return l->n && bsearch(&v, l->v, l->n, sizeof(*l->v), cmp_size) != NULL;
}

/* The values sorted are the policy's 32-bit ones: four byte-wide passes of
 * a radix sort. A type table runs to thousands of values, where qsort()'s
 * compare calls cost more than the rest of the walk's checks together. */
static int list_sort(struct walk *w, struct list *l)
{
	size_t *src = l->v, *dst, *tmp;

	if (l->n < 2)
		return 0;
	tmp = malloc(l->n * sizeof(*tmp));
	if (!tmp) {
		w->oom = true;
		snprintf(w->why, w->whylen, "out of memory checking the SELinux policy");
		return -ENOMEM;
	}
	dst = tmp;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		size_t at[257] = {0}, *t;

		for (size_t k = 0; k < l->n; k++)
			at[((src[k] >> shift) & 0xff) + 1]++;
		for (unsigned d = 0; d < 256; d++)
			at[d + 1] += at[d];
		for (size_t k = 0; k < l->n; k++)
			dst[at[(src[k] >> shift) & 0xff]++] = src[k];
		t = src;
		src = dst;
		dst = t;
	}
	/* an even number of passes: the sorted values are back in l->v */
	free(tmp);
	return 0;
}

static inline uint32_t get32(const uint8_t *q)
{
	uint32_t v;

	memcpy(&v, q, sizeof(v));
	return le32toh(v);
}

static inline uint16_t get16(const uint8_t *q)
{
	uint16_t v;

	memcpy(&v, q, sizeof(v));
	return le16toh(v);
}

static void where(const struct walk *w, char *buf, size_t len)
{
	if (w->entry == NO_ENTRY)
		snprintf(buf, len, "%s", w->part);
	else
		snprintf(buf, len, "%s, entry %u,", w->part, w->entry + 1);
}

static int cut(struct walk *w, size_t need, const char *what)
{
	char at[96];

	where(w, at, sizeof(at));
	snprintf(w->why, w->whylen,
		 "SELinux policy truncated at byte %zu: in %s the %s at byte %zu needs %zu bytes, "
		 "%zu remain",
		 w->len, at, what, w->pos, need, w->len - w->pos);
	return -EINVAL;
}

__attribute__((format(printf, 3, 4))) static int bad(struct walk *w, size_t pos, const char *fmt,
						     ...)
{
	char at[96], what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	where(w, at, sizeof(at));
	snprintf(w->why, w->whylen, "invalid SELinux policy: in %s at byte %zu: %s", at, pos, what);
	return -EINVAL;
}

/* The next n bytes, or NULL (and the reason set) when fewer are left. */
static inline const uint8_t *take(struct walk *w, size_t n, const char *what)
{
	const uint8_t *q;

	if (n > w->len - w->pos) {
		cut(w, n, what);
		return NULL;
	}
	q = w->p + w->pos;
	w->pos += n;
	return q;
}

/* count records of size bytes each, skipped at once. */
static int skip_records(struct walk *w, uint32_t count, size_t size, const char *what)
{
	if (count > (w->len - w->pos) / size)
		return cut(w, (size_t)count * size, what);
	w->pos += (size_t)count * size;
	return 0;
}

static int str(struct walk *w, uint32_t len, const char *what)
{
	/* str_read(): no empty string, and len + 1 must not wrap */
	if (len == 0 || len == UINT32_MAX)
		return bad(w, w->pos, "%s has length %u", what, len);
	return take(w, len, what) ? 0 : -EINVAL;
}

/* A u32 length, then that string. */
static int lstr(struct walk *w, const char *what)
{
	const uint8_t *q = take(w, 4, what);

	return q ? str(w, get32(q), what) : -EINVAL;
}

/* One node's words as the kernel holds them, in 32-bit halves. */
struct node {
	uint32_t start;
	uint32_t half[384 / 32];
};

/* Called with each set bit, in order; a non-zero return stops the scan. */
typedef int (*bit_fn)(void *arg, uint32_t bit);

static int node_close(const struct node *n, struct lsmc_ebitmap *e, bit_fn fn, void *arg)
{
	for (uint32_t i = 0; i < LSMC_SELINUX_EBITMAP_NODE_BITS / 32; i++) {
		if (!n->half[i])
			continue;
		e->bits += (uint32_t)__builtin_popcount(n->half[i]);
		for (uint32_t x = n->half[i]; fn && x; x &= x - 1) {
			int r = fn(arg, n->start + 32 * i + (uint32_t)__builtin_ctz(x));

			if (r)
				return r;
		}
	}
	if (n->start == 0)
		e->low = (uint64_t)n->half[0] | (uint64_t)n->half[1] << 32;
	return 0;
}

static enum lsmc_ebitmap_fault ebitmap_scan(const uint8_t *p, size_t len, size_t *pos,
					    struct lsmc_ebitmap *e, bool tally, bit_fn fn,
					    void *arg, int *stopped);

enum lsmc_ebitmap_fault lsmc_selinux_ebitmap_read(const uint8_t *p, size_t len, size_t *pos,
						  struct lsmc_ebitmap *e)
{
	int stopped;

	return ebitmap_scan(p, len, pos, e, true, NULL, NULL, &stopped);
}

static enum lsmc_ebitmap_fault node_fault(struct lsmc_ebitmap *e, size_t at, uint32_t start,
					  enum lsmc_ebitmap_fault f)
{
	e->bad_at = at;
	e->bad_start = start;
	return f;
}

/* lsmc_selinux_ebitmap_read(), calling fn (when not NULL) with each bit the
 * kernel holds; *stopped gets fn's first non-zero answer (the bitmap is then
 * read on). Without tally (and fn) the bits are not looked at: e's low and
 * bits stay 0, and the walk of most bitmaps costs less. */
static enum lsmc_ebitmap_fault ebitmap_scan(const uint8_t *p, size_t len, size_t *pos,
					    struct lsmc_ebitmap *e, bool tally, bit_fn fn,
					    void *arg, int *stopped)
{
	const uint32_t size = LSMC_SELINUX_EBITMAP_NODE_BITS;
	size_t at = *pos, q;
	struct node n; /* half[] is cleared where a node opens, and only read with tally */
	bool open = false;
	uint32_t high;

	*e = (struct lsmc_ebitmap){.bad_at = at};
	*stopped = 0;
	if (len - at < 12) {
		e->need = 12;
		return LSMC_EBITMAP_CUT;
	}
	e->unit = get32(p + at);
	e->high = get32(p + at + 4);
	e->count = get32(p + at + 8);
	if (e->unit != MAP_UNIT)
		return LSMC_EBITMAP_UNIT;
	/* round up, in u32 as the kernel does: near 2^32 it wraps to 0 */
	high = e->high + (size - 1);
	high -= high % size;
	if (!high) {
		*pos = at + 12;
		return LSMC_EBITMAP_OK;
	}
	if (!e->count)
		return LSMC_EBITMAP_NO_NODES;
	if (e->count > (len - at - 12) / 12) {
		e->need = 12 + (size_t)e->count * 12;
		return LSMC_EBITMAP_CUT;
	}
	q = at + 12;
	for (uint32_t i = 0; i < e->count; i++, q += 12) {
		uint32_t start = get32(p + q), idx;
		uint64_t map;

		if (start & (MAP_UNIT - 1))
			return node_fault(e, q, start, LSMC_EBITMAP_ALIGN);
		if (start > high - MAP_UNIT)
			return node_fault(e, q, start, LSMC_EBITMAP_BEYOND);
		if (!open || start >= n.start + size) {
			if (open && tally && !*stopped)
				*stopped = node_close(&n, e, fn, arg);
			if (tally)
				memset(n.half, 0, sizeof(n.half));
			n.start = start - start % size;
			open = true;
		} else if (start <= n.start) {
			return node_fault(e, q, start, LSMC_EBITMAP_ORDER);
		}
		if (!tally)
			continue;
		map = (uint64_t)get32(p + q + 4) | (uint64_t)get32(p + q + 8) << 32;
		/* n->maps[index++] = map, one long at a time while map is not 0 */
		idx = (start - n.start) / 32;
		if (sizeof(long) == 8) {
			if (map) {
				n.half[idx] = (uint32_t)map;
				n.half[idx + 1] = (uint32_t)(map >> 32);
			}
		} else if (map) {
			n.half[idx] = (uint32_t)map;
			if (map >> 32)
				n.half[idx + 1] = (uint32_t)(map >> 32);
		}
	}
	if (tally && !*stopped)
		*stopped = node_close(&n, e, fn, arg);
	*pos = q;
	return LSMC_EBITMAP_OK;
}

/* An ebitmap, with the reason set when the kernel would refuse it; fn (may
 * be NULL) sees each bit and sets the reason when it refuses one. */
static int ebitmap_get(struct walk *w, const char *what, struct lsmc_ebitmap *e, bit_fn fn,
		       void *arg)
{
	int stopped;

	switch (ebitmap_scan(w->p, w->len, &w->pos, e, fn != NULL, fn, arg, &stopped)) {
	case LSMC_EBITMAP_OK:
		return stopped ? -EINVAL : 0;
	case LSMC_EBITMAP_CUT:
		w->pos = e->bad_at;
		return cut(w, e->need, what);
	case LSMC_EBITMAP_UNIT:
		return bad(w, e->bad_at, "%s has map unit %u, not %u", what, e->unit, MAP_UNIT);
	case LSMC_EBITMAP_NO_NODES:
		return bad(w, e->bad_at, "%s has a high bit but no nodes", what);
	case LSMC_EBITMAP_ALIGN:
		return bad(w, e->bad_at, "%s has start bit %u, not a multiple of %u", what,
			   e->bad_start, MAP_UNIT);
	case LSMC_EBITMAP_BEYOND:
		return bad(w, e->bad_at, "%s has start bit %u beyond its end", what, e->bad_start);
	case LSMC_EBITMAP_ORDER:
		return bad(w, e->bad_at, "%s has start bit %u out of order", what, e->bad_start);
	}
	return -EINVAL;
}

static int ebitmap(struct walk *w, const char *what)
{
	struct lsmc_ebitmap e;

	return ebitmap_get(w, what, &e, NULL, NULL);
}

/*
 * An MLS level of an MLS policy names a sensitivity and categories by value;
 * the kernel prints and converts contexts through the names of those values
 * (mls_compute_context_len(), mls_sid_to_context(), mls_convert_context(),
 * and mls_level_isvalid() itself look a sensitivity up by its name) without
 * checking that a name exists: a value no sensitivity or category is
 * defined with is a NULL pointer there. So every level's sensitivity and
 * categories must have names. Levels read before those tables (the users')
 * are checked once the tables are read.
 */
struct level_ctx {
	struct walk *w;
	size_t at;
	const char *what;
};

static int cat_named(void *arg, uint32_t bit)
{
	struct level_ctx *c = arg;

	size_t v = (size_t)bit + 1;

	if (c->w->cat_set ? v < c->w->cat_set_bits && (c->w->cat_set[v / 8] >> (v % 8) & 1)
			  : list_has(&c->w->named[SYM_CATS], v))
		return 0;
	bad(c->w, c->at, "%s has category %u, which no category defines", c->what, bit + 1);
	return 1;
}

static bool check_levels(const struct walk *w)
{
	return w->mls && w->levels_known;
}

/* A level's categories, after its sensitivity sens. */
static int level_cats(struct walk *w, uint32_t sens, size_t at, const char *what)
{
	struct level_ctx c = {.w = w, .at = w->pos, .what = what};
	struct lsmc_ebitmap e;

	if (check_levels(w) && !list_has(&w->named[SYM_LEVELS], sens))
		return bad(w, at, "%s has sensitivity %u, which no sensitivity defines", what,
			   sens);
	return ebitmap_get(w, what, &e, check_levels(w) ? cat_named : NULL, &c);
}

/* MLS level: u32 sensitivity, ebitmap categories. */
static int mls_level(struct walk *w, const char *what)
{
	size_t at = w->pos;
	const uint8_t *q = take(w, 4, what);

	return q ? level_cats(w, get32(q), at, what) : -EINVAL;
}

/* MLS range: u32 n (0 to 2 levels), n sensitivities (none: the kernel
 * takes the count, 0, as the sensitivity), then the low level's categories
 * and, when n is 2, the high level's. */
static int mls_range(struct walk *w, const char *what)
{
	size_t at = w->pos;
	const uint8_t *q = take(w, 4, what);
	uint32_t n, low, high;
	int r;

	if (!q)
		return -EINVAL;
	n = get32(q);
	if (n > 2)
		return bad(w, at, "%s has %u levels, at most 2", what, n);
	low = n ? 0 : get32(q);
	high = low;
	q = take(w, 4 * n, what);
	if (!q)
		return -EINVAL;
	if (n)
		low = high = get32(q);
	if (n > 1)
		high = get32(q + 4);
	r = level_cats(w, low, at, what);
	if (r == 0 && n > 1)
		r = level_cats(w, high, at, what);
	return r;
}

/* Security context: u32 user, role, type, [19] MLS range. */
static int context(struct walk *w)
{
	if (!take(w, 12, "security context"))
		return -EINVAL;
	return w->vers >= V_MLS ? mls_range(w, "context's MLS range") : 0;
}

/*
 * A name selinuxfs makes a file or directory of (classes, their
 * permissions, booleans): d_alloc_name() takes it as it is, so it must be
 * one path component. The kernel's str_read() keeps all len bytes, but the
 * name is a C string: it ends at a first NUL, and must not be empty then.
 */
static int dentry_name(struct walk *w, size_t at, uint32_t len, const char *what)
{
	const uint8_t *n = w->p + at;
	size_t used = strnlen((const char *)n, len);

	if (used == 0)
		return bad(w, at, "%s is empty (it begins with a NUL byte)", what);
	if (memchr(n, '/', used))
		return bad(w, at, "%s \"%.*s\" holds a '/': selinuxfs cannot name a file so", what,
			   (int)(used > 64 ? 64 : used), (const char *)n);
	if ((used == 1 && n[0] == '.') || (used == 2 && n[0] == '.' && n[1] == '.'))
		return bad(w, at, "%s is \"%.*s\": selinuxfs cannot name a file so", what,
			   (int)used, (const char *)n);
	return 0;
}

/* A u32 length, then a name (str()) that must be usable as a file name. */
static int dname(struct walk *w, uint32_t len, const char *what)
{
	size_t at = w->pos;

	if (str(w, len, what) < 0)
		return -EINVAL;
	return dentry_name(w, at, len, what);
}

/*
 * Permissions: n × (u32 name length, u32 value, name). The kernel files
 * each class's permissions, its common's included, into an array of the
 * class's nprim slots by value (security_get_permissions()), then makes a
 * file of each slot (sel_make_perm_files()): a value of 0 writes before the
 * array, a value used twice leaves a slot empty, and an empty slot is a
 * NULL name for d_alloc_name(). So values run 1..nprim (the kernel checks
 * only the upper end), at most 32 (an access vector's bits: the kernel
 * BUG()s on more when it reports a bounds violation), each once in the class
 * and its common together; a class's own values lie above its common's
 * (libsepol's rule: they would collide). *mask gathers the values.
 */
static int perms(struct walk *w, uint32_t n, uint32_t nprim, uint32_t above, uint32_t *mask)
{
	for (uint32_t i = 0; i < n; i++) {
		size_t at = w->pos;
		const uint8_t *q = take(w, 8, "permission");
		uint32_t v;

		if (!q || dname(w, get32(q), "permission name") < 0)
			return -EINVAL;
		v = get32(q + 4);
		if (v == 0 || v > nprim)
			return bad(w, at, "permission value %u outside 1..%u", v, nprim);
		if (v > PERM_BITS)
			return bad(w, at, "permission value %u: an access vector has %u bits", v,
				   PERM_BITS);
		if (v <= above)
			return bad(w, at,
				   "permission value %u is one of its common's (1..%u): a class's "
				   "own come after them",
				   v, above);
		if (*mask & (1u << (v - 1)))
			return bad(w, at, "permission value %u defined twice", v);
		*mask |= 1u << (v - 1);
	}
	return 0;
}

/* Common: u32 name length, value, nprim, nel; name; nel permissions. */
static int sym_common(struct walk *w)
{
	const uint8_t *q;
	uint32_t mask = 0;

	if (w->entry == 0)
		w->commons_at = w->pos;
	q = take(w, 16, "common");
	if (!q || str(w, get32(q), "common name") < 0)
		return -EINVAL;
	return perms(w, get32(q + 12), get32(q + 8), 0, &mask);
}

/* The common named name (len bytes): its nprim, nel and values. The
 * commons were walked already, so they read. */
static bool find_common(const struct walk *w, const uint8_t *name, uint32_t len, uint32_t *nprim,
			uint32_t *nel, uint32_t *mask)
{
	size_t pos = w->commons_at;

	for (uint32_t i = 0; i < w->ncommons; i++) {
		uint32_t clen = get32(w->p + pos), n = get32(w->p + pos + 12);
		bool match = clen == len && memcmp(w->p + pos + 16, name, len) == 0;

		*nprim = get32(w->p + pos + 8);
		*nel = n;
		*mask = 0;
		pos += 16 + clen;
		for (uint32_t j = 0; j < n; j++) {
			uint32_t v = get32(w->p + pos + 4);

			*mask |= v >= 1 && v <= PERM_BITS ? 1u << (v - 1) : 0;
			pos += 8 + get32(w->p + pos);
		}
		if (match)
			return true;
	}
	return false;
}

/*
 * What constraint_expr_eval() takes of a term's operand (attr) and operator
 * (op), or why not: it BUG()s on anything else, when the constraint is
 * first evaluated. A comparison of attributes takes one operand kind
 * exactly: users and types are compared equal or not, roles and MLS levels
 * also by dominance. A names term looks at the first kind set in attr
 * (user, role, type) and compares equal or not.
 */
static const char *operands(uint32_t type, uint32_t attr, uint32_t op)
{
	if (type == CEXPR_NAMES) {
		if (!(attr & (CEXPR_USER | CEXPR_ROLE | CEXPR_TYPE)))
			return "names no user, role or type";
		return op == CEXPR_EQ || op == CEXPR_NEQ ? NULL
							 : "names compared other than == or !=";
	}
	switch (attr) {
	case CEXPR_USER:
	case CEXPR_TYPE:
		return op == CEXPR_EQ || op == CEXPR_NEQ ? NULL
							 : "users and types compare == or != only";
	case CEXPR_ROLE:
	case CEXPR_L1L2:
	case CEXPR_L1H2:
	case CEXPR_H1L2:
	case CEXPR_H1H2:
	case CEXPR_L1H1:
	case CEXPR_L2H2:
		if (op == CEXPR_EQ || op == CEXPR_NEQ || (op >= CEXPR_DOM && op <= CEXPR_INCOMP))
			return NULL;
		return "unknown operator";
	}
	return "unknown operand";
}

/*
 * Constraints: u32 permissions, u32 n, n expressions of u32 type, attr,
 * op. A names expression carries an ebitmap and [29] a type set. The
 * expression must be a well-formed postfix expression of depth at most 5.
 */
static int constraints(struct walk *w, uint32_t ncons, bool xtarget)
{
	/* Linux 6.1's read_cons_helper() takes the count as an int: one of
	 * 2^31 or more reads no constraints at all. 6.12 takes a u32 and runs
	 * out of bytes (2^31 constraints need 16 GiB). The walk takes what 6.1
	 * takes. */
	if (ncons > INT32_MAX)
		return 0;
	for (uint32_t i = 0; i < ncons; i++) {
		const uint8_t *q = take(w, 8, "constraint");
		uint32_t nexpr;
		int depth = -1;

		if (!q)
			return -EINVAL;
		nexpr = get32(q + 4);
		for (uint32_t j = 0; j < nexpr; j++) {
			size_t at = w->pos;
			uint32_t type, attr;

			q = take(w, 12, "constraint expression");
			if (!q)
				return -EINVAL;
			type = get32(q);
			attr = get32(q + 4);
			if (type == CEXPR_ATTR || type == CEXPR_NAMES) {
				const char *e = operands(type, attr, get32(q + 8));

				if (e)
					return bad(w, at,
						   "constraint expression (attr %u, op %u): %s",
						   attr, get32(q + 8), e);
			}
			switch (type) {
			case CEXPR_NOT:
				if (depth < 0)
					return bad(w, at, "constraint negates nothing");
				break;
			case CEXPR_AND:
			case CEXPR_OR:
				if (depth < 1)
					return bad(w, at, "constraint joins fewer than two terms");
				depth--;
				break;
			case CEXPR_ATTR:
			case CEXPR_NAMES:
				if (type == CEXPR_NAMES && !xtarget && (attr & CEXPR_XTARGET))
					return bad(w, at, "constraint names a third target");
				if (depth == CEXPR_MAXDEPTH - 1)
					return bad(w, at, "constraint nests too deep");
				depth++;
				if (type == CEXPR_ATTR)
					break;
				if (ebitmap(w, "constraint's names") < 0)
					return -EINVAL;
				if (w->vers >= V_CONSTRAINT_NAMES &&
				    (ebitmap(w, "constraint's type set") < 0 ||
				     ebitmap(w, "constraint's negated type set") < 0 ||
				     !take(w, 4, "constraint's type set flags")))
					return -EINVAL;
				break;
			default:
				return bad(w, at, "constraint expression of unknown type %u", type);
			}
		}
		if (depth != 0)
			return bad(w, w->pos, "constraint expression is incomplete");
	}
	return 0;
}

/*
 * Class: u32 name length, common-name length, value, nprim, nel, ncons;
 * name, [common name], nel permissions, constraints, [19] validatetrans
 * constraints, [27] default user, role, range, [28] default type.
 */
static int sym_class(struct walk *w)
{
	size_t at = w->pos;
	const uint8_t *q = take(w, 24, "class");
	uint32_t len2, nprim, nel, cnprim = 0, cnel = 0, mask = 0;

	if (!q || dname(w, get32(q), "class name") < 0)
		return -EINVAL;
	if (list_add(w, &w->named[SYM_CLASSES], get32(q + 8)) < 0)
		return -ENOMEM;
	nprim = get32(q + 12);
	nel = get32(q + 16);
	len2 = get32(q + 4);
	if (len2) {
		size_t cat = w->pos;

		if (str(w, len2, "class's common name") < 0)
			return -EINVAL;
		if (!find_common(w, w->p + cat, len2, &cnprim, &cnel, &mask))
			return bad(w, cat, "class's common \"%.*s\" is not defined",
				   (int)(len2 > 64 ? 64 : len2), (const char *)w->p + cat);
		if (nprim < cnprim)
			return bad(w, at, "class has %u permissions, fewer than its common's %u",
				   nprim, cnprim);
	}
	if (perms(w, nel, nprim, cnprim, &mask) < 0)
		return -EINVAL;
	/* every slot 1..nprim must be filled (see perms()) */
	if ((uint64_t)nel + cnel != nprim)
		return bad(w, at,
			   "class has %u permission values but defines %u (%u of them its "
			   "common's): selinuxfs would name a file after an empty slot",
			   nprim, nel + cnel, cnel);
	if (constraints(w, get32(q + 20), false) < 0)
		return -EINVAL;
	if (w->vers >= V_MLS) {
		q = take(w, 4, "validatetrans count");
		if (!q || constraints(w, get32(q), true) < 0)
			return -EINVAL;
	}
	if (w->vers >= V_NEW_OBJECT_DEFAULTS && !take(w, 12, "class defaults"))
		return -EINVAL;
	if (w->vers >= V_DEFAULT_TYPE && !take(w, 4, "class default type"))
		return -EINVAL;
	return 0;
}

/* A datum's value (named: it has a name at that value) and bounds. */
static int value_bounds(struct walk *w, int sym, uint32_t value, bool named, uint32_t bounds)
{
	if (named && list_add(w, &w->named[sym], value) < 0)
		return -ENOMEM;
	if (bounds && list_add(w, &w->bounds[sym], bounds) < 0)
		return -ENOMEM;
	return 0;
}

/* Role: u32 name length, value, [24] bounds; name, dominates, types. */
static int sym_role(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 12 : 8, "role");
	const char *name = (const char *)w->p + w->pos;
	bool object_r;

	if (!q || str(w, get32(q), "role name") < 0)
		return -EINVAL;
	/* role_read() drops object_r (the kernel has its own), bounds and all */
	object_r = strnlen(name, get32(q)) == 8 && memcmp(name, "object_r", 8) == 0;
	if (value_bounds(w, SYM_ROLES, get32(q + 4), true,
			 w->vers >= V_BOUNDARY && !object_r ? get32(q + 8) : 0) < 0)
		return -ENOMEM;
	if (ebitmap(w, "role's dominance bitmap") < 0)
		return -EINVAL;
	if (w->vers >= V_BOUNDARY && !object_r && get32(q + 8) &&
	    list_add(w, &w->bounded_types, w->pos) < 0)
		return -ENOMEM;
	return ebitmap(w, "role's types");
}

/*
 * A bounded role's types and a bounded user's roles: when they exceed the
 * bound's, role_bounds_sanity_check() and user_bounds_sanity_check() print
 * each extra one by name, sym_name() indexing the names by the bit
 * unchecked. So those bits stay below the table's count. (A role's types are
 * checked once the types are read.)
 */
struct bits_ctx {
	struct walk *w;
	size_t at;
	uint32_t n;
	const char *what;
};

static int bit_below(void *arg, uint32_t bit)
{
	struct bits_ctx *c = arg;

	if (bit < c->n)
		return 0;
	bad(c->w, c->at, "%s has bit %u of %u: the kernel names it past its names", c->what, bit,
	    c->n);
	return 1;
}

static int bits_below(struct walk *w, uint32_t n, const char *what)
{
	struct bits_ctx c = {.w = w, .at = w->pos, .n = n, .what = what};
	struct lsmc_ebitmap e;

	return ebitmap_get(w, what, &e, bit_below, &c);
}

/* Type: u32 name length, value, primary or [24] properties and bounds; name.
 * Only a primary type (not an alias) names its value. */
static int sym_type(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 16 : 12, "type");
	bool primary;

	if (!q)
		return -EINVAL;
	primary = w->vers >= V_BOUNDARY ? get32(q + 8) & TYPEDATUM_PROPERTY_PRIMARY : get32(q + 8);
	if (value_bounds(w, SYM_TYPES, get32(q + 4), primary,
			 w->vers >= V_BOUNDARY ? get32(q + 12) : 0) < 0)
		return -ENOMEM;
	return str(w, get32(q), "type name");
}

/* User: u32 name length, value, [24] bounds; name, roles, [19] range and
 * default level (checked once the sensitivities and categories are read). */
static int sym_user(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 12 : 8, "user");
	bool bounded;

	if (!q || str(w, get32(q), "user name") < 0)
		return -EINVAL;
	bounded = w->vers >= V_BOUNDARY && get32(q + 8);
	if ((bounded ? bits_below(w, w->nprim[SYM_ROLES], "bounded user's roles")
		     : ebitmap(w, "user's roles")) < 0)
		return -EINVAL;
	if (value_bounds(w, SYM_USERS, get32(q + 4), true,
			 w->vers >= V_BOUNDARY ? get32(q + 8) : 0) < 0)
		return -ENOMEM;
	if (w->vers < V_MLS)
		return 0;
	if (w->mls && list_add(w, &w->user_levels, w->pos) < 0)
		return -ENOMEM;
	if (mls_range(w, "user's MLS range") < 0)
		return -EINVAL;
	return mls_level(w, "user's default level");
}

/* Boolean: u32 value, state, name length; name (a file in booleans/). */
static int sym_bool(struct walk *w)
{
	const uint8_t *q = take(w, 12, "boolean");

	if (!q || dname(w, get32(q + 8), "boolean name") < 0)
		return -EINVAL;
	return value_bounds(w, SYM_BOOLS, get32(q), true, 0);
}

/* Sensitivity: u32 name length, is-alias; name, level. One that is not an
 * alias names its level's sensitivity. */
static int sym_sens(struct walk *w)
{
	const uint8_t *q = take(w, 8, "sensitivity");

	if (!q || str(w, get32(q), "sensitivity name") < 0)
		return -EINVAL;
	if (w->pos + 4 <= w->len &&
	    value_bounds(w, SYM_LEVELS, get32(w->p + w->pos), !get32(q + 4), 0) < 0)
		return -ENOMEM;
	return mls_level(w, "sensitivity's level");
}

/* Category: u32 name length, value, is-alias; name. One that is not an
 * alias names its value. */
static int sym_cat(struct walk *w)
{
	const uint8_t *q = take(w, 12, "category");

	if (!q)
		return -EINVAL;
	if (value_bounds(w, SYM_CATS, get32(q + 4), !get32(q + 8), 0) < 0)
		return -ENOMEM;
	return str(w, get32(q), "category name");
}

static int (*const sym_read[SYM_NUM])(struct walk *w) = {
	sym_common, sym_class, sym_role, sym_type, sym_user, sym_bool, sym_sens, sym_cat,
};
static const char *const sym_name[SYM_NUM] = {
	"the commons", "the classes",  "the roles",	    "the types",
	"the users",   "the booleans", "the sensitivities", "the categories",
};

static inline bool one_bit(uint32_t x)
{
	return x && !(x & (x - 1));
}

static uint32_t bits(uint32_t x)
{
	uint32_t n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/*
 * A rule. Before version 20: u32 n (5..8), then n u32: source type, target
 * type, class (each a u16), specifiers, one datum per specifier. From 20:
 * u16 source type, target type, class, specifier (exactly one kind), then an
 * extended-permission datum ([30]: u8 kind, u8 driver, 8 u32) or one u32.
 * 6.12 also refuses specifier bits no kind uses; 6.1 ignores them, and so
 * does this walk.
 */
static int avtab_item(struct walk *w)
{
	size_t at = w->pos;
	const uint8_t *q;
	uint32_t spec;

	if (w->vers < V_AVTAB) {
		uint32_t n;

		q = take(w, 4, "rule");
		if (!q)
			return -EINVAL;
		n = get32(q);
		if (n < 5 || n > MAX_AVTAB_OLD_ITEMS)
			return bad(w, at, "rule has %u items, 5 to %u are possible", n,
				   MAX_AVTAB_OLD_ITEMS);
		q = take(w, 4 * n, "rule");
		if (!q)
			return -EINVAL;
		for (int i = 0; i < 3; i++)
			if (get32(q + 4 * i) > UINT16_MAX)
				return bad(w, at, "rule names type or class %u", get32(q + 4 * i));
		spec = get32(q + 12) & ~AVTAB_ENABLED_OLD;
		if (!(spec & (AVTAB_AV | AVTAB_TYPE)) ||
		    ((spec & AVTAB_AV) && (spec & AVTAB_TYPE)) || (spec & AVTAB_XPERMS))
			return bad(w, at, "rule has specifiers 0x%x", spec);
		if (4 + bits(spec & (AVTAB_AV | AVTAB_TYPE)) != n)
			return bad(w, at, "rule has %u items for specifiers 0x%x", n, spec);
		return 0;
	}
	q = take(w, 8, "rule");
	if (!q)
		return -EINVAL;
	spec = get16(q + 6);
	if (!one_bit(spec & (AVTAB_AV | AVTAB_TYPE | AVTAB_XPERMS)))
		return bad(w, at, "rule has specifiers 0x%x, not exactly one kind", spec);
	if (!(spec & AVTAB_XPERMS))
		return take(w, 4, "rule's datum") ? 0 : -EINVAL;
	if (w->vers < V_XPERMS)
		return bad(w, at, "extended-permission rule in a version %u policy (needs %u)",
			   w->vers, V_XPERMS);
	return take(w, 2 + 4 * XPERMS_WORDS, "rule's extended permissions") ? 0 : -EINVAL;
}

/*
 * n rules. The rules are most of a policy (Debian's has some 220,000), so
 * from version 20 tight loops take them: runs of 12-byte rules of one
 * plain kind, with the bounds checked once per run, and an
 * extended-permission rule between runs. The first rule they do not take
 * is read again by avtab_item(), which says why.
 */
static int avtab_items(struct walk *w, uint32_t n)
{
	const uint8_t *p = w->p;
	size_t pos = w->pos, len = w->len;
	uint32_t i = 0;

	while (w->vers >= V_AVTAB && i < n) {
		size_t room = (len - pos) / 12;
		uint32_t run = n - i < room ? n - i : (uint32_t)room, j;
		const uint8_t *q = p + pos;
		uint32_t kind = 0;

		/* A plain kind is one bit below 0x100: k - 1 < 0xff, k & (k - 1) == 0. */
		for (j = 0; j + 1 < run; j += 2, q += 24) {
			uint32_t k1 = get16(q + 6) & (AVTAB_AV | AVTAB_TYPE | AVTAB_XPERMS);
			uint32_t k2 = get16(q + 18) & (AVTAB_AV | AVTAB_TYPE | AVTAB_XPERMS);

			if (((k1 - 1) | (k2 - 1)) >= 0xff || ((k1 & (k1 - 1)) | (k2 & (k2 - 1))))
				break;
		}
		for (; j < run; j++, q += 12) {
			kind = get16(q + 6) & (AVTAB_AV | AVTAB_TYPE | AVTAB_XPERMS);
			if (kind - 1 >= 0xff || (kind & (kind - 1)))
				break;
		}
		pos += (size_t)j * 12;
		i += j;
		if (j == run)
			break; /* all taken, or the buffer ends: avtab_item() says so */
		if (!one_bit(kind) || w->vers < V_XPERMS || len - pos < 8 + 2 + 4 * XPERMS_WORDS)
			break;
		pos += 8 + 2 + 4 * XPERMS_WORDS;
		i++;
	}
	w->pos = pos;
	for (w->entry = i; w->entry < n; w->entry++)
		if (avtab_item(w) < 0)
			return -EINVAL;
	w->entry = NO_ENTRY;
	return 0;
}

/*
 * Conditional rules: u32 n, n × (u32 state, u32 expression length,
 * expressions of u32 operator (1..7) and u32 boolean, a true and a false
 * rule list each of u32 count and rules).
 */
static int cond_list(struct walk *w)
{
	const uint8_t *q = take(w, 4, "conditional list");
	uint32_t n;

	if (!q)
		return -EINVAL;
	n = get32(q);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t nexpr;

		w->part = "the conditional rules";
		w->entry = i;
		q = take(w, 8, "conditional");
		if (!q)
			return -EINVAL;
		nexpr = get32(q + 4);
		for (uint32_t j = 0; j < nexpr; j++) {
			size_t at = w->pos;
			uint32_t op;

			q = take(w, 8, "conditional expression");
			if (!q)
				return -EINVAL;
			op = get32(q);
			if (op == 0 || op > COND_LAST)
				return bad(w, at, "conditional operator %u unknown", op);
		}
		for (int list = 0; list < 2; list++) {
			q = take(w, 4, "conditional rule list");
			if (!q)
				return -EINVAL;
			w->part =
				list ? "a conditional's false rules" : "a conditional's true rules";
			if (avtab_items(w, get32(q)) < 0)
				return -EINVAL;
		}
	}
	w->entry = NO_ENTRY;
	return 0;
}

/*
 * Filename transitions. Before 33, each: u32 name length, name, u32 source
 * type, target type, class, new type. From 33, per key: u32 name length,
 * name, u32 target type, class, n (at least 1), n × (ebitmap source
 * types, u32 new type).
 */
static int filename_trans(struct walk *w)
{
	const uint8_t *q = take(w, 4, "filename transition count");
	uint32_t n;

	if (!q)
		return -EINVAL;
	n = get32(q);
	w->part = "the filename transitions";
	for (w->entry = 0; w->entry < n; w->entry++) {
		size_t at;
		uint32_t ndatum;

		if (lstr(w, "filename transition's name") < 0)
			return -EINVAL;
		if (w->vers < V_COMP_FTRANS) {
			if (!take(w, 16, "filename transition"))
				return -EINVAL;
			continue;
		}
		at = w->pos;
		q = take(w, 12, "filename transition");
		if (!q)
			return -EINVAL;
		ndatum = get32(q + 8);
		if (!ndatum)
			return bad(w, at, "filename transition has no new types");
		for (uint32_t i = 0; i < ndatum; i++)
			if (ebitmap(w, "filename transition's source types") < 0 ||
			    !take(w, 4, "filename transition's new type"))
				return -EINVAL;
	}
	w->entry = NO_ENTRY;
	return 0;
}

static int ocontext(struct walk *w, int kind)
{
	size_t at = w->pos;
	const uint8_t *q;

	switch (kind) {
	case OCON_ISID:
		if (!take(w, 4, "initial SID"))
			return -EINVAL;
		break;
	case OCON_FS:
	case OCON_NETIF:
		if (lstr(w, "name") < 0 || context(w) < 0)
			return -EINVAL;
		break;
	case OCON_PORT:
		if (!take(w, 12, "port range"))
			return -EINVAL;
		break;
	case OCON_NODE:
		if (!take(w, 8, "IPv4 node"))
			return -EINVAL;
		break;
	case OCON_FSUSE: {
		uint32_t how;

		q = take(w, 8, "fs_use");
		if (!q)
			return -EINVAL;
		how = get32(q);
		if (how == FS_USE_MNTPOINT || how > FS_USE_MAX)
			return bad(w, at, "fs_use behaviour %u unknown", how);
		if (str(w, get32(q + 4), "file system name") < 0)
			return -EINVAL;
		break;
	}
	case OCON_NODE6:
		if (!take(w, 32, "IPv6 node"))
			return -EINVAL;
		break;
	case OCON_IBPKEY:
		q = take(w, 16, "InfiniBand partition key");
		if (!q)
			return -EINVAL;
		if (get32(q + 8) > UINT16_MAX || get32(q + 12) > UINT16_MAX)
			return bad(w, at, "InfiniBand partition keys %u-%u beyond 16 bits",
				   get32(q + 8), get32(q + 12));
		break;
	case OCON_IBENDPORT: {
		uint32_t port;

		q = take(w, 8, "InfiniBand end port");
		if (!q || str(w, get32(q), "InfiniBand device name") < 0)
			return -EINVAL;
		port = get32(q + 4);
		if (port == 0 || port > UINT8_MAX)
			return bad(w, at, "InfiniBand port %u outside 1..255", port);
		break;
	}
	}
	return context(w);
}

static const char *const ocon_name[] = {
	"the initial SIDs",
	"the file system contexts (fscon)",
	"the port contexts",
	"the network interface contexts",
	"the node contexts",
	"the fs_use statements",
	"the IPv6 node contexts",
	"the InfiniBand partition key contexts",
	"the InfiniBand end port contexts",
};

/* genfs: u32 n, n × (file system name, u32 m, m × (path, u32 class,
 * context)). */
static int genfs(struct walk *w)
{
	const uint8_t *q = take(w, 4, "genfs count");
	uint32_t n;

	if (!q)
		return -EINVAL;
	n = get32(q);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t m;

		w->part = "the genfscon file systems";
		w->entry = i;
		if (lstr(w, "file system name") < 0)
			return -EINVAL;
		q = take(w, 4, "genfscon count");
		if (!q)
			return -EINVAL;
		m = get32(q);
		w->part = "a file system's genfscon paths";
		for (w->entry = 0; w->entry < m; w->entry++)
			if (lstr(w, "path") < 0 || !take(w, 4, "class") || context(w) < 0)
				return -EINVAL;
	}
	w->entry = NO_ENTRY;
	return 0;
}

/* Range transitions: u32 n, n × (u32 source, target, [21] class, range). */
static int range_trans(struct walk *w)
{
	const uint8_t *q = take(w, 4, "range transition count");
	size_t size = w->vers >= V_RANGETRANS ? 12 : 8;
	uint32_t n;

	if (!q)
		return -EINVAL;
	n = get32(q);
	w->part = "the range transitions";
	for (w->entry = 0; w->entry < n; w->entry++)
		if (!take(w, size, "range transition") || mls_range(w, "range") < 0)
			return -EINVAL;
	w->entry = NO_ENTRY;
	return 0;
}

static int header(struct walk *w, uint32_t *sym_num, uint32_t *ocon_num)
{
	const uint8_t *q = take(w, 32, "header");
	uint32_t config, want_sym, want_ocon;

	if (!q)
		return -EINVAL;
	if (get32(q) != POLICY_MAGIC)
		return bad(w, 0, "magic 0x%08x, not 0x%08x", get32(q), POLICY_MAGIC);
	if (get32(q + 4) != ID_LEN || memcmp(q + 8, ID_STRING, ID_LEN) != 0)
		return bad(w, 4,
			   "the id string is not \"" ID_STRING "\" (a Xen policy is "
			   "\"XenFlask\": Linux does not read one)");
	w->vers = get32(q + 16);
	config = get32(q + 20);
	w->mls = config & CONFIG_MLS;
	*sym_num = get32(q + 24);
	*ocon_num = get32(q + 28);
	if (w->vers < V_MIN)
		return bad(w, 16, "version %u, the oldest any kernel reads is %u", w->vers, V_MIN);
	if (w->vers > LSMC_SELINUX_WALK_VERSION_MAX) {
		snprintf(w->why, w->whylen, "policy version %u is newer than this walk knows (%u)",
			 w->vers, LSMC_SELINUX_WALK_VERSION_MAX);
		return -EOPNOTSUPP;
	}
	if ((config & 1) && w->vers < V_MLS)
		return bad(w, 20, "MLS on version %u (MLS needs %u)", w->vers, V_MLS);
	want_sym = w->vers >= V_MLS ? 8 : w->vers >= V_BOOL ? 6 : 5;
	want_ocon = w->vers >= V_INFINIBAND ? 9 : w->vers >= V_IPV6 ? 7 : 6;
	if (*sym_num != want_sym || *ocon_num != want_ocon)
		return bad(w, 24,
			   "%u symbol tables and %u object-context lists, version %u has %u "
			   "and %u",
			   *sym_num, *ocon_num, w->vers, want_sym, want_ocon);
	if (w->vers >= V_POLCAP && ebitmap(w, "policy capability bitmap") < 0)
		return -EINVAL;
	if (w->vers >= V_PERMISSIVE && ebitmap(w, "permissive type bitmap") < 0)
		return -EINVAL;
	return 0;
}

/*
 * What a table must hold once read, where the kernel trusts it:
 *  - classes and booleans: values exactly 1..nprim, each once. selinuxfs
 *    makes a directory or file per value from arrays filled by value
 *    (security_get_classes(), security_get_bools()); a value used twice
 *    leaves an empty slot, a NULL name or datum there.
 *  - roles, types, users: a bound names a value something has (a primary
 *    type for types). The *_bounds_sanity_check() functions follow it into
 *    the value-indexed array without looking (the type one BUG()s on NULL).
 *  - after the categories: the users' MLS levels (see level_cats()).
 */
static int table_done(struct walk *w, int sym)
{
	static const char *const kind[SYM_NUM] = {"common", "class",   "role",	      "type",
						  "user",   "boolean", "sensitivity", "category"};
	struct list *named = &w->named[sym], *bounds = &w->bounds[sym];

	/* sorted only where searched: a policy has thousands of types and
	 * rarely a bound */
	if ((sym == SYM_CLASSES || sym == SYM_BOOLS || bounds->n || sym == SYM_CATS) &&
	    list_sort(w, named) < 0)
		return -ENOMEM;
	if (sym == SYM_CLASSES || sym == SYM_BOOLS) {
		for (size_t k = 0; k < named->n; k++)
			if (named->v[k] != k + 1)
				return bad(w, w->pos,
					   "%s value %zu is %s: values must run 1..%u, each once "
					   "(selinuxfs files them by value)",
					   kind[sym], named->v[k] > k + 1 ? k + 1 : named->v[k],
					   named->v[k] > k + 1 ? "missing" : "used twice",
					   w->nprim[sym]);
		if (named->n != w->nprim[sym])
			return bad(w, w->pos, "%u %s declared, %zu defined", w->nprim[sym],
				   sym == SYM_CLASSES ? "classes" : "booleans", named->n);
	}
	for (size_t k = 0; k < bounds->n; k++) {
		if (bounds->v[k] > w->nprim[sym])
			return bad(w, w->pos, "a %s's bound, %s %zu, is beyond the %u %s values",
				   kind[sym], kind[sym], bounds->v[k], w->nprim[sym], kind[sym]);
		if (!list_has(named, bounds->v[k]))
			return bad(w, w->pos, "a %s is bounded by %s %zu, which no %s defines",
				   kind[sym], kind[sym], bounds->v[k], kind[sym]);
	}
	if (sym == SYM_TYPES) {
		size_t pos = w->pos;

		w->part = sym_name[SYM_ROLES];
		for (size_t k = 0; k < w->bounded_types.n; k++) {
			w->pos = w->bounded_types.v[k];
			if (bits_below(w, w->nprim[SYM_TYPES], "bounded role's types") < 0)
				return -EINVAL;
		}
		w->part = sym_name[SYM_TYPES];
		w->pos = pos;
	}
	if (sym == SYM_CATS) {
		size_t pos = w->pos;

		if (list_sort(w, &w->named[SYM_LEVELS]) < 0)
			return -ENOMEM;
		/* a category range in every context: a bitmap answers at once */
		if (named->n && named->v[named->n - 1] < (size_t)1 << 24) {
			w->cat_set_bits = named->v[named->n - 1] + 1;
			w->cat_set = calloc(w->cat_set_bits / 8 + 1, 1);
			for (size_t k = 0; w->cat_set && k < named->n; k++)
				w->cat_set[named->v[k] / 8] |= (uint8_t)(1u << named->v[k] % 8);
		}
		w->levels_known = true;
		w->part = sym_name[SYM_USERS];
		for (w->entry = 0; w->entry < w->user_levels.n; w->entry++) {
			w->pos = w->user_levels.v[w->entry];
			if (mls_range(w, "user's MLS range") < 0 ||
			    mls_level(w, "user's default level") < 0)
				return -EINVAL;
		}
		w->entry = NO_ENTRY;
		w->part = sym_name[SYM_CATS];
		w->pos = pos;
	}
	return 0;
}

static int walk(struct walk *w)
{
	uint32_t sym_num = 0, ocon_num = 0, ntypes = 0, n;
	const uint8_t *q;
	int r;

	r = header(w, &sym_num, &ocon_num);
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < sym_num; i++) {
		w->part = sym_name[i];
		w->entry = NO_ENTRY;
		q = take(w, 8, "symbol table counts");
		if (!q)
			return -EINVAL;
		if (i == SYM_TYPES)
			ntypes = get32(q);
		w->nprim[i] = get32(q);
		n = get32(q + 4);
		if (i == SYM_COMMONS)
			w->ncommons = n;
		for (w->entry = 0; w->entry < n; w->entry++)
			if (sym_read[i](w) < 0)
				return -EINVAL;
		w->entry = NO_ENTRY;
		if (table_done(w, (int)i) < 0)
			return -EINVAL;
	}

	w->part = "the rules";
	w->entry = NO_ENTRY;
	q = take(w, 4, "rule count");
	if (!q)
		return -EINVAL;
	n = get32(q);
	if (!n)
		return bad(w, w->pos - 4, "the rule table is empty");
	if (avtab_items(w, n) < 0)
		return -EINVAL;
	if (w->vers >= V_BOOL && cond_list(w) < 0)
		return -EINVAL;

	w->part = "the role transitions";
	q = take(w, 4, "role transition count");
	if (!q || skip_records(w, get32(q), w->vers >= V_ROLETRANS ? 16 : 12, "role transitions"))
		return -EINVAL;
	w->part = "the role allows";
	q = take(w, 4, "role allow count");
	if (!q || skip_records(w, get32(q), 8, "role allows"))
		return -EINVAL;
	if (w->vers >= V_FILENAME_TRANS && filename_trans(w) < 0)
		return -EINVAL;

	for (uint32_t i = 0; i < ocon_num; i++) {
		w->part = ocon_name[i];
		w->entry = NO_ENTRY;
		q = take(w, 4, "count");
		if (!q)
			return -EINVAL;
		n = get32(q);
		for (w->entry = 0; w->entry < n; w->entry++)
			if (ocontext(w, (int)i) < 0)
				return -EINVAL;
	}
	w->entry = NO_ENTRY;
	if (genfs(w) < 0)
		return -EINVAL;
	if (w->vers >= V_MLS && range_trans(w) < 0)
		return -EINVAL;

	if (w->vers >= V_AVTAB) {
		w->part = "the type-attribute map";
		for (w->entry = 0; w->entry < ntypes; w->entry++)
			if (ebitmap(w, "type's attributes") < 0)
				return -EINVAL;
	}
	return 0;
}

int lsmc_selinux_policy_walk(const void *buf, size_t len, size_t *end, char *why, size_t whylen)
{
	struct walk w = {
		.p = buf,
		.len = buf ? len : 0,
		.part = "the header",
		.entry = NO_ENTRY,
		.why = why,
		.whylen = whylen,
	};
	int r;

	if (whylen)
		why[0] = '\0';
	r = walk(&w);
	if (r < 0 && w.oom)
		r = -ENOMEM;
	if (r == 0 && end)
		*end = w.pos;
	for (int i = 0; i < SYM_NUM; i++) {
		free(w.named[i].v);
		free(w.bounds[i].v);
	}
	free(w.user_levels.v);
	free(w.bounded_types.v);
	free(w.cat_set);
	return r;
}

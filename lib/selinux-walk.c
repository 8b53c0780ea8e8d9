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
 * The numbers are the policy versions a part appears in. Nothing is
 * allocated: a huge count costs nothing because it is compared with the
 * bytes left, and every loop consumes bytes, so a walk is linear in the size.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "selinux-walk.h"

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

enum { SYM_TYPES = 3, SYM_NUM = 8 };
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

#define COND_LAST	    7u /* conditional expression operators are 1..7 */
#define FS_USE_MNTPOINT	    6u /* fs_use behaviours: 1..7, but not 6 */
#define FS_USE_MAX	    7u
#define NO_ENTRY	    UINT32_MAX
#define MAX_AVTAB_OLD_ITEMS 8u

struct walk {
	const uint8_t *p;
	size_t len, pos;
	uint32_t vers;
	const char *part; /* the table being read, for messages */
	uint32_t entry;	  /* its entry, from 0, or NO_ENTRY */
	char *why;
	size_t whylen;
};

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

static void node_close(const struct node *n, struct lsmc_ebitmap *e)
{
	for (uint32_t i = 0; i < LSMC_SELINUX_EBITMAP_NODE_BITS / 32; i++) {
		if (!n->half[i])
			continue;
		e->bits += (uint32_t)__builtin_popcount(n->half[i]);
		e->max_bit = n->start + 32 * i + 32 - (uint32_t)__builtin_clz(n->half[i]);
	}
	if (n->start == 0)
		e->low = (uint64_t)n->half[0] | (uint64_t)n->half[1] << 32;
}

enum lsmc_ebitmap_fault lsmc_selinux_ebitmap_read(const uint8_t *p, size_t len, size_t *pos,
						  struct lsmc_ebitmap *e)
{
	const uint32_t size = LSMC_SELINUX_EBITMAP_NODE_BITS;
	size_t at = *pos, q;
	struct node n = {0};
	bool open = false;
	uint32_t high;

	*e = (struct lsmc_ebitmap){.bad_at = at};
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
		uint64_t map = (uint64_t)get32(p + q + 4) | (uint64_t)get32(p + q + 8) << 32;

		e->bad_at = q;
		e->bad_start = start;
		if (start & (MAP_UNIT - 1))
			return LSMC_EBITMAP_ALIGN;
		if (start > high - MAP_UNIT)
			return LSMC_EBITMAP_BEYOND;
		if (!open || start >= n.start + size) {
			if (open)
				node_close(&n, e);
			memset(&n, 0, sizeof(n));
			n.start = start - start % size;
			open = true;
		} else if (start <= n.start) {
			return LSMC_EBITMAP_ORDER;
		}
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
	node_close(&n, e);
	e->bad_at = at;
	e->bad_start = 0;
	*pos = q;
	return LSMC_EBITMAP_OK;
}

/* An ebitmap, with the reason set when the kernel would refuse it. */
static int ebitmap_get(struct walk *w, const char *what, struct lsmc_ebitmap *e)
{
	switch (lsmc_selinux_ebitmap_read(w->p, w->len, &w->pos, e)) {
	case LSMC_EBITMAP_OK:
		return 0;
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

	return ebitmap_get(w, what, &e);
}

/* MLS level: u32 sensitivity, ebitmap categories. */
static int mls_level(struct walk *w, const char *what)
{
	return take(w, 4, what) ? ebitmap(w, what) : -EINVAL;
}

/* MLS range: u32 n (1 or 2 levels), n sensitivities, n category bitmaps. */
static int mls_range(struct walk *w, const char *what)
{
	size_t at = w->pos;
	const uint8_t *q = take(w, 4, what);
	uint32_t n;
	int r;

	if (!q)
		return -EINVAL;
	n = get32(q);
	if (n > 2)
		return bad(w, at, "%s has %u levels, at most 2", what, n);
	if (!take(w, 4 * n, what))
		return -EINVAL;
	r = ebitmap(w, what);
	if (r == 0 && n > 1)
		r = ebitmap(w, what);
	return r;
}

/* Security context: u32 user, role, type, [19] MLS range. */
static int context(struct walk *w)
{
	if (!take(w, 12, "security context"))
		return -EINVAL;
	return w->vers >= V_MLS ? mls_range(w, "context's MLS range") : 0;
}

/* A permission: u32 name length, u32 value, name. */
static int perms(struct walk *w, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *q = take(w, 8, "permission");

		if (!q || str(w, get32(q), "permission name") < 0)
			return -EINVAL;
	}
	return 0;
}

static int sym_common(struct walk *w)
{
	const uint8_t *q = take(w, 16, "common");

	if (!q || str(w, get32(q), "common name") < 0)
		return -EINVAL;
	return perms(w, get32(q + 12));
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
	const uint8_t *q = take(w, 24, "class");
	uint32_t len2;

	if (!q || str(w, get32(q), "class name") < 0)
		return -EINVAL;
	len2 = get32(q + 4);
	if (len2 && str(w, len2, "class's common name") < 0)
		return -EINVAL;
	if (perms(w, get32(q + 16)) < 0 || constraints(w, get32(q + 20), false) < 0)
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

/* Role: u32 name length, value, [24] bounds; name, dominates, types. */
static int sym_role(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 12 : 8, "role");

	if (!q || str(w, get32(q), "role name") < 0)
		return -EINVAL;
	if (ebitmap(w, "role's dominance bitmap") < 0)
		return -EINVAL;
	return ebitmap(w, "role's types");
}

/* Type: u32 name length, value, primary or [24] properties and bounds; name. */
static int sym_type(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 16 : 12, "type");

	return q ? str(w, get32(q), "type name") : -EINVAL;
}

/* User: u32 name length, value, [24] bounds; name, roles, [19] range and
 * default level. */
static int sym_user(struct walk *w)
{
	const uint8_t *q = take(w, w->vers >= V_BOUNDARY ? 12 : 8, "user");

	if (!q || str(w, get32(q), "user name") < 0 || ebitmap(w, "user's roles") < 0)
		return -EINVAL;
	if (w->vers < V_MLS)
		return 0;
	if (mls_range(w, "user's MLS range") < 0)
		return -EINVAL;
	return mls_level(w, "user's default level");
}

/* Boolean: u32 value, state, name length; name. */
static int sym_bool(struct walk *w)
{
	const uint8_t *q = take(w, 12, "boolean");

	return q ? str(w, get32(q + 8), "boolean name") : -EINVAL;
}

/* Sensitivity: u32 name length, is-alias; name, level. */
static int sym_sens(struct walk *w)
{
	const uint8_t *q = take(w, 8, "sensitivity");

	if (!q || str(w, get32(q), "sensitivity name") < 0)
		return -EINVAL;
	return mls_level(w, "sensitivity's level");
}

/* Category: u32 name length, value, is-alias; name. */
static int sym_cat(struct walk *w)
{
	const uint8_t *q = take(w, 12, "category");

	return q ? str(w, get32(q), "category name") : -EINVAL;
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
		n = get32(q + 4);
		for (w->entry = 0; w->entry < n; w->entry++)
			if (sym_read[i](w) < 0)
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
	if (r == 0 && end)
		*end = w.pos;
	return r;
}

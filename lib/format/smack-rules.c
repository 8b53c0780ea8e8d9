/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Smack rule text: parser, validator and canonical renderer (see
 * smack-rules.h for why the checks are stricter than the kernel's own).
 *
 * The rules follow what the kernel does with a write to load2 or
 * change-rule (smackfs.c, smack_access.c):
 *  - fields are separated by isspace() bytes; the kernel does not care
 *    about lines, this parser wants one rule per line so that every
 *    message can name a line, and so that the page-window writer can cut
 *    the rendered text at any newline;
 *  - a label ends at the first byte <= ' ', > '~', or one of / " \ ', and
 *    must be 1..255 bytes and not begin with '-'; anything after the cut
 *    is dropped without an error, which is why a cut is an error here;
 *  - an access string is read up to the first byte that is not one of
 *    rwxatlb (any case) or '-', again silently, so any other byte is an
 *    error here.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/smack-rules.h"

#define FMT_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Bytes the kernel's isspace() separates fields with; '\n' ends a line here. */
static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* ---- access strings ---- */

static const char access_letters[] = "rwxatlb"; /* bit i is letter i */

/* The bit for one access byte, 0 for '-', -1 for anything else. */
static int access_bit(unsigned char c)
{
	if (c == '-')
		return 0;
	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	for (int i = 0; access_letters[i]; i++)
		if (access_letters[i] == c)
			return 1 << i;
	return -1;
}

/* Writes the access letters of bits at buf; returns how many. */
static size_t put_access(char *buf, unsigned int bits)
{
	size_t n = 0;

	for (int i = 0; access_letters[i]; i++)
		if (bits & (1u << i))
			buf[n++] = access_letters[i];
	if (n == 0)
		buf[n++] = '-';
	return n;
}

char *lsmc_smack_access_to_string(unsigned int bits, char buf[LSMC_SMACK_ACCESS_BUF])
{
	buf[put_access(buf, bits)] = '\0';
	return buf;
}

int lsmc_smack_access_from_string(const char *s, size_t len, unsigned int *bits, size_t *bad)
{
	unsigned int acc = 0;

	if (len == 0) {
		if (bad)
			*bad = 0;
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		int b = access_bit((unsigned char)s[i]);

		if (b < 0) {
			if (bad)
				*bad = i;
			return -EINVAL;
		}
		acc |= (unsigned int)b;
	}
	if (bits)
		*bits = acc;
	return 0;
}

/* ---- labels ---- */

enum label_problem {
	LABEL_OK,
	LABEL_EMPTY,
	LABEL_TOO_LONG,
	LABEL_DASH,
	LABEL_SPECIAL, /* / " \ ' : the kernel cuts the label there */
	LABEL_BYTE,    /* space, control or non-ASCII: the kernel cuts there too */
};

/* What is wrong with a label and at which offset. */
static enum label_problem label_problem(const char *s, size_t len, size_t *at)
{
	*at = 0;
	if (len == 0)
		return LABEL_EMPTY;
	if (s[0] == '-')
		return LABEL_DASH;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		*at = i;
		if (c == '/' || c == '"' || c == '\\' || c == '\'')
			return LABEL_SPECIAL;
		if (c <= ' ' || c > '~')
			return LABEL_BYTE;
	}
	/* Length last: a bad byte in a long label is the more useful message. */
	if (len > LSMC_SMACK_LABEL_MAX) {
		*at = LSMC_SMACK_LABEL_MAX;
		return LABEL_TOO_LONG;
	}
	return LABEL_OK;
}

int lsmc_smack_label_check(const char *s, size_t len, const char **why)
{
	static const char *const reasons[] = {
		[LABEL_OK] = NULL,
		[LABEL_EMPTY] = "a label must not be empty",
		[LABEL_TOO_LONG] = "a label must not be longer than 255 bytes",
		[LABEL_DASH] = "a label must not begin with '-'",
		[LABEL_SPECIAL] = "a label must not contain / \" \\ or '",
		[LABEL_BYTE] = "a label must contain only printable ASCII, without spaces",
	};
	size_t at;
	enum label_problem p = label_problem(s, len, &at);

	if (why)
		*why = reasons[p];
	return p == LABEL_OK ? 0 : -EINVAL;
}

/* ---- messages ---- */

/*
 * A token for a message, in double quotes: bytes that would garble a
 * terminal or the quoting become \xNN, and long tokens are shortened so
 * the message stays readable (and fits).
 */
static const char *quote(char *buf, size_t size, const char *s, size_t len)
{
	const size_t shown = 40;
	size_t n = 0;

	buf[n++] = '"';
	for (size_t i = 0; i < len && i < shown && n + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < ' ' || c > '~' || c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	if (len > shown && n + 5 < size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

/* One byte for a message: 'c' when printable, else byte 0xNN. */
static const char *byte_name(char buf[16], unsigned char c)
{
	if (c > ' ' && c <= '~')
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", c);
	return buf;
}

struct parser {
	const char *name;
	struct lsmc_smack_error *err;
	enum lsmc_smack_format format;
	bool comments; /* rule files have them, kernel listings do not */
	unsigned long line;
	lsmc_smack_visit_fn visit; /* instead of building a set: each rule to this */
	void *visit_arg;
};

static void FMT_PRINTF(5, 0)
	set_error(struct lsmc_smack_error *err, const char *name, unsigned long line,
		  unsigned long column, const char *format, va_list ap)
{
	size_t n;
	int r;

	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", name);
	err->line = line;
	err->column = column;
	if (line)
		r = snprintf(err->message, sizeof(err->message), "%s:%lu:%lu: ", name, line,
			     column);
	else
		r = snprintf(err->message, sizeof(err->message), "%s: ", name);
	n = r < 0 ? 0 : (size_t)r;
	if (n < sizeof(err->message))
		vsnprintf(err->message + n, sizeof(err->message) - n, format, ap);
}

static int FMT_PRINTF(4, 5)
	fail(struct parser *p, int error, unsigned long column, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	set_error(p->err, p->name, column ? p->line : 0, column, format, ap);
	va_end(ap);
	return error;
}

/* ---- the rule set ---- */

/*
 * The pair index's hash, eight bytes at a time: a listing of 10,000 rules
 * is looked up on every load, and a byte-wise hash was a third of that.
 * Each label is its whole words, then its last bytes zero-extended, then
 * its length.
 */
#define HASH_SEED  1469598103934665603ull
#define HASH_PRIME 1099511628211ull

static inline uint64_t load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

static inline uint64_t mix(uint64_t h, uint64_t w)
{
	return (h ^ w) * HASH_PRIME;
}

static inline uint64_t hash_label(uint64_t h, const char *s, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8)
		h = mix(h, load64(s + i));
	if (i < len) {
		uint64_t w = 0;

		memcpy(&w, s + i, len - i);
		h = mix(h, w);
	}
	return mix(h, len);
}

/* Spreads the high bits into the low ones the table is indexed by. */
static inline uint64_t hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* A slot: the hash's upper half, to pass over most other pairs without
 * comparing labels, and the rule's index + 1. */
#define SLOT_RULE(v)	 ((size_t)((v)&0xffffffffu) - 1)
#define SLOT_TAG(h)	 ((h) >> 32)
#define SLOT_OF(h, i)	 ((SLOT_TAG(h) << 32) | (uint64_t)((i) + 1))
#define SLOT_MATCH(v, h) (((v) >> 32) == SLOT_TAG(h))

static uint64_t pair_hash(const char *subject, size_t slen, const char *object, size_t olen)
{
	return hash_end(hash_label(hash_label(HASH_SEED, subject, slen), object, olen));
}

/* The slot holding the pair, or the empty slot where it would go, for the
 * pair's hash. Labels are counted, not NUL-terminated: a listing is looked
 * up in place. */
static uint64_t *find_slot_h(const struct lsmc_smack_rules *set, uint64_t hash, const char *subject,
			     size_t slen, const char *object, size_t olen)
{
	size_t mask = set->n_slots - 1;

	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		uint64_t *slot = &set->slots[i];
		const struct lsmc_smack_rule *r;

		if (*slot == 0)
			return slot;
		if (!SLOT_MATCH(*slot, hash))
			continue;
		r = &set->rules[SLOT_RULE(*slot)];
		if (r->slen == slen && r->olen == olen && memcmp(r->subject, subject, slen) == 0 &&
		    memcmp(r->object, object, olen) == 0)
			return slot;
	}
}

static uint64_t *find_slot_n(const struct lsmc_smack_rules *set, const char *subject, size_t slen,
			     const char *object, size_t olen)
{
	return find_slot_h(set, pair_hash(subject, slen, object, olen), subject, slen, object,
			   olen);
}

/* Keeps the table at most half full so that probing stays short. */
static int grow_slots(struct lsmc_smack_rules *set)
{
	size_t n = set->n_slots ? set->n_slots * 2 : 64;
	uint64_t *old = set->slots;
	size_t old_n = set->n_slots;

	if (n > SIZE_MAX / sizeof(*set->slots))
		return -ENOMEM;
	set->slots = calloc(n, sizeof(*set->slots));
	if (!set->slots) {
		set->slots = old;
		return -ENOMEM;
	}
	set->n_slots = n;
	for (size_t i = 0; i < old_n; i++) {
		if (old[i]) {
			const struct lsmc_smack_rule *r = &set->rules[SLOT_RULE(old[i])];

			*find_slot_n(set, r->subject, r->slen, r->object, r->olen) = old[i];
		}
	}
	free(old);
	return 0;
}

const struct lsmc_smack_rule *lsmc_smack_rules_find_n(const struct lsmc_smack_rules *set,
						      const char *subject, size_t slen,
						      const char *object, size_t olen)
{
	uint64_t *slot;

	if (!set || set->n_slots == 0)
		return NULL;
	slot = find_slot_n(set, subject, slen, object, olen);
	return *slot ? &set->rules[SLOT_RULE(*slot)] : NULL;
}

const struct lsmc_smack_rule *lsmc_smack_rules_find(const struct lsmc_smack_rules *set,
						    const char *subject, const char *object)
{
	if (!subject || !object)
		return NULL;
	return lsmc_smack_rules_find_n(set, subject, strlen(subject), object, strlen(object));
}

/* ---- the set's text ---- */

/* The longest line a rule renders to: two labels, two access strings, separators. */
static size_t line_max(const struct lsmc_smack_rule *r)
{
	return (size_t)r->slen + r->olen + 2 * LSMC_SMACK_ACCESS_BUF + 4;
}

/* Writes rule r's canonical line at buf (room: line_max()); returns its length. */
static size_t put_rule(char *buf, const struct lsmc_smack_rule *r, size_t slen, size_t olen,
		       bool change)
{
	size_t n = 0;

	memcpy(buf + n, r->subject, slen);
	n += slen;
	buf[n++] = ' ';
	memcpy(buf + n, r->object, olen);
	n += olen;
	buf[n++] = ' ';
	n += put_access(buf + n, r->access);
	if (change) {
		buf[n++] = ' ';
		n += put_access(buf + n, r->deny);
	}
	buf[n++] = '\n';
	return n;
}

/* After the text's NUL, bytes kept zero: the listing walk compares a word
 * at a time and may read up to a word past a line. */
#define TEXT_SPARE 8

/* Room for more bytes of text; false when there is no memory for it. */
static bool text_reserve(struct lsmc_smack_rules *set, size_t more)
{
	size_t cap = set->text_cap ? set->text_cap : 4096;
	char *t;

	if (more > SIZE_MAX / 2 - set->text_len)
		return false;
	while (cap < set->text_len + more + 1 + TEXT_SPARE)
		cap *= 2;
	if (cap == set->text_cap)
		return true;
	t = realloc(set->text, cap);
	if (!t)
		return false;
	set->text = t;
	set->text_cap = cap;
	return true;
}

/* The new rule r's line at the end of the text. Out of memory, the text
 * goes stale rather than the rule failing: rendering still works. */
static void text_append(struct lsmc_smack_rules *set, struct lsmc_smack_rule *r)
{
	if (set->text_stale)
		return;
	if (!text_reserve(set, line_max(r))) {
		set->text_stale = true;
		return;
	}
	r->text_off = set->text_len;
	set->text_len += put_rule(set->text + set->text_len, r, r->slen, r->olen,
				  set->format == LSMC_SMACK_FMT_CHANGE);
	memset(set->text + set->text_len, 0, 1 + TEXT_SPARE);
}

/* A LOAD rule's access replaced: in place when the letters take as many
 * bytes; otherwise the lines after it would move, and the text goes stale
 * until lsmc_smack_rules_refresh_text() (once, after a whole file). */
static void text_replace_access(struct lsmc_smack_rules *set, const struct lsmc_smack_rule *r,
				unsigned int access)
{
	char old[LSMC_SMACK_ACCESS_BUF], now[LSMC_SMACK_ACCESS_BUF];
	size_t n = put_access(now, access);

	if (set->text_stale)
		return;
	if (put_access(old, r->access) != n) {
		set->text_stale = true;
		return;
	}
	memcpy(set->text + r->text_off + r->slen + 1 + r->olen + 1, now, n);
}

int lsmc_smack_rules_refresh_text(struct lsmc_smack_rules *set)
{
	const bool change = set->format == LSMC_SMACK_FMT_CHANGE;
	size_t total = 0;
	char *t;

	if (!set->text_stale)
		return 0;
	for (size_t i = 0; i < set->n_rules; i++)
		total += line_max(&set->rules[i]);
	t = malloc(total + 1 + TEXT_SPARE);
	if (!t)
		return -ENOMEM;
	free(set->text);
	set->text = t;
	set->text_cap = total + 1 + TEXT_SPARE;
	set->text_len = 0;
	for (size_t i = 0; i < set->n_rules; i++) {
		struct lsmc_smack_rule *r = &set->rules[i];

		r->text_off = set->text_len;
		set->text_len += put_rule(t + set->text_len, r, r->slen, r->olen, change);
	}
	memset(t + set->text_len, 0, 1 + TEXT_SPARE);
	set->text_stale = false;
	return 0;
}

const char *lsmc_smack_rules_text(const struct lsmc_smack_rules *set, size_t *len)
{
	if (!set || set->text_stale)
		return NULL;
	if (!set->text && set->n_rules > 0)
		return NULL; /* built by hand */
	*len = set->text_len;
	return set->text ? set->text : "";
}

/*
 * Adds one validated rule. A LOAD rule for a pair already in the set
 * replaces its access in place: that is the state the kernel ends in, and
 * it keeps the rendered text free of lines that only get overwritten.
 */
static int add_rule(struct lsmc_smack_rules *set, const char *subject, size_t slen,
		    const char *object, size_t olen, unsigned int access, unsigned int deny,
		    unsigned long line)
{
	struct lsmc_smack_rule *r;
	uint64_t *slot, hash;
	char *mem;
	int e;

	if (set->n_rules >= UINT32_MAX - 1)
		return -E2BIG; /* the index must fit its half of a slot */
	if ((set->n_rules + 1) * 2 > set->n_slots) {
		e = grow_slots(set);
		if (e < 0)
			return e;
	}
	if (slen > UINT32_MAX || olen > UINT32_MAX)
		return -E2BIG;
	mem = malloc(slen + olen + 2);
	if (!mem)
		return -ENOMEM;
	memcpy(mem, subject, slen);
	mem[slen] = '\0';
	memcpy(mem + slen + 1, object, olen);
	mem[slen + 1 + olen] = '\0';

	hash = pair_hash(mem, slen, mem + slen + 1, olen);
	slot = find_slot_h(set, hash, mem, slen, mem + slen + 1, olen);
	if (*slot) {
		set->duplicates++;
		if (!set->first_duplicate_line)
			set->first_duplicate_line = line;
		if (set->format == LSMC_SMACK_FMT_LOAD) {
			r = &set->rules[SLOT_RULE(*slot)];
			text_replace_access(set, r, access);
			r->access = (uint8_t)access;
			r->line = line;
			free(mem);
			return 0;
		}
	}
	if (set->n_rules == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct lsmc_smack_rule *rules;

		if (cap > SIZE_MAX / sizeof(*rules) ||
		    !(rules = realloc(set->rules, cap * sizeof(*rules)))) {
			free(mem);
			return -ENOMEM;
		}
		set->rules = rules;
		set->cap = cap;
	}
	r = &set->rules[set->n_rules++];
	r->subject = mem;
	r->object = mem + slen + 1;
	r->access = (uint8_t)access;
	r->deny = (uint8_t)deny;
	r->line = line;
	r->slen = (uint32_t)slen;
	r->olen = (uint32_t)olen;
	text_append(set, r);
	if (!*slot) /* a CHANGE duplicate leaves the first one findable */
		*slot = SLOT_OF(hash, set->n_rules - 1);
	return 0;
}

void lsmc_smack_rules_free(struct lsmc_smack_rules *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_rules; i++)
		free(set->rules[i].subject); /* object shares the allocation */
	free(set->rules);
	free(set->slots);
	free(set->text);
	free(set);
}

bool lsmc_smack_rules_equal(const struct lsmc_smack_rules *a, const struct lsmc_smack_rules *b)
{
	if (a->format != b->format || a->n_rules != b->n_rules)
		return false;
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct lsmc_smack_rule *x = &a->rules[i], *y = &b->rules[i];

		if (strcmp(x->subject, y->subject) != 0 || strcmp(x->object, y->object) != 0 ||
		    x->access != y->access || x->deny != y->deny)
			return false;
	}
	return true;
}

/* ---- parsing ---- */

struct token {
	const char *s;
	size_t len;
	size_t col; /* 0-based byte offset in the line */
};

static int check_label(struct parser *p, const char *role, const struct token *t)
{
	char q[256], cut[256], b[16];
	size_t at;

	switch (label_problem(t->s, t->len, &at)) {
	case LABEL_OK:
	case LABEL_EMPTY: /* a token is never empty */
		return 0;
	case LABEL_TOO_LONG:
		return fail(p, -EINVAL, t->col + at + 1,
			    "%s label %s is %zu bytes long; a Smack label has 1 to %d bytes", role,
			    quote(q, sizeof(q), t->s, t->len), t->len, LSMC_SMACK_LABEL_MAX);
	case LABEL_DASH:
		return fail(p, -EINVAL, t->col + 1,
			    "%s label %s begins with '-', which Smack reserves; "
			    "a label must not begin with '-'",
			    role, quote(q, sizeof(q), t->s, t->len));
	case LABEL_SPECIAL:
	case LABEL_BYTE:
		break;
	}
	/* Say what the kernel would have made of it: that is the surprise. */
	if (at > 0)
		snprintf(cut, sizeof(cut), " (Smack would silently cut the label to %s)",
			 quote(q, sizeof(q), t->s, at));
	else
		cut[0] = '\0';
	return fail(p, -EINVAL, t->col + at + 1,
		    "%s label %s: %s is not allowed in a label%s; a label may use printable "
		    "ASCII except space and / \" \\ '",
		    role, quote(q, sizeof(q), t->s, t->len), byte_name(b, (unsigned char)t->s[at]),
		    cut);
}

static int check_access(struct parser *p, const char *role, const struct token *t,
			unsigned int *bits)
{
	char q[256], b[16];
	size_t bad;

	if (lsmc_smack_access_from_string(t->s, t->len, bits, &bad) == 0)
		return 0;
	return fail(p, -EINVAL, t->col + bad + 1,
		    "%s %s: %s is not an access letter (use r w x a t l b, or - for none)", role,
		    quote(q, sizeof(q), t->s, t->len), byte_name(b, (unsigned char)t->s[bad]));
}

static int parse_line(struct parser *p, struct lsmc_smack_rules *set, const char *line, size_t len)
{
	const size_t want = p->format == LSMC_SMACK_FMT_CHANGE ? 4 : 3;
	const char *shape = p->format == LSMC_SMACK_FMT_CHANGE ? "subject object allow deny"
							       : "subject object access";
	struct token tok[4], extra = {0};
	size_t n = 0, i = 0, end = 0;
	unsigned int access, deny = 0;
	const char *nul;
	char q[256];
	int e;

	/* A NUL would end the rule text in the kernel: never plain text. */
	nul = memchr(line, '\0', len);
	if (nul)
		return fail(p, -EINVAL, (size_t)(nul - line) + 1,
			    "NUL byte; a rule file is text and must not contain NUL bytes");

	while (i < len) {
		size_t start;

		while (i < len && is_blank((unsigned char)line[i]))
			i++;
		if (i == len || (p->comments && line[i] == '#'))
			break;
		start = i;
		while (i < len && !is_blank((unsigned char)line[i]))
			i++;
		if (n < want)
			tok[n] = (struct token){line + start, i - start, start};
		else if (n == want)
			extra = (struct token){line + start, i - start, start};
		n++;
		end = i;
	}
	if (n == 0)
		return 0; /* blank or comment */
	if (n < want)
		return fail(p, -EINVAL, end + 1, "expected %zu fields \"%s\", found %zu", want,
			    shape, n);
	if (n > want)
		return fail(p, -EINVAL, extra.col + 1,
			    "expected %zu fields \"%s\", found %zu; the first extra one is %s%s",
			    want, shape, n, quote(q, sizeof(q), extra.s, extra.len),
			    p->comments ? " (a comment starts with '#' after a space)" : "");

	/* A kernel listing's labels are only looked up, never written: the
	 * walk skips their check, which is most of its cost. */
	if (!p->visit) {
		e = check_label(p, "subject", &tok[0]);
		if (e < 0)
			return e;
		e = check_label(p, "object", &tok[1]);
		if (e < 0)
			return e;
	}
	if (p->format == LSMC_SMACK_FMT_CHANGE) {
		char qa[256], qd[256], both[LSMC_SMACK_ACCESS_BUF];

		e = check_access(p, "allow", &tok[2], &access);
		if (e < 0)
			return e;
		e = check_access(p, "deny", &tok[3], &deny);
		if (e < 0)
			return e;
		/* The kernel adds then removes, so the bit ends up cleared. */
		if (access & deny)
			return fail(p, -EINVAL, tok[3].col + 1,
				    "allow %s and deny %s both name %s; a letter may be in "
				    "allow or in deny, not both",
				    quote(qa, sizeof(qa), tok[2].s, tok[2].len),
				    quote(qd, sizeof(qd), tok[3].s, tok[3].len),
				    lsmc_smack_access_to_string(access & deny, both));
	} else {
		e = check_access(p, "access", &tok[2], &access);
		if (e < 0)
			return e;
	}

	if (p->visit)
		return p->visit(tok[0].s, tok[0].len, tok[1].s, tok[1].len, access, p->visit_arg);
	e = add_rule(set, tok[0].s, tok[0].len, tok[1].s, tok[1].len, access, deny, p->line);
	if (e < 0)
		return fail(p, e, 0, "out of memory after %zu rules", set->n_rules);
	return 0;
}

static int parse(struct parser *p, const char *text, size_t len, struct lsmc_smack_rules **out)
{
	struct lsmc_smack_rules *set;
	size_t pos = 0;
	int e;

	if (p->err)
		memset(p->err, 0, sizeof(*p->err));
	if (!p->name)
		p->name = "<input>";
	if ((!out && !p->visit) || (!text && len))
		return fail(p, -EINVAL, 0, "no rule text");
	if (out)
		*out = NULL;
	if (p->format != LSMC_SMACK_FMT_LOAD && p->format != LSMC_SMACK_FMT_CHANGE)
		return fail(p, -EINVAL, 0, "unknown rule format %d", (int)p->format);
	if (len > LSMC_SMACK_TEXT_MAX)
		return fail(p, -E2BIG, 0,
			    "%zu bytes is more than a Smack rule set may have (%zu bytes)", len,
			    LSMC_SMACK_TEXT_MAX);

	set = calloc(1, sizeof(*set)); /* empty and unused when visiting */
	if (!set)
		return fail(p, -ENOMEM, 0, "out of memory");
	set->format = p->format;
	set->labels_checked = true; /* every line's labels are checked before it is added */

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		p->line++;
		e = parse_line(p, set, text + pos, n);
		if (e < 0) {
			lsmc_smack_rules_free(set);
			return e;
		}
		pos += n + (nl ? 1 : 0);
	}
	if (out) {
		/* a LOAD line that replaced an access of another length */
		if (lsmc_smack_rules_refresh_text(set) < 0) {
			lsmc_smack_rules_free(set);
			return fail(p, -ENOMEM, 0, "out of memory");
		}
		*out = set;
	} else {
		lsmc_smack_rules_free(set);
	}
	return 0;
}

int lsmc_smack_rules_parse(const char *text, size_t len, const char *name,
			   enum lsmc_smack_format format, struct lsmc_smack_rules **out,
			   struct lsmc_smack_error *err)
{
	struct parser p = {.name = name, .err = err, .format = format, .comments = true};

	return parse(&p, text, len, out);
}

int lsmc_smack_visit_listing(const char *text, size_t len, const char *name, lsmc_smack_visit_fn fn,
			     void *arg, struct lsmc_smack_error *err)
{
	struct parser p = {
		.name = name,
		.err = err,
		.format = LSMC_SMACK_FMT_LOAD,
		.comments = false,
		.visit = fn,
		.visit_arg = arg,
	};

	if (!fn)
		return -EINVAL;
	return parse(&p, text, len, NULL);
}

int lsmc_smack_parse_listing(const char *text, size_t len, const char *name,
			     struct lsmc_smack_rules **out, struct lsmc_smack_error *err)
{
	struct parser p = {
		.name = name,
		.err = err,
		.format = LSMC_SMACK_FMT_LOAD,
		.comments = false, /* '#' may begin a label the kernel lists */
	};

	return parse(&p, text, len, out);
}

/* ---- matching a listing against a set ---- */

/*
 * The kernel lists a rule as "subject object access\n". A line in that
 * form with single spaces (a lean line) is matched here; a line in any
 * other form (tabs, a carriage return, an extra field, a NUL, a line cut
 * at the end) goes through the rule parser, so what is matched, and what
 * is refused with which message, is what lsmc_smack_visit_listing() does.
 *
 * Smack puts a new rule at the head of its subject's list and a new label
 * at the head of the label list, and lists them in that order: a set
 * loaded before comes back rule after rule in reverse, each line usually
 * the very line the set keeps in its text. So once two lines in a row
 * were neighbouring rules, the next line is first compared with the rule
 * one more step the same way; any other line is looked up in the set's
 * pair index.
 */

/* Access bytes as access_bit() takes them, each with ACCESS_BYTE set; 0: not one. */
#define ACCESS_BYTE 0x80
static const uint8_t access_byte[256] = {
	['-'] = ACCESS_BYTE,
	['r'] = ACCESS_BYTE | LSMC_SMACK_READ,
	['R'] = ACCESS_BYTE | LSMC_SMACK_READ,
	['w'] = ACCESS_BYTE | LSMC_SMACK_WRITE,
	['W'] = ACCESS_BYTE | LSMC_SMACK_WRITE,
	['x'] = ACCESS_BYTE | LSMC_SMACK_EXEC,
	['X'] = ACCESS_BYTE | LSMC_SMACK_EXEC,
	['a'] = ACCESS_BYTE | LSMC_SMACK_APPEND,
	['A'] = ACCESS_BYTE | LSMC_SMACK_APPEND,
	['t'] = ACCESS_BYTE | LSMC_SMACK_TRANSMUTE,
	['T'] = ACCESS_BYTE | LSMC_SMACK_TRANSMUTE,
	['l'] = ACCESS_BYTE | LSMC_SMACK_LOCK,
	['L'] = ACCESS_BYTE | LSMC_SMACK_LOCK,
	['b'] = ACCESS_BYTE | LSMC_SMACK_BRINGUP,
	['B'] = ACCESS_BYTE | LSMC_SMACK_BRINGUP,
};

/*
 * The end of a lean line whose access starts at line[i]: the line's length
 * with its newline, and the access in *access; 0 when the rest is not
 * "access\n" (at eof, "access" will do).
 */
static size_t read_access(const char *line, size_t i, size_t len, bool eof, unsigned int *access)
{
	size_t start = i;

	*access = 0;
	while (i < len && access_byte[(unsigned char)line[i]])
		*access |= access_byte[(unsigned char)line[i++]] & ~ACCESS_BYTE;
	if (i == start)
		return 0;
	if (i < len)
		return line[i] == '\n' ? i + 1 : 0;
	return eof ? i : 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LEAN_WORDS 1
#else
#define LEAN_WORDS 0
#endif

/*
 * The label token at text[start..len): its length, up to the first byte
 * below '!' (or len), with *h extended as hash_label() would. The caller
 * checks that byte: a control byte is part of a token for the rule
 * parser, so anything but the expected separator leaves the line to it.
 */
static inline size_t lean_label(const char *text, size_t start, size_t len, uint64_t *h)
{
	size_t i = start;

#if LEAN_WORDS
	uint64_t hh = *h;

	/* A word at a time while a whole word is there: the lowest byte below
	 * '!' is found exactly (borrows only mark bytes above it). */
	while (i + 8 <= len) {
		uint64_t w = load64(text + i);
		uint64_t below = (w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull;
		unsigned int k;

		if (!below) {
			hh = mix(hh, w);
			i += 8;
			continue;
		}
		k = (unsigned int)__builtin_ctzll(below) >> 3;
		if (k)
			hh = mix(hh, w & ((1ull << (8 * k)) - 1));
		i += k;
		*h = mix(hh, i - start);
		return i - start;
	}
	i = start;
#endif
	while (i < len && (unsigned char)text[i] > ' ')
		i++;
	*h = hash_label(*h, text + start, i - start);
	return i - start;
}

/*
 * Where a[0..n) and b[0..n) first differ, n when they do not; a word at a
 * time, so both must have n + 8 readable bytes (the set's text keeps
 * eight spare bytes; the caller checks the listing's).
 */
static inline size_t diff_at(const char *a, const char *b, size_t n)
{
#if LEAN_WORDS
	for (size_t i = 0; i < n; i += 8) {
		uint64_t d = load64(a + i) ^ load64(b + i);

		if (d) {
			size_t at = i + ((unsigned int)__builtin_ctzll(d) >> 3);

			return at < n ? at : n;
		}
	}
	return n;
#else
	size_t i = 0;

	while (i < n && a[i] == b[i])
		i++;
	return i;
#endif
}

#define NOT_THIS_RULE SIZE_MAX

/* Whether line[0..len) starts "subject object " with rule r's labels. */
static bool starts_with_pair(const char *line, size_t len, const struct lsmc_smack_rule *r)
{
	size_t pair = (size_t)r->slen + 1 + r->olen + 1;

	return pair <= len && line[r->slen] == ' ' && line[pair - 1] == ' ' &&
	       memcmp(line, r->subject, r->slen) == 0 &&
	       memcmp(line + r->slen + 1, r->object, r->olen) == 0;
}

/*
 * The line at line[0..len) against rule x: the line's length, rule x's
 * access noted, when it is a lean line of x's pair; 0 when it is x's pair
 * in another form (for the rule parser); NOT_THIS_RULE when it is not x's
 * pair. With the set's text in step (whole), the line is compared with x's
 * own line there, and taken at once when it is the same; else, or when
 * too few bytes follow to compare a word at a time, the labels are.
 * Always inlined: as a call, the usual line costs 40 % more.
 */
static inline __attribute__((always_inline)) size_t match_rule(struct lsmc_smack_listing_match *m,
							       size_t x, const char *line,
							       size_t len, bool eof, bool whole)
{
	const struct lsmc_smack_rules *set = m->set;
	const struct lsmc_smack_rule *r = &set->rules[x];
	size_t pair = (size_t)r->slen + 1 + r->olen + 1; /* "subject object " */
	size_t end = x + 1 < set->n_rules ? set->rules[x + 1].text_off : set->text_len;
	unsigned int access;
	size_t n;

	if (whole && end - r->text_off + 8 <= len) {
		size_t same = diff_at(set->text + r->text_off, line, end - r->text_off);

		if (same == end - r->text_off) {
			m->access[x] = r->access;
			return same;
		}
		if (same < pair)
			return NOT_THIS_RULE;
	} else if (!starts_with_pair(line, len, r)) {
		return NOT_THIS_RULE;
	}
	n = read_access(line, pair, len, eof, &access);
	if (n)
		m->access[x] = (uint8_t)access;
	return n;
}

/*
 * A lean line read and looked up in the set's pair index: its length, the
 * access noted for the set's rule of that pair if it has one; 0 when the
 * line is not lean (or not yet whole).
 */
static size_t look_up(struct lsmc_smack_listing_match *m, const char *line, size_t len, bool eof,
		      bool whole)
{
	const struct lsmc_smack_rules *set = m->set;
	uint64_t h = HASH_SEED;
	size_t slen = lean_label(line, 0, len, &h), olen, pair;
	unsigned int access;

	if (slen == 0 || slen == len || line[slen] != ' ')
		return 0;
	olen = lean_label(line, slen + 1, len, &h);
	pair = slen + 1 + olen + 1;
	if (olen == 0 || pair > len || line[pair - 1] != ' ')
		return 0;
	if (set->n_slots) {
		size_t mask = set->n_slots - 1;

		h = hash_end(h);
		for (size_t k = (size_t)h & mask; set->slots[k]; k = (k + 1) & mask) {
			size_t x = SLOT_RULE(set->slots[k]), n;

			if (!SLOT_MATCH(set->slots[k], h) || set->rules[x].slen != slen ||
			    set->rules[x].olen != olen)
				continue;
			n = match_rule(m, x, line, len, eof, whole);
			if (n != NOT_THIS_RULE) {
				/* the step from the last rule matched: by one, or none */
				m->step = m->last == x + 2 ? -1 : m->last == x ? 1 : 0;
				m->last = x + 1;
				return n;
			}
		}
	}
	return read_access(line, pair, len, eof, &access); /* a pair the set does not hold */
}

/* One lean line: its length, or 0 (not lean, or not yet whole). */
static size_t lean_line(struct lsmc_smack_listing_match *m, const char *line, size_t len, bool eof,
			bool whole)
{
	if (whole && m->step) {
		size_t x = m->step < 0 ? m->last - 2 : m->last;

		if (x < m->set->n_rules) {
			size_t n = match_rule(m, x, line, len, eof, whole);

			if (n != NOT_THIS_RULE) {
				m->last = x + 1; /* one more step the same way */
				return n;
			}
		}
	}
	return look_up(m, line, len, eof, whole);
}

int lsmc_smack_listing_note(const char *subject, size_t slen, const char *object, size_t olen,
			    unsigned int access, void *arg)
{
	struct lsmc_smack_listing_match *m = arg;
	const struct lsmc_smack_rule *x =
		lsmc_smack_rules_find_n(m->set, subject, slen, object, olen);

	if (x)
		m->access[x - m->set->rules] = (uint8_t)access;
	return 0;
}

long lsmc_smack_listing_feed(struct lsmc_smack_listing_match *m, const char *text, size_t len,
			     bool eof)
{
	const struct lsmc_smack_rules *set = m->set;
	/* lines are compared with the set's own: a LOAD set's text in step */
	const bool whole = set->format == LSMC_SMACK_FMT_LOAD && set->text && !set->text_stale;
	size_t pos = 0;

	if (m->line == 0 && m->err)
		memset(m->err, 0, sizeof(*m->err));
	if (len > LONG_MAX)
		return -E2BIG;
	while (pos < len) {
		const char *line = text + pos;
		size_t n = lean_line(m, line, len - pos, eof, whole);

		if (n == 0) {
			const char *nl = memchr(line, '\n', len - pos);
			struct parser p = {
				.name = m->name ? m->name : "<input>",
				.err = m->err,
				.format = LSMC_SMACK_FMT_LOAD,
				.line = m->line + 1,
				.visit = lsmc_smack_listing_note,
				.visit_arg = m,
			};
			int e;

			if (!nl && !eof)
				break; /* the rest of the line comes with the next piece */
			n = nl ? (size_t)(nl - line) : len - pos;
			e = parse_line(&p, NULL, line, n);
			if (e < 0)
				return e;
			n += nl ? 1 : 0;
		}
		m->line++;
		pos += n;
	}
	return (long)pos;
}

/* ---- rendering ---- */

int lsmc_smack_rules_render(const struct lsmc_smack_rules *set, char **text, size_t *len)
{
	const bool change = set->format == LSMC_SMACK_FMT_CHANGE;
	size_t total = 0, n = 0;
	char *buf;

	/* Per rule: two labels, two or three fields of at most 7 letters, separators. */
	for (size_t i = 0; i < set->n_rules; i++) {
		const struct lsmc_smack_rule *r = &set->rules[i];
		size_t slen = strlen(r->subject), olen = strlen(r->object);

		if ((!set->labels_checked && (lsmc_smack_label_check(r->subject, slen, NULL) < 0 ||
					      lsmc_smack_label_check(r->object, olen, NULL) < 0)) ||
		    (r->access & ~LSMC_SMACK_ALL) || (r->deny & ~LSMC_SMACK_ALL) ||
		    (!change && r->deny))
			return -EINVAL;
		total += slen + olen + 2 * LSMC_SMACK_ACCESS_BUF + 4;
	}
	buf = malloc(total + 1);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < set->n_rules; i++) {
		const struct lsmc_smack_rule *r = &set->rules[i];

		n += put_rule(buf + n, r, strlen(r->subject), strlen(r->object), change);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

struct lsmc_smack_rules *lsmc_smack_rules_new(enum lsmc_smack_format format)
{
	struct lsmc_smack_rules *set = calloc(1, sizeof(*set));

	if (set) {
		set->format = format;
		set->labels_checked = true;
	}
	return set;
}

int lsmc_smack_rules_add(struct lsmc_smack_rules *set, const char *subject, const char *object,
			 unsigned int access, unsigned int deny, unsigned long line)
{
	if (lsmc_smack_label_check(subject, strlen(subject), NULL) < 0 ||
	    lsmc_smack_label_check(object, strlen(object), NULL) < 0 || access > LSMC_SMACK_ALL ||
	    deny > LSMC_SMACK_ALL || (set->format == LSMC_SMACK_FMT_LOAD && deny))
		return -EINVAL;
	return add_rule(set, subject, strlen(subject), object, strlen(object), access, deny, line);
}

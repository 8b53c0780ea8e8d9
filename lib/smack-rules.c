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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smack-rules.h"

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

char *lsmc_smack_access_to_string(unsigned int bits, char buf[LSMC_SMACK_ACCESS_BUF])
{
	size_t n = 0;

	for (int i = 0; access_letters[i]; i++)
		if (bits & (1u << i))
			buf[n++] = access_letters[i];
	if (n == 0)
		buf[n++] = '-';
	buf[n] = '\0';
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

static size_t pair_hash(const char *subject, size_t slen, const char *object, size_t olen)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < slen; i++)
		h = (h ^ (unsigned char)subject[i]) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull; /* 0xff never occurs in a label */
	for (size_t i = 0; i < olen; i++)
		h = (h ^ (unsigned char)object[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 32));
}

/* Whether the NUL-terminated label is the len bytes at s. */
static bool label_is(const char *label, const char *s, size_t len)
{
	return strncmp(label, s, len) == 0 && label[len] == '\0';
}

/* The slot holding the pair, or the empty slot where it would go. Labels
 * are counted, not NUL-terminated: a listing is looked up in place. */
static size_t *find_slot_n(const struct lsmc_smack_rules *set, const char *subject, size_t slen,
			   const char *object, size_t olen)
{
	size_t mask = set->n_slots - 1;

	for (size_t i = pair_hash(subject, slen, object, olen) & mask;; i = (i + 1) & mask) {
		size_t *slot = &set->slots[i];
		const struct lsmc_smack_rule *r;

		if (*slot == 0)
			return slot;
		r = &set->rules[*slot - 1];
		if (label_is(r->subject, subject, slen) && label_is(r->object, object, olen))
			return slot;
	}
}

static size_t *find_slot(const struct lsmc_smack_rules *set, const char *subject,
			 const char *object)
{
	return find_slot_n(set, subject, strlen(subject), object, strlen(object));
}

/* Keeps the table at most half full so that probing stays short. */
static int grow_slots(struct lsmc_smack_rules *set)
{
	size_t n = set->n_slots ? set->n_slots * 2 : 64;
	size_t *old = set->slots, old_n = set->n_slots;

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
			const struct lsmc_smack_rule *r = &set->rules[old[i] - 1];

			*find_slot(set, r->subject, r->object) = old[i];
		}
	}
	free(old);
	return 0;
}

const struct lsmc_smack_rule *lsmc_smack_rules_find_n(const struct lsmc_smack_rules *set,
						      const char *subject, size_t slen,
						      const char *object, size_t olen)
{
	size_t *slot;

	if (!set || set->n_slots == 0)
		return NULL;
	slot = find_slot_n(set, subject, slen, object, olen);
	return *slot ? &set->rules[*slot - 1] : NULL;
}

const struct lsmc_smack_rule *lsmc_smack_rules_find(const struct lsmc_smack_rules *set,
						    const char *subject, const char *object)
{
	if (!subject || !object)
		return NULL;
	return lsmc_smack_rules_find_n(set, subject, strlen(subject), object, strlen(object));
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
	size_t *slot;
	char *mem;
	int e;

	if ((set->n_rules + 1) * 2 > set->n_slots) {
		e = grow_slots(set);
		if (e < 0)
			return e;
	}
	mem = malloc(slen + olen + 2);
	if (!mem)
		return -ENOMEM;
	memcpy(mem, subject, slen);
	mem[slen] = '\0';
	memcpy(mem + slen + 1, object, olen);
	mem[slen + 1 + olen] = '\0';

	slot = find_slot(set, mem, mem + slen + 1);
	if (*slot) {
		set->duplicates++;
		if (!set->first_duplicate_line)
			set->first_duplicate_line = line;
		if (set->format == LSMC_SMACK_FMT_LOAD) {
			r = &set->rules[*slot - 1];
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
	if (!*slot)
		*slot = set->n_rules; /* a CHANGE duplicate leaves the first one findable */
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
	if (out)
		*out = set;
	else
		lsmc_smack_rules_free(set);
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
	/* Plain copies: this runs for every rule of every load. */
	for (size_t i = 0; i < set->n_rules; i++) {
		const struct lsmc_smack_rule *r = &set->rules[i];
		char a[LSMC_SMACK_ACCESS_BUF];
		size_t l;

		l = strlen(r->subject);
		memcpy(buf + n, r->subject, l);
		n += l;
		buf[n++] = ' ';
		l = strlen(r->object);
		memcpy(buf + n, r->object, l);
		n += l;
		buf[n++] = ' ';
		lsmc_smack_access_to_string(r->access, a);
		l = strlen(a);
		memcpy(buf + n, a, l);
		n += l;
		if (change) {
			buf[n++] = ' ';
			lsmc_smack_access_to_string(r->deny, a);
			l = strlen(a);
			memcpy(buf + n, a, l);
			n += l;
		}
		buf[n++] = '\n';
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

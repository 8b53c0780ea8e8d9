/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Smack rule sets as text: parse and validate a rule file, render it as the
 * canonical text the kernel takes, and read back what the kernel lists.
 *
 * Smack does not reject much bad input, it changes it: an unknown access
 * letter ends the access string ("rq" loads as "r", "qr" as no access) and
 * a label is cut at / " \ ' ("Sl/ash" loads as "Sl") (test-vm-facts,
 * "Smack (observed on 6.1)"). Everything the kernel would silently rewrite
 * is refused here, with the file, line and column of the first problem,
 * before a single rule is handed on. Nothing in this file touches the
 * kernel.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Access bits, the library's own numbering (not the kernel's MAY_* values). */
enum lsmc_smack_access {
	LSMC_SMACK_READ = 1,	   /* r */
	LSMC_SMACK_WRITE = 2,	   /* w */
	LSMC_SMACK_EXEC = 4,	   /* x */
	LSMC_SMACK_APPEND = 8,	   /* a */
	LSMC_SMACK_TRANSMUTE = 16, /* t */
	LSMC_SMACK_LOCK = 32,	   /* l */
	LSMC_SMACK_BRINGUP = 64,   /* b */
	LSMC_SMACK_ALL = 127,
};

/* The longest label the kernel takes (SMK_LONGLABEL - 1). */
#define LSMC_SMACK_LABEL_MAX 255
/* Room for the longest canonical access string, "rwxatlb", and its NUL. */
#define LSMC_SMACK_ACCESS_BUF 8
/* Larger inputs are refused with -E2BIG: no real rule set comes near it. */
#define LSMC_SMACK_TEXT_MAX ((size_t)64 << 20)

/*
 * The two text formats. The values are the kernel's format bytes
 * (SMACK_FMT_LONG, SMACK_FMT_CHANGE in uapi.h), so a rule set's format can
 * go into lsmc_request.smack_fmt unchanged.
 */
enum lsmc_smack_format {
	LSMC_SMACK_FMT_LOAD = 1,   /* "subject object access" (load2, load-self2) */
	LSMC_SMACK_FMT_CHANGE = 2, /* "subject object allow deny" (change-rule) */
};

struct lsmc_smack_rule {
	char *subject; /* NUL-terminated; object lives in the same allocation */
	char *object;
	uint8_t access;	    /* LOAD: the access; CHANGE: bits to add */
	uint8_t deny;	    /* CHANGE: bits to remove; 0 for LOAD */
	unsigned long line; /* 1-based source line */
	/* private, kept by the set: the label lengths and where the rule's
	 * line starts in the set's text */
	uint32_t slen, olen;
	size_t text_off;
};

struct lsmc_smack_rules {
	enum lsmc_smack_format format;
	struct lsmc_smack_rule *rules;
	size_t n_rules;
	/*
	 * Lines that named a subject/object pair an earlier line already named.
	 * LOAD: the later line wins, as it would in the kernel, and the rule
	 * keeps the place of the first one. CHANGE: every line is kept in
	 * order, since each one edits the result of the one before.
	 */
	size_t duplicates;
	unsigned long first_duplicate_line; /* 0 when there are none */
	/*
	 * Every label was checked when its rule was added: true for a set made
	 * by lsmc_smack_rules_new(), whose rules come only through the parser
	 * or lsmc_smack_rules_add(), both of which check. Rendering then does
	 * not check each label again (half its cost); a set built another way
	 * leaves it false and is checked whole when rendered.
	 */
	bool labels_checked;

	/* private: pair -> the upper half of its hash << 32 | index + 1 (0 =
	 * empty), open addressing */
	uint64_t *slots;
	size_t n_slots;
	size_t cap;
	/*
	 * private: the set as canonical kernel text, what
	 * lsmc_smack_rules_render() makes of it, kept as rules are added so
	 * that a load sends it as it is. text_stale when it no longer says
	 * what the rules say (a LOAD rule replaced with an access of another
	 * length, or memory ran out): lsmc_smack_rules_refresh_text() builds
	 * it again, and until then a load renders. Rules are changed only
	 * through the functions below, never in place.
	 */
	char *text;
	size_t text_len, text_cap;
	bool text_stale;
};

/* The first problem found, for a message like "rules.smack:12:9: ...". */
struct lsmc_smack_error {
	char file[256];	      /* the display name, possibly truncated */
	unsigned long line;   /* 1-based; 0 when the problem is not on a line */
	unsigned long column; /* 1-based byte column of the offending byte; 0 as above */
	char message[1024];   /* "file:line:column: what is wrong (what is allowed)" */
};

/*
 * Parses and validates a whole rule file. text need not be NUL-terminated
 * and must not contain NUL. name is only used in messages (NULL: "<input>").
 * Rules are one per line, '#' starts a comment at the beginning of a line
 * or after whitespace, blank lines and spaces/tabs around fields are
 * ignored. CHANGE lines whose allow and deny name the same letter are
 * refused: the kernel would clear the bit, which is rarely what was meant.
 * Returns 0 and *out (free with lsmc_smack_rules_free), or -EINVAL
 * (bad content), -E2BIG (len > LSMC_SMACK_TEXT_MAX), -ENOMEM; on error
 * *out is NULL and err (if not NULL) describes the problem.
 */
int lsmc_smack_rules_parse(const char *text, size_t len, const char *name,
			   enum lsmc_smack_format format, struct lsmc_smack_rules **out,
			   struct lsmc_smack_error *err);

/*
 * Parses what reading load2 or load-self2 returns: "subject object access"
 * lines, no comments (a label may begin with '#'). The result is a LOAD
 * rule set; pairs the kernel did not list have no access.
 */
int lsmc_smack_parse_listing(const char *text, size_t len, const char *name,
			     struct lsmc_smack_rules **out, struct lsmc_smack_error *err);

/*
 * The same listing, rule by rule, without building a set: fn gets each
 * rule's labels (not NUL-terminated) and access; a negative return stops
 * the walk and is returned. The labels are not checked (the access is):
 * they are for looking up, and a label no set holds matches nothing.
 */
typedef int (*lsmc_smack_visit_fn)(const char *subject, size_t slen, const char *object,
				   size_t olen, unsigned int access, void *arg);
int lsmc_smack_visit_listing(const char *text, size_t len, const char *name, lsmc_smack_visit_fn fn,
			     void *arg, struct lsmc_smack_error *err);

void lsmc_smack_rules_free(struct lsmc_smack_rules *set);

/* An empty set of one format; NULL when out of memory. */
struct lsmc_smack_rules *lsmc_smack_rules_new(enum lsmc_smack_format format);
/* Add one rule (labels checked; LOAD rules have no deny bits); 0 or -EINVAL/-ENOMEM. */
int lsmc_smack_rules_add(struct lsmc_smack_rules *set, const char *subject, const char *object,
			 unsigned int access, unsigned int deny, unsigned long line);

/*
 * The rule set as canonical kernel text: one "subject object access\n"
 * (CHANGE: "subject object allow deny\n") per rule, access letters in the
 * order rwxatlb, "-" for none, no comments. *text is malloc'd and
 * NUL-terminated; *len excludes the NUL. Rules are re-validated, so a
 * hand-built set with a bad label gives -EINVAL instead of kernel text.
 */
int lsmc_smack_rules_render(const struct lsmc_smack_rules *set, char **text, size_t *len);

/*
 * The text lsmc_smack_rules_render() would make, kept by the set: NULL
 * when the set has none in step with its rules (built by hand, or stale;
 * see struct lsmc_smack_rules). Owned by the set.
 */
const char *lsmc_smack_rules_text(const struct lsmc_smack_rules *set, size_t *len);
/* Builds a stale text again (no-op when it is in step); 0 or -ENOMEM. */
int lsmc_smack_rules_refresh_text(struct lsmc_smack_rules *set);

/*
 * The kernel's listing (load2, load-self2) matched against a set, fed
 * piece by piece as it is read: access[i] gets the access the listing
 * gives rule i's pair (entries of pairs not listed are left alone). A
 * line "subject object access" with single spaces takes a lean path: it
 * is compared with the set's own line for the rule next to the last one
 * matched, or looked up in the set's pair index; any other line goes
 * through the rule parser (lsmc_smack_visit_listing()), so what is
 * matched, and what is refused with which message, is the same.
 */
struct lsmc_smack_listing_match {
	const struct lsmc_smack_rules *set;
	uint8_t *access;	      /* set->n_rules entries */
	const char *name;	      /* for messages: "load2", "load-self2" */
	struct lsmc_smack_error *err; /* may be NULL */
	unsigned long line;	      /* lines taken so far */
	/* private: the rule a lean line matched last + 1 (0: none), and the
	 * step to it from the rule matched before: -1 or 1, 0 for any other */
	size_t last;
	int step;
};
/*
 * Takes the whole lines at the front of text[0..len) (with eof, the last
 * line too, newline or not) and returns how many bytes that was, or
 * -EINVAL for a line that is not a listing line.
 */
long lsmc_smack_listing_feed(struct lsmc_smack_listing_match *m, const char *text, size_t len,
			     bool eof);
/* The careful path's visitor for lsmc_smack_visit_listing(), arg a
 * struct lsmc_smack_listing_match: the look-up the lean path makes. The
 * tests and the fuzzer compare the two paths through it. */
int lsmc_smack_listing_note(const char *subject, size_t slen, const char *object, size_t olen,
			    unsigned int access, void *arg);

/* The rule for a pair, or NULL. With CHANGE, the first line for the pair. */
const struct lsmc_smack_rule *lsmc_smack_rules_find(const struct lsmc_smack_rules *set,
						    const char *subject, const char *object);
/* The same for counted labels (not NUL-terminated), as a listing walk has them. */
const struct lsmc_smack_rule *lsmc_smack_rules_find_n(const struct lsmc_smack_rules *set,
						      const char *subject, size_t slen,
						      const char *object, size_t olen);

/* Same format and the same rules in the same order; source lines are ignored. */
bool lsmc_smack_rules_equal(const struct lsmc_smack_rules *a, const struct lsmc_smack_rules *b);

/* Canonical letters for bits ("-" for none) into buf; returns buf. */
char *lsmc_smack_access_to_string(unsigned int bits, char buf[LSMC_SMACK_ACCESS_BUF]);

/*
 * Access letters r w x a t l b (either case) and '-' (no bit) to bits.
 * Returns 0, or -EINVAL with *bad (if not NULL) set to the offset of the
 * first byte that is not one of those, or to 0 for an empty string.
 */
int lsmc_smack_access_from_string(const char *s, size_t len, unsigned int *bits, size_t *bad);

/*
 * Whether s[0..len) is a label the kernel keeps exactly as written:
 * 1..255 bytes, not starting with '-', only bytes '!'..'~' other than
 * / " \ '. Returns 0, or -EINVAL with *why (if not NULL) a static reason.
 */
int lsmc_smack_label_check(const char *s, size_t len, const char **why);

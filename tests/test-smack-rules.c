/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The Smack rule parser: every input the kernel would silently change
 * (test-vm-facts, "Smack (observed on 6.1)") must be refused with the
 * line and column of the problem, and what it accepts must render to text
 * that parses back to the same rules.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/smack-rules.h"

#define LOAD   LSMC_SMACK_FMT_LOAD
#define CHANGE LSMC_SMACK_FMT_CHANGE

static struct lsmc_smack_rules *parse_ok(const char *text, enum lsmc_smack_format fmt)
{
	struct lsmc_smack_rules *set = NULL;
	struct lsmc_smack_error err;
	int r = lsmc_smack_rules_parse(text, strlen(text), "rules.smack", fmt, &set, &err);

	if (r != 0)
		fail_msg("unexpected error %d: %s", r, err.message);
	assert_non_null(set);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message, "");
	return set;
}

/* Parses text that must fail; checks errno, line, column and a piece of the message. */
static void parse_bad_len(const char *text, size_t len, enum lsmc_smack_format fmt, int error,
			  unsigned long line, unsigned long column, const char *needle)
{
	struct lsmc_smack_rules *set = (void *)1;
	struct lsmc_smack_error err;
	int r = lsmc_smack_rules_parse(text, len, "rules.smack", fmt, &set, &err);

	assert_int_equal(r, error);
	assert_null(set);
	assert_string_equal(err.file, "rules.smack");
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	if (!strstr(err.message, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void parse_bad(const char *text, enum lsmc_smack_format fmt, unsigned long line,
		      unsigned long column, const char *needle)
{
	parse_bad_len(text, strlen(text), fmt, -EINVAL, line, column, needle);
}

static void assert_rule(const struct lsmc_smack_rule *r, const char *subject, const char *object,
			unsigned int access, unsigned int deny, unsigned long line)
{
	assert_non_null(r);
	assert_string_equal(r->subject, subject);
	assert_string_equal(r->object, object);
	assert_int_equal(r->access, access);
	assert_int_equal(r->deny, deny);
	assert_int_equal(r->line, line);
}

/* render, then parse the rendered text: the same rules and the same text again */
static char *round_trip(const struct lsmc_smack_rules *set, size_t *len)
{
	struct lsmc_smack_rules *again = NULL;
	char *text = NULL, *text2 = NULL;
	size_t len2 = 0;

	assert_int_equal(lsmc_smack_rules_render(set, &text, len), 0);
	assert_int_equal(strlen(text), *len);
	assert_int_equal(lsmc_smack_rules_parse(text, *len, "rendered", set->format, &again, NULL),
			 0);
	assert_true(lsmc_smack_rules_equal(set, again));
	assert_true(again->labels_checked); /* the parser checked every label */
	assert_int_equal(lsmc_smack_rules_render(again, &text2, &len2), 0);
	assert_int_equal(len2, *len);
	assert_memory_equal(text, text2, len2);
	free(text2);
	lsmc_smack_rules_free(again);
	return text;
}

/* ---- valid input ---- */

static void test_valid_load(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("System Web rwx\n"
						"Web System r\n"
						"_ * rwxatlb\n"
						"^ Floor -\n",
						LOAD);

	assert_int_equal(set->format, LSMC_SMACK_FMT_LOAD);
	assert_int_equal(set->n_rules, 4);
	assert_int_equal(set->duplicates, 0);
	assert_int_equal(set->first_duplicate_line, 0);
	assert_rule(&set->rules[0], "System", "Web",
		    LSMC_SMACK_READ | LSMC_SMACK_WRITE | LSMC_SMACK_EXEC, 0, 1);
	assert_rule(&set->rules[1], "Web", "System", LSMC_SMACK_READ, 0, 2);
	assert_rule(&set->rules[2], "_", "*", LSMC_SMACK_ALL, 0, 3);
	assert_rule(&set->rules[3], "^", "Floor", 0, 0, 4);
	assert_ptr_equal(lsmc_smack_rules_find(set, "Web", "System"), &set->rules[1]);
	assert_null(lsmc_smack_rules_find(set, "System", "System"));
	lsmc_smack_rules_free(set);
}

static void test_comments_blank_whitespace(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("# a Smack rule set\n"
						"\n"
						"   \t  \n"
						"\tA\tB\tr\t\n"
						"  A   C   w   # write only\n"
						"A D x\t#tab then comment\n"
						"    # indented comment\n"
						"A#1 B#2 a\r\n"
						"A E t",
						LOAD);

	assert_int_equal(set->n_rules, 5);
	assert_rule(&set->rules[0], "A", "B", LSMC_SMACK_READ, 0, 4);
	assert_rule(&set->rules[1], "A", "C", LSMC_SMACK_WRITE, 0, 5);
	assert_rule(&set->rules[2], "A", "D", LSMC_SMACK_EXEC, 0, 6);
	/* '#' inside a field is part of it: a label may contain it */
	assert_rule(&set->rules[3], "A#1", "B#2", LSMC_SMACK_APPEND, 0, 8);
	/* the last line has no newline */
	assert_rule(&set->rules[4], "A", "E", LSMC_SMACK_TRANSMUTE, 0, 9);
	lsmc_smack_rules_free(set);
}

static void test_empty_and_comment_only(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("", LOAD);
	char *text;
	size_t len = 1;

	assert_int_equal(set->n_rules, 0);
	assert_int_equal(lsmc_smack_rules_render(set, &text, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	lsmc_smack_rules_free(set);

	set = parse_ok("# nothing here\n\n#\n", CHANGE);
	assert_int_equal(set->n_rules, 0);
	lsmc_smack_rules_free(set);
}

static void test_access_case_and_dash(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("a b RwX\n"
						"a c -r-\n"
						"a d ---\n"
						"a e BLTAXWR\n"
						"a f rrrr\n",
						LOAD);
	char *text;
	size_t len;

	assert_int_equal(set->rules[0].access,
			 LSMC_SMACK_READ | LSMC_SMACK_WRITE | LSMC_SMACK_EXEC);
	assert_int_equal(set->rules[1].access, LSMC_SMACK_READ);
	assert_int_equal(set->rules[2].access, 0);
	assert_int_equal(set->rules[3].access, LSMC_SMACK_ALL);
	assert_int_equal(set->rules[4].access, LSMC_SMACK_READ);
	text = round_trip(set, &len);
	assert_string_equal(text, "a b rwx\n"
				  "a c r\n"
				  "a d -\n"
				  "a e rwxatlb\n"
				  "a f r\n");
	free(text);
	lsmc_smack_rules_free(set);
}

static void test_label_255_ok(void **state)
{
	char line[600];
	struct lsmc_smack_rules *set;

	memset(line, 'L', 255);
	snprintf(line + 255, sizeof(line) - 255, " O r\n");
	set = parse_ok(line, LOAD);
	assert_int_equal(strlen(set->rules[0].subject), 255);
	lsmc_smack_rules_free(set);
}

/* ---- what the kernel would silently change ---- */

static void test_bad_slash_in_label(void **state)
{
	/* Smack loads "Sl/ash" as "Sl" */
	parse_bad("Sl/ash Web r\n", LOAD, 1, 3, "'/' is not allowed");
	parse_bad("Sl/ash Web r\n", LOAD, 1, 3, "cut the label to \"Sl\"");
	parse_bad("Web a\"b r\n", LOAD, 1, 6, "object label");
	parse_bad("a\\b c r\n", LOAD, 1, 2, "subject label \"a\\x5cb\"");
	parse_bad("a b'c r\n", LOAD, 1, 4, "'''");
	/* nothing left to cut to: the kernel refuses that one itself */
	parse_bad("/abc b r\n", LOAD, 1, 1,
		  "subject label \"/abc\": '/' is not allowed in a label; a label may use "
		  "printable ASCII except space and / \" \\ '");
}

static void test_bad_bytes_in_label(void **state)
{
	parse_bad("a\x01z b r\n", LOAD, 1, 2, "byte 0x01 is not allowed");
	parse_bad("caf\xc3\xa9 b r\n", LOAD, 1, 4, "byte 0xc3 is not allowed");
	parse_bad("a b\x7f r\n", LOAD, 1, 4, "byte 0x7f");
}

static void test_bad_access_rq(void **state)
{
	/* Smack loads "rq" as "r" */
	parse_bad("System Web rq\n", LOAD, 1, 13,
		  "access \"rq\": 'q' is not an access letter (use r w x a t l b, or - for none)");
}

static void test_bad_access_qr(void **state)
{
	/* Smack loads "qr" as no access at all */
	parse_bad("System Web qr\n", LOAD, 1, 12, "access \"qr\": 'q' is not an access letter");
	/* a '#' glued to the access is not a comment */
	parse_bad("a b r#x\n", LOAD, 1, 6, "'#' is not an access letter");
}

static void test_bad_label_256(void **state)
{
	char line[600];

	memset(line, 'L', 256);
	snprintf(line + 256, sizeof(line) - 256, " O r\n");
	parse_bad(line, LOAD, 1, 256, "is 256 bytes long; a Smack label has 1 to 255 bytes");
	/* the same as object, on line 2 */
	memcpy(line, "# x\nS ", 6);
	memset(line + 6, 'L', 256);
	snprintf(line + 262, sizeof(line) - 262, " r\n");
	parse_bad(line, LOAD, 2, 258, "object label");
}

static void test_bad_dash_label(void **state)
{
	parse_bad("-label b r\n", LOAD, 1, 1, "must not begin with '-'");
	parse_bad("a -b r\n", LOAD, 1, 3, "object label \"-b\" begins with '-'");
	parse_bad("a - r\n", LOAD, 1, 3, "begins with '-'");
}

static void test_bad_field_counts(void **state)
{
	parse_bad("a b\n", LOAD, 1, 4, "expected 3 fields \"subject object access\", found 2");
	parse_bad("ok ok r\n  a b  # access missing\n", LOAD, 2, 6, "found 2");
	parse_bad("a b r w x\n", LOAD, 1, 7,
		  "expected 3 fields \"subject object access\", found 5; the first extra one is "
		  "\"w\"");
	parse_bad("a b r c\n", LOAD, 1, 7, "found 4; the first extra one is \"c\"");
	parse_bad("a\n", CHANGE, 1, 2, "expected 4 fields \"subject object allow deny\", found 1");
}

static void test_bad_nul_byte(void **state)
{
	static const char text[] = "a b r\nc d\0 w\n";

	parse_bad_len(text, sizeof(text) - 1, LOAD, -EINVAL, 2, 4, "NUL byte");
	/* also inside a comment */
	parse_bad_len("# \0\n", 4, LOAD, -EINVAL, 1, 3, "NUL byte");
}

static void test_bad_empty_access(void **state)
{
	unsigned int bits = 99;
	size_t bad = 99;

	/* in a file an empty access is a missing field */
	parse_bad("a b \n", LOAD, 1, 4, "found 2");
	/* through the API it is an error of its own */
	assert_int_equal(lsmc_smack_access_from_string("", 0, &bits, &bad), -EINVAL);
	assert_int_equal(bad, 0);
	assert_int_equal(bits, 99);
}

static void test_message_format(void **state)
{
	struct lsmc_smack_rules *set = NULL;
	struct lsmc_smack_error err;
	const char *text = "# 1\n#2\n#3\n#4\n#5\n#6\n#7\n#8\n#9\n#10\n#11\nSys Web rq\n";

	assert_int_equal(
		lsmc_smack_rules_parse(text, strlen(text), "rules.smack", LOAD, &set, &err),
		-EINVAL);
	assert_string_equal(err.message, "rules.smack:12:10: access \"rq\": 'q' is not an "
					 "access letter (use r w x a t l b, or - for none)");

	/* no name given */
	assert_int_equal(lsmc_smack_rules_parse("a", 1, NULL, LOAD, &set, &err), -EINVAL);
	assert_string_equal(err.file, "<input>");
	assert_string_equal(err.message,
			    "<input>:1:2: expected 3 fields \"subject object access\", found 1");
	/* no err given */
	assert_int_equal(lsmc_smack_rules_parse("a", 1, NULL, LOAD, &set, NULL), -EINVAL);
	assert_null(set);
}

static void test_too_big(void **state)
{
	struct lsmc_smack_rules *set = NULL;
	struct lsmc_smack_error err;

	/* refused on the size alone, before a byte is read */
	assert_int_equal(
		lsmc_smack_rules_parse("x", LSMC_SMACK_TEXT_MAX + 1, "big", LOAD, &set, &err),
		-E2BIG);
	assert_null(set);
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.message, "big: 67108865 bytes is more than"));
}

/* ---- duplicates ---- */

static void test_duplicates_load(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("a b r\n"
						"a c w\n"
						"a b rwx\n"
						"a b -\n",
						LOAD);
	char *text;
	size_t len;

	/* the last line for a pair wins, in the place of the first */
	assert_int_equal(set->n_rules, 2);
	assert_int_equal(set->duplicates, 2);
	assert_int_equal(set->first_duplicate_line, 3);
	assert_rule(&set->rules[0], "a", "b", 0, 0, 4);
	assert_rule(&set->rules[1], "a", "c", LSMC_SMACK_WRITE, 0, 2);
	text = round_trip(set, &len);
	assert_string_equal(text, "a b -\na c w\n");
	free(text);
	lsmc_smack_rules_free(set);
}

static void test_many_rules(void **state)
{
	/* enough pairs to make the lookup table grow several times */
	size_t cap = 3000 * 24, n = 0;
	char *buf = malloc(cap);
	struct lsmc_smack_rules *set = NULL;
	char *text;
	size_t len;

	assert_non_null(buf);
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "s%d o%d r\n", i % 100, i);
	for (int i = 0; i < 3000; i += 7)
		n += (size_t)snprintf(buf + n, cap - n, "s%d o%d w\n", i % 100, i);
	assert_int_equal(lsmc_smack_rules_parse(buf, n, "many", LOAD, &set, NULL), 0);
	assert_int_equal(set->n_rules, 3000);
	assert_int_equal(set->duplicates, 429);
	assert_int_equal(lsmc_smack_rules_find(set, "s7", "o7")->access, LSMC_SMACK_WRITE);
	assert_int_equal(lsmc_smack_rules_find(set, "s8", "o8")->access, LSMC_SMACK_READ);
	text = round_trip(set, &len);
	free(text);
	lsmc_smack_rules_free(set);
	free(buf);
}

/* ---- CHANGE ---- */

static void test_change_format(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("# grant write, drop exec\n"
						"System Web w x\n"
						"System Web - rwxatlb\n"
						"Web System RA -\n",
						CHANGE);
	char *text;
	size_t len;

	assert_int_equal(set->format, LSMC_SMACK_FMT_CHANGE);
	assert_int_equal(set->n_rules, 3);
	/* each line edits the result of the one before: all are kept */
	assert_int_equal(set->duplicates, 1);
	assert_int_equal(set->first_duplicate_line, 3);
	assert_rule(&set->rules[0], "System", "Web", LSMC_SMACK_WRITE, LSMC_SMACK_EXEC, 2);
	assert_rule(&set->rules[1], "System", "Web", 0, LSMC_SMACK_ALL, 3);
	assert_rule(&set->rules[2], "Web", "System", LSMC_SMACK_READ | LSMC_SMACK_APPEND, 0, 4);
	assert_ptr_equal(lsmc_smack_rules_find(set, "System", "Web"), &set->rules[0]);
	text = round_trip(set, &len);
	assert_string_equal(text, "System Web w x\n"
				  "System Web - rwxatlb\n"
				  "Web System ra -\n");
	free(text);
	lsmc_smack_rules_free(set);
}

static void test_change_errors(void **state)
{
	parse_bad("a b r\n", CHANGE, 1, 6,
		  "expected 4 fields \"subject object allow deny\", found 3");
	parse_bad("a b r w x\n", CHANGE, 1, 9, "found 5; the first extra one is \"x\"");
	parse_bad("a b rq -\n", CHANGE, 1, 6, "allow \"rq\": 'q' is not an access letter");
	parse_bad("a b - wz\n", CHANGE, 1, 8, "deny \"wz\": 'z' is not an access letter");
	parse_bad("a b rw wx\n", CHANGE, 1, 8, "allow \"rw\" and deny \"wx\" both name w");
	parse_bad("a/b c r -\n", CHANGE, 1, 2, "'/' is not allowed");
	/* a LOAD line is not a CHANGE line and the other way round */
	parse_bad("a b r -\n", LOAD, 1, 7, "found 4");
}

/* ---- rendering ---- */

static void test_render_round_trip(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("  # header\n"
						"System\tWeb\tRWX  # trailing\n"
						"Web System r\n"
						"~!@$%^&*()_+ {}|:;<>,.?=` LbTaXwR\n"
						"a b ---\n",
						LOAD);
	char *text;
	size_t len;

	text = round_trip(set, &len);
	assert_string_equal(text, "System Web rwx\n"
				  "Web System r\n"
				  "~!@$%^&*()_+ {}|:;<>,.?=` rwxatlb\n"
				  "a b -\n");
	free(text);
	lsmc_smack_rules_free(set);
}

static void test_render_refuses_bad_set(void **state)
{
	char subject[] = "a/b", object[] = "c";
	struct lsmc_smack_rule rule = {subject, object, LSMC_SMACK_READ, 0, 1};
	struct lsmc_smack_rules set = {.format = LSMC_SMACK_FMT_LOAD, .rules = &rule, .n_rules = 1};
	char *text = NULL;
	size_t len = 0;

	assert_int_equal(lsmc_smack_rules_render(&set, &text, &len), -EINVAL);
	assert_null(text);
	/* a set the parser or lsmc_smack_rules_add() made had every label
	 * checked on the way in: only a set built by hand is checked here */
	assert_false(set.labels_checked);
	/* a deny mask has no place in a LOAD rule */
	memcpy(subject, "abc", 4);
	rule.deny = LSMC_SMACK_READ;
	assert_int_equal(lsmc_smack_rules_render(&set, &text, &len), -EINVAL);
	rule.deny = 0;
	assert_int_equal(lsmc_smack_rules_render(&set, &text, &len), 0);
	assert_string_equal(text, "abc c r\n");
	free(text);
}

/* ---- reading the kernel's listing ---- */

static void test_listing(void **state)
{
	/* as load2 prints it: only rules with some access, letters in rwxatlb order */
	static const char listing[] = "System Web rwx\n"
				      "_ #hash rl\n"
				      "Web System rb\n";
	struct lsmc_smack_rules *set = NULL;
	struct lsmc_smack_error err;
	const struct lsmc_smack_rule *r;
	char *text;
	size_t len;

	assert_int_equal(
		lsmc_smack_parse_listing(listing, sizeof(listing) - 1, "load2", &set, &err), 0);
	assert_int_equal(set->format, LSMC_SMACK_FMT_LOAD);
	assert_int_equal(set->n_rules, 3);
	/* no comments in a listing: '#' can begin a label */
	assert_rule(&set->rules[1], "_", "#hash", LSMC_SMACK_READ | LSMC_SMACK_LOCK, 0, 2);
	r = lsmc_smack_rules_find(set, "Web", "System");
	assert_rule(r, "Web", "System", LSMC_SMACK_READ | LSMC_SMACK_BRINGUP, 0, 3);
	/* a pair not listed has no access */
	assert_null(lsmc_smack_rules_find(set, "Web", "Floor"));
	assert_int_equal(lsmc_smack_rules_render(set, &text, &len), 0);
	assert_string_equal(text, listing);
	free(text);
	lsmc_smack_rules_free(set);

	/* empty listing */
	assert_int_equal(lsmc_smack_parse_listing("", 0, "load2", &set, &err), 0);
	assert_int_equal(set->n_rules, 0);
	lsmc_smack_rules_free(set);

	/* something that is not a listing */
	assert_int_equal(lsmc_smack_parse_listing("a b r # x\n", 10, "load-self2", &set, &err),
			 -EINVAL);
	assert_null(set);
	assert_string_equal(err.message, "load-self2:1:7: expected 3 fields \"subject object "
					 "access\", found 5; the first extra one is \"#\"");
}

struct visited {
	int n;
	unsigned last_access;
	char last_object[32];
};

static int visit_count(const char *subject, size_t slen, const char *object, size_t olen,
		       unsigned int access, void *arg)
{
	struct visited *v = arg;

	v->n++;
	v->last_access = access;
	snprintf(v->last_object, sizeof(v->last_object), "%.*s", (int)olen, object);
	return v->n == 2 ? -ECANCELED : 0; /* stop at the second rule */
}

static void test_visit_listing(void **state)
{
	static const char listing[] = "System Web rwx\n_ #hash rl\nWeb System rb\n";
	struct lsmc_smack_error err;
	struct visited v = {0};

	/* The walk sees the rules the parser would build, and stops when asked. */
	assert_int_equal(lsmc_smack_visit_listing(listing, sizeof(listing) - 1, "load2",
						  visit_count, &v, &err),
			 -ECANCELED);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.last_object, "#hash");
	assert_int_equal(v.last_access, LSMC_SMACK_READ | LSMC_SMACK_LOCK);
	memset(&v, 0, sizeof(v));
	assert_int_equal(
		lsmc_smack_visit_listing("a b r # x\n", 10, "load2", visit_count, &v, &err),
		-EINVAL);
	assert_int_equal(v.n, 0);
	assert_int_equal(lsmc_smack_visit_listing("a b r\n", 6, "load2", NULL, NULL, &err),
			 -EINVAL);
}

/* ---- the text a set keeps ---- */

/* The set's kept text is there and is exactly what rendering makes of it;
 * every rule's offset points at its own line. */
static void assert_text_is_render(const struct lsmc_smack_rules *set)
{
	const char *kept;
	char *rendered = NULL;
	size_t len = 0, rlen = 0;

	kept = lsmc_smack_rules_text(set, &len);
	assert_non_null(kept);
	assert_int_equal(lsmc_smack_rules_render(set, &rendered, &rlen), 0);
	assert_int_equal(len, rlen);
	assert_memory_equal(kept, rendered, len);
	assert_int_equal(kept[len], '\0');
	for (size_t i = 0; i < set->n_rules; i++) {
		const struct lsmc_smack_rule *r = &set->rules[i];
		size_t sl = strlen(r->subject), ol = strlen(r->object);

		assert_true(r->text_off + sl + ol + 2 < len);
		assert_true(r->text_off == 0 || kept[r->text_off - 1] == '\n');
		assert_memory_equal(kept + r->text_off, r->subject, sl);
		assert_int_equal(kept[r->text_off + sl], ' ');
		assert_memory_equal(kept + r->text_off + sl + 1, r->object, ol);
	}
	free(rendered);
}

static void test_text_kept_load(void **state)
{
	struct lsmc_smack_rules *set;
	size_t len;

	/* a duplicate with as many letters: replaced in place */
	set = parse_ok("A B rw\nC D r\nA B rx\n", LOAD);
	assert_text_is_render(set);
	assert_string_equal(lsmc_smack_rules_text(set, &len), "A B rx\nC D r\n");
	lsmc_smack_rules_free(set);

	/* with more or fewer letters: the text is built again once, at the end */
	set = parse_ok("A B rw\nC D r\nA B rwxa\nC D -\nE F rwxatlb\nA B r\n", LOAD);
	assert_false(set->text_stale);
	assert_text_is_render(set);
	assert_string_equal(lsmc_smack_rules_text(set, &len), "A B r\nC D -\nE F rwxatlb\n");

	/* a rule added after the parse goes on the end */
	assert_int_equal(lsmc_smack_rules_add(set, "G", "H", LSMC_SMACK_LOCK, 0, 0), 0);
	assert_text_is_render(set);
	/* same length in place, even after an addition */
	assert_int_equal(lsmc_smack_rules_add(set, "C", "D", LSMC_SMACK_WRITE, 0, 0), 0);
	assert_text_is_render(set);
	assert_string_equal(lsmc_smack_rules_text(set, &len), "A B r\nC D w\nE F rwxatlb\nG H l\n");
	/* another length: stale, so no text is handed out, until it is refreshed */
	assert_int_equal(lsmc_smack_rules_add(set, "E", "F", LSMC_SMACK_READ, 0, 0), 0);
	assert_true(set->text_stale);
	assert_null(lsmc_smack_rules_text(set, &len));
	assert_int_equal(lsmc_smack_rules_refresh_text(set), 0);
	assert_text_is_render(set);
	assert_string_equal(lsmc_smack_rules_text(set, &len), "A B r\nC D w\nE F r\nG H l\n");
	/* more rules after a refresh */
	assert_int_equal(lsmc_smack_rules_add(set, "I", "J", LSMC_SMACK_ALL, 0, 0), 0);
	assert_text_is_render(set);
	lsmc_smack_rules_free(set);
}

static void test_text_kept_change(void **state)
{
	struct lsmc_smack_rules *set = parse_ok("A B rw -\nC D - x\nA B r w\n", CHANGE);
	size_t len;

	/* every line of a change set stays, in order */
	assert_text_is_render(set);
	assert_string_equal(lsmc_smack_rules_text(set, &len), "A B rw -\nC D - x\nA B r w\n");
	assert_int_equal(lsmc_smack_rules_add(set, "A", "B", LSMC_SMACK_ALL, 0, 0), 0);
	assert_text_is_render(set);
	lsmc_smack_rules_free(set);
}

static void test_text_many_and_empty(void **state)
{
	struct lsmc_smack_rules *set = lsmc_smack_rules_new(LOAD);
	char s[300], o[32];
	size_t len = 1;

	/* an empty set has the empty text */
	assert_string_equal(lsmc_smack_rules_text(set, &len), "");
	assert_int_equal(len, 0);
	/* the text grows past its first allocation; labels up to 255 bytes */
	for (size_t i = 0; i < 3000; i++) {
		size_t n = 1 + i % 255;

		memset(s, 'a' + (int)(i % 26), n);
		snprintf(s + n - (n > 5 ? 5 : 0), 6, "%05zu", i % 100000);
		s[n] = '\0';
		snprintf(o, sizeof(o), "o%zu", i);
		if (lsmc_smack_label_check(s, strlen(s), NULL) == 0)
			assert_int_equal(lsmc_smack_rules_add(set, s, o, i % 128, 0, i + 1), 0);
	}
	assert_true(set->text_len > 4096);
	assert_text_is_render(set);
	lsmc_smack_rules_free(set);

	/* a set built by hand keeps no text: it is rendered */
	{
		char subject[] = "a", object[] = "b";
		struct lsmc_smack_rule rule = {subject, object, LSMC_SMACK_READ, 0, 1};
		struct lsmc_smack_rules hand = {
			.format = LSMC_SMACK_FMT_LOAD, .rules = &rule, .n_rules = 1};

		assert_null(lsmc_smack_rules_text(&hand, &len));
	}
}

/* ---- matching a listing: the lean path against the rule parser ---- */

#define NO_ACCESS 0xff

/* Feeds text in pieces of at most step bytes as a reader would: what is
 * not taken comes again with the next piece. */
static int feed_in_pieces(struct lsmc_smack_listing_match *m, const char *text, size_t len,
			  size_t step)
{
	char *buf = malloc(len + 1);
	size_t have = 0, pos = 0;
	long took;

	assert_non_null(buf);
	for (;;) {
		size_t n = len - pos < step ? len - pos : step;
		bool eof = n == 0;

		memcpy(buf + have, text + pos, n);
		pos += n;
		have += n;
		/* an exact-size copy: a read past the piece is caught by ASan */
		{
			char *piece = malloc(have ? have : 1);

			assert_non_null(piece);
			memcpy(piece, buf, have);
			took = lsmc_smack_listing_feed(m, piece, have, eof);
			free(piece);
		}
		if (took < 0) {
			free(buf);
			return (int)took;
		}
		assert_true((size_t)took <= have);
		memmove(buf, buf + took, have - (size_t)took);
		have -= (size_t)took;
		if (eof) {
			assert_int_equal(have, 0);
			break;
		}
	}
	free(buf);
	return 0;
}

/*
 * The listing through the rule parser, and through lsmc_smack_listing_feed()
 * whole and in pieces of every size: the same accesses for the same rules,
 * the same result, the same message.
 */
static int check_walk(const struct lsmc_smack_rules *set, const char *text, size_t len)
{
	uint8_t want[128], got[128];
	struct lsmc_smack_error ewant, egot;
	struct lsmc_smack_listing_match m = {.set = set, .access = want, .name = "load2"};
	int rwant, rgot;

	assert_true(set->n_rules <= sizeof(want));
	memset(want, NO_ACCESS, sizeof(want));
	rwant = lsmc_smack_visit_listing(text, len, "load2", lsmc_smack_listing_note, &m, &ewant);
	for (size_t step = 0; step <= len + 1 && step <= 80; step++) {
		struct lsmc_smack_listing_match lean = {
			.set = set, .access = got, .name = "load2", .err = &egot};

		memset(got, NO_ACCESS, sizeof(got));
		if (step == 0) {
			/* whole, with an exact-size copy */
			char *copy = malloc(len ? len : 1);
			long took;

			assert_non_null(copy);
			memcpy(copy, text, len);
			took = lsmc_smack_listing_feed(&lean, copy, len, true);
			free(copy);
			rgot = took < 0 ? (int)took : 0;
			if (took >= 0)
				assert_int_equal(took, len);
		} else {
			rgot = feed_in_pieces(&lean, text, len, step);
		}
		if (rgot != rwant)
			fail_msg("piece size %zu: %d, the parser %d", step, rgot, rwant);
		if (rwant < 0) {
			assert_string_equal(egot.message, ewant.message);
			continue;
		}
		if (memcmp(got, want, set->n_rules) != 0)
			fail_msg("piece size %zu: the lean walk saw other accesses", step);
	}
	return rwant;
}

/* The lines of text, last first; with stride > 1, every stride-th line
 * from the last, then the next round, and so on (a shuffle). */
static char *reversed_lines(const char *text, size_t len, size_t stride)
{
	const char *starts[4096];
	size_t n = 0, used = 0;
	char *out = malloc(len + 1);

	assert_non_null(out);
	for (size_t i = 0; i < len; i++)
		if (i == 0 || text[i - 1] == '\n') {
			assert_true(n < 4096);
			starts[n++] = text + i;
		}
	for (size_t round = 0; round < stride; round++)
		for (size_t k = n - round; k >= 1 && k <= n; k -= stride) {
			const char *nl =
				memchr(starts[k - 1], '\n', len - (size_t)(starts[k - 1] - text));
			size_t l = (size_t)(nl - starts[k - 1]) + 1;

			memcpy(out + used, starts[k - 1], l);
			used += l;
			if (k <= stride)
				break;
		}
	assert_int_equal(used, len);
	out[used] = '\0';
	return out;
}

static struct lsmc_smack_rules *walk_set(char *long_label)
{
	static const char *const labels[] = {"A",
					     "B",
					     "C",
					     "D",
					     "l7bytes",
					     "l8bytes_",
					     "l9bytes__",
					     "label15bytes___",
					     "label16bytes____",
					     "label17bytes_____",
					     "#x"};
	struct lsmc_smack_rules *set = lsmc_smack_rules_new(LOAD);
	size_t n = sizeof(labels) / sizeof(labels[0]);

	assert_non_null(set);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j += 3)
			assert_int_equal(lsmc_smack_rules_add(set, labels[i], labels[j],
							      (unsigned)(i + j) % 128, 0, 0),
					 0);
	memset(long_label, 'L', 255);
	long_label[255] = '\0';
	assert_int_equal(lsmc_smack_rules_add(set, long_label, "B", LSMC_SMACK_READ, 0, 0), 0);
	return set;
}

static void test_listing_lean_walk(void **state)
{
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		int result;
	} cases[] = {
		{"A B rwx\nC D r\n", 0, 0},
		{"A B rwx\nC D r", 0, 0},     /* no newline at the end */
		{"A B rwx\nC D", 0, -EINVAL}, /* cut inside a line */
		{"A B rwx junk\n", 0, -EINVAL},
		{"A B rwxq\n", 0, -EINVAL},
		{"A B rwx\nC D r \n", 0, 0}, /* a blank after the access */
		{"A\tB  rwx\n C D r\n", 0, 0},
		{"A B rwx\r\nC D r\r\n", 0, 0},
		{"\n\nA B rwx\n\n\nC D r\n\n", 0, 0},
		{"A B RwX\nC D -\nA D r-w\n", 0, 0},
		{"A B r\nA B w\n", 0, 0}, /* listed twice: the later line */
		{"#x A rl\nA #x b\n", 0, 0},
		{"l7bytes l8bytes_ r\nl8bytes_ l9bytes__ w\nl9bytes__ label15bytes___ x\n"
		 "label15bytes___ label16bytes____ a\nlabel16bytes____ label17bytes_____ t\n"
		 "label17bytes_____ l7bytes l\nlabel16bytes____ A b\n",
		 0, 0},
		{"A\x01 B r\nA B w\n", 0, 0}, /* a control byte is part of a label here */
		{"\xff\xfe B r\nA \x7f w\n", 0, 0},
		{"A B r\n\0\nC D r\n", 14, -EINVAL},
		{"A B\n", 0, -EINVAL},
		{"A B r w\n", 0, -EINVAL},
		{"A B \n", 0, -EINVAL},
		{"", 0, 0},
		{"\n", 0, 0},
	};
	char long_label[256], line[1200];
	struct lsmc_smack_rules *set = walk_set(long_label);
	size_t n;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);

			if (check_walk(set, cases[i].text, len) != cases[i].result)
				fail_msg("case %zu: not %d", i, cases[i].result);
		}
		/* a label of 255 bytes, one of 300 that no set holds, and a 300-byte
		 * label as the last thing in the listing */
		n = (size_t)snprintf(line, sizeof(line), "%s B rwx\n%s%s B r\nA B w\n%s%s",
				     long_label, long_label,
				     "0123456789012345678901234567890123456789"
				     "01234567890123456789",
				     long_label, long_label);
		assert_int_equal(check_walk(set, line, n), -EINVAL);
		line[n - 2 * 255 - 1] = '\0';
		assert_int_equal(check_walk(set, line, strlen(line)), 0);
		/* the set's own lines, as a listing shows them when the policy is
		 * loaded again: each line is the one the set has */
		{
			size_t tlen = 0;
			const char *kept = lsmc_smack_rules_text(set, &tlen);
			char *copy;

			if (pass == 0) {
				assert_non_null(kept);
				copy = strdup(kept);
				assert_non_null(copy);
				assert_int_equal(check_walk(set, copy, tlen), 0);
				/* without its last newline, and with one line's access changed */
				assert_int_equal(check_walk(set, copy, tlen - 1), 0);
				for (size_t k = 0; k + 1 < tlen; k++)
					if (copy[k] == ' ' && copy[k + 1] != '-' &&
					    copy[k + 2] == '\n')
						copy[k + 1] = copy[k + 1] == 'r' ? 'w' : 'r';
				assert_int_equal(check_walk(set, copy, tlen), 0);
				free(copy);
				/* in reverse, as Smack lists what it was given, and shuffled */
				copy = reversed_lines(kept, tlen, 1);
				assert_int_equal(check_walk(set, copy, tlen), 0);
				free(copy);
				copy = reversed_lines(kept, tlen, 7);
				assert_int_equal(check_walk(set, copy, tlen), 0);
				free(copy);
			}
		}
		/* the same with the set's text stale: labels compared one by one */
		if (pass == 0) {
			/* "A A" had "-": seven letters do not fit in its place */
			assert_int_equal(lsmc_smack_rules_add(set, "A", "A", LSMC_SMACK_ALL, 0, 0),
					 0);
			assert_true(set->text_stale);
		}
	}
	lsmc_smack_rules_free(set);
}

/*
 * The set's own lines in orders a listing may take: runs forward and back
 * (rules of one subject come back in reverse, subjects in any order), each
 * line twice, a line the set does not hold between neighbours, and the
 * lines of long labels. The lean walk follows the listing from neighbour
 * to neighbour; whatever the order, it must note what the parser notes.
 */
static void test_listing_lean_orders(void **state)
{
	char long_label[256], *out;
	struct lsmc_smack_rules *set = walk_set(long_label);
	size_t tlen = 0, n = 0, used = 0;
	const char *kept = lsmc_smack_rules_text(set, &tlen);
	const char *starts[128];
	size_t lens[128];

	assert_non_null(kept);
	for (size_t i = 0; i < tlen; i += lens[n++]) {
		assert_true(n < 128);
		starts[n] = kept + i;
		lens[n] = (size_t)((const char *)memchr(kept + i, '\n', tlen - i) - (kept + i)) + 1;
	}
	out = malloc(3 * tlen + 16 * n);
	assert_non_null(out);
	/* runs of five, forward and back by turns */
	for (size_t b = 0; b < n; b += 5)
		for (size_t k = 0; k < 5 && b + k < n; k++) {
			size_t i = (b / 5) % 2 ? (b + 5 < n ? b + 5 : n) - 1 - k : b + k;

			memcpy(out + used, starts[i], lens[i]);
			used += lens[i];
		}
	assert_int_equal(used, tlen);
	assert_int_equal(check_walk(set, out, used), 0);
	/* each line twice, last first */
	used = 0;
	for (size_t i = n; i-- > 0;)
		for (int twice = 0; twice < 2; twice++) {
			memcpy(out + used, starts[i], lens[i]);
			used += lens[i];
		}
	assert_int_equal(check_walk(set, out, used), 0);
	/* a pair the set does not hold after every line, and its access changed */
	used = 0;
	for (size_t i = n; i-- > 0;) {
		memcpy(out + used, starts[i], lens[i]);
		used += lens[i];
		used += (size_t)sprintf(out + used, "A Z%zu w\n", i);
	}
	assert_int_equal(check_walk(set, out, used), 0);
	free(out);
	lsmc_smack_rules_free(set);
}

/* The set's own line as the whole listing, with no byte after it: too
 * few to compare a word at a time, so the labels are compared. */
static void test_listing_lean_short_tail(void **state)
{
	struct lsmc_smack_rules *set = lsmc_smack_rules_new(LOAD);
	uint8_t access[2] = {NO_ACCESS, NO_ACCESS};
	struct lsmc_smack_listing_match m = {.set = set, .access = access, .name = "load2"};
	char *copy = malloc(6);

	assert_non_null(set);
	assert_non_null(copy);
	assert_int_equal(lsmc_smack_rules_add(set, "A", "B", LSMC_SMACK_READ, 0, 1), 0);
	assert_int_equal(lsmc_smack_rules_add(set, "A", "C", LSMC_SMACK_WRITE, 0, 2), 0);
	memcpy(copy, "A C r\n", 6);
	assert_int_equal(lsmc_smack_listing_feed(&m, copy, 6, true), 6);
	assert_int_equal(access[1], LSMC_SMACK_READ);
	memcpy(copy, "A B rw", 6);
	assert_int_equal(lsmc_smack_listing_feed(&m, copy, 6, true), 6);
	assert_int_equal(access[0], LSMC_SMACK_READ | LSMC_SMACK_WRITE);
	free(copy);
	lsmc_smack_rules_free(set);
}

/* A set with no rules matches nothing, and takes any listing the parser takes. */
static void test_listing_lean_empty_set(void **state)
{
	struct lsmc_smack_rules *set = lsmc_smack_rules_new(LOAD);
	struct lsmc_smack_listing_match m = {.set = set, .access = NULL, .name = "load2"};

	assert_int_equal(lsmc_smack_listing_feed(&m, "A B r\n", 6, true), 6);
	assert_int_equal(lsmc_smack_listing_feed(&m, "A B r q\n", 8, true), -EINVAL);
	lsmc_smack_rules_free(set);
}

/* ---- helpers ---- */

static void test_access_strings(void **state)
{
	char buf[LSMC_SMACK_ACCESS_BUF];
	unsigned int bits;
	size_t bad;

	assert_string_equal(lsmc_smack_access_to_string(0, buf), "-");
	assert_string_equal(lsmc_smack_access_to_string(LSMC_SMACK_ALL, buf), "rwxatlb");
	assert_string_equal(lsmc_smack_access_to_string(LSMC_SMACK_EXEC | LSMC_SMACK_BRINGUP, buf),
			    "xb");
	/* every combination goes there and back */
	for (unsigned int b = 0; b <= LSMC_SMACK_ALL; b++) {
		lsmc_smack_access_to_string(b, buf);
		assert_int_equal(lsmc_smack_access_from_string(buf, strlen(buf), &bits, NULL), 0);
		assert_int_equal(bits, b);
	}
	assert_int_equal(lsmc_smack_access_from_string("rWxAtLb-", 8, &bits, NULL), 0);
	assert_int_equal(bits, LSMC_SMACK_ALL);
	assert_int_equal(lsmc_smack_access_from_string("rwq", 3, &bits, &bad), -EINVAL);
	assert_int_equal(bad, 2);
	assert_int_equal(lsmc_smack_access_from_string("r w", 3, &bits, &bad), -EINVAL);
	assert_int_equal(bad, 1);
	/* the length bounds the string, not a NUL */
	assert_int_equal(lsmc_smack_access_from_string("rq", 1, &bits, &bad), 0);
	assert_int_equal(bits, LSMC_SMACK_READ);
}

static void test_label_check(void **state)
{
	char big[257];
	const char *why = NULL;

	assert_int_equal(lsmc_smack_label_check("System", 6, &why), 0);
	assert_null(why);
	assert_int_equal(lsmc_smack_label_check("_", 1, NULL), 0);
	assert_int_equal(lsmc_smack_label_check("", 0, &why), -EINVAL);
	assert_string_equal(why, "a label must not be empty");
	assert_int_equal(lsmc_smack_label_check("-x", 2, &why), -EINVAL);
	assert_string_equal(why, "a label must not begin with '-'");
	assert_int_equal(lsmc_smack_label_check("Sl/ash", 6, &why), -EINVAL);
	assert_string_equal(why, "a label must not contain / \" \\ or '");
	assert_int_equal(lsmc_smack_label_check("a b", 3, &why), -EINVAL);
	assert_string_equal(why, "a label must contain only printable ASCII, without spaces");
	assert_int_equal(lsmc_smack_label_check("a\0b", 3, &why), -EINVAL);
	memset(big, 'x', sizeof(big));
	assert_int_equal(lsmc_smack_label_check(big, 255, &why), 0);
	assert_int_equal(lsmc_smack_label_check(big, 256, &why), -EINVAL);
	assert_string_equal(why, "a label must not be longer than 255 bytes");
	/* a label may contain '#' and start with it */
	assert_int_equal(lsmc_smack_label_check("#x#", 3, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_load),
		cmocka_unit_test(test_comments_blank_whitespace),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_access_case_and_dash),
		cmocka_unit_test(test_label_255_ok),
		cmocka_unit_test(test_bad_slash_in_label),
		cmocka_unit_test(test_bad_bytes_in_label),
		cmocka_unit_test(test_bad_access_rq),
		cmocka_unit_test(test_bad_access_qr),
		cmocka_unit_test(test_bad_label_256),
		cmocka_unit_test(test_bad_dash_label),
		cmocka_unit_test(test_bad_field_counts),
		cmocka_unit_test(test_bad_nul_byte),
		cmocka_unit_test(test_bad_empty_access),
		cmocka_unit_test(test_message_format),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_duplicates_load),
		cmocka_unit_test(test_many_rules),
		cmocka_unit_test(test_change_format),
		cmocka_unit_test(test_change_errors),
		cmocka_unit_test(test_render_round_trip),
		cmocka_unit_test(test_render_refuses_bad_set),
		cmocka_unit_test(test_listing),
		cmocka_unit_test(test_visit_listing),
		cmocka_unit_test(test_text_kept_load),
		cmocka_unit_test(test_text_kept_change),
		cmocka_unit_test(test_text_many_and_empty),
		cmocka_unit_test(test_listing_lean_walk),
		cmocka_unit_test(test_listing_lean_orders),
		cmocka_unit_test(test_listing_lean_short_tail),
		cmocka_unit_test(test_listing_lean_empty_set),
		cmocka_unit_test(test_access_strings),
		cmocka_unit_test(test_label_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

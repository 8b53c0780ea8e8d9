/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Arbitrary bytes through the Smack rule parser in all three modes (LOAD,
 * CHANGE, kernel listing). Whatever is accepted must
 *  - render to text that parses back to the same rules and renders to the
 *    same bytes again, and
 *  - reach the kernel unchanged: the rendered text is read the way smackfs
 *    reads a write (fields split at whitespace, a label cut at the first
 *    byte Smack stops at, an access string cut at the first unknown
 *    letter), and every field must come out whole. A difference is exactly
 *    the silent rewrite the parser exists to prevent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/smack-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *text, size_t len)
{
	fprintf(stderr, "fuzz-smack-rules: %s\n--- text (%zu bytes) ---\n%.*s\n---\n", what, len,
		(int)len, text);
	abort();
}

static int kernel_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* How many bytes of a field Smack keeps as a label. */
static size_t kernel_label_len(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] > ' ' && s[i] <= '~' && s[i] != '/' && s[i] != '"' && s[i] != '\\' &&
	       s[i] != '\'')
		i++;
	return i;
}

/* How many bytes of a field Smack reads as access letters. */
static size_t kernel_access_len(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] && strchr("rwxatlbRWXATLB-", s[i]))
		i++;
	return i;
}

/* Reads text as smackfs would and checks that nothing is cut. */
static void check_kernel_view(const struct lsmc_smack_rules *set, const char *text, size_t len)
{
	size_t fields = set->format == LSMC_SMACK_FMT_CHANGE ? 4 : 3;
	size_t pos = 0, rule = 0;

	for (;;) {
		const char *f[4];
		size_t flen[4];

		for (size_t i = 0; i < fields; i++) {
			while (pos < len && kernel_space(text[pos]))
				pos++;
			if (pos == len) {
				if (i != 0)
					die("rendered text ends inside a rule", text, len);
				if (rule != set->n_rules)
					die("rendered text has fewer rules than the set", text,
					    len);
				return;
			}
			f[i] = text + pos;
			while (pos < len && !kernel_space(text[pos]))
				pos++;
			flen[i] = (size_t)(text + pos - f[i]);
		}
		if (rule >= set->n_rules)
			die("rendered text has more rules than the set", text, len);
		if (f[0][0] == '-' || f[1][0] == '-' || flen[0] > LSMC_SMACK_LABEL_MAX ||
		    flen[1] > LSMC_SMACK_LABEL_MAX || kernel_label_len(f[0], flen[0]) != flen[0] ||
		    kernel_label_len(f[1], flen[1]) != flen[1])
			die("the kernel would change or refuse a label", text, len);
		for (size_t i = 2; i < fields; i++)
			if (kernel_access_len(f[i], flen[i]) != flen[i])
				die("the kernel would cut an access string", text, len);
		if (flen[0] != strlen(set->rules[rule].subject) ||
		    memcmp(f[0], set->rules[rule].subject, flen[0]) != 0 ||
		    flen[1] != strlen(set->rules[rule].object) ||
		    memcmp(f[1], set->rules[rule].object, flen[1]) != 0)
			die("rendered labels differ from the rule set", text, len);
		rule++;
	}
}

/*
 * The input as a kernel listing, matched against set by the rule parser and
 * by lsmc_smack_listing_feed() in pieces: the same result, the same access
 * for every rule, the same message.
 */
static void check_lean_walk(const struct lsmc_smack_rules *set, const char *input, size_t size)
{
	size_t n = set->n_rules ? set->n_rules : 1;
	uint8_t *want = malloc(n), *got = malloc(n);
	struct lsmc_smack_error ewant, egot;
	struct lsmc_smack_listing_match m = {.set = set, .access = want, .name = "fuzz"};
	struct lsmc_smack_listing_match lean = {
		.set = set, .access = got, .name = "fuzz", .err = &egot};
	size_t step = 1 + (size ? (unsigned char)input[0] % 64 : 0), done = 0, have = 0;
	char *buf = malloc(size + 1);
	int rwant, rgot = 0;

	if (!want || !got || !buf)
		abort();
	memset(want, 0xee, n);
	memset(got, 0xee, n);
	rwant = lsmc_smack_visit_listing(input, size, "fuzz", lsmc_smack_listing_note, &m, &ewant);
	for (;;) {
		size_t k = size - done < step ? size - done : step;
		long took;

		memcpy(buf + have, input + done, k);
		done += k;
		have += k;
		took = lsmc_smack_listing_feed(&lean, buf, have, k == 0);
		if (took < 0) {
			rgot = (int)took;
			break;
		}
		memmove(buf, buf + took, have - (size_t)took);
		have -= (size_t)took;
		if (k == 0) {
			if (have)
				die("the lean walk left bytes at the end", input, size);
			break;
		}
	}
	if (rgot != rwant)
		die("the lean walk and the rule parser disagree on the listing", input, size);
	if (rwant < 0 && strcmp(ewant.message, egot.message) != 0)
		die("the lean walk gives another message", input, size);
	if (rwant == 0 && memcmp(want, got, set->n_rules) != 0)
		die("the lean walk matched other accesses", input, size);
	free(buf);
	free(want);
	free(got);
}

static int parse_mode(int mode, const char *text, size_t len, struct lsmc_smack_rules **out,
		      struct lsmc_smack_error *err)
{
	if (mode == 0)
		return lsmc_smack_parse_listing(text, len, "fuzz", out, err);
	return lsmc_smack_rules_parse(text, len, "fuzz",
				      mode == 1 ? LSMC_SMACK_FMT_LOAD : LSMC_SMACK_FMT_CHANGE, out,
				      err);
}

static void one_mode(int mode, const char *input, size_t size)
{
	struct lsmc_smack_rules *set = NULL, *again = NULL;
	struct lsmc_smack_error err;
	char *text = NULL, *text2 = NULL;
	size_t len = 0, len2 = 0;
	int r;

	r = parse_mode(mode, input, size, &set, &err);
	if (mode == 0) {
		/* against the pairs it lists, or none when it is no listing */
		struct lsmc_smack_rules *none = lsmc_smack_rules_new(LSMC_SMACK_FMT_LOAD);

		if (!none)
			abort();
		check_lean_walk(r == 0 ? set : none, input, size);
		lsmc_smack_rules_free(none);
	}
	if (r < 0) {
		if (set)
			die("an error left a rule set behind", input, size);
		if (err.message[0] == '\0')
			die("an error without a message", input, size);
		return;
	}
	for (size_t i = 0; i < set->n_rules; i++) {
		const struct lsmc_smack_rule *rule = &set->rules[i];

		if (lsmc_smack_label_check(rule->subject, strlen(rule->subject), NULL) < 0 ||
		    lsmc_smack_label_check(rule->object, strlen(rule->object), NULL) < 0)
			die("an accepted rule has an invalid label", input, size);
		if (lsmc_smack_rules_find(set, rule->subject, rule->object) == NULL)
			die("an accepted rule cannot be found", input, size);
	}

	if (lsmc_smack_rules_render(set, &text, &len) < 0)
		die("an accepted rule set does not render", input, size);
	{
		size_t klen;
		const char *kept = lsmc_smack_rules_text(set, &klen);

		if (!kept || klen != len || memcmp(kept, text, len) != 0)
			die("the text the set keeps is not what rendering makes", input, size);
	}
	check_kernel_view(set, text, len);

	if (parse_mode(mode, text, len, &again, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		die("rendered text does not parse", text, len);
	}
	if (!lsmc_smack_rules_equal(set, again))
		die("rendered text parses to different rules", text, len);
	if (again->duplicates != 0 && set->format == LSMC_SMACK_FMT_LOAD)
		die("rendered LOAD text repeats a pair", text, len);
	if (lsmc_smack_rules_render(again, &text2, &len2) < 0 || len2 != len ||
	    memcmp(text, text2, len) != 0)
		die("rendering is not stable", text, len);

	free(text);
	free(text2);
	lsmc_smack_rules_free(again);
	lsmc_smack_rules_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int mode = 0; mode < 3; mode++)
		one_mode(mode, (const char *)data, size);
	return 0;
}

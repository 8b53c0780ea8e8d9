/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Instructions of the Smack listing matcher alone, per listed rule: a set
 * of N rules, and the listing the kernel would show, fed to
 * lsmc_smack_listing_feed() through a 64 kB buffer as the library's reader
 * feeds it (lsmc_fs_read_each()). Run under valgrind --tool=callgrind
 * --toggle-collect=lsmc_smack_listing_feed (bench/listing.sh).
 *
 * usage: lsmc-bench-listing reload|changed|shuffled|unknown N
 *   reload:   the set was loaded before, as it is: each line is the set's own
 *   changed:  the same pairs loaded before with access "r" (the set has "rwxa")
 *   shuffled: the same rules loaded before in another order (every 7919th)
 *   unknown:  the listing holds N rules of labels the set does not name
 * The rules are those of lsmc-bench-model: N rules over sqrt(N) subjects
 * and objects, "bench-sNNNN bench-oNNNN rwxa".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/smack-rules.h"

struct listed {
	size_t subject; /* the subject label's age: its rule's index when first named */
	size_t seq;	/* the rule's own index */
	char line[80];
};

/* Rule k of a text of n rules, in the order rule k * stride mod n. */
static size_t rule_at(size_t k, size_t n, size_t stride)
{
	if (stride == 0 || n % stride == 0)
		stride = 1;
	return (size_t)(((unsigned long long)k * stride) % n);
}

static size_t side_of(size_t n)
{
	size_t side = 1;

	while (side * side < n)
		side++;
	return side;
}

/* Newest subject label first, each subject's newest rule first (Smack's order). */
static int by_listing(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->subject != y->subject)
		return x->subject < y->subject ? 1 : -1;
	return (x->seq < y->seq) - (x->seq > y->seq);
}

/* The listing after rules were loaded in stride order, with labels of prefix. */
static char *listing(size_t n, const char *prefix, const char *access, size_t stride, size_t *len)
{
	size_t side = side_of(n), off = 0;
	size_t *first = malloc((side + 1) * sizeof(*first));
	struct listed *v = calloc(n ? n : 1, sizeof(*v));
	char *out = malloc(n * 80 + 1);

	if (!first || !v || !out)
		abort();
	for (size_t s = 0; s <= side; s++)
		first[s] = SIZE_MAX;
	for (size_t k = 0; k < n; k++) {
		size_t i = rule_at(k, n, stride), s = i / side;

		if (first[s] == SIZE_MAX)
			first[s] = k;
		v[k].subject = first[s];
		v[k].seq = k;
		snprintf(v[k].line, sizeof(v[k].line), "%s-s%04zu %s-o%04zu %s\n", prefix, s,
			 prefix, i % side, access);
	}
	qsort(v, n, sizeof(*v), by_listing);
	for (size_t k = 0; k < n; k++) {
		size_t l = strlen(v[k].line);

		memcpy(out + off, v[k].line, l);
		off += l;
	}
	free(first);
	free(v);
	*len = off;
	return out;
}

static struct lsmc_smack_rules *rule_set(size_t n)
{
	struct lsmc_smack_rules *set = NULL;
	size_t side = side_of(n), off = 0;
	char *text = malloc(n * 64 + 1);

	if (!text)
		abort();
	for (size_t i = 0; i < n; i++)
		off += (size_t)sprintf(text + off, "bench-s%04zu bench-o%04zu rwxa\n", i / side,
				       i % side);
	if (lsmc_smack_rules_parse(text, off, "bench", LSMC_SMACK_FMT_LOAD, &set, NULL) < 0)
		abort();
	free(text);
	return set;
}

/* Feeds the listing as lsmc_fs_read_each() does: reads of up to 64 kB,
 * what a feed leaves comes again at the front of the next one. */
static int feed(struct lsmc_smack_listing_match *m, const char *text, size_t len)
{
	size_t cap = 65536, have = 0, pos = 0;
	char *buf = malloc(cap);

	if (!buf)
		abort();
	for (;;) {
		size_t n = len - pos < cap - have ? len - pos : cap - have;
		long took;

		memcpy(buf + have, text + pos, n);
		pos += n;
		have += n;
		took = lsmc_smack_listing_feed(m, buf, have, n == 0);
		if (took < 0 || (size_t)took > have) {
			free(buf);
			return -1;
		}
		have -= (size_t)took;
		if (n == 0)
			break;
		memmove(buf, buf + took, have);
	}
	free(buf);
	return have ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 3 ? argv[1] : "";
	size_t n = argc == 3 ? strtoul(argv[2], NULL, 10) : 0, len = 0, matched = 0;
	struct lsmc_smack_rules *set;
	struct lsmc_smack_listing_match m = {.name = "load2"};
	char *text;

	if (strcmp(mode, "reload") == 0)
		text = listing(n, "bench", "rwxa", 1, &len);
	else if (strcmp(mode, "changed") == 0)
		text = listing(n, "bench", "r", 1, &len);
	else if (strcmp(mode, "shuffled") == 0)
		text = listing(n, "bench", "rwxa", 7919, &len);
	else if (strcmp(mode, "unknown") == 0)
		text = listing(n, "other", "rwxa", 1, &len);
	else {
		fprintf(stderr, "usage: lsmc-bench-listing reload|changed|shuffled|unknown N\n");
		return 2;
	}
	set = rule_set(n);
	m.set = set;
	m.access = malloc(n ? n : 1);
	if (!m.access)
		abort();
	memset(m.access, 0xff, n);
	if (feed(&m, text, len) < 0) {
		fprintf(stderr, "the listing was refused\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		matched += m.access[i] != 0xff;
	printf("rules=%zu bytes=%zu matched=%zu\n", n, len, matched);
	free(m.access);
	free(text);
	lsmc_smack_rules_free(set);
	return 0;
}

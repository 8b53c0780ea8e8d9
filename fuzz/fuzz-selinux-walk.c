/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Arbitrary bytes through the whole-policy walk. The sanitizers catch any
 * read past the buffer; the rest checks the documented contract: a listed
 * error with a message, or a policy whose header the header check also
 * takes and whose end is where the walk of its own bytes ends again.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/selinux-policy.h"
#include "format/selinux-walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, int r, const char *why)
{
	fprintf(stderr, "fuzz-selinux-walk: %s (result %d, message \"%s\")\n", what, r, why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256];
	size_t end = 0, end2 = 0;
	int r;

	memset(why, 'X', sizeof(why));
	r = lsmc_selinux_policy_walk(data, size, &end, why, sizeof(why));
	if (!memchr(why, '\0', sizeof(why)))
		die("message not terminated", r, "");
	if (r == 0) {
		if (why[0])
			die("message on success", r, why);
		if (end < 32 || end > size)
			die("end outside the buffer", r, why);
		if (lsmc_selinux_policy_inspect(data, size, NULL, NULL, 0) != 0)
			die("the header check refuses what the walk takes", r, why);
		/* The kernel ignores what follows the end: so must the walk. */
		if (lsmc_selinux_policy_walk(data, end, &end2, why, sizeof(why)) != 0 ||
		    end2 != end)
			die("the policy alone does not walk to the same end", r, why);
		if (lsmc_selinux_policy_walk(data, end - 1, NULL, why, sizeof(why)) != -EINVAL)
			die("one byte short is not refused", r, why);
	} else {
		if (r != -EINVAL && r != -EOPNOTSUPP && r != -ENOMEM)
			die("undocumented error", r, why);
		if (!why[0])
			die("error without a message", r, why);
	}
	if (lsmc_selinux_policy_walk(data, size, NULL, why, 0) != r)
		die("result depends on the out-parameters", r, why);
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Arbitrary bytes through the AppArmor blob inspector. Besides the
 * sanitizers' checks (no read past the buffer, no leak), the result must
 * keep the documented contract: one of the listed errors with a message,
 * or success with every profile name present and the list NULL-terminated.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/apparmor-blob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, int r, const char *why)
{
	fprintf(stderr, "fuzz-apparmor-blob: %s (result %d, message \"%s\")\n", what, r, why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lsmc_aa_blob_info info;
	char why[256];
	int r;

	memset(why, 'X', sizeof(why));
	r = lsmc_aa_blob_inspect(data, size, &info, why, sizeof(why));
	if (!memchr(why, '\0', sizeof(why)))
		die("message not terminated", r, "");
	if (r == 0) {
		if (why[0])
			die("message on success", r, why);
		if (info.n_profiles == 0 || info.n_profiles > LSMC_AA_MAX_PROFILES || !info.names ||
		    info.names[info.n_profiles])
			die("bad profile list", r, why);
		for (size_t i = 0; i < info.n_profiles; i++)
			if (!info.names[i] || !info.names[i][0])
				die("empty profile name", r, why);
		if (info.abi < LSMC_AA_ABI_MIN || info.abi > LSMC_AA_ABI_MAX ||
		    info.abi_min > info.abi_max || info.n_headers == 0)
			die("bad version summary", r, why);
		lsmc_aa_blob_info_free(&info);
	} else {
		if (r != -EINVAL && r != -ENOEXEC && r != -EPROTONOSUPPORT && r != -EPROTO &&
		    r != -E2BIG && r != -ENOMEM)
			die("undocumented error", r, why);
		if (!why[0])
			die("error without a message", r, why);
		if (info.names || info.ns || info.n_profiles)
			die("info not left empty on failure", r, why);
	}

	/* Validation alone, with no room for a message, must agree. */
	if (lsmc_aa_blob_inspect(data, size, NULL, NULL, 0) != r)
		die("result depends on the out-parameters", r, why);
	return 0;
}

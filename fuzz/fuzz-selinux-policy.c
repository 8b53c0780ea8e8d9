/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Arbitrary bytes through the SELinux policy header inspector and the
 * version check. The sanitizers catch any read past the buffer; the rest
 * checks the documented contract: a listed error with a message, or a
 * header whose fields are within the ranges the inspector promises.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/selinux-policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, int r, const char *why)
{
	fprintf(stderr, "fuzz-selinux-policy: %s (result %d, message \"%s\")\n", what, r, why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lsmc_selinux_policy_info info;
	char why[256];
	int r, v;

	memset(why, 'X', sizeof(why));
	r = lsmc_selinux_policy_inspect(data, size, &info, why, sizeof(why));
	if (!memchr(why, '\0', sizeof(why)))
		die("message not terminated", r, "");
	if (r == 0) {
		if (why[0])
			die("message on success", r, why);
		if (info.magic != LSMC_SELINUX_MAGIC || info.version < LSMC_SELINUX_VERSION_MIN ||
		    info.version > LSMC_SELINUX_VERSION_SANE_MAX || info.checked_len < 32 ||
		    info.checked_len >= size)
			die("bad header summary", r, why);
		if (info.mls != !!(info.config & LSMC_SELINUX_CONFIG_MLS))
			die("MLS flag disagrees with config", r, why);

		/* The version check against a kernel version taken from the input. */
		uint32_t kernel = size ? data[size - 1] : 0;

		v = lsmc_selinux_check_version(info.version, kernel, why, sizeof(why));
		if (v == 0 && kernel && info.version > kernel)
			die("too-new version accepted", v, why);
		if (v != 0 && v != -EPROTONOSUPPORT)
			die("undocumented version error", v, why);
	} else {
		if (r != -EINVAL && r != -EPROTO)
			die("undocumented error", r, why);
		if (!why[0])
			die("error without a message", r, why);
	}

	if (lsmc_selinux_policy_inspect(data, size, NULL, NULL, 0) != r)
		die("result depends on the out-parameters", r, why);
	return 0;
}

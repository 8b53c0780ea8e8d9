/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Offline inspection of a compiled AppArmor policy blob (apparmor_parser
 * output, the bytes written to .replace or passed to the policy syscall).
 * Nothing here touches the kernel: the point is to refuse, with a useful
 * message, a buffer the kernel would reject anyway (text source, garbage,
 * truncated file), and to learn which profiles a blob will load.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds on what the inspector accepts; a blob beyond them is refused. */
#define LSMC_AA_MAX_PROFILES 100000u
#define LSMC_AA_MAX_DEPTH    32u

/* The kernel's split of the header's version word (policy_unpack.c). */
#define LSMC_AA_ABI_MASK       0x3ffu
#define LSMC_AA_FORCE_COMPLAIN 0x800u
#define LSMC_AA_ABI_MIN	       5u /* oldest format a kernel accepts */
#define LSMC_AA_ABI_MAX	       9u /* newest format mainline knows; Linux 6.1 stops at 8 */

struct lsmc_aa_blob_info {
	size_t n_profiles;
	/* n_profiles names exactly as in the blob ("name", "parent//hat",
	 * ":ns:name"), followed by a NULL entry. */
	char **names;
	/* The header's "namespace" string, NULL when the blob names none. */
	char *ns;
	/* A later header named a different namespace; the kernel keeps the
	 * first one and only logs the change. */
	bool ns_mixed;
	uint32_t version;    /* raw version word of the first header */
	uint32_t abi;	     /* version & LSMC_AA_ABI_MASK */
	bool force_complain; /* LSMC_AA_FORCE_COMPLAIN set in the first header */
	uint32_t abi_min;    /* lowest and highest ABI over every header */
	uint32_t abi_max;
	uint32_t abi_seen; /* bit N set: a header is format vN */
	size_t n_headers;  /* headers seen (a header is optional after the first) */
};

/*
 * Check that buf holds binary AppArmor policy and walk every profile in it.
 * info may be NULL (validation only); on success it must later be released
 * with lsmc_aa_blob_info_free(). why, when non-NULL, receives a one-line
 * reason on failure and "" on success.
 *
 * Returns 0, or:
 *   -EINVAL           empty buffer (or NULL with a length)
 *   -ENOEXEC          text, e.g. profile source: it needs apparmor_parser first
 *   -EPROTONOSUPPORT  no AppArmor header, or a format version outside 5..9
 *                     (what the kernel answers for garbage)
 *   -EPROTO           truncated or malformed after a valid header (what the
 *                     kernel answers for a truncated blob)
 *   -E2BIG            more than LSMC_AA_MAX_PROFILES profiles, or nesting
 *                     deeper than LSMC_AA_MAX_DEPTH
 *   -ENOMEM
 * On failure info is left empty (nothing to free, though freeing is harmless).
 */
int lsmc_aa_blob_inspect(const void *buf, size_t len, struct lsmc_aa_blob_info *info, char *why,
			 size_t whylen);

/* Release what lsmc_aa_blob_inspect() allocated and zero *info; NULL is fine. */
void lsmc_aa_blob_info_free(struct lsmc_aa_blob_info *info);

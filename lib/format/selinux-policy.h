/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Offline inspection of a binary SELinux kernel policy (policy.NN, the
 * bytes written to /sys/fs/selinux/load). Only the header is checked, the
 * way the kernel's policydb_read() begins, plus the two bitmaps that follow
 * it; the symbol tables after that need a full parser and are left to the
 * kernel. Nothing here touches the kernel.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LSMC_SELINUX_MAGIC	   0xf97cff8cu /* kernel policy */
#define LSMC_SELINUX_MOD_MAGIC	   0xf97cff8du /* checkmodule -m output */
#define LSMC_SELINUX_PACKAGE_MAGIC 0xf97cff8fu /* semodule_package output (.pp) */

/* Policy versions: 15 is the oldest any kernel reads; 35 the newest this
 * library knows the layout of (Linux 6.1 writes and reads up to 33). */
#define LSMC_SELINUX_VERSION_MIN       15u
#define LSMC_SELINUX_VERSION_KNOWN_MAX 35u
/* Beyond this a "version" is taken for garbage rather than a future format. */
#define LSMC_SELINUX_VERSION_SANE_MAX 255u

#define LSMC_SELINUX_CONFIG_MLS		   0x1u
#define LSMC_SELINUX_CONFIG_REJECT_UNKNOWN 0x2u
#define LSMC_SELINUX_CONFIG_ALLOW_UNKNOWN  0x4u

enum lsmc_selinux_unknown {
	LSMC_SELINUX_UNKNOWN_DENY = 0,	 /* classes/permissions the policy lacks are denied */
	LSMC_SELINUX_UNKNOWN_REJECT = 1, /* the kernel refuses the policy */
	LSMC_SELINUX_UNKNOWN_ALLOW = 2,	 /* they are allowed (checkpolicy -U allow) */
};

struct lsmc_selinux_policy_info {
	uint32_t magic;	  /* first word, set whenever 4 bytes exist (also on failure) */
	uint32_t version; /* policy version, e.g. 33 */
	uint32_t config;  /* raw config word */
	bool mls;	  /* config & LSMC_SELINUX_CONFIG_MLS */
	enum lsmc_selinux_unknown handle_unknown;
	uint32_t sym_num;      /* symbol table count, checked against the version */
	uint32_t ocon_num;     /* object context count, checked against the version */
	bool version_known;    /* version <= LSMC_SELINUX_VERSION_KNOWN_MAX: counts were checked */
	bool has_polcaps;      /* version >= 22: the capability bitmap was read */
	uint64_t polcaps;      /* policy capabilities 0..63 (bit n = capability n) */
	uint32_t n_permissive; /* types marked permissive (version >= 23) */
	size_t checked_len;    /* bytes from the start that were validated */
};

/*
 * Check the header of a binary kernel policy. info may be NULL; why, when
 * non-NULL, receives a one-line reason on failure and "" on success.
 *
 * Returns 0, or:
 *   -EINVAL  empty, garbage, wrong magic (a module or module package has
 *            its own message), wrong id string, version below 15 or not
 *            plausible, MLS flag on a version without MLS, counts that do
 *            not match the version, malformed bitmap (what the kernel says
 *            for all of these)
 *   -EPROTO  the buffer ends inside the part checked here
 * A version newer than the kernel's is not an error here; see
 * lsmc_selinux_check_version().
 */
int lsmc_selinux_policy_inspect(const void *buf, size_t len, struct lsmc_selinux_policy_info *info,
				char *why, size_t whylen);

/*
 * Refuse a policy the running kernel cannot read: kernel_policyvers is the
 * number in /sys/fs/selinux/policyvers (0 when unknown: nothing to compare).
 * Returns 0, -EINVAL for a version below 15, or -EPROTONOSUPPORT (chosen to
 * match "format version not supported", and distinct from the -EINVAL of a
 * damaged policy) when policy_version > kernel_policyvers.
 */
int lsmc_selinux_check_version(uint32_t policy_version, uint32_t kernel_policyvers, char *why,
			       size_t whylen);

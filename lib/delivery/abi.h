/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Revisions of the proposed policy syscalls, as data (kernel-abi §1-§4 for
 * v6, §9 for the unified rework). Everything that differs between them is a
 * field here; only lib/delivery/abi.c (the tables) and lib/delivery/backend-syscall.c (which
 * reads them) know which revision is which. A new revision is a new table.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "delivery/uapi.h"

/* The calls a revision enters; each has its own number (lsmc_nr). */
enum lsmc_abi_entry {
	LSMC_ENTRY_SELF_POLICY,	  /* v6 lsm_config_self_policy */
	LSMC_ENTRY_SYSTEM_POLICY, /* v6 lsm_config_system_policy */
	LSMC_ENTRY_CONFIG_POLICY, /* unified lsm_config_policy */
};

/* The operations a request can need. */
enum lsmc_abi_op {
	LSMC_ABI_LOAD,
	LSMC_ABI_REPLACE,
	LSMC_ABI_REMOVE,
	LSMC_ABI_OP_COUNT,
};

/* What AppArmor's self call takes. */
enum lsmc_abi_aa_self {
	LSMC_AA_SELF_NAME, /* a profile name to stack (v6) */
	LSMC_AA_SELF_BLOB, /* compiled policy for a transient namespace (unified) */
};

struct lsmc_abi {
	const char *name; /* "v6", "unified" */
	/* Per scope (LSMC_SCOPE_SYSTEM, LSMC_SCOPE_SELF): the call, its name
	 * for messages, and the common_flags that select the scope. */
	enum lsmc_abi_entry entry[2];
	const char *entry_name[2];
	uint32_t common_flags[2];
	/* Operation codes; -1 when the revision does not offer one. */
	long op[LSMC_ABI_OP_COUNT];
	/* LOAD replaces a loaded profile (v6) or fails with EEXIST (unified). */
	bool load_replaces;
	/*
	 * The probe: an operation and size every LSM with the hook refuses
	 * after the framework's checks and before reading anything, the
	 * errno it answers then, and the errno of a framework that found no
	 * hook for the LSM ("not supported here", design §5).
	 */
	uint32_t probe_op;
	int probe_hook_errno;
	int nohook_errno;
	/* AppArmor */
	enum lsmc_abi_aa_self aa_self;
	uint32_t aa_max;	/* bytes of a load or replace payload */
	uint32_t aa_remove_max; /* bytes of a remove payload "<ns>\0<name>", 0: none */
	bool aa_ns_from_root;	/* "<ns>" counts from the root namespace, not the caller's */
};

extern const struct lsmc_abi lsmc_abi_v6;
extern const struct lsmc_abi lsmc_abi_unified;
/* The revision this build speaks (meson option lsm_config_abi). */
extern const struct lsmc_abi *const lsmc_abi_default;

/* For lsmc_features(): the revision, and whether the build knows the
 * numbers of every call it enters (syscall-nr.h). */
#if LSMC_ABI_UNIFIED
#define LSMC_ABI_FEATURE     "ABI=unified"
#define LSMC_ABI_HAS_NUMBERS (LSMC_NR_CONFIG_POLICY >= 0)
#else
#define LSMC_ABI_FEATURE     "ABI=v6"
#define LSMC_ABI_HAS_NUMBERS (LSMC_NR_SELF_POLICY >= 0 && LSMC_NR_SYSTEM_POLICY >= 0)
#endif

/* The policy syscalls this revision enters, for lsmctl status to name:
 * which scopes each one carries, and its number in this build (-1: none). */
struct lsmc_abi_call {
	const char *name;
	long nr;
	bool self;
	bool system;
};
#if LSMC_ABI_UNIFIED
#define LSMC_ABI_ENTRIES                                                                           \
	{                                                                                          \
		{                                                                                  \
			"lsm_config_policy", LSMC_NR_CONFIG_POLICY, true, true                     \
		}                                                                                  \
	}
#else
#define LSMC_ABI_ENTRIES                                                                           \
	{                                                                                          \
		{"lsm_config_self_policy", LSMC_NR_SELF_POLICY, true, false},                      \
		{                                                                                  \
			"lsm_config_system_policy", LSMC_NR_SYSTEM_POLICY, false, true             \
		}                                                                                  \
	}
#endif

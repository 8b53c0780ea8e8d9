/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The revision tables (lib/delivery/abi.h). */
#include <errno.h>

#include "delivery/abi.h"
#include "lsmconfig.h"

#ifdef LSMC_OPT_POLICY_REPLACE_OP
#define UNIFIED_REPLACE_OP LSMC_OPT_POLICY_REPLACE_OP
#else
#define UNIFIED_REPLACE_OP (-1)
#endif
#ifdef LSMC_OPT_POLICY_REMOVE_OP
#define UNIFIED_REMOVE_OP LSMC_OPT_POLICY_REMOVE_OP
#else
#define UNIFIED_REMOVE_OP (-1)
#endif

/* kernel-abi §1-§4: two calls, LOAD only, and it replaces. */
const struct lsmc_abi lsmc_abi_v6 = {
	.name = "v6",
	.entry = {[LSMC_SCOPE_SYSTEM] = LSMC_ENTRY_SYSTEM_POLICY,
		  [LSMC_SCOPE_SELF] = LSMC_ENTRY_SELF_POLICY},
	.entry_name = {[LSMC_SCOPE_SYSTEM] = "lsm_config_system_policy",
		       [LSMC_SCOPE_SELF] = "lsm_config_self_policy"},
	.common_flags = {0, 0},
	.op = {[LSMC_ABI_LOAD] = LSM_POLICY_LOAD, [LSMC_ABI_REPLACE] = -1, [LSMC_ABI_REMOVE] = -1},
	.load_replaces = true,
	/* §3: LSM_POLICY_UNDEF is EOPNOTSUPP at every LSM, EINVAL without a hook */
	.probe_op = LSM_POLICY_UNDEF,
	.probe_hook_errno = EOPNOTSUPP,
	.nohook_errno = EINVAL,
	.aa_self = LSMC_AA_SELF_NAME,
	.aa_max = 1u << 28,
	.aa_remove_max = 0,
	.aa_ns_from_root = true,
};

/*
 * kernel-abi §9: one call, LSM_CONFIG_SELF in common_flags, LOAD that does
 * not replace. An LSM without the hook and an operation an LSM lacks both
 * answer EOPNOTSUPP, so the probe asks for a LOAD of size 0, which every
 * LSM with the hook refuses with EINVAL before reading anything.
 */
const struct lsmc_abi lsmc_abi_unified = {
	.name = "unified",
	.entry = {[LSMC_SCOPE_SYSTEM] = LSMC_ENTRY_CONFIG_POLICY,
		  [LSMC_SCOPE_SELF] = LSMC_ENTRY_CONFIG_POLICY},
	.entry_name = {[LSMC_SCOPE_SYSTEM] = "lsm_config_policy",
		       [LSMC_SCOPE_SELF] = "lsm_config_policy(LSM_CONFIG_SELF)"},
	.common_flags = {[LSMC_SCOPE_SYSTEM] = 0, [LSMC_SCOPE_SELF] = LSM_CONFIG_SELF},
	.op = {[LSMC_ABI_LOAD] = LSM_POLICY_LOAD,
	       [LSMC_ABI_REPLACE] = UNIFIED_REPLACE_OP,
	       [LSMC_ABI_REMOVE] = UNIFIED_REMOVE_OP},
	.load_replaces = false,
	.probe_op = LSM_POLICY_LOAD,
	.probe_hook_errno = EINVAL,
	.nohook_errno = EOPNOTSUPP,
	.aa_self = LSMC_AA_SELF_BLOB,
	.aa_max = 1u << 25,
	.aa_remove_max = 1024,
	.aa_ns_from_root = false,
};

const struct lsmc_abi *const lsmc_abi_default =
#if LSMC_ABI_UNIFIED
	&lsmc_abi_unified;
#else
	&lsmc_abi_v6;
#endif

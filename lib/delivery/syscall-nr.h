/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Syscall numbers. The merged LSM syscalls (Linux 6.8) share one number on
 * every architecture with the unified table, except alpha and the mips ABI
 * bases. The proposed policy syscalls have no number until the kernel
 * assigns one: it comes from <asm/unistd.h> or a build option, never from a
 * guess, because v6's 468/469 now belong to file_getattr/file_setattr.
 */
#pragma once

#include <asm/unistd.h>

#if defined(__alpha__)
#define LSMC_NR_MERGED_BASE 569
#elif defined(__mips__) && _MIPS_SIM == _MIPS_SIM_ABI32
#define LSMC_NR_MERGED_BASE (4000 + 459)
#elif defined(__mips__) && _MIPS_SIM == _MIPS_SIM_ABI64
#define LSMC_NR_MERGED_BASE (5000 + 459)
#elif defined(__mips__) && _MIPS_SIM == _MIPS_SIM_NABI32
#define LSMC_NR_MERGED_BASE (6000 + 459)
#else
#define LSMC_NR_MERGED_BASE 459
#endif

#ifndef __NR_lsm_get_self_attr
#define __NR_lsm_get_self_attr (LSMC_NR_MERGED_BASE + 0)
#endif
#ifndef __NR_lsm_set_self_attr
#define __NR_lsm_set_self_attr (LSMC_NR_MERGED_BASE + 1)
#endif
#ifndef __NR_lsm_list_modules
#define __NR_lsm_list_modules (LSMC_NR_MERGED_BASE + 2)
#endif

#if defined(__NR_lsm_config_self_policy)
#define LSMC_NR_SELF_POLICY __NR_lsm_config_self_policy
#elif defined(LSMC_OPT_NR_LSM_CONFIG_SELF_POLICY)
#define LSMC_NR_SELF_POLICY LSMC_OPT_NR_LSM_CONFIG_SELF_POLICY
#else
#define LSMC_NR_SELF_POLICY (-1)
#endif

#if defined(__NR_lsm_config_system_policy)
#define LSMC_NR_SYSTEM_POLICY __NR_lsm_config_system_policy
#elif defined(LSMC_OPT_NR_LSM_CONFIG_SYSTEM_POLICY)
#define LSMC_NR_SYSTEM_POLICY LSMC_OPT_NR_LSM_CONFIG_SYSTEM_POLICY
#else
#define LSMC_NR_SYSTEM_POLICY (-1)
#endif

#if defined(__NR_lsm_config_policy)
#define LSMC_NR_CONFIG_POLICY __NR_lsm_config_policy
#elif defined(LSMC_OPT_NR_LSM_CONFIG_POLICY)
#define LSMC_NR_CONFIG_POLICY LSMC_OPT_NR_LSM_CONFIG_POLICY
#else
#define LSMC_NR_CONFIG_POLICY (-1)
#endif

#if defined(__NR_lsm_unshare)
#define LSMC_NR_UNSHARE __NR_lsm_unshare
#elif defined(LSMC_OPT_NR_LSM_UNSHARE)
#define LSMC_NR_UNSHARE LSMC_OPT_NR_LSM_UNSHARE
#else
#define LSMC_NR_UNSHARE (-1)
#endif

/* A configured number must not be one a merged syscall owns. */
#define LSMC_NR_CLASHES(nr)                                                                        \
	((nr) >= 0 && ((nr) == __NR_lsm_get_self_attr || (nr) == __NR_lsm_set_self_attr ||         \
		       (nr) == __NR_lsm_list_modules || LSMC_NR_CLASHES_FILEATTR(nr)))
#if defined(__NR_file_getattr) && defined(__NR_file_setattr)
#define LSMC_NR_CLASHES_FILEATTR(nr) ((nr) == __NR_file_getattr || (nr) == __NR_file_setattr)
#else
#define LSMC_NR_CLASHES_FILEATTR(nr) 0
#endif

/*
 * The numbers the kernel seam issues. Constant in the library; the test
 * suite points them at numbers its seccomp-served kernel model answers.
 */
struct lsmc_nr_table {
	long config_self_policy;
	long config_system_policy;
	long config_policy; /* the unified revision's one call */
	long unshare;
};

extern struct lsmc_nr_table lsmc_nr;

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Kernel UAPI for the LSM syscalls. Older kernel headers (Debian 12 ships
 * 6.1) have no <linux/lsm.h>, and the policy-load constants are not merged
 * anywhere yet, so every definition is guarded and matches the kernel's.
 */
#pragma once

#include <stdint.h>

#if defined(__has_include)
#if __has_include(<linux/lsm.h>)
#include <linux/lsm.h>
#endif
#endif

#ifndef LSM_ID_UNDEF
#define LSM_ID_UNDEF	  0
#define LSM_ID_CAPABILITY 100
#define LSM_ID_SELINUX	  101
#define LSM_ID_SMACK	  102
#define LSM_ID_TOMOYO	  103
#define LSM_ID_APPARMOR	  104
#define LSM_ID_YAMA	  105
#define LSM_ID_LOADPIN	  106
#define LSM_ID_SAFESETID  107
#define LSM_ID_LOCKDOWN	  108
#define LSM_ID_BPF	  109
#define LSM_ID_LANDLOCK	  110
#endif
#ifndef LSM_ID_IMA
#define LSM_ID_IMA 111
#endif
#ifndef LSM_ID_EVM
#define LSM_ID_EVM 112
#endif
#ifndef LSM_ID_IPE
#define LSM_ID_IPE 113
#endif

#ifndef LSM_ATTR_UNDEF
#define LSM_ATTR_UNDEF	    0
#define LSM_ATTR_CURRENT    100
#define LSM_ATTR_EXEC	    101
#define LSM_ATTR_FSCREATE   102
#define LSM_ATTR_KEYCREATE  103
#define LSM_ATTR_PREV	    104
#define LSM_ATTR_SOCKCREATE 105
#endif

#ifndef LSM_FLAG_SINGLE
#define LSM_FLAG_SINGLE 0x0001
#endif

#ifndef LSM_POLICY_UNDEF
#define LSM_POLICY_UNDEF 0
#define LSM_POLICY_LOAD	 100
#endif

/* The unified revision's common_flags bit for the caller's own policy
 * (kernel-abi §9.1); its REPLACE and REMOVE values are unpublished and
 * come from the build (lib/delivery/abi.c). */
#ifndef LSM_CONFIG_SELF
#define LSM_CONFIG_SELF 0x00000001u
#endif

/* Same layout as the kernel's struct lsm_ctx; our own name avoids a clash
 * with <linux/lsm.h> when a newer libc or kernel header provides it. */
struct lsmc_kctx {
	uint64_t id;
	uint64_t flags;
	uint64_t len;
	uint64_t ctx_len;
	uint8_t ctx[];
};

/* Smack's format byte at the head of a policy-syscall buffer (smackfs.c). */
enum {
	SMACK_FMT_FIXED24 = 0,
	SMACK_FMT_LONG = 1,
	SMACK_FMT_CHANGE = 2,
};

/* Limits the kernel enforces that user space must check first. */
#define AA_PROFILE_NAME_MAX_SIZE 512u
#define AA_PROFILE_MAX_SIZE	 (1u << 28)

/* statfs(2) magic numbers of the pseudo-filesystems we write to. */
#define LSMC_SECURITYFS_MAGIC 0x73636673u
/* apparmorfs: securityfs's apparmor/policy links into it */
#define LSMC_AAFS_MAGIC	    0x5a3c69f0u
#define PROC_SUPER_MAGIC_NR 0x9fa0u
#define LSMC_SELINUX_MAGIC  0xf97cff8cu
#define LSMC_SMACK_MAGIC    0x43415d53u

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

/*
 * What the running kernel has and takes, as the loaders need it before
 * they build a request: the one door for reads of kernel state, as
 * lsmc_deliver() is the one door for writes. Where the answer comes from
 * (a pseudo-file today, a syscall where one answers) is this module's
 * choice, not the loaders'.
 */
#include "internal.h"

/* The AppArmor policy format versions the kernel takes, bit N for vN; 0
 * when it lists none. Read once per context. */
uint32_t lsmc_kstate_aa_policy_versions(struct lsmc_ctx *ctx);
/* 1 if the AppArmor namespace exists, 0 if not, a negative errno if it
 * cannot be told (the error is set). */
int lsmc_kstate_aa_ns_exists(struct lsmc_ctx *ctx, const char *ns);
/* 1 if the kernel takes several AppArmor profiles as one set through
 * apparmorfs, 0 if not, a negative errno if it cannot be told. */
int lsmc_kstate_aa_set_load(struct lsmc_ctx *ctx);
/* The newest SELinux policy version the kernel takes; 0 if unknown. */
unsigned lsmc_kstate_selinux_policyvers(struct lsmc_ctx *ctx);
/* The Smack rules the kernel lists, global or (self) the caller's own, to
 * fn piece by piece (lsmc_fs_read_each()). */
int lsmc_kstate_smack_rules(struct lsmc_ctx *ctx, bool self, lsmc_fs_read_fn fn, void *arg);

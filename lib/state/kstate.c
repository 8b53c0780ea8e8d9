/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Reads of kernel state for the loaders (kstate.h). No policy syscall
 * reports any of these, so every answer comes from the LSM's
 * pseudo-filesystem through the fs backend's readers.
 */
#include "state/kstate.h"

uint32_t lsmc_kstate_aa_policy_versions(struct lsmc_ctx *ctx)
{
	return lsmc_fs_apparmor_policy_versions(ctx);
}

int lsmc_kstate_aa_ns_exists(struct lsmc_ctx *ctx, const char *ns)
{
	return lsmc_fs_apparmor_ns_exists(ctx, ns);
}

int lsmc_kstate_aa_set_load(struct lsmc_ctx *ctx)
{
	return lsmc_fs_apparmor_has_set_load(ctx);
}

unsigned lsmc_kstate_selinux_policyvers(struct lsmc_ctx *ctx)
{
	return lsmc_fs_selinux_policyvers(ctx);
}

int lsmc_kstate_smack_rules(struct lsmc_ctx *ctx, bool self, lsmc_fs_read_fn fn, void *arg)
{
	return lsmc_fs_smack_listing(ctx, self, fn, arg);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Namespace names as the kernel and apparmorfs take them: "a" or "a//b"
 * (NULL passes). Records the error on ctx. */
int lsmc_apparmor_check_ns(struct lsmc_ctx *ctx, const char *ns);

/* Record an AppArmor failure on ctx and return error. */
int lsmc_aa_fail(struct lsmc_ctx *ctx, int error, const char *interface, const char *hint,
		 const char *msg);

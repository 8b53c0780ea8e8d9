/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Names of the namespaces self loads make on kernels without the syscall
 * route: the prefix, then 16 random hex digits. */
#define LSMC_SELF_NS_PREFIX "lsmc-self."

/* Confine the calling task with the compiled policy of req (scope self):
 * through the policy syscall where it takes a blob for the caller, else
 * through a policy namespace of its own (privileged). Either way the label
 * the kernel reports afterwards must hold every profile of the blob. */
int lsmc_apparmor_self_load(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned profiles,
			    const struct lsmc_load_opts *opts, struct lsmc_result *res);

/* A fresh random namespace name for a self load, into buf. */
int lsmc_apparmor_self_ns_name(char *buf, size_t len);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Confine the calling task with the compiled policy of req (scope self):
 * through the policy syscall where it takes a blob for the caller, else
 * through a policy namespace named after the caller (privileged). */
int lsmc_apparmor_self_load(struct lsmc_ctx *ctx, const struct lsmc_request *req, unsigned profiles,
			    const struct lsmc_load_opts *opts, struct lsmc_result *res);

/* The namespace a self load of process pid makes on kernels without the
 * syscall route; its starter removes it when the process has ended. */
void lsmc_apparmor_self_ns_name(pid_t pid, char *buf, size_t len);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Hands one window of rule text to the kernel; returns bytes consumed or -errno. */
typedef long (*lsmc_smack_send_fn)(struct lsmc_ctx *ctx, void *arg, const char *text, size_t len);

/* Feeds req->payload through send in windows; fi describes the interface for errors. */
int lsmc_smack_stream(struct lsmc_ctx *ctx, const struct lsmc_request *req, lsmc_smack_send_fn send,
		      void *arg, struct lsmc_fail_info *fi, struct lsmc_delivery *out);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The read-only view (view-*.c) reads listings one line at a time: each
 * line of a pseudo-file, without its newline, NUL-terminated in a buffer
 * the callback may change.
 */
#pragma once

#include "internal.h"

/* fn returns 0 to go on, non-zero to stop (that value is returned). */
typedef int (*lsmc_view_line_fn)(char *line, void *arg);

int lsmc_view_lines(struct lsmc_ctx *ctx, int slot, const char *rel, lsmc_view_line_fn fn,
		    void *arg);

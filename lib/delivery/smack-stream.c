/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Smack takes rule text a page at a time: a write (or policy syscall) of a
 * page or more is cut to PAGE_SIZE-1 bytes at the last newline, and the
 * kernel reports how much it consumed (kernel-abi §4.3, §7.3). Both
 * backends feed the kernel through this loop, one whole-rule window at a
 * time, and continue from wherever the kernel stopped.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "delivery/smack-stream.h"

/* Next window: at most max bytes of text, ending at a newline. */
static size_t smack_window(const char *text, size_t len, size_t max)
{
	if (len <= max)
		return len;
	for (size_t i = max; i > 0; i--)
		if (text[i - 1] == '\n')
			return i;
	return 0; /* a single rule longer than a window */
}

int lsmc_smack_stream(struct lsmc_ctx *ctx, const struct lsmc_request *req, lsmc_smack_send_fn send,
		      void *arg, struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	const char *text = req->payload;
	size_t done = 0, max = (size_t)ctx->page_size - 1;

	while (done < req->len) {
		size_t win = smack_window(text + done, req->len - done, max);
		long r;

		if (win == 0) {
			fi->error = -EINVAL;
			return lsmc_fail(ctx, fi,
					 "a rule at byte %zu is longer than one %ld-byte page",
					 done, ctx->page_size);
		}
		r = send(ctx, arg, text + done, win);
		out->kernel_calls++;
		if (r == -EINTR)
			continue;
		if (r < 0) {
			fi->error = (int)r;
			fi->kernel_errno = (int)-r;
			return lsmc_fail(ctx, fi,
					 "the kernel refused the rule set: %s; %zu of %zu bytes "
					 "were applied before the failing window",
					 strerror((int)-r), done, req->len);
		}
		if (r == 0 || (size_t)r > win) {
			fi->error = -EIO;
			return lsmc_fail(ctx, fi,
					 "the kernel consumed %ld bytes of a %zu-byte window; "
					 "%zu of %zu bytes were applied",
					 r, win, done, req->len);
		}
		done += (size_t)r;
		out->bytes = done;
	}
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Reading a pseudo-file's listing line by line, for the read-only view. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/view-lines.h"

struct lines {
	lsmc_view_line_fn fn;
	void *arg;
	char *line; /* a copy the callback may cut up */
	size_t cap;
	int stopped; /* fn's non-zero return */
};

static int one_line(struct lines *l, const char *s, size_t len)
{
	if (len + 1 > l->cap) {
		char *nl = realloc(l->line, len + 1);

		if (!nl)
			return -ENOMEM;
		l->line = nl;
		l->cap = len + 1;
	}
	memcpy(l->line, s, len);
	l->line[len] = '\0';
	l->stopped = l->fn(l->line, l->arg);
	return 0;
}

static long take_lines(const char *buf, size_t len, bool eof, void *arg)
{
	struct lines *l = arg;
	size_t off = 0;
	int r;

	while (off < len && !l->stopped) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;

		if (!nl && !eof)
			break; /* the rest of this line comes with the next read */
		r = one_line(l, buf + off, n);
		if (r < 0)
			return r;
		off += n + (nl != NULL);
	}
	/* Once fn said stop, the rest is taken unread. */
	return l->stopped ? (long)len : (long)off;
}

int lsmc_view_lines(struct lsmc_ctx *ctx, int slot, const char *rel, lsmc_view_line_fn fn,
		    void *arg)
{
	struct lines l = {.fn = fn, .arg = arg};
	int r = lsmc_fs_read_each(ctx, slot, rel, take_lines, &l);

	free(l.line);
	if (r < 0 && ctx->err.error == 0) {
		/* Opened, then the read failed: say which file. */
		char path[PATH_MAX];
		struct lsmc_fail_info fi = {.error = r,
					    .kernel_errno = r == -ENOMEM ? 0 : -r,
					    .lsm = slot == SLOT_APPARMOR  ? LSM_ID_APPARMOR
						   : slot == SLOT_SELINUX ? LSM_ID_SELINUX
									  : LSM_ID_SMACK,
					    .backend = LSMC_BACKEND_FS,
					    .interface = path};

		lsmc_fs_path(ctx, slot, rel, path, sizeof(path));
		return lsmc_fail(ctx, &fi, "cannot read: %s", strerror(-r));
	}
	return r < 0 ? r : l.stopped;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/*
 * Environment overrides are read with secure_getenv(): a setuid or
 * file-capability program linking the library must not let its caller pick
 * the backend or turn on logging.
 */
static int apply_environment(struct lsmc_ctx *ctx)
{
	const char *s;

	s = secure_getenv("LSMCONFIG_LOG");
	if (s) {
		int prio = lsmc_log_priority_from_string(s);
		if (prio >= 0)
			ctx->log_priority = prio;
	}
	s = secure_getenv("LSMCONFIG_BACKEND");
	if (s) {
		enum lsmc_backend b;
		if (lsmc_backend_from_name(s, &b) == 0)
			ctx->backend = b;
		else
			warn(ctx, "ignoring LSMCONFIG_BACKEND=%s: expected auto, syscall or fs", s);
	}
	/* How long a load waits for another loader of the same LSM. */
	s = secure_getenv("LSMCONFIG_LOCK_TIMEOUT");
	if (s && *s) {
		char *end;
		long v;

		errno = 0;
		v = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= -1 && v <= INT_MAX / 1000)
			ctx->lock_timeout_ms = v < 0 ? -1 : (int)v * 1000;
		else
			warn(ctx, "ignoring LSMCONFIG_LOCK_TIMEOUT=%s: expected seconds, or -1", s);
	}
	/* A tree to read the machine's configuration from, for tests. */
	s = secure_getenv("LSMCONFIG_ROOT");
	if (s && *s && strcmp(s, "/") != 0) {
		ctx->root = strdup(s);
		if (!ctx->root)
			return -ENOMEM;
	}
	return 0;
}

LSMC_EXPORT int lsmc_new(struct lsmc_ctx **ctxp)
{
	struct lsmc_ctx *ctx;

	if (!ctxp)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->log_priority = LOG_ERR;
	ctx->backend = LSMC_BACKEND_AUTO;
	ctx->abi = lsmc_abi_default;
	ctx->sys = lsmc_sys_kernel;
	ctx->page_size = sysconf(_SC_PAGESIZE);
	if (ctx->page_size <= 0)
		ctx->page_size = 4096;
	for (int i = 0; i < SLOT_COUNT; i++) {
		ctx->roots[i].dirfd = -1;
		ctx->locks[i].fd = -1;
	}
	ctx->lock_timeout_ms = lsmc_lock_timeout_default();
	if (apply_environment(ctx) < 0) {
		free(ctx);
		return -ENOMEM;
	}
	dbg(ctx, "context %p created, backend %s", (void *)ctx, lsmc_backend_name(ctx->backend));
	*ctxp = ctx;
	return 0;
}

LSMC_EXPORT struct lsmc_ctx *lsmc_ref(struct lsmc_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

LSMC_EXPORT struct lsmc_ctx *lsmc_unref(struct lsmc_ctx *ctx)
{
	if (!ctx)
		return NULL;
	if (--ctx->refcount > 0)
		return ctx;
	lsmc_probe_reset(ctx);
	for (int i = 0; i < SLOT_COUNT; i++) {
		free(ctx->roots[i].path);
		if (ctx->locks[i].fd >= 0)
			ctx->sys.close(ctx->sys.data, ctx->locks[i].fd);
	}
	free(ctx->root);
	free(ctx->result_label);
	free(ctx->result_ns);
	free(ctx);
	return NULL;
}

void lsmc_ctx_set_sys(struct lsmc_ctx *ctx, const struct lsmc_sys *sys)
{
	lsmc_probe_reset(ctx);
	ctx->sys = *sys;
}

LSMC_EXPORT int lsmc_set_backend(struct lsmc_ctx *ctx, enum lsmc_backend backend)
{
	if (!ctx || !lsmc_backend_name(backend))
		return -EINVAL;
	ctx->backend = backend;
	return 0;
}

LSMC_EXPORT enum lsmc_backend lsmc_get_backend(const struct lsmc_ctx *ctx)
{
	return ctx ? ctx->backend : LSMC_BACKEND_AUTO;
}

LSMC_EXPORT int lsmc_set_lock_timeout(struct lsmc_ctx *ctx, int timeout_ms)
{
	if (!ctx || timeout_ms < -1)
		return -EINVAL;
	ctx->lock_timeout_ms = timeout_ms;
	return 0;
}

LSMC_EXPORT int lsmc_get_lock_timeout(const struct lsmc_ctx *ctx)
{
	return ctx ? ctx->lock_timeout_ms : lsmc_lock_timeout_default();
}

LSMC_EXPORT int lsmc_set_fs_root(struct lsmc_ctx *ctx, enum lsmc_lsm lsm, const char *path)
{
	char *copy = NULL;
	int slot;

	if (!ctx)
		return -EINVAL;
	slot = lsmc_slot_of(lsm);
	if (slot < 0)
		return slot;
	if (path) {
		if (path[0] == '\0' || strlen(path) >= PATH_MAX)
			return -EINVAL;
		copy = strdup(path);
		if (!copy)
			return -ENOMEM;
	}
	free(ctx->roots[slot].path);
	ctx->roots[slot].path = copy;
	lsmc_probe_reset(ctx);
	return 0;
}

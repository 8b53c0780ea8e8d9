/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

void lsmc_log(const struct lsmc_ctx *ctx, int priority, const char *file, int line, const char *fn,
	      const char *format, ...)
{
	va_list args;

	if (!ctx->log_fn)
		return;
	va_start(args, format);
	ctx->log_fn(ctx->log_data, priority, file, line, fn, format, args);
	va_end(args);
}

/* Accepts a syslog level by number or by name ("err", "info", "debug"). */
int lsmc_log_priority_from_string(const char *s)
{
	static const struct {
		const char *name;
		int prio;
	} names[] = {
		{"emerg", LOG_EMERG},  {"alert", LOG_ALERT},   {"crit", LOG_CRIT},
		{"err", LOG_ERR},      {"error", LOG_ERR},     {"warning", LOG_WARNING},
		{"warn", LOG_WARNING}, {"notice", LOG_NOTICE}, {"info", LOG_INFO},
		{"debug", LOG_DEBUG},
	};
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	v = strtol(s, &end, 10);
	if (*end == '\0')
		return v >= LOG_EMERG && v <= LOG_DEBUG ? (int)v : -EINVAL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].prio;
	return -EINVAL;
}

LSMC_EXPORT void lsmc_set_log_fn(struct lsmc_ctx *ctx, lsmc_log_fn fn, void *data)
{
	if (!ctx)
		return;
	ctx->log_fn = fn;
	ctx->log_data = data;
}

LSMC_EXPORT int lsmc_get_log_priority(const struct lsmc_ctx *ctx)
{
	return ctx ? ctx->log_priority : -EINVAL;
}

LSMC_EXPORT void lsmc_set_log_priority(struct lsmc_ctx *ctx, int priority)
{
	/* Out-of-range levels are ignored: the getter must stay >= 0. */
	if (ctx && priority >= LOG_EMERG && priority <= LOG_DEBUG)
		ctx->log_priority = priority;
}

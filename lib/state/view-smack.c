/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The Smack part of the read-only view: the access rules the kernel holds,
 * as smackfs's load2 lists them ("subject object access", long labels).
 */
#include <errno.h>
#include <string.h>

#include "state/view-lines.h"

struct walk {
	int (*fn)(const struct lsmc_smack_loaded_rule *rule, void *data);
	void *data;
	int count;
};

static char *field(char **s)
{
	char *f = *s + strspn(*s, " \t");
	size_t n = strcspn(f, " \t");

	*s = f + n + (f[n] != '\0');
	f[n] = '\0';
	return f;
}

/* A line that is not three fields is no rule (load2 lists only rules). */
static int one_rule(char *line, void *arg)
{
	struct walk *w = arg;
	struct lsmc_smack_loaded_rule r = {.sz = sizeof(r)};
	char *s = line;

	r.subject = field(&s);
	r.object = field(&s);
	r.access = field(&s);
	if (!*r.subject || !*r.object || !*r.access || *field(&s))
		return 0;
	w->count++;
	return w->fn ? w->fn(&r, w->data) : 0;
}

LSMC_EXPORT int lsmc_smack_rules(struct lsmc_ctx *ctx,
				 int (*fn)(const struct lsmc_smack_loaded_rule *rule, void *data),
				 void *data)
{
	struct walk w = {.fn = fn, .data = data};
	int r;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	r = lsmc_view_lines(ctx, SLOT_SMACK, "load2", one_rule, &w);
	return r != 0 ? r : w.count;
}

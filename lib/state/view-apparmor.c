/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The AppArmor part of the read-only view: the profiles the caller's policy
 * namespace and those below it hold, with their modes, as apparmorfs's
 * profiles file lists them (aa-status reads the same file).
 */
#include <errno.h>
#include <string.h>

#include "state/view-lines.h"

struct walk {
	int (*fn)(const struct lsmc_apparmor_profile *profile, void *data);
	void *data;
	int count;
};

/*
 * A line is "name (mode)"; a profile of another namespace has ":ns:" or
 * ":ns://" before its name. A line of any other shape is not a profile.
 */
static int one_profile(char *line, void *arg)
{
	struct walk *w = arg;
	struct lsmc_apparmor_profile p = {.sz = sizeof(p), .ns = ""};
	char *mode = strrchr(line, '('), *name = line, *end;

	if (!mode || mode == line || mode[-1] != ' ' || !(end = strchr(mode, ')')))
		return 0;
	mode[-1] = '\0';
	*end = '\0';
	if (name[0] == ':' && (end = strchr(name + 1, ':'))) {
		*end = '\0';
		p.ns = name + 1;
		name = end + 1;
		if (strncmp(name, "//", 2) == 0)
			name += 2;
	}
	p.name = name;
	p.mode = mode + 1;
	w->count++;
	return w->fn ? w->fn(&p, w->data) : 0;
}

LSMC_EXPORT int lsmc_apparmor_profiles(struct lsmc_ctx *ctx,
				       int (*fn)(const struct lsmc_apparmor_profile *profile,
						 void *data),
				       void *data)
{
	struct walk w = {.fn = fn, .data = data};
	int r;

	if (!ctx)
		return -EINVAL;
	lsmc_clear_error(ctx);
	r = lsmc_view_lines(ctx, SLOT_APPARMOR, "apparmor/profiles", one_profile, &w);
	return r != 0 ? r : w.count;
}

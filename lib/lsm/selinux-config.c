/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * /etc/selinux/config read the way libselinux reads it (selinux_config.c):
 * one KEY=VALUE per line, leading blanks skipped, '#' lines ignored, values
 * up to the end of the line without trailing blanks, SELINUX= compared
 * without regard to case, SELINUXTYPE= unset meaning "targeted". libselinux
 * itself cannot be used for this: its getters read the fixed path, with
 * no root to read a test tree below.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lsm/file.h"
#include "lsm/selinux-config.h"

#define CONFIG_MAX  ((size_t)64 << 10)
#define CMDLINE_MAX ((size_t)64 << 10)

static const char *root_of(const struct lsmc_ctx *ctx)
{
	return ctx->root ? ctx->root : "";
}

/* The value of KEY= on line [s, e), trailing blanks cut; NULL when another key. */
static const char *value_of(const char *s, const char *e, const char *key, size_t *len)
{
	size_t k = strlen(key);

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if ((size_t)(e - s) <= k || strncmp(s, key, k) != 0 || s[k] != '=')
		return NULL;
	s += k + 1;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*len = (size_t)(e - s);
	return s;
}

static int parse_config(struct lsmc_ctx *ctx, struct lsmc_selinux_config *c, const char *text,
			size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *v;
		size_t n;

		if ((v = value_of(p, e, "SELINUX", &n))) {
			if (n == 8 && strncasecmp(v, "disabled", n) == 0)
				c->mode = LSMC_SELINUX_MODE_DISABLED;
			else if (n == 10 && strncasecmp(v, "permissive", n) == 0)
				c->mode = LSMC_SELINUX_MODE_PERMISSIVE;
			else if (n == 9 && strncasecmp(v, "enforcing", n) == 0)
				c->mode = LSMC_SELINUX_MODE_ENFORCING;
			else {
				struct lsmc_fail_info fi = {
					.error = -EINVAL,
					.lsm = LSM_ID_SELINUX,
					.interface = c->config,
					.hint = "use SELINUX=enforcing, permissive or "
						"disabled"};
				return lsmc_fail(ctx, &fi, "SELINUX=%.*s is not a mode", (int)n, v);
			}
		} else if ((v = value_of(p, e, "SELINUXTYPE", &n))) {
			if (n == 0 || n >= sizeof(c->type) || memchr(v, '/', n)) {
				struct lsmc_fail_info fi = {
					.error = -EINVAL,
					.lsm = LSM_ID_SELINUX,
					.interface = c->config,
					.hint = "name a directory of /etc/selinux"};
				return lsmc_fail(ctx, &fi, "SELINUXTYPE=%.*s is not a policy name",
						 (int)(n > 64 ? 64 : n), v);
			}
			memcpy(c->type, v, n);
			c->type[n] = '\0';
		}
		p = e + 1;
	}
	return 0;
}

/* "enforcing=0" or "enforcing=1" on the kernel command line: -1 when absent. */
static int cmdline_enforcing(const struct lsmc_ctx *ctx)
{
	char path[PATH_MAX], why[128];
	struct lsmc_file_bytes map;
	int r = -1;

	snprintf(path, sizeof(path), "%s/proc/cmdline", root_of(ctx));
	if (lsmc_file_read(path, CMDLINE_MAX, LSMC_FILE_EMPTY_OK, &map, why, sizeof(why)) < 0)
		return -1;
	for (const char *p = map.data, *end = p + map.len; p < end;) {
		const char *s = p;

		while (p < end && *p != ' ' && *p != '\n')
			p++;
		if (p - s == 11 && strncmp(s, "enforcing=", 10) == 0 &&
		    (s[10] == '0' || s[10] == '1'))
			r = s[10] - '0';
		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
	}
	lsmc_file_bytes_free(&map);
	return r;
}

int lsmc_selinux_config_read(struct lsmc_ctx *ctx, struct lsmc_selinux_config *c)
{
	struct lsmc_file_bytes map;
	char why[256];
	int r, k;

	*c = (struct lsmc_selinux_config){.mode = LSMC_SELINUX_MODE_UNSET};
	snprintf(c->type, sizeof(c->type), "targeted");
	snprintf(c->config, sizeof(c->config), "%s/etc/selinux/config", root_of(ctx));
	r = lsmc_file_read(c->config, CONFIG_MAX, LSMC_FILE_EMPTY_OK, &map, why, sizeof(why));
	if (r == -ENOENT) {
		dbg(ctx, "selinux: no %s", c->config);
	} else if (r < 0) {
		struct lsmc_fail_info fi = {
			.error = r, .lsm = LSM_ID_SELINUX, .interface = c->config};
		return r == -ENOMEM ? r : lsmc_fail(ctx, &fi, "%s", why);
	} else {
		r = parse_config(ctx, c, map.data, map.len);
		lsmc_file_bytes_free(&map);
		if (r < 0)
			return r;
	}
	/* The command line decides the mode, unless the config disables SELinux. */
	k = cmdline_enforcing(ctx);
	if (k >= 0 && c->mode != LSMC_SELINUX_MODE_DISABLED) {
		c->mode = k ? LSMC_SELINUX_MODE_ENFORCING : LSMC_SELINUX_MODE_PERMISSIVE;
		c->mode_from_cmdline = true;
	}
	return 0;
}

void lsmc_selinux_config_policy_base(const struct lsmc_ctx *ctx,
				     const struct lsmc_selinux_config *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/etc/selinux/%s/policy/policy", root_of(ctx), c->type);
}

int lsmc_selinux_set_mode(struct lsmc_ctx *ctx, enum lsmc_selinux_mode mode)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_SELINUX, .backend = LSMC_BACKEND_FS};
	char path[PATH_MAX];
	const char v = mode == LSMC_SELINUX_MODE_ENFORCING ? '1' : '0';
	ssize_t n;
	int fd;

	fd = lsmc_fs_open_file(ctx, SLOT_SELINUX, "enforce", O_WRONLY);
	if (fd < 0)
		return fd;
	lsmc_fs_path(ctx, SLOT_SELINUX, "enforce", path, sizeof(path));
	fi.interface = path;
	do
		n = ctx->sys.write(ctx->sys.data, fd, &v, 1);
	while (n == -EINTR);
	ctx->sys.close(ctx->sys.data, fd);
	if (n == 1)
		return 0;
	fi.error = n < 0 ? (int)n : -EIO;
	fi.kernel_errno = n < 0 ? (int)-n : 0;
	return lsmc_fail(ctx, &fi, "the policy is loaded, but setting %s mode failed: %s",
			 mode == LSMC_SELINUX_MODE_ENFORCING ? "enforcing" : "permissive",
			 strerror(-fi.error));
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Command-line helpers every lsmctl command shares: options, usage errors, notes. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lsmctl.h"

struct lsmctl_global lsmctl = {.json_fd = -1};

int lsmctl_usage_error(const char *cmd, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(lsmctl.message, sizeof(lsmctl.message), format, args);
	va_end(args);
	lsmctl.usage = true;
	lsmctl.error = 0;
	fprintf(stderr, "lsmctl%s%s: %s (see 'lsmctl%s%s --help')\n", cmd ? " " : "",
		cmd ? cmd : "", lsmctl_name(lsmctl.message), cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

void lsmctl_error(int e, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(lsmctl.message, sizeof(lsmctl.message), format, args);
	va_end(args);
	lsmctl.usage = false;
	lsmctl.error = e < 0 ? -e : e;
	fprintf(stderr, "lsmctl%s%s: %s\n", lsmctl.command ? " " : "",
		lsmctl.command ? lsmctl.command : "", lsmctl_name(lsmctl.message));
}

int lsmctl_set_json_fd(const char *cmd, const char *arg)
{
	char *end;
	long fd;

	errno = 0;
	fd = strtol(arg, &end, 10);
	if (!*arg || *end || errno || fd < 0 || fd > INT_MAX)
		return lsmctl_usage_error(cmd, "--json-fd takes a file descriptor number, not '%s'",
					  arg);
	if (fcntl((int)fd, F_GETFD) < 0)
		return lsmctl_usage_error(cmd, "--json-fd=%ld: no such open file descriptor", fd);
	lsmctl.json_fd = (int)fd;
	if (!lsmctl.json)
		lsmctl.json = 1 + JSON_C_TO_STRING_PLAIN;
	return LSMCTL_CONTINUE;
}

/* Escapes s into out (room for 4 bytes per byte of s, and a NUL); with
 * all, every control character, else all but newline and tab. name, if
 * any, is escaped whole wherever it occurs, including its backslashes. */
static void escape(const char *s, const char *name, bool all, char *out, size_t room)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = 0, name_len = name ? strlen(name) : 0;
	bool name_safe = name && strcmp(lsmctl_name(name), name) == 0;

	while (*p && k + 5 < room) {
		unsigned char c = *p;
		const char *e = NULL;

		if (name_len && !name_safe && strncmp((const char *)p, name, name_len) == 0) {
			escape(name, NULL, true, out + k, room - k);
			k += strlen(out + k);
			p += name_len;
			continue;
		}
		switch (c) {
		case '\n':
			e = all ? "\\n" : NULL;
			break;
		case '\t':
			e = all ? "\\t" : NULL;
			break;
		case '\r':
			e = "\\r";
			break;
		case '\\':
			e = all ? "\\\\" : NULL;
			break;
		}
		if (e) {
			k += (size_t)snprintf(out + k, room - k, "%s", e);
			p++;
		} else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			k += (size_t)snprintf(out + k, room - k, "\\x%02x", c);
			p++;
		} else if (c < 0x80) {
			out[k++] = (char)c;
			p++;
		} else {
			size_t n = 0;
			unsigned int cp = 0;

			/* valid UTF-8 stays, but not the C1 controls (U+0080-U+009F) */
			if (c >= 0xc2 && c <= 0xdf && (p[1] & 0xc0) == 0x80)
				n = 2, cp = (unsigned int)(c & 0x1f) << 6 | (p[1] & 0x3f);
			else if (c >= 0xe0 && c <= 0xef && (p[1] & 0xc0) == 0x80 &&
				 (p[2] & 0xc0) == 0x80)
				n = 3, cp = (unsigned int)(c & 0x0f) << 12 |
					    (unsigned int)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			else if (c >= 0xf0 && c <= 0xf4 && (p[1] & 0xc0) == 0x80 &&
				 (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80)
				n = 4, cp = (unsigned int)(c & 0x07) << 18 |
					    (unsigned int)(p[1] & 0x3f) << 12 |
					    (unsigned int)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
			    (cp >= 0xd800 && cp <= 0xdfff) || (n == 2 && cp < 0xa0))
				n = 0;
			if (n == 0 || k + n + 5 >= room) {
				k += (size_t)snprintf(out + k, room - k, "\\x%02x", c);
				p++;
			} else {
				memcpy(out + k, p, n);
				k += n;
				p += n;
			}
		}
	}
	out[k] = '\0';
}

static char *next_buffer(size_t *room)
{
	static char buf[8][16384 + 8];
	static unsigned int next;

	*room = sizeof(buf[0]);
	return buf[next++ % 8];
}

const char *lsmctl_name(const char *s)
{
	size_t room;
	char *out;

	if (!s)
		return "(null)";
	out = next_buffer(&room);
	escape(s, NULL, true, out, room);
	return out;
}

const char *lsmctl_text(const char *msg, const char *name)
{
	size_t room;
	char *out;

	if (!msg)
		return "";
	out = next_buffer(&room);
	escape(msg, name && *name ? name : NULL, false, out, room);
	return out;
}

/* Edit distance, for suggestions; words here are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];

	if (lb >= sizeof(row) / sizeof(row[0]) || la >= 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *lsmctl_did_you_mean(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, candidates[i]);

		/* A prefix ("app") or a slip of one or two keys. */
		if (strlen(word) >= 2 && strncmp(word, candidates[i], strlen(word)) == 0)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= 2 && best_d < strlen(word) ? best : NULL;
}

int lsmctl_parse_lsm(const char *cmd, const char *name, uint64_t *lsm)
{
	static const char *const lsms[] = {"apparmor", "selinux", "smack"};
	const char *guess;

	if (!name)
		return lsmctl_usage_error(cmd, "missing LSM: apparmor, selinux or smack");
	if (lsmc_lsm_from_name(name, lsm) == 0 &&
	    (*lsm == LSMC_LSM_APPARMOR || *lsm == LSMC_LSM_SELINUX || *lsm == LSMC_LSM_SMACK))
		return 0;
	guess = lsmctl_did_you_mean(name, lsms, 3);
	if (guess)
		return lsmctl_usage_error(cmd, "unknown LSM '%s'; did you mean '%s'?", name, guess);
	return lsmctl_usage_error(
		cmd, "'%s' is not an LSM lsmctl loads: use apparmor, selinux or smack", name);
}

static void log_stderr(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
	fprintf(stderr, "lsmctl: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void lsmctl_apply_verbose(struct lsmc_ctx *ctx)
{
	if (!ctx)
		return;
	if (lsmctl.verbose) {
		lsmc_set_log_fn(ctx, log_stderr, NULL);
		lsmc_set_log_priority(ctx, lsmctl.verbose > 1 ? LOG_DEBUG : LOG_INFO);
	} else if (lsmc_get_log_priority(ctx) > LOG_ERR) {
		/* LSMCONFIG_LOG asked for more: show it. */
		lsmc_set_log_fn(ctx, log_stderr, NULL);
	}
}

int lsmctl_common_option(const struct lsmctl_cmd *cmd, struct lsmc_ctx *ctx, int c, char *argv[])
{
	const char *name = cmd ? cmd->name : NULL;
	enum lsmc_backend backend;

	switch (c) {
	case 'v':
		lsmctl.verbose++;
		lsmctl_apply_verbose(ctx);
		return LSMCTL_CONTINUE;
	case 'b':
		if (lsmc_backend_from_name(optarg, &backend) < 0)
			return lsmctl_usage_error(
				name, "unknown backend '%s': use auto, syscall or fs", optarg);
		if (ctx)
			lsmc_set_backend(ctx, backend);
		return LSMCTL_CONTINUE;
	case 'j':
		if (!optarg || strcmp(optarg, "short") == 0)
			lsmctl.json = 1 + JSON_C_TO_STRING_PLAIN;
		else if (strcmp(optarg, "pretty") == 0)
			lsmctl.json = 1 + (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					   JSON_C_TO_STRING_PRETTY_TAB);
		else if (strcmp(optarg, "off") == 0)
			lsmctl.json = 0;
		else
			return lsmctl_usage_error(
				name, "--json takes pretty, short or off, not '%s'", optarg);
		return LSMCTL_CONTINUE;
	case LSMCTL_OPT_JSON_FD:
		return lsmctl_set_json_fd(name, optarg);
	case 'h':
		if (cmd)
			cmd->help(stdout);
		return EXIT_OK;
	case ':':
		/* optind has passed the option that lacks its argument. */
		if (optopt && argv[optind - 1][1] != '-')
			return lsmctl_usage_error(name, "option '-%c' needs an argument", optopt);
		return lsmctl_usage_error(name, "option '%s' needs an argument", argv[optind - 1]);
	default:
		if (optopt)
			return lsmctl_usage_error(name, "invalid option '-%c'", optopt);
		return lsmctl_usage_error(name, "invalid option '%s'", argv[optind - 1]);
	}
}

int lsmctl_check_value(const char *cmd, const struct option *options, int c)
{
	if (!optarg || *optarg)
		return LSMCTL_CONTINUE;
	for (const struct option *o = options; o->name; o++)
		if (o->val == c && o->has_arg == required_argument)
			return lsmctl_usage_error(
				cmd, "option '--%s' needs a value, not an empty one", o->name);
	return LSMCTL_CONTINUE;
}

void lsmctl_note(const char *format, ...)
{
	va_list args;

	if (!lsmctl.verbose)
		return;
	fputs("lsmctl: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

void lsmctl_print_error(struct lsmc_ctx *ctx, const char *what, int r)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	lsmctl.usage = false;
	lsmctl.error = r < 0 ? -r : r;
	if (lsmc_get_last_error(ctx, &e) == 0 && e.error != 0) {
		snprintf(lsmctl.message, sizeof(lsmctl.message), "%s: %s%s%s%s%s%s%s", what,
			 e.lsm ? lsmc_lsm_name(e.lsm) : "", e.lsm ? ": " : "",
			 e.interface[0] ? e.interface : "", e.interface[0] ? ": " : "", e.message,
			 e.hint[0] ? "; hint: " : "", e.hint);
		fprintf(stderr, "lsmctl: %s: %s%s%s%s%s\n", what, e.lsm ? lsmc_lsm_name(e.lsm) : "",
			e.lsm ? ": " : "", e.interface[0] ? e.interface : "",
			e.interface[0] ? ": " : "", lsmctl_name(e.message));
		if (e.hint[0])
			fprintf(stderr, "lsmctl: hint: %s\n", lsmctl_name(e.hint));
	} else {
		snprintf(lsmctl.message, sizeof(lsmctl.message), "%s: %s", what, strerror(-r));
		fprintf(stderr, "lsmctl: %s\n", lsmctl_name(lsmctl.message));
	}
}

void lsmctl_error_text_about(struct lsmc_ctx *ctx, int r, const char *subject, char *buf,
			     size_t len)
{
	struct lsmc_error e = {.sz = sizeof(e)};
	bool named;

	if (lsmc_get_last_error(ctx, &e) == 0 && e.error != 0) {
		/* The caller prints the subject; an interface that is only the
		 * subject again (a name refused before any file) is not shown. */
		named = e.interface[0] && !(subject && strcmp(e.interface, subject) == 0);
		snprintf(buf, len, "%s%s%s%s%s", named ? e.interface : "", named ? ": " : "",
			 e.message, e.hint[0] ? "; hint: " : "", e.hint);
	} else {
		snprintf(buf, len, "%s", strerror(-r));
	}
}

void lsmctl_error_text(struct lsmc_ctx *ctx, int r, char *buf, size_t len)
{
	lsmctl_error_text_about(ctx, r, NULL, buf, len);
}

int lsmctl_split_command(int argc, char *argv[], char ***command)
{
	*command = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			*command = i + 1 < argc ? &argv[i + 1] : NULL;
			return i;
		}
	}
	return argc;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl: load and inspect Linux Security Module policy. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lsmctl.h"

static const struct lsmctl_cmd *const commands[] = {
	&lsmctl_cmd_status, &lsmctl_cmd_load,	 &lsmctl_cmd_remove,
	&lsmctl_cmd_ns,	    &lsmctl_cmd_unshare, &lsmctl_cmd_boot,
};

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl [OPTIONS] COMMAND [ARGS...]\n"
		"\n"
		"Load and inspect Linux Security Module policy (AppArmor, SELinux, Smack)\n"
		"through the kernel's policy syscalls or the LSM pseudo-filesystems.\n"
		"\n"
		"Options:\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and compiled-in features\n"
		"  -v, --verbose           log what the library does to stderr (repeat for more)\n"
		"  -b, --backend=BACKEND   auto (default), syscall or fs\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-22s  %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out,
		"\n"
		"Run 'lsmctl COMMAND --help' for a command's options. Exit status: 0 success,\n"
		"1 error, 2 bad usage, 3 partial success. See lsmctl(8).\n");
}

int lsmctl_usage_error(const char *cmd, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "lsmctl%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, " (see 'lsmctl%s%s --help')\n", cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

void lsmctl_print_error(struct lsmc_ctx *ctx, const char *what, int r)
{
	struct lsmc_error e = {.sz = sizeof(e)};

	if (lsmc_get_last_error(ctx, &e) == 0 && e.error != 0) {
		fprintf(stderr, "lsmctl: %s: %s%s%s%s%s\n", what, e.lsm ? lsmc_lsm_name(e.lsm) : "",
			e.lsm ? ": " : "", e.interface[0] ? e.interface : "",
			e.interface[0] ? ": " : "", e.message);
		if (e.hint[0])
			fprintf(stderr, "lsmctl: hint: %s\n", e.hint);
	} else {
		fprintf(stderr, "lsmctl: %s: %s\n", what, strerror(-r));
	}
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

void lsmctl_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void log_stderr(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
	fprintf(stderr, "lsmctl: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

int main(int argc, char *argv[])
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"verbose", no_argument, NULL, 'v'},
		{"backend", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	struct lsmc_ctx *ctx = NULL;
	enum lsmc_backend backend = LSMC_BACKEND_AUTO;
	bool backend_set = false;
	int verbose = 0, c, r;

	opterr = 0;
	/* '+' stops at the command name, so each command parses its own options. */
	while ((c = getopt_long(argc, argv, "+hVvb:", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'V':
			printf("lsmctl %s\n%s\n", PACKAGE_VERSION, lsmc_features());
			return EXIT_OK;
		case 'v':
			verbose++;
			break;
		case 'b':
			if (lsmc_backend_from_name(optarg, &backend) < 0)
				return lsmctl_usage_error(
					NULL, "unknown backend '%s': use auto, syscall or fs",
					optarg);
			backend_set = true;
			break;
		default:
			return lsmctl_usage_error(NULL, "invalid option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return lsmctl_usage_error(NULL, "missing command");

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct lsmctl_cmd *cmd = commands[i];

		if (strcmp(cmd->name, argv[optind]) != 0)
			continue;
		r = lsmc_new(&ctx);
		if (r < 0) {
			fprintf(stderr, "lsmctl: cannot create a library context: %s\n",
				strerror(-r));
			return EXIT_ERROR;
		}
		if (verbose) {
			lsmc_set_log_fn(ctx, log_stderr, NULL);
			lsmc_set_log_priority(ctx, verbose > 1 ? LOG_DEBUG : LOG_INFO);
		} else if (lsmc_get_log_priority(ctx) > LOG_ERR) {
			/* LSMCONFIG_LOG asked for more: show it. */
			lsmc_set_log_fn(ctx, log_stderr, NULL);
		}
		if (backend_set)
			lsmc_set_backend(ctx, backend);
		optind++;
		r = cmd->run(ctx, argc - optind + 1, argv + optind - 1);
		lsmc_unref(ctx);
		return r;
	}
	return lsmctl_usage_error(NULL, "unknown command '%s'", argv[optind]);
}

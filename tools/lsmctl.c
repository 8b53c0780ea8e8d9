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
		"  -j, --json[=STYLE]      print results as JSON: short (default) or pretty\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-22s  %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out,
		"\n"
		"Run 'lsmctl help COMMAND' or 'lsmctl COMMAND --help' for a command's options;\n"
		"options may stand anywhere before \"--\". Exit status: 0 success, 1 error,\n"
		"2 bad usage, 3 partial success. See lsmctl(8).\n");
}

static const struct lsmctl_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[sizeof(commands) / sizeof(commands[0]) + 1];
	const char *guess;
	size_t n = 0;

	for (; n < sizeof(commands) / sizeof(commands[0]); n++)
		names[n] = commands[n]->name;
	names[n++] = "help";
	guess = lsmctl_did_you_mean(name, names, n);
	if (guess)
		return lsmctl_usage_error(NULL, "unknown command '%s'; did you mean '%s'?", name,
					  guess);
	return lsmctl_usage_error(NULL, "unknown command '%s'", name);
}

/* lsmctl help [COMMAND]: the same text as --help. */
static int help_command(int argc, char *argv[])
{
	const struct lsmctl_cmd *cmd;

	if (argc == 1) {
		help(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return lsmctl_usage_error("help", "unexpected argument '%s'", argv[2]);
	if (strcmp(argv[1], "help") == 0) {
		help(stdout);
		return EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return unknown_command(argv[1]);
	cmd->help(stdout);
	return EXIT_OK;
}

/*
 * "Options may stand anywhere": one the top level does not know may belong
 * to the command named later ("lsmctl --dry-run load ..."). Moves the first
 * command's name before argv[from] so that the command parses what preceded
 * it; false when there is none (before "--").
 */
static bool hoist_command(int argc, char *argv[], int from)
{
	if (from < argc && find_command(argv[from]))
		return false; /* already first: the option is the command's to refuse */
	for (int i = from; i < argc && strcmp(argv[i], "--") != 0; i++) {
		char *name = argv[i];

		if (!find_command(name))
			continue;
		memmove(&argv[from + 1], &argv[from], (size_t)(i - from) * sizeof(*argv));
		argv[from] = name;
		return true;
	}
	return false;
}

/* Output that did not reach stdout (a full disk, a closed descriptor) is a
 * failure: a script must not take a cut-off report for a whole one. */
static int check_stdout(int r)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return r;
	fprintf(stderr, "lsmctl: writing to standard output: %s\n", strerror(errno));
	return EXIT_ERROR;
}

/* --json given anywhere before "--": a usage error found before the option
 * is parsed gets its report too (lsmctl_json_finish()). */
static void scan_json(int argc, char *argv[])
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0 ||
		    strcmp(argv[i], "--json=short") == 0)
			lsmctl.json_usage = 1 + JSON_C_TO_STRING_PLAIN;
		else if (strcmp(argv[i], "--json=pretty") == 0)
			lsmctl.json_usage = 1 + (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						 JSON_C_TO_STRING_PRETTY_TAB);
}

static int run(int argc, char *argv[])
{
	static const struct option options[] = {
		{"version", no_argument, NULL, 'V'},
		LSMCTL_COMMON_LONGOPTS,
	};
	const struct lsmctl_cmd *cmd;
	struct lsmc_ctx *ctx = NULL;
	enum lsmc_backend backend = LSMC_BACKEND_AUTO;
	bool backend_set = false;
	int c, r;

	opterr = 0;
	/* '+' stops at the command name; the command parses what follows. */
	while ((c = getopt_long(argc, argv, "+:V" LSMCTL_COMMON_SHORTOPTS, options, NULL)) != -1) {
		switch (c) {
		case 'V':
			printf("lsmctl %s\n%s\n", PACKAGE_VERSION, lsmc_features());
			return EXIT_OK;
		case 'h':
			help(stdout);
			return EXIT_OK;
		case 'b':
			/* Checked now, applied once there is a context. */
			if (lsmc_backend_from_name(optarg, &backend) < 0)
				return lsmctl_usage_error(
					NULL, "unknown backend '%s': use auto, syscall or fs",
					optarg);
			backend_set = true;
			break;
		case '?':
			/* Start again at the command, which takes the options
			 * that stood before it as its own. */
			if (hoist_command(argc, argv, 1)) {
				/* what the options before it set: counted again */
				lsmctl.verbose = 0;
				lsmctl.json = 0;
				backend_set = false;
				optind = 0;
				break;
			}
			/* fall through */
		default:
			r = lsmctl_common_option(NULL, NULL, c, argv);
			if (r != LSMCTL_CONTINUE)
				return r;
		}
	}
	if (optind >= argc)
		return lsmctl_usage_error(NULL, "missing command");
	if (strcmp(argv[optind], "help") == 0)
		return help_command(argc - optind, argv + optind);
	cmd = find_command(argv[optind]);
	if (!cmd)
		return unknown_command(argv[optind]);
	lsmctl.command = cmd->name;

	r = lsmc_new(&ctx);
	if (r < 0) {
		lsmctl_error(r, "cannot create a library context: %s", strerror(-r));
		return EXIT_ERROR;
	}
	/* -v given so far; the command's own -v raises it further. */
	lsmctl_apply_verbose(ctx);
	if (backend_set)
		lsmc_set_backend(ctx, backend);
	optind++;
	r = cmd->run(ctx, argc - optind + 1, argv + optind - 1);
	lsmc_unref(ctx);
	return r;
}

int main(int argc, char *argv[])
{
	int r;

	scan_json(argc, argv);
	r = run(argc, argv);
	/* With --json, a report whatever happened: the command's, or one that
	 * says why there is none. */
	lsmctl_json_finish(r);
	return check_stdout(r);
}

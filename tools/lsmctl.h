/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "lsmconfig.h"

/* Stable exit codes (lsmctl(8)). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3,
};

struct lsmctl_cmd {
	const char *name;
	int (*run)(struct lsmc_ctx *ctx, int argc, char *argv[]);
	void (*help)(FILE *out);
	const char *summary;
};

extern const struct lsmctl_cmd lsmctl_cmd_status;
extern const struct lsmctl_cmd lsmctl_cmd_load;
extern const struct lsmctl_cmd lsmctl_cmd_remove;
extern const struct lsmctl_cmd lsmctl_cmd_ns;
extern const struct lsmctl_cmd lsmctl_cmd_unshare;
extern const struct lsmctl_cmd lsmctl_cmd_boot;

/* Prints "lsmctl: <msg>" and returns EXIT_USAGE; for bad command lines. */
int lsmctl_usage_error(const char *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the context's last error with its interface and hint. */
void lsmctl_print_error(struct lsmc_ctx *ctx, const char *what, int r);

/* Where "--" stands in argv (argc when it does not); *command is what
 * follows it, or NULL when nothing does. */
int lsmctl_split_command(int argc, char *argv[], char ***command);

/* The file begins like compiled AppArmor policy (apparmor_parser output). */
bool lsmctl_is_apparmor_policy(const char *path);

/* Wait for the child pid that confined itself with compiled AppArmor
 * policy and ran a command; remove the policy namespace a self load made
 * for it (lsmc-self.PID) if there is one. Returns the command's exit
 * status (128 + signal when it was killed). */
int lsmctl_wait_self_policy(struct lsmc_ctx *ctx, pid_t pid);

/* JSON string output with escaping. */
void lsmctl_json_string(FILE *out, const char *s);

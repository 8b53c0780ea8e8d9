/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "lsmconfig.h"

/* Stable exit codes (lsmctl(8)). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3,
};

/* What lsmctl_common_option() returns for an option it handled. */
#define LSMCTL_CONTINUE (-1)

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

/* Options every command takes, wherever they stand on the line. */
struct lsmctl_global {
	int verbose;
	int json; /* 0: text; else json-c's JSON_C_TO_STRING_* flags, plus 1 */
};
extern struct lsmctl_global lsmctl;

/* The long options every command accepts; commands add their own before it. */
#define LSMCTL_COMMON_LONGOPTS                                                                     \
	{"verbose", no_argument, NULL, 'v'}, {"backend", required_argument, NULL, 'b'},            \
		{"json", optional_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},          \
	{                                                                                          \
		NULL, 0, NULL, 0                                                                   \
	}
/* Their short forms; a command's optstring starts with ':' and ends with it. */
#define LSMCTL_COMMON_SHORTOPTS "vb:jh"

/*
 * Handles an option getopt_long() returned: the common ones, a missing
 * argument (':') and an unknown option ('?'). Returns LSMCTL_CONTINUE when
 * parsing goes on, else the exit status (help printed, or a usage error).
 */
int lsmctl_common_option(const struct lsmctl_cmd *cmd, struct lsmc_ctx *ctx, int c, char *argv[]);

/* Sends the library's log to stderr as -v (or LSMCONFIG_LOG) asks. */
void lsmctl_apply_verbose(struct lsmc_ctx *ctx);

/* A usage error when option c (one of options) takes a value and was given
 * an empty one ("--ns="); else LSMCTL_CONTINUE. */
int lsmctl_check_value(const char *cmd, const struct option *options, int c);

/* Prints "lsmctl CMD: <msg>" and returns EXIT_USAGE; for bad command lines. */
int lsmctl_usage_error(const char *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* The candidate closest to word (a typo), or NULL when none is close. */
const char *lsmctl_did_you_mean(const char *word, const char *const *candidates, size_t n);

/* Parses an LSM name for a command; a usage error if it is missing (NULL)
 * or (with a suggestion) none of apparmor, selinux and smack. */
int lsmctl_parse_lsm(const char *cmd, const char *name, uint64_t *lsm);

/* Progress for a person watching: stderr, and only with -v. */
void lsmctl_note(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Prints the context's last error with its interface and hint. */
void lsmctl_print_error(struct lsmc_ctx *ctx, const char *what, int r);

/* The context's last error as one line for a report ("interface: message;
 * hint: ..."), or strerror(-r) when the library recorded none. */
void lsmctl_error_text(struct lsmc_ctx *ctx, int r, char *buf, size_t len);
/* The same, leaving out an interface that only repeats subject, which the
 * caller prints itself. */
void lsmctl_error_text_about(struct lsmc_ctx *ctx, int r, const char *subject, char *buf,
			     size_t len);

/* Where "--" stands in argv (argc when it does not); *command is what
 * follows it, or NULL when nothing does. */
int lsmctl_split_command(int argc, char *argv[], char ***command);

/* The file begins like compiled AppArmor policy (apparmor_parser output). */
bool lsmctl_is_apparmor_policy(const char *path);

/* load --self ... -- COMMAND: this process forks; the child sets
 * no_new_privs, loads, reports and runs COMMAND, the parent waits. */
struct lsmctl_self {
	pid_t pid;     /* the child's, in the parent; 0 in the child */
	int report_fd; /* the child writes, the parent reads; -1 when done */
};

/* Become a child subreaper and fork; 0 in both processes or -errno. */
int lsmctl_self_fork(struct lsmctl_self *s);
/* In the child, after the load and before COMMAND: tell the parent which
 * policy namespace the library made for it, if it made one. */
void lsmctl_self_report(struct lsmctl_self *s, const struct lsmc_result *res);
/* In the parent: wait for the child; where the library made a namespace,
 * wait for every process COMMAND left behind too (they are this process's
 * as a subreaper), then remove it. Returns COMMAND's exit status (128 +
 * signal when it was killed). */
int lsmctl_self_wait(struct lsmc_ctx *ctx, struct lsmctl_self *s);

/* ---- JSON (json.c): one schema for every command, lsmctl(8) "JSON" ---- */

/* {"version":N,"command":NAME}: the document a command fills in. */
struct json_object *lsmctl_json_doc(const char *command);
/* A JSON string of s, with any byte that is not valid UTF-8 replaced by
 * U+FFFD; NULL gives JSON null. */
struct json_object *lsmctl_json_str(const char *s);
/* One item as every command reports it: "item", "lsm", "status", "errno"
 * (number, 0 when none), "errno_name" (null when none), "message". */
struct json_object *lsmctl_json_item(const char *item, uint64_t lsm, const char *status, int error,
				     const char *message);
/* Adds what a load did: "backend", "atomic", "rolled_back", "count",
 * "bytes", "kernel_calls". */
void lsmctl_json_add_result(struct json_object *item, enum lsmc_backend backend, bool atomic,
			    bool rolled_back, unsigned int count, unsigned long long bytes,
			    unsigned int kernel_calls);
/* Prints doc in the style --json asked for and frees it. */
void lsmctl_json_print(struct json_object *doc);

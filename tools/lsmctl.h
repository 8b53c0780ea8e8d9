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

/* getopt's value for --json-fd (long only), for the commands that run one. */
#define LSMCTL_OPT_JSON_FD 0x100
#define LSMCTL_JSON_FD_LONGOPT                                                                     \
	{                                                                                          \
		"json-fd", required_argument, NULL, LSMCTL_OPT_JSON_FD                             \
	}

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
	int json;		     /* 0: text; else json-c's JSON_C_TO_STRING_* flags, plus 1 */
	int json_fd;		     /* --json-fd=N, or -1: stdout, stderr for a wrapper */
	int json_usage;		     /* what --json on the line would set: for a usage error */
	bool wrapper;		     /* a COMMAND follows: stdout is its own */
	struct json_object *pending; /* the report, printed when the command ends */
	bool reported;		     /* a report went out (or belongs to another process) */
	const char *command;	     /* the command being run, for a failure's report */
	bool usage;		     /* the last error was a usage error */
	int error;		     /* its errno, 0 when none applies */
	char message[1024];	     /* what was said on stderr, for a failure's report */
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
/* (--json: the failure's report says the same.) */
int lsmctl_usage_error(const char *cmd, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* The candidate closest to word (a typo), or NULL when none is close. */
const char *lsmctl_did_you_mean(const char *word, const char *const *candidates, size_t n);

/* Parses an LSM name for a command; a usage error if it is missing (NULL)
 * or (with a suggestion) none of apparmor, selinux and smack. */
int lsmctl_parse_lsm(const char *cmd, const char *name, uint64_t *lsm);

/* Prints "lsmctl CMD: <msg>" on stderr (names in it escaped) and keeps it, with
 * the errno e (positive or negative, 0 for none), for the report --json
 * prints when the command fails without one. */
void lsmctl_error(int e, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* --json-fd=N: checks N (a usage error when it is no open descriptor). */
int lsmctl_set_json_fd(const char *cmd, const char *arg);

/* s for a terminal: control characters, backslashes and bytes that are not
 * UTF-8 as C escapes ("\n", "\\", "\x1b"), as ls -b does; each result stays
 * valid until eight more calls. */
const char *lsmctl_name(const char *s);
/* A message for a terminal: each occurrence of name (may be NULL) as
 * lsmctl_name() shows it, other control characters but newlines and tabs,
 * and bytes that are not UTF-8, escaped. Same lifetime. */
const char *lsmctl_text(const char *msg, const char *name);

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

/*
 * What became of an item, in text and JSON alike (data/lsmctl.schema.json):
 * one word each.
 */
enum lsmctl_status {
	LSMCTL_LOADED,	      /* the kernel took it */
	LSMCTL_VALID,	      /* dry run: it would load */
	LSMCTL_INVALID,	      /* dry run: it would be refused */
	LSMCTL_FAILED,	      /* it was not loaded (removed, created) */
	LSMCTL_SKIPPED,	      /* deliberately not loaded: nothing in it, or loaded already */
	LSMCTL_NOT_ATTEMPTED, /* not tried: an earlier item failed */
	LSMCTL_REMOVED,
	LSMCTL_CREATED,
	LSMCTL_JOINED,
	LSMCTL_PRESENT, /* ns list */
};
const char *lsmctl_status_word(enum lsmctl_status s);

/* {"version":N,"command":NAME}: the document a command fills in. */
struct json_object *lsmctl_json_doc(const char *command);
/* A JSON string of s, with any byte that is not valid UTF-8 replaced by
 * U+FFFD; NULL gives JSON null. For messages; names go through
 * lsmctl_json_add_name(). */
struct json_object *lsmctl_json_str(const char *s);
/* Adds key: name as lsmctl_json_str() makes it and, when name is not valid
 * UTF-8, key + "_base64": its bytes, so that no two names read the same. */
void lsmctl_json_add_name(struct json_object *o, const char *key, const char *name);
/* One item as every command reports it: "item" (null: SELinux's configured
 * policy), "lsm", "status", "errno" and "errno_name" (null when no error),
 * "message". */
struct json_object *lsmctl_json_item(const char *item, uint64_t lsm, enum lsmctl_status status,
				     int error, const char *message);
/* Adds what a load did: "backend", "atomic" (null unless the item was
 * delivered), "rolled_back", "count", "bytes", "kernel_calls". */
void lsmctl_json_add_result(struct json_object *item, enum lsmctl_status status,
			    enum lsmc_backend backend, bool atomic, bool rolled_back,
			    unsigned int count, unsigned long long bytes,
			    unsigned int kernel_calls);
/* Takes doc as the command's report: printed with "exit_status" when the
 * command returns (lsmctl_json_flush() prints it before then). */
void lsmctl_json_print(struct json_object *doc);
/* Prints the pending report now (before a COMMAND runs), in the style
 * --json asked for, where it goes: --json-fd, else stderr for a wrapper,
 * else stdout. exit_status < 0 leaves that member out. */
void lsmctl_json_flush(int exit_status);
/* When the command ends: its report, or one that says why it failed. */
void lsmctl_json_finish(int exit_status);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * What the in-guest benchmark's parts share: reporting, file reading, the
 * inputs of each LSM and the raw pseudo-fs floors (lsmc-bench.c), used by
 * the syscall-beside-pseudo-fs runs too (pair.c).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lsmconfig.h>

struct method {
	const char *name;
	const char *what;
	long (*fn)(void);
	bool cli_rounds; /* one process per file: run only CLI_ROUNDS times */
	bool needs_lsmctl, needs_parser, needs_minload;
};

extern int errors;
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t now_ns(void);
void report(const char *lsm, const char *method, int round, uint64_t ns, long calls, long items);
void describe(const char *lsm, const char *method, const char *what);
void lib_error(struct lsmc_ctx *ctx, const char *what, int r);
int read_into(const char *path, char **buf, size_t *cap, size_t *off);
char *slurp(const char *path, size_t *len);
char *which(const char *name);

/* AppArmor: the compiled profiles (one path per line of a list file) */
extern char **aa_files;
extern size_t aa_n;
void aa_read_list(const char *list);
size_t aa_count(void);
void aa_remove_all(void);
long aa_raw_set(void);
long aa_raw_each(void);

/* SELinux: the policy file */
extern const char *se_policy;
long se_raw(void);

/* Smack: generated rules, as text and parsed */
extern char *sm_text;
extern size_t sm_len, sm_rules;
extern struct lsmc_smack_ruleset *sm_rs;
void sm_make(size_t n, const char *access);
long sm_raw_page(void);

int bench_pair(int argc, char **argv);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* What an AppArmor input to lsmctl load is. */
enum aa_input {
	AA_COMPILED,   /* apparmor_parser output */
	AA_SOURCE,     /* profile source text */
	AA_CACHE_DIR,  /* an apparmor_parser cache */
	AA_SOURCE_DIR, /* a directory of profile sources (/etc/apparmor.d) */
	AA_OTHER_DIR,  /* a directory that is neither */
};

/* Whether path is a regular file of apparmor_parser output. */
bool aa_is_compiled(const char *path);

/* Tells what path is; a negative errno when it cannot be read. */
int aa_classify(const char *path, enum aa_input *kind);

/* The profile sources of a directory, as apparmor_parser would take them
 * (no abstractions/, tunables/, local/, disable/, dotfiles or editor and
 * package-manager leftovers; nothing disabled through DIR/disable/), in
 * a NULL-terminated vector for aa_strv_free. */
int aa_source_files(const char *dir, char ***files, size_t *n);

/* The apparmor_parser to compile with, or NULL when none is installed. */
const char *aa_compiler(void);
/* Why aa_compiler() found none, as advice (an override that is not a
 * program, or no apparmor_parser installed); call it right after. */
void aa_compiler_missing(char *buf, size_t len);

/* Runs argv (argv[0]: the parser's path) with stdout on fd_out (left alone
 * when negative) and stderr on fd_err, and waits: 0 with its wait status
 * in *status, or a negative errno when it could not be run. */
int aa_run_parser(const char *const *argv, int fd_out, int fd_err, int *status);

/*
 * Compiles src with apparmor_parser into out (for the features of
 * features_file, else of the running kernel; includes from base when not
 * NULL). Returns 0, or a negative errno with what the compiler said in msg.
 */
int aa_compile(const char *parser, const char *src, const char *features_file, const char *base,
	       const char *out, char *msg, size_t len);

/* Frees a NULL-terminated vector such as aa_source_files gives. */
void aa_strv_free(char **v);

/* A features file (apparmor_parser --features-file) read whole into a
 * malloc'd *buf: 0, or a negative errno (-EINVAL: not a regular file). */
int aa_features_read(const char *path, char **buf, size_t *len);

/*
 * The directory of cache that holds policy compiled for the given
 * features: cache itself or one of its subdirectories whose .features
 * equals them, as apparmor_parser --write-cache names them (features
 * NULL: the first that has a .features at all). 0 with a
 * malloc'd *dir, -ENOENT when none matches, another negative errno when
 * cache cannot be read.
 */
int aa_cache_dir_for(const char *cache, const char *features, size_t len, char **dir);

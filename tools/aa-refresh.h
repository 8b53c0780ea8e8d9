/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* The profile sources of a directory against an apparmor_parser cache. */
struct aa_refresh {
	char **sources; /* as apparmor_parser takes them (aa_source_files) */
	size_t n_sources;
	size_t n_stale;	 /* how many had no fresh compiled form */
	bool *failed;	 /* per source: did not compile */
	char **messages; /* per source: what apparmor_parser said, or NULL */
	size_t n_failed;
	const char *parser; /* the apparmor_parser that ran, NULL if none did */
	char *subdir;	    /* where it wrote, when the caller could not name it */
};

/*
 * Brings the compiled form of each source of dir in subdir (cache's
 * subdirectory for this kernel's features) up to date: every stale source
 * goes to one apparmor_parser process (--write-cache, --jobs over the CPUs),
 * none when nothing is stale. With dry_run only counts. Returns 0 (sources
 * that did not compile are marked in out), or a negative errno: -ENOENT
 * when there is something to compile and no apparmor_parser.
 * features_file compiles for another kernel's features; subdir NULL means
 * an empty cache whose subdirectory the parser names (out->subdir).
 */
int aa_refresh_cache(const char *dir, const char *cache, const char *subdir,
		     const char *features_file, bool dry_run, struct aa_refresh *out);
void aa_refresh_free(struct aa_refresh *r);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Keeping apparmor_parser's cache current at boot, as apparmor.service
 * does, but with one parser process for everything that is stale instead
 * of one per file, and none at all when nothing is: a source is stale when
 * its compiled file for this kernel's features is missing, or older than
 * the source or than anything in the trees profiles include from
 * (abstractions/, tunables/, local/, abi/). apparmor_parser gives a cache
 * file the time of the newest file it was compiled from, so an unchanged
 * tree compares equal; the parser itself then decides precisely what to
 * recompile.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aa-refresh.h"
#include "aa-source.h"
#include "lsmctl.h"

static struct timespec newest;

static int note_newest(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)type;
	(void)ftw;
	if (st->st_mtim.tv_sec > newest.tv_sec ||
	    (st->st_mtim.tv_sec == newest.tv_sec && st->st_mtim.tv_nsec > newest.tv_nsec))
		newest = st->st_mtim;
	return 0;
}

/* The newest modification time below the include trees of dir. */
static struct timespec includes_newest(const char *dir)
{
	static const char *const trees[] = {"abstractions", "tunables", "local", "abi"};
	char path[4096];

	newest = (struct timespec){0};
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		if (snprintf(path, sizeof(path), "%s/%s", dir, trees[i]) < (int)sizeof(path))
			nftw(path, note_newest, 16, FTW_PHYS);
	return newest;
}

static bool older(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Whether the compiled form of src in subdir is there and not older than
 * src or than `floor`. */
static bool fresh(const char *src, const char *subdir, struct timespec floor)
{
	char bin[4096];
	struct stat s, b;

	if (snprintf(bin, sizeof(bin), "%s/%s", subdir, base_name(src)) >= (int)sizeof(bin) ||
	    stat(src, &s) < 0 || stat(bin, &b) < 0 || !S_ISREG(b.st_mode))
		return false;
	return !older(b.st_mtim, s.st_mtim) && !older(b.st_mtim, floor);
}

/* Runs apparmor_parser over files, writing the cache; its stderr goes to
 * msgs. Returns its exit status, or a negative errno when it did not run. */
static int run_parser(const char *parser, const char *cache, const char *base, char **files,
		      size_t n, FILE *msgs)
{
	char jobs[32];
	const char **argv = calloc(n + 12, sizeof(*argv));
	int k = 0, status, r;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (!argv)
		return -ENOMEM;
	snprintf(jobs, sizeof(jobs), "--jobs=%ld", cpus > 0 ? cpus : 1);
	argv[k++] = parser;
	argv[k++] = "--write-cache";
	argv[k++] = "--skip-kernel-load"; /* the library loads, as one set */
	argv[k++] = "--quiet";
	argv[k++] = jobs;
	argv[k++] = "--cache-loc";
	argv[k++] = cache;
	argv[k++] = "--base";
	argv[k++] = base;
	argv[k++] = "--";
	for (size_t i = 0; i < n; i++)
		argv[k++] = files[i];
	r = aa_run_parser(argv, -1, fileno(msgs), &status);
	free(argv);
	if (r < 0)
		return r;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* What the parser said about src, on one line; false when nothing. */
static bool message_for(FILE *msgs, const char *src, char *msg, size_t len)
{
	char line[1024];

	msg[0] = '\0';
	rewind(msgs);
	while (fgets(line, sizeof(line), msgs)) {
		if (!strstr(line, src))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(msg, len, "%s", line);
		return true;
	}
	snprintf(msg, len, "apparmor_parser wrote no compiled form of it");
	return false;
}

/* The compiled file of src as it is now: its identity, or zero when
 * there is none. The parser writes a new file: another inode or ctime. */
struct bin_id {
	ino_t ino;
	struct timespec ctime;
};

static struct bin_id bin_of(const char *src, const char *subdir)
{
	char bin[4096];
	struct stat b;

	if (snprintf(bin, sizeof(bin), "%s/%s", subdir, base_name(src)) >= (int)sizeof(bin) ||
	    stat(bin, &b) < 0 || !S_ISREG(b.st_mode))
		return (struct bin_id){0};
	return (struct bin_id){b.st_ino, b.st_ctim};
}

int aa_refresh_cache(const char *dir, const char *cache, const char *subdir, bool dry_run,
		     struct aa_refresh *out)
{
	struct timespec floor;
	size_t n_stale = 0;
	char **stale;
	int r;

	memset(out, 0, sizeof(*out));
	r = aa_source_files(dir, &out->sources, &out->n_sources);
	if (r < 0)
		return r;
	out->failed = calloc(out->n_sources + 1, sizeof(*out->failed));
	out->messages = calloc(out->n_sources + 1, sizeof(*out->messages));
	stale = calloc(out->n_sources + 1, sizeof(*stale));
	if (!out->failed || !out->messages || !stale) {
		free(stale);
		return -ENOMEM;
	}
	floor = includes_newest(dir);
	for (size_t i = 0; i < out->n_sources; i++) {
		struct stat st;

		/* an empty file (a stray touch) holds no profile to compile */
		if (stat(out->sources[i], &st) == 0 && st.st_size == 0) {
			lsmctl_note("apparmor: %s: empty, nothing to compile", out->sources[i]);
			continue;
		}
		if (!fresh(out->sources[i], subdir, floor))
			stale[n_stale++] = out->sources[i];
	}
	out->n_stale = n_stale;
	if (n_stale == 0 || dry_run) {
		free(stale);
		return 0;
	}
	out->parser = aa_compiler();
	if (!out->parser) {
		free(stale);
		return -ENOENT;
	}
	lsmctl_note("apparmor: compiling %zu of %zu profile source(s) into %s with %s", n_stale,
		    out->n_sources, cache, out->parser);
	FILE *msgs = tmpfile();
	struct bin_id *before = calloc(n_stale, sizeof(*before));
	if (!msgs || !before) {
		r = msgs ? -ENOMEM : -errno;
		goto out;
	}
	for (size_t i = 0; i < n_stale; i++)
		before[i] = bin_of(stale[i], subdir);
	r = run_parser(out->parser, cache, dir, stale, n_stale, msgs);
	if (r < 0)
		goto out;
	r = 0;
	/* A source the parser named and wrote nothing for, or left without
	 * any compiled form, did not compile: it is left out of the load, so
	 * its profiles keep whatever the kernel has (an old compiled form is
	 * not loaded in its place). One it found fresh after all it leaves
	 * alone, silently. */
	for (size_t i = 0; i < n_stale; i++) {
		struct bin_id now = bin_of(stale[i], subdir);
		bool rewritten = now.ino && (now.ino != before[i].ino ||
					     now.ctime.tv_sec != before[i].ctime.tv_sec ||
					     now.ctime.tv_nsec != before[i].ctime.tv_nsec);
		size_t j = 0;
		char msg[1024];
		bool named = message_for(msgs, stale[i], msg, sizeof(msg));

		/* no compiled form and no word about it: a file without a
		 * profile (comments only), which loads nothing */
		if (rewritten || !named)
			continue;
		while (out->sources[j] != stale[i])
			j++;
		out->failed[j] = true;
		out->messages[j] = strdup(msg);
		out->n_failed++;
	}
out:
	if (msgs)
		fclose(msgs);
	free(before);
	free(stale);
	return r;
}

void aa_refresh_free(struct aa_refresh *r)
{
	for (size_t i = 0; r->messages && i < r->n_sources; i++)
		free(r->messages[i]);
	free(r->messages);
	free(r->failed);
	aa_strv_free(r->sources);
	memset(r, 0, sizeof(*r));
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Keeping apparmor_parser's cache current at boot, as apparmor.service
 * does, but with one parser process for everything that is stale instead
 * of one per file, and none at all when nothing is: a source is stale when
 * its compiled file for this kernel's features is missing, or older than
 * the source or than any file it includes, directly or through another
 * (include, #include, include if exists, abi: every file apparmor_parser
 * reads for it). apparmor_parser gives a cache file the time of the newest
 * file it was compiled from, so an unchanged profile compares equal; the
 * parser itself then decides precisely what to recompile.
 */
#include <errno.h>
#include <fcntl.h>
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

static bool older(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* The files of one source's include closure seen so far (no file twice). */
struct closure {
	char **seen;
	size_t n, cap;
	struct timespec newest;
};

static bool seen_before(struct closure *c, const char *path)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->seen[i], path) == 0)
			return true;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		char **v = realloc(c->seen, cap * sizeof(*v));
		if (!v)
			return true; /* stop here: the source then counts as stale */
		c->seen = v;
		c->cap = cap;
	}
	c->seen[c->n] = strdup(path);
	if (!c->seen[c->n])
		return true;
	c->n++;
	return false;
}

static void closure_free(struct closure *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->seen[i]);
	free(c->seen);
}

/* An include statement's target: "<x>" below base, "\"x\"" beside from (or
 * absolute). Any other line: false. */
static bool include_target(const char *line, const char *base, const char *from, char *out,
			   size_t len)
{
	const char *p = line + strspn(line, " \t");
	const char *open, *close;

	if (strncmp(p, "#include", 8) == 0)
		p += 8;
	else if (strncmp(p, "include", 7) == 0 && (p[7] == ' ' || p[7] == '\t'))
		p += 7;
	else if (strncmp(p, "abi", 3) == 0 && (p[3] == ' ' || p[3] == '\t'))
		p += 3;
	else
		return false;
	p += strspn(p, " \t");
	if (strncmp(p, "if exists", 9) == 0)
		p += 9 + strspn(p + 9, " \t");
	if (*p == '<') {
		open = p + 1;
		close = strchr(open, '>');
		return close &&
		       snprintf(out, len, "%s/%.*s", base, (int)(close - open), open) < (int)len;
	}
	if (*p == '"') {
		open = p + 1;
		close = strchr(open, '"');
		if (!close)
			return false;
		if (*open == '/')
			return snprintf(out, len, "%.*s", (int)(close - open), open) < (int)len;
		const char *slash = strrchr(from, '/');
		return snprintf(out, len, "%.*s/%.*s", slash ? (int)(slash - from) : 1,
				slash ? from : ".", (int)(close - open), open) < (int)len;
	}
	return false;
}

/* What one file (or directory) is: its time and what it includes (for a
 * directory, its files). Read once per run, however many sources include
 * it: abstractions/base stands in nearly every closure. */
struct node {
	char *path;
	bool missing;
	struct timespec mtime;
	char **deps;
	size_t n_deps;
};

struct memo {
	struct node *v;
	size_t n, cap;
};

static void add_dep(struct node *nd, const char *path)
{
	char **v = realloc(nd->deps, (nd->n_deps + 1) * sizeof(*v));

	if (!v)
		return;
	nd->deps = v;
	if ((v[nd->n_deps] = strdup(path)))
		nd->n_deps++;
}

static const struct node *node_of(struct memo *m, const char *base, const char *path)
{
	struct node nd = {0};
	struct stat st;

	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].path, path) == 0)
			return &m->v[i];
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 128;
		struct node *v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	nd.path = strdup(path);
	if (!nd.path)
		return NULL;
	nd.missing = stat(path, &st) < 0;
	if (!nd.missing) {
		nd.mtime = st.st_mtim;
		if (S_ISDIR(st.st_mode)) {
			char **files;
			size_t n;

			/* the parser takes a directory's files as it takes /etc/apparmor.d's */
			if (aa_source_files(path, &files, &n) == 0) {
				for (size_t i = 0; i < n; i++)
					add_dep(&nd, files[i]);
				aa_strv_free(files);
			}
		} else {
			char line[4096], target[4096];
			FILE *f = fopen(path, "re");

			while (f && fgets(line, sizeof(line), f))
				if (include_target(line, base, path, target, sizeof(target)))
					add_dep(&nd, target);
			if (f)
				fclose(f);
		}
	}
	m->v[m->n] = nd;
	return &m->v[m->n++];
}

static void memo_free(struct memo *m)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->v[i].n_deps; j++)
			free(m->v[i].deps[j]);
		free(m->v[i].deps);
		free(m->v[i].path);
	}
	free(m->v);
}

/* A file, or every file of a directory, with what it includes. */
static void walk(struct closure *c, struct memo *m, const char *base, const char *path, int depth)
{
	const struct node *nd;

	if (depth > 32 || seen_before(c, path))
		return;
	nd = node_of(m, base, path);
	if (!nd || nd->missing)
		return;
	if (older(c->newest, nd->mtime))
		c->newest = nd->mtime;
	/* nd may move as the memo grows: walk a copy of its list */
	size_t n = nd->n_deps;
	char **deps = malloc(n * sizeof(*deps) + 1);
	if (!deps)
		return;
	memcpy(deps, nd->deps, n * sizeof(*deps));
	for (size_t i = 0; i < n; i++)
		walk(c, m, base, deps[i], depth + 1);
	free(deps);
}

/* The newest modification time of src and of every file it includes. */
static struct timespec newest_of(struct memo *m, const char *base, const char *src)
{
	struct closure c = {0};

	walk(&c, m, base, src, 0);
	closure_free(&c);
	return c.newest;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Whether the compiled form of src in subdir is there and not older than
 * `newest` (src's own time, or that of the newest file it includes). */
static bool fresh(const char *src, const char *subdir, struct timespec newest)
{
	char bin[4096];
	struct stat b;

	if (snprintf(bin, sizeof(bin), "%s/%s", subdir, base_name(src)) >= (int)sizeof(bin) ||
	    stat(bin, &b) < 0 || !S_ISREG(b.st_mode))
		return false;
	return !older(b.st_mtim, newest);
}

/* Runs apparmor_parser over files, writing the cache; its stderr goes to
 * msgs. Returns its exit status, or a negative errno when it did not run. */
static int run_parser(const char *parser, const char *cache, const char *base,
		      const char *features_file, char **files, size_t n, FILE *msgs)
{
	char jobs[32];
	const char **argv = calloc(n + 14, sizeof(*argv));
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
	if (features_file) {
		argv[k++] = "--features-file";
		argv[k++] = features_file;
	}
	argv[k++] = "--";
	for (size_t i = 0; i < n; i++)
		argv[k++] = files[i];
	r = aa_run_parser(argv, -1, fileno(msgs), &status);
	free(argv);
	if (r < 0)
		return r;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Whether line names the file src, not one whose name merely contains it
 * ("a/b" in a message about "a/bad"). */
static bool names(const char *line, const char *src)
{
	size_t n = strlen(src);

	for (const char *p = strstr(line, src); p; p = strstr(p + 1, src)) {
		bool starts = p == line || strchr(" '\"`(", p[-1]);
		bool ends = p[n] == '\0' || strchr(" :,;'\")\n", p[n]);

		if (starts && ends)
			return true;
	}
	return false;
}

/* What the parser said about src, on one line; false when nothing. */
static bool message_for(FILE *msgs, const char *src, char *msg, size_t len)
{
	char line[1024];

	msg[0] = '\0';
	rewind(msgs);
	while (fgets(line, sizeof(line), msgs)) {
		if (!names(line, src))
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

/* Where a parser run into an empty cache put its output: the features
 * subdirectory for features_file (any one without it). */
static int subdir_written(const char *cache, const char *features_file, char **subdir)
{
	char *features = NULL;
	size_t len = 0;
	int r = features_file ? aa_features_read(features_file, &features, &len) : 0;

	if (r == 0)
		r = aa_cache_dir_for(cache, features, len, subdir);
	free(features);
	return r;
}

int aa_refresh_cache(const char *dir, const char *cache, const char *subdir,
		     const char *features_file, bool dry_run, struct aa_refresh *out)
{
	size_t n_stale = 0;
	struct memo memo = {0};
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
	for (size_t i = 0; i < out->n_sources; i++) {
		struct stat st;

		/* an empty file (a stray touch) holds no profile to compile */
		if (stat(out->sources[i], &st) == 0 && st.st_size == 0) {
			lsmctl_note("apparmor: %s: empty, nothing to compile", out->sources[i]);
			continue;
		}
		if (!subdir ||
		    !fresh(out->sources[i], subdir, newest_of(&memo, dir, out->sources[i])))
			stale[n_stale++] = out->sources[i];
	}
	memo_free(&memo);
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
	for (size_t i = 0; i < n_stale && subdir; i++)
		before[i] = bin_of(stale[i], subdir);
	r = run_parser(out->parser, cache, dir, features_file, stale, n_stale, msgs);
	if (r < 0)
		goto out;
	r = 0;
	if (!subdir) {
		r = subdir_written(cache, features_file, &out->subdir);
		/* Nothing written at all: every source failed, or none had a profile. */
		if (r == -ENOENT)
			r = asprintf(&out->subdir, "%s/none", cache) < 0 ? -ENOMEM : 0;
		if (r < 0)
			goto out;
		subdir = out->subdir;
	}
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
	free(r->subdir);
	aa_strv_free(r->sources);
	memset(r, 0, sizeof(*r));
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor profile sources for lsmctl load: found as apparmor_parser finds
 * them and compiled by it. The library only ever loads compiled policy;
 * compiling is the command's job.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aa-source.h"
#include "lsmctl.h"

/* Every compiled policy starts with the header's "version" name (0x04 tag). */
static const char compiled_magic[] = "\x04\x08\x00version";

/* The first bytes of a regular file; -EINVAL for anything else. Opened
 * without blocking: a FIFO or a device must not hang the classifier. */
static int file_head(const char *path, char *buf, size_t len, size_t *got)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	n = read(fd, buf, len);
	close(fd);
	if (n < 0)
		return -errno;
	*got = (size_t)n;
	return 0;
}

static bool is_compiled(const char *head, size_t n)
{
	return n >= sizeof(compiled_magic) - 1 &&
	       memcmp(head, compiled_magic, sizeof(compiled_magic) - 1) == 0;
}

bool aa_is_compiled(const char *path)
{
	char head[sizeof(compiled_magic)];
	size_t got;

	return file_head(path, head, sizeof(head), &got) == 0 && is_compiled(head, got);
}

/* Names apparmor_parser leaves alone in a profile directory. */
static bool skipped_name(const char *name)
{
	static const char *const dirs[] = {"abstractions", "tunables",	     "local", "disable",
					   "cache",	   "force-complain", "abi"};
	static const char *const suffixes[] = {
		"~",	    ".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".dpkg-remove",
		".ucf-new", ".ucf-old",	 ".ucf-dist", ".pacsave",   ".pacnew",	 ".rpmnew",
		".rpmsave", ".orig",	 ".rej",      ".swp",	    ".bak",
	};
	size_t len = strlen(name);

	if (name[0] == '.' || strcmp(name, "README") == 0)
		return true;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strcmp(name, dirs[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);
		if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int not_skipped(const struct dirent *d)
{
	return !skipped_name(d->d_name);
}

/* Each regular entry as compiled or source; directories with .features are caches. */
/* Text that could be a profile: a block or an include. */
static bool looks_like_source(const char *head, size_t n)
{
	return n > 0 && !memchr(head, '\0', n) &&
	       (memchr(head, '{', n) || memmem(head, n, "include", 7) || memmem(head, n, "abi", 3));
}

static int scan_dir(const char *dir, int *compiled, int *source, int *other, int *cache_subdirs)
{
	struct dirent **ents;
	char path[4096];
	int n;

	snprintf(path, sizeof(path), "%s/.features", dir);
	if (access(path, F_OK) == 0)
		(*cache_subdirs)++;
	n = scandir(dir, &ents, not_skipped, alphasort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		struct stat st;
		char head[4096];
		size_t got;

		if (snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name) <
			    (int)sizeof(path) &&
		    stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				char f[4096 + 16];
				snprintf(f, sizeof(f), "%s/.features", path);
				*cache_subdirs += access(f, F_OK) == 0;
			} else if (S_ISREG(st.st_mode) &&
				   file_head(path, head, sizeof(head), &got) == 0) {
				if (is_compiled(head, got))
					(*compiled)++;
				else if (looks_like_source(head, got))
					(*source)++;
				else
					(*other)++;
			}
		}
		free(ents[i]);
	}
	free(ents);
	return 0;
}

int aa_classify(const char *path, enum aa_input *kind)
{
	struct stat st;
	char head[16];
	size_t got;
	int r, compiled = 0, source = 0, other = 0, caches = 0;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode)) {
		/* A FIFO, a socket, a device: the library refuses it by name. */
		if (!S_ISREG(st.st_mode)) {
			*kind = AA_COMPILED;
			return 0;
		}
		r = file_head(path, head, sizeof(head), &got);
		if (r == -EINVAL) {
			*kind = AA_COMPILED; /* replaced since the stat: the same */
			return 0;
		}
		if (r < 0)
			return r;
		/* Neither magic nor text: the library's checks say what is wrong.
		 * An empty file is a source without a profile, as apparmor_parser
		 * takes it. */
		*kind = is_compiled(head, got) || memchr(head, '\0', got) ? AA_COMPILED : AA_SOURCE;
		return 0;
	}
	r = scan_dir(path, &compiled, &source, &other, &caches);
	if (r < 0)
		return r;
	/* apparmor_parser hands every file it does not skip to its compiler:
	 * a stray file (empty, an editor's leftover) among sources is one
	 * more source, which compiles to nothing or fails on its own. */
	if (caches || (compiled && !source && !other))
		*kind = AA_CACHE_DIR;
	else if (source && !compiled)
		*kind = AA_SOURCE_DIR;
	else
		*kind = AA_OTHER_DIR;
	return 0;
}

int aa_source_files(const char *dir, char ***files, size_t *np)
{
	struct dirent **ents;
	char **v;
	size_t k = 0;
	int n;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return -errno;
	v = calloc((size_t)n + 1, sizeof(*v));
	for (int i = 0; i < n; i++) {
		char *p = NULL, *off = NULL;
		struct stat st;

		const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";

		if (skipped_name(ents[i]->d_name)) {
			if (strcmp(ents[i]->d_name, ".") != 0 && strcmp(ents[i]->d_name, "..") != 0)
				lsmctl_note(
					"apparmor: %s%s%s: skipped, as apparmor_parser skips it",
					dir, sep, ents[i]->d_name);
			free(ents[i]);
			continue;
		}
		if (v && asprintf(&p, "%s%s%s", dir, sep, ents[i]->d_name) >= 0 &&
		    stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    /* Disabled the Debian way: a link of that name in disable/. */
		    asprintf(&off, "%s/disable/%s", dir, ents[i]->d_name) >= 0 &&
		    access(off, F_OK) < 0) {
			v[k++] = p;
			p = NULL;
		}
		free(p);
		free(off);
		free(ents[i]);
	}
	free(ents);
	if (!v)
		return -ENOMEM;
	*files = v;
	*np = k;
	return 0;
}

void aa_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void aa_compiler_missing(char *buf, size_t len)
{
	const char *env = secure_getenv("LSMCTL_APPARMOR_PARSER");

	if (env && *env)
		snprintf(buf, len,
			 "LSMCTL_APPARMOR_PARSER names %s, which is not an executable file (%s): "
			 "point it at apparmor_parser, or unset it to search PATH",
			 env, access(env, X_OK) < 0 ? strerror(errno) : "a directory");
	else
		snprintf(buf, len,
			 "apparmor_parser is not installed (not in PATH, /usr/sbin or /sbin): "
			 "install the package 'apparmor'");
}

const char *aa_compiler(void)
{
	static char found[4096];
	const char *env = secure_getenv("LSMCTL_APPARMOR_PARSER");
	const char *path = getenv("PATH");
	char dirs[8192];

	/* An override, for a parser outside the usual places (and for tests). */
	if (env && *env)
		return access(env, X_OK) == 0 && !is_dir(env) ? env : NULL;
	snprintf(dirs, sizeof(dirs), "%s:/usr/sbin:/sbin", path ? path : "/usr/bin:/bin");
	for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		if (snprintf(found, sizeof(found), "%s/apparmor_parser", d) < (int)sizeof(found) &&
		    access(found, X_OK) == 0)
			return found;
	}
	return NULL;
}

int aa_run_parser(const char *const *argv, int fd_out, int fd_err, int *status)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if ((fd_out >= 0 && dup2(fd_out, 1) < 0) || dup2(fd_err, 2) < 0)
			_exit(127);
		execv(argv[0], (char *const *)argv);
		dprintf(2, "cannot run %s: %m\n", argv[0]);
		_exit(127);
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* Said on every host without AppArmor, whatever the input: not about it. */
static bool is_noise(const char *line)
{
	return strncmp(line, "Cache read/write disabled:", 26) == 0;
}

/* What the compiler wrote to fd, one "; "-separated line, noise left out. */
static void compiler_said(int fd, char *msg, size_t len)
{
	char line[1024];
	size_t used = 0;
	FILE *f;

	msg[0] = '\0';
	if (lseek(fd, 0, SEEK_SET) < 0 || !(f = fdopen(dup(fd), "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || is_noise(line))
			continue;
		if (used < len)
			used += (size_t)snprintf(msg + used, len - used, "%s%s", used ? "; " : "",
						 line);
	}
	fclose(f);
}

/* A compile that worked may still have warned: with -v, pass it on. */
static void relay_warnings(int fd, const char *src)
{
	char line[1024];
	FILE *f;

	if (!lsmctl.verbose || lseek(fd, 0, SEEK_SET) < 0 || !(f = fdopen(dup(fd), "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && !is_noise(line))
			lsmctl_note("apparmor: %s: apparmor_parser: %s", src, line);
	}
	fclose(f);
}

int aa_compile(const char *parser, const char *src, const char *features_file, const char *base,
	       const char *out, char *msg, size_t len)
{
	const char *argv[12];
	char errpath[4200];
	int status, fd_out, fd_err, k = 0, r;

	msg[0] = '\0';
	snprintf(errpath, sizeof(errpath), "%s.err", out);
	fd_out = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd_out < 0)
		return -errno;
	fd_err = open(errpath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd_err < 0) {
		close(fd_out);
		return -errno;
	}
	argv[k++] = parser;
	argv[k++] = "--skip-kernel-load"; /* the library loads it */
	argv[k++] = "--stdout";
	argv[k++] = "--skip-cache";
	/* Its warnings are for someone watching: -v shows them. */
	if (!lsmctl.verbose)
		argv[k++] = "--quiet";
	if (features_file) {
		argv[k++] = "--features-file";
		argv[k++] = features_file;
	}
	if (base) {
		argv[k++] = "--base";
		argv[k++] = base;
	}
	argv[k++] = src;
	argv[k] = NULL;
	r = aa_run_parser(argv, fd_out, fd_err, &status);
	close(fd_out);
	if (r < 0) {
		close(fd_err);
		return r;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		relay_warnings(fd_err, src);
		close(fd_err);
		unlink(errpath);
		return 0;
	}
	compiler_said(fd_err, msg, len);
	if (!msg[0])
		snprintf(msg, len, "apparmor_parser %s %d",
			 WIFEXITED(status) ? "exited with status" : "was killed by signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	close(fd_err);
	unlink(errpath);
	return -EINVAL;
}

/* Features files are a few KiB; a larger one is not a features file. */
#define FEATURES_MAX (1 << 20)

static int read_small(int dirfd, const char *path, char **buf, size_t *len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	char *b;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > FEATURES_MAX) {
		close(fd);
		return -EINVAL;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	n = read(fd, b, (size_t)st.st_size + 1);
	close(fd);
	if (n < 0 || n > st.st_size) {
		free(b);
		return n < 0 ? -errno : -EINVAL; /* grew while read: not a features file */
	}
	*buf = b;
	*len = (size_t)n;
	return 0;
}

int aa_features_read(const char *path, char **buf, size_t *len)
{
	return read_small(AT_FDCWD, path, buf, len);
}

static bool same_features(int dirfd, const char *rel, const char *features, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	bool same;

	if (read_small(dirfd, rel, &buf, &n) < 0)
		return false;
	same = !features || (n == len && memcmp(buf, features, len) == 0);
	free(buf);
	return same;
}

int aa_cache_dir_for(const char *cache, const char *features, size_t len, char **dir)
{
	struct dirent **ents;
	int n, dfd, r = -ENOENT;

	*dir = NULL;
	dfd = open(cache, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	if (same_features(dfd, ".features", features, len)) {
		close(dfd);
		*dir = strdup(cache);
		return *dir ? 0 : -ENOMEM;
	}
	n = scandir(cache, &ents, NULL, alphasort);
	if (n < 0) {
		r = -errno;
		close(dfd);
		return r;
	}
	for (int i = 0; i < n; i++) {
		char rel[NAME_MAX + sizeof("/.features")];

		if (r == -ENOENT && ents[i]->d_name[0] != '.' &&
		    snprintf(rel, sizeof(rel), "%s/.features", ents[i]->d_name) <
			    (int)sizeof(rel) &&
		    same_features(dfd, rel, features, len)) {
			const char *sep = cache[strlen(cache) - 1] == '/' ? "" : "/";

			r = asprintf(dir, "%s%s%s", cache, sep, ents[i]->d_name) < 0 ? -ENOMEM : 0;
		}
		free(ents[i]);
	}
	free(ents);
	close(dfd);
	return r;
}

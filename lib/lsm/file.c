/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Reading policy input files. A file is opened first and judged by what the
 * descriptor is (fstat), never by a path looked up twice: a path checked
 * with stat() and then opened can have become something else in between.
 * The open cannot block (O_NONBLOCK: a FIFO with no writer) or take a
 * controlling terminal (O_NOCTTY), and only regular files are accepted, so
 * a directory, a FIFO or a device gives a clear error instead of a hang.
 * Files are read, not mapped: a mapping of a file that another process
 * truncates kills the caller with SIGBUS, and a library must not do that to
 * its host. The size read must match the size seen, or the file changed
 * under us and is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsm/file.h"

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

int lsmc_file_open(const char *path, size_t max, unsigned flags, size_t *size, char *why,
		   size_t whylen)
{
	struct stat st;
	int fd, r;

	why[0] = '\0';
	fd = open(path, OPEN_FLAGS);
	if (fd < 0) {
		r = -errno;
		snprintf(why, whylen, "cannot open: %s", strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(why, whylen, "cannot read its status: %s", strerror(-r));
	} else if (!S_ISREG(st.st_mode)) {
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		snprintf(why, whylen, "%s, not a regular file",
			 S_ISDIR(st.st_mode) ? "a directory" : "a special file");
	} else if (st.st_size == 0 && !(flags & LSMC_FILE_EMPTY_OK)) {
		r = -ENODATA;
		snprintf(why, whylen, "the file is empty");
	} else if ((uint64_t)st.st_size > max) {
		r = -EFBIG;
		snprintf(why, whylen, "%lld bytes; at most %zu are accepted", (long long)st.st_size,
			 max);
	} else {
		*size = (size_t)st.st_size;
		return fd;
	}
	close(fd);
	return r;
}

int lsmc_file_size(const char *path, size_t max, size_t *size, char *why, size_t whylen)
{
	int fd = lsmc_file_open(path, max, 0, size, why, whylen);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Exactly size bytes from fd, and not one more. */
static int read_fd(int fd, void *dst, size_t size, char *why, size_t whylen)
{
	size_t got = 0;
	char extra;
	ssize_t n;
	int r = 0;

	while (got < size) {
		n = read(fd, (char *)dst + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -ESTALE;
			break;
		}
		got += (size_t)n;
	}
	/* One byte more would mean the file grew. */
	if (r == 0) {
		do
			n = read(fd, &extra, 1);
		while (n < 0 && errno == EINTR);
		if (n != 0)
			r = n < 0 ? -errno : -ESTALE;
	}
	if (r == -ESTALE)
		snprintf(why, whylen, "the file changed size while it was read");
	else if (r < 0)
		snprintf(why, whylen, "cannot read: %s", strerror(-r));
	return r;
}

int lsmc_file_read_exact(const char *path, void *dst, size_t size, char *why, size_t whylen)
{
	size_t now;
	int fd, r;

	fd = lsmc_file_open(path, SIZE_MAX, LSMC_FILE_EMPTY_OK, &now, why, whylen);
	if (fd < 0)
		return fd;
	/* The file may have been swapped for another since it was sized. */
	if (now != size) {
		close(fd);
		snprintf(why, whylen, "the file changed while it was read");
		return -ESTALE;
	}
	r = read_fd(fd, dst, size, why, whylen);
	close(fd);
	return r;
}

int lsmc_file_read(const char *path, size_t max, unsigned flags, struct lsmc_file_bytes *map,
		   char *why, size_t whylen)
{
	size_t size;
	char *p;
	int fd, r;

	*map = (struct lsmc_file_bytes){.data = NULL};
	fd = lsmc_file_open(path, max, flags, &size, why, whylen);
	if (fd < 0)
		return fd;
	p = malloc(size ? size : 1);
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	r = read_fd(fd, p, size, why, whylen);
	close(fd);
	if (r < 0) {
		free(p);
		return r;
	}
	map->data = p;
	map->len = size;
	return 0;
}

int lsmc_file_load(struct lsmc_ctx *ctx, const char *path, uint64_t lsm, size_t max,
		   struct lsmc_file_bytes *map)
{
	struct lsmc_fail_info fi = {.lsm = lsm, .interface = path, .hint = ""};
	char why[256];

	fi.error = lsmc_file_read(path, max, 0, map, why, sizeof(why));
	if (fi.error == 0)
		return 0;
	if (fi.error == -ENOMEM)
		return -ENOMEM;
	return lsmc_fail(ctx, &fi, "%s", why);
}

void lsmc_file_bytes_free(struct lsmc_file_bytes *map)
{
	free(map->data);
	map->data = NULL;
	map->len = 0;
}

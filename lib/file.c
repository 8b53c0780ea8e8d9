/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reading policy input files. Only regular, non-empty files are accepted,
 * so a directory, a FIFO or a device gives a clear error instead of a hang.
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

#include "file.h"

int lsmc_file_size(const char *path, size_t max, size_t *size, char *why, size_t whylen)
{
	struct stat st;

	why[0] = '\0';
	if (stat(path, &st) < 0) {
		int r = -errno;
		snprintf(why, whylen, "cannot open: %s", strerror(-r));
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s, not a regular file",
			 S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (st.st_size == 0) {
		snprintf(why, whylen, "the file is empty");
		return -ENODATA;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(why, whylen, "%lld bytes; at most %zu are accepted", (long long)st.st_size,
			 max);
		return -EFBIG;
	}
	*size = (size_t)st.st_size;
	return 0;
}

int lsmc_file_read_exact(const char *path, void *dst, size_t size, char *why, size_t whylen)
{
	struct stat st;
	size_t got = 0;
	char extra;
	ssize_t n;
	int fd, r = 0;

	why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		snprintf(why, whylen, "cannot open: %s", strerror(-r));
		return r;
	}
	/* The file may have been swapped for something else since it was sized. */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size) {
		close(fd);
		snprintf(why, whylen, "the file changed while it was read");
		return -ESTALE;
	}
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
			r = -ESTALE;
	}
	close(fd);
	if (r == -ESTALE)
		snprintf(why, whylen, "the file changed size while it was read");
	else if (r < 0)
		snprintf(why, whylen, "cannot read: %s", strerror(-r));
	return r;
}

int lsmc_file_read(const char *path, size_t max, struct lsmc_map *map, char *why, size_t whylen)
{
	size_t size;
	char *p;
	int r;

	*map = (struct lsmc_map){.data = NULL};
	r = lsmc_file_size(path, max, &size, why, whylen);
	if (r < 0)
		return r;
	p = malloc(size);
	if (!p)
		return -ENOMEM;
	r = lsmc_file_read_exact(path, p, size, why, whylen);
	if (r < 0) {
		free(p);
		return r;
	}
	map->data = p;
	map->len = size;
	return 0;
}

int lsmc_file_map(struct lsmc_ctx *ctx, const char *path, uint64_t lsm, size_t max,
		  struct lsmc_map *map)
{
	struct lsmc_fail_info fi = {.lsm = lsm, .interface = path, .hint = ""};
	char why[256];

	fi.error = lsmc_file_read(path, max, map, why, sizeof(why));
	if (fi.error == 0)
		return 0;
	if (fi.error == -ENOMEM)
		return -ENOMEM;
	return lsmc_fail(ctx, &fi, "policy file %s", why);
}

void lsmc_file_unmap(struct lsmc_map *map)
{
	free(map->data);
	map->data = NULL;
	map->len = 0;
}

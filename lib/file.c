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

int lsmc_file_read(const char *path, size_t max, struct lsmc_map *map, char *why, size_t whylen)
{
	struct stat st;
	size_t want, got = 0;
	ssize_t n;
	char *p;
	int fd, r = 0;

	*map = (struct lsmc_map){ .data = NULL };
	why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		snprintf(why, whylen, "cannot open: %s", strerror(-r));
		return r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(why, whylen, "cannot stat: %s", strerror(-r));
	} else if (!S_ISREG(st.st_mode)) {
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		snprintf(why, whylen, "%s, not a regular file",
			 S_ISDIR(st.st_mode) ? "a directory" : "a special file");
	} else if (st.st_size == 0) {
		r = -ENODATA;
		snprintf(why, whylen, "the file is empty");
	} else if ((uint64_t)st.st_size > max) {
		r = -EFBIG;
		snprintf(why, whylen, "%lld bytes; at most %zu are accepted", (long long)st.st_size,
			 max);
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	want = (size_t)st.st_size + 1; /* one byte more, to notice a file that grew */
	p = malloc(want);
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	while (got < want) {
		n = read(fd, p + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			snprintf(why, whylen, "cannot read: %s", strerror(-r));
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (r == 0 && got != (size_t)st.st_size) {
		r = -ESTALE;
		snprintf(why, whylen, "the file changed size while it was read");
	}
	if (r < 0) {
		free(p);
		return r;
	}
	map->data = p;
	map->len = got;
	return 0;
}

int lsmc_file_map(struct lsmc_ctx *ctx, const char *path, uint64_t lsm, size_t max,
		  struct lsmc_map *map)
{
	struct lsmc_fail_info fi = { .lsm = lsm, .interface = path, .hint = "" };
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

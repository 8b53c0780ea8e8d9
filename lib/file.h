/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "internal.h"

struct lsmc_map {
	void *data;
	size_t len;
};

/* Size of a regular, non-empty file of at most max bytes. */
int lsmc_file_size(const char *path, size_t max, size_t *size, char *why, size_t whylen);
/* Read exactly size bytes of path into dst; -ESTALE if the file changed. */
int lsmc_file_read_exact(const char *path, void *dst, size_t size, char *why, size_t whylen);
/* Read a regular, non-empty file of at most max bytes; why says what failed. */
int lsmc_file_read(const char *path, size_t max, struct lsmc_map *map, char *why, size_t whylen);
/* Map a regular, non-empty file of at most max bytes; errors name the file. */
int lsmc_file_map(struct lsmc_ctx *ctx, const char *path, uint64_t lsm, size_t max,
		  struct lsmc_map *map);
void lsmc_file_unmap(struct lsmc_map *map);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

struct lsmc_file_bytes {
	void *data;
	size_t len;
};

/* An empty file is zero bytes of input, not an error (Smack rule files). */
#define LSMC_FILE_EMPTY_OK 1u

/*
 * Opens path (O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC) and checks what was
 * opened: a regular file of at most max bytes, not empty unless flags say
 * so. Returns the descriptor and *size, or -errno with why saying what
 * failed.
 */
int lsmc_file_open(const char *path, size_t max, unsigned flags, size_t *size, char *why,
		   size_t whylen);
/* Size of a regular, non-empty file of at most max bytes. */
int lsmc_file_size(const char *path, size_t max, size_t *size, char *why, size_t whylen);
/* Read exactly size bytes of path into dst; -ESTALE if the file changed. */
int lsmc_file_read_exact(const char *path, void *dst, size_t size, char *why, size_t whylen);
/* Read a regular file of at most max bytes (see lsmc_file_open); why says what failed. */
int lsmc_file_read(const char *path, size_t max, unsigned flags, struct lsmc_file_bytes *map,
		   char *why, size_t whylen);
/* Read a regular, non-empty file of at most max bytes into memory; an error
 * names the file and is recorded on ctx. */
int lsmc_file_load(struct lsmc_ctx *ctx, const char *path, uint64_t lsm, size_t max,
		   struct lsmc_file_bytes *map);
void lsmc_file_bytes_free(struct lsmc_file_bytes *map);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* A whole file in memory, for the suites that mutate policy files. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

struct file {
	uint8_t *data;
	size_t len;
};

/* The file's bytes with room more allocated after them (for a test that
 * appends), or data NULL when the file does not exist. */
static inline struct file file_bytes(const char *path, size_t room)
{
	struct file f = {0};
	FILE *fp = fopen(path, "rb");
	long n;

	if (!fp)
		return f;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	f.len = (size_t)n;
	f.data = malloc(f.len + room);
	assert_non_null(f.data);
	assert_int_equal(fread(f.data, 1, f.len, fp), f.len);
	fclose(fp);
	return f;
}

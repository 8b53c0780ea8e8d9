/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stddef.h>

#define LSMC_AA_SONAME "libapparmor.so.1"

/*
 * The features subdirectory of the cache directory dir for the running
 * kernel, as libapparmor names it (*path, to free; it may not exist). On
 * failure, -errno with *path NULL and why saying what is missing:
 * -EOPNOTSUPP when libapparmor cannot be loaded, -ENOSYS when the build has none.
 */
int lsmc_aa_cache_preview(const char *dir, char **path, char *why, size_t whylen);

/* The library opened (NULL: libapparmor.so.1). For tests: a name that
 * does not load stands for a machine without libapparmor. */
void lsmc_aa_cache_set_soname(const char *soname);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The features subdirectory of an apparmor_parser cache, as libapparmor
 * names it (a hash of the kernel's features). libapparmor is opened with
 * dlopen() only here, when a cache directory is loaded, not linked: a
 * program that never loads a cache directory does not pay for loading it
 * at start-up (systemd does the same with its optional libraries). The
 * build needs libapparmor's headers (option apparmor).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include "lsm/apparmor-cache.h"

#if HAVE_LIBAPPARMOR
#include <sys/apparmor.h>

static const char *aa_soname = LSMC_AA_SONAME;

void lsmc_aa_cache_set_soname(const char *soname)
{
	aa_soname = soname ? soname : LSMC_AA_SONAME;
}

int lsmc_aa_cache_preview(const char *dir, char **path, char *why, size_t whylen)
{
	__typeof__(aa_features_new_from_kernel) *features_new;
	__typeof__(aa_features_unref) *features_unref;
	__typeof__(aa_policy_cache_dir_path_preview) *preview;
	aa_features *features = NULL;
	void *dl;
	int r = 0;

	*path = NULL;
	why[0] = '\0';
	dl = dlopen(aa_soname, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		snprintf(why, whylen,
			 "%s cannot be loaded (Debian package libapparmor1), so the cache "
			 "subdirectory for this kernel's features cannot be named",
			 aa_soname);
		return -EOPNOTSUPP;
	}
	*(void **)&features_new = dlsym(dl, "aa_features_new_from_kernel");
	*(void **)&features_unref = dlsym(dl, "aa_features_unref");
	*(void **)&preview = dlsym(dl, "aa_policy_cache_dir_path_preview");
	if (!features_new || !features_unref || !preview) {
		snprintf(why, whylen, "%s lacks a function it should have", aa_soname);
		r = -EOPNOTSUPP;
	} else if (features_new(&features) < 0) {
		r = errno ? -errno : -EIO;
		snprintf(why, whylen, "the kernel's AppArmor features cannot be read");
	} else {
		*path = preview(features, AT_FDCWD, dir);
		if (!*path) {
			r = errno ? -errno : -ENOMEM;
			snprintf(why, whylen, "libapparmor cannot name the cache subdirectory");
		}
		features_unref(features);
	}
	dlclose(dl);
	return r;
}
#else
void lsmc_aa_cache_set_soname(const char *soname)
{
	(void)soname;
}

int lsmc_aa_cache_preview(const char *dir, char **path, char *why, size_t whylen)
{
	(void)dir;
	*path = NULL;
	snprintf(why, whylen, "built without libapparmor");
	return -ENOSYS; /* nothing to install: EOPNOTSUPP says the library is missing */
}
#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Print the running kernel's AppArmor feature set the way libapparmor
 * flattens it (the string apparmor_parser -M reads and whose hash names a
 * cache directory). Run in the guest to capture a kernel's features as
 * test data: tests/vm/guest/capture-apparmor-features.sh.
 */
#include <stdio.h>
#include <sys/apparmor.h>

int main(void)
{
	aa_features *f = NULL;

	if (aa_features_new_from_kernel(&f) != 0) {
		perror("aa-features: reading the kernel's AppArmor features");
		return 1;
	}
	if (aa_features_write_to_fd(f, 1) != 0) {
		perror("aa-features: writing them");
		aa_features_unref(f);
		return 1;
	}
	aa_features_unref(f);
	return 0;
}

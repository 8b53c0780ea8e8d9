/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * A boot-time loader: the policy of several LSMs in one batch, validated as
 * a whole before the first kernel call, then loaded with the fewest calls,
 * with one line of outcome per item (what lsmctl boot does for the
 * machine's configured policy).
 *
 *   boot-batch [--dry-run] [--continue] LSM:PATH...
 *
 * LSM is apparmor (a compiled file or an apparmor_parser cache directory),
 * selinux (a binary policy; "selinux:" alone for the configured one) or
 * smack (a rule file). Exit status: 0 all loaded, 1 none, 3 some.
 *
 *   cc boot-batch.c $(pkg-config --cflags --libs liblsmconfig) -o boot-batch
 *
 * Checked output (run from the source tree; the examples test and CI
 * compare it, stderr lines marked "(stderr)"):
 *
 *   $ boot-batch --dry-run apparmor:tests/data/apparmor-multi.bin \
 *         smack:tests/vm/data/lsmc-load.smack selinux:tests/data/selinux-minimal.33
 *   apparmor tests/data/apparmor-multi.bin: valid, 4 item(s)
 *   smack tests/vm/data/lsmc-load.smack: valid, 20 item(s)
 *   selinux tests/data/selinux-minimal.33: valid, 1 item(s)
 *   3 item(s) valid; nothing loaded (dry run)
 *
 *   $ boot-batch --dry-run --continue apparmor:tests/data/apparmor-one.bin \
 *         smack:examples/data/broken.smack
 *   apparmor tests/data/apparmor-one.bin: valid, 1 item(s)
 *   (stderr) boot-batch: smack examples/data/broken.smack:4:...
 *   1 item(s) valid; nothing loaded (dry run)
 *   [exit 3]
 *
 * As root on a kernel running AppArmor and Smack, without --dry-run:
 *
 *   apparmor tests/data/apparmor-multi.bin: loaded 4 item(s), atomically
 *   smack tests/vm/data/lsmc-load.smack: loaded 20 item(s), atomically
 *   2 item(s) loaded through 2 kernel call(s)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lsmconfig.h>

static int add_item(struct lsmc_batch *batch, char *spec)
{
	char *colon = strchr(spec, ':');
	uint64_t lsm;

	if (!colon) {
		fprintf(stderr, "boot-batch: '%s' is not LSM:PATH\n", spec);
		return -EINVAL;
	}
	*colon = '\0';
	if (lsmc_lsm_from_name(spec, &lsm) < 0) {
		fprintf(stderr, "boot-batch: '%s' is not an LSM (apparmor, selinux, smack)\n",
			spec);
		return -EINVAL;
	}
	/* "selinux:" with no path: the configured policy. */
	return lsmc_batch_add(batch, lsm, colon[1] ? colon + 1 : NULL, NULL);
}

int main(int argc, char **argv)
{
	struct lsmc_result total = {.sz = sizeof(total)};
	unsigned int flags = 0;
	struct lsmc_batch *batch;
	struct lsmc_ctx *ctx;
	size_t ok = 0, n;
	int i = 1, r;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			flags |= LSMC_BATCH_DRY_RUN;
		else if (strcmp(argv[i], "--continue") == 0)
			flags |= LSMC_BATCH_CONTINUE;
		else
			break;
	}
	if (i >= argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: boot-batch [--dry-run] [--continue] LSM:PATH...\n");
		return 2;
	}

	r = lsmc_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "boot-batch: %s\n", strerror(-r));
		return 1;
	}
	r = lsmc_batch_new(ctx, &batch);
	lsmc_unref(ctx); /* the batch holds its own reference */
	if (r < 0) {
		fprintf(stderr, "boot-batch: %s\n", strerror(-r));
		return 1;
	}
	for (; i < argc; i++) {
		if (add_item(batch, argv[i]) < 0) {
			lsmc_batch_free(batch);
			return 2;
		}
	}

	/* The return value is the first error; each item has its own. */
	lsmc_batch_run(batch, flags, &total);
	n = lsmc_batch_count(batch);
	for (size_t k = 0; k < n; k++) {
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		const char *lsm, *path;

		lsmc_batch_get(batch, k, &it);
		lsm = lsmc_lsm_name(it.lsm);
		path = it.path ? it.path : "(configured policy)";
		if (it.status == 0) {
			ok++;
			if (it.skipped) /* SELINUX=disabled in /etc/selinux/config */
				printf("%s %s: skipped, as configured\n", lsm, path);
			else if (flags & LSMC_BATCH_DRY_RUN)
				printf("%s %s: valid, %u item(s)\n", lsm, path, it.items);
			else
				printf("%s %s: loaded %u item(s), %s\n", lsm, path, it.items,
				       it.atomic ? "atomically" : "not atomically");
		} else if (it.status == -ECANCELED) {
			fprintf(stderr, "boot-batch: %s %s: not attempted\n", lsm, path);
		} else {
			/* Parse errors already begin with the file's name. */
			bool named = strncmp(it.message, path, strlen(path)) == 0;

			fprintf(stderr, "boot-batch: %s %s%s%s%s\n", lsm, named ? "" : path,
				named ? "" : ": ", it.message,
				it.rolled_back ? " (rolled back)" : "");
		}
	}
	if (flags & LSMC_BATCH_DRY_RUN)
		printf("%zu item(s) valid; nothing loaded (dry run)\n", ok);
	else
		printf("%zu item(s) loaded through %u kernel call(s)\n", ok, total.kernel_calls);
	lsmc_batch_free(batch);
	return ok == n ? 0 : ok == 0 ? 1 : 3;
}

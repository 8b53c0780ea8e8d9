/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * What the stateful fuzz targets (fuzz/fuzz-batch-plan.c,
 * fuzz/fuzz-smack-rollback.c) found, each kept as the case that failed.
 * Their inputs are in fuzz/corpus/; fuzz/README.md tells the campaign.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static char tmpdir[] = "/tmp/lsmc-test-fuzz-findings-XXXXXX";

static int make_tmpdir(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *write_file(const char *name, const char *text)
{
	char *p = NULL;
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", tmpdir, name) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	fclose(f);
	return p;
}

static struct lsmc_batch_item item(struct lsmc_batch *b, size_t i)
{
	struct lsmc_batch_item it = {.sz = sizeof(it)};

	assert_int_equal(lsmc_batch_get(b, i, &it), 0);
	return it;
}

/*
 * fuzz/corpus/batch-plan/smack-require-atomic: a Smack file added with
 * require_atomic was merged with the other access-rule files and loaded
 * rule by rule, reported loaded and not atomic. Its own load
 * (lsmc_smack_load) refuses it: Smack has no atomic delivery. The batch
 * now loads it on its own, so it is refused the same way, and the files
 * that did not ask still load.
 */
static void test_batch_smack_require_atomic(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_load_opts atomic = {.sz = sizeof(atomic), .require_atomic = true};
	char *strict = write_file("strict.rules", "a b rw\n");
	char *plain = write_file("plain.rules", "c d x\n");
	struct lsmc_batch *b;

	(void)state;
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, strict, &atomic), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, plain, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -EOPNOTSUPP);
	assert_int_equal(item(b, 0).status, -EOPNOTSUPP);
	assert_int_equal(model_smack_rule(f->m, "a", "b"), -1);
	assert_int_equal(item(b, 1).status, 0);
	assert_int_equal(model_smack_rule(f->m, "c", "d"), MODEL_SMK_EXEC);

	/* A dry run says the same. */
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_DRY_RUN, NULL), -EOPNOTSUPP);
	assert_int_equal(item(b, 0).status, -EOPNOTSUPP);
	lsmc_batch_free(b);
	free(strict);
	free(plain);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_smack_require_atomic),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

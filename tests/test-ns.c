/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* LSM namespaces: lsm_unshare's argument checks and AppArmor policy namespaces. */
#include <errno.h>
#include <stdio.h>

#include "helpers.h"

static void test_unshare_reaches_the_kernel(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_unshare_opts opts = {.sz = sizeof(opts), .data = "ctr", .data_len = 4};

	f->m->aa_unshare = true;
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_APPARMOR, &opts), 0);
	assert_int_equal(f->m->unshares, 1);
	assert_int_equal(f->m->last_call.kind, MODEL_IF_UNSHARE);
	assert_int_equal(f->m->last_call.lsm_id, LSM_ID_APPARMOR);
	assert_int_equal(f->m->last_call.size, 40); /* 32-byte header + 4, padded to 8 */
	assert_int_equal(f->m->last_call.flags, 0);
	assert_string_equal(model_aa_task_ns(f->m), "ctr");
	fixture_free(f);
}

static void test_unshare_checks_before_the_kernel(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_unshare_opts opts = {.sz = sizeof(opts)};
	static char big[8192];

	opts.flags = 1;
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_APPARMOR, &opts), -EINVAL);
	opts.flags = 0;
	opts.data = big;
	opts.data_len = sizeof(big);
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_APPARMOR, &opts), -E2BIG);
	opts.data = NULL;
	opts.data_len = 3;
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_APPARMOR, &opts), -EINVAL);
	assert_int_equal(lsmc_unshare(f->ctx, 99, NULL), -EINVAL);
	assert_int_equal(f->m->calls[MODEL_IF_UNSHARE], 0);
	fixture_free(f);
}

static void test_unshare_kernel_answers(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);

	/* No syscall: ENOSYS, with the hint that AppArmor namespaces work today. */
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_APPARMOR, NULL), -ENOSYS);
	assert_hint_contains(f->ctx, "lsmctl unshare apparmor --ns");
	fixture_free(f);

	f = fixture_new(model_preset_all_syscalls);
	f->m->aa_unshare = false; /* the LSM has no namespace to offer */
	assert_int_equal(lsmc_unshare(f->ctx, LSMC_LSM_SMACK, NULL), -EOPNOTSUPP);
	assert_int_equal(last_error(f->ctx).kernel_errno, EOPNOTSUPP);
	assert_int_equal(f->m->unshares, 0);
	fixture_free(f);
}

struct seen {
	char names[8][64];
	int n;
};

static int remember(const char *name, void *data)
{
	struct seen *s = data;

	if (s->n < 8)
		snprintf(s->names[s->n++], 64, "%s", name);
	return 0;
}

static bool has(const struct seen *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return true;
	return false;
}

static void test_namespaces_create_list_remove(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct seen s = {0};

	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a"), 0);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "b"), 0);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a//c"), 0);
	assert_int_equal(lsmc_apparmor_ns_list(f->ctx, NULL, remember, &s), 0);
	assert_int_equal(s.n, 2);
	assert_true(has(&s, "a") && has(&s, "b"));
	memset(&s, 0, sizeof(s));
	assert_int_equal(lsmc_apparmor_ns_list(f->ctx, "a", remember, &s), 0);
	assert_int_equal(s.n, 1);
	assert_true(has(&s, "c"));
	assert_int_equal(lsmc_apparmor_ns_remove(f->ctx, "a"), 0);
	assert_false(model_aa_ns_exists(f->m, "a"));
	assert_false(model_aa_ns_exists(f->m, "a//c"));
	assert_int_equal(lsmc_apparmor_ns_remove(f->ctx, "a"), -ENOENT);
	assert_int_equal(lsmc_apparmor_ns_list(f->ctx, "../x", remember, &s), -EINVAL);
	fixture_free(f);
}

/* The model's mkdirat, with the N-th call failing with ENOMEM. */
static struct model *mkdir_model;
static unsigned mkdir_calls, mkdir_fail_nth;

static int failing_mkdirat(void *data, int dirfd, const char *path, mode_t mode)
{
	struct lsmc_sys real = model_sys(mkdir_model);

	if (++mkdir_calls == mkdir_fail_nth)
		return -ENOMEM;
	return real.mkdirat(data, dirfd, path, mode);
}

/* "a//b//c" creates a and a//b first; when a later mkdir fails, the
 * parents it created go again, those that were there stay. */
static void test_namespace_create_undoes_its_parents(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_sys sys = model_sys(f->m);
	struct lsmc_error err = {.sz = sizeof(err)};

	(void)state;
	mkdir_model = f->m;
	sys.mkdirat = failing_mkdirat;
	lsmc_ctx_set_sys(f->ctx, &sys);

	/* the target fails: a and a//b were made by this call */
	mkdir_calls = 0;
	mkdir_fail_nth = 3;
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a//b//c"), -ENOMEM);
	assert_false(model_aa_ns_exists(f->m, "a"));
	assert_int_equal(lsmc_get_last_error(f->ctx, &err), 0);
	assert_non_null(strstr(err.message, "cannot create the namespace"));
	assert_non_null(strstr(err.message, ":a: it had created was removed again"));

	/* a exists already: only a//b is undone */
	mkdir_fail_nth = 0;
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a"), 0);
	mkdir_calls = 0;
	mkdir_fail_nth = 3;
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a//b//c"), -ENOMEM);
	assert_true(model_aa_ns_exists(f->m, "a"));
	assert_false(model_aa_ns_exists(f->m, "a//b"));
	assert_int_equal(lsmc_get_last_error(f->ctx, &err), 0);
	assert_non_null(strstr(err.message, ":a//b: it had created was removed again"));

	/* a parent fails: nothing of this call stays */
	mkdir_calls = 0;
	mkdir_fail_nth = 3;
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a//x//y//z"), -ENOMEM);
	assert_true(model_aa_ns_exists(f->m, "a"));
	assert_false(model_aa_ns_exists(f->m, "a//x"));
	assert_int_equal(lsmc_get_last_error(f->ctx, &err), 0);
	assert_non_null(strstr(err.message, "cannot create the parent namespace"));
	fixture_free(f);
}

static int stop_at_first(const char *name, void *data)
{
	(*(int *)data)++;
	return 42;
}

static void test_list_stops_when_asked(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	int calls = 0;

	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "a"), 0);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "b"), 0);
	assert_int_equal(lsmc_apparmor_ns_list(f->ctx, NULL, stop_at_first, &calls), 42);
	assert_int_equal(calls, 1);
	fixture_free(f);
}

static void test_enter_namespace(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	size_t len;
	static const char *const names[] = {"inside"};
	uint8_t *blob = model_aa_blob(NULL, names, 1, 7, 0, &len);
	struct lsmc_result res = {.sz = sizeof(res)};

	f->m->has_lsm_syscalls = true; /* lsm_set_self_attr carries changeprofile */
	assert_int_equal(lsmc_apparmor_ns_enter(f->ctx, "ctr"), -ENOENT);
	assert_hint_contains(f->ctx, "ns create");
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "ctr"), 0);
	assert_int_equal(lsmc_apparmor_ns_enter(f->ctx, "ctr"), 0);
	assert_string_equal(model_aa_task_ns(f->m), "ctr");
	/* Inside, the top-level .replace loads into the namespace, not the root. */
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, NULL, &res), 0);
	assert_true(model_aa_has_profile(f->m, "ctr", "inside"));
	assert_false(model_aa_has_profile(f->m, NULL, "inside"));
	free(blob);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unshare_reaches_the_kernel),
		cmocka_unit_test(test_unshare_checks_before_the_kernel),
		cmocka_unit_test(test_unshare_kernel_answers),
		cmocka_unit_test(test_namespaces_create_list_remove),
		cmocka_unit_test(test_namespace_create_undoes_its_parents),
		cmocka_unit_test(test_list_stops_when_asked),
		cmocka_unit_test(test_enter_namespace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The context object: lifetime, configuration, environment, names, errors. */
#include <errno.h>
#include <stdio.h>

#include "helpers.h"
#include "delivery/abi.h"
#include "delivery/syscall-nr.h"

static void test_ref_unref(void **state)
{
	struct lsmc_ctx *ctx = NULL;

	assert_int_equal(lsmc_new(&ctx), 0);
	assert_ptr_equal(lsmc_ref(ctx), ctx);
	assert_ptr_equal(lsmc_unref(ctx), ctx); /* one reference left */
	assert_null(lsmc_unref(ctx));
	assert_null(lsmc_unref(NULL));
	assert_null(lsmc_ref(NULL));
	assert_int_equal(lsmc_new(NULL), -EINVAL);
}

static void test_backend_choice(void **state)
{
	struct lsmc_ctx *ctx = NULL;

	unsetenv("LSMCONFIG_BACKEND");
	assert_int_equal(lsmc_new(&ctx), 0);
	assert_int_equal(lsmc_get_backend(ctx), LSMC_BACKEND_AUTO);
	assert_int_equal(lsmc_set_backend(ctx, LSMC_BACKEND_FS), 0);
	assert_int_equal(lsmc_get_backend(ctx), LSMC_BACKEND_FS);
	assert_int_equal(lsmc_set_backend(ctx, (enum lsmc_backend)7), -EINVAL);
	assert_int_equal(lsmc_get_backend(ctx), LSMC_BACKEND_FS);
	lsmc_unref(ctx);
}

static void test_backend_from_environment(void **state)
{
	struct lsmc_ctx *ctx = NULL;

	setenv("LSMCONFIG_BACKEND", "syscall", 1);
	assert_int_equal(lsmc_new(&ctx), 0);
	assert_int_equal(lsmc_get_backend(ctx), LSMC_BACKEND_SYSCALL);
	lsmc_unref(ctx);

	setenv("LSMCONFIG_BACKEND", "bogus", 1);
	assert_int_equal(lsmc_new(&ctx), 0);
	assert_int_equal(lsmc_get_backend(ctx), LSMC_BACKEND_AUTO);
	lsmc_unref(ctx);
	unsetenv("LSMCONFIG_BACKEND");
}

struct captured {
	int count;
	int last_priority;
	char last[256];
};

static void capture_log(void *data, int priority, const char *file, int line, const char *fn,
			const char *format, va_list args)
{
	struct captured *c = data;

	c->count++;
	c->last_priority = priority;
	vsnprintf(c->last, sizeof(c->last), format, args);
}

static void test_log_priority_and_callback(void **state)
{
	struct captured cap = {0};
	struct lsmc_ctx *ctx = NULL;
	struct model *m = model_new();

	setenv("LSMCONFIG_LOG", "debug", 1);
	assert_int_equal(lsmc_new(&ctx), 0);
	unsetenv("LSMCONFIG_LOG");
	assert_int_equal(lsmc_get_log_priority(ctx), LOG_DEBUG);
	lsmc_set_log_priority(ctx, LOG_ERR);
	assert_int_equal(lsmc_get_log_priority(ctx), LOG_ERR);

	/* Silent by default: nothing reaches a callback until one is set. */
	lsmc_set_log_fn(ctx, capture_log, &cap);
	{
		struct lsmc_sys sys = model_sys(m);
		lsmc_ctx_set_sys(ctx, &sys);
	}
	lsmc_set_backend(ctx, LSMC_BACKEND_SYSCALL);
	struct lsmc_request req = {.lsm = LSM_ID_SELINUX, .payload = "x", .len = 1};
	struct lsmc_delivery d;
	assert_int_equal(lsmc_deliver(ctx, &req, &d), -ENOSYS);
	assert_true(cap.count >= 1);
	assert_int_equal(cap.last_priority, LOG_ERR);
	assert_non_null(strstr(cap.last, lsmc_syscall_name(ctx, LSMC_SCOPE_SYSTEM)));
	lsmc_unref(ctx);
	model_free(m);
}

static void test_names(void **state)
{
	uint64_t id = 0;
	enum lsmc_backend b;

	assert_string_equal(lsmc_lsm_name(LSMC_LSM_APPARMOR), "apparmor");
	assert_string_equal(lsmc_lsm_name(LSM_ID_LANDLOCK), "landlock");
	assert_null(lsmc_lsm_name(99));
	assert_int_equal(lsmc_lsm_from_name("SELinux", &id), 0);
	assert_int_equal(id, LSMC_LSM_SELINUX);
	assert_int_equal(lsmc_lsm_from_name("nosuch", &id), -ENOENT);
	assert_int_equal(lsmc_lsm_from_name(NULL, &id), -EINVAL);
	assert_string_equal(lsmc_backend_name(LSMC_BACKEND_FS), "fs");
	assert_null(lsmc_backend_name((enum lsmc_backend)9));
	assert_int_equal(lsmc_backend_from_name("syscall", &b), 0);
	assert_int_equal(b, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_backend_from_name("kernel", &b), -EINVAL);
}

static void test_features(void **state)
{
	const char *f = lsmc_features();

	assert_non_null(strstr(f, "+APPARMOR"));
	assert_non_null(strstr(f, "+SMACK"));
	assert_non_null(strstr(f, HAVE_LIBCAP ? "+LIBCAP" : "-LIBCAP"));
	/* Without a configured number the policy syscalls are compiled out. */
	assert_non_null(strstr(f, LSMC_ABI_HAS_NUMBERS ? "+SYSCALL_POLICY" : "-SYSCALL_POLICY"));
	/* The revision is named, and it is the one the build chose. */
	assert_non_null(strstr(f, LSMC_ABI_UNIFIED ? " ABI=unified" : " ABI=v6"));
	assert_string_equal(lsmc_abi_default->name, LSMC_ABI_UNIFIED ? "unified" : "v6");
}

static void test_last_error_respects_sz(void **state)
{
	struct fixture *f = fixture_new(NULL);
	struct lsmc_error small;
	struct lsmc_request req = {.lsm = LSM_ID_SELINUX, .scope = LSMC_SCOPE_SELF};
	struct lsmc_delivery d;

	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), -EOPNOTSUPP);
	/* A caller built against an older, shorter struct gets only its fields. */
	memset(&small, 0xaa, sizeof(small));
	small.sz = offsetof(struct lsmc_error, lsm);
	assert_int_equal(lsmc_get_last_error(f->ctx, &small), 0);
	assert_int_equal(small.error, -EOPNOTSUPP);
	assert_int_equal(small.lsm, 0xaaaaaaaaaaaaaaaaull);
	small.sz = 1;
	assert_int_equal(lsmc_get_last_error(f->ctx, &small), -EINVAL);
	fixture_free(f);
}

static void test_fs_root_validation(void **state)
{
	struct lsmc_ctx *ctx = NULL;

	assert_int_equal(lsmc_new(&ctx), 0);
	assert_int_equal(lsmc_set_fs_root(ctx, LSMC_LSM_SMACK, "/tmp/x"), 0);
	assert_int_equal(lsmc_set_fs_root(ctx, LSMC_LSM_SMACK, NULL), 0);
	assert_int_equal(lsmc_set_fs_root(ctx, LSMC_LSM_SMACK, ""), -EINVAL);
	assert_int_equal(lsmc_set_fs_root(ctx, (enum lsmc_lsm)LSM_ID_YAMA, "/tmp"), -EINVAL);
	lsmc_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_unref),
		cmocka_unit_test(test_backend_choice),
		cmocka_unit_test(test_backend_from_environment),
		cmocka_unit_test(test_log_priority_and_callback),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_last_error_respects_sz),
		cmocka_unit_test(test_fs_root_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The library's real syscall instructions, served by the kernel model
 * through seccomp user notification: the default kernel seam (no test
 * table installed) issues syscall(nr, six arguments) and the model, on the
 * other side of the real boundary, must see exactly those arguments.
 * Numbers 1000-1003 are unassigned on every architecture, so once the
 * server stops they behave as an absent syscall (ENOSYS). Every test runs
 * once per revision of the policy syscalls (v6, unified).
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "helpers.h"
#include "notify.h"
#include "delivery/syscall-nr.h"

static const long test_nrs[4] = {1000, 1001, 1002, 1003};

struct boundary {
	struct model *m;
	struct model_notify *srv;
	struct lsmc_ctx *ctx;
	struct lsmc_nr_table saved;
	enum model_abi abi;
	enum model_iface policy_if[2]; /* by scope: the interface the model counts */
};

static int setup(void **state, enum model_abi abi)
{
	struct boundary *b = calloc(1, sizeof(*b));

	b->m = model_new();
	b->abi = abi;
	model_preset_all_syscalls(b->m);
	b->srv = model_notify_start(b->m, test_nrs);
	if (!b->srv) {
		fprintf(stderr, "seccomp user notification unavailable: %s\n", strerror(errno));
		/* Only a missing seccomp(2) (valgrind does not emulate it) is a
		 * reason to skip; any other failure fails the suite. */
		if (errno != ENOSYS)
			return -1;
	}
	b->saved = lsmc_nr;
	lsmc_nr.config_self_policy = test_nrs[0];
	lsmc_nr.config_system_policy = test_nrs[1];
	lsmc_nr.unshare = test_nrs[2];
	lsmc_nr.config_policy = test_nrs[3];
	unsetenv("LSMCONFIG_BACKEND");
	assert_int_equal(lsmc_new(&b->ctx), 0); /* the real kernel seam */
	b->m->abi = abi;
	b->ctx->abi = abi == MODEL_ABI_UNIFIED ? unified_abi() : &lsmc_abi_v6;
	b->policy_if[LSMC_SCOPE_SYSTEM] =
		abi == MODEL_ABI_UNIFIED ? MODEL_IF_CONFIG_POLICY : MODEL_IF_SYSTEM_POLICY;
	b->policy_if[LSMC_SCOPE_SELF] =
		abi == MODEL_ABI_UNIFIED ? MODEL_IF_CONFIG_POLICY : MODEL_IF_SELF_POLICY;
	*state = b;
	return 0;
}

static int setup_v6(void **state)
{
	return setup(state, MODEL_ABI_V6);
}

static int setup_unified(void **state)
{
	return setup(state, MODEL_ABI_UNIFIED);
}

static int teardown(void **state)
{
	struct boundary *b = *state;

	lsmc_unref(b->ctx);
	lsmc_nr = b->saved;
	if (b->srv)
		model_notify_stop(b->srv);
	model_free(b->m);
	free(b);
	return 0;
}

static void test_six_arguments_reach_the_model(void **state)
{
	struct boundary *b = *state;

	if (!b->srv)
		skip_because(
			"seccomp(2) is missing (as under valgrind): no kernel boundary to serve");
	struct lsmc_request req = {
		.lsm = LSM_ID_SMACK,
		.scope = LSMC_SCOPE_SYSTEM,
		.payload = "subject object rwx\n",
		.len = 19,
		.smack_fmt = SMACK_FMT_LONG,
	};
	struct lsmc_delivery d;

	lsmc_set_backend(b->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_deliver(b->ctx, &req, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(b->m->calls[b->policy_if[LSMC_SCOPE_SYSTEM]], 1);
	assert_int_equal(b->m->last_call.kind, b->policy_if[LSMC_SCOPE_SYSTEM]);
	assert_int_equal(b->m->last_call.lsm_id, LSM_ID_SMACK);
	assert_int_equal(b->m->last_call.op, LSM_POLICY_LOAD);
	assert_int_equal(b->m->last_call.size, 20);
	assert_int_equal(b->m->last_call.common_flags, 0);
	assert_int_equal(b->m->last_call.flags, 0);
	assert_int_equal(b->m->last_call.data[0], SMACK_FMT_LONG);
	assert_memory_equal(b->m->last_call.data + 1, req.payload, req.len);
	assert_int_equal(model_smack_rule(b->m, "subject", "object"),
			 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC);

	/* The caller's own rules: the other call (v6) or the self flag (unified). */
	req.scope = LSMC_SCOPE_SELF;
	assert_int_equal(lsmc_deliver(b->ctx, &req, &d), 0);
	assert_int_equal(b->m->last_call.kind, b->policy_if[LSMC_SCOPE_SELF]);
	assert_int_equal(b->m->last_call.common_flags,
			 b->abi == MODEL_ABI_UNIFIED ? LSM_CONFIG_SELF : 0);
	assert_int_equal(model_smack_self_rule(b->m, "subject", "object"),
			 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC);
}

static void test_probe_through_the_boundary(void **state)
{
	struct boundary *b = *state;

	if (!b->srv)
		skip_because(
			"seccomp(2) is missing (as under valgrind): no kernel boundary to serve");
	struct lsmc_lsm_info i = {.sz = sizeof(i)};

	/* The probe's call crosses the boundary too: LSM_POLICY_UNDEF for v6,
	 * a LOAD of nothing for the unified revision. */
	assert_int_equal(lsmc_probe(b->ctx, LSMC_LSM_APPARMOR, &i), 0);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_YES);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_YES);
	assert_int_equal(b->m->last_call.op,
			 b->abi == MODEL_ABI_UNIFIED ? LSM_POLICY_LOAD : LSM_POLICY_UNDEF);
	assert_int_equal(b->m->last_call.size, 0);
	assert_int_equal(b->m->last_call.lsm_id, LSM_ID_APPARMOR);
	/* SELinux has no self policy in either revision. */
	assert_int_equal(lsmc_probe(b->ctx, LSMC_LSM_SELINUX, &i), 0);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_UNIMPLEMENTED);
	assert_int_equal(i.syscall_self_errno, b->abi == MODEL_ABI_UNIFIED ? EOPNOTSUPP : EINVAL);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_YES);
}

static void test_kernel_errno_crosses_back(void **state)
{
	struct boundary *b = *state;

	if (!b->srv)
		skip_because(
			"seccomp(2) is missing (as under valgrind): no kernel boundary to serve");
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 32, &len);
	struct lsmc_request req = {.lsm = LSM_ID_SELINUX, .payload = pol, .len = len};
	struct lsmc_delivery d;

	b->m->selinux_load_allowed = false;
	lsmc_set_backend(b->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_deliver(b->ctx, &req, &d), -EACCES);
	assert_int_equal(last_error(b->ctx).kernel_errno, EACCES);
	b->m->selinux_load_allowed = true;
	assert_int_equal(lsmc_deliver(b->ctx, &req, &d), 0);
	assert_int_equal(b->m->last_call.size, len);
	assert_int_equal(b->m->selinux_loads, 1);
	free(pol);
}

static void test_unassigned_number_never_enters_the_kernel(void **state)
{
	struct boundary *b = *state;

	if (!b->srv)
		skip_because(
			"seccomp(2) is missing (as under valgrind): no kernel boundary to serve");
	struct lsmc_request req = {.lsm = LSM_ID_SMACK, .payload = "a b r\n", .len = 6};
	struct lsmc_delivery d;
	unsigned before = b->m->calls[b->policy_if[LSMC_SCOPE_SYSTEM]];

	lsmc_nr.config_system_policy = -1;
	lsmc_nr.config_policy = -1;
	lsmc_set_backend(b->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_deliver(b->ctx, &req, &d), -ENOSYS);
	assert_int_equal(b->m->calls[b->policy_if[LSMC_SCOPE_SYSTEM]], before);
	/* Said as what it is: no kernel refused anything, nothing applied. */
	struct lsmc_error e = {.sz = sizeof(e)};
	assert_int_equal(lsmc_get_last_error(b->ctx, &e), 0);
	assert_non_null(strstr(e.message, "no syscall number"));
	assert_int_equal(e.kernel_errno, 0);
	/* A dry run's check refuses it the same way. */
	assert_int_equal(lsmc_request_check(b->ctx, &req), -ENOSYS);
	assert_int_equal(b->m->calls[b->policy_if[LSMC_SCOPE_SYSTEM]], before);
	lsmc_nr.config_system_policy = test_nrs[1];
	lsmc_nr.config_policy = test_nrs[3];
}

/* A load that replaces: v6's LOAD, the unified REPLACE (§9.1). */
static void test_apparmor_replace_op(void **state)
{
	struct boundary *b = *state;

	if (!b->srv)
		skip_because(
			"seccomp(2) is missing (as under valgrind): no kernel boundary to serve");
	const char *names[] = {"p"};
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, names, 1, 5, 0, &len);
	struct lsmc_request req = {.lsm = LSM_ID_APPARMOR, .payload = blob, .len = len};
	struct lsmc_delivery d;

	lsmc_set_backend(b->ctx, LSMC_BACKEND_SYSCALL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lsmc_deliver(b->ctx, &req, &d), 0);
		assert_int_equal(
			b->m->last_call.op,
			(uint32_t)b->ctx->abi->op[b->ctx->abi->load_replaces ? LSMC_ABI_LOAD
									     : LSMC_ABI_REPLACE]);
	}
	assert_true(model_aa_has_profile(b->m, NULL, "p"));
	free(blob);
}

int main(void)
{
#define BOTH(t)                                                                                    \
	{#t " (v6)", t, setup_v6, teardown, NULL},                                                 \
	{                                                                                          \
#t " (unified)", t, setup_unified, teardown, NULL                                  \
	}
	const struct CMUnitTest tests[] = {
		BOTH(test_six_arguments_reach_the_model),
		BOTH(test_probe_through_the_boundary),
		BOTH(test_kernel_errno_crosses_back),
		BOTH(test_unassigned_number_never_enters_the_kernel),
		BOTH(test_apparmor_replace_op),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

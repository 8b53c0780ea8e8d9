/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The unified revision of the policy syscalls (kernel-abi §9), row by row
 * of its errno tables (§9.2-§9.5): what the model answers, what the
 * library returns, the hint it gives, and whether it falls back to the
 * pseudo-filesystem. Where v6 differs (§3), the same case runs on v6 too.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "helpers.h"

static const char *const one_profile[] = {"prof"};

struct blob {
	uint8_t *data;
	size_t len;
};

static struct blob aa_blob(void)
{
	struct blob b;

	b.data = model_aa_blob(NULL, one_profile, 1, 7, 0, &b.len);
	assert_non_null(b.data);
	return b;
}

static struct fixture *on(enum model_abi abi)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);

	use_abi(f->m, f->ctx, abi);
	return f;
}

/* A load as the typed loaders hand it over. */
static int deliver(struct fixture *f, uint64_t lsm, enum lsmc_scope scope, const char *ns,
		   const void *payload, size_t len, struct lsmc_delivery *d)
{
	struct lsmc_request req = {
		.lsm = lsm,
		.scope = scope,
		.ns = ns,
		.payload = payload,
		.len = len,
		.smack_fmt = SMACK_FMT_LONG,
	};
	return lsmc_deliver(f->ctx, &req, d);
}

#define assert_no_fallback(f) assert_int_equal((f)->m->n_writes, 0)

/* ---- §9.2 generic checks ---- */

/* Reserved common_flags bit → EINVAL. The library sends none: every call
 * it makes carries 0 or LSM_CONFIG_SELF. */
static void test_reserved_common_flag(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, b.data,
						 (uint32_t)b.len, 0xdeadbeef, 0),
			 -EINVAL);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SELF, NULL, "a b r\n", 6, &d), 0);
	assert_int_equal(f->m->last_call.common_flags, LSM_CONFIG_SELF);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "a b r\n", 6, &d), 0);
	assert_int_equal(f->m->last_call.common_flags, 0);
	free(b.data);
	fixture_free(f);
}

/*
 * An LSM without the hook: EOPNOTSUPP in the unified revision, EINVAL in
 * v6. Either way the probe reads it as "not implemented" and auto mode
 * loads through the pseudo-filesystem; a forced syscall returns the errno.
 */
static void no_hook(enum model_abi abi, int want)
{
	struct fixture *f = on(abi);
	struct lsmc_delivery d;
	struct lsmc_lsm_info i = {.sz = sizeof(i)};

	f->m->policy_hookless = LSM_ID_SMACK;
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_UNDEF, LSM_POLICY_LOAD, NULL, 0, 0, 0),
		abi == MODEL_ABI_UNIFIED ? -EOPNOTSUPP : -ENOSYS);
	assert_int_equal(lsmc_probe(f->ctx, LSMC_LSM_SMACK, &i), 0);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_UNIMPLEMENTED);
	assert_int_equal(i.syscall_system_errno, -want);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "a b r\n", 6, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_int_equal(model_smack_rule(f->m, "a", "b"), MODEL_SMK_READ);

	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "a b w\n", 6, &d), want);
	assert_int_equal(last_error(f->ctx).kernel_errno, -want);
	if (want == -EOPNOTSUPP)
		assert_hint_contains(f->ctx, "try another backend");
	assert_int_equal(model_smack_rule(f->m, "a", "b"), MODEL_SMK_READ);
	fixture_free(f);
}

static void test_unknown_lsm_falls_back_unified(void **state)
{
	no_hook(MODEL_ABI_UNIFIED, -EOPNOTSUPP);
}

static void test_unknown_lsm_falls_back_v6(void **state)
{
	no_hook(MODEL_ABI_V6, -EINVAL);
}

/* The system's policy without CAP_MAC_ADMIN → EPERM before the LSM: the
 * probe says "denied" and auto mode uses the pseudo-filesystem (design §5),
 * which decides for itself; a forced syscall reports EPERM. */
static void test_system_without_cap(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_lsm_info i = {.sz = sizeof(i)};
	struct lsmc_delivery d;
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 16, &len);

	f->m->cap_mac_admin = false;
	assert_int_equal(lsmc_probe(f->ctx, LSMC_LSM_SELINUX, &i), 0);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_DENIED);
	/* selinuxfs needs root, not CAP_MAC_ADMIN: the fallback loads */
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), -EPERM);
	assert_hint_contains(f->ctx, "CAP_MAC_ADMIN");
	assert_int_equal(f->m->selinux_loads, 1);
	free(pol);
	fixture_free(f);
}

/* An operation the kernel does not implement → EOPNOTSUPP: a REPLACE value
 * this build was given that the kernel does not know. The probe (a LOAD)
 * found the LSM, so the load went to the syscall and is reported, not
 * retried: nothing was applied, but the build's values are wrong. */
static void test_unknown_op(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;
	struct lsmc_abi wrong = *f->ctx->abi;

	wrong.op[LSMC_ABI_REPLACE] = 150;
	f->ctx->abi = &wrong;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -EOPNOTSUPP);
	assert_int_equal(f->m->last_call.op, 150);
	assert_hint_contains(f->ctx, "does not offer this operation");
	assert_no_fallback(f);
	assert_false(model_aa_has_profile(f->m, NULL, "prof"));
	free(b.data);
	fixture_free(f);
}

/* flags ≠ 0 → EOPNOTSUPP at the LSM; the library sends 0 always. */
static void test_flags_nonzero(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, b.data,
						 (uint32_t)b.len, 0, 1),
			 -EOPNOTSUPP);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(f->m->last_call.flags, 0);
	free(b.data);
	fixture_free(f);
}

/* Over the LSM's limit → E2BIG: AppArmor's 32 MiB (v6: 256 MiB). The
 * library refuses first and never calls; the model agrees at the edge. */
static void test_apparmor_size_limit(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	static const char tiny[1];
	struct lsmc_delivery d;
	struct blob b = aa_blob();

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 101, (void *)tiny,
						 (1u << 25) + 1, 0, 0),
			 -E2BIG);
	model_reset_calls(f->m);
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, tiny, 1u << 25, &d),
			 -E2BIG);
	assert_hint_contains(f->ctx, "larger than the kernel accepts");
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	/* v6 takes what unified refuses */
	use_abi(f->m, f->ctx, MODEL_ABI_V6);
	assert_int_equal(lsmc_deliver_syscall(f->ctx,
					      &(struct lsmc_request){.lsm = LSM_ID_APPARMOR,
								     .payload = b.data,
								     .len = b.len},
					      &d),
			 0);
	free(b.data);
	fixture_free(f);
}

/* A set over the call's limit, each of its files within it: refused before
 * any call, nothing loaded, and the message says the set was not sent, not
 * that the kernel refused it (found loading 32 MiB on the proposal kernel,
 * bench/README.md "Inputs at the limits"). */
static void test_apparmor_set_over_limit(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	static const char *const names[] = {"one", "two"};
	struct lsmc_abi small = *unified_abi();
	char paths[2][64];
	const char *pv[2] = {paths[0], paths[1]};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_error e;
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 2; i++) {
		uint8_t *blob = model_aa_blob(NULL, &names[i], 1, 7, 0, &len);
		int fd;

		assert_non_null(blob);
		snprintf(paths[i], sizeof(paths[i]), "/tmp/lsmc-test-abi-XXXXXX");
		fd = mkstemp(paths[i]);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, blob, len), (ssize_t)len);
		close(fd);
		free(blob);
	}
	/* one file fits a call, the two together do not */
	small.aa_max = (uint32_t)(len + len / 2);
	f->ctx->abi = &small;
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, pv, 1, NULL, &res), 0);
	assert_true(model_aa_has_profile(f->m, NULL, "one"));
	model_reset_calls(f->m);
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, pv, 2, NULL, &res), -E2BIG);
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	assert_false(model_aa_has_profile(f->m, NULL, "two"));
	e = last_error(f->ctx);
	assert_non_null(strstr(e.message, "the set of 2 files was not sent"));
	assert_null(strstr(e.message, "kernel refused"));
	assert_hint_contains(f->ctx, "--backend fs");
	unlink(paths[0]);
	unlink(paths[1]);
	fixture_free(f);
}

/* apparmor.lock_policy=Y → EACCES, for self loads too; never a fallback. */
static void test_policy_locked(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;

	f->m->aa_policy_locked = true;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -EACCES);
	assert_hint_contains(f->ctx, "locked");
	assert_no_fallback(f);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, b.data, b.len, &d),
			 -EACCES);
	assert_int_equal(f->m->last_call.common_flags, LSM_CONFIG_SELF);
	assert_no_fallback(f);
	free(b.data);
	fixture_free(f);
}

/* ---- §9.3 AppArmor ---- */

/* The namespace counts from the caller's, must exist (EINVAL), and ".."
 * is a literal name. The library reports EINVAL and does not fall back. */
static void test_apparmor_namespace(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;
	char buf[64];

	assert_int_equal(
		deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "absent", b.data, b.len, &d),
		-EINVAL);
	assert_int_equal(last_error(f->ctx).kernel_errno, EINVAL);
	assert_no_fallback(f);
	memcpy(buf, "..\0", 3);
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 101, buf, 3 + 8, 0, 0),
			 -EINVAL);
	/* inside namespace "outer", "inner" names outer//inner, as through
	 * apparmorfs, whose policy/ is the caller's namespace */
	assert_int_equal(model_aa_ns_create(f->m, "outer"), 0);
	assert_int_equal(model_aa_ns_create(f->m, "outer//inner"), 0);
	assert_int_equal(model_aa_ns_create(f->m, "inner"), 0);
	assert_int_equal(lsmc_apparmor_ns_enter(f->ctx, "outer"), 0);
	assert_string_equal(model_aa_task_ns(f->m), "outer");
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "inner", b.data, b.len, &d),
			 0);
	assert_true(model_aa_has_profile(f->m, "outer//inner", "prof"));
	assert_false(model_aa_has_profile(f->m, "inner", "prof"));
	free(b.data);
	fixture_free(f);
}

/* size < 2 → EINVAL (the library refuses an empty policy first). */
static void test_apparmor_too_small(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_delivery d;

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 101, "", 1, 0, 0), -EINVAL);
	model_reset_calls(f->m);
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, "", 0, &d), -EINVAL);
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	fixture_free(f);
}

/* A second LOAD → EEXIST, REPLACE succeeds: the library's load replaces,
 * so it sends REPLACE; without a REPLACE value it writes .replace. */
static void test_apparmor_load_does_not_replace(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;
	char buf[256];
	struct lsmc_abi no_replace = *f->ctx->abi;

	buf[0] = '\0';
	memcpy(buf + 1, b.data, b.len);
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, buf,
						 (uint32_t)b.len + 1, 0, 0),
			 0);
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, buf,
						 (uint32_t)b.len + 1, 0, 0),
			 -EEXIST);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.op, 101);

	no_replace.op[LSMC_ABI_REPLACE] = -1;
	f->ctx->abi = &no_replace;
	model_reset_calls(f->m);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_string_equal(f->m->last_write.path, "/sys/kernel/security/apparmor/.replace");
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "--backend fs");
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	free(b.data);
	fixture_free(f);
}

/* System REMOVE: "<ns>\0<name>", unknown → ENOENT, over 1024 bytes →
 * E2BIG; without a REMOVE value the library writes .remove. */
static void test_apparmor_remove(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_result res = {.sz = sizeof(res)};
	struct lsmc_abi no_remove = *f->ctx->abi;
	char big[1100];

	memset(big, 'x', sizeof(big));
	big[0] = '\0';
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 102, big, 1025, 0, 0),
			 -E2BIG);
	assert_int_equal(model_aa_add_profile(f->m, NULL, "gone", "enforce"), 0);
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "gone", NULL, &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.op, 102);
	assert_int_equal(f->m->last_call.size, 1 + 4);
	assert_memory_equal(f->m->last_call.data, "\0gone", 5);
	assert_false(model_aa_has_profile(f->m, NULL, "gone"));
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "gone", NULL, &res), -ENOENT);
	assert_int_equal(last_error(f->ctx).backend, LSMC_BACKEND_SYSCALL);
	assert_no_fallback(f);

	no_remove.op[LSMC_ABI_REMOVE] = -1;
	f->ctx->abi = &no_remove;
	assert_int_equal(model_aa_add_profile(f->m, NULL, "gone", "enforce"), 0);
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "gone", NULL, &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_string_equal(f->m->last_write.path, "/sys/kernel/security/apparmor/.remove");
	fixture_free(f);
}

/* Self LOAD: the blob alone, no privilege but no_new_privs (without it and
 * without CAP_MAC_ADMIN, EPERM); a transient namespace holds it and its
 * profiles are stacked at once; a second LOAD → EEXIST. */
static void test_apparmor_self_load(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct blob b = aa_blob();
	struct lsmc_delivery d;
	char fq[128];

	f->m->cap_mac_admin = false;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, b.data, b.len, &d),
			 -EPERM);
	assert_string_equal(model_aa_self_ns(f->m), "");
	f->m->no_new_privs = true;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, b.data, b.len, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.common_flags, LSM_CONFIG_SELF);
	assert_int_equal(f->m->last_call.op, LSM_POLICY_LOAD);
	assert_int_equal(f->m->last_call.size, b.len);
	assert_memory_equal(f->m->last_call.data, b.data, b.len);
	assert_true(strncmp(model_aa_self_ns(f->m), "self.", 5) == 0);
	snprintf(fq, sizeof(fq), ":%s:prof", model_aa_self_ns(f->m));
	assert_int_equal(model_aa_stack_count(f->m), 1);
	assert_string_equal(model_aa_stack(f->m, 0), fq);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, b.data, b.len, &d),
			 -EEXIST);
	assert_no_fallback(f);
	free(b.data);
	fixture_free(f);
}

/* Self REPLACE / REMOVE need CAP_MAC_ADMIN; REMOVE before any self LOAD →
 * ENOENT; size 0 → EINVAL. The library issues neither (no public call
 * replaces or removes self policy); the model follows the table. */
static void test_apparmor_self_replace_remove(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	uint32_t self = LSM_CONFIG_SELF;

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 102, "prof", 5, self, 0),
			 -ENOENT);
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "", 0, self, 0),
		-EINVAL);
	f->m->cap_mac_admin = false;
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 101, "x", 1, self, 0),
			 -EPERM);
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, 102, "prof", 5, self, 0),
			 -EPERM);
	fixture_free(f);
}

/* ---- §9.4 SELinux, §9.5 Smack ---- */

static void test_selinux(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_lsm_info i = {.sz = sizeof(i)};
	struct lsmc_delivery d;
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 16, &len);

	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->selinux_loads, 1);
	/* with SELF: EOPNOTSUPP, also for size 0; the library refuses first */
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_SELINUX, LSM_POLICY_LOAD, NULL, 0,
						 LSM_CONFIG_SELF, 0),
			 -EOPNOTSUPP);
	assert_int_equal(lsmc_probe(f->ctx, LSMC_LSM_SELINUX, &i), 0);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_UNIMPLEMENTED);
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SELF, NULL, pol, len, &d),
			 -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "system-wide");
	/* a real policy error is reported, not retried */
	pol[0] ^= 0xff;
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d),
			 -EINVAL);
	assert_no_fallback(f);
	free(pol);
	fixture_free(f);
}

static void test_smack(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_delivery d;

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_SMACK, LSM_POLICY_LOAD, "", 0, 0, 0),
			 -EINVAL);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "s o rw\n", 7, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.data[0], SMACK_FMT_LONG);
	assert_int_equal(model_smack_rule(f->m, "s", "o"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "only-two x\n", 11, &d),
			 -EINVAL);
	assert_no_fallback(f);
	/* our kernel asks smack_privileged(): onlycap holds through the call,
	 * for the system's rules and the task's own (v6 asks capable() only) */
	f->m->smack_onlycap_denies = true;
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "s o r\n", 6, &d),
			 -EPERM);
	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_SMACK, LSM_POLICY_LOAD, "\x01s o r\n",
						 7, LSM_CONFIG_SELF, 0),
			 -EPERM);
	assert_int_equal(model_smack_rule(f->m, "s", "o"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	f->m->abi = MODEL_ABI_V6;
	assert_int_equal(model_lsm_config_system_policy(f->m, LSM_ID_SMACK, LSM_POLICY_LOAD,
							"\x01s o r\n", 7, 0, 0),
			 6);
	fixture_free(f);
}

/* A SELinux payload over INT_MAX: E2BIG before the buffer is read (the
 * size would come back as a negative errno). */
static void test_selinux_over_int_max(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);

	assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_SELINUX, LSM_POLICY_LOAD, NULL,
						 (uint32_t)INT_MAX + 1, 0, 0),
			 -E2BIG);
	assert_int_equal(f->m->selinux_loads, 0);
	fixture_free(f);
}

/* A real policy error never falls back, in either revision. */
static void policy_error(enum model_abi abi)
{
	struct fixture *f = on(abi);
	struct lsmc_delivery d;

	assert_int_equal(
		deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, "garbage-garbage", 15, &d),
		-EPROTONOSUPPORT);
	assert_int_equal(last_error(f->ctx).backend, LSMC_BACKEND_SYSCALL);
	assert_no_fallback(f);
	fixture_free(f);
}

static void test_policy_error_unified(void **state)
{
	policy_error(MODEL_ABI_UNIFIED);
}

static void test_policy_error_v6(void **state)
{
	policy_error(MODEL_ABI_V6);
}

/* ---- AppArmor self load of compiled policy (lsmc_apparmor_load, self) ---- */

static const struct lsmc_load_opts self_opts = {.sz = sizeof(self_opts), .scope = LSMC_SCOPE_SELF};

/* Unified: one unprivileged call; the kernel makes the namespace. */
static void test_self_load_syscall(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_result res = {.sz = sizeof(res)};
	struct blob b = aa_blob();
	char fq[128];

	f->m->cap_mac_admin = false;
	f->m->no_new_privs = true;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b.data, b.len, &self_opts, &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(res.items, 1);
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 3); /* two probes, the load */
	snprintf(fq, sizeof(fq), ":%s:prof", model_aa_self_ns(f->m));
	assert_string_equal(model_aa_stack(f->m, 0), fq);
	assert_int_equal(f->m->calls[MODEL_IF_MKDIRAT], 0);
	/* the label read back: from the task's own view, the transient
	 * namespace's profile shows bare (the kernel's namespace is its own) */
	assert_non_null(res.label);
	assert_string_equal(res.label, "prof");
	assert_null(res.ns);
	free(b.data);
	fixture_free(f);
}

/* Without that syscall, as root: a namespace of a random name of the
 * task's own, the policy loaded into it through apparmorfs, its profile
 * stacked, and the label read back names it. */
static void self_load_namespace(enum model_abi abi, bool has_syscalls)
{
	struct fixture *f = on(abi);
	struct lsmc_result res = {.sz = sizeof(res)};
	struct blob b = aa_blob();
	char ns[64], fq[128];

	f->m->has_policy_syscalls = has_syscalls;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b.data, b.len, &self_opts, &res), 0);
	assert_non_null(res.ns);
	assert_int_equal(strlen(res.ns), strlen("lsmc-self.") + 16);
	assert_memory_equal(res.ns, "lsmc-self.", 10);
	snprintf(ns, sizeof(ns), "%s", res.ns);
	snprintf(fq, sizeof(fq), ":%s:prof", ns);
	assert_string_equal(res.label, "prof");
	assert_int_equal(model_flocks_held(f->m), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_int_equal(res.items, 1);
	assert_true(model_aa_has_profile(f->m, ns, "prof"));
	assert_false(model_aa_has_profile(f->m, NULL, "prof"));
	assert_int_equal(model_aa_stack_count(f->m), 1);
	assert_string_equal(model_aa_stack(f->m, 0), fq);
	/* the starter removes it when the task has ended */
	assert_int_equal(lsmc_apparmor_ns_remove(f->ctx, ns), 0);
	assert_false(model_aa_ns_exists(f->m, ns));
	free(b.data);
	fixture_free(f);
}

static void test_self_load_namespace_v6(void **state)
{
	self_load_namespace(MODEL_ABI_V6, true);
}

static void test_self_load_namespace_no_syscall(void **state)
{
	self_load_namespace(MODEL_ABI_UNIFIED, false);
}

/* Neither the syscall nor privilege: a refusal that says what is missing;
 * nothing is created. With the syscall forced, v6 cannot do it at all. */
static void test_self_load_refused(void **state)
{
	struct fixture *f = on(MODEL_ABI_V6);
	struct lsmc_result res = {.sz = sizeof(res)};
	struct blob b = aa_blob();
	struct lsmc_error e;

	f->m->cap_mac_admin = false;
	f->m->aa_policy_admin = 0;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b.data, b.len, &self_opts, &res), -EPERM);
	e = last_error(f->ctx);
	assert_non_null(strstr(e.message, "does not load compiled policy for the calling task"));
	assert_non_null(strstr(e.message, "CAP_MAC_ADMIN"));
	assert_hint_contains(f->ctx, "lsmc_apparmor_stack");
	assert_int_equal(f->m->calls[MODEL_IF_MKDIRAT], 0);
	assert_int_equal(model_aa_stack_count(f->m), 0);

	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_apparmor_load(f->ctx, b.data, b.len, &self_opts, &res), -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "--backend fs");
	free(b.data);
	fixture_free(f);
}

/* Stacking a loaded profile by name stays: the unified self call takes a
 * blob, so the name goes through lsm_set_self_attr / procfs. */
static void test_stack_by_name_unified(void **state)
{
	struct fixture *f = on(MODEL_ABI_UNIFIED);
	struct lsmc_result res = {.sz = sizeof(res)};

	assert_int_equal(model_aa_add_profile(f->m, NULL, "jail", "enforce"), 0);
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "jail", &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], 0);
	assert_string_equal(model_aa_stack(f->m, 0), "jail");
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "jail", &res), -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "--backend fs");
	fixture_free(f);
}

/* A profile name to stack is bounded where each backend copies it, not only
 * by the dispatcher's check: a backend must not trust a size it did not
 * check itself. */
static void test_stack_name_bounded_in_backend(void **state)
{
	struct fixture *f = on(MODEL_ABI_V6);
	static char name[4096];
	struct lsmc_delivery d;
	struct lsmc_request req = {.lsm = LSM_ID_APPARMOR,
				   .scope = LSMC_SCOPE_SELF,
				   .kind = LSMC_REQ_STACK,
				   .payload = name};
	static const size_t lens[] = {512, 513, 600, sizeof(name)};

	memset(name, 'a', sizeof(name));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		req.len = lens[i];
		model_reset_calls(f->m);
		assert_int_equal(lsmc_deliver_syscall(f->ctx, &req, &d), -E2BIG);
		assert_non_null(strstr(last_error(f->ctx).message, "profile name"));
		assert_int_equal(f->m->calls[MODEL_IF_SELF_POLICY], 0);
		assert_int_equal(lsmc_deliver_fs(f->ctx, &req, &d), -E2BIG);
		assert_int_equal(f->m->calls[MODEL_IF_OPENAT], 0);
	}
	req.len = 0;
	assert_int_equal(lsmc_deliver_syscall(f->ctx, &req, &d), -EINVAL);
	assert_int_equal(lsmc_deliver_fs(f->ctx, &req, &d), -EINVAL);
	name[3] = '\0';
	req.len = 8;
	assert_int_equal(lsmc_deliver_syscall(f->ctx, &req, &d), -EINVAL);
	assert_int_equal(lsmc_deliver_fs(f->ctx, &req, &d), -EINVAL);
	assert_int_equal(f->m->calls[MODEL_IF_SELF_POLICY], 0);
	/* 511 bytes reach the kernel */
	name[3] = 'a';
	req.len = 511;
	(void)lsmc_deliver_syscall(f->ctx, &req, &d);
	assert_int_equal(f->m->calls[MODEL_IF_SELF_POLICY], 1);
	assert_int_equal(f->m->last_call.size, 512);
	fixture_free(f);
}

/* The revision this build speaks, with the operation values it was given,
 * against a kernel of that revision with the same values. */
static void test_build_revision(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	const struct lsmc_abi *abi = lsmc_abi_default;
	struct blob b = aa_blob();
	struct lsmc_delivery d;

	f->m->abi = strcmp(abi->name, "unified") == 0 ? MODEL_ABI_UNIFIED : MODEL_ABI_V6;
	if (abi->op[LSMC_ABI_REPLACE] >= 0)
		f->m->op_replace = (uint32_t)abi->op[LSMC_ABI_REPLACE];
	if (abi->op[LSMC_ABI_REMOVE] >= 0)
		f->m->op_remove = (uint32_t)abi->op[LSMC_ABI_REMOVE];
	f->ctx->abi = abi;
	assert_string_equal(abi->name, LSMC_ABI_UNIFIED ? "unified" : "v6");
#ifdef LSMC_OPT_POLICY_REPLACE_OP
	assert_int_equal(abi->op[LSMC_ABI_REPLACE], LSMC_OPT_POLICY_REPLACE_OP);
#else
	assert_int_equal(abi->op[LSMC_ABI_REPLACE], -1);
#endif
#ifdef LSMC_OPT_POLICY_REMOVE_OP
	assert_int_equal(abi->op[LSMC_ABI_REMOVE], LSMC_OPT_POLICY_REMOVE_OP);
#else
	assert_int_equal(abi->op[LSMC_ABI_REMOVE], -1);
#endif
	/* load twice: the second replaces, through whichever route offers it */
	for (int i = 0; i < 2; i++)
		assert_int_equal(
			deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d), 0);
	assert_int_equal(d.backend, abi->load_replaces || abi->op[LSMC_ABI_REPLACE] >= 0
					    ? LSMC_BACKEND_SYSCALL
					    : LSMC_BACKEND_FS);
	assert_true(model_aa_has_profile(f->m, NULL, "prof"));
	free(b.data);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reserved_common_flag),
		cmocka_unit_test(test_unknown_lsm_falls_back_unified),
		cmocka_unit_test(test_unknown_lsm_falls_back_v6),
		cmocka_unit_test(test_system_without_cap),
		cmocka_unit_test(test_unknown_op),
		cmocka_unit_test(test_flags_nonzero),
		cmocka_unit_test(test_apparmor_size_limit),
		cmocka_unit_test(test_apparmor_set_over_limit),
		cmocka_unit_test(test_policy_locked),
		cmocka_unit_test(test_apparmor_namespace),
		cmocka_unit_test(test_apparmor_too_small),
		cmocka_unit_test(test_apparmor_load_does_not_replace),
		cmocka_unit_test(test_apparmor_remove),
		cmocka_unit_test(test_apparmor_self_load),
		cmocka_unit_test(test_apparmor_self_replace_remove),
		cmocka_unit_test(test_selinux),
		cmocka_unit_test(test_smack),
		cmocka_unit_test(test_policy_error_unified),
		cmocka_unit_test(test_policy_error_v6),
		cmocka_unit_test(test_build_revision),
		cmocka_unit_test(test_self_load_syscall),
		cmocka_unit_test(test_self_load_namespace_v6),
		cmocka_unit_test(test_self_load_namespace_no_syscall),
		cmocka_unit_test(test_self_load_refused),
		cmocka_unit_test(test_stack_by_name_unified),
		cmocka_unit_test(test_stack_name_bounded_in_backend),
		cmocka_unit_test(test_selinux_over_int_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

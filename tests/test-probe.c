/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The probe on the kernels the issue names: none, AppArmor fs-only, everything, seccomp EPERM. */
#include <errno.h>

#include "helpers.h"

static struct lsmc_lsm_info probe(struct lsmc_ctx *ctx, uint64_t lsm)
{
	struct lsmc_lsm_info i = {.sz = sizeof(i)};

	assert_int_equal(lsmc_probe(ctx, lsm, &i), 0);
	assert_int_equal(i.lsm, lsm);
	return i;
}

static void test_no_lsm(void **state)
{
	struct fixture *f = fixture_new(NULL);
	const uint64_t ids[] = {LSM_ID_CAPABILITY, LSM_ID_LANDLOCK};
	const uint64_t *got;
	struct lsmc_lsm_info i;

	f->m->has_lsm_syscalls = true;
	model_set_active(f->m, ids, 2);
	assert_int_equal(lsmc_active_lsms(f->ctx, &got), 2);
	assert_int_equal(got[0], LSM_ID_CAPABILITY);
	assert_int_equal(got[1], LSM_ID_LANDLOCK);
	i = probe(f->ctx, LSMC_LSM_APPARMOR);
	assert_false(i.active);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_ABSENT);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_ABSENT);
	assert_int_equal(i.syscall_system_errno, ENOSYS);
	assert_int_equal(i.fs, LSMC_FS_NOT_MOUNTED);
	assert_false(i.can_load);
	i = probe(f->ctx, LSMC_LSM_SMACK);
	assert_int_equal(i.fs, LSMC_FS_NOT_MOUNTED);
	assert_string_equal(i.fs_path, "/sys/fs/smackfs/load2");
	fixture_free(f);
}

static void test_no_lsm_no_securityfs(void **state)
{
	/* Kernel < 6.8 and securityfs not mounted: nothing tells the active list. */
	struct fixture *f = fixture_new(NULL);
	const uint64_t *got;

	assert_int_equal(lsmc_active_lsms(f->ctx, &got), -ENOENT);
	assert_hint_contains(f->ctx, "mount -t securityfs");
	fixture_free(f);
}

static void test_apparmor_fs_only(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	const uint64_t *got;
	struct lsmc_lsm_info i;
	int n;

	/* 6.1 has no lsm_list_modules: the list comes from securityfs. */
	n = lsmc_active_lsms(f->ctx, &got);
	assert_true(n >= 2);
	assert_int_equal(f->m->calls[MODEL_IF_LIST_MODULES], 1);
	i = probe(f->ctx, LSMC_LSM_APPARMOR);
	assert_true(i.active);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_ABSENT);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_ABSENT);
	assert_int_equal(i.fs, LSMC_FS_WRITABLE);
	assert_string_equal(i.fs_path, "/sys/kernel/security/apparmor/.replace");
	assert_true(i.cap_mac_admin);
	assert_true(i.can_load);
	i = probe(f->ctx, LSMC_LSM_SELINUX);
	assert_false(i.active);
	assert_int_equal(i.fs, LSMC_FS_NOT_MOUNTED);
	fixture_free(f);
}

static void test_all_with_syscalls(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_lsm_info i;

	i = probe(f->ctx, LSMC_LSM_APPARMOR);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_YES);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_YES);
	assert_int_equal(i.syscall_system_errno, EOPNOTSUPP);
	i = probe(f->ctx, LSMC_LSM_SELINUX);
	assert_true(i.active);
	/* SELinux has no self hook: the framework answers EINVAL (kernel-abi §4.2). */
	assert_int_equal(i.syscall_self, LSMC_AVAIL_UNIMPLEMENTED);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_YES);
	assert_int_equal(i.fs, LSMC_FS_WRITABLE);
	i = probe(f->ctx, LSMC_LSM_SMACK);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_YES);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_YES);
	assert_true(i.can_load);
	/* The probe is a no-op for the kernel: no policy reached any LSM. */
	assert_int_equal(f->m->selinux_loads, 0);
	assert_int_equal(model_smack_rule_count(f->m), 0);
	assert_int_equal(f->m->last_call.op, LSM_POLICY_UNDEF);
	fixture_free(f);
}

static void test_probe_is_cached(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	unsigned calls;

	probe(f->ctx, LSMC_LSM_APPARMOR);
	calls = f->m->calls[MODEL_IF_SYSTEM_POLICY];
	probe(f->ctx, LSMC_LSM_APPARMOR);
	assert_int_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], calls);
	lsmc_probe_reset(f->ctx);
	probe(f->ctx, LSMC_LSM_APPARMOR);
	assert_int_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], calls + 1);
	fixture_free(f);
}

static void test_seccomp_eperm(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_lsm_info i;

	f->m->seccomp_eperm = true;
	i = probe(f->ctx, LSMC_LSM_SMACK);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_DENIED);
	assert_int_equal(i.syscall_system, LSMC_AVAIL_DENIED);
	assert_int_equal(i.syscall_self_errno, EPERM);
	assert_int_equal(i.fs, LSMC_FS_WRITABLE);
	assert_true(i.can_load); /* through the pseudo-filesystem */
	fixture_free(f);
}

static void test_system_without_cap_is_denied(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_lsm_info i;

	f->m->cap_mac_admin = false;
	i = probe(f->ctx, LSMC_LSM_APPARMOR);
	/* The framework checks CAP_MAC_ADMIN before dispatch (kernel-abi §3). */
	assert_int_equal(i.syscall_system, LSMC_AVAIL_DENIED);
	assert_int_equal(i.syscall_self, LSMC_AVAIL_YES);
	assert_false(i.cap_mac_admin);
	assert_false(i.can_load);
	fixture_free(f);
}

static void test_wrong_filesystem(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_lsm_info i;

	f->m->fs[MODEL_FS_SMACKFS].magic_override = 0x01021994; /* tmpfs */
	i = probe(f->ctx, LSMC_LSM_SMACK);
	assert_int_equal(i.fs, LSMC_FS_WRONG_FS);
	assert_false(i.can_load);
	fixture_free(f);
}

static void test_selinuxfs_needs_dac_override(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_lsm_info i;

	f->m->is_root = false;
	f->m->cap_dac_override = false;
	i = probe(f->ctx, LSMC_LSM_SELINUX);
	assert_int_equal(i.fs, LSMC_FS_NO_ACCESS);
	assert_false(i.can_load);
	fixture_free(f);
}

static void test_unknown_lsm(void **state)
{
	struct fixture *f = fixture_new(NULL);
	struct lsmc_lsm_info i = {.sz = sizeof(i)};

	assert_int_equal(lsmc_probe(f->ctx, LSM_ID_YAMA, &i), -EOPNOTSUPP);
	i.sz = 0;
	assert_int_equal(lsmc_probe(f->ctx, LSMC_LSM_SMACK, &i), -EINVAL);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_lsm),
		cmocka_unit_test(test_no_lsm_no_securityfs),
		cmocka_unit_test(test_apparmor_fs_only),
		cmocka_unit_test(test_all_with_syscalls),
		cmocka_unit_test(test_probe_is_cached),
		cmocka_unit_test(test_seccomp_eperm),
		cmocka_unit_test(test_system_without_cap_is_denied),
		cmocka_unit_test(test_wrong_filesystem),
		cmocka_unit_test(test_selinuxfs_needs_dac_override),
		cmocka_unit_test(test_unknown_lsm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

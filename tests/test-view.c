/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The read-only view of what is loaded, on the model: AppArmor profiles,
 * SELinux's state, Smack's rules, the LSM syscalls, and how each fails. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "delivery/syscall-nr.h"

/* ---- AppArmor ---- */

struct seen {
	char text[1024]; /* "ns|name|mode;" for each call */
	int calls;
	int stop_at; /* return 7 at this call (1-based), 0: never */
};

static int record_profile(const struct lsmc_apparmor_profile *p, void *data)
{
	struct seen *s = data;
	size_t n = strlen(s->text);

	assert_int_equal(p->sz, sizeof(*p));
	snprintf(s->text + n, sizeof(s->text) - n, "%s|%s|%s;", p->ns, p->name, p->mode);
	return ++s->calls == s->stop_at ? 7 : 0;
}

static void test_apparmor_profiles(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct seen s = {0};

	(void)state;
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, record_profile, &s), 0);
	assert_int_equal(s.calls, 0);
	assert_int_equal(model_aa_add_profile(f->m, NULL, "/usr/bin/a", "enforce"), 0);
	assert_int_equal(model_aa_add_profile(f->m, NULL, "b", "complain"), 0);
	assert_int_equal(model_aa_ns_create(f->m, "web"), 0);
	assert_int_equal(model_aa_add_profile(f->m, "web", "srv (x)", "kill"), 0);
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, record_profile, &s), 3);
	assert_non_null(strstr(s.text, "|/usr/bin/a|enforce;"));
	assert_non_null(strstr(s.text, "|b|complain;"));
	/* the namespace's own, with a name that has " (" in it */
	assert_non_null(strstr(s.text, "web|srv (x)|kill;"));
	/* a NULL callback counts */
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, NULL, NULL), 3);
	/* the callback's non-zero return stops the walk and is returned */
	s = (struct seen){.stop_at = 2};
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, record_profile, &s), 7);
	assert_int_equal(s.calls, 2);
	assert_int_equal(lsmc_apparmor_profiles(NULL, NULL, NULL), -EINVAL);
	fixture_free(f);
}

static void test_apparmor_profiles_errors(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_error e;

	(void)state;
	/* a symlink planted where the profiles file belongs is not followed */
	strcpy(f->m->symlinks[0], "/sys/kernel/security/apparmor/profiles");
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, NULL, NULL), -ELOOP);
	e = last_error(f->ctx);
	assert_int_equal(e.error, -ELOOP);
	assert_int_equal(e.lsm, LSMC_LSM_APPARMOR);
	assert_string_equal(e.interface, "/sys/kernel/security/apparmor/profiles");
	fixture_free(f);

	/* another filesystem where securityfs belongs */
	f = fixture_new(model_preset_apparmor_fs_only);
	f->m->fs[MODEL_FS_SECURITYFS].magic_override = 0x01021994;
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, NULL, NULL), -ENODEV);
	assert_string_equal(last_error(f->ctx).message, "not the LSM's pseudo-filesystem");
	fixture_free(f);

	/* not mounted */
	f = fixture_new(model_preset_apparmor_fs_only);
	f->m->fs[MODEL_FS_SECURITYFS].mounted = false;
	assert_int_equal(lsmc_apparmor_profiles(f->ctx, NULL, NULL), -ENOENT);
	assert_int_equal(last_error(f->ctx).error, -ENOENT);
	fixture_free(f);
}

/* ---- SELinux ---- */

static void test_selinux_status(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_selinux_status st = {.sz = sizeof(st)};

	(void)state;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), 0);
	assert_int_equal(st.sz, sizeof(st));
	assert_false(st.enforcing);
	assert_int_equal(st.policy_loaded, 0);
	assert_int_equal(st.policy_version, 33);

	/* the model's state after a load: class/ holds the policy's classes */
	f->m->selinux_loads = 1;
	f->m->selinux_enforce = true;
	f->m->selinux_policyvers = 34;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), 0);
	assert_true(st.enforcing);
	assert_int_equal(st.policy_loaded, 1);
	assert_int_equal(st.policy_version, 34);
	fixture_free(f);
}

/* A caller built against a header whose struct ended after enforcing. */
static void test_selinux_status_older_struct(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_selinux_status st;

	(void)state;
	memset(&st, 0xa5, sizeof(st));
	st.sz = offsetof(struct lsmc_selinux_status, policy_loaded);
	f->m->selinux_enforce = true;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), 0);
	assert_int_equal(st.sz, offsetof(struct lsmc_selinux_status, policy_loaded));
	assert_true(st.enforcing);
	assert_int_equal(st.policy_loaded, (int)0xa5a5a5a5);
	st.sz = 0;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), -EINVAL);
	assert_int_equal(lsmc_selinux_status(f->ctx, NULL), -EINVAL);
	fixture_free(f);
}

static void test_selinux_status_errors(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_selinux_status st = {.sz = sizeof(st)};

	(void)state;
	strcpy(f->m->symlinks[0], "/sys/fs/selinux/enforce");
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), -ELOOP);
	assert_string_equal(last_error(f->ctx).interface, "/sys/fs/selinux/enforce");
	fixture_free(f);

	/* a symlink for class/: whether a policy is loaded cannot be told,
	 * the rest can */
	f = fixture_new(model_preset_selinux_fs_only);
	strcpy(f->m->symlinks[0], "/sys/fs/selinux/class");
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), 0);
	assert_int_equal(st.policy_loaded, -ELOOP);
	assert_int_equal(st.policy_version, 33);
	assert_int_equal(last_error(f->ctx).error, -ELOOP);
	assert_string_equal(last_error(f->ctx).interface, "/sys/fs/selinux/class");
	fixture_free(f);

	f = fixture_new(model_preset_selinux_fs_only);
	f->m->fs[MODEL_FS_SELINUXFS].magic_override = 0x01021994;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), -ENODEV);
	assert_int_equal(last_error(f->ctx).lsm, LSMC_LSM_SELINUX);
	fixture_free(f);

	f = fixture_new(model_preset_selinux_fs_only);
	f->m->fs[MODEL_FS_SELINUXFS].mounted = false;
	assert_int_equal(lsmc_selinux_status(f->ctx, &st), -ENOENT);
	assert_int_equal(last_error(f->ctx).error, -ENOENT);
	fixture_free(f);
}

/* ---- Smack ---- */

static int record_rule(const struct lsmc_smack_loaded_rule *r, void *data)
{
	struct seen *s = data;
	size_t n = strlen(s->text);

	assert_int_equal(r->sz, sizeof(*r));
	snprintf(s->text + n, sizeof(s->text) - n, "%s %s %s;", r->subject, r->object, r->access);
	return ++s->calls == s->stop_at ? 7 : 0;
}

static void test_smack_rules(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct seen s = {0};

	(void)state;
	assert_int_equal(lsmc_smack_rules(f->ctx, record_rule, &s), 0);
	assert_int_equal(model_smack_set_rule(f->m, "Fg", "Bg", "rw"), 0);
	assert_int_equal(model_smack_set_rule(f->m, "Fg", "Tmp", "rwxa"), 0);
	assert_int_equal(lsmc_smack_rules(f->ctx, record_rule, &s), 2);
	assert_non_null(strstr(s.text, "Fg Bg rw"));
	assert_non_null(strstr(s.text, "Fg Tmp rwxa"));
	assert_int_equal(lsmc_smack_rules(f->ctx, NULL, NULL), 2);
	s = (struct seen){.stop_at = 1};
	assert_int_equal(lsmc_smack_rules(f->ctx, record_rule, &s), 7);
	assert_int_equal(s.calls, 1);
	fixture_free(f);
}

static void test_smack_rules_errors(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);

	(void)state;
	strcpy(f->m->symlinks[0], "/sys/fs/smackfs/load2");
	assert_int_equal(lsmc_smack_rules(f->ctx, NULL, NULL), -ELOOP);
	assert_string_equal(last_error(f->ctx).interface, "/sys/fs/smackfs/load2");
	fixture_free(f);

	f = fixture_new(model_preset_smack_fs_only);
	f->m->fs[MODEL_FS_SMACKFS].magic_override = 0x01021994;
	assert_int_equal(lsmc_smack_rules(f->ctx, NULL, NULL), -ENODEV);
	fixture_free(f);

	f = fixture_new(model_preset_smack_fs_only);
	f->m->fs[MODEL_FS_SMACKFS].mounted = false;
	assert_int_equal(lsmc_smack_rules(f->ctx, NULL, NULL), -ENOENT);
	assert_int_equal(last_error(f->ctx).lsm, LSMC_LSM_SMACK);
	fixture_free(f);
}

/* ---- syscalls ---- */

struct calls {
	struct lsmc_syscall s[8];
	char names[8][40];
	int n;
};

static int record_syscall(const struct lsmc_syscall *sc, void *data)
{
	struct calls *c = data;

	assert_true(c->n < 8);
	c->s[c->n] = *sc;
	snprintf(c->names[c->n], sizeof(c->names[0]), "%s", sc->name);
	c->n++;
	return 0;
}

static void check_syscalls(struct lsmc_ctx *ctx, enum lsmc_avail merged, enum lsmc_avail policy)
{
	struct calls c = {0};
	int n = lsmc_syscalls(ctx, record_syscall, &c);

	assert_int_equal(n, c.n);
	assert_string_equal(c.names[0], "lsm_list_modules");
	assert_true(c.s[0].merged && c.s[0].asked);
	assert_int_equal(c.s[0].number, __NR_lsm_list_modules);
	assert_int_equal(c.s[0].kernel, merged);
	assert_string_equal(c.names[1], "lsm_set_self_attr");
	assert_int_equal(c.s[1].kernel, merged);
	assert_string_equal(c.names[n - 1], "lsm_unshare");
	assert_false(c.s[n - 1].merged);
	assert_false(c.s[n - 1].asked);
	assert_int_equal(c.s[n - 1].number, LSMC_NR_UNSHARE);
	for (int i = 2; i < n - 1; i++) {
		assert_false(c.s[i].merged);
		assert_true(c.s[i].scope_self || c.s[i].scope_system);
		/* a number this build lacks is never called, so never asked */
		assert_int_equal(c.s[i].asked, c.s[i].number >= 0);
		if (c.s[i].asked)
			assert_int_equal(c.s[i].kernel, policy);
	}
	if (strcmp(lsmc_syscall_revision(), "unified") == 0) {
		assert_int_equal(n, 4);
		assert_string_equal(c.names[2], "lsm_config_policy");
		assert_true(c.s[2].scope_self && c.s[2].scope_system);
	} else {
		assert_string_equal(lsmc_syscall_revision(), "v6");
		assert_int_equal(n, 5);
		assert_string_equal(c.names[2], "lsm_config_self_policy");
		assert_true(c.s[2].scope_self && !c.s[2].scope_system);
		assert_string_equal(c.names[3], "lsm_config_system_policy");
		assert_true(!c.s[3].scope_self && c.s[3].scope_system);
	}
}

static void test_syscalls(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);

	(void)state;
	/* Linux 6.1: neither the merged calls nor the proposed ones */
	check_syscalls(f->ctx, LSMC_AVAIL_ABSENT, LSMC_AVAIL_ABSENT);
	assert_int_equal(lsmc_syscalls(f->ctx, NULL, NULL),
			 strcmp(lsmc_syscall_revision(), "v6") == 0 ? 5 : 4);
	fixture_free(f);

	f = fixture_new(model_preset_all_syscalls);
	use_abi(f->m, f->ctx,
		strcmp(lsmc_syscall_revision(), "v6") == 0 ? MODEL_ABI_V6 : MODEL_ABI_UNIFIED);
	check_syscalls(f->ctx, LSMC_AVAIL_YES, LSMC_AVAIL_YES);
	fixture_free(f);

	/* a seccomp filter that answers EPERM to the policy syscalls */
	f = fixture_new(model_preset_all_syscalls);
	f->m->seccomp_eperm = true;
	check_syscalls(f->ctx, LSMC_AVAIL_YES, LSMC_AVAIL_DENIED);
	fixture_free(f);
	assert_int_equal(lsmc_syscalls(NULL, NULL, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apparmor_profiles),
		cmocka_unit_test(test_apparmor_profiles_errors),
		cmocka_unit_test(test_selinux_status),
		cmocka_unit_test(test_selinux_status_older_struct),
		cmocka_unit_test(test_selinux_status_errors),
		cmocka_unit_test(test_smack_rules),
		cmocka_unit_test(test_smack_rules_errors),
		cmocka_unit_test(test_syscalls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

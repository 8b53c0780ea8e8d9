/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor self loads that cannot be turned against anyone (kernel-abi
 * §9.7): the namespace of the apparmorfs route is the task's alone, the
 * result is the label the kernel reports, policy that names a namespace is
 * refused on both routes, no_new_privs is named where the kernel demands
 * it, and a prune removes only namespaces no task runs under.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "lsm/apparmor-self.h"
#include "helpers.h"

static const struct lsmc_load_opts self_opts = {.sz = sizeof(self_opts), .scope = LSMC_SCOPE_SELF};

static uint8_t *blob_of(const char *ns, const char *name, size_t *len)
{
	const char *names[] = {name};
	uint8_t *b = model_aa_blob(ns, names, 1, 7, 0, len);

	assert_non_null(b);
	return b;
}

/* Linux 6.1-like: apparmorfs, root, lsm_get_self_attr absent, /proc there. */
static struct fixture *on_fs(void)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);

	f->m->procfs = true;
	return f;
}

static struct fixture *on_unified(void)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);

	use_abi(f->m, f->ctx, MODEL_ABI_UNIFIED);
	f->m->procfs = true;
	return f;
}

/* ---- the apparmorfs route ---- */

/* A random name, never the pid; a name that exists is not joined: the
 * library draws another. The label (read through /proc here) names it. */
static void test_name_is_random_and_exclusive(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);
	char pidname[64], first[64], fq[128];

	snprintf(pidname, sizeof(pidname), "lsmc-self.%d", (int)getpid());
	f->m->aa_ns_collisions = 2;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), 0);
	assert_int_equal(f->m->aa_ns_collisions, 0);
	assert_int_equal(f->m->calls[MODEL_IF_MKDIRAT], 3);
	assert_string_not_equal(res.ns, pidname);
	snprintf(fq, sizeof(fq), ":%s:jail", res.ns);
	assert_string_equal(model_aa_stack(f->m, 0), fq);
	assert_true(model_aa_has_profile(f->m, res.ns, "jail"));
	assert_string_equal(res.label, "jail"); /* the task's view is its namespace */
	assert_int_equal(model_flocks_held(f->m), 0);
	/* a second load draws a new name, not the first one */
	snprintf(first, sizeof(first), "%s", res.ns);
	free(b);
	b = blob_of(NULL, "jail2", &len);
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), 0);
	assert_string_not_equal(res.ns, first);
	assert_false(model_aa_has_profile(f->m, first, "jail2"));
	free(b);
	fixture_free(f);
}

/* Every name taken: an error, nothing joined, nothing stacked. */
static void test_names_all_taken(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);

	f->m->aa_ns_collisions = 100;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), -EEXIST);
	assert_int_equal(model_aa_stack_count(f->m), 0);
	assert_int_equal(f->m->n_writes, 0);
	free(b);
	fixture_free(f);
}

static int count_ns(const char *name, void *arg)
{
	(void)name;
	(*(int *)arg)++;
	return 0;
}

/* A kernel that says yes and does not stack: the label shows it, the load
 * fails, and the namespace goes again. */
static void test_label_must_show_the_profiles(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);
	struct lsmc_error e;

	f->m->aa_stack_noop = true;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), -EPROTO);
	e = last_error(f->ctx);
	assert_non_null(strstr(e.message, "not confined as asked"));
	assert_non_null(strstr(e.message, "unconfined"));
	assert_int_equal(res.items, 0);
	/* the namespace it made went again (the model had none before) */
	int n_ns = 0;
	assert_int_equal(lsmc_apparmor_ns_list(f->ctx, NULL, count_ns, &n_ns), 0);
	assert_int_equal(n_ns, 0);
	free(b);
	fixture_free(f);
}

/* Policy that names a namespace is refused before the kernel, whichever
 * route the kernel offers, header or profile name alike. */
static void refuse_named(struct fixture *f, const char *hdr_ns, const char *name)
{
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(hdr_ns, name, &len);
	unsigned cfg = f->m->calls[MODEL_IF_CONFIG_POLICY];

	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), -EINVAL);
	assert_non_null(strstr(last_error(f->ctx).message, "may not name a namespace"));
	assert_hint_contains(f->ctx, "apparmor_parser -n");
	assert_int_equal(f->m->calls[MODEL_IF_MKDIRAT], 0);
	assert_int_equal(f->m->calls[MODEL_IF_CONFIG_POLICY], cfg);
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(model_aa_stack_count(f->m), 0);
	free(b);
}

static void test_named_namespace_refused(void **state)
{
	struct fixture *f = on_fs();

	refuse_named(f, "other", "jail");
	refuse_named(f, NULL, ":other:jail");
	fixture_free(f);
	f = on_unified();
	f->m->no_new_privs = true;
	refuse_named(f, "other", "jail");
	refuse_named(f, NULL, ":other:jail");
	fixture_free(f);
}

/* ---- the syscall route (unified revision, our test kernel's rules) ---- */

/* Without no_new_privs and CAP_MAC_ADMIN the kernel refuses; the hint says
 * what to set. With it, the load works. */
static void test_syscall_needs_no_new_privs(void **state)
{
	struct fixture *f = on_unified();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);

	f->m->cap_mac_admin = false;
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), -EPERM);
	assert_hint_contains(f->ctx, "no_new_privs");
	assert_int_equal(model_aa_stack_count(f->m), 0);
	assert_string_equal(model_aa_self_ns(f->m), "");
	f->m->no_new_privs = true;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), 0);
	assert_string_equal(res.label, "jail");
	free(b);
	fixture_free(f);
}

/* The model's kernel: a load stacks what it made, not what another task
 * sharing the namespace loaded; the namespace is capped; once removed it
 * stays removed. */
static void test_kernel_rules(void **state)
{
	struct fixture *f = on_unified();
	uint32_t self = LSM_CONFIG_SELF;
	size_t la, lb, lc;
	uint8_t *a = blob_of(NULL, "a", &la), *b = blob_of(NULL, "b", &lb);
	const char *many[65];
	char names[65][8], fq[128];
	uint8_t *c;

	f->m->cap_mac_admin = false;
	f->m->no_new_privs = true;
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, a, la, self, 0), 0);
	/* "another task" sharing the namespace: none of a's profiles on it */
	model_aa_stack_clear(f->m);
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, b, lb, self, 0), 0);
	snprintf(fq, sizeof(fq), ":%s:b", model_aa_self_ns(f->m));
	assert_int_equal(model_aa_stack_count(f->m), 1);
	assert_string_equal(model_aa_stack(f->m, 0), fq);
	/* 2 loaded; 63 more would make 65 > 64 */
	for (int i = 0; i < 63; i++) {
		snprintf(names[i], sizeof(names[i]), "p%d", i);
		many[i] = names[i];
	}
	c = model_aa_blob(NULL, many, 63, 7, 0, &lc);
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, c, lc, self, 0),
		-ENOSPC);
	assert_false(model_aa_has_profile(f->m, model_aa_self_ns(f->m), "p0"));
	free(c);
	c = model_aa_blob(NULL, many, 62, 7, 0, &lc);
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, c, lc, self, 0), 0);
	free(c);
	/* a hat comes with its parent, or not at all */
	{
		const char *hat[] = {"b//h"}, *both[] = {"q", "q//h"};
		uint8_t *h = model_aa_blob(NULL, hat, 1, 7, 0, &lc);
		assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, h,
							 lc, self, 0),
				 -ENOENT);
		free(h);
		h = model_aa_blob(NULL, both, 2, 7, 0, &lc);
		/* 64 loaded already, hats count: no room */
		assert_int_equal(model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, h,
							 lc, self, 0),
				 -ENOSPC);
		free(h);
	}
	/* an administrator removes the namespace: later loads get ENOENT */
	char ns[128];
	snprintf(ns, sizeof(ns), "%s", model_aa_self_ns(f->m));
	assert_int_equal(model_aa_ns_remove(f->m, ns), 0);
	free(a);
	a = blob_of(NULL, "z", &la);
	assert_int_equal(
		model_lsm_config_policy(f->m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, a, la, self, 0),
		-ENOENT);
	free(a);
	free(b);
	fixture_free(f);
}

/* ---- prune ---- */

static void test_prune(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);
	char mine[64], label[160];

	/* nothing to do */
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 0);
	/* a self load; the caller now stands for its unconfined wrapper, and a
	 * daemon runs under the namespace (as the root sees it): kept */
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, &self_opts, &res), 0);
	snprintf(mine, sizeof(mine), "%s", res.ns);
	model_aa_stack_clear(f->m);
	snprintf(label, sizeof(label), "unconfined//&:%s:jail", mine);
	assert_int_equal(model_task_add(f->m, 4242, label), 0);
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 0);
	assert_true(model_aa_ns_exists(f->m, mine));
	/* a namespace below it confines the daemon: kept too */
	snprintf(label, sizeof(label), ":%s//inner:x", mine);
	assert_int_equal(model_task_exit(f->m, 4242), 0);
	assert_int_equal(model_task_add(f->m, 4243, label), 0);
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 0);
	assert_true(model_aa_ns_exists(f->m, mine));
	/* a similar name does not keep it; others' namespaces are not touched */
	assert_int_equal(model_task_exit(f->m, 4243), 0);
	snprintf(label, sizeof(label), ":%sX:jail", mine);
	assert_int_equal(model_task_add(f->m, 4244, label), 0);
	assert_int_equal(model_aa_ns_create(f->m, "ctr"), 0);
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 1);
	assert_false(model_aa_ns_exists(f->m, mine));
	assert_true(model_aa_ns_exists(f->m, "ctr"));
	free(b);
	fixture_free(f);
}

/* A namespace being set up (its maker holds the lock) is kept. */
static void test_prune_skips_locked(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_sys s = model_sys(f->m);
	int fd;

	assert_int_equal(model_aa_ns_create(f->m, "lsmc-self.0123456789abcdef"), 0);
	fd = s.openat(f->m, AT_FDCWD,
		      "/sys/kernel/security/apparmor/policy/namespaces/lsmc-self.0123456789abcdef",
		      O_RDONLY | O_DIRECTORY, 0);
	assert_true(fd >= 0);
	assert_int_equal(s.flock(f->m, fd, LOCK_EX), 0);
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 0);
	assert_true(model_aa_ns_exists(f->m, "lsmc-self.0123456789abcdef"));
	assert_int_equal(s.close(f->m, fd), 0);
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), 1);
	assert_false(model_aa_ns_exists(f->m, "lsmc-self.0123456789abcdef"));
	fixture_free(f);
}

/* Outside the initial PID namespace it cannot see every task: refused. */
static void test_prune_needs_every_task(void **state)
{
	struct fixture *f = on_fs();

	assert_int_equal(model_aa_ns_create(f->m, "lsmc-self.0123456789abcdef"), 0);
	f->m->foreign_pidns = true;
	assert_int_equal(lsmc_apparmor_self_prune(f->ctx), -EPERM);
	assert_hint_contains(f->ctx, "PID namespace");
	assert_true(model_aa_ns_exists(f->m, "lsmc-self.0123456789abcdef"));
	f->m->foreign_pidns = false;
	f->m->procfs = false;
	assert_true(lsmc_apparmor_self_prune(f->ctx) < 0);
	assert_true(model_aa_ns_exists(f->m, "lsmc-self.0123456789abcdef"));
	fixture_free(f);
}

/* ---- a process confined away from the pseudo-filesystems ---- */

/* Landlock: stat works, open is refused. The message says the filesystem
 * was denied to the process, not that it is missing or the LSM is off. */
static void test_denied_pseudo_fs(void **state)
{
	struct fixture *f = on_fs();
	struct lsmc_result res = {.sz = sizeof(res)};
	size_t len;
	uint8_t *b = blob_of(NULL, "jail", &len);
	struct lsmc_error e;

	f->m->fs_denied = true;
	assert_int_equal(lsmc_apparmor_load(f->ctx, b, len, NULL, &res), -EACCES);
	e = last_error(f->ctx);
	assert_non_null(strstr(e.message, "denied to this process"));
	assert_null(strstr(e.message, "not mounted"));
	assert_hint_contains(f->ctx, "Landlock");
	assert_hint_contains(f->ctx, "policy syscall");
	assert_false(model_aa_has_profile(f->m, NULL, "jail"));
	free(b);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_is_random_and_exclusive),
		cmocka_unit_test(test_names_all_taken),
		cmocka_unit_test(test_label_must_show_the_profiles),
		cmocka_unit_test(test_named_namespace_refused),
		cmocka_unit_test(test_syscall_needs_no_new_privs),
		cmocka_unit_test(test_kernel_rules),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_prune_skips_locked),
		cmocka_unit_test(test_prune_needs_every_task),
		cmocka_unit_test(test_denied_pseudo_fs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The library's answer to each errno row of kernel-abi §3 and §4 as the
 * model produces it: what it returns, the hint, and whether it falls back
 * to the pseudo-filesystem. A real policy error must never fall back.
 */
#include <errno.h>
#include <stdio.h>

#include "helpers.h"

static const char *const one_profile[] = {"test-profile"};

struct blob {
	uint8_t *data;
	size_t len;
};

static struct blob aa_blob(const char *ns)
{
	struct blob b;

	b.data = model_aa_blob(ns, one_profile, 1, 7, 0, &b.len);
	assert_non_null(b.data);
	return b;
}

static int deliver(struct fixture *f, uint64_t lsm, enum lsmc_scope scope, const char *ns,
		   const void *payload, size_t len, struct lsmc_delivery *d)
{
	struct lsmc_request req = {
		.lsm = lsm,
		.scope = scope,
		/* an AppArmor self request here is a profile name to stack */
		.kind = lsm == LSM_ID_APPARMOR && scope == LSMC_SCOPE_SELF ? LSMC_REQ_STACK
									   : LSMC_REQ_LOAD,
		.ns = ns,
		.payload = payload,
		.len = len,
		.smack_fmt = SMACK_FMT_LONG,
	};
	return lsmc_deliver(f->ctx, &req, d);
}

/* ---- success paths and what reached the kernel ---- */

static void test_apparmor_system_syscall(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_true(d.atomic);
	assert_int_equal(d.kernel_calls, 1);
	/* kernel-abi §4.1: "<ns>\0<blob>", op LOAD, both flag words 0. */
	assert_int_equal(f->m->last_call.kind, MODEL_IF_SYSTEM_POLICY);
	assert_int_equal(f->m->last_call.lsm_id, LSM_ID_APPARMOR);
	assert_int_equal(f->m->last_call.op, LSM_POLICY_LOAD);
	assert_int_equal(f->m->last_call.common_flags, 0);
	assert_int_equal(f->m->last_call.flags, 0);
	assert_int_equal(f->m->last_call.size, b.len + 1);
	assert_int_equal(f->m->last_call.data[0], '\0');
	assert_memory_equal(f->m->last_call.data + 1, b.data, b.len);
	assert_true(model_aa_has_profile(f->m, NULL, "test-profile"));
	assert_int_equal(f->m->n_writes, 0);
	free(b.data);
	fixture_free(f);
}

static void test_apparmor_namespace_syscall(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	assert_int_equal(model_aa_ns_create(f->m, "ctr"), 0);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "ctr", b.data, b.len, &d),
			 0);
	assert_memory_equal(f->m->last_call.data, "ctr\0", 4);
	assert_true(model_aa_has_profile(f->m, "ctr", "test-profile"));
	assert_false(model_aa_has_profile(f->m, NULL, "test-profile"));
	free(b.data);
	fixture_free(f);
}

static void test_apparmor_fs_fallback_when_absent(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	/* ENOSYS on the probe: the pseudo-filesystem delivers. */
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_true(d.atomic);
	assert_int_equal(f->m->n_writes, 1);
	assert_string_equal(f->m->last_write.path, "/sys/kernel/security/apparmor/.replace");
	assert_int_equal(f->m->last_write.len, b.len);
	assert_true(model_aa_has_profile(f->m, NULL, "test-profile"));
	free(b.data);
	fixture_free(f);
}

/* A request pinned to a backend takes it, whatever auto mode or the
 * context would choose (a rollback goes back through the backend that
 * failed); lsmc_route() names the backend lsmc_deliver() takes. */
static void test_pinned_backend(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct blob b = aa_blob(NULL);
	struct lsmc_request req = {.lsm = LSM_ID_APPARMOR,
				   .scope = LSMC_SCOPE_SYSTEM,
				   .payload = b.data,
				   .len = b.len};
	enum lsmc_backend via;
	struct lsmc_delivery d;

	assert_int_equal(lsmc_route(f->ctx, &req, &via), 0);
	assert_int_equal(via, LSMC_BACKEND_SYSCALL);
	req.via = LSMC_BACKEND_FS;
	assert_int_equal(lsmc_route(f->ctx, &req, &via), 0);
	assert_int_equal(via, LSMC_BACKEND_FS);
	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_int_equal(f->m->n_writes, 1);
	assert_string_equal(f->m->last_write.path, "/sys/kernel/security/apparmor/.replace");
	/* and the syscall, where the context says fs */
	assert_int_equal(lsmc_set_backend(f->ctx, LSMC_BACKEND_FS), 0);
	req.via = LSMC_BACKEND_SYSCALL;
	assert_int_equal(lsmc_route(f->ctx, &req, &via), 0);
	assert_int_equal(via, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.kind, MODEL_IF_SYSTEM_POLICY);
	assert_int_equal(f->m->n_writes, 1);
	free(b.data);
	fixture_free(f);
}

static void test_apparmor_fs_namespace_path(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	assert_int_equal(model_aa_ns_create(f->m, "outer"), 0);
	assert_int_equal(model_aa_ns_create(f->m, "outer//inner"), 0);
	assert_int_equal(
		deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "outer//inner", b.data, b.len, &d),
		0);
	assert_string_equal(f->m->last_write.path, "/sys/kernel/security/apparmor/policy/"
						   "namespaces/outer/namespaces/inner/.replace");
	assert_true(model_aa_has_profile(f->m, "outer//inner", "test-profile"));
	/* A name that would climb out of the namespace tree never reaches the kernel. */
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "..", b.data, b.len, &d),
			 -EINVAL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, "a/b", b.data, b.len, &d),
			 -EINVAL);
	assert_int_equal(f->m->n_writes, 1);
	free(b.data);
	fixture_free(f);
}

static void test_selinux_system_returns_size(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 256, &len);
	struct lsmc_delivery d;

	/* The syscall answers with the byte count (kernel-abi §4.2): success. */
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), 0);
	assert_int_equal(f->m->last_call.ret, (long)len);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(d.bytes, len);
	assert_int_equal(f->m->selinux_loads, 1);
	free(pol);
	fixture_free(f);
}

static void test_selinux_fs(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 300, &len);
	struct lsmc_delivery d;

	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_string_equal(f->m->last_write.path, "/sys/fs/selinux/load");
	assert_int_equal(f->m->n_writes, 1); /* one policy, one write (facts) */
	assert_int_equal(f->m->selinux_loads, 1);
	free(pol);
	fixture_free(f);
}

static void test_selinux_self_refused(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_delivery d;

	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SELF, NULL, "x", 1, &d),
			 -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "system-wide");
	assert_int_equal(f->m->calls[MODEL_IF_SELF_POLICY], 0);
	fixture_free(f);
}

/* ---- §3 generic rows ---- */

static void test_enosys_forced_syscall(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;
	struct lsmc_error e;

	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -ENOSYS);
	e = last_error(f->ctx);
	assert_int_equal(e.kernel_errno, ENOSYS);
	assert_int_equal(e.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(e.lsm, LSM_ID_APPARMOR);
	assert_string_equal(e.interface, "lsm_config_system_policy");
	assert_hint_contains(f->ctx, "not merged");
	assert_int_equal(f->m->n_writes, 0); /* a forced backend is never swapped */
	free(b.data);
	fixture_free(f);
}

static void test_eperm_forced_syscall(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	f->m->cap_mac_admin = false;
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -EPERM);
	assert_hint_contains(f->ctx, "CAP_MAC_ADMIN");
	assert_int_equal(f->m->n_writes, 0);
	free(b.data);
	fixture_free(f);
}

static void test_seccomp_eperm_falls_back(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	f->m->seccomp_eperm = true;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_true(model_aa_has_profile(f->m, NULL, "test-profile"));
	free(b.data);
	fixture_free(f);
}

static void test_no_hook_falls_back(void **state)
{
	/* Syscalls exist but the LSM is not among those dispatched: EINVAL → fs. */
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_delivery d;
	const char rules[] = "subj obj rw\n";

	f->m->has_policy_syscalls = true;
	f->m->has_lsm_syscalls = true;
	{
		const uint64_t ids[] = {LSM_ID_CAPABILITY};
		model_set_active(f->m, ids, 1); /* the syscall cannot dispatch to Smack */
	}
	lsmc_probe_reset(f->ctx);
	assert_int_equal(
		deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, rules, sizeof(rules) - 1, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	fixture_free(f);
}

/* ---- real policy errors: reported, never retried on the pseudo-fs ---- */

struct policy_error_row {
	const char *what;
	void (*setup)(struct model *m);
	uint64_t lsm;
	enum lsmc_scope scope;
	const char *ns;
	int corrupt; /* 1: garbage payload */
	int expect;
};

static void locked(struct model *m)
{
	m->aa_policy_locked = true;
}

static void no_load_perm(struct model *m)
{
	m->selinux_load_allowed = false;
}

static void nothing(struct model *m)
{
}

static const struct policy_error_row policy_errors[] = {
	{"apparmor: policy locked → EACCES", locked, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, 0,
	 -EACCES},
	{"apparmor: namespace missing → EINVAL", nothing, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM,
	 "absent", 0, -EINVAL},
	{"apparmor: garbage blob → EPROTONOSUPPORT", nothing, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM,
	 NULL, 1, -EPROTONOSUPPORT},
	{"apparmor self: unknown profile → ENOENT", nothing, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL,
	 2, -ENOENT},
	{"selinux: bad policy → EINVAL", nothing, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, 1,
	 -EINVAL},
	{"selinux: no load_policy permission → EACCES", no_load_perm, LSM_ID_SELINUX,
	 LSMC_SCOPE_SYSTEM, NULL, 0, -EACCES},
	{"smack: malformed rule → EINVAL", nothing, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, 1,
	 -EINVAL},
};

/* Smack's self EPERM is not here: load-self2 takes those rules from anyone, so it
 * falls back (test-load: test_smack_self_eperm_falls_back). */
static void test_policy_errors_do_not_fall_back(void **state)
{
	for (size_t i = 0; i < sizeof(policy_errors) / sizeof(policy_errors[0]); i++) {
		const struct policy_error_row *row = &policy_errors[i];
		struct fixture *f = fixture_new(model_preset_all_syscalls);
		struct lsmc_delivery d;
		struct lsmc_error e;
		struct blob b = {0};
		const void *payload;
		size_t len;
		int r;

		row->setup(f->m);
		if (row->lsm == LSM_ID_APPARMOR && row->scope == LSMC_SCOPE_SELF) {
			payload = "no-such-profile";
			len = strlen(payload);
		} else if (row->corrupt) {
			payload =
				row->lsm == LSM_ID_SMACK ? "only-two tokens\n" : "garbage-garbage";
			len = strlen(payload);
		} else if (row->lsm == LSM_ID_APPARMOR) {
			b = aa_blob(NULL);
			payload = b.data;
			len = b.len;
		} else if (row->lsm == LSM_ID_SELINUX) {
			b.data = model_selinux_policy(31, 64, &b.len);
			payload = b.data;
			len = b.len;
		} else {
			payload = "subj obj r\n";
			len = strlen(payload);
		}
		r = deliver(f, row->lsm, row->scope, row->ns, payload, len, &d);
		if (r != row->expect)
			fail_msg("%s: got %d, want %d", row->what, r, row->expect);
		e = last_error(f->ctx);
		assert_int_equal(e.kernel_errno, -row->expect);
		assert_int_equal(e.backend, LSMC_BACKEND_SYSCALL);
		/* No fallback: not one write reached a pseudo-file. */
		if (f->m->n_writes != 0)
			fail_msg("%s: fell back to the pseudo-filesystem", row->what);
		free(b.data);
		fixture_free(f);
	}
}

/* ---- pre-checks the kernel would make: refused before any call ---- */

static void test_apparmor_size_limits(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_delivery d;
	char longname[600];
	static const char tiny[1];

	/* The length is checked before the payload is read, so a tiny buffer will do. */
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, tiny,
				 (size_t)AA_PROFILE_MAX_SIZE, &d),
			 -E2BIG);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, longname, "xx", 2, &d),
			 -ENAMETOOLONG);
	assert_int_equal(
		deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, longname, strlen(longname), &d),
		-E2BIG);
	/* An empty name would make the kernel return 0 having done nothing. */
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, "", 0, &d), -EINVAL);
	/* Each syscall was entered once, by the probe, and never for a load. */
	assert_int_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], 1);
	assert_int_equal(f->m->calls[MODEL_IF_SELF_POLICY], 1);
	assert_int_equal(f->m->last_call.op, LSM_POLICY_UNDEF);
	fixture_free(f);
}

static void test_apparmor_self_stack(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_delivery d;

	assert_int_equal(model_aa_add_profile(f->m, NULL, "child", "enforce"), 0);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, "child", 5, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(f->m->last_call.size, 6); /* the NUL counts (kernel-abi §4.1) */
	assert_string_equal((const char *)f->m->last_call.data, "child");
	assert_int_equal(model_aa_stack_count(f->m), 1);
	assert_string_equal(model_aa_stack(f->m, 0), "child");
	fixture_free(f);
}

static void test_apparmor_self_fs_uses_set_self_attr(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_delivery d;

	f->m->has_lsm_syscalls = true; /* 6.8+: lsm_set_self_attr, no policy syscalls */
	assert_int_equal(model_aa_add_profile(f->m, NULL, "child", "enforce"), 0);
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SELF, NULL, "child", 5, &d), 0);
	assert_int_equal(d.backend, LSMC_BACKEND_FS);
	assert_int_equal(f->m->calls[MODEL_IF_SET_SELF_ATTR], 1);
	assert_string_equal(model_aa_stack(f->m, 0), "child");
	fixture_free(f);
}

/* ---- Smack windows ---- */

static char *make_rules(size_t n, size_t *len)
{
	char *buf = malloc(n * 40 + 1);
	size_t used = 0;

	assert_non_null(buf);
	for (size_t i = 0; i < n; i++)
		used += (size_t)sprintf(buf + used, "subject%05zu object%05zu rwx\n", i, i);
	*len = used;
	return buf;
}

static void check_smack_windows(struct fixture *f, enum lsmc_scope scope, bool via_syscall)
{
	struct lsmc_delivery d;
	size_t len;
	char *rules = make_rules(1000, &len); /* about 29 KiB: several pages */

	assert_int_equal(deliver(f, LSM_ID_SMACK, scope, NULL, rules, len, &d), 0);
	assert_int_equal(d.bytes, len);
	assert_false(d.atomic);
	assert_true(d.kernel_calls >= len / 4095 + 1);
	assert_true(d.kernel_calls <= len / 3000 + 1);
	for (size_t i = 0; i < 1000; i += 333) {
		char s[32], o[32];
		sprintf(s, "subject%05zu", i);
		sprintf(o, "object%05zu", i);
		if (scope == LSMC_SCOPE_SELF)
			assert_true(model_smack_self_rule(f->m, s, o) > 0);
		else
			assert_int_equal(model_smack_rule(f->m, s, o),
					 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC);
	}
	if (via_syscall) {
		assert_int_equal(f->m->last_call.data[0], SMACK_FMT_LONG);
		assert_true(f->m->last_call.size <= 4096);
	}
	free(rules);
}

static void test_smack_windows_syscall(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);

	check_smack_windows(f, LSMC_SCOPE_SYSTEM, true);
	fixture_free(f);
}

static void test_smack_windows_fs(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);

	check_smack_windows(f, LSMC_SCOPE_SYSTEM, false);
	assert_string_equal(f->m->last_write.path, "/sys/fs/smackfs/load2");
	fixture_free(f);
}

static void test_smack_self_fs(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);

	f->m->cap_mac_admin = false; /* load-self2 needs no privilege */
	check_smack_windows(f, LSMC_SCOPE_SELF, false);
	assert_string_equal(f->m->last_write.path, "/sys/fs/smackfs/load-self2");
	fixture_free(f);
}

static void test_smack_short_writes_continue(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_delivery d;
	size_t len;
	char *rules = make_rules(500, &len);

	/* A kernel with smaller pages than ours cuts each window short at a
	 * newline and says how much it took; the rest must follow. */
	f->m->page_size = 1024;
	f->m->eintr_write_nth = 2;
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, rules, len, &d), 0);
	assert_int_equal(d.bytes, len);
	assert_true(d.kernel_calls > len / 1023);
	assert_int_equal(model_smack_rule_count(f->m), 500);
	free(rules);
	fixture_free(f);
}

static void test_smack_failure_reports_progress(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_delivery d;
	struct lsmc_error e;
	size_t len;
	char *rules = make_rules(400, &len);

	f->m->fail_write_nth = 2;
	f->m->fail_write_errno = ENOMEM;
	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, rules, len, &d),
			 -ENOMEM);
	assert_true(d.bytes > 0 && d.bytes < len);
	e = last_error(f->ctx);
	assert_non_null(strstr(e.message, "were applied"));
	assert_string_equal(e.interface, "/sys/fs/smackfs/load2");
	free(rules);
	fixture_free(f);
}

static void test_smack_change_rule_and_atomic_refusal(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_delivery d;
	struct lsmc_request req = {
		.lsm = LSM_ID_SMACK,
		.payload = "subj obj rw -\n",
		.len = 14,
		.smack_fmt = SMACK_FMT_CHANGE,
	};

	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), 0);
	assert_string_equal(f->m->last_write.path, "/sys/fs/smackfs/change-rule");
	assert_int_equal(model_smack_rule(f->m, "subj", "obj"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	req.require_atomic = true;
	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), -EOPNOTSUPP);
	req.require_atomic = false;
	req.scope = LSMC_SCOPE_SELF;
	assert_int_equal(lsmc_deliver(f->ctx, &req, &d), -EOPNOTSUPP);
	fixture_free(f);
}

/* ---- the pseudo-file boundary ---- */

static void test_symlink_refused(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_delivery d;
	size_t len;
	uint8_t *pol = model_selinux_policy(31, 16, &len);

	strcpy(f->m->symlinks[0], "/sys/fs/selinux/load");
	assert_int_equal(deliver(f, LSM_ID_SELINUX, LSMC_SCOPE_SYSTEM, NULL, pol, len, &d), -ELOOP);
	assert_hint_contains(f->ctx, "symbolic link");
	assert_int_equal(f->m->selinux_loads, 0);
	free(pol);
	fixture_free(f);
}

static void test_wrong_magic_refused(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct blob b = aa_blob(NULL);
	struct lsmc_delivery d;

	f->m->fs[MODEL_FS_SECURITYFS].magic_override = 0x01021994;
	assert_int_equal(deliver(f, LSM_ID_APPARMOR, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
			 -ENODEV);
	assert_int_equal(f->m->n_writes, 0);
	free(b.data);
	fixture_free(f);
}

/* A refusal of the payload itself is the LSM's parser speaking: the hint is
 * that LSM's reading of the errno, through either backend, not the generic
 * one (for ENOENT: "not mounted", which the open just disproved). */
struct refusal_row {
	uint64_t lsm;
	int error;
	const char *hint;
};

static const struct refusal_row refusal_rows[] = {
	{LSM_ID_SELINUX, ENOENT, "genfscon selinuxfs"}, {LSM_ID_SELINUX, EINVAL, "policyvers"},
	{LSM_ID_APPARMOR, EPROTO, "apparmor_parser"},	{LSM_ID_APPARMOR, EEXIST, "replace"},
	{LSM_ID_APPARMOR, ENOENT, "kernel log"},
};

static void test_refusal_hints(void **state)
{
	for (size_t i = 0; i < sizeof(refusal_rows) / sizeof(refusal_rows[0]); i++) {
		const struct refusal_row *row = &refusal_rows[i];

		for (int via_fs = 0; via_fs <= 1; via_fs++) {
			struct fixture *f = fixture_new(model_preset_all_syscalls);
			struct lsmc_delivery d;
			struct lsmc_error e;
			struct blob b = {0};

			if (row->lsm == LSM_ID_SELINUX)
				b.data = model_selinux_policy(31, 64, &b.len);
			else
				b = aa_blob(NULL);
			lsmc_set_backend(f->ctx, via_fs ? LSMC_BACKEND_FS : LSMC_BACKEND_SYSCALL);
			if (via_fs) {
				f->m->fail_write_nth = 1;
				f->m->fail_write_errno = row->error;
			} else {
				f->m->fail_policy_call_nth = 1;
				f->m->fail_policy_call_errno = row->error;
			}
			assert_int_equal(
				deliver(f, row->lsm, LSMC_SCOPE_SYSTEM, NULL, b.data, b.len, &d),
				-row->error);
			e = last_error(f->ctx);
			assert_int_equal(e.kernel_errno, row->error);
			assert_hint_contains(f->ctx, row->hint);
			assert_null(strstr(e.hint, "not mounted"));
			free(b.data);
			fixture_free(f);
		}
	}
}

static void test_not_mounted_hint(void **state)
{
	struct fixture *f = fixture_new(NULL);
	struct lsmc_delivery d;
	struct lsmc_error e;

	assert_int_equal(deliver(f, LSM_ID_SMACK, LSMC_SCOPE_SYSTEM, NULL, "a b r\n", 6, &d),
			 -ENOENT);
	e = last_error(f->ctx);
	assert_string_equal(e.interface, "/sys/fs/smackfs/load2");
	assert_hint_contains(f->ctx, "mount -t smackfs");
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apparmor_system_syscall),
		cmocka_unit_test(test_apparmor_namespace_syscall),
		cmocka_unit_test(test_apparmor_fs_fallback_when_absent),
		cmocka_unit_test(test_pinned_backend),
		cmocka_unit_test(test_apparmor_fs_namespace_path),
		cmocka_unit_test(test_selinux_system_returns_size),
		cmocka_unit_test(test_selinux_fs),
		cmocka_unit_test(test_selinux_self_refused),
		cmocka_unit_test(test_enosys_forced_syscall),
		cmocka_unit_test(test_eperm_forced_syscall),
		cmocka_unit_test(test_seccomp_eperm_falls_back),
		cmocka_unit_test(test_no_hook_falls_back),
		cmocka_unit_test(test_policy_errors_do_not_fall_back),
		cmocka_unit_test(test_apparmor_size_limits),
		cmocka_unit_test(test_apparmor_self_stack),
		cmocka_unit_test(test_apparmor_self_fs_uses_set_self_attr),
		cmocka_unit_test(test_smack_windows_syscall),
		cmocka_unit_test(test_smack_windows_fs),
		cmocka_unit_test(test_smack_self_fs),
		cmocka_unit_test(test_smack_short_writes_continue),
		cmocka_unit_test(test_smack_failure_reports_progress),
		cmocka_unit_test(test_smack_change_rule_and_atomic_refusal),
		cmocka_unit_test(test_symlink_refused),
		cmocka_unit_test(test_wrong_magic_refused),
		cmocka_unit_test(test_not_mounted_hint),
		cmocka_unit_test(test_refusal_hints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

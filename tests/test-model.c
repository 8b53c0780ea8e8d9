/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The kernel model checked against the spec (kernel-abi.md, test-vm-facts.md)
 * before the library is tested on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "model.h"
#include "notify.h"
#include "skip.h"

/* ---- helpers ---- */

static int setup_all(void **state)
{
	struct model *m = model_new();
	model_preset_all_syscalls(m);
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	model_free(*state);
	return 0;
}

static long sys_(struct model *m, uint32_t lsm, uint32_t op, const void *buf, uint32_t size,
		 uint32_t cf, uint32_t fl)
{
	return model_lsm_config_system_policy(m, lsm, op, (void *)buf, size, cf, fl);
}

static long self_(struct model *m, uint32_t lsm, uint32_t op, const void *buf, uint32_t size,
		  uint32_t cf, uint32_t fl)
{
	return model_lsm_config_self_policy(m, lsm, op, (void *)buf, size, cf, fl);
}

/* "ns\0blob" for the AppArmor system call */
static uint8_t *aa_payload(const char *ns, const uint8_t *blob, size_t blen, size_t *len)
{
	size_t nl = strlen(ns) + 1;
	uint8_t *p = malloc(nl + blen);
	memcpy(p, ns, nl);
	memcpy(p + nl, blob, blen);
	*len = nl + blen;
	return p;
}

static uint8_t *blob1(const char *ns, const char *name, size_t *len)
{
	const char *names[] = {name};
	return model_aa_blob(ns, names, 1, 7, 0, len);
}

/* Blobs a then b in one AppArmor system-call load to the default namespace. */
static long aa_load_two(struct model *m, const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
	uint8_t *both = malloc(la + lb), *p;
	size_t pl;
	long r;

	memcpy(both, a, la);
	memcpy(both + la, b, lb);
	p = aa_payload("", both, la + lb, &pl);
	r = sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)pl, 0, 0);
	free(p);
	free(both);
	return r;
}

/* fmt byte + text for Smack */
static long smk(struct model *m, bool self, int fmt, const char *text)
{
	size_t n = strlen(text);
	uint8_t *b = malloc(n + 1);
	b[0] = (uint8_t)fmt;
	memcpy(b + 1, text, n);
	long r = self ? self_(m, LSM_ID_SMACK, LSM_POLICY_LOAD, b, (uint32_t)(n + 1), 0, 0)
		      : sys_(m, LSM_ID_SMACK, LSM_POLICY_LOAD, b, (uint32_t)(n + 1), 0, 0);
	free(b);
	return r;
}

static struct lsmc_kctx *mkctx(uint64_t id, const char *s, uint32_t *size)
{
	size_t sl = s ? strlen(s) + 1 : 0;
	size_t n = (sizeof(struct lsmc_kctx) + sl + 7) & ~(size_t)7;
	struct lsmc_kctx *c = calloc(1, n);
	c->id = id;
	c->len = n;
	c->ctx_len = sl;
	if (s)
		memcpy(c->ctx, s, sl);
	*size = (uint32_t)n;
	return c;
}

/* ---- §1.4 merged syscalls ---- */

static void test_list_modules(void **state)
{
	struct model *m = *state;
	uint64_t ids[8];
	uint32_t size = sizeof(ids);

	assert_int_equal(model_lsm_list_modules(m, ids, &size, 1), -EINVAL);
	size = 8;
	assert_int_equal(model_lsm_list_modules(m, ids, &size, 0), -E2BIG);
	assert_int_equal(size, 4 * sizeof(uint64_t)); /* always written */
	size = sizeof(ids);
	assert_int_equal(model_lsm_list_modules(m, ids, &size, 0), 4);
	assert_int_equal(size, 32);
	assert_int_equal(ids[0], LSM_ID_CAPABILITY);
	assert_int_equal(ids[3], LSM_ID_APPARMOR);
	m->has_lsm_syscalls = false;
	assert_int_equal(model_lsm_list_modules(m, ids, &size, 0), -ENOSYS);
	assert_int_equal(m->calls[MODEL_IF_LIST_MODULES], 4);
}

static void test_get_self_attr(void **state)
{
	struct model *m = *state;
	uint8_t buf[512];
	struct lsmc_kctx *c = (struct lsmc_kctx *)buf;
	uint32_t size = sizeof(buf);

	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_UNDEF, c, &size, 0), -EINVAL);
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_CURRENT, c, &size, 2), -EINVAL);
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_CURRENT, NULL, &size, LSM_FLAG_SINGLE),
			 -EINVAL);
	/* SELinux, Smack and AppArmor each answer CURRENT */
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_CURRENT, c, &size, 0), 3);
	assert_int_equal(c->id, LSM_ID_SELINUX);
	assert_int_equal(c->len % 8, 0);
	uint32_t small = 8;
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_CURRENT, c, &small, 0), -E2BIG);
	assert_int_equal(small, size);
	/* single: AppArmor only */
	memset(buf, 0, sizeof(buf));
	c->id = LSM_ID_APPARMOR;
	size = sizeof(buf);
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_CURRENT, c, &size, LSM_FLAG_SINGLE),
			 1);
	assert_string_equal((char *)c->ctx, "unconfined");
	assert_int_equal(c->ctx_len, strlen("unconfined") + 1);
	/* no LSM answers SOCKCREATE unset → EOPNOTSUPP */
	c->id = LSM_ID_SMACK;
	assert_int_equal(model_lsm_get_self_attr(m, LSM_ATTR_SOCKCREATE, c, &size, LSM_FLAG_SINGLE),
			 -EOPNOTSUPP);
}

static void test_set_self_attr(void **state)
{
	struct model *m = *state;
	uint32_t size;
	struct lsmc_kctx *c = mkctx(LSM_ID_APPARMOR, "stack foo", &size);

	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 1), -EINVAL);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, 31, 0), -EINVAL);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, 4097, 0), -E2BIG);
	c->len = size + 8; /* len beyond size */
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), -EINVAL);
	c->len = size;
	/* unknown profile */
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), -ENOENT);
	model_aa_add_profile(m, NULL, "foo", NULL);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), 0);
	assert_int_equal(model_aa_stack_count(m), 1);
	assert_string_equal(model_aa_stack(m, 0), "foo");
	free(c);
	c = mkctx(LSM_ID_APPARMOR, "changeprofile foo", &size);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), 0);
	assert_string_equal(model_aa_task_profile(m), "foo");
	free(c);
	c = mkctx(LSM_ID_APPARMOR, "bogus foo", &size);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), -EINVAL);
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_FSCREATE, c, size, 0), -EOPNOTSUPP);
	free(c);
	c = mkctx(LSM_ID_LANDLOCK, "x", &size); /* not active → hook default */
	assert_int_equal(model_lsm_set_self_attr(m, LSM_ATTR_CURRENT, c, size, 0), -EOPNOTSUPP);
	free(c);
}

/* ---- §3 generic checks ---- */

static void test_generic_order(void **state)
{
	struct model *m = *state;
	char buf[] = "x";

	/* common_flags before everything, including the capability */
	m->cap_mac_admin = false;
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, buf, 2, 1, 0), -EINVAL);
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, buf, 2, 0, 0), -EPERM);
	/* self has no framework capability check */
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "", 1, 0, 0), 0);
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "", 1, 1, 0), -EINVAL);
	m->cap_mac_admin = true;
	/* dispatch: unknown id, inactive LSM, LSM without the hook → EINVAL */
	assert_int_equal(sys_(m, 999, LSM_POLICY_LOAD, buf, 2, 0, 0), -EINVAL);
	assert_int_equal(sys_(m, LSM_ID_TOMOYO, LSM_POLICY_LOAD, buf, 2, 0, 0), -EINVAL);
	assert_int_equal(self_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, buf, 2, 0, 0), -EINVAL);
	assert_int_equal(sys_(m, LSM_ID_CAPABILITY, LSM_POLICY_LOAD, buf, 2, 0, 0), -EINVAL);
	/* op/flags → EOPNOTSUPP in every LSM */
	uint32_t lsms[] = {LSM_ID_APPARMOR, LSM_ID_SELINUX, LSM_ID_SMACK};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sys_(m, lsms[i], LSM_POLICY_UNDEF, buf, 2, 0, 0), -EOPNOTSUPP);
		assert_int_equal(sys_(m, lsms[i], LSM_POLICY_LOAD, buf, 2, 0, 1), -EOPNOTSUPP);
	}
	assert_int_equal(self_(m, LSM_ID_SMACK, 101, buf, 2, 0, 0), -EOPNOTSUPP);
	/* seccomp and missing syscalls answer first */
	m->seccomp_eperm = true;
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, buf, 2, 1, 0), -EPERM);
	m->seccomp_eperm = false;
	m->has_policy_syscalls = false;
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, buf, 2, 1, 0), -ENOSYS);
}

static void test_recording(void **state)
{
	struct model *m = *state;
	char buf[] = "abc";

	model_reset_calls(m);
	assert_int_equal(sys_(m, LSM_ID_SELINUX, 7, buf, 3, 0, 9), -EOPNOTSUPP);
	assert_int_equal(m->calls[MODEL_IF_SYSTEM_POLICY], 1);
	assert_int_equal(m->calls[MODEL_IF_SELF_POLICY], 0);
	assert_int_equal(m->last_call.kind, MODEL_IF_SYSTEM_POLICY);
	assert_int_equal(m->last_call.lsm_id, LSM_ID_SELINUX);
	assert_int_equal(m->last_call.op, 7);
	assert_ptr_equal(m->last_call.buf, buf);
	assert_int_equal(m->last_call.size, 3);
	assert_int_equal(m->last_call.flags, 9);
	assert_int_equal(m->last_call.ret, -EOPNOTSUPP);
	assert_memory_equal(m->last_call.data, "abc", 3);
}

/* ---- §4.1 AppArmor ---- */

static void test_aa_self(void **state)
{
	struct model *m = *state;
	char big[600];

	memset(big, 'a', sizeof(big));
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "x", 0, 0, 0), -EINVAL);
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, big, 513, 0, 0), -E2BIG);
	/* no NUL within size */
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, big, 512, 0, 0), -E2BIG);
	/* quirk: empty name → 0, nothing done */
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "\0x", 2, 0, 0), 0);
	assert_int_equal(model_aa_stack_count(m), 0);
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "nope", 5, 0, 0), -ENOENT);
	model_aa_add_profile(m, NULL, "foo", NULL);
	assert_int_equal(self_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "foo", 4, 0, 0), 0);
	assert_int_equal(model_aa_stack_count(m), 1);
	assert_string_equal(model_aa_stack(m, 0), "foo");
}

static void test_aa_system(void **state)
{
	struct model *m = *state;
	size_t bl, pl;
	uint8_t *b = blob1(NULL, "prof1", &bl);
	uint8_t *p = aa_payload("", b, bl, &pl);
	char nons[600];

	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, 1, 0, 0), -EINVAL);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (1u << 28) + 1, 0, 0),
			 -E2BIG);
	memset(nons, 'n', sizeof(nons));
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, nons, sizeof(nons), 0, 0),
			 -E2BIG);
	/* ns must exist */
	uint8_t *q = aa_payload("missing", b, bl, &pl);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, q, (uint32_t)pl, 0, 0), -EINVAL);
	free(q);
	/* policy admin and lock */
	m->aa_policy_locked = true;
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)(bl + 1), 0, 0),
			 -EACCES);
	m->aa_policy_locked = false;
	m->aa_policy_admin = 0;
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)(bl + 1), 0, 0),
			 -EACCES);
	m->aa_policy_admin = MODEL_FOLLOW_CAP;
	/* truncated → EPROTO, nothing loaded */
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)(bl + 1 - 3), 0, 0),
			 -EPROTO);
	assert_false(model_aa_has_profile(m, NULL, "prof1"));
	/* load, then replace: 0 both times (never EEXIST) */
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)(bl + 1), 0, 0), 0);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)(bl + 1), 0, 0), 0);
	assert_string_equal(model_aa_profile_mode(m, NULL, "prof1"), "enforce");
	/* garbage → EPROTONOSUPPORT */
	uint8_t *g = aa_payload("", (const uint8_t *)"garbage!", 8, &pl);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, g, (uint32_t)pl, 0, 0),
			 -EPROTONOSUPPORT);
	free(g);
	/* nested namespace "a//b" */
	model_aa_ns_create(m, "a//b");
	q = aa_payload("a//b", b, bl, &pl);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, q, (uint32_t)pl, 0, 0), 0);
	assert_true(model_aa_has_profile(m, "a//b", "prof1"));
	free(q);
	free(p);
	free(b);
	/* a header namespace loads relative to the target, created on the fly */
	b = blob1("child", "prof2", &bl);
	p = aa_payload("a", b, bl, &pl);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)pl, 0, 0), 0);
	assert_true(model_aa_has_profile(m, "a//child", "prof2"));
	free(p);
	free(b);
	/* verify_header(): the first header's namespace holds for the whole
	 * write; a later, different one is ignored, not refused */
	{
		size_t l1, l2, l3;
		uint8_t *b1 = blob1(NULL, "plainp", &l1), *b2 = blob1("ctr", "nsp", &l2), *b3;

		assert_int_equal(aa_load_two(m, b2, l2, b1, l1), 0);
		assert_true(model_aa_has_profile(m, "ctr", "nsp"));
		assert_true(model_aa_has_profile(m, "ctr", "plainp"));
		assert_false(model_aa_has_profile(m, NULL, "plainp"));
		/* a namespace first named by a later header also takes the write */
		model_aa_ns_create(m, "ctr2");
		b3 = blob1("ctr2", "nsp2", &l3);
		assert_int_equal(aa_load_two(m, b1, l1, b3, l3), 0);
		assert_true(model_aa_has_profile(m, "ctr2", "plainp"));
		assert_true(model_aa_has_profile(m, "ctr2", "nsp2"));
		free(b1);
		free(b2);
		free(b3);
	}
}

static void test_aa_blob_versions(void **state)
{
	struct model *m = *state;
	const char *names[] = {"x", "y"};
	size_t bl, pl;
	uint8_t *b = model_aa_blob(NULL, names, 2, 9, 1, &bl);
	uint8_t *p = aa_payload("", b, bl, &pl);

	/* v9 refused by a 6.1-like kernel; accepted when allowed */
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)pl, 0, 0),
			 -EPROTONOSUPPORT);
	m->aa_abi_max = 9;
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)pl, 0, 0), 0);
	assert_string_equal(model_aa_profile_mode(m, NULL, "y"), "complain");
	assert_int_equal(model_aa_profile_count(m, NULL), 2);
	free(p);
	free(b);
}

/* The model parses real apparmor_parser output (skipped without it). */
static void test_aa_real_parser_blob(void **state)
{
	struct model *m = *state;
	const char *feat = "/work/shared/data/apparmor-features-debian-6.1";
	if (access("/usr/sbin/apparmor_parser", X_OK) != 0)
		skip_because("/usr/sbin/apparmor_parser is not installed");
	if (access(feat, R_OK) != 0)
		skip_because("%s: %s", feat, strerror(errno));
	char dir[] = "/tmp/lsmc-model-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char src[128], cmd[512];
	snprintf(src, sizeof(src), "%s/p", dir);
	FILE *f = fopen(src, "w");
	fputs("profile foo { /etc/hostname r, }\n"
	      "profile bar flags=(complain) { /tmp/** rw, ^hat1 { /x r, } }\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "/usr/sbin/apparmor_parser -Q -q -S -n realns -M %s %s 2>/dev/null", feat, src);
	FILE *pp = popen(cmd, "r");
	uint8_t *blob = malloc(1 << 20);
	size_t bl = fread(blob, 1, 1 << 20, pp);
	pclose(pp);
	unlink(src);
	rmdir(dir);
	if (bl == 0) {
		free(blob);
		skip_because("apparmor_parser compiled nothing from the test profile");
	}
	size_t pl;
	uint8_t *p = aa_payload("", blob, bl, &pl);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, (uint32_t)pl, 0, 0), 0);
	assert_string_equal(model_aa_profile_mode(m, "realns", "foo"), "enforce");
	assert_string_equal(model_aa_profile_mode(m, "realns", "bar"), "complain");
	assert_true(model_aa_has_profile(m, "realns", "bar//hat1"));
	/* a chunk of it is a truncated blob (facts: EPROTO) */
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, p, 4096, 0, 0), -EPROTO);
	free(p);
	free(blob);
}

/* ---- §4.2 SELinux ---- */

static void test_selinux(void **state)
{
	struct model *m = *state;
	size_t len;
	uint8_t *pol = model_selinux_policy(33, 100, &len);

	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, pol, 0, 0, 0), -EINVAL);
	m->selinux_load_allowed = false;
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, pol, (uint32_t)len, 0, 0),
			 -EACCES);
	m->selinux_load_allowed = true;
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, pol, (uint32_t)len, 0, 0),
			 (long)len);
	assert_int_equal(m->selinux_loads, 1);
	/* garbage, truncated, too new: EINVAL and the old policy stays */
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, "garbage!", 8, 0, 0), -EINVAL);
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, pol, (uint32_t)len - 10, 0, 0),
			 -EINVAL);
	uint8_t *newer = model_selinux_policy(34, 10, &len);
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, newer, (uint32_t)len, 0, 0),
			 -EINVAL);
	assert_int_equal(m->selinux_loads, 1);
	assert_int_equal(m->selinux_policy_len, 32 + 100 + 4);
	m->selinux_no_internal_mount = true;
	assert_int_equal(sys_(m, LSM_ID_SELINUX, LSM_POLICY_LOAD, pol, 5, 0, 0), -ENODEV);
	free(newer);
	free(pol);
}

/* ---- §4.3 Smack ---- */

static void test_smack_checks(void **state)
{
	struct model *m = *state;

	assert_int_equal(sys_(m, LSM_ID_SMACK, LSM_POLICY_LOAD, "\1", 1, 0, 0), -EINVAL);
	/* self: EPERM only after the size check and the fmt byte */
	m->cap_mac_admin = false;
	assert_int_equal(self_(m, LSM_ID_SMACK, LSM_POLICY_LOAD, "\1", 1, 0, 0), -EINVAL);
	assert_int_equal(self_(m, LSM_ID_SMACK, LSM_POLICY_LOAD, NULL, 5, 0, 0), -EFAULT);
	assert_int_equal(smk(m, true, 1, "a b r"), -EPERM);
	m->cap_mac_admin = true;
	assert_int_equal(smk(m, true, 1, "a b r"), 5);
	assert_int_equal(model_smack_self_rule(m, "a", "b"), MODEL_SMK_READ);
	assert_int_equal(model_smack_rule(m, "a", "b"), -1); /* self stays private */
}

static void test_smack_parse(void **state)
{
	struct model *m = *state;

	/* returns bytes of rule text, newlines not special */
	assert_int_equal(smk(m, false, 1, "s1 o1 rw\ns2\no2 X"), 16);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	assert_int_equal(model_smack_rule(m, "s2", "o2"), MODEL_SMK_EXEC);
	/* silent: unknown letter ends access, label cut at / */
	assert_true(smk(m, false, 1, "s3 o3 rq") > 0);
	assert_int_equal(model_smack_rule(m, "s3", "o3"), MODEL_SMK_READ);
	assert_true(smk(m, false, 1, "s4 o4 qr") > 0);
	assert_int_equal(model_smack_rule(m, "s4", "o4"), 0);
	assert_true(smk(m, false, 1, "Sl/ash o5 r") > 0);
	assert_int_equal(model_smack_rule(m, "Sl", "o5"), MODEL_SMK_READ);
	/* errors: '-' label, 256-byte label, missing token */
	assert_int_equal(smk(m, false, 1, "-bad o r"), -EINVAL);
	char longl[300];
	memset(longl, 'L', 256);
	strcpy(longl + 256, " o r");
	assert_int_equal(smk(m, false, 1, longl), -EINVAL);
	assert_int_equal(smk(m, false, 1, "s o"), -EINVAL);
	/* partial application: the rule before the bad one stays */
	assert_int_equal(smk(m, false, 1, "p1 q1 r\n-bad q2 r\n"), -EINVAL);
	assert_int_equal(model_smack_rule(m, "p1", "q1"), MODEL_SMK_READ);
	/* load2 sets exactly; change-rule adds/removes */
	assert_true(smk(m, false, 1, "s1 o1 x") > 0);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_EXEC);
	assert_true(smk(m, false, 2, "s1 o1 rw x") > 0);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	assert_int_equal(smk(m, false, 2, "s1 o1 rw"), -EINVAL);
	assert_true(smk(m, false, 2, "new obj a -") > 0); /* created */
	assert_int_equal(model_smack_rule(m, "new", "obj"), MODEL_SMK_APPEND);
	/* an unknown fmt byte parses like fmt 1 */
	assert_true(smk(m, false, 7, "f7 o7 l") > 0);
	assert_int_equal(model_smack_rule(m, "f7", "o7"), MODEL_SMK_LOCK);
	/* fmt 0: 24-byte fields, 52..54 bytes */
	char fixed[55];
	snprintf(fixed, sizeof(fixed), "%-24s%-24s%-5s", "fs", "fo", "rwx");
	assert_int_equal(strlen(fixed), 53);
	assert_int_equal(smk(m, false, 0, fixed), 53);
	assert_int_equal(model_smack_rule(m, "fs", "fo"),
			 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC);
	assert_int_equal(smk(m, false, 0, "short rule r"), -EINVAL);
}

static void test_smack_window(void **state)
{
	struct model *m = *state;
	/* 200 rules of 34 bytes = 6800 bytes (facts: returned 4080) */
	char *text = malloc(7000);
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(text + n, "subjectx%05d object%05d rwxatlb\n", i, i);
	assert_int_equal(n, 6800);
	long r = smk(m, false, 1, text);
	assert_int_equal(r, 4080);
	assert_int_equal(text[r - 1], '\n');
	assert_int_equal(model_smack_rule_count(m), 120);
	/* no newline inside the window → EINVAL */
	memset(text, 'a', 5000);
	text[5000] = '\0';
	assert_int_equal(smk(m, false, 1, text), -EINVAL);
	/* a smaller page gives smaller windows */
	m->page_size = 64;
	r = smk(m, false, 1,
		"aaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb r\ncccccccccc dddddddddd w\n");
	assert_int_equal(r, 44);
	free(text);
}

/* ---- §6 lsm_unshare (by analogy with lsm_set_self_attr) ---- */

static void test_unshare(void **state)
{
	struct model *m = *state;
	uint32_t size;
	struct lsmc_kctx *c = mkctx(LSM_ID_APPARMOR, NULL, &size);

	assert_int_equal(model_lsm_unshare(m, c, size, 1), -EINVAL);
	assert_int_equal(model_lsm_unshare(m, c, 16, 0), -EINVAL);
	assert_int_equal(model_lsm_unshare(m, c, 8192, 0), -E2BIG);
	c->ctx_len = 100;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), -EINVAL);
	c->ctx_len = 0;
	c->id = LSM_ID_SELINUX;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), -EOPNOTSUPP);
	c->id = LSM_ID_APPARMOR;
	m->aa_unshare = false;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), -EOPNOTSUPP);
	m->aa_unshare = true;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), 0);
	assert_int_equal(m->unshares, 1);
	assert_string_equal(model_aa_task_ns(m), "unshare_1");
	assert_int_equal(m->last_call.kind, MODEL_IF_UNSHARE);
	assert_int_equal(m->last_call.lsm_id, LSM_ID_APPARMOR);
	m->seccomp_eperm = true;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), -EPERM);
	m->seccomp_eperm = false;
	m->has_unshare = false;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), -ENOSYS);
	free(c);
	c = mkctx(LSM_ID_APPARMOR, "named", &size);
	m->has_unshare = true;
	assert_int_equal(model_lsm_unshare(m, c, size, 0), 0);
	assert_string_equal(model_aa_task_ns(m), "unshare_1//named");
	free(c);
}

/* ---- §7 pseudo-filesystems ---- */

static void test_fs_apparmor(void **state)
{
	struct model *m = *state;
	struct lsmc_sys s = model_sys(m);
	struct statfs sf;
	size_t bl;
	uint8_t *b = blob1(NULL, "fsprof", &bl);

	int dir = s.openat(m, AT_FDCWD, "/sys/kernel/security", O_PATH | O_DIRECTORY, 0);
	assert_true(dir >= MODEL_FD_BASE);
	assert_int_equal(s.fstatfs(m, dir, &sf), 0);
	assert_int_equal((uint32_t)sf.f_type, LSMC_SECURITYFS_MAGIC);
	int fd = s.openat(m, dir, "apparmor/.replace", O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0);
	assert_true(fd >= MODEL_FD_BASE);
	assert_int_equal(s.write(m, fd, b, bl), (long)bl);
	assert_true(model_aa_has_profile(m, NULL, "fsprof"));
	assert_int_equal(s.write(m, fd, b, bl), (long)bl); /* replace */
	/* chunked write: each write is a whole policy → EPROTO */
	assert_int_equal(s.write(m, fd, b, bl / 2), -EPROTO);
	assert_int_equal(s.read(m, fd, &sf, 1), -EBADF);
	s.close(m, fd);
	fd = s.openat(m, dir, "apparmor/.load", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd, b, bl), -EEXIST);
	s.close(m, fd);
	/* .remove: unknown → ENOENT, then the name */
	fd = s.openat(m, dir, "apparmor/.remove", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd, "nope", 4), -ENOENT);
	assert_int_equal(s.write(m, fd, "fsprof", 7), 7);
	assert_false(model_aa_has_profile(m, NULL, "fsprof"));
	/* mkdir creates a namespace; its own .replace loads into it */
	assert_int_equal(s.mkdirat(m, dir, "apparmor/policy/namespaces/ns1", 0755), 0);
	assert_int_equal(s.mkdirat(m, dir, "apparmor/policy/namespaces/ns1", 0755), -EEXIST);
	assert_true(model_aa_ns_exists(m, "ns1"));
	int fd2 = s.openat(m, dir, "apparmor/policy/namespaces/ns1/.replace", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd2, b, bl), (long)bl);
	s.close(m, fd2);
	assert_true(model_aa_has_profile(m, "ns1", "fsprof"));
	/* listing */
	int rd = s.openat(m, AT_FDCWD, "/sys/kernel/security/apparmor/profiles", O_RDONLY, 0);
	char out[256] = "";
	assert_true(s.read(m, rd, out, sizeof(out) - 1) > 0);
	if (!strstr(out, ":ns1://fsprof (enforce)\n"))
		fail_msg("listing: %s", out);
	s.close(m, rd);
	/* .remove ":ns1:" drops the whole namespace */
	assert_int_equal(s.write(m, fd, ":ns1:", 5), 5);
	assert_false(model_aa_ns_exists(m, "ns1"));
	/* rmdir too */
	assert_int_equal(s.mkdirat(m, dir, "apparmor/policy/namespaces/ns2", 0755), 0);
	assert_int_equal(s.unlinkat(m, dir, "apparmor/policy/namespaces/ns2", AT_REMOVEDIR), 0);
	assert_false(model_aa_ns_exists(m, "ns2"));
	/* not policy admin */
	m->aa_policy_admin = 0;
	assert_int_equal(s.mkdirat(m, dir, "apparmor/policy/namespaces/ns3", 0755), -EACCES);
	assert_int_equal(s.write(m, fd, "x", 1), -EACCES);
	s.close(m, fd);
	/* lsm file: comma-separated, no newline */
	rd = s.openat(m, dir, "lsm", O_RDONLY, 0);
	memset(out, 0, sizeof(out));
	assert_int_equal(s.read(m, rd, out, sizeof(out)), 33);
	assert_string_equal(out, "capability,selinux,smack,apparmor");
	s.close(m, rd);
	s.close(m, dir);
	free(b);
}

static void test_fs_open_errors(void **state)
{
	struct model *m = *state;
	struct lsmc_sys s = model_sys(m);
	struct statfs sf;

	/* symlink + O_NOFOLLOW */
	strcpy(m->symlinks[0], "/sys/kernel/security/apparmor/.replace");
	assert_int_equal(s.openat(m, AT_FDCWD, m->symlinks[0], O_WRONLY | O_NOFOLLOW, 0), -ELOOP);
	int fd = s.openat(m, AT_FDCWD, m->symlinks[0], O_WRONLY, 0);
	assert_true(fd >= MODEL_FD_BASE);
	s.close(m, fd);
	/* unmounted: the mount point is an empty sysfs directory */
	m->fs[MODEL_FS_SECURITYFS].mounted = false;
	assert_int_equal(s.openat(m, AT_FDCWD, m->symlinks[0], O_WRONLY, 0), -ENOENT);
	int dir = s.openat(m, AT_FDCWD, "/sys/kernel/security", O_PATH | O_DIRECTORY, 0);
	assert_int_equal(s.fstatfs(m, dir, &sf), 0);
	assert_int_equal((uint32_t)sf.f_type, 0x62656572u);
	s.close(m, dir);
	m->fs[MODEL_FS_SECURITYFS].mounted = true;
	/* wrong filesystem */
	m->fs[MODEL_FS_SMACKFS].magic_override = 0x1234;
	dir = s.openat(m, AT_FDCWD, "/sys/fs/smackfs", O_PATH | O_DIRECTORY, 0);
	assert_int_equal(s.fstatfs(m, dir, &sf), 0);
	assert_int_equal(sf.f_type, 0x1234);
	assert_int_equal(s.openat(m, dir, "load2", O_WRONLY | O_DIRECTORY, 0), -ENOTDIR);
	s.close(m, dir);
	assert_int_equal(s.close(m, dir), -EBADF);
	assert_int_equal(s.openat(m, AT_FDCWD, "/etc/passwd", O_RDONLY, 0), -ENOENT);
	assert_int_equal(s.openat(m, AT_FDCWD, "/sys/kernel/security", O_WRONLY, 0), -EISDIR);
	/* SELinux load: root-only 0600 */
	m->is_root = false;
	m->cap_dac_override = false;
	assert_int_equal(s.openat(m, AT_FDCWD, "/sys/fs/selinux/load", O_WRONLY, 0), -EACCES);
	assert_int_equal(s.faccessat(m, AT_FDCWD, "/sys/fs/selinux/load", W_OK, 0), -EACCES);
	assert_int_equal(s.faccessat(m, AT_FDCWD, "/sys/fs/selinux/load", F_OK, 0), 0);
	/* load-self2 is 0666 */
	fd = s.openat(m, AT_FDCWD, "/sys/fs/smackfs/load-self2", O_WRONLY, 0);
	assert_true(fd >= MODEL_FD_BASE);
	s.close(m, fd);
	m->cap_dac_override = true;
	fd = s.openat(m, AT_FDCWD, "/sys/fs/selinux/load", O_WRONLY, 0);
	assert_true(fd >= MODEL_FD_BASE);
	s.close(m, fd);
	struct stat st;
	assert_int_equal(s.fstatat(m, AT_FDCWD, "/sys/fs/selinux/load", &st, 0), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0600);
	assert_int_equal(s.has_cap(m, 33), 1);
	m->cap_mac_admin = false;
	assert_int_equal(s.has_cap(m, 33), 0);
	assert_int_equal(s.has_cap(m, 1), 1);
}

static void test_fs_selinux(void **state)
{
	struct model *m = *state;
	struct lsmc_sys s = model_sys(m);
	size_t len;
	uint8_t *pol = model_selinux_policy(33, 64, &len);
	char out[8] = "";

	int fd = s.openat(m, AT_FDCWD, "/sys/fs/selinux/policyvers", O_RDONLY, 0);
	assert_int_equal(s.read(m, fd, out, sizeof(out)), 2);
	assert_memory_equal(out, "33", 2);
	s.close(m, fd);
	fd = s.openat(m, AT_FDCWD, "/sys/fs/selinux/load", O_WRONLY, 0);
	m->selinux_load_allowed = false;
	assert_int_equal(s.write(m, fd, pol, len), -EACCES);
	m->selinux_load_allowed = true;
	assert_int_equal(s.write(m, fd, pol, 0), -EINVAL);
	/* chunks: the first is a truncated policy */
	assert_int_equal(s.write(m, fd, pol, len / 2), -EINVAL);
	assert_int_equal(s.write(m, fd, pol, len), (long)len);
	assert_int_equal(m->selinux_loads, 1);
	assert_string_equal(m->last_write.path, "/sys/fs/selinux/load");
	s.close(m, fd);
	free(pol);
}

static void test_fs_smack(void **state)
{
	struct model *m = *state;
	struct lsmc_sys s = model_sys(m);
	char out[256] = "";

	int dir = s.openat(m, AT_FDCWD, "/sys/fs/smackfs", O_PATH | O_DIRECTORY, 0);
	int fd = s.openat(m, dir, "load2", O_WRONLY, 0);
	m->cap_mac_admin = false;
	assert_int_equal(s.write(m, fd, "a b r", 5), -EPERM);
	m->cap_mac_admin = true;
	assert_int_equal(s.write(m, fd, "a b rw\nc d -\n", 13), 13);
	s.close(m, fd);
	/* read back: rules with no access are not listed */
	fd = s.openat(m, dir, "load2", O_RDONLY, 0);
	assert_int_equal(s.read(m, fd, out, sizeof(out)), 7);
	assert_memory_equal(out, "a b rw\n", 7);
	s.close(m, fd);
	/* in Smack's order: the newest subject label first, each subject's
	 * newest rule first (smack-raw confirms it on a real kernel) */
	fd = s.openat(m, dir, "load2", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd, "e f r\na g w\nh f x\na i a\n", 24), 24);
	s.close(m, fd);
	fd = s.openat(m, dir, "load2", O_RDONLY, 0);
	memset(out, 0, sizeof(out));
	assert_int_equal(s.read(m, fd, out, sizeof(out) - 1), 31);
	assert_string_equal(out, "h f x\ne f r\na i a\na g w\na b rw\n");
	s.close(m, fd);
	/* access2 */
	fd = s.openat(m, dir, "access2", O_RDWR, 0);
	assert_int_equal(s.write(m, fd, "a b r", 5), 5);
	assert_int_equal(s.read(m, fd, out, sizeof(out)), 2);
	assert_int_equal(out[0], '1');
	assert_int_equal(s.write(m, fd, "a b x", 5), 5);
	assert_int_equal(s.read(m, fd, out, sizeof(out)), 2);
	assert_int_equal(out[0], '0');
	s.close(m, fd);
	/* load-self2 needs no capability */
	m->cap_mac_admin = false;
	fd = s.openat(m, dir, "load-self2", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd, "x y r", 5), 5);
	assert_int_equal(model_smack_self_rule(m, "x", "y"), MODEL_SMK_READ);
	s.close(m, fd);
	/* change-rule */
	m->cap_mac_admin = true;
	fd = s.openat(m, dir, "change-rule", O_WRONLY, 0);
	assert_int_equal(s.write(m, fd, "a b x r", 7), 7);
	assert_int_equal(model_smack_rule(m, "a", "b"), MODEL_SMK_WRITE | MODEL_SMK_EXEC);
	s.close(m, fd);
	s.close(m, dir);
}

static void test_fault_injection(void **state)
{
	struct model *m = *state;
	struct lsmc_sys s = model_sys(m);

	int fd = s.openat(m, AT_FDCWD, "/sys/fs/smackfs/load2", O_WRONLY, 0);
	m->eintr_write_nth = 1;
	m->fail_write_nth = 3;
	m->fail_write_errno = ENOMEM;
	assert_int_equal(s.write(m, fd, "a b r\n", 6), -EINTR);
	assert_int_equal(model_smack_rule(m, "a", "b"), -1); /* no effect */
	assert_int_equal(s.write(m, fd, "a b r\n", 6), 6);
	assert_int_equal(s.write(m, fd, "c d r\n", 6), -ENOMEM);
	m->short_write_max = 6;
	assert_int_equal(s.write(m, fd, "e f r\ng h r\n", 12), 6);
	assert_int_equal(model_smack_rule(m, "g", "h"), -1);
	assert_int_equal(m->n_writes, 4);
	assert_int_equal(m->last_write.len, 12);
	s.close(m, fd);

	/* The second policy syscall fails, with nothing done; a kernel without
	 * the syscalls says ENOSYS and counts none. */
	m->fail_policy_call_nth = 2;
	m->fail_policy_call_errno = EIO;
	assert_true(smk(m, false, 1, "p q r") > 0);
	assert_int_equal(smk(m, false, 1, "p r r"), -EIO);
	assert_int_equal(model_smack_rule(m, "p", "r"), -1);
	assert_true(smk(m, false, 1, "p s r") > 0);
	m->has_policy_syscalls = false;
	assert_int_equal(smk(m, false, 1, "p t r"), -ENOSYS);
	assert_int_equal(m->policy_calls, 3);
}

static void test_presets(void **state)
{
	(void)state;
	struct model *m = model_new();
	uint64_t ids[4];
	uint32_t size = sizeof(ids);
	assert_int_equal(model_lsm_list_modules(m, ids, &size, 0), -ENOSYS);
	assert_int_equal(sys_(m, LSM_ID_APPARMOR, LSM_POLICY_LOAD, "\0", 2, 0, 0), -ENOSYS);
	struct lsmc_sys s = model_sys(m);
	assert_int_equal(s.openat(m, AT_FDCWD, "/sys/kernel/security/lsm", O_RDONLY, 0), -ENOENT);
	model_preset_apparmor_fs_only(m);
	int fd = s.openat(m, AT_FDCWD, "/sys/kernel/security/apparmor/.replace", O_WRONLY, 0);
	assert_true(fd >= MODEL_FD_BASE);
	s.close(m, fd);
	assert_int_equal(s.openat(m, AT_FDCWD, "/sys/fs/selinux", O_PATH, 0), -ENOENT);
	model_free(m);
}

/* ---- seccomp notification ---- */

static void test_notify(void **state)
{
	struct model *m = *state;
	const long nrs[4] = {1000, 1001, 1002, -1};
	size_t bl, pl;
	uint8_t *b = blob1(NULL, "viaseccomp", &bl);
	uint8_t *buf = aa_payload("", b, bl, &pl);
	uint32_t bufsize = (uint32_t)pl;

	struct model_notify *n = model_notify_start(m, nrs);
	if (!n && errno == ENOSYS) {
		/* seccomp(2) itself is missing, as under valgrind: nothing to serve. */
		free(b);
		free(buf);
		skip_because("seccomp(2) is missing (as under valgrind): nothing to serve");
	}
	assert_non_null(n);
	model_reset_calls(m);
	long r = syscall(1001, 104, 100, buf, bufsize, 0, 0);
	/* AppArmor answers 0 and the profile is loaded */
	assert_int_equal(r, 0);
	assert_true(model_aa_has_profile(m, NULL, "viaseccomp"));
	assert_int_equal(m->calls[MODEL_IF_SYSTEM_POLICY], 1);
	assert_int_equal(m->last_call.lsm_id, 104);
	assert_int_equal(m->last_call.op, 100);
	assert_ptr_equal(m->last_call.buf, buf);
	assert_int_equal(m->last_call.size, bufsize);
	assert_memory_equal(m->last_call.data, buf, bufsize);
	assert_int_equal(m->last_call.common_flags, 0);
	assert_int_equal(m->last_call.flags, 0);
	/* errors come back as errno; u32 arguments lose their upper half */
	r = syscall(1001, 104, 100, buf, 0x100000001ul, 0, 0);
	assert_int_equal(r, -1);
	assert_int_equal(errno, EINVAL); /* size 1 < 2 */
	assert_int_equal(m->last_call.size, 1);
	r = syscall(1000, 101, 100, buf, 10, 0, 0);
	assert_int_equal(r, -1);
	assert_int_equal(errno, EINVAL); /* SELinux has no self hook */
	uint32_t size;
	struct lsmc_kctx *c = mkctx(LSM_ID_APPARMOR, NULL, &size);
	r = syscall(1002, c, size, 0);
	assert_int_equal(r, 0);
	assert_int_equal(m->last_call.kind, MODEL_IF_UNSHARE);
	free(c);
	/* one listener per filter chain */
	struct model_notify *n2 = model_notify_start(m, nrs);
	assert_null(n2);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(model_notify_stop(n), 4);
	/* after stop: like an unassigned number */
	r = syscall(1001, 104, 100, buf, bufsize, 0, 0);
	assert_int_equal(r, -1);
	assert_int_equal(errno, ENOSYS);
	/* and a new server can start */
	n = model_notify_start(m, nrs);
	assert_non_null(n);
	m->seccomp_eperm = true;
	r = syscall(1000, 104, 100, "", 1, 0, 0);
	assert_int_equal(r, -1);
	assert_int_equal(errno, EPERM);
	model_notify_stop(n);
	free(buf);
	free(b);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_all, teardown)
	const struct CMUnitTest tests[] = {
		T(test_list_modules),
		T(test_get_self_attr),
		T(test_set_self_attr),
		T(test_generic_order),
		T(test_recording),
		T(test_aa_self),
		T(test_aa_system),
		T(test_aa_blob_versions),
		T(test_aa_real_parser_blob),
		T(test_selinux),
		T(test_smack_checks),
		T(test_smack_parse),
		T(test_smack_window),
		T(test_unshare),
		T(test_fs_apparmor),
		T(test_fs_open_errors),
		T(test_fs_selinux),
		T(test_fs_smack),
		T(test_fault_injection),
		cmocka_unit_test(test_presets),
		T(test_notify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

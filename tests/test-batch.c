/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Batch loads through the kernel model: validation first, fewest kernel calls, per-item results. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsm/apparmor-cache.h"
#include "helpers.h"

static char tmpdir[] = "/tmp/lsmc-test-batch-XXXXXX";

static int make_tmpdir(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *write_file(const char *name, const void *data, size_t len)
{
	char *p = NULL;
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", tmpdir, name) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static char *aa_file(const char *name, const char *profile)
{
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, &profile, 1, 7, 0, &len);
	char *p = write_file(name, blob, len);

	free(blob);
	return p;
}

/* A one-profile blob for namespace ns (NULL: none) in format abi. */
static char *aa_file_ns(const char *name, const char *ns, const char *profile, uint32_t abi)
{
	size_t len;
	uint8_t *blob = model_aa_blob(ns, &profile, 1, abi, 0, &len);
	char *p = write_file(name, blob, len);

	free(blob);
	return p;
}

static char *smack_file(const char *name, int first, int n)
{
	char text[65536];
	size_t used = 0;

	for (int i = first; i < first + n; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "subj%d obj%d rw\n", i,
					 i);
	return write_file(name, text, used);
}

static struct lsmc_batch_item item(struct lsmc_batch *b, size_t i)
{
	struct lsmc_batch_item it = {.sz = sizeof(it)};

	assert_int_equal(lsmc_batch_get(b, i, &it), 0);
	return it;
}

static void test_all_lsms_one_pass(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_result total = {.sz = sizeof(total)};
	struct lsmc_batch *b;
	char *paths[5];
	unsigned before;

	paths[0] = aa_file("one.bin", "one");
	paths[1] = aa_file("two.bin", "two");
	paths[2] = smack_file("a.rules", 0, 300);
	paths[3] = smack_file("b.rules", 300, 300);
	paths[4] = strdup(TEST_DATA_DIR "/selinux-minimal.33"); /* a real policy */
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, paths[0], NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, paths[1], NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, paths[2], NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, paths[3], NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SELINUX, paths[4], NULL), 0);
	assert_int_equal(lsmc_batch_count(b), 5);
	/* Probe first, so that only loads are counted below. */
	{
		struct lsmc_lsm_info i = {.sz = sizeof(i)};
		for (uint64_t l = LSM_ID_SELINUX; l <= LSM_ID_APPARMOR; l++)
			if (l != LSM_ID_TOMOYO)
				assert_int_equal(lsmc_probe(f->ctx, l, &i), 0);
	}
	model_reset_calls(f->m);
	before = f->m->selinux_loads;
	assert_int_equal(lsmc_batch_run(b, 0, &total), 0);
	/* AppArmor: one system-policy call for both files. */
	assert_true(model_aa_has_profile(f->m, NULL, "one"));
	assert_true(model_aa_has_profile(f->m, NULL, "two"));
	assert_true(item(b, 0).atomic && item(b, 1).atomic);
	/* Smack: the two files merged into one stream of windows. */
	assert_int_equal(model_smack_rule_count(f->m), 600);
	assert_int_equal(item(b, 2).items, 300);
	assert_int_equal(f->m->selinux_loads, before + 1);
	assert_int_equal(total.parts, 5);
	/* One AppArmor call, one SELinux call, and Smack's windows (600 rules
	 * of about 17 bytes: 3 pages) — against 602 calls one per item/rule. */
	assert_int_equal(total.kernel_calls, f->m->calls[MODEL_IF_SYSTEM_POLICY]);
	assert_true(total.kernel_calls >= 4 && total.kernel_calls <= 6);
	lsmc_batch_free(b);
	for (int i = 0; i < 5; i++)
		free(paths[i]);
	fixture_free(f);
}

/* The SELinux file replaced as the first AppArmor call begins. */
struct swap {
	const char *path;
	const void *data;
	size_t len;
	bool done;
};

static void swap_on_apparmor(struct model *m, enum model_iface kind, uint32_t lsm_id, void *arg)
{
	struct swap *s = arg;
	FILE *fp;

	(void)m;
	(void)kind;
	if (lsm_id != LSM_ID_APPARMOR || s->done)
		return;
	s->done = true;
	fp = fopen(s->path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(s->data, 1, s->len, fp), s->len);
	fclose(fp);
}

/*
 * lsmctl boot checks the SELinux policy, loads AppArmor, then loads SELinux:
 * a policy file replaced in between must not be what goes in. The bytes
 * loaded are the bytes checked, whether the new file is another valid
 * policy or garbage.
 */
static void test_selinux_loads_checked_bytes(void **state)
{
	static const char garbage[] = "not a policy at all\n";
	uint8_t orig[4096], other[4096];
	FILE *fp = fopen(TEST_DATA_DIR "/selinux-minimal.33", "rb");
	size_t len;

	assert_non_null(fp);
	len = fread(orig, 1, sizeof(orig), fp);
	fclose(fp);
	assert_true(len > 64 && len < sizeof(orig));
	memcpy(other, orig, len);
	other[48] ^= 4; /* another capability: still a valid policy */
	for (int pass = 0; pass < 2; pass++) {
		struct fixture *f = fixture_new(model_preset_all_syscalls);
		struct lsmc_result total = {.sz = sizeof(total)};
		struct lsmc_lsm_info i = {.sz = sizeof(i)};
		char *aa = aa_file("one.bin", "one");
		char *se = write_file("policy.33", orig, len);
		struct swap sw = {.path = se,
				  .data = pass ? (const void *)garbage : other,
				  .len = pass ? strlen(garbage) : len};
		struct lsmc_batch *b;

		assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
		assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, aa, NULL), 0);
		assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SELINUX, se, NULL), 0);
		assert_int_equal(lsmc_probe(f->ctx, LSM_ID_APPARMOR, &i), 0);
		assert_int_equal(lsmc_probe(f->ctx, LSM_ID_SELINUX, &i), 0);
		f->m->on_call = swap_on_apparmor;
		f->m->on_call_arg = &sw;
		assert_int_equal(lsmc_batch_run(b, 0, &total), 0);
		assert_true(sw.done); /* the file was replaced after the check */
		assert_true(model_aa_has_profile(f->m, NULL, "one"));
		assert_int_equal(f->m->selinux_loads, 1);
		assert_int_equal(f->m->selinux_policy_len, len);
		assert_memory_equal(f->m->selinux_policy, orig, len);
		f->m->on_call = NULL;
		lsmc_batch_free(b);
		free(aa);
		free(se);
		fixture_free(f);
	}
}

static void test_invalid_item_stops_everything(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_batch *b;
	char *good = aa_file("good.bin", "good");
	char *bad = write_file("bad.bin", "profile x { }\n", 14);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, good, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, bad, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -ENOEXEC);
	assert_int_equal(item(b, 1).status, -ENOEXEC);
	assert_non_null(strstr(item(b, 1).message, "bad.bin"));
	assert_int_equal(f->m->n_writes, 0);
	assert_false(model_aa_has_profile(f->m, NULL, "good"));
	/* With CONTINUE the valid file loads, the invalid one is reported. */
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -ENOEXEC);
	assert_int_equal(item(b, 0).status, 0);
	assert_int_equal(item(b, 1).status, -ENOEXEC);
	assert_true(model_aa_has_profile(f->m, NULL, "good"));
	lsmc_batch_free(b);
	free(good);
	free(bad);
	fixture_free(f);
}

static void test_smack_typo_stops_before_any_load(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	char *aa = aa_file("aa.bin", "aa");
	char *good = smack_file("good.rules", 0, 10);
	char *bad = write_file("bad.rules", "A B rq\n", 7);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, aa, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, good, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, bad, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EINVAL);
	assert_non_null(strstr(item(b, 2).message, "bad.rules:1"));
	assert_int_equal(item(b, 0).status, -ECANCELED);
	assert_false(model_aa_has_profile(f->m, NULL, "aa"));
	assert_int_equal(model_smack_rule_count(f->m), 0);
	lsmc_batch_free(b);
	free(aa);
	free(good);
	free(bad);
	fixture_free(f);
}

/* An empty or comment-only rule file is zero rules and loads as such, beside the others. */
static void test_smack_empty_files_load(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	char *good = smack_file("some.rules", 0, 3);
	char *empty = write_file("empty.rules", "", 0);
	char *comments = write_file("comments.rules", "# none\n\n", 8);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, empty, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, good, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, comments, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(item(b, i).status, 0);
	assert_int_equal(item(b, 0).items, 0);
	assert_int_equal(item(b, 1).items, 3);
	assert_int_equal(item(b, 2).items, 0);
	assert_int_equal(model_smack_rule_count(f->m), 3);
	lsmc_batch_free(b);
	free(good);
	free(empty);
	free(comments);
	fixture_free(f);
}

/*
 * Found by fuzz/fuzz-batch-plan.c (seed fuzz/corpus/batch-plan/
 * smack-require-atomic): a Smack file added with require_atomic was merged
 * with the other access-rule files and loaded rule by rule, reported
 * loaded. Its own load (lsmc_smack_load) refuses it, Smack having no atomic
 * delivery; in a batch it is now loaded on its own and refused the same
 * way, and the files that did not ask still load.
 */
static void test_smack_require_atomic_alone(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_load_opts atomic = {.sz = sizeof(atomic), .require_atomic = true};
	char *strict = write_file("strict.rules", "a b rw\n", 7);
	char *plain = write_file("plain.rules", "c d x\n", 6);
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

/* A tree for LSMCONFIG_ROOT: etc/selinux/config, two policy types, a kernel command line. */
static char *selinux_root(const char *config, const char *cmdline)
{
	char *root = NULL, cmd[1024];

	assert_true(asprintf(&root, "%s/root", tmpdir) > 0);
	snprintf(cmd, sizeof(cmd),
		 "rm -rf '%s' && mkdir -p '%s/etc/selinux/lsmctest/policy' "
		 "'%s/etc/selinux/other/policy' '%s/proc' && "
		 "cp '%s/selinux-minimal.33' '%s/etc/selinux/lsmctest/policy/policy.33' && "
		 "echo garbage >'%s/etc/selinux/other/policy/policy.33'",
		 root, root, root, root, TEST_DATA_DIR, root, root);
	assert_int_equal(system(cmd), 0);
	free(write_file("root/etc/selinux/config", config, strlen(config)));
	if (cmdline)
		free(write_file("root/proc/cmdline", cmdline, strlen(cmdline)));
	setenv("LSMCONFIG_ROOT", root, 1);
	return root;
}

/* lsmctl boot's SELinux item: the configured policy, as /etc/selinux/config says. */
static struct fixture *boot_selinux(const char *config, const char *cmdline, bool enforce,
				    int expect, struct lsmc_batch_item *out)
{
	char *root = selinux_root(config, cmdline);
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_batch *b;

	unsetenv("LSMCONFIG_ROOT"); /* the context has read it */
	f->m->selinux_enforce = enforce;
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SELINUX, NULL, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), expect);
	*out = item(b, 0);
	out->path = NULL;
	out->message = NULL;
	lsmc_batch_free(b);
	free(root);
	return f;
}

static void test_selinux_config(void **state)
{
	struct lsmc_batch_item it;
	struct fixture *f;
	struct stat st;

	assert_int_equal(stat(TEST_DATA_DIR "/selinux-minimal.33", &st), 0);

	/* disabled: nothing loaded, reported skipped, not failed */
	f = boot_selinux("# no SELinux\nSELINUX=disabled\nSELINUXTYPE=lsmctest\n", NULL, true, 0,
			 &it);
	assert_true(it.skipped);
	assert_int_equal(it.status, 0);
	assert_int_equal(f->m->selinux_loads, 0);
	assert_true(f->m->selinux_enforce);
	fixture_free(f);

	/* permissive: SELINUXTYPE's policy, then the mode */
	f = boot_selinux("SELINUX=permissive\n  SELINUXTYPE=lsmctest  \n", NULL, true, 0, &it);
	assert_false(it.skipped);
	assert_int_equal(f->m->selinux_loads, 1);
	assert_int_equal(f->m->selinux_policy_len, (size_t)st.st_size);
	assert_false(f->m->selinux_enforce);
	fixture_free(f);

	/* enforcing, in any case */
	f = boot_selinux("SELINUX=Enforcing\nSELINUXTYPE=lsmctest\n", NULL, false, 0, &it);
	assert_int_equal(f->m->selinux_loads, 1);
	assert_true(f->m->selinux_enforce);
	fixture_free(f);

	/* enforcing=0 on the kernel command line wins over the file */
	f = boot_selinux("SELINUX=enforcing\nSELINUXTYPE=lsmctest\n", "quiet enforcing=0 ro\n",
			 true, 0, &it);
	assert_int_equal(f->m->selinux_loads, 1);
	assert_false(f->m->selinux_enforce);
	fixture_free(f);

	/* another type: its (broken) policy is the one checked, nothing loads */
	f = boot_selinux("SELINUX=enforcing\nSELINUXTYPE=other\n", NULL, false, -EINVAL, &it);
	assert_int_equal(f->m->selinux_loads, 0);
	assert_false(f->m->selinux_enforce);
	fixture_free(f);

	/* a mode that is none */
	f = boot_selinux("SELINUX=enforce\nSELINUXTYPE=lsmctest\n", NULL, false, -EINVAL, &it);
	assert_int_equal(f->m->selinux_loads, 0);
	fixture_free(f);
}

static void test_dry_run(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	char *aa = aa_file("dry.bin", "dry");
	char *sm = smack_file("dry.rules", 0, 5);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, aa, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, sm, NULL), 0);
	model_reset_calls(f->m);
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_DRY_RUN, NULL), 0);
	assert_int_equal(item(b, 0).status, 0);
	assert_int_equal(item(b, 1).status, 0);
	assert_false(model_aa_has_profile(f->m, NULL, "dry"));
	assert_int_equal(model_smack_rule_count(f->m), 0);
	assert_int_equal(f->m->n_writes, 0);
	lsmc_batch_free(b);
	free(aa);
	free(sm);
	fixture_free(f);
}

static void test_cache_directory(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_batch *b;
	char *dir = NULL, *p1, *p2;

	assert_true(asprintf(&dir, "%s/cache", tmpdir) > 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	p1 = aa_file("cache/x", "cx");
	p2 = aa_file("cache/y", "cy");
	free(write_file("cache/.features", "ignored", 7));
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, dir, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0);
	assert_int_equal(item(b, 0).items, 2);
	assert_true(model_aa_has_profile(f->m, NULL, "cx"));
	assert_true(model_aa_has_profile(f->m, NULL, "cy"));
	lsmc_batch_free(b);
	free(dir);
	free(p1);
	free(p2);
	fixture_free(f);
}

/* libapparmor is opened only to name a cache's features subdirectory:
 * without it, a flat cache still loads, and a cache whose policy is in
 * such a subdirectory fails naming the library and its package. */
static void test_cache_without_libapparmor(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_batch *b;
	char *flat = NULL, *nested = NULL, *sub = NULL, *p1, *p2;

	lsmc_aa_cache_set_soname("libapparmor-missing.so.1");
	assert_true(asprintf(&flat, "%s/flat-cache", tmpdir) > 0);
	assert_int_equal(mkdir(flat, 0755), 0);
	p1 = aa_file("flat-cache/x", "fx");
	assert_true(asprintf(&nested, "%s/nested-cache", tmpdir) > 0);
	assert_int_equal(mkdir(nested, 0755), 0);
	assert_true(asprintf(&sub, "%s/0123abcd.0", nested) > 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	p2 = aa_file("nested-cache/0123abcd.0/y", "fy");

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, flat, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0);
	assert_true(model_aa_has_profile(f->m, NULL, "fx"));
	lsmc_batch_free(b);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, nested, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -ENOENT);
	assert_int_equal(item(b, 0).status, -ENOENT);
	assert_non_null(strstr(item(b, 0).message, "libapparmor-missing.so.1 cannot be loaded"));
	assert_non_null(strstr(item(b, 0).message, "package libapparmor1"));
	assert_false(model_aa_has_profile(f->m, NULL, "fy"));
	lsmc_batch_free(b);

	lsmc_aa_cache_set_soname(NULL);
	free(flat);
	free(nested);
	free(sub);
	free(p1);
	free(p2);
	fixture_free(f);
}

/* With the library present, dlopen() finds it and its functions; only the
 * kernel's features may be missing (a host without AppArmor). */
static void test_cache_preview_with_libapparmor(void **state)
{
	char why[256], *path = NULL;
	int r;

	(void)state;
#if !HAVE_LIBAPPARMOR
	skip_because("built without libapparmor");
#endif
	r = lsmc_aa_cache_preview("/var/cache/apparmor", &path, why, sizeof(why));
	if (r == -EOPNOTSUPP)
		fail_msg("libapparmor was not opened: %s", why);
	if (r == 0) {
		assert_non_null(strstr(path, "/var/cache/apparmor/"));
		free(path);
	} else {
		assert_null(path);
		assert_non_null(strstr(why, "features cannot be read"));
	}
}

static void test_kernel_failure_and_continue(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	char *aa = aa_file("k.bin", "k");
	char *sm = smack_file("k.rules", 0, 5);

	f->m->aa_policy_locked = true; /* the kernel refuses AppArmor loads */
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, aa, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, sm, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EACCES);
	assert_int_equal(item(b, 1).status, -ECANCELED);
	assert_int_equal(model_smack_rule_count(f->m), 0);
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -EACCES);
	assert_int_equal(item(b, 0).status, -EACCES);
	assert_int_equal(item(b, 1).status, 0);
	assert_int_equal(model_smack_rule_count(f->m), 5);
	lsmc_batch_free(b);
	free(aa);
	free(sm);
	fixture_free(f);
}

/* The kernel takes the first header's namespace for a whole write: files
 * for different namespaces go as one set each, never together. */
static void test_set_per_namespace(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_result total = {.sz = sizeof(total)};
	struct lsmc_batch *b;
	char *plain = aa_file_ns("plain.bin", NULL, "plain", 7);
	char *ns = aa_file_ns("ns.bin", "ctr", "web", 7);
	char *plain2 = aa_file_ns("plain2.bin", NULL, "plain2", 7);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, plain, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, ns, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, plain2, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, &total), 0);
	assert_true(model_aa_has_profile(f->m, NULL, "plain"));
	assert_true(model_aa_has_profile(f->m, NULL, "plain2"));
	assert_true(model_aa_has_profile(f->m, "ctr", "web"));
	assert_false(model_aa_has_profile(f->m, "ctr", "plain"));
	assert_false(model_aa_has_profile(f->m, NULL, "web"));
	assert_int_equal(total.kernel_calls, 2);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(item(b, i).status, 0);
		assert_int_equal(item(b, i).items, 1); /* its own profiles, not the set's */
		assert_true(item(b, i).atomic);
	}
	lsmc_batch_free(b);
	free(plain);
	free(ns);
	free(plain2);
	fixture_free(f);
}

/* The kernel running out of memory on the second set is the kernel's
 * failure, not the library's: the first set stays loaded and reported so,
 * and the file that failed carries the error, not "not attempted". */
static void test_kernel_enomem_on_second_set(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_batch *b;
	char *ns = aa_file_ns("ns.bin", "ctr", "web", 7);
	char *plain = aa_file_ns("plain.bin", NULL, "plain", 7);
	char *plain2 = aa_file_ns("plain2.bin", NULL, "plain2", 7);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, ns, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, plain, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, plain2, NULL), 0);
	f->m->fail_write_nth = 2;
	f->m->fail_write_errno = ENOMEM;
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -ENOMEM);
	assert_true(model_aa_has_profile(f->m, "ctr", "web"));
	assert_false(model_aa_has_profile(f->m, NULL, "plain"));
	assert_int_equal(item(b, 0).status, 0);
	assert_int_equal(item(b, 1).status, -ENOMEM);
	/* without set loads the files go one by one: the failure stops the rest */
	assert_int_equal(item(b, 2).status, -ECANCELED);
	assert_non_null(strstr(item(b, 1).message, "Cannot allocate memory"));
	lsmc_batch_free(b);
	free(ns);
	free(plain);
	free(plain2);
	fixture_free(f);
}

/* Where apparmorfs lists the policy versions, a file of a format the kernel
 * does not take is refused before the first write, the whole set with it;
 * Linux 6.1 lists v9 without permstable32 and takes up to v8. */
static void test_versions_listed(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	char *good = aa_file_ns("good.bin", NULL, "good", 7);
	char *bad = aa_file_ns("bad.bin", NULL, "bad", 9);
	char *good2 = aa_file_ns("good2.bin", NULL, "good2", 7);
	struct lsmc_error err = {.sz = sizeof(err)};
	const char *msg;

	(void)state;
	f->m->aa_versions_listed = 0x3e0; /* v5..v9 */
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, good, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, bad, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, good2, NULL), 0);
	model_reset_calls(f->m);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EPROTONOSUPPORT);
	assert_int_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], 0);
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(model_aa_profile_count(f->m, NULL), 0);
	msg = item(b, 1).message;
	assert_non_null(strstr(msg, "bad.bin"));
	assert_non_null(strstr(msg, "format v9"));
	assert_non_null(strstr(msg, "takes v5 v6 v7 v8)"));
	assert_int_equal(lsmc_get_last_error(f->ctx, &err), 0);
	assert_int_equal(err.error, -EPROTONOSUPPORT);
	assert_non_null(
		strstr(err.hint, "apparmor_parser -M /sys/kernel/security/apparmor/features"));

	/* a kernel that announces permstable32 takes the v9 file */
	f->m->aa_permstable32 = true;
	f->m->aa_abi_max = 9;
	lsmc_probe_reset(f->ctx); /* another kernel: what the context read is stale */
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0);
	assert_true(model_aa_has_profile(f->m, NULL, "bad"));
	assert_int_equal(model_aa_profile_count(f->m, NULL), 3);

	/* a version the kernel does not list at all */
	f->m->aa_versions_listed = 0x1e0; /* v5..v8 */
	lsmc_probe_reset(f->ctx);
	model_reset_calls(f->m);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EPROTONOSUPPORT);
	assert_int_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], 0);
	assert_non_null(strstr(item(b, 1).message, "takes v5 v6 v7 v8)"));

	/* no list: the static bound lets v9 through and the kernel decides */
	f->m->aa_versions_listed = 0;
	f->m->aa_abi_max = 8;
	lsmc_probe_reset(f->ctx);
	model_reset_calls(f->m);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EPROTONOSUPPORT);
	assert_int_not_equal(f->m->calls[MODEL_IF_SYSTEM_POLICY], 0);
	lsmc_batch_free(b);
	free(good);
	free(bad);
	free(good2);
	fixture_free(f);
}

/* The same check on the pseudo-filesystem, one buffer: nothing written. */
static void test_versions_fs_only(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	const char *names[] = {"x"};
	size_t bl;
	uint8_t *v9 = model_aa_blob(NULL, names, 1, 9, 0, &bl);
	uint8_t *v8 = model_aa_blob(NULL, names, 1, 8, 0, &bl);
	struct lsmc_error err = {.sz = sizeof(err)};

	(void)state;
	f->m->aa_versions_listed = 0x3e0;
	model_reset_calls(f->m);
	assert_int_equal(lsmc_apparmor_load(f->ctx, v9, bl, NULL, NULL), -EPROTONOSUPPORT);
	assert_int_equal(f->m->n_writes, 0);
	assert_int_not_equal(f->m->calls[MODEL_IF_LISTDIR], 0);
	assert_int_equal(lsmc_get_last_error(f->ctx, &err), 0);
	assert_int_equal(err.error, -EPROTONOSUPPORT);
	assert_non_null(strstr(err.message, "format v9"));
	assert_non_null(strstr(err.interface, "buffer"));
	assert_int_equal(lsmc_apparmor_load(f->ctx, v8, bl, NULL, NULL), 0);
	assert_true(model_aa_has_profile(f->m, NULL, "x"));
	/* read once per context: a load per file must not list the directory
	 * and read each version file every time */
	model_reset_calls(f->m);
	assert_int_equal(lsmc_apparmor_load(f->ctx, v8, bl, NULL, NULL), 0);
	assert_int_equal(lsmc_apparmor_load(f->ctx, v8, bl, NULL, NULL), 0);
	assert_int_equal(f->m->calls[MODEL_IF_LISTDIR], 0);
	free(v9);
	free(v8);
	fixture_free(f);
}

/* A set the kernel refuses loads nothing and names no file; with CONTINUE
 * the files go one by one, the good ones load and the bad one is named. */
static void test_refused_set(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_batch *b;
	/* v9 passes the inspector; the model, like Linux 6.1, takes up to v8 */
	char *good = aa_file_ns("good.bin", NULL, "good", 7);
	char *bad = aa_file_ns("bad.bin", NULL, "bad", 9);
	char *good2 = aa_file_ns("good2.bin", NULL, "good2", 7);

	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, good, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, bad, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_APPARMOR, good2, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), -EPROTONOSUPPORT);
	assert_int_equal(model_aa_profile_count(f->m, NULL), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(item(b, i).status, -EPROTONOSUPPORT);
		assert_non_null(strstr(item(b, i).message, "refused the set of 3 files"));
	}

	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -EPROTONOSUPPORT);
	assert_true(model_aa_has_profile(f->m, NULL, "good"));
	assert_true(model_aa_has_profile(f->m, NULL, "good2"));
	assert_false(model_aa_has_profile(f->m, NULL, "bad"));
	assert_int_equal(item(b, 0).status, 0);
	assert_int_equal(item(b, 1).status, -EPROTONOSUPPORT);
	assert_null(strstr(item(b, 1).message, "refused the set"));
	assert_int_equal(item(b, 2).status, 0);
	lsmc_batch_free(b);
	free(good);
	free(bad);
	free(good2);
	fixture_free(f);
}

static void test_arguments(void **state)
{
	struct fixture *f = fixture_new(NULL);
	struct lsmc_batch *b;
	struct lsmc_batch_item it = {.sz = sizeof(it)};

	assert_int_equal(lsmc_batch_new(NULL, &b), -EINVAL);
	assert_int_equal(lsmc_batch_new(f->ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSM_ID_YAMA, "/x", NULL), -EINVAL);
	assert_int_equal(lsmc_batch_add(b, LSMC_LSM_SMACK, NULL, NULL), -EINVAL);
	assert_int_equal(lsmc_batch_run(b, 0x80, NULL), -EINVAL);
	assert_int_equal(lsmc_batch_get(b, 0, &it), -EINVAL);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0); /* nothing to do */
	lsmc_batch_free(b);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_lsms_one_pass),
		cmocka_unit_test(test_invalid_item_stops_everything),
		cmocka_unit_test(test_selinux_loads_checked_bytes),
		cmocka_unit_test(test_smack_typo_stops_before_any_load),
		cmocka_unit_test(test_smack_empty_files_load),
		cmocka_unit_test(test_smack_require_atomic_alone),
		cmocka_unit_test(test_selinux_config),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_cache_directory),
		cmocka_unit_test(test_cache_without_libapparmor),
		cmocka_unit_test(test_cache_preview_with_libapparmor),
		cmocka_unit_test(test_kernel_failure_and_continue),
		cmocka_unit_test(test_set_per_namespace),
		cmocka_unit_test(test_kernel_enomem_on_second_set),
		cmocka_unit_test(test_refused_set),
		cmocka_unit_test(test_versions_listed),
		cmocka_unit_test(test_versions_fs_only),
		cmocka_unit_test(test_arguments),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

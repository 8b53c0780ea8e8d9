/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The typed loaders through the kernel model: validation first, then delivery. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "format/smack-rules.h"

static const char *const two_profiles[] = {"alpha", "beta"};

static char tmpdir[] = "/tmp/lsmc-test-load-XXXXXX";

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

static const char *write_file(const char *name, const void *data, size_t len)
{
	static char paths[8][256];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static struct lsmc_result result(void)
{
	return (struct lsmc_result){.sz = sizeof(struct lsmc_result)};
}

/* ---- AppArmor ---- */

static void test_apparmor_buffer(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_result res = result();
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, two_profiles, 2, 7, 0, &len);

	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, NULL, &res), 0);
	assert_int_equal(res.items, 2);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_true(res.atomic);
	assert_true(model_aa_has_profile(f->m, NULL, "alpha"));
	assert_true(model_aa_has_profile(f->m, NULL, "beta"));
	free(blob);
	fixture_free(f);
}

static void test_apparmor_refuses_bad_input(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_result res = result();
	const char text[] = "profile foo /usr/bin/foo {\n  /etc/** r,\n}\n";
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, two_profiles, 2, 7, 0, &len);

	assert_int_equal(lsmc_apparmor_load(f->ctx, text, sizeof(text) - 1, NULL, &res), -ENOEXEC);
	assert_hint_contains(f->ctx, "apparmor_parser");
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len - 7, NULL, &res), -EPROTO);
	assert_int_equal(lsmc_apparmor_load(f->ctx, "\x01\x02garbage", 9, NULL, &res),
			 -EPROTONOSUPPORT);
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, 0, NULL, &res), -EINVAL);
	/* Nothing reached the kernel. */
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(model_aa_profile_count(f->m, NULL), 0);
	free(blob);
	fixture_free(f);
}

static void test_apparmor_files_as_one_set(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_result res = result();
	size_t l1, l2;
	uint8_t *b1 = model_aa_blob(NULL, &two_profiles[0], 1, 7, 0, &l1);
	uint8_t *b2 = model_aa_blob(NULL, &two_profiles[1], 1, 7, 0, &l2);
	const char *paths[2];

	paths[0] = write_file("a.bin", b1, l1);
	paths[1] = write_file("b.bin", b2, l2);
	model_reset_calls(f->m);
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 2, NULL, &res), 0);
	assert_true(res.atomic);
	assert_int_equal(res.items, 2);
	assert_int_equal(res.parts, 2);
	assert_int_equal(res.kernel_calls, 1); /* one syscall for the whole set */
	assert_int_equal(f->m->last_call.size, l1 + l2 + 1);
	/* "<ns>\0" then the files in order, built in place in the read buffer. */
	assert_int_equal(f->m->last_call.data[0], '\0');
	assert_memory_equal(f->m->last_call.data + 1, b1, l1);
	assert_memory_equal(f->m->last_call.data + 1 + l1, b2, l2);
	assert_true(model_aa_has_profile(f->m, NULL, "alpha"));
	assert_true(model_aa_has_profile(f->m, NULL, "beta"));
	free(b1);
	free(b2);
	fixture_free(f);
}

static void test_apparmor_files_validated_before_any_write(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_result res = result();
	size_t l1;
	uint8_t *b1 = model_aa_blob(NULL, &two_profiles[0], 1, 7, 0, &l1);
	const char *paths[3];
	struct lsmc_error e;

	paths[0] = write_file("good.bin", b1, l1);
	paths[1] = write_file("cut.bin", b1, l1 / 2);
	paths[2] = paths[0];
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 3, NULL, &res), -EPROTO);
	e = last_error(f->ctx);
	assert_non_null(strstr(e.interface, "cut.bin"));
	assert_int_equal(f->m->n_writes, 0);
	paths[1] = tmpdir;
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 2, NULL, &res), -EISDIR);
	paths[1] = "/nonexistent/policy.bin";
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 2, NULL, &res), -ENOENT);
	assert_non_null(strstr(last_error(f->ctx).interface, "/nonexistent/policy.bin"));
	paths[1] = write_file("empty.bin", "", 0);
	assert_int_equal(lsmc_apparmor_load_files(f->ctx, paths, 2, NULL, &res), -ENODATA);
	assert_int_equal(f->m->n_writes, 0);
	free(b1);
	fixture_free(f);
}

static void test_apparmor_namespace(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .ns = "ctr"};
	struct lsmc_result res = result();
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, two_profiles, 1, 7, 0, &len);

	/* Loading into a namespace that does not exist says so, changes nothing. */
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, &opts, &res), -ENOENT);
	assert_hint_contains(f->ctx, "ns create");
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "ctr"), 0);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "ctr"), -EEXIST);
	assert_int_equal(lsmc_apparmor_ns_create(f->ctx, "outer//inner"), 0);
	assert_true(model_aa_ns_exists(f->m, "outer//inner"));
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, &opts, &res), 0);
	assert_true(model_aa_has_profile(f->m, "ctr", "alpha"));
	assert_false(model_aa_has_profile(f->m, NULL, "alpha"));
	opts.ns = "../escape";
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, &opts, &res), -EINVAL);
	free(blob);
	fixture_free(f);
}

static void test_apparmor_remove(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_result res = result();

	assert_int_equal(model_aa_add_profile(f->m, NULL, "gone", "enforce"), 0);
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "gone", NULL, &res), 0);
	assert_false(model_aa_has_profile(f->m, NULL, "gone"));
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "gone", NULL, &res), -ENOENT);
	lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL);
	assert_int_equal(lsmc_apparmor_remove(f->ctx, "x", NULL, &res), -EOPNOTSUPP);
	assert_hint_contains(f->ctx, "--backend fs");
	fixture_free(f);
}

static void test_apparmor_stack(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_result res = result();

	assert_int_equal(model_aa_add_profile(f->m, NULL, "jail", "enforce"), 0);
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "jail", &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_SYSCALL);
	assert_int_equal(res.items, 1);
	assert_int_equal(res.parts, 1); /* as lsmc_apparmor_stack_onexec gives */
	assert_string_equal(model_aa_stack(f->m, 0), "jail");
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "nope", &res), -ENOENT);
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "", &res), -EINVAL);
	assert_int_equal(lsmc_apparmor_stack(f->ctx, "two\nlines", &res), -EINVAL);
	{
		char longname[600];
		memset(longname, 'n', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		assert_int_equal(lsmc_apparmor_stack(f->ctx, longname, &res), -E2BIG);
	}
	fixture_free(f);
}

static void test_dry_run_changes_nothing(void **state)
{
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .dry_run = true};
	struct lsmc_result res = result();
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, two_profiles, 2, 7, 0, &len);

	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, &opts, &res), 0);
	assert_int_equal(res.items, 2);
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(model_aa_profile_count(f->m, NULL), 0);
	free(blob);
	fixture_free(f);
}

static void test_old_short_opts_struct(void **state)
{
	/* A caller compiled when the struct ended after scope gets defaults after it. */
	struct fixture *f = fixture_new(model_preset_apparmor_fs_only);
	struct lsmc_load_opts opts;
	struct lsmc_result res = {.sz = offsetof(struct lsmc_result, atomic)};
	size_t len;
	uint8_t *blob = model_aa_blob(NULL, two_profiles, 2, 7, 0, &len);

	memset(&opts, 0xff, sizeof(opts));
	opts.sz = offsetof(struct lsmc_load_opts, ns);
	opts.scope = LSMC_SCOPE_SYSTEM;
	res.atomic = false;
	assert_int_equal(lsmc_apparmor_load(f->ctx, blob, len, &opts, &res), 0);
	assert_false(res.atomic); /* beyond the caller's sz: untouched */
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	free(blob);
	fixture_free(f);
}

/* ---- SELinux ---- */

static uint8_t *read_fixture(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("fixture %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_selinux(void **state)
{
	/* A real policy built by checkpolicy (tests/data), not a synthetic one. */
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_result res = result();
	struct lsmc_load_opts self = {.sz = sizeof(self), .scope = LSMC_SCOPE_SELF};
	size_t len;
	uint8_t *pol = read_fixture("selinux-minimal.33", &len);
	uint8_t *newer = malloc(len);
	const char *path = write_file("policy.33", pol, len);
	uint32_t v = 34;

	assert_int_equal(lsmc_selinux_load_file(f->ctx, path, NULL, &res), 0);
	assert_int_equal(res.items, 1);
	assert_true(res.atomic);
	assert_int_equal(f->m->selinux_loads, 1);
	assert_int_equal(f->m->selinux_policy_len, len);
	/* Newer than the kernel's policyvers (33): refused before the write.
	 * The version follows magic, length and "SE Linux" (byte 16). */
	memcpy(newer, pol, len);
	memcpy(newer + 16, &v, 4);
	assert_true(lsmc_selinux_load(f->ctx, newer, len, NULL, &res) < 0);
	assert_hint_contains(f->ctx, "checkpolicy");
	/* Wrong magic, truncated. */
	assert_true(lsmc_selinux_load(f->ctx, pol, 40, NULL, &res) < 0);
	pol[0] ^= 0xff;
	assert_int_equal(lsmc_selinux_load(f->ctx, pol, len, NULL, &res), -EINVAL);
	assert_int_equal(lsmc_selinux_load(f->ctx, pol, len, &self, &res), -EOPNOTSUPP);
	assert_int_equal(f->m->selinux_loads, 1);
	assert_int_equal(f->m->n_writes, 1);
	free(pol);
	free(newer);
	fixture_free(f);
}

/* ---- Smack ---- */

static void test_smack_ruleset_building(void **state)
{
	struct lsmc_smack_ruleset *rs;

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "Subj", "Obj", "rw"), 0);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "Sl/ash", "Obj", "r"), -EINVAL);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), "Sl/ash"));
	assert_int_equal(lsmc_smack_ruleset_add(rs, "Subj", "Obj", "rq"), -EINVAL);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "-dash", "Obj", "r"), -EINVAL);
	assert_int_equal(lsmc_smack_ruleset_change(rs, "Subj", "Obj", "r", "-"), -EINVAL);
	assert_int_equal(lsmc_smack_ruleset_count(rs), 1);
	assert_int_equal(lsmc_smack_ruleset_parse(rs, "# c\nA B rwx\n\nC D -\n", 19, "mem"), 0);
	assert_int_equal(lsmc_smack_ruleset_count(rs), 3);
	assert_int_equal(lsmc_smack_ruleset_parse(rs, "A B rwx\nE F qr\n", 15, "bad.rules"),
			 -EINVAL);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), "bad.rules:2"));
	assert_int_equal(lsmc_smack_ruleset_count(rs), 3); /* nothing added from a bad file */
	lsmc_smack_ruleset_free(rs);
}

static struct lsmc_smack_ruleset *ruleset_of(size_t n)
{
	struct lsmc_smack_ruleset *rs;
	char s[32], o[32];

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "subject%05zu", i);
		snprintf(o, sizeof(o), "object%05zu", i);
		assert_int_equal(lsmc_smack_ruleset_add(rs, s, o, "rwx"), 0);
	}
	return rs;
}

static void test_smack_load(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_smack_ruleset *rs = ruleset_of(400);
	struct lsmc_result res = result();

	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), 0);
	assert_int_equal(res.items, 400);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_false(res.atomic);
	assert_true(res.bytes > 4096);
	assert_true(res.kernel_calls >= 2);
	assert_null(res.interface); /* set for AppArmor stacking only */
	assert_int_equal(model_smack_rule_count(f->m), 400);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void check_rollback(struct model *m, struct lsmc_ctx *ctx)
{
	struct lsmc_smack_ruleset *rs = ruleset_of(400);
	struct lsmc_result res = result();
	struct lsmc_error e;

	/* Existing rules, some of which the set changes. */
	assert_int_equal(model_smack_set_rule(m, "subject00000", "object00000", "r"), 0);
	assert_int_equal(model_smack_set_rule(m, "subject00399", "object00399", "a"), 0);
	assert_int_equal(model_smack_set_rule(m, "other", "thing", "w"), 0);
	m->fail_write_nth = 3; /* the third window fails */
	m->fail_write_errno = ENOMEM;
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, &res), -ENOMEM);
	assert_true(res.rolled_back);
	e = last_error(ctx);
	assert_non_null(strstr(e.message, "rolled back"));
	/* Exactly as before: old rules back, new pairs without access. */
	assert_int_equal(model_smack_rule(m, "subject00000", "object00000"), MODEL_SMK_READ);
	assert_int_equal(model_smack_rule(m, "subject00399", "object00399"), MODEL_SMK_APPEND);
	assert_int_equal(model_smack_rule(m, "other", "thing"), MODEL_SMK_WRITE);
	for (size_t i = 1; i < 399; i += 37) {
		char s[32], o[32];
		int a;
		snprintf(s, sizeof(s), "subject%05zu", i);
		snprintf(o, sizeof(o), "object%05zu", i);
		a = model_smack_rule(m, s, o);
		assert_true(a <= 0); /* absent or no access */
	}
	lsmc_smack_ruleset_free(rs);
}

/* The set's text is what rendering makes of it, however the set was built. */
static void assert_kept_text(const struct lsmc_smack_ruleset *rs)
{
	const struct lsmc_smack_rules *set = lsmc_smack_ruleset_rules(rs);
	const char *kept;
	char *rendered = NULL;
	size_t len = 0, rlen = 0;

	assert_non_null(set);
	kept = lsmc_smack_rules_text(set, &len);
	assert_non_null(kept);
	assert_int_equal(lsmc_smack_rules_render(set, &rendered, &rlen), 0);
	assert_int_equal(len, rlen);
	assert_memory_equal(kept, rendered, len);
	free(rendered);
}

static void test_smack_ruleset_text_kept(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_smack_ruleset *rs, *more, *changes, *changes2;
	size_t len;

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_parse(rs, "A B rw\nC D r\nA B rwxa\n", 22, "one"), 0);
	assert_kept_text(rs);
	/* added after a parse, replacing with another length */
	assert_int_equal(lsmc_smack_ruleset_add(rs, "C", "D", "rwxatl"), 0);
	assert_kept_text(rs);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "E", "F", "x"), 0);
	/* a second file into the same set, with a pair the first named */
	assert_int_equal(lsmc_smack_ruleset_parse(rs, "A B -\nG H rw\n", 13, "two"), 0);
	assert_kept_text(rs);
	/* merged */
	assert_int_equal(lsmc_smack_ruleset_new(&more), 0);
	assert_int_equal(lsmc_smack_ruleset_add(more, "G", "H", "rwxatlb"), 0);
	assert_int_equal(lsmc_smack_ruleset_add(more, "I", "J", "b"), 0);
	assert_int_equal(lsmc_smack_ruleset_merge(rs, more), 0);
	assert_kept_text(rs);
	assert_string_equal(lsmc_smack_rules_text(lsmc_smack_ruleset_rules(rs), &len),
			    "A B -\nC D rwxatl\nE F x\nG H rwxatlb\nI J b\n");
	/* and that is what the kernel gets */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, NULL), 0);
	assert_int_equal(model_smack_rule(f->m, "A", "B"), 0);
	assert_int_equal(model_smack_rule(f->m, "G", "H"),
			 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC | MODEL_SMK_APPEND |
				 MODEL_SMK_TRANSMUTE | MODEL_SMK_LOCK | MODEL_SMK_BRINGUP);
	assert_int_equal(model_smack_rule(f->m, "I", "J"), MODEL_SMK_BRINGUP);

	/* change sets keep every line */
	assert_int_equal(lsmc_smack_ruleset_new(&changes), 0);
	assert_int_equal(lsmc_smack_ruleset_change(changes, "A", "B", "r", "-"), 0);
	assert_int_equal(lsmc_smack_ruleset_change(changes, "A", "B", "-", "r"), 0);
	assert_int_equal(lsmc_smack_ruleset_new(&changes2), 0);
	assert_int_equal(lsmc_smack_ruleset_parse(changes2, "A B wx -\n", 9, "three"), 0);
	assert_int_equal(lsmc_smack_ruleset_merge(changes, changes2), 0);
	assert_kept_text(changes);
	assert_string_equal(lsmc_smack_rules_text(lsmc_smack_ruleset_rules(changes), &len),
			    "A B r -\nA B - r\nA B wx -\n");
	assert_int_equal(lsmc_smack_load(f->ctx, changes, NULL, NULL), 0);
	assert_int_equal(model_smack_rule(f->m, "A", "B"), MODEL_SMK_WRITE | MODEL_SMK_EXEC);
	lsmc_smack_ruleset_free(changes2);
	lsmc_smack_ruleset_free(changes);
	lsmc_smack_ruleset_free(more);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

/*
 * A listing longer than the reader's buffer (lines cut between reads), a
 * set whose text was built again after replacements: a failure part-way
 * puts every pair back exactly as it was listed.
 */
static void test_smack_rollback_long_listing(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	static const char *const acc[] = {"r", "rw", "rwx", "a", "lb", "t", "rwxatlb"};
	struct lsmc_smack_ruleset *rs;
	struct lsmc_result res = result();
	const size_t n = 3000;
	char *text = malloc(n * 80), s[32], o[32];
	size_t used = 0;

	assert_non_null(text);
	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "subject-with-a-long-name%05zu", i);
		snprintf(o, sizeof(o), "object%05zu", i % 97);
		if (i % 4 != 3) /* listed before the load: about 90 kB */
			assert_int_equal(model_smack_set_rule(f->m, s, o, acc[i % 7]), 0);
		used += (size_t)sprintf(text + used, "%s %s %s\n", s, o, acc[(i + 1) % 7]);
		if (i % 5 == 0) /* named twice, another length the second time */
			used += (size_t)sprintf(text + used, "%s %s %s\n", s, o, acc[(i + 2) % 7]);
	}
	assert_int_equal(lsmc_smack_ruleset_parse(rs, text, used, "long"), 0);
	assert_kept_text(rs);
	f->m->smack_rules_applied = 0;
	f->m->smack_fail_after_rules = 2500;
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), -ENOMEM);
	assert_true(res.rolled_back);
	for (size_t i = 0; i < n; i++) {
		unsigned int want = 0;

		snprintf(s, sizeof(s), "subject-with-a-long-name%05zu", i);
		snprintf(o, sizeof(o), "object%05zu", i % 97);
		if (i % 4 != 3) {
			for (const char *c = acc[i % 7]; *c; c++)
				want |= *c == 'r'   ? MODEL_SMK_READ
					: *c == 'w' ? MODEL_SMK_WRITE
					: *c == 'x' ? MODEL_SMK_EXEC
					: *c == 'a' ? MODEL_SMK_APPEND
					: *c == 't' ? MODEL_SMK_TRANSMUTE
					: *c == 'l' ? MODEL_SMK_LOCK
						    : MODEL_SMK_BRINGUP;
			assert_int_equal(model_smack_rule(f->m, s, o), want);
		} else {
			assert_true(model_smack_rule(f->m, s, o) <= 0);
		}
	}
	free(text);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void test_smack_rollback_fs(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);

	check_rollback(f->m, f->ctx);
	fixture_free(f);
}

static void test_smack_rollback_syscall(void **state)
{
	/* Through the syscall: the kernel fails in the middle of the second
	 * window, after applying part of it; everything must be undone. */
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_smack_ruleset *rs = ruleset_of(300);
	struct lsmc_result res = result();

	assert_int_equal(model_smack_set_rule(f->m, "subject00000", "object00000", "l"), 0);
	f->m->smack_rules_applied = 0;
	f->m->smack_fail_after_rules = 200; /* windows hold about 140 rules */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), -ENOMEM);
	assert_int_equal(res.backend, LSMC_BACKEND_SYSCALL);
	assert_true(res.rolled_back);
	assert_int_equal(model_smack_rule(f->m, "subject00000", "object00000"), MODEL_SMK_LOCK);
	assert_true(model_smack_rule(f->m, "subject00150", "object00150") <= 0);
	assert_true(model_smack_rule(f->m, "subject00199", "object00199") <= 0);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void test_smack_rollback_inside_first_window(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_smack_ruleset *rs = ruleset_of(50);
	struct lsmc_result res = result();

	f->m->smack_fail_after_rules = 20; /* the first window fails after 20 rules */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), -ENOMEM);
	assert_true(res.rolled_back);
	assert_true(model_smack_rule(f->m, "subject00005", "object00005") <= 0);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

/*
 * A task's own "-" rule denies everything, yet the kernel does not list it.
 * A failed self load must not turn it into "rwxatlb", nor give a pair the
 * load never reached a rule at all.
 */
static void test_smack_self_rollback_never_loosens(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_load_opts self = {.sz = sizeof(self), .scope = LSMC_SCOPE_SELF};
	struct lsmc_smack_ruleset *before, *rs = NULL;
	struct lsmc_result res = result();
	char s[32], o[32];

	assert_int_equal(lsmc_smack_ruleset_new(&before), 0);
	assert_int_equal(lsmc_smack_ruleset_add(before, "SelfA", "DenyAll", "-"), 0);
	assert_int_equal(lsmc_smack_ruleset_add(before, "SelfA", "Listed", "rx"), 0);
	assert_int_equal(lsmc_smack_load(f->ctx, before, &self, NULL), 0);
	assert_int_equal(model_smack_self_rule(f->m, "SelfA", "DenyAll"), 0);

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "SelfA", "DenyAll", "rwx"), 0);
	assert_int_equal(lsmc_smack_ruleset_add(rs, "SelfA", "Listed", "r"), 0);
	for (size_t i = 0; i < 600; i++) {
		snprintf(s, sizeof(s), "subject%05zu", i);
		snprintf(o, sizeof(o), "object%05zu", i);
		assert_int_equal(lsmc_smack_ruleset_add(rs, s, o, "r"), 0);
	}
	f->m->smack_rules_applied = 0;
	f->m->smack_fail_after_rules = 250; /* in the second window of about 190 rules */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, &self, &res), -ENOMEM);
	assert_true(res.rolled_back);
	/* listed before: back exactly; "-" before: still denies everything */
	assert_int_equal(model_smack_self_rule(f->m, "SelfA", "Listed"),
			 MODEL_SMK_READ | MODEL_SMK_EXEC);
	assert_int_equal(model_smack_self_rule(f->m, "SelfA", "DenyAll"), 0);
	/* applied over nothing the kernel listed: no access, never more */
	assert_int_equal(model_smack_self_rule(f->m, "subject00100", "object00100"), 0);
	/* in the failing window but not applied: untouched */
	assert_int_equal(model_smack_self_rule(f->m, "subject00300", "object00300"), -1);
	/* after the failing window: never sent, untouched */
	assert_int_equal(model_smack_self_rule(f->m, "subject00590", "object00590"), -1);
	assert_non_null(strstr(last_error(f->ctx).message, "does not list a deny-all"));
	lsmc_smack_ruleset_free(before);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void test_smack_eperm_changes_nothing(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_smack_ruleset *rs = ruleset_of(10);
	struct lsmc_result res = result();

	f->m->cap_mac_admin = false;
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), -EPERM);
	assert_false(res.rolled_back); /* nothing was applied, nothing to roll back */
	assert_int_equal(model_smack_rule_count(f->m), 0);
	assert_hint_contains(f->ctx, "CAP_MAC_ADMIN");
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void test_smack_self(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	struct lsmc_smack_ruleset *rs = ruleset_of(5);
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .scope = LSMC_SCOPE_SELF};
	struct lsmc_result res = result();

	f->m->cap_mac_admin = false; /* load-self2 needs no privilege */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, &opts, &res), 0);
	assert_true(model_smack_self_rule(f->m, "subject00001", "object00001") > 0);
	assert_int_equal(model_smack_rule_count(f->m), 0);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

/* The syscall wants CAP_MAC_ADMIN for a self load; load-self2 takes it from anyone. */
static void test_smack_self_eperm_falls_back(void **state)
{
	struct fixture *f = fixture_new(model_preset_all_syscalls);
	struct lsmc_smack_ruleset *rs = ruleset_of(5);
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .scope = LSMC_SCOPE_SELF};
	struct lsmc_result res = result();

	f->m->cap_mac_admin = false;
	assert_int_equal(lsmc_smack_load(f->ctx, rs, &opts, &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_int_equal(res.items, 5);
	assert_int_equal(res.kernel_calls, 2); /* the refused syscall, then one write */
	assert_true(model_smack_self_rule(f->m, "subject00001", "object00001") > 0);
	assert_int_equal(last_error(f->ctx).error, 0);

	/* A system load refused for privilege is reported, not retried. */
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), -EPERM);
	assert_int_equal(model_smack_rule_count(f->m), 0);

	/* Asked for the syscall, the caller gets the syscall's answer. */
	assert_int_equal(lsmc_set_backend(f->ctx, LSMC_BACKEND_SYSCALL), 0);
	assert_int_equal(lsmc_smack_load(f->ctx, rs, &opts, &res), -EPERM);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

static void test_smack_parse_file_errors(void **state)
{
	struct lsmc_smack_ruleset *rs;

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, "/nonexistent/rules"), -ENOENT);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), "/nonexistent/rules"));
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, tmpdir), -EISDIR);
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, write_file("r", "a b c d e\n", 10)),
			 -EINVAL);
	assert_non_null(strstr(lsmc_smack_ruleset_error(rs), ":1"));
	lsmc_smack_ruleset_free(rs);
}

/* A policy cut short keeps a good header: only reading all of it finds the
 * cut. The library's own walk does, with or without libsepol. */
static void test_selinux_truncated_refused_before_write(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_result res = result();
	size_t len;
	uint8_t *pol = read_fixture("selinux-minimal.33", &len);

	assert_true(len > 200);
	for (size_t cut = len - 1; cut > len - 200; cut -= 37) {
		assert_int_equal(lsmc_selinux_load(f->ctx, pol, cut, NULL, &res), -EINVAL);
		assert_non_null(strstr(last_error(f->ctx).message, "truncated at byte"));
	}
	assert_int_equal(f->m->n_writes, 0);
	assert_int_equal(lsmc_selinux_load(f->ctx, pol, len, NULL, &res), 0);
	assert_int_equal(f->m->selinux_loads, 1);
	free(pol);
	fixture_free(f);
}

/* A type count near 2^30 (one byte of selinux-minimal.33's changed) is
 * refused at once by the walk, before any write: libsepol, asked to read
 * it, allocates and loops for minutes (this test's timeout). */
static void test_selinux_huge_count_refused_at_once(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_result res = result();
	size_t len;
	uint8_t *pol = read_fixture("selinux-minimal.33", &len);

	/* the types table's u32 nprim is at byte 448: 2 types */
	assert_true(len > 452);
	assert_memory_equal(pol + 448, "\x02\x00\x00\x00", 4);
	pol[451] = 0x40;
	assert_int_equal(lsmc_selinux_load(f->ctx, pol, len, NULL, &res), -EINVAL);
	assert_non_null(strstr(last_error(f->ctx).message, "type-attribute map"));
	assert_int_equal(f->m->n_writes, 0);
	free(pol);
	fixture_free(f);
}

/* Bytes after the policy are the kernel's to ignore: the policy loads. */
static void test_selinux_trailing_bytes_load(void **state)
{
	struct fixture *f = fixture_new(model_preset_selinux_fs_only);
	struct lsmc_result res = result();
	size_t len;
	uint8_t *pol = read_fixture("selinux-minimal.33", &len);
	uint8_t *longer = malloc(len + 16);

	assert_non_null(longer);
	memcpy(longer, pol, len);
	memset(longer + len, 0, 16);
	assert_int_equal(lsmc_selinux_load(f->ctx, longer, len + 16, NULL, &res), 0);
	assert_int_equal(f->m->selinux_loads, 1);
	free(longer);
	free(pol);
	fixture_free(f);
}

/* Deployed systems ship empty and comment-only rule files: zero rules, no error. */
static void test_smack_empty_files_are_zero_rules(void **state)
{
	struct fixture *f = fixture_new(model_preset_smack_fs_only);
	static const char comments[] = "# nothing yet\n\n   # indented\n";
	struct lsmc_smack_ruleset *rs;
	struct lsmc_result res = result();

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_parse_file(rs, write_file("empty", "", 0)), 0);
	assert_int_equal(lsmc_smack_ruleset_parse_file(
				 rs, write_file("comments", comments, sizeof(comments) - 1)),
			 0);
	assert_int_equal(lsmc_smack_ruleset_count(rs), 0);
	assert_int_equal(lsmc_smack_load(f->ctx, rs, NULL, &res), 0);
	assert_int_equal(res.items, 0);
	assert_int_equal(res.kernel_calls, 0);
	assert_int_equal(model_smack_rule_count(f->m), 0);
	lsmc_smack_ruleset_free(rs);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apparmor_buffer),
		cmocka_unit_test(test_apparmor_refuses_bad_input),
		cmocka_unit_test(test_apparmor_files_as_one_set),
		cmocka_unit_test(test_apparmor_files_validated_before_any_write),
		cmocka_unit_test(test_apparmor_namespace),
		cmocka_unit_test(test_apparmor_remove),
		cmocka_unit_test(test_apparmor_stack),
		cmocka_unit_test(test_dry_run_changes_nothing),
		cmocka_unit_test(test_old_short_opts_struct),
		cmocka_unit_test(test_selinux),
		cmocka_unit_test(test_smack_ruleset_building),
		cmocka_unit_test(test_smack_load),
		cmocka_unit_test(test_smack_ruleset_text_kept),
		cmocka_unit_test(test_smack_rollback_long_listing),
		cmocka_unit_test(test_smack_rollback_fs),
		cmocka_unit_test(test_smack_rollback_syscall),
		cmocka_unit_test(test_smack_rollback_inside_first_window),
		cmocka_unit_test(test_smack_self_rollback_never_loosens),
		cmocka_unit_test(test_smack_eperm_changes_nothing),
		cmocka_unit_test(test_smack_self),
		cmocka_unit_test(test_smack_self_eperm_falls_back),
		cmocka_unit_test(test_smack_parse_file_errors),
		cmocka_unit_test(test_smack_empty_files_are_zero_rules),
		cmocka_unit_test(test_selinux_truncated_refused_before_write),
		cmocka_unit_test(test_selinux_trailing_bytes_load),
		cmocka_unit_test(test_selinux_huge_count_refused_at_once),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

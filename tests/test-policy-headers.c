/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The offline policy inspectors against real compiler output (fixtures in
 * tests/data, built by apparmor_parser and checkpolicy; the commands are in
 * the source files next to them), the kernel model's synthetic blobs, and
 * damaged copies of both: cut short, bytes changed, wrong kind of file.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/apparmor-blob.h"
#include "model.h"
#include "format/selinux-policy.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name the tests/data directory"
#endif

struct file {
	uint8_t *data;
	size_t len;
};

static struct file load(const char *name)
{
	char path[4096];
	struct file f = {0};
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open fixture %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	f.len = (size_t)n;
	f.data = malloc(f.len);
	assert_non_null(f.data);
	assert_int_equal(fread(f.data, 1, f.len, fp), f.len);
	fclose(fp);
	return f;
}

static bool has_name(const struct lsmc_aa_blob_info *info, const char *name)
{
	for (size_t i = 0; i < info->n_profiles; i++)
		if (strcmp(info->names[i], name) == 0)
			return true;
	return false;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Offset of the first occurrence of needle (a byte string) in f. */
static size_t find(const struct file *f, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= f->len; i++)
		if (memcmp(f->data + i, needle, n) == 0)
			return i;
	fail_msg("pattern not found in fixture");
	return 0;
}

/* ---------------------------------------------------------------- AppArmor */

static void aa_real_single(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-one.bin");
	struct lsmc_aa_blob_info info;
	char why[256] = "x";

	assert_int_equal(lsmc_aa_blob_inspect(f.data, f.len, &info, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(info.n_profiles, 1);
	assert_string_equal(info.names[0], "lsmc-test-one");
	assert_null(info.names[1]);
	assert_null(info.ns);
	assert_false(info.ns_mixed);
	/* apparmor_parser 3.0 with the 6.1 feature set: format v7, parser
	 * bits above the kernel's ABI mask. */
	assert_int_equal(info.abi, 7);
	assert_int_equal(info.version & LSMC_AA_ABI_MASK, 7);
	assert_false(info.force_complain);
	assert_int_equal(info.abi_min, 7);
	assert_int_equal(info.abi_max, 7);
	assert_int_equal(info.n_headers, 1);
	lsmc_aa_blob_info_free(&info);
	assert_null(info.names);
	free(f.data);
}

static void aa_real_v5(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-one-v5.bin");
	struct lsmc_aa_blob_info info;

	assert_int_equal(lsmc_aa_blob_inspect(f.data, f.len, &info, NULL, 0), 0);
	assert_int_equal(info.n_profiles, 1);
	assert_string_equal(info.names[0], "lsmc-test-one");
	assert_int_equal(info.version, 5);
	assert_int_equal(info.abi, 5);
	lsmc_aa_blob_info_free(&info);
	free(f.data);
}

static void aa_real_multi(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-multi.bin");
	struct lsmc_aa_blob_info info;

	assert_int_equal(lsmc_aa_blob_inspect(f.data, f.len, &info, NULL, 0), 0);
	/* Three profiles and a hat, each with its own header. */
	assert_int_equal(info.n_profiles, 4);
	assert_int_equal(info.n_headers, 4);
	assert_true(has_name(&info, "lsmc-test-a"));
	assert_true(has_name(&info, "lsmc-test-a//lsmc-hat"));
	assert_true(has_name(&info, "lsmc-test-b"));
	assert_true(has_name(&info, "/usr/bin/lsmc-test-c"));
	assert_null(info.names[4]);
	assert_null(info.ns);
	lsmc_aa_blob_info_free(&info);
	free(f.data);
}

static void aa_real_namespace(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-ns.bin");
	struct lsmc_aa_blob_info info;

	assert_int_equal(lsmc_aa_blob_inspect(f.data, f.len, &info, NULL, 0), 0);
	assert_int_equal(info.n_profiles, 1);
	assert_string_equal(info.names[0], "lsmc-test-one");
	assert_non_null(info.ns);
	assert_string_equal(info.ns, "lsmc-test-ns");
	assert_false(info.ns_mixed);
	lsmc_aa_blob_info_free(&info);
	free(f.data);
}

static void aa_model_blobs(void **state __attribute__((unused)))
{
	static const char *const names[] = {"alpha", "beta", ":inner:gamma"};
	struct lsmc_aa_blob_info info;
	size_t len;
	uint8_t *b = model_aa_blob("lsmc-model", names, 3, 9 | LSMC_AA_FORCE_COMPLAIN, 1, &len);

	assert_int_equal(lsmc_aa_blob_inspect(b, len, &info, NULL, 0), 0);
	assert_int_equal(info.n_profiles, 3);
	assert_string_equal(info.names[0], "alpha");
	assert_string_equal(info.names[2], ":inner:gamma");
	assert_string_equal(info.ns, "lsmc-model");
	assert_int_equal(info.abi, 9);
	assert_true(info.force_complain);
	lsmc_aa_blob_info_free(&info);
	free(b);
}

/* Headers naming different namespaces: the kernel keeps the first. */
static void aa_mixed_namespaces(void **state __attribute__((unused)))
{
	static const char *const one[] = {"other"};
	struct file f = load("apparmor-ns.bin");
	struct lsmc_aa_blob_info info;
	size_t len;
	uint8_t *b = model_aa_blob("elsewhere", one, 1, 8, 0, &len);
	uint8_t *both = malloc(f.len + len);

	memcpy(both, f.data, f.len);
	memcpy(both + f.len, b, len);
	assert_int_equal(lsmc_aa_blob_inspect(both, f.len + len, &info, NULL, 0), 0);
	assert_int_equal(info.n_profiles, 2);
	assert_string_equal(info.ns, "lsmc-test-ns");
	assert_true(info.ns_mixed);
	assert_int_equal(info.abi_min, 7);
	assert_int_equal(info.abi_max, 8);
	lsmc_aa_blob_info_free(&info);
	free(both);
	free(b);
	free(f.data);
}

/* Every proper prefix of a one-profile blob is truncated, and says so. */
static void aa_truncated_single(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-one.bin");
	char why[256], want[64];

	for (size_t n = 1; n < f.len; n++) {
		struct lsmc_aa_blob_info info;
		int r = lsmc_aa_blob_inspect(f.data, n, &info, why, sizeof(why));

		if (r != -EPROTO)
			fail_msg("prefix %zu: %d (%s)", n, r, why);
		snprintf(want, sizeof(want), "truncated at byte %zu", n);
		if (!strstr(why, want))
			fail_msg("prefix %zu: %s", n, why);
		assert_null(info.names);
	}
	free(f.data);
}

/* A multi-profile blob cut at a profile boundary is a shorter valid blob;
 * cut anywhere else it is truncated. */
static void aa_truncated_multi(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-multi.bin");
	size_t whole = 0;

	for (size_t n = 1; n < f.len; n++) {
		struct lsmc_aa_blob_info info;
		int r = lsmc_aa_blob_inspect(f.data, n, &info, NULL, 0);

		if (r == 0) {
			assert_true(info.n_profiles >= 1 && info.n_profiles < 4);
			/* the next byte must start the next profile's header */
			assert_int_equal(f.data[n], 0x04);
			whole++;
			lsmc_aa_blob_info_free(&info);
		} else if (r != -EPROTO) {
			fail_msg("prefix %zu: %d", n, r);
		}
	}
	assert_int_equal(whole, 3);
	free(f.data);
}

static void aa_corrupted(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-one.bin");
	uint8_t *c = malloc(f.len);
	char why[256];
	size_t at;

	/* A blob length that runs past the end: the DFA's u32 size. */
	memcpy(c, f.data, f.len);
	at = find(&f, "aadfa", 6) + 6;
	assert_int_equal(c[at], 6); /* blob code */
	put32(c + at + 1, 0xfffffff0u);
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTO);
	assert_non_null(strstr(why, "truncated at byte"));

	/* An unknown type code. */
	memcpy(c, f.data, f.len);
	c[at] = 0x2a;
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTO);
	assert_non_null(strstr(why, "unknown type code 0x2a"));

	/* Format versions outside what kernels accept. */
	memcpy(c, f.data, f.len);
	at = find(&f, "version", 8) + 8;
	assert_int_equal(c[at], 2); /* u32 code */
	put32(c + at + 1, 4);
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "v4"));
	put32(c + at + 1, 10);
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTONOSUPPORT);
	/* The force-complain flag is outside the ABI bits. */
	put32(c + at + 1, 7 | LSMC_AA_FORCE_COMPLAIN);
	{
		struct lsmc_aa_blob_info info;

		assert_int_equal(lsmc_aa_blob_inspect(c, f.len, &info, NULL, 0), 0);
		assert_true(info.force_complain);
		assert_int_equal(info.abi, 7);
		lsmc_aa_blob_info_free(&info);
	}

	/* The first byte. */
	memcpy(c, f.data, f.len);
	c[0] = 0x05;
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "no \"version\" header"));

	/* A struct end that closes nothing: turn the profile's last byte
	 * (its struct end) into a list end. */
	memcpy(c, f.data, f.len);
	assert_int_equal(c[f.len - 1], 8);
	c[f.len - 1] = 10;
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTO);

	/* Every single-byte change either still parses or fails with one of
	 * the documented errors; the fuzzers cover the rest. */
	for (size_t i = 0; i < f.len; i++) {
		for (unsigned v = 0; v < 256; v += 37) {
			int r;

			memcpy(c, f.data, f.len);
			c[i] ^= (uint8_t)(v | 1);
			r = lsmc_aa_blob_inspect(c, f.len, NULL, why, sizeof(why));
			if (r != 0 && r != -EPROTO && r != -EPROTONOSUPPORT && r != -E2BIG)
				fail_msg("flip at %zu: %d (%s)", i, r, why);
		}
	}
	free(c);
	free(f.data);
}

static void aa_trailing_garbage(void **state __attribute__((unused)))
{
	struct file f = load("apparmor-one.bin");
	uint8_t *c = malloc(f.len + 2);
	char why[256];

	memcpy(c, f.data, f.len);
	c[f.len] = 0;
	c[f.len + 1] = 0;
	assert_int_equal(lsmc_aa_blob_inspect(c, f.len + 2, NULL, why, sizeof(why)), -EPROTO);
	assert_non_null(strstr(why, "unexpected data"));
	free(c);
	free(f.data);
}

static void aa_text_profile(void **state __attribute__((unused)))
{
	static const char *const texts[] = {
		"profile foo /usr/bin/foo {\n  /etc/** r,\n}\n",
		"#include <tunables/global>\n/usr/bin/x {\n}\n",
		"abi <abi/3.0>,\n\nprofile x {}\n",
		"/usr/bin/x {\n  capability,\n}\n",
		"# only a comment",
	};
	struct file f = load("apparmor-one.profile");
	char why[512];

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(
			lsmc_aa_blob_inspect(texts[i], strlen(texts[i]), NULL, why, sizeof(why)),
			-ENOEXEC);
		assert_non_null(
			strstr(why, "apparmor_parser -Q -q -S -M FEATURES FILE > FILE.bin"));
	}
	assert_int_equal(lsmc_aa_blob_inspect(f.data, f.len, NULL, why, sizeof(why)), -ENOEXEC);
	free(f.data);
}

static void aa_empty_and_garbage(void **state __attribute__((unused)))
{
	static const uint8_t elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
	struct file se = load("selinux-minimal.33");
	struct lsmc_aa_blob_info info;
	char why[256];

	assert_int_equal(lsmc_aa_blob_inspect("", 0, &info, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(lsmc_aa_blob_inspect(NULL, 0, NULL, NULL, 0), -EINVAL);
	assert_int_equal(lsmc_aa_blob_inspect(NULL, 5, NULL, NULL, 0), -EINVAL);
	assert_int_equal(lsmc_aa_blob_inspect(elf, sizeof(elf), NULL, why, sizeof(why)),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "7f 45 4c 46"));
	assert_int_equal(lsmc_aa_blob_inspect(se.data, se.len, NULL, why, sizeof(why)),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "SELinux"));
	/* A header with no profile after it. */
	assert_int_equal(lsmc_aa_blob_inspect("\x04\x08\x00version\x00\x02\x07\x00\x00\x00", 16,
					      NULL, why, sizeof(why)),
			 -EPROTO);
	assert_non_null(strstr(why, "not followed by a profile"));
	/* A short message buffer is truncated, not overrun. */
	why[4] = 'Z';
	assert_int_equal(lsmc_aa_blob_inspect(elf, sizeof(elf), NULL, why, 4), -EPROTONOSUPPORT);
	assert_int_equal(why[3], '\0');
	assert_int_equal(why[4], 'Z');
	free(se.data);
}

/* A hostile blob nesting structs deeper than the bound. */
static void aa_nesting_bound(void **state __attribute__((unused)))
{
	static const uint8_t head[] = {0x04, 0x08, 0x00, 'v',  'e',  'r',  's',	 'i',  'o',
				       'n',  0x00, 0x02, 0x07, 0x00, 0x00, 0x00, 0x04, 0x08,
				       0x00, 'p',  'r',	 'o',  'f',  'i',  'l',	 'e',  0x00,
				       0x07, 0x05, 0x02, 0x00, 'x',  0x00};
	size_t deep = LSMC_AA_MAX_DEPTH + 5, n = sizeof(head) + 2 * deep + 1;
	uint8_t *b = malloc(n);
	char why[256];

	memcpy(b, head, sizeof(head));
	memset(b + sizeof(head), 7, deep);
	memset(b + sizeof(head) + deep, 8, deep + 1);
	assert_int_equal(lsmc_aa_blob_inspect(b, n, NULL, why, sizeof(why)), -E2BIG);
	assert_non_null(strstr(why, "nests deeper"));

	/* One level below the bound is fine. */
	deep = LSMC_AA_MAX_DEPTH - 1;
	n = sizeof(head) + 2 * deep + 1;
	memset(b + sizeof(head), 7, deep);
	memset(b + sizeof(head) + deep, 8, deep + 1);
	assert_int_equal(lsmc_aa_blob_inspect(b, n, NULL, why, sizeof(why)), 0);
	free(b);
}

static void aa_profile_limit(void **state __attribute__((unused)))
{
	size_t n = LSMC_AA_MAX_PROFILES + 1, len;
	const char **names = malloc(n * sizeof(*names));
	uint8_t *b;
	char why[256];

	for (size_t i = 0; i < n; i++)
		names[i] = "p";
	b = model_aa_blob(NULL, names, n, 7, 0, &len);
	assert_int_equal(lsmc_aa_blob_inspect(b, len, NULL, why, sizeof(why)), -E2BIG);
	assert_non_null(strstr(why, "more than 100000"));
	free(b);
	b = model_aa_blob(NULL, names, n - 1, 7, 0, &len);
	assert_int_equal(lsmc_aa_blob_inspect(b, len, NULL, why, sizeof(why)), 0);
	free(b);
	free(names);
}

/* ----------------------------------------------------------------- SELinux */

static void se_real_policy(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	struct lsmc_selinux_policy_info info;
	char why[256] = "x";

	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(info.magic, LSMC_SELINUX_MAGIC);
	assert_int_equal(info.version, 33);
	assert_false(info.mls);
	assert_int_equal(info.handle_unknown, LSMC_SELINUX_UNKNOWN_ALLOW); /* -U allow */
	assert_int_equal(info.sym_num, 8);
	assert_int_equal(info.ocon_num, 9);
	assert_true(info.version_known);
	assert_true(info.has_polcaps);
	assert_int_equal(info.polcaps, 1u << 1); /* open_perms */
	assert_int_equal(info.n_permissive, 1);
	assert_true(info.checked_len > 32 && info.checked_len < f.len);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, NULL, NULL, 0), 0);
	free(f.data);
}

static void se_wrong_magic(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	struct lsmc_selinux_policy_info info;
	char why[256];

	put32(f.data, 0x12345678);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "magic 0x12345678"));
	assert_int_equal(info.magic, 0x12345678);

	f.data[0] = 0xf9; /* big-endian */
	f.data[1] = 0x7c;
	f.data[2] = 0xff;
	f.data[3] = 0x8c;
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, NULL, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "byte-swapped"));

	/* AppArmor policy is not SELinux policy either. */
	free(f.data);
	f = load("apparmor-one.bin");
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, NULL, why, sizeof(why)),
			 -EINVAL);
	free(f.data);
}

static void se_module_magic(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	struct lsmc_selinux_policy_info info;
	char why[256];

	put32(f.data, LSMC_SELINUX_PACKAGE_MAGIC);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "this is a policy module / package, not a kernel policy; "
				    "build it with semodule or checkpolicy"));
	assert_int_equal(info.magic, LSMC_SELINUX_PACKAGE_MAGIC);

	put32(f.data, LSMC_SELINUX_MOD_MAGIC);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "policy module"));
	assert_int_equal(info.magic, LSMC_SELINUX_MOD_MAGIC);

	assert_int_equal(lsmc_selinux_policy_inspect("BZh91AY&SY", 10, NULL, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "bzip2"));
	free(f.data);
}

static void se_text(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.policy.conf");
	char why[256];

	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, NULL, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "checkpolicy"));
	assert_int_equal(lsmc_selinux_policy_inspect("cl", 2, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "checkpolicy"));
	free(f.data);
}

static void se_empty(void **state __attribute__((unused)))
{
	char why[256];

	assert_int_equal(lsmc_selinux_policy_inspect("", 0, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(lsmc_selinux_policy_inspect(NULL, 0, NULL, NULL, 0), -EINVAL);
	assert_int_equal(lsmc_selinux_policy_inspect(NULL, 3, NULL, NULL, 0), -EINVAL);
}

/* Every prefix ending inside the header or the two bitmaps is truncated;
 * past them the header check cannot tell (the kernel's full parse will). */
static void se_truncated(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	struct lsmc_selinux_policy_info info;
	size_t checked;
	char why[256], want[64];

	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, NULL, 0), 0);
	checked = info.checked_len;
	for (size_t n = 1; n < f.len; n++) {
		int r = lsmc_selinux_policy_inspect(f.data, n, NULL, why, sizeof(why));

		if (n <= checked) {
			if (r != -EPROTO)
				fail_msg("prefix %zu: %d (%s)", n, r, why);
			snprintf(want, sizeof(want), "truncated at byte %zu", n);
			assert_non_null(strstr(why, want));
		} else {
			assert_int_equal(r, 0);
		}
	}
	free(f.data);
}

static void se_header_fields(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	uint8_t *c = malloc(f.len);
	struct lsmc_selinux_policy_info info;
	char why[256];

#define FRESH() memcpy(c, f.data, f.len)
	FRESH();
	put32(c + 4, 9); /* id length */
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "length 9"));

	FRESH();
	memcpy(c + 8, "XenFlask", 8);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "Xen"));

	FRESH();
	c[8] = 's';
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);

	FRESH();
	put32(c + 16, 14);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "version 14"));
	put32(c + 16, 0x41414141);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);

	/* Counts must match the version: 8/9 is right for 31 on, not 30. */
	FRESH();
	put32(c + 16, 30);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "symbol tables"));
	put32(c + 28, 7);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, &info, why, sizeof(why)), 0);
	assert_int_equal(info.version, 30);

	/* MLS is known from 19 on; the flag on 18 is refused. */
	FRESH();
	put32(c + 20, 4 | LSMC_SELINUX_CONFIG_MLS);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, &info, why, sizeof(why)), 0);
	assert_true(info.mls);
	put32(c + 16, 18);
	put32(c + 24, 6);
	put32(c + 28, 7);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "MLS"));
	put32(c + 20, 2); /* reject unknown, no MLS */
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, &info, why, sizeof(why)), 0);
	assert_int_equal(info.handle_unknown, LSMC_SELINUX_UNKNOWN_REJECT);
	assert_false(info.has_polcaps); /* 18 has no capability bitmap */

	/* A bitmap with a node count the file cannot hold. */
	FRESH();
	put32(c + 40, 0x7fffffff);
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EPROTO);
	assert_non_null(strstr(why, "declares 2147483647 nodes"));
	FRESH();
	put32(c + 32, 32); /* map unit */
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
	FRESH();
	put32(c + 44, 3); /* unaligned start bit */
	assert_int_equal(lsmc_selinux_policy_inspect(c, f.len, NULL, why, sizeof(why)), -EINVAL);
#undef FRESH
	free(c);
	free(f.data);
}

static void se_too_new(void **state __attribute__((unused)))
{
	struct file f = load("selinux-minimal.33");
	struct lsmc_selinux_policy_info info;
	char why[256];

	/* A version-34 header is fine by itself ... */
	put32(f.data + 16, 34);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)), 0);
	assert_int_equal(info.version, 34);
	/* ... but not for a kernel whose policyvers is 33 (Linux 6.1). */
	assert_int_equal(lsmc_selinux_check_version(info.version, 33, why, sizeof(why)),
			 -EPROTONOSUPPORT);
	assert_non_null(strstr(why, "checkpolicy -c 33"));
	assert_int_equal(lsmc_selinux_check_version(33, 33, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(lsmc_selinux_check_version(15, 33, NULL, 0), 0);
	assert_int_equal(lsmc_selinux_check_version(14, 33, why, sizeof(why)), -EINVAL);
	assert_int_equal(lsmc_selinux_check_version(40, 0, NULL, 0), 0); /* kernel unknown */

	/* Newer than this library knows: counts are not held against it. */
	put32(f.data + 16, LSMC_SELINUX_VERSION_KNOWN_MAX + 1);
	put32(f.data + 28, 10);
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, why, sizeof(why)), 0);
	assert_false(info.version_known);
	free(f.data);
}

/* The kernel model's synthetic policy has a real header but no bitmaps
 * after it: only the header part of the inspection applies to it. */
static void se_model_header(void **state __attribute__((unused)))
{
	size_t len;
	uint8_t *p = model_selinux_policy(21, 64, &len);
	struct lsmc_selinux_policy_info info;

	/* version 21 reads no bitmaps; its counts are 8/7, the model writes
	 * 8/9, so patch them the way a version-21 policy has them */
	put32(p + 28, 7);
	assert_int_equal(lsmc_selinux_policy_inspect(p, len, &info, NULL, 0), 0);
	assert_int_equal(info.version, 21);
	assert_true(info.mls);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aa_real_single),
		cmocka_unit_test(aa_real_v5),
		cmocka_unit_test(aa_real_multi),
		cmocka_unit_test(aa_real_namespace),
		cmocka_unit_test(aa_model_blobs),
		cmocka_unit_test(aa_mixed_namespaces),
		cmocka_unit_test(aa_truncated_single),
		cmocka_unit_test(aa_truncated_multi),
		cmocka_unit_test(aa_corrupted),
		cmocka_unit_test(aa_trailing_garbage),
		cmocka_unit_test(aa_text_profile),
		cmocka_unit_test(aa_empty_and_garbage),
		cmocka_unit_test(aa_nesting_bound),
		cmocka_unit_test(aa_profile_limit),
		cmocka_unit_test(se_real_policy),
		cmocka_unit_test(se_wrong_magic),
		cmocka_unit_test(se_module_magic),
		cmocka_unit_test(se_text),
		cmocka_unit_test(se_empty),
		cmocka_unit_test(se_truncated),
		cmocka_unit_test(se_header_fields),
		cmocka_unit_test(se_too_new),
		cmocka_unit_test(se_model_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

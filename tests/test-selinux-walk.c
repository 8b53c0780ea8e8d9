/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The whole-policy walk against real compiler output: Debian's reference
 * policy (when installed), the test suite's own policies, and
 * selinux-rich.policy.conf built by checkpolicy for every version the
 * kernel reads, MLS and not; then damaged copies: cut short anywhere, a
 * count changed, a bitmap made malformed.
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

#include "format/selinux-policy.h"
#include "skip.h"
#include "file-bytes.h"
#include "format/selinux-walk.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name the tests/data directory"
#endif

#define REFPOLICY "/etc/selinux/default/policy/policy.33"

/* The file, or data NULL when it does not exist. */
static struct file load_path(const char *path)
{
	return file_bytes(path, 64);
}

static struct file load_data(const char *name)
{
	char path[4096];
	struct file f;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	f = load_path(path);
	if (!f.data)
		fail_msg("cannot open fixture %s", path);
	return f;
}

static struct file refpolicy(void)
{
	return load_path(REFPOLICY);
}

static int walk(const struct file *f, size_t len, char *why, size_t whylen)
{
	size_t end = 0;
	int r = lsmc_selinux_policy_walk(f->data, len, &end, why, whylen);

	if (r == 0)
		assert_int_equal(end, len);
	else
		assert_true(why[0] != '\0');
	return r;
}

static void accepts(const struct file *f, const char *name)
{
	char why[512];
	int r = walk(f, f->len, why, sizeof(why));

	if (r != 0)
		fail_msg("%s refused: %s", name, why);
}

/* Every proper prefix is refused as truncated: step 1 walks them all. */
static void refuses_cuts(const struct file *f, const char *name, size_t step)
{
	char why[512];

	for (size_t cut = 0; cut < f->len; cut += step) {
		int r = walk(f, cut, why, sizeof(why));

		if (r != -EINVAL)
			fail_msg("%s cut at %zu of %zu: %d (%s)", name, cut, f->len, r, why);
		if (cut >= 32 && !strstr(why, "truncated at byte"))
			fail_msg("%s cut at %zu: not called truncated: %s", name, cut, why);
	}
}

static void refpolicy_accepted(void **state)
{
	struct file f = refpolicy();

	(void)state;
	if (!f.data)
		skip_because("selinux-policy-default is not installed");
	accepts(&f, REFPOLICY);
	free(f.data);
}

/* 200 cuts spread over the file, and each of the last 64 bytes missing. */
static void refpolicy_truncations_refused(void **state)
{
	struct file f = refpolicy();
	char why[512];

	(void)state;
	if (!f.data)
		skip_because("selinux-policy-default is not installed");
	for (size_t i = 0; i < 200; i++) {
		size_t cut = f.len / 200 * i + i % 7;

		assert_int_equal(walk(&f, cut, why, sizeof(why)), -EINVAL);
		if (cut >= 32)
			assert_non_null(strstr(why, "truncated at byte"));
	}
	for (size_t missing = 1; missing <= 64; missing++) {
		assert_int_equal(walk(&f, f.len - missing, why, sizeof(why)), -EINVAL);
		assert_non_null(strstr(why, "truncated at byte"));
	}
	free(f.data);
}

static void small_policies_accepted(void **state)
{
	static const char *const names[] = {"selinux-minimal.33"};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct file f = load_data(names[i]);

		accepts(&f, names[i]);
		refuses_cuts(&f, names[i], 1);
		free(f.data);
	}
}

/* selinux-rich.policy.conf built for 15..33 (MLS from 19). */
static void every_version_accepted(void **state)
{
#ifdef TEST_RICH_DIR
	unsigned n = 0;

	(void)state;
	for (int mls = 0; mls < 2; mls++) {
		for (unsigned v = mls ? 19 : 15; v <= LSMC_SELINUX_WALK_VERSION_MAX; v++) {
			char path[4096];
			struct lsmc_selinux_policy_info info;
			struct file f;

			snprintf(path, sizeof(path), "%s/selinux-rich-%s.%u", TEST_RICH_DIR,
				 mls ? "mls" : "plain", v);
			f = load_path(path);
			if (!f.data)
				fail_msg("%s was not built", path);
			assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, NULL, 0),
					 0);
			assert_int_equal(info.version, v);
			assert_int_equal(info.mls, mls);
			accepts(&f, path);
			refuses_cuts(&f, path, 1);
			free(f.data);
			n++;
		}
	}
	assert_int_equal(n, 19 + 15);
#else
	(void)state;
	skip_because("checkpolicy was not found when meson configured");
#endif
}

/* The kernel reads the policy and ignores what follows it; so does the walk. */
static void trailing_bytes_ignored(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	char why[512];
	size_t end = 0;

	(void)state;
	memset(f.data + f.len, 0xa5, 64);
	assert_int_equal(lsmc_selinux_policy_walk(f.data, f.len + 64, &end, why, sizeof(why)), 0);
	assert_int_equal(end, f.len);
	free(f.data);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The count of the first symbol table (the commons) changed: one more, one
 * less, and a huge one, which must cost nothing. */
static void corrupted_count_refused(void **state)
{
	struct file f = refpolicy();
	struct lsmc_selinux_policy_info info;
	static const int64_t deltas[] = {1, -1, 1000, 0x7fffffff};
	char why[512];
	uint32_t nel;
	size_t at;

	(void)state;
	if (!f.data)
		f = load_data("selinux-minimal.33");
	assert_int_equal(lsmc_selinux_policy_inspect(f.data, f.len, &info, NULL, 0), 0);
	at = info.checked_len + 4; /* u32 nprim, u32 nel of the commons */
	nel = get32(f.data + at);
	for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		if (deltas[i] < 0 && nel == 0)
			continue;
		put32(f.data + at, (uint32_t)(nel + deltas[i]));
		assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	}
	put32(f.data + at, nel);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), 0);
	free(f.data);
}

/* The policy-capability bitmap after the 32-byte header: u32 map unit,
 * high bit, count, then the first node's start bit. */
static void bad_ebitmap_refused(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	char why[512];

	(void)state;
	assert_int_equal(get32(f.data + 32), 64);
	assert_true(get32(f.data + 40) >= 1);
	assert_int_equal(get32(f.data + 44), 0);

	put32(f.data + 44, 1); /* not a multiple of 64 */
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "start bit 1"));
	put32(f.data + 44, 64 * 1024); /* beyond the high bit */
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "beyond"));
	put32(f.data + 44, 0);

	put32(f.data + 32, 32); /* map unit */
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "map unit 32"));
	put32(f.data + 32, 64);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), 0);
	free(f.data);
}

/* f with del bytes at at replaced by ins (n bytes); the result is f's own
 * buffer, reallocated, with room for trailing bytes. */
static void splice(struct file *f, size_t at, size_t del, const void *ins, size_t n)
{
	uint8_t *d = malloc(f->len - del + n + 64);

	assert_non_null(d);
	memcpy(d, f->data, at);
	memcpy(d + at, ins, n);
	memcpy(d + at + n, f->data + at + del, f->len - at - del);
	free(f->data);
	f->data = d;
	f->len = f->len - del + n;
}

/* selinux-minimal.33: the capability bitmap {64, 64, 1, [0, 2]} at 32 and
 * the permissive-type bitmap {64, 64, 1, [0, 4]} at 56, 24 bytes each. */
#define POLCAP_AT     32u
#define PERMISSIVE_AT 56u
#define BITMAP_LEN    24u

/* The policy with the bitmap at `at` replaced by the words given; walked and
 * inspected. Returns the walk's result; *info gets the inspection's. */
static int with_bitmap(size_t at, struct lsmc_selinux_policy_info *info, int *inspect, size_t n,
		       ...)
{
	struct file f = load_data("selinux-minimal.33");
	uint8_t ins[256];
	char why[512];
	va_list ap;
	int r;

	assert_true(4 * n <= sizeof(ins));
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		put32(ins + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	splice(&f, at, BITMAP_LEN, ins, 4 * n);
	r = walk(&f, f.len, why, sizeof(why));
	*inspect = lsmc_selinux_policy_inspect(f.data, f.len, info, why, sizeof(why));
	free(f.data);
	return r;
}

/*
 * The kernel's bitmap node holds 384 bits on a 64-bit kernel (192 on 32-bit):
 * it rounds the high bit up to that in u32, so every high bit from
 * 0xfffffe81 (2^32 - 383) up wraps to an empty map whose nodes are not read
 * (6.1 and 6.12 alike); below that the map is not empty and needs nodes.
 */
static void ebitmap_high_bit_wraps_as_kernel(void **state)
{
	static const uint32_t empty[] = {0,	     0xfffffe81, 0xfffffef0, 0xffffff00,
					 0xffffff80, 0xffffff81, 0xffffffff};
	static const uint32_t not_empty[] = {1, 384, 385, 0xfffffe00, 0xfffffe80};
	struct lsmc_selinux_policy_info info;
	int in;

	(void)state;
	if (sizeof(long) != 8)
		skip_because("a 32-bit build follows a 32-bit kernel's 192-bit node");
	for (size_t at = POLCAP_AT; at <= PERMISSIVE_AT; at += BITMAP_LEN) {
		for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
			if (with_bitmap(at, &info, &in, 3, 64u, empty[i], 0u) != 0)
				fail_msg("high bit 0x%x at %zu refused by the walk", empty[i], at);
			if (in != 0)
				fail_msg("high bit 0x%x at %zu refused by the header check",
					 empty[i], at);
			if (at == POLCAP_AT)
				assert_int_equal(info.polcaps, 0);
			else
				assert_int_equal(info.n_permissive, 0);
		}
		for (size_t i = 0; i < sizeof(not_empty) / sizeof(not_empty[0]); i++) {
			assert_int_equal(with_bitmap(at, &info, &in, 3, 64u, not_empty[i], 0u),
					 -EINVAL);
			assert_int_equal(in, -EINVAL);
		}
	}
}

/*
 * Within one node the kernel takes start bits in any order above the node's
 * first, and the same start bit twice (the later map replaces the earlier);
 * it refuses a start bit at or below the current node's first.
 */
static void ebitmap_node_order_as_kernel(void **state)
{
	struct lsmc_selinux_policy_info info;
	int in;

	(void)state;
	if (sizeof(long) != 8)
		skip_because("a 32-bit build follows a 32-bit kernel's 192-bit node");
	/* 0, 256, 64: one node of 384 bits (two of 128 would refuse the 64) */
	assert_int_equal(with_bitmap(POLCAP_AT, &info, &in, 12, 64u, 384u, 3u, 0u, 2u, 0u, 256u, 1u,
				     0u, 64u, 1u, 0u),
			 0);
	assert_int_equal(in, 0);
	assert_int_equal(info.polcaps, 2);
	/* 64, 64: the kernel takes both; the second map is what it holds */
	assert_int_equal(
		with_bitmap(POLCAP_AT, &info, &in, 9, 64u, 128u, 2u, 64u, 1u, 0u, 64u, 2u, 0u), 0);
	assert_int_equal(in, 0);
	assert_int_equal(info.polcaps, 0);
	assert_int_equal(with_bitmap(PERMISSIVE_AT, &info, &in, 12, 64u, 128u, 3u, 0u, 4u, 0u, 64u,
				     1u, 0u, 64u, 3u, 0u),
			 0);
	assert_int_equal(in, 0);
	assert_int_equal(info.n_permissive, 3); /* bit 2, and 64, 65 (the 1 replaced) */
	/* a zero map does not replace (the kernel writes only while map != 0) */
	assert_int_equal(with_bitmap(PERMISSIVE_AT, &info, &in, 12, 64u, 128u, 3u, 0u, 4u, 0u, 64u,
				     1u, 0u, 64u, 0u, 0u),
			 0);
	assert_int_equal(in, 0);
	assert_int_equal(info.n_permissive, 2);
	/* refused: 0 after 0, and 64 after a node starting at 384 */
	assert_int_equal(
		with_bitmap(POLCAP_AT, &info, &in, 9, 64u, 128u, 2u, 0u, 1u, 0u, 0u, 1u, 0u),
		-EINVAL);
	assert_int_equal(in, -EINVAL);
	assert_int_equal(
		with_bitmap(POLCAP_AT, &info, &in, 9, 64u, 768u, 2u, 384u, 1u, 0u, 64u, 1u, 0u),
		-EINVAL);
	assert_int_equal(in, -EINVAL);
	/* 6.1 takes a high bit past the last node and an all-zero map */
	assert_int_equal(with_bitmap(POLCAP_AT, &info, &in, 6, 64u, 2000u, 1u, 0u, 0u, 0u), 0);
	assert_int_equal(in, 0);
}

/* Linux 6.1 reads the constraint count as an int: 2^31 or more reads none. */
static void huge_constraint_count_reads_none(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	char why[512];
	uint8_t *name = memmem(f.data, f.len, "process", 7);
	size_t at;

	(void)state;
	assert_non_null(name);
	at = (size_t)(name - f.data) - 4; /* u32 ncons just before the name */
	assert_int_equal(get32(f.data + at), 0);
	put32(f.data + at, 0x80000000u);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), 0);
	put32(f.data + at, 0xffffffffu);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), 0);
	put32(f.data + at, 0x7fffffffu);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	free(f.data);
}

static void header_refusals(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	char why[512];

	(void)state;
	memcpy(f.data + 8, "XenFlask", 8);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "Xen"));
	memcpy(f.data + 8, "SE Linux", 8);

	put32(f.data + 16, 34); /* a version whose layout the walk does not know */
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EOPNOTSUPP);
	put32(f.data + 16, 14);
	assert_int_equal(walk(&f, f.len, why, sizeof(why)), -EINVAL);
	put32(f.data + 16, 33);

	assert_int_equal(lsmc_selinux_policy_walk(NULL, 0, NULL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "truncated"));
	free(f.data);
}

/* ---- what the kernel trusts without checking ---- */

/* The offset of the first datum name whose u32 length is lenoff bytes
 * before it (8 for a permission, 16 a common or type, 24 a class, 12 a role
 * or user, 4 a boolean). */
static size_t find_name(const struct file *f, const char *name, size_t lenoff)
{
	size_t n = strlen(name);

	for (size_t at = lenoff; at + n <= f->len; at++)
		if (memcmp(f->data + at, name, n) == 0 && get32(f->data + at - lenoff) == n)
			return at;
	fail_msg("no datum named %s", name);
	return 0;
}

/* The first occurrence of a byte pattern at or after from. */
static size_t find_bytes(const struct file *f, size_t from, const void *pat, size_t n)
{
	uint8_t *q = memmem(f->data + from, f->len - from, pat, n);

	assert_non_null(q);
	return (size_t)(q - f->data);
}

static struct file rich(const char *kind, unsigned v)
{
#ifdef TEST_RICH_DIR
	char path[4096];
	struct file f;

	snprintf(path, sizeof(path), "%s/selinux-rich-%s.%u", TEST_RICH_DIR, kind, v);
	f = load_path(path);
	if (!f.data)
		fail_msg("%s was not built", path);
	return f;
#else
	(void)kind;
	(void)v;
	skip_because("checkpolicy was not found when meson configured");
	return (struct file){0};
#endif
}

/* f is refused, the reason holding want; then freed. */
static void refused_for(struct file *f, const char *want)
{
	char why[512];
	int r = walk(f, f->len, why, sizeof(why));

	if (r != -EINVAL || !strstr(why, want))
		fail_msg("%d (%s), want EINVAL saying \"%s\"", r, why, want);
	free(f->data);
}

/*
 * Permissions: the kernel files a class's permissions and its common's
 * into nprim slots by value and names a selinuxfs file after each slot
 * (d_alloc_name() on an empty one oopses). A value used twice (in the
 * common, in the class, or the class's over the common's), a value of 0
 * and a slot nothing fills are refused.
 */
static void permission_values_checked(void **state)
{
	struct file f;
	size_t at;

	(void)state;
	/* file_common { read write getattr ioctl }: u32 len, value, name each */
	f = rich("plain", 33);
	at = find_name(&f, "file_common", 16) + strlen("file_common");
	put32(f.data + at + 8 + get32(f.data + at) + 4, get32(f.data + at + 4));
	refused_for(&f, "defined twice");

	f = rich("plain", 33);
	at = find_name(&f, "execute", 8); /* class file's own, after the common's 4 */
	put32(f.data + at - 4, 2);
	refused_for(&f, "one of its common's");

	f = rich("plain", 33);
	at = find_name(&f, "entrypoint", 8);
	put32(f.data + at - 4, get32(f.data + find_name(&f, "execute", 8) - 4));
	refused_for(&f, "defined twice");

	f = load_data("selinux-minimal.33");
	at = find_name(&f, "transition", 8);
	put32(f.data + at - 4, 0);
	refused_for(&f, "outside 1..2");

	/* class process { transition dyntransition }: nprim 3 leaves a slot */
	f = load_data("selinux-minimal.33");
	at = find_name(&f, "process", 24);
	assert_int_equal(get32(f.data + at - 12), 2);
	put32(f.data + at - 12, 3);
	refused_for(&f, "selinuxfs would name a file after an empty slot");
}

/* Class and boolean values fill 1..nprim once each; selinuxfs makes a
 * directory or file per value. */
static void class_and_bool_values_checked(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	size_t at = find_name(&f, "security", 24);

	(void)state;
	/* class header: len, common len, value, nprim, nel, ncons; name */
	put32(f.data + at - 24 + 8, get32(f.data + find_name(&f, "file", 24) - 24 + 8));
	refused_for(&f, "used twice");

	f = rich("plain", 33);
	at = find_name(&f, "lsmc_other", 4); /* boolean: value, state, len; name */
	put32(f.data + at - 12, get32(f.data + find_name(&f, "lsmc_flag", 4) - 12));
	refused_for(&f, "boolean value");
}

/* Class, permission and boolean names are selinuxfs file names. */
static void dentry_names_checked(void **state)
{
	struct file f = load_data("selinux-minimal.33");
	size_t at = find_name(&f, "load_policy", 8);
	uint8_t dots[10];

	(void)state;
	f.data[at + 4] = '/';
	refused_for(&f, "holds a '/'");

	f = load_data("selinux-minimal.33");
	at = find_name(&f, "security", 24);
	f.data[at] = '\0';
	refused_for(&f, "begins with a NUL");

	/* a NUL later only shortens the name: the kernel takes "sec" */
	f = load_data("selinux-minimal.33");
	at = find_name(&f, "security", 24);
	f.data[at + 3] = '\0';
	accepts(&f, "class \"sec\\0rity\"");
	free(f.data);

	f = load_data("selinux-minimal.33");
	at = find_name(&f, "write", 8);
	put32(dots, 2);
	put32(dots + 4, get32(f.data + at - 4));
	memcpy(dots + 8, "..", 2);
	splice(&f, at - 8, 8 + 5, dots, sizeof(dots));
	refused_for(&f, "selinuxfs cannot name a file so");

	f = rich("plain", 33);
	at = find_name(&f, "lsmc_flag", 4);
	f.data[at + 4] = '/';
	refused_for(&f, "boolean name");
}

/*
 * A constraint term's operand kind and operator: constraint_expr_eval()
 * BUG()s on what it does not know, when the constraint is first used.
 * "u1 == u2" is (4 attr-term, 1 user, 1 ==).
 */
static void constraint_operands_checked(void **state)
{
	static const uint8_t u1_eq_u2[12] = {4, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
	struct file f = rich("plain", 33);
	size_t at = find_bytes(&f, find_name(&f, "process", 24), u1_eq_u2, sizeof(u1_eq_u2));

	(void)state;
	put32(f.data + at + 8, 3); /* users by dominance */
	refused_for(&f, "users and types compare");

	f = rich("plain", 33);
	put32(f.data + at + 4, 2); /* roles */
	put32(f.data + at + 8, 6);
	refused_for(&f, "unknown operator");

	f = rich("plain", 33);
	put32(f.data + at + 4, 8); /* target alone: no kind */
	refused_for(&f, "unknown operand");

	f = rich("plain", 33);
	put32(f.data + at + 4, 2); /* r1 dom r2: fine */
	put32(f.data + at + 8, 3);
	accepts(&f, "r1 dom r2");
	free(f.data);
}

static size_t skip_ebitmap(const struct file *f, size_t pos);

/*
 * Bounds: type_bounds_sanity_check() follows a bound into the value-indexed
 * type array and BUG()s on an empty slot. lsmc_port_t given lsmc_exec_t's
 * value empties its own; lsmc_child_t (bounded by lsmc_kernel_t) is then
 * bounded by that value.
 */
static void bounds_checked(void **state)
{
	struct file f = rich("plain", 33);
	/* type (v24+): len, value, properties, bounds; name */
	size_t port = find_name(&f, "lsmc_port_t", 16) - 16,
	       child = find_name(&f, "lsmc_child_t", 16) - 16;
	uint32_t old = get32(f.data + port + 4);

	(void)state;
	assert_true(get32(f.data + child + 12) != 0);
	put32(f.data + port + 4, get32(f.data + find_name(&f, "lsmc_exec_t", 16) - 16 + 4));
	put32(f.data + child + 12, old);
	refused_for(&f, "bounded by type");

	/* a role bounded by a role value nobody has: role: len, value, bounds */
	f = rich("plain", 33);
	child = find_name(&f, "lsmc_child_r", 12) - 12;
	port = find_name(&f, "lsmc_r", 12) - 12;
	old = get32(f.data + port + 4);
	put32(f.data + port + 4, get32(f.data + child + 4));
	put32(f.data + child + 8, old);
	refused_for(&f, "bounded by role");

	/* a bounded role's types past the types: the kernel prints the extra
	 * ones by name, indexing its names with the bit unchecked */
	for (int bounded = 0; bounded < 2; bounded++) {
		size_t types;

		f = rich("plain", 33);
		child = find_name(&f, "lsmc_child_r", 12);
		types = skip_ebitmap(&f, child + strlen("lsmc_child_r"));
		assert_true(get32(f.data + types + 4) >= 64 && get32(f.data + types + 8) >= 1);
		assert_int_equal(get32(f.data + types + 12), 0); /* the first node starts at 0 */
		f.data[types + 12 + 4 + 7] |= 0x80;		 /* bit 63 */
		if (!bounded) {
			accepts(&f, "an unbounded role with type bit 63");
			free(f.data);
			continue;
		}
		put32(f.data + child - 12 + 8,
		      get32(f.data + find_name(&f, "lsmc_r", 12) - 12 + 4));
		refused_for(&f, "bounded role's types has bit 63");
	}

	/* object_r's own datum is dropped by the kernel, bound and all */
	f = rich("plain", 33);
	put32(f.data + find_name(&f, "object_r", 12) - 12 + 8, 16);
	accepts(&f, "object_r bounded by role 16");
	free(f.data);
}

/* Skip an ebitmap at pos (one with nodes). */
static size_t skip_ebitmap(const struct file *f, size_t pos)
{
	return pos + 12 + 12 * (size_t)get32(f->data + pos + 8);
}

/*
 * MLS levels: contexts are printed and converted through the names of
 * their sensitivity and categories, unchecked (mls_compute_context_len(),
 * mls_convert_context()). A user's range naming sensitivity 3 of 2, or a
 * category no category defines, is refused; a plain policy's unused
 * levels are not looked at.
 */
static void mls_levels_checked(void **state)
{
	struct file f = rich("mls", 33);
	/* user (v24+): len, value, bounds; name; roles; range: n, sens..., maps */
	size_t at = find_name(&f, "lsmc_other_u", 12) + strlen("lsmc_other_u"), range;

	(void)state;
	range = skip_ebitmap(&f, at);
	assert_int_equal(get32(f.data + range), 2);
	put32(f.data + range + 4, 3);
	refused_for(&f, "sensitivity 3");

	f = rich("mls", 33);
	range = skip_ebitmap(&f, at);
	/* the low level's categories: the first node's map gets bit 40 */
	assert_true(get32(f.data + range + 12 + 8) >= 1);
	assert_true(get32(f.data + range + 12 + 4) >= 64);
	f.data[range + 12 + 12 + 4 + 5] |= 1;
	refused_for(&f, "category 41");

	f = rich("mls", 33);
	range = skip_ebitmap(&f, at);
	put32(f.data + range + 4, 1); /* s1 → s0: a named sensitivity */
	accepts(&f, "user range from s0");
	free(f.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refpolicy_accepted),
		cmocka_unit_test(refpolicy_truncations_refused),
		cmocka_unit_test(small_policies_accepted),
		cmocka_unit_test(every_version_accepted),
		cmocka_unit_test(trailing_bytes_ignored),
		cmocka_unit_test(corrupted_count_refused),
		cmocka_unit_test(bad_ebitmap_refused),
		cmocka_unit_test(header_refusals),
		cmocka_unit_test(ebitmap_high_bit_wraps_as_kernel),
		cmocka_unit_test(ebitmap_node_order_as_kernel),
		cmocka_unit_test(huge_constraint_count_reads_none),
		cmocka_unit_test(permission_values_checked),
		cmocka_unit_test(class_and_bool_values_checked),
		cmocka_unit_test(dentry_names_checked),
		cmocka_unit_test(constraint_operands_checked),
		cmocka_unit_test(bounds_checked),
		cmocka_unit_test(mls_levels_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

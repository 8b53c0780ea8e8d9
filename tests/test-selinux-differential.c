/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The walk against libsepol's reader (sepol_policydb_read(), which ends
 * with policydb_validate()) over deterministic mutations of real policies:
 * selinux-minimal.33 and selinux-rich built by checkpolicy, plain and MLS.
 * Each mutation writes a small or extreme value over one byte or one
 * 32-bit word, at an offset a fixed-seed generator picks.
 *
 * What must hold: a policy the walk refuses is refused by libsepol too,
 * unless the walk calls it cut short, or its reason is one where the kernel
 * itself refuses or crashes and libsepol (3.4, Debian 12's) may have no
 * check; those reasons are listed below with the kernel code that decides
 * them, and libsepol is not asked about them (a damaged count can make it
 * allocate and loop for minutes). The counts of each outcome are printed.
 *
 * libsepol runs in a child with a 256 MiB address space: a count near 2^24
 * that the walk takes (the kernel may, too) makes it allocate arrays of
 * that size and walk them, which the limit turns into a quick refusal.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sepol/debug.h>
#include <sepol/handle.h>
#include <sepol/policydb.h>

#include "file-bytes.h"
#include "format/selinux-walk.h"
#include "skip.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name the tests/data directory"
#endif

#define MUTATIONS 300

/*
 * Refusals of the walk that libsepol 3.4 does not make, and why they stand:
 * the kernel refuses the policy itself, or takes it and crashes.
 */
static const struct {
	const char *reason; /* in the walk's message */
	const char *kernel; /* what the kernel does */
} kernel_only[] = {
	{"holds a '/'", "d_alloc_name() makes a selinuxfs name with a '/' (sel_make_classes, "
			"sel_make_perm_files, sel_make_bools)"},
	{"begins with a NUL", "d_alloc_name() of an empty name"},
	{"selinuxfs cannot name a file so", "d_alloc_name() of \".\" or \"..\""},
	{"booleans declared",
	 "security_get_bools() reads bool_val_to_struct[i] for every i < nprim: "
	 "NULL past the booleans defined"},
	{"boolean value", "a boolean value used twice leaves bool_val_to_struct[] a NULL slot"},
	{"class value", "security_get_classes() leaves a NULL name for sel_make_classes()"},
	{"classes declared", "security_get_classes() leaves a NULL name for sel_make_classes()"},
	{"permission value", "security_get_permissions() writes before its array (value 0) or "
			     "leaves a NULL name for sel_make_perm_files()"},
	{"permission values but defines", "a NULL name for sel_make_perm_files()"},
	{"fewer than its common's", "Linux 6.1 (Debian) refuses; upstream writes past the array"},
	{"is not defined", "class_read() refuses an undefined common"},
	{"which no sensitivity defines", "mls_level_isvalid() refuses it out of range, or looks up "
					 "a NULL name"},
	{"which no category defines", "mls_compute_context_len() and mls_convert_context() use a "
				      "NULL or out-of-range name"},
	{"bounded by", "*_bounds_sanity_check() follows a bound to a NULL slot"},
	{"is beyond the",
	 "role_index(), type_index() and user_index() refuse a bound beyond nprim"},
	{"constraint expression (attr", "constraint_expr_eval() BUG()s"},
};

static struct file load_path(const char *path)
{
	return file_bytes(path, 0);
}

static void quiet(void *arg, sepol_handle_t *h, const char *fmt, ...)
{
	(void)arg;
	(void)h;
	(void)fmt;
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED_ADDRESS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED_ADDRESS 1
#endif
#endif
#ifndef SANITIZED_ADDRESS
#define SANITIZED_ADDRESS 0
#endif

/* What RLIMIT_AS does without the sanitizer: a mutated count makes libsepol
 * ask for gigabytes, which must fail as it does on a real system. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1:max_allocation_size_mb=256";
}

/* 0 when libsepol reads and validates the policy, 1 when it refuses. */
static int sepol_verdict(const uint8_t *data, size_t len)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = {256u << 20, 256u << 20};
		sepol_handle_t *h;
		sepol_policy_file_t *pf = NULL;
		sepol_policydb_t *db = NULL;
		int r;

		/* AddressSanitizer reserves terabytes of address space for its
		 * shadow; under it, __asan_default_options() bounds libsepol. */
		if (!SANITIZED_ADDRESS)
			setrlimit(RLIMIT_AS, &rl);
		if (!freopen("/dev/null", "w", stderr)) /* libsepol's own messages */
			_exit(2);
		alarm(60); /* a hang is a failure of the test, not a verdict */
		h = sepol_handle_create();
		if (!h || sepol_policy_file_create(&pf) < 0 || sepol_policydb_create(&db) < 0)
			_exit(1);
		sepol_msg_set_callback(h, quiet, NULL);
		sepol_policy_file_set_mem(pf, (char *)data, len);
		sepol_policy_file_set_handle(pf, h);
		r = sepol_policydb_read(db, pf);
		_exit(r < 0 ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("libsepol died with signal %d",
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return WEXITSTATUS(status);
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const char *kernel_reason(const char *why)
{
	for (size_t i = 0; i < sizeof(kernel_only) / sizeof(kernel_only[0]); i++)
		if (strstr(why, kernel_only[i].reason))
			return kernel_only[i].kernel;
	return NULL;
}

static void differ(const char *path, uint64_t seed)
{
	static const uint32_t values[] = {
		0,  1,	2,  3,	 4,   5,      7,	   8,		16,	    31,
		32, 33, 64, '/', '.', 0x2e2e, 0xffffffffu, 0x80000000u, 0x7fffffffu};
	struct file f = load_path(path);
	unsigned both_accept = 0, both_refuse = 0, cut = 0, only_sepol = 0, only_kernel = 0;
	uint8_t *m;
	char why[512];

	if (!f.data)
		fail_msg("%s was not built", path);
	assert_int_equal(lsmc_selinux_policy_walk(f.data, f.len, NULL, why, sizeof(why)), 0);
	assert_int_equal(sepol_verdict(f.data, f.len), 0);
	m = malloc(f.len);
	assert_non_null(m);
	for (unsigned i = 0; i < MUTATIONS; i++) {
		size_t at = 32 + next(&seed) % (f.len - 36);
		unsigned k = (unsigned)(next(&seed) % 24);
		uint32_t old, v;
		int w, s;

		memcpy(m, f.data, f.len);
		memcpy(&old, m + at, 4);
		v = k < 19   ? values[k]
		    : k < 21 ? old + 1
		    : k < 23 ? old - 1
			     : old ^ (1u << (k % 32));
		if (k >= 19 || next(&seed) % 2)
			memcpy(m + at, &v, 4);
		else
			m[at] = (uint8_t)v;
		w = lsmc_selinux_policy_walk(m, f.len, NULL, why, sizeof(why));
		assert_true(w == 0 || w == -EINVAL);
		if (w == -EINVAL && strstr(why, "truncated")) {
			cut++;
			continue;
		}
		/* the kernel decides these; libsepol 3.4 can take minutes on some
		 * (a boolean count of 2^21: its gap check is quadratic) */
		if (w == -EINVAL && kernel_reason(why)) {
			only_kernel++;
			continue;
		}
		if (getenv("DIFF_TRACE"))
			print_message("mutation %u: 0x%08x at %zu\n", i, v, at);
		s = sepol_verdict(m, f.len);
		if (w == 0 && s == 0)
			both_accept++;
		else if (w && s)
			both_refuse++;
		else if (s)
			only_sepol++; /* the kernel checks it, or survives it */
		else
			fail_msg("%s, mutation %u (0x%08x at byte %zu): the walk refuses, libsepol "
				 "reads it: %s",
				 path, i, v, at, why);
	}
	print_message("%s: %u mutations: %u accepted by both, %u refused by both, %u cut short, "
		      "%u refused by libsepol only, %u by the walk for what the kernel refuses "
		      "or crashes on (libsepol not asked)\n",
		      path, MUTATIONS, both_accept, both_refuse, cut, only_sepol, only_kernel);
	free(m);
	free(f.data);
}

static void minimal(void **state)
{
	(void)state;
	differ(TEST_DATA_DIR "/selinux-minimal.33", 0x9e3779b97f4a7c15ull);
}

static void rich(void **state, const char *kind, unsigned v, uint64_t seed)
{
#ifdef TEST_RICH_DIR
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/selinux-rich-%s.%u", TEST_RICH_DIR, kind, v);
	differ(path, seed);
#else
	(void)state;
	(void)kind;
	(void)v;
	(void)seed;
	skip_because("checkpolicy was not found when meson configured");
#endif
}

static void rich_plain_33(void **state)
{
	rich(state, "plain", 33, 88172645463325252ull);
}

static void rich_mls_33(void **state)
{
	rich(state, "mls", 33, 0x2545f4914f6cdd1dull);
}

static void rich_plain_24(void **state)
{
	rich(state, "plain", 24, 0xdeadbeefcafef00dull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal),
		cmocka_unit_test(rich_plain_33),
		cmocka_unit_test(rich_mls_33),
		cmocka_unit_test(rich_plain_24),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

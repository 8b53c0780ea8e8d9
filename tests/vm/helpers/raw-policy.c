/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsm_config_policy() issued raw, for the live tests on the proposal kernel:
 * they check the kernel's answers themselves, without the library, so a
 * wrong kernel cannot hide behind a library that agrees with it.
 *
 *   raw-policy [-u UID] [-c COMMON] [-f FLAGS] [-n NS] [-b BYTE] [-z SIZE] NR LSM_ID OP [FILE]
 *              [-- COMMAND [ARG...]]
 *
 * The payload is FILE's bytes (none without FILE), after "NS\0" with -n
 * (AppArmor's system payload) or after the single byte BYTE with -b (Smack's
 * format byte). -u UID drops to that user and group (and no supplementary
 * groups) first. -z SIZE passes SIZE as the size argument and makes the
 * buffer that large (zero-filled past the payload). One line on stdout:
 * "ret=N" on success, else "errno=ENAME"; exit status 0 or 1. With a
 * COMMAND, a successful call is followed by exec of COMMAND (the caller's
 * own policy applies to it).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0') {
		fprintf(stderr, "raw-policy: not a number: '%s'\n", s);
		exit(2);
	}
	return v;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		fprintf(stderr, "raw-policy: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (;;) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	unsigned long common = 0, flags = 0, size = 0;
	const char *ns = NULL;
	int byte = -1, have_size = 0, opt;
	size_t head = 0, body_len = 0, total;
	char *body = NULL, *buf;
	char **command = NULL;
	unsigned uid;
	long ret;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 && i + 1 < argc) {
			command = argv + i + 1;
			argc = i;
			break;
		}
	}
	while ((opt = getopt(argc, argv, "u:c:f:n:b:z:")) != -1) {
		switch (opt) {
		case 'u':
			uid = (unsigned)num(optarg);
			if (setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0) {
				fprintf(stderr, "raw-policy: cannot become %u: %s\n", uid,
					strerror(errno));
				return 2;
			}
			break;
		case 'c':
			common = num(optarg);
			break;
		case 'f':
			flags = num(optarg);
			break;
		case 'n':
			ns = optarg;
			break;
		case 'b':
			byte = (int)num(optarg);
			break;
		case 'z':
			size = num(optarg);
			have_size = 1;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind < 3 || argc - optind > 4) {
		fprintf(stderr,
			"usage: raw-policy [-c COMMON] [-f FLAGS] [-n NS] [-b BYTE] [-z SIZE] "
			"NR LSM_ID OP [FILE]\n");
		return 2;
	}
	if (argc - optind == 4)
		body = slurp(argv[optind + 3], &body_len);
	if (ns)
		head = strlen(ns) + 1;
	else if (byte >= 0)
		head = 1;
	total = head + body_len;
	if (!have_size)
		size = total;
	buf = calloc(1, (size > total ? size : total) + 1);
	if (!buf)
		return 2;
	if (ns)
		memcpy(buf, ns, head);
	else if (byte >= 0)
		buf[0] = (char)byte;
	if (body_len)
		memcpy(buf + head, body, body_len);

	ret = syscall((long)num(argv[optind]), (unsigned)num(argv[optind + 1]),
		      (unsigned)num(argv[optind + 2]), buf, (unsigned)size, (unsigned)common,
		      (unsigned)flags);
	if (ret < 0) {
		printf("errno=%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ret=%ld\n", ret);
	if (command) {
		fflush(stdout);
		execvp(command[0], command);
		fprintf(stderr, "raw-policy: %s: %s\n", command[0], strerror(errno));
		return 2;
	}
	return 0;
}

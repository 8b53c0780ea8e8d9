/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsm_config_policy() issued raw, for the live tests on the proposal kernel:
 * they check the kernel's answers themselves, without the library, so a
 * wrong kernel cannot hide behind a library that agrees with it.
 *
 *   raw-policy [-u UID] [-N] [-c COMMON] [-f FLAGS] [-n NS] [-b BYTE] [-z SIZE | -S SIZE]
 *              [-m COUNT,NAME] [-r OLD=NEW] [-H NS] [-L] [-a WAIT,FILE2] NR LSM_ID OP [FILE]
 *              [-- COMMAND [ARG...]]
 *   raw-policy [-u UID] -I
 *   raw-policy [-u UID] [-N] -- COMMAND [ARG...]
 *
 * The payload is FILE's bytes (none without FILE), after "NS\0" with -n
 * (AppArmor's system payload) or after the single byte BYTE with -b (Smack's
 * format byte). -u UID drops to that user and group (and no supplementary
 * groups) first. -N sets no_new_privs before the call. -z SIZE passes SIZE as
 * the size argument and makes the buffer that large (zero-filled past the
 * payload); -S SIZE passes SIZE but keeps the buffer the payload's (for sizes
 * the kernel must refuse before it reads: a buffer that large may not fit).
 * One line on stdout: "ret=N" on success, else "errno=ENAME"; exit status 0
 * or 1. -L adds a second line after a success, "label=" and the caller's
 * /proc/self/attr/current. -a WAIT,FILE2: after a success, wait (10 s at
 * most) until the path WAIT exists, then make the same call again, by the
 * same task, with FILE2's bytes alone as the payload, and print its line
 * too. With a COMMAND, a successful call (or pair) is followed by exec of
 * COMMAND (the caller's own policy applies to it).
 *
 * Edits of FILE's bytes (compiled AppArmor policy), before the head: -r OLD=NEW
 * replaces every occurrence of OLD by NEW, of the same length (a profile's
 * name: NEW ":ns:name" puts it in a namespace); -m COUNT,NAME makes the
 * payload COUNT copies of FILE, copy i with NAME's last three characters
 * replaced by i in three digits (a set of COUNT profiles); -H NS inserts a
 * "namespace" field naming NS after the blob's leading "version" field (the
 * header of `apparmor_parser -n NS`).
 *
 * -I prints "uid=U euid=E" and exits: installed setuid-root, it shows
 * whether an exec gained privilege. Without NR, COMMAND is executed
 * without a call (as UID, with no_new_privs after -N).
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
#include <sys/prctl.h>
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

/* every occurrence of @from in @buf, replaced by @to (as long) */
static void replace_all(char *buf, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from), i;

	if (n == 0 || strlen(to) != n) {
		fprintf(stderr, "raw-policy: -r/-m: the new name must be as long as the old\n");
		exit(2);
	}
	for (i = 0; i + n <= len; i++) {
		if (memcmp(buf + i, from, n) == 0) {
			memcpy(buf + i, to, n);
			i += n - 1;
		}
	}
}

/* @count copies of @body, copy i naming its profile @name with i as its last three digits */
static char *copies(const char *body, size_t *len, const char *spec)
{
	char name[256], to[256];
	unsigned long count;
	const char *comma = strchr(spec, ',');
	size_t n, i;
	char *out;

	if (!comma || (size_t)(comma - spec) >= sizeof(name)) {
		fprintf(stderr, "raw-policy: -m wants COUNT,NAME\n");
		exit(2);
	}
	memcpy(name, spec, comma - spec);
	name[comma - spec] = '\0';
	count = num(name);
	snprintf(name, sizeof(name), "%s", comma + 1);
	n = strlen(name);
	if (n < 3 || count > 999) {
		fprintf(stderr, "raw-policy: -m: NAME needs three characters, COUNT at most 999\n");
		exit(2);
	}
	out = malloc(*len * count + 1);
	if (!out)
		exit(2);
	for (i = 0; i < count; i++) {
		memcpy(out + i * *len, body, *len);
		snprintf(to, sizeof(to), "%.*s%03zu", (int)(n - 3), name, i);
		replace_all(out + i * *len, *len, name, to);
	}
	*len *= count;
	return out;
}

/*
 * A "namespace" string field after the leading "version" u32 field: tag
 * (0x04, u16 length, "namespace\0"), then the value (0x05, u16 length, the
 * name and its NUL), as AppArmor's policy format writes them.
 */
static char *with_namespace(const char *body, size_t *len, const char *ns)
{
	static const char version[] = "\x04\x08\x00version\x00\x02";
	const size_t vlen = sizeof(version) - 1 + 4;
	size_t nslen = strlen(ns) + 1, flen = 3 + 10 + 3 + nslen;
	char *out, *p;

	if (*len < vlen || memcmp(body, version, sizeof(version) - 1) != 0) {
		fprintf(stderr, "raw-policy: -H: the blob does not start with a version field\n");
		exit(2);
	}
	out = malloc(*len + flen);
	if (!out)
		exit(2);
	memcpy(out, body, vlen);
	p = out + vlen;
	*p++ = 0x04;
	*p++ = 10;
	*p++ = 0;
	memcpy(p, "namespace", 10);
	p += 10;
	*p++ = 0x05;
	*p++ = (char)(nslen & 0xff);
	*p++ = (char)(nslen >> 8);
	memcpy(p, ns, nslen);
	p += nslen;
	memcpy(p, body + vlen, *len - vlen);
	*len += flen;
	return out;
}

/* /proc/self/attr/current, without its trailing newline */
static void print_label(void)
{
	char label[4096];
	FILE *f = fopen("/proc/self/attr/current", "re");
	size_t n = 0;

	if (f) {
		n = fread(label, 1, sizeof(label) - 1, f);
		fclose(f);
	}
	while (n && (label[n - 1] == '\n' || label[n - 1] == '\0'))
		n--;
	label[n] = '\0';
	printf("label=%s\n", f ? label : "?");
}

int main(int argc, char **argv)
{
	unsigned long common = 0, flags = 0, size = 0;
	const char *ns = NULL, *many = NULL, *replace = NULL, *hdr_ns = NULL, *again = NULL;
	int byte = -1, have_size = 0, claim_only = 0, nnp = 0, show_label = 0, opt;
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
	while ((opt = getopt(argc, argv, "u:INc:f:n:b:z:S:m:r:H:La:")) != -1) {
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
		case 'I':
			printf("uid=%u euid=%u\n", (unsigned)getuid(), (unsigned)geteuid());
			return 0;
		case 'N':
			nnp = 1;
			break;
		case 'z':
		case 'S':
			size = num(optarg);
			have_size = 1;
			claim_only = opt == 'S';
			break;
		case 'm':
			many = optarg;
			break;
		case 'r':
			replace = optarg;
			break;
		case 'H':
			hdr_ns = optarg;
			break;
		case 'L':
			show_label = 1;
			break;
		case 'a':
			again = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc == optind && command) {
		if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
			fprintf(stderr, "raw-policy: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
			return 2;
		}
		execvp(command[0], command);
		fprintf(stderr, "raw-policy: %s: %s\n", command[0], strerror(errno));
		return 2;
	}
	if (argc - optind < 3 || argc - optind > 4) {
		fprintf(stderr,
			"usage: raw-policy [-u UID] [-N] [-c COMMON] [-f FLAGS] [-n NS] [-b BYTE] "
			"[-z SIZE | -S SIZE] [-m COUNT,NAME] [-r OLD=NEW] [-H NS] [-L] "
			"NR LSM_ID OP [FILE] [-- COMMAND...]\n");
		return 2;
	}
	if (argc - optind == 4)
		body = slurp(argv[optind + 3], &body_len);
	if (body && replace) {
		char *eq = strchr(replace, '=');

		if (!eq) {
			fprintf(stderr, "raw-policy: -r wants OLD=NEW\n");
			return 2;
		}
		*eq = '\0';
		replace_all(body, body_len, replace, eq + 1);
	}
	if (body && many)
		body = copies(body, &body_len, many);
	if (body && hdr_ns)
		body = with_namespace(body, &body_len, hdr_ns);
	if (ns)
		head = strlen(ns) + 1;
	else if (byte >= 0)
		head = 1;
	total = head + body_len;
	if (!have_size)
		size = total;
	buf = calloc(1, (size > total && !claim_only ? size : total) + 1);
	if (!buf)
		return 2;
	if (ns)
		memcpy(buf, ns, head);
	else if (byte >= 0)
		buf[0] = (char)byte;
	if (body_len)
		memcpy(buf + head, body, body_len);

	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "raw-policy: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
		return 2;
	}
	ret = syscall((long)num(argv[optind]), (unsigned)num(argv[optind + 1]),
		      (unsigned)num(argv[optind + 2]), buf, (unsigned)size, (unsigned)common,
		      (unsigned)flags);
	if (ret < 0) {
		printf("errno=%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ret=%ld\n", ret);
	if (show_label)
		print_label();
	if (again) {
		char *comma = strchr(again, ',');
		int tries = 200;

		if (!comma) {
			fprintf(stderr, "raw-policy: -a wants WAIT,FILE2\n");
			return 2;
		}
		*comma = '\0';
		fflush(stdout);
		while (access(again, F_OK) != 0 && tries--)
			usleep(50000);
		body = slurp(comma + 1, &body_len);
		ret = syscall((long)num(argv[optind]), (unsigned)num(argv[optind + 1]),
			      (unsigned)num(argv[optind + 2]), body, (unsigned)body_len,
			      (unsigned)common, (unsigned)flags);
		if (ret < 0) {
			printf("errno=%s\n", strerrorname_np(errno));
			return 1;
		}
		printf("ret=%ld\n", ret);
	}
	if (command) {
		fflush(stdout);
		execvp(command[0], command);
		fprintf(stderr, "raw-policy: %s: %s\n", command[0], strerror(errno));
		return 2;
	}
	return 0;
}

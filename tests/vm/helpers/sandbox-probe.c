/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Small tools for the live tests of self-confinement, where busybox has no
 * equivalent:
 *
 *   sandbox-probe euid                 print the effective uid; made
 *                                      set-user-ID root by the test, it
 *                                      shows whether execve() granted it
 *   sandbox-probe as UID CMD [ARG...]  drop to UID (and GID UID, no
 *                                      supplementary groups), then exec CMD
 *   sandbox-probe landlock CMD [ARG...]
 *                                      set no_new_privs, restrict this
 *                                      process with Landlock to every
 *                                      top-level directory but /sys, then
 *                                      exec CMD: a sandbox without the LSM
 *                                      pseudo-filesystems
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Landlock ABI 1: every access right it knows. */
#define FS_FILE                                                                                    \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE)
#define FS_ALL                                                                                     \
	(FS_FILE | LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR |                   \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |                           \
	 LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |                               \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |                             \
	 LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

static int die(const char *what)
{
	fprintf(stderr, "sandbox-probe: %s: %s\n", what, strerror(errno));
	return 125;
}

static int landlock(char **cmd)
{
	struct landlock_ruleset_attr attr = {.handled_access_fs = FS_ALL};
	struct dirent *e;
	DIR *root;
	int rs;

	rs = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rs < 0)
		return die("landlock_create_ruleset");
	root = opendir("/");
	if (!root)
		return die("/");
	while ((e = readdir(root))) {
		struct landlock_path_beneath_attr pb = {0};
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, "sys") == 0)
			continue;
		pb.parent_fd = openat(dirfd(root), e->d_name, O_PATH | O_CLOEXEC);
		if (pb.parent_fd < 0 || fstat(pb.parent_fd, &st) < 0)
			return die(e->d_name);
		pb.allowed_access = S_ISDIR(st.st_mode) ? FS_ALL : FS_FILE;
		if (syscall(__NR_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0)
			return die("landlock_add_rule");
		close(pb.parent_fd);
	}
	closedir(root);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return die("PR_SET_NO_NEW_PRIVS");
	if (syscall(__NR_landlock_restrict_self, rs, 0) < 0)
		return die("landlock_restrict_self");
	close(rs);
	execvp(cmd[0], cmd);
	return die(cmd[0]);
}

int main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "euid") == 0) {
		printf("%u\n", (unsigned)geteuid());
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "as") == 0) {
		uid_t id = (uid_t)strtoul(argv[2], NULL, 10);

		if (setgroups(0, NULL) < 0 || setgid(id) < 0 || setuid(id) < 0)
			return die("dropping privilege");
		execvp(argv[3], &argv[3]);
		return die(argv[3]);
	}
	if (argc >= 3 && strcmp(argv[1], "landlock") == 0)
		return landlock(&argv[2]);
	fprintf(stderr, "usage: sandbox-probe euid | as UID CMD... | landlock CMD...\n");
	return 2;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Run a command with lsm_set_self_attr() denied by a seccomp filter that
 * answers EPERM, as container runtimes' default profiles do for system
 * calls they do not know:
 *
 *   seccomp-eperm lsmctl load apparmor --self NAME -- COMMAND
 *
 * Needs CAP_SYS_ADMIN (the live tests run as root); no_new_privs is left
 * alone so that AppArmor transitions behave as without the filter.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_lsm_set_self_attr
#define __NR_lsm_set_self_attr 460
#endif

int main(int argc, char *argv[])
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_lsm_set_self_attr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-eperm COMMAND [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		perror("seccomp-eperm: installing the filter");
		return 1;
	}
	execvp(argv[1], &argv[1]);
	perror("seccomp-eperm: exec");
	return 127;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl status: which LSMs run, and which policy interfaces work for each. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lsmctl.h"

static const uint64_t policy_lsms[] = {LSMC_LSM_APPARMOR, LSMC_LSM_SELINUX, LSMC_LSM_SMACK};

static const char *avail_word(enum lsmc_avail a)
{
	switch (a) {
	case LSMC_AVAIL_YES:
		return "available";
	case LSMC_AVAIL_ABSENT:
		return "absent";
	case LSMC_AVAIL_UNIMPLEMENTED:
		return "no-hook";
	case LSMC_AVAIL_DENIED:
		return "denied";
	default:
		return "unknown";
	}
}

static const char *fs_word(enum lsmc_fs_state s)
{
	switch (s) {
	case LSMC_FS_WRITABLE:
		return "writable";
	case LSMC_FS_NO_ACCESS:
		return "no-access";
	case LSMC_FS_NOT_MOUNTED:
		return "not-mounted";
	case LSMC_FS_WRONG_FS:
		return "wrong-fs";
	default:
		return "unknown";
	}
}

static bool is_policy_lsm(uint64_t id)
{
	for (size_t i = 0; i < sizeof(policy_lsms) / sizeof(policy_lsms[0]); i++)
		if (policy_lsms[i] == id)
			return true;
	return false;
}

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl status [--json]\n"
		"\n"
		"Show each LSM the running kernel has active and, for AppArmor, SELinux and\n"
		"Smack, whether the policy syscalls (self and system) and the pseudo-filesystem\n"
		"can be used, and whether this process may load policy.\n"
		"\n"
		"Options:\n"
		"  -j, --json   print the same facts as one JSON object\n"
		"  -h, --help   show this help and exit\n");
}

/* The policy syscall revision the library speaks: its "ABI=" feature word. */
static const char *abi_revision(char *buf, size_t len)
{
	const char *w = strstr(lsmc_features(), "ABI=");

	snprintf(buf, len, "%.*s", w ? (int)strcspn(w + 4, " ") : 7, w ? w + 4 : "unknown");
	return buf;
}

static void print_json(const uint64_t *ids, int n, const struct lsmc_lsm_info *info)
{
	bool first = true;
	char abi[32];

	printf("{\"features\":");
	lsmctl_json_string(stdout, lsmc_features());
	printf(",\"abi\":");
	lsmctl_json_string(stdout, abi_revision(abi, sizeof(abi)));
	printf(",\"lsms\":[");
	for (int i = 0; i < n; i++) {
		if (is_policy_lsm(ids[i]))
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		lsmctl_json_string(stdout, lsmc_lsm_name(ids[i]));
		printf(",\"id\":%llu,\"active\":true,\"policy\":false}",
		       (unsigned long long)ids[i]);
		first = false;
	}
	for (size_t i = 0; i < sizeof(policy_lsms) / sizeof(policy_lsms[0]); i++) {
		const struct lsmc_lsm_info *p = &info[i];
		printf("%s{\"name\":", first ? "" : ",");
		lsmctl_json_string(stdout, lsmc_lsm_name(p->lsm));
		printf(",\"id\":%llu,\"active\":%s,\"policy\":true,\"syscall_self\":\"%s\","
		       "\"syscall_system\":\"%s\",\"fs\":\"%s\",\"fs_path\":",
		       (unsigned long long)p->lsm, p->active ? "true" : "false",
		       avail_word(p->syscall_self), avail_word(p->syscall_system), fs_word(p->fs));
		lsmctl_json_string(stdout, p->fs_path);
		printf(",\"cap_mac_admin\":%s,\"cap_dac_override\":%s,\"can_load\":%s}",
		       p->cap_mac_admin ? "true" : "false", p->cap_dac_override ? "true" : "false",
		       p->can_load ? "true" : "false");
		first = false;
	}
	printf("]}\n");
}

static void print_table(const uint64_t *ids, int n, const struct lsmc_lsm_info *info)
{
	int n_policy = 0;
	char abi[32];

	printf("Policy syscalls: revision %s\n", abi_revision(abi, sizeof(abi)));
	printf("Active LSMs:");
	for (int i = 0; i < n; i++)
		printf("%s%s", i ? ", " : " ", lsmc_lsm_name(ids[i]) ? lsmc_lsm_name(ids[i]) : "?");
	printf("%s\n\n", n == 0 ? " none reported" : "");

	printf("%-9s %-7s %-13s %-15s %-12s %-8s %s\n", "LSM", "ACTIVE", "SYSCALL-SELF",
	       "SYSCALL-SYSTEM", "PSEUDO-FS", "CAN-LOAD", "LOAD FILE");
	for (size_t i = 0; i < sizeof(policy_lsms) / sizeof(policy_lsms[0]); i++) {
		const struct lsmc_lsm_info *p = &info[i];
		printf("%-9s %-7s %-13s %-15s %-12s %-8s %s\n", lsmc_lsm_name(p->lsm),
		       p->active ? "yes" : "no", avail_word(p->syscall_self),
		       avail_word(p->syscall_system), fs_word(p->fs), p->can_load ? "yes" : "no",
		       p->fs_path);
		n_policy += p->active;
	}
	printf("\nCapabilities: CAP_MAC_ADMIN %s, CAP_DAC_OVERRIDE %s\n",
	       info[0].cap_mac_admin ? "yes" : "no", info[0].cap_dac_override ? "yes" : "no");
	if (n_policy == 0)
		printf("This kernel runs none of AppArmor, SELinux and Smack: there is no policy "
		       "to load here.\n");
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct lsmc_lsm_info info[sizeof(policy_lsms) / sizeof(policy_lsms[0])];
	const uint64_t *ids = NULL;
	bool json = false;
	int c, n;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			help(stdout);
			return EXIT_OK;
		default:
			return lsmctl_usage_error("status", "invalid option '%s'",
						  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return lsmctl_usage_error("status", "unexpected argument '%s'", argv[optind]);

	n = lsmc_active_lsms(ctx, &ids);
	if (n < 0) {
		/* Say so, then still show the interfaces: they are probed independently. */
		lsmctl_print_error(ctx, "listing active LSMs", n);
		n = 0;
	}
	for (size_t i = 0; i < sizeof(policy_lsms) / sizeof(policy_lsms[0]); i++) {
		int r;
		info[i] = (struct lsmc_lsm_info){.sz = sizeof(info[i])};
		r = lsmc_probe(ctx, policy_lsms[i], &info[i]);
		if (r < 0) {
			lsmctl_print_error(ctx, "probing", r);
			return EXIT_ERROR;
		}
	}
	if (json)
		print_json(ids, n, info);
	else
		print_table(ids, n, info);
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_status = {
	.name = "status",
	.run = run,
	.help = help,
	.summary = "show active LSMs and which policy interfaces work",
};

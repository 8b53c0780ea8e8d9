/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl status: which LSMs run, which policy interfaces work for each, the
 * LSM syscalls the kernel and this build offer, and what is loaded now.
 * The text is made from the same JSON document --json prints.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "loaded.h"
#include "lsmctl.h"
#include "abi.h"
#include "syscall-nr.h"

static const uint64_t policy_lsms[] = {LSMC_LSM_APPARMOR, LSMC_LSM_SELINUX, LSMC_LSM_SMACK};
#define N_POLICY (sizeof(policy_lsms) / sizeof(policy_lsms[0]))

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
	for (size_t i = 0; i < N_POLICY; i++)
		if (policy_lsms[i] == id)
			return true;
	return false;
}

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl status [OPTIONS]\n"
		"\n"
		"Show each LSM the running kernel has active and, for AppArmor, SELinux and\n"
		"Smack, whether the policy syscalls (self and system) and the pseudo-filesystem\n"
		"can be used, whether this process may load policy, and what is loaded now:\n"
		"AppArmor profiles per namespace with their modes, SELinux's mode and policy\n"
		"version, Smack's rule count. Also which LSM syscalls the kernel offers and\n"
		"which this build would use.\n"
		"\n"
		"Options:\n"
		"  -j, --json[=STYLE]   print the same facts as JSON: short (default) or pretty\n"
		"  -v, --verbose        say what the library does on stderr\n"
		"  -h, --help           show this help and exit\n");
}

/*
 * A merged LSM syscall as the kernel answers a call it must refuse before
 * acting: ENOSYS means absent, anything else present.
 */
static struct json_object *merged_syscall(const char *name, long nr)
{
	struct json_object *o = json_object_new_object();
	uint32_t size = 0;
	long r;
	int e;

	if (strcmp(name, "lsm_list_modules") == 0)
		r = syscall(nr, NULL, &size, 0); /* E2BIG: the kernel says how much room */
	else
		r = syscall(nr, 0, NULL, 0, ~0u); /* EINVAL: no such flags */
	e = r < 0 ? errno : 0;
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "merged", json_object_new_boolean(true));
	json_object_object_add(o, "number", json_object_new_int64(nr));
	json_object_object_add(o, "kernel",
			       json_object_new_string(e == ENOSYS ? "absent" : "available"));
	json_object_object_add(o, "used", json_object_new_boolean(true));
	return o;
}

/* A proposed syscall: the build may have no number, and then never asks. */
static struct json_object *proposed_syscall(const char *name, long nr, const char *kernel)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "merged", json_object_new_boolean(false));
	json_object_object_add(o, "number", nr >= 0 ? json_object_new_int64(nr) : NULL);
	json_object_object_add(o, "kernel", json_object_new_string(nr < 0 ? "not-asked" : kernel));
	json_object_object_add(o, "used", json_object_new_boolean(nr >= 0));
	return o;
}

/* What the probes of the three LSMs found for one policy syscall. */
static const char *policy_syscall_state(const struct lsmc_lsm_info *info, bool self)
{
	bool absent = true, denied = false;

	for (size_t i = 0; i < N_POLICY; i++) {
		enum lsmc_avail a = self ? info[i].syscall_self : info[i].syscall_system;
		absent &= a == LSMC_AVAIL_ABSENT;
		denied |= a == LSMC_AVAIL_DENIED;
	}
	return absent ? "absent" : denied ? "denied" : "available";
}

/* The policy syscalls of the revision this build speaks (lib/abi.h). */
static const struct lsmc_abi_call entries[] = LSMC_ABI_ENTRIES;

static struct json_object *syscalls(const struct lsmc_lsm_info *info)
{
	struct json_object *arr = json_object_new_array();

	json_object_array_add(arr, merged_syscall("lsm_list_modules", __NR_lsm_list_modules));
	json_object_array_add(arr, merged_syscall("lsm_set_self_attr", __NR_lsm_set_self_attr));
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		json_object_array_add(
			arr, proposed_syscall(entries[i].name, entries[i].nr,
					      policy_syscall_state(info, !entries[i].system)));
	/* Creating a namespace is the only way to ask; status changes nothing. */
	json_object_array_add(arr, proposed_syscall("lsm_unshare", LSMC_NR_UNSHARE, "not-asked"));
	return arr;
}

static struct json_object *loaded(const struct lsmc_lsm_info *p)
{
	char *path, *dir;
	struct json_object *o = NULL;

	if (!p->active || p->fs == LSMC_FS_NOT_MOUNTED || p->fs == LSMC_FS_WRONG_FS ||
	    !p->fs_path || !p->fs_path[0])
		return NULL;
	path = strdup(p->fs_path);
	if (!path)
		return NULL;
	dir = dirname(path);
	if (p->lsm == LSMC_LSM_APPARMOR)
		o = loaded_apparmor(dir);
	else if (p->lsm == LSMC_LSM_SELINUX)
		o = loaded_selinux(dir);
	else if (p->lsm == LSMC_LSM_SMACK)
		o = loaded_smack(dir);
	free(path);
	return o;
}

/* The policy syscall revision the library speaks: its "ABI=" feature word. */
static const char *abi_revision(char *buf, size_t len)
{
	const char *w = strstr(lsmc_features(), "ABI=");

	snprintf(buf, len, "%.*s", w ? (int)strcspn(w + 4, " ") : 7, w ? w + 4 : "unknown");
	return buf;
}

static struct json_object *build(const uint64_t *ids, int n, const struct lsmc_lsm_info *info)
{
	struct json_object *doc = lsmctl_json_doc("status"), *arr = json_object_new_array();

	char abi[32];

	json_object_object_add(doc, "features", json_object_new_string(lsmc_features()));
	json_object_object_add(doc, "abi", json_object_new_string(abi_revision(abi, sizeof(abi))));
	json_object_object_add(doc, "syscalls", syscalls(info));
	for (int i = 0; i < n; i++) {
		struct json_object *o;

		if (is_policy_lsm(ids[i]))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", lsmctl_json_str(lsmc_lsm_name(ids[i])));
		json_object_object_add(o, "id", json_object_new_uint64(ids[i]));
		json_object_object_add(o, "active", json_object_new_boolean(true));
		json_object_object_add(o, "policy", json_object_new_boolean(false));
		json_object_array_add(arr, o);
	}
	for (size_t i = 0; i < N_POLICY; i++) {
		const struct lsmc_lsm_info *p = &info[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", lsmctl_json_str(lsmc_lsm_name(p->lsm)));
		json_object_object_add(o, "id", json_object_new_uint64(p->lsm));
		json_object_object_add(o, "active", json_object_new_boolean(p->active));
		json_object_object_add(o, "policy", json_object_new_boolean(true));
		json_object_object_add(
			o, "syscall_self",
			json_object_new_string(
				!LSMC_ABI_HAS_NUMBERS ? "not-asked" : avail_word(p->syscall_self)));
		json_object_object_add(
			o, "syscall_system",
			json_object_new_string(!LSMC_ABI_HAS_NUMBERS
						       ? "not-asked"
						       : avail_word(p->syscall_system)));
		json_object_object_add(o, "fs", json_object_new_string(fs_word(p->fs)));
		json_object_object_add(o, "fs_path", lsmctl_json_str(p->fs_path));
		json_object_object_add(o, "cap_mac_admin",
				       json_object_new_boolean(p->cap_mac_admin));
		json_object_object_add(o, "cap_dac_override",
				       json_object_new_boolean(p->cap_dac_override));
		json_object_object_add(o, "can_load", json_object_new_boolean(p->can_load));
		json_object_object_add(o, "loaded", loaded(p));
		json_object_array_add(arr, o);
	}
	json_object_object_add(doc, "lsms", arr);
	return doc;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

static int64_t num(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_int64(v) : -1;
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* "3 enforce, 1 complain" */
static void print_counts(struct json_object *counts)
{
	bool first = true;

	json_object_object_foreach(counts, mode, v)
	{
		printf("%s%lld %s", first ? "" : ", ", (long long)json_object_get_int64(v), mode);
		first = false;
	}
}

static void print_loaded(const char *lsm, struct json_object *l)
{
	if (strcmp(lsm, "apparmor") == 0) {
		struct json_object *nss = member(l, "namespaces");

		printf("AppArmor: %lld profile(s) loaded", (long long)num(l, "profiles"));
		if (num(l, "profiles") > 0) {
			printf(": ");
			print_counts(member(l, "counts"));
		}
		printf("\n");
		for (size_t i = 0; i < json_object_array_length(nss); i++) {
			struct json_object *ns = json_object_array_get_idx(nss, i);
			struct json_object *ps = member(ns, "profiles");
			const char *name = str(ns, "name");

			printf("  namespace %s: %zu profile(s): ", name && *name ? name : "(root)",
			       json_object_array_length(ps));
			print_counts(member(ns, "counts"));
			printf("\n");
			for (size_t k = 0; k < json_object_array_length(ps); k++) {
				struct json_object *p = json_object_array_get_idx(ps, k);
				printf("    %s (%s)\n", str(p, "name"), str(p, "mode"));
			}
		}
	} else if (strcmp(lsm, "selinux") == 0) {
		struct json_object *pl = member(l, "policy_loaded");

		printf("SELinux: %s, ", str(l, "mode"));
		if (pl && json_object_get_boolean(pl))
			printf("a policy is loaded");
		else if (pl)
			printf("no policy loaded");
		else
			printf("whether a policy is loaded cannot be read (%s)",
			       str(l, "policy_error"));
		if (num(l, "max_policy_version") >= 0)
			printf(" (kernel takes up to version %lld)",
			       (long long)num(l, "max_policy_version"));
		printf("\n");
	} else if (strcmp(lsm, "smack") == 0) {
		printf("Smack: %lld access rule(s) loaded\n", (long long)num(l, "rules"));
	}
}

static void print_table(struct json_object *doc)
{
	struct json_object *lsms = member(doc, "lsms"), *sys = member(doc, "syscalls");
	struct json_object *first_policy = NULL;
	size_t n = json_object_array_length(lsms);
	int n_active = 0, n_policy = 0;

	printf("Policy syscalls: revision %s\n", str(doc, "abi"));
	printf("Active LSMs:");
	for (size_t i = 0; i < n; i++) {
		struct json_object *l = json_object_array_get_idx(lsms, i);
		if (json_object_get_boolean(member(l, "active")))
			printf("%s%s", n_active++ ? ", " : " ", str(l, "name"));
	}
	printf("%s\n\n", n_active == 0 ? " none reported" : "");

	printf("%-9s %-7s %-13s %-15s %-12s %-8s %s\n", "LSM", "ACTIVE", "SYSCALL-SELF",
	       "SYSCALL-SYSTEM", "PSEUDO-FS", "CAN-LOAD", "LOAD FILE");
	for (size_t i = 0; i < n; i++) {
		struct json_object *l = json_object_array_get_idx(lsms, i);
		bool active = json_object_get_boolean(member(l, "active"));

		if (!json_object_get_boolean(member(l, "policy")))
			continue;
		if (!first_policy)
			first_policy = l;
		printf("%-9s %-7s %-13s %-15s %-12s %-8s %s\n", str(l, "name"),
		       active ? "yes" : "no", str(l, "syscall_self"), str(l, "syscall_system"),
		       str(l, "fs"), json_object_get_boolean(member(l, "can_load")) ? "yes" : "no",
		       str(l, "fs_path"));
		n_policy += active;
	}
	printf("\nLSM syscalls (kernel / this build):\n");
	for (size_t i = 0; i < json_object_array_length(sys); i++) {
		struct json_object *s = json_object_array_get_idx(sys, i);
		const char *k = str(s, "kernel");
		char build[64];

		if (num(s, "number") >= 0)
			snprintf(build, sizeof(build), "number %lld", (long long)num(s, "number"));
		else
			snprintf(build, sizeof(build), "no number: never called");
		printf("  %-25s %-9s %-22s %s\n", str(s, "name"),
		       json_object_get_boolean(member(s, "merged")) ? "merged" : "proposed",
		       strcmp(k, "not-asked") == 0 ? "not asked" : k, build);
	}
	printf("\nCapabilities: CAP_MAC_ADMIN %s, CAP_DAC_OVERRIDE %s\n",
	       first_policy && json_object_get_boolean(member(first_policy, "cap_mac_admin"))
		       ? "yes"
		       : "no",
	       first_policy && json_object_get_boolean(member(first_policy, "cap_dac_override"))
		       ? "yes"
		       : "no");
	if (n_policy == 0) {
		printf("This kernel runs none of AppArmor, SELinux and Smack: there is no policy "
		       "to load here.\n");
		return;
	}
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		struct json_object *l = json_object_array_get_idx(lsms, i);
		struct json_object *ld = member(l, "loaded");

		if (!json_object_get_boolean(member(l, "policy")) ||
		    !json_object_get_boolean(member(l, "active")))
			continue;
		if (ld)
			print_loaded(str(l, "name"), ld);
		else
			printf("%s: what is loaded cannot be read (pseudo-filesystem %s)\n",
			       str(l, "name"), str(l, "fs"));
	}
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {LSMCTL_COMMON_LONGOPTS};
	struct lsmc_lsm_info info[N_POLICY];
	struct json_object *doc;
	const uint64_t *ids = NULL;
	int c, n, r;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" LSMCTL_COMMON_SHORTOPTS, options, NULL)) != -1) {
		r = lsmctl_common_option(&lsmctl_cmd_status, ctx, c, argv);
		if (r != LSMCTL_CONTINUE)
			return r;
	}
	if (optind < argc)
		return lsmctl_usage_error("status", "unexpected argument '%s'", argv[optind]);

	n = lsmc_active_lsms(ctx, &ids);
	if (n < 0) {
		/* Say so, then still show the interfaces: they are probed independently. */
		lsmctl_print_error(ctx, "listing active LSMs", n);
		n = 0;
	}
	for (size_t i = 0; i < N_POLICY; i++) {
		info[i] = (struct lsmc_lsm_info){.sz = sizeof(info[i])};
		r = lsmc_probe(ctx, policy_lsms[i], &info[i]);
		if (r < 0) {
			lsmctl_print_error(ctx, "probing", r);
			return EXIT_ERROR;
		}
	}
	doc = build(ids, n, info);
	if (lsmctl.json) {
		lsmctl_json_print(doc);
	} else {
		print_table(doc);
		json_object_put(doc);
	}
	return EXIT_OK;
}

const struct lsmctl_cmd lsmctl_cmd_status = {
	.name = "status",
	.run = run,
	.help = help,
	.summary = "show active LSMs, policy interfaces and what is loaded",
};

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl status: which LSMs run, which policy interfaces work for each, the
 * LSM syscalls the kernel and this build offer, and what is loaded now.
 * The text is made from the same JSON document --json prints.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsmctl.h"

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

/* The syscalls' array, and whether this build has a number for every
 * policy syscall it would enter (else the probe never asks). */
struct syscalls {
	struct json_object *arr;
	bool numbered;
};

/* What this build knows of one LSM syscall, and what the kernel answered. */
static int add_syscall(const struct lsmc_syscall *sc, void *data)
{
	struct syscalls *s = data;
	struct json_object *o = json_object_new_object();

	if ((sc->scope_self || sc->scope_system) && sc->number < 0)
		s->numbered = false;
	json_object_object_add(o, "name", json_object_new_string(sc->name));
	json_object_object_add(o, "merged", json_object_new_boolean(sc->merged));
	json_object_object_add(o, "number",
			       sc->number >= 0 ? json_object_new_int64(sc->number) : NULL);
	json_object_object_add(
		o, "kernel",
		json_object_new_string(sc->asked ? avail_word(sc->kernel) : "not-asked"));
	json_object_object_add(o, "used", json_object_new_boolean(sc->number >= 0));
	json_object_array_add(s->arr, o);
	return 0;
}

/* The namespace object of name within arr, made when missing. */
static struct json_object *ns_entry(struct json_object *arr, const char *name)
{
	struct json_object *o, *v;
	size_t n = json_object_array_length(arr);

	for (size_t i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(o, "name", &v) &&
		    strcmp(json_object_get_string(v), name) == 0)
			return o;
	}
	o = json_object_new_object();
	lsmctl_json_add_name(o, "name", name);
	json_object_object_add(o, "counts", json_object_new_object());
	json_object_object_add(o, "profiles", json_object_new_array());
	json_object_array_add(arr, o);
	return o;
}

static void count(struct json_object *counts, const char *mode)
{
	struct json_object *v;
	int64_t n = 0;

	if (json_object_object_get_ex(counts, mode, &v))
		n = json_object_get_int64(v);
	json_object_object_add(counts, mode, json_object_new_int64(n + 1));
}

/* Who holds the LSM's load lock now: null when no loader does. */
static struct json_object *load_lock(const struct lsmc_lsm_info *p)
{
	struct json_object *o;

	if (p->lock_pid == 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "pid", p->lock_pid > 0 ? json_object_new_int(p->lock_pid) : NULL);
	json_object_object_add(o, "command", lsmctl_json_str(p->lock_holder));
	json_object_object_add(o, "unfinished", json_object_new_boolean(p->load_unfinished));
	return o;
}

/* "loaded" of AppArmor: the profiles per namespace, with their modes. */
struct aa_loaded {
	struct json_object *namespaces, *counts;
};

static int add_profile(const struct lsmc_apparmor_profile *p, void *data)
{
	struct aa_loaded *l = data;
	struct json_object *e = ns_entry(l->namespaces, p->ns), *q = json_object_new_object();
	struct json_object *profiles, *counts;

	lsmctl_json_add_name(q, "name", p->name);
	json_object_object_add(q, "mode", lsmctl_json_str(p->mode));
	json_object_object_get_ex(e, "profiles", &profiles);
	json_object_object_get_ex(e, "counts", &counts);
	json_object_array_add(profiles, q);
	count(counts, p->mode);
	count(l->counts, p->mode);
	return 0;
}

static struct json_object *loaded_apparmor(struct lsmc_ctx *ctx)
{
	struct aa_loaded l = {json_object_new_array(), json_object_new_object()};
	struct json_object *o;
	int n = lsmc_apparmor_profiles(ctx, add_profile, &l);

	if (n < 0) {
		json_object_put(l.namespaces);
		json_object_put(l.counts);
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "profiles", json_object_new_int64(n));
	json_object_object_add(o, "counts", l.counts);
	json_object_object_add(o, "namespaces", l.namespaces);
	return o;
}

static struct json_object *loaded_selinux(struct lsmc_ctx *ctx)
{
	struct lsmc_selinux_status st = {.sz = sizeof(st)};
	struct json_object *o;

	if (lsmc_selinux_status(ctx, &st) < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "mode",
			       json_object_new_string(st.enforcing ? "enforcing" : "permissive"));
	if (st.policy_version > 0)
		json_object_object_add(o, "max_policy_version",
				       json_object_new_int64(st.policy_version));
	json_object_object_add(o, "policy_loaded",
			       st.policy_loaded < 0 ? NULL
						    : json_object_new_boolean(st.policy_loaded));
	if (st.policy_loaded < 0)
		json_object_object_add(o, "policy_error",
				       json_object_new_string(strerror(-st.policy_loaded)));
	return o;
}

static struct json_object *loaded_smack(struct lsmc_ctx *ctx)
{
	int n = lsmc_smack_rules(ctx, NULL, NULL);
	struct json_object *o;

	if (n < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "rules", json_object_new_int64(n));
	return o;
}

/* What an active LSM has loaded; NULL when it cannot be read. */
static struct json_object *loaded(struct lsmc_ctx *ctx, const struct lsmc_lsm_info *p)
{
	if (!p->active)
		return NULL;
	if (p->lsm == LSMC_LSM_APPARMOR)
		return loaded_apparmor(ctx);
	if (p->lsm == LSMC_LSM_SELINUX)
		return loaded_selinux(ctx);
	if (p->lsm == LSMC_LSM_SMACK)
		return loaded_smack(ctx);
	return NULL;
}

static struct json_object *build(struct lsmc_ctx *ctx, const uint64_t *ids, int n,
				 const struct lsmc_lsm_info *info, const struct syscalls *sc)
{
	struct json_object *doc = lsmctl_json_doc("status"), *arr = json_object_new_array();
	bool numbered = sc->numbered;

	json_object_object_add(doc, "features", json_object_new_string(lsmc_features()));
	json_object_object_add(doc, "abi", json_object_new_string(lsmc_syscall_revision()));
	json_object_object_add(doc, "syscalls", sc->arr);
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
			json_object_new_string(!numbered ? "not-asked"
							 : avail_word(p->syscall_self)));
		json_object_object_add(
			o, "syscall_system",
			json_object_new_string(!numbered ? "not-asked"
							 : avail_word(p->syscall_system)));
		json_object_object_add(o, "fs", json_object_new_string(fs_word(p->fs)));
		json_object_object_add(o, "fs_path", lsmctl_json_str(p->fs_path));
		json_object_object_add(o, "cap_mac_admin",
				       json_object_new_boolean(p->cap_mac_admin));
		json_object_object_add(o, "cap_dac_override",
				       json_object_new_boolean(p->cap_dac_override));
		json_object_object_add(o, "can_load", json_object_new_boolean(p->can_load));
		json_object_object_add(o, "loaded", loaded(ctx, p));
		json_object_object_add(o, "load_lock", load_lock(p));
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

			printf("  namespace %s: %zu profile(s): ",
			       name && *name ? lsmctl_name(name) : "(root)",
			       json_object_array_length(ps));
			print_counts(member(ns, "counts"));
			printf("\n");
			for (size_t k = 0; k < json_object_array_length(ps); k++) {
				struct json_object *p = json_object_array_get_idx(ps, k);
				printf("    %s (%s)\n", lsmctl_name(str(p, "name")),
				       lsmctl_name(str(p, "mode")));
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
		       json_object_get_boolean(member(s, "merged")) ? "merged" : "proposed", k,
		       build);
	}
	printf("\nCapabilities: CAP_MAC_ADMIN %s, CAP_DAC_OVERRIDE %s\n",
	       first_policy && json_object_get_boolean(member(first_policy, "cap_mac_admin"))
		       ? "yes"
		       : "no",
	       first_policy && json_object_get_boolean(member(first_policy, "cap_dac_override"))
		       ? "yes"
		       : "no");
	for (size_t i = 0; i < n; i++) {
		struct json_object *l = json_object_array_get_idx(lsms, i);
		struct json_object *lk = member(l, "load_lock");

		if (!lk)
			continue;
		if (json_object_get_boolean(member(lk, "unfinished")))
			printf("Load lock: %s free; the last load, by pid %lld (%s), did not "
			       "finish "
			       "(killed?): what it applied is in place; load the same input "
			       "again\n",
			       str(l, "name"), (long long)num(lk, "pid"), str(lk, "command"));
		else if (num(lk, "pid") > 0)
			printf("Load lock: %s held by pid %lld (%s)\n", str(l, "name"),
			       (long long)num(lk, "pid"), str(lk, "command"));
		else
			printf("Load lock: %s held by a loader that did not say who it is\n",
			       str(l, "name"));
	}
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
	struct syscalls sc = {NULL, true};
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
	sc.arr = json_object_new_array();
	r = lsmc_syscalls(ctx, add_syscall, &sc);
	if (r < 0) {
		json_object_put(sc.arr);
		lsmctl_print_error(ctx, "listing the LSM syscalls", r);
		return EXIT_ERROR;
	}
	doc = build(ctx, ids, n, info, &sc);
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

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl unshare: run a command in a new LSM namespace with its own policy.
 * With lsm_unshare in the kernel, that syscall makes the namespace; for
 * AppArmor without it, a policy namespace does: lsmctl creates it, loads
 * the policy into it, moves the command into it, and removes it again when
 * the command ends (unless it existed before, or --keep).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lsmctl.h"

#define MAX_LOADS 64

struct unshare_args {
	uint64_t lsm;
	const char *ns;
	const char *loads[MAX_LOADS];
	int n_loads;
	const char *join;
	bool keep;
	char **command;
};

static void help(FILE *out)
{
	fprintf(out,
		"Usage: lsmctl unshare LSM [OPTIONS] -- COMMAND [ARGS...]\n"
		"\n"
		"Run COMMAND in a new namespace of LSM (apparmor, selinux, smack) with the given\n"
		"policy loaded into it first. lsm_unshare makes the namespace where the kernel "
		"has\n"
		"it; AppArmor without it uses a policy namespace, removed again when COMMAND "
		"ends.\n"
		"\n"
		"Options:\n"
		"  -n, --ns=NAME     AppArmor policy namespace to create and use\n"
		"                    (default: lsmctl-PID)\n"
		"  -l, --load=FILE   policy to load into the new namespace (repeatable)\n"
		"  -k, --keep        keep the AppArmor namespace after COMMAND ends\n"
		"  -J, --join=PID    join the LSM namespaces of process PID instead\n"
		"                    (/proc/PID/ns/lsm, where the kernel offers it)\n"
		"  -j, --json[=STYLE] before COMMAND runs, print what was set up as JSON, on\n"
		"                    stderr (COMMAND's stdout is its own)\n"
		"      --json-fd=N   write that report to file descriptor N instead (implies\n"
		"                    --json); COMMAND does not inherit N\n"
		"  -b, --backend=BACKEND auto (default), syscall or fs\n"
		"  -v, --verbose     say on stderr what is set up and removed\n"
		"  -h, --help        show this help and exit\n"
		"\n"
		"COMMAND's standard output is its own: lsmctl writes nothing there.\n"
		"\n"
		"Exit status: COMMAND's, or 1 when the namespace could not be set up, 2 bad "
		"usage.\n");
}

static int load_into(struct lsmc_ctx *ctx, const struct unshare_args *a, const char *ns)
{
	struct lsmc_load_opts opts = {.sz = sizeof(opts), .ns = ns};
	struct lsmc_result res = {.sz = sizeof(res)};
	int r = 0;

	if (a->n_loads == 0)
		return 0;
	if (a->lsm == LSMC_LSM_APPARMOR) {
		r = lsmc_apparmor_load_files(ctx, a->loads, (size_t)a->n_loads, &opts, &res);
	} else if (a->lsm == LSMC_LSM_SELINUX) {
		r = lsmc_selinux_load_file(ctx, a->loads[0], NULL, &res);
	} else {
		for (int i = 0; i < a->n_loads && r == 0; i++) {
			struct lsmc_smack_ruleset *rs = NULL;
			r = lsmc_smack_ruleset_new(&rs);
			if (r == 0)
				r = lsmc_smack_ruleset_parse_file(rs, a->loads[i]);
			if (r < 0 && rs)
				fprintf(stderr, "lsmctl unshare: %s\n",
					lsmc_smack_ruleset_error(rs));
			else if (r == 0)
				r = lsmc_smack_load(ctx, rs, NULL, &res);
			lsmc_smack_ruleset_free(rs);
		}
	}
	if (r < 0)
		lsmctl_print_error(ctx, "loading policy into the namespace", r);
	else
		lsmctl_note("%s: loaded %u item(s) into %s%s", lsmc_lsm_name(a->lsm), res.items,
			    ns ? "namespace " : "the new namespace", ns ? ns : "");
	return r;
}

/* The --json report: what was set up, before the command runs, where the
 * caller said (--json-fd, else stderr: stdout is the command's). The
 * namespace lsm_unshare makes has no name: its item is null. */
static void report(const struct unshare_args *a, const char *how, const char *ns, bool created)
{
	struct json_object *doc, *arr, *o;

	if (!lsmctl.json)
		return;
	doc = lsmctl_json_doc("unshare");
	arr = json_object_new_array();
	o = lsmctl_json_item(ns, a->lsm, created ? LSMCTL_CREATED : LSMCTL_JOINED, 0, NULL);
	json_object_object_add(o, "via", json_object_new_string(how));
	json_object_array_add(arr, o);
	for (int i = 0; i < a->n_loads; i++)
		json_object_array_add(
			arr, lsmctl_json_item(a->loads[i], a->lsm, LSMCTL_LOADED, 0, NULL));
	json_object_object_add(doc, "items", arr);
	lsmctl_json_add_name(doc, "run", a->command[0]);
	lsmctl_json_print(doc);
	lsmctl_json_flush(-1);
}

static int exec_command(char **command)
{
	if (fflush(stdout) != 0) {
		fprintf(stderr, "lsmctl unshare: writing to standard output: %s\n",
			strerror(errno));
		return EXIT_ERROR;
	}
	execvp(command[0], command);
	fprintf(stderr, "lsmctl unshare: cannot run %s: %s\n", command[0], strerror(errno));
	return EXIT_ERROR;
}

static int join(const struct unshare_args *a)
{
	char path[64];
	int fd;

	char *end;
	long pid = strtol(a->join, &end, 10);

	if (*a->join == '\0' || *end != '\0' || pid <= 0)
		return lsmctl_usage_error("unshare", "--join takes a process ID, not '%s'",
					  a->join);
	snprintf(path, sizeof(path), "/proc/%ld/ns/lsm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT && access("/proc/self/ns", F_OK) == 0 && kill((pid_t)pid, 0) == 0)
			lsmctl_error(e,
				     "this kernel offers no LSM namespace handle (%s "
				     "is proposed, not merged): there is nothing to join",
				     path);
		else
			lsmctl_error(e, "%s: %s", path, strerror(e));
		return EXIT_ERROR;
	}
	if (setns(fd, 0) < 0) {
		lsmctl_error(errno, "joining %s: %s", path, strerror(errno));
		close(fd);
		return EXIT_ERROR;
	}
	close(fd);
	report(a, "setns", path, false);
	return exec_command(a->command);
}

static int ignore_name(const char *name, void *data)
{
	(void)name;
	(void)data;
	return 0;
}

/* The outermost namespace of ns ("a//b//c") that does not exist yet: what
 * creating ns creates, and so what must go again afterwards. Only a
 * namespace the kernel says is missing counts, never one it hides. */
static void outermost_new(struct lsmc_ctx *ctx, const char *ns, char *top, size_t len)
{
	snprintf(top, len, "%s", ns);
	for (const char *sep = ns;; sep += 2) {
		sep = strstr(sep, "//");
		snprintf(top, len, "%.*s", sep ? (int)(sep - ns) : (int)strlen(ns), ns);
		if (lsmc_apparmor_ns_list(ctx, top, ignore_name, NULL) == -ENOENT || !sep)
			break;
	}
}

/* AppArmor without lsm_unshare: a policy namespace for the command. */
static int apparmor_namespace(struct lsmc_ctx *ctx, const struct unshare_args *a)
{
	char generated[64], top[1024];
	const char *ns = a->ns;
	bool created = false;
	int r, status;
	pid_t pid;

	if (!ns) {
		snprintf(generated, sizeof(generated), "lsmctl-%d", (int)getpid());
		ns = generated;
	}
	outermost_new(ctx, ns, top, sizeof(top));
	r = lsmc_apparmor_ns_create(ctx, ns);
	if (r == 0)
		created = true;
	else if (r != -EEXIST) {
		lsmctl_print_error(ctx, "creating the AppArmor namespace", r);
		return EXIT_ERROR;
	}
	lsmctl_note("apparmor: %s namespace %s", created ? "created" : "using existing", ns);
	r = load_into(ctx, a, ns);
	if (r < 0)
		goto out;
	report(a, "apparmor policy namespace", ns, created);
	if (fflush(stdout) != 0) {
		r = -errno;
		fprintf(stderr, "lsmctl unshare: writing to standard output: %s\n", strerror(-r));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		r = -errno;
		fprintf(stderr, "lsmctl unshare: fork: %s\n", strerror(-r));
		goto out;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		r = lsmc_apparmor_ns_enter(ctx, ns);
		if (r < 0) {
			lsmctl_print_error(ctx, "entering the AppArmor namespace", r);
			_exit(EXIT_ERROR);
		}
		_exit(exec_command(a->command));
	}
	/* Like system(3): a terminal's interrupt is for the command; lsmctl
	 * stays to remove the namespace once the command is gone. */
	{
		void (*old_int)(int) = signal(SIGINT, SIG_IGN);
		void (*old_quit)(int) = signal(SIGQUIT, SIG_IGN);
		pid_t w;

		do
			w = waitpid(pid, &status, 0);
		while (w < 0 && errno == EINTR);
		signal(SIGINT, old_int);
		signal(SIGQUIT, old_quit);
		if (w < 0)
			r = -errno;
		else
			r = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
out:
	if (created && !a->keep) {
		/* the parents it created with it too */
		int rr = lsmc_apparmor_ns_remove(ctx, top);
		if (rr < 0)
			lsmctl_print_error(ctx, "removing the AppArmor namespace", rr);
		else
			lsmctl_note("apparmor: removed namespace %s", top);
	}
	return r < 0 ? EXIT_ERROR : r;
}

static int run(struct lsmc_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{"ns", required_argument, NULL, 'n'},
		{"load", required_argument, NULL, 'l'},
		{"keep", no_argument, NULL, 'k'},
		{"join", required_argument, NULL, 'J'},
		LSMCTL_JSON_FD_LONGOPT,
		LSMCTL_COMMON_LONGOPTS,
	};
	struct unshare_args a = {0};
	int c, end, r;

	/* COMMAND's standard output is its own: a report goes elsewhere. */
	lsmctl.wrapper = true;
	end = lsmctl_split_command(argc, argv, &a.command);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(end, argv, ":n:l:kJ:" LSMCTL_COMMON_SHORTOPTS, options, NULL)) !=
	       -1) {
		r = lsmctl_check_value("unshare", options, c);
		if (r != LSMCTL_CONTINUE)
			return r;
		switch (c) {
		case 'n':
			a.ns = optarg;
			break;
		case 'l':
			if (a.n_loads == MAX_LOADS)
				return lsmctl_usage_error("unshare", "at most %d --load files",
							  MAX_LOADS);
			a.loads[a.n_loads++] = optarg;
			break;
		case 'k':
			a.keep = true;
			break;
		case 'J':
			a.join = optarg;
			break;
		default:
			r = lsmctl_common_option(&lsmctl_cmd_unshare, ctx, c, argv);
			if (r != LSMCTL_CONTINUE)
				return r;
		}
	}
	r = lsmctl_parse_lsm("unshare", optind < end ? argv[optind] : NULL, &a.lsm);
	if (r != 0)
		return r;
	if (optind + 1 < end)
		return lsmctl_usage_error("unshare", "unexpected argument '%s'", argv[optind + 1]);
	if (!a.command)
		return lsmctl_usage_error("unshare", "missing -- COMMAND");
	if (a.lsm == LSMC_LSM_SELINUX && a.n_loads > 1)
		return lsmctl_usage_error("unshare", "SELinux loads one policy: give one --load");
	if (a.ns && a.lsm != LSMC_LSM_APPARMOR)
		return lsmctl_usage_error("unshare", "--ns names an AppArmor policy namespace");
	if (a.join) {
		if (a.ns || a.n_loads || a.keep)
			return lsmctl_usage_error("unshare",
						  "--join takes no --ns, --load or --keep");
		return join(&a);
	}

	/* The proposed syscall first; AppArmor namespaces where it is missing. */
	r = a.ns ? -ENOSYS : lsmc_unshare(ctx, a.lsm, NULL);
	if (r == 0) {
		lsmctl_note("%s: in a new namespace (lsm_unshare)", lsmc_lsm_name(a.lsm));
		if (load_into(ctx, &a, NULL) < 0)
			return EXIT_ERROR;
		report(&a, "lsm_unshare", NULL, true);
		return exec_command(a.command);
	}
	/* Only missing support falls back; a refusal is reported. */
	if (a.lsm == LSMC_LSM_APPARMOR && (r == -ENOSYS || r == -EOPNOTSUPP))
		return apparmor_namespace(ctx, &a);
	lsmctl_print_error(ctx, "no namespace for this LSM", r);
	lsmctl_error(r, "this kernel offers no %s namespace", lsmc_lsm_name(a.lsm));
	return EXIT_ERROR;
}

const struct lsmctl_cmd lsmctl_cmd_unshare = {
	.name = "unshare",
	.run = run,
	.help = help,
	.summary = "run a command in a new LSM namespace with its own policy",
};

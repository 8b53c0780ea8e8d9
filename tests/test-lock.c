/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The per-LSM load lock: two loaders of overlapping Smack rule sets, one
 * failing part-way, end as their reports say (the rollback does not undo
 * the other's rules); a loader that cannot get the lock names its holder;
 * a planted link is refused; a killed holder's lock goes with it. The lock
 * files are real files below a temporary root (LSMCONFIG_ROOT's place),
 * reached through the model's passthrough; the kernel is the model.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static char tmproot[] = "/tmp/lsmc-test-lock-XXXXXX";
static char lockpath[PATH_MAX];

static int setup(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'/run", tmproot);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/run", tmproot);
	if (mkdir(cmd, 0755) < 0)
		return -1;
	snprintf(lockpath, sizeof(lockpath), "%s/run/liblsmconfig/smack.lock", tmproot);
	return 0;
}

static int make_root(void **state)
{
	(void)state;
	return mkdtemp(tmproot) ? 0 : -1;
}

static int remove_root(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmproot);
	return system(cmd) == 0 ? 0 : -1;
}

/* A context on m whose lock files live below tmproot. */
static struct lsmc_ctx *locking_ctx(struct model *m)
{
	struct lsmc_ctx *ctx = ctx_on_model(m);

	free(ctx->root);
	ctx->root = strdup(tmproot);
	assert_non_null(ctx->root);
	return ctx;
}

static struct model *smack_model(void)
{
	struct model *m = model_new();

	assert_non_null(m);
	model_preset_smack_fs_only(m);
	m->passthrough = true; /* the lock files are real */
	return m;
}

static struct lsmc_smack_ruleset *rules(const char *text)
{
	struct lsmc_smack_ruleset *rs;

	assert_int_equal(lsmc_smack_ruleset_new(&rs), 0);
	assert_int_equal(lsmc_smack_ruleset_parse(rs, text, strlen(text), "test"), 0);
	return rs;
}

/* Hold the lock as another loader would: its own open file, its record. */
static int hold_lock(const char *record)
{
	char dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s/run/liblsmconfig", tmproot);
	mkdir(dir, 0755);
	fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(write(fd, record, strlen(record)), (ssize_t)strlen(record));
	return fd;
}

static void test_load_takes_and_releases_the_lock(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx = locking_ctx(m);
	struct lsmc_smack_ruleset *rs = rules("s1 o1 rw\n");
	char rec[80] = "", want[64];
	struct stat st;
	int fd;

	(void)state;
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), 0);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	/* made as documented: a 0755 directory, a 0600 file of the caller's */
	assert_int_equal(lstat(lockpath, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, geteuid());
	*strrchr(lockpath, '/') = '\0';
	assert_int_equal(lstat(lockpath, &st), 0);
	lockpath[strlen(lockpath)] = '/';
	assert_int_equal(st.st_mode & 022, 0);
	/* a finished load leaves the record of a release, and the lock free */
	fd = open(lockpath, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_true(read(fd, rec, sizeof(rec) - 1) == 64);
	snprintf(want, sizeof(want), "0 -   ");
	assert_memory_equal(rec, want, strlen(want));
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	close(fd);
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
}

static void test_timeout_names_the_holder(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx = locking_ctx(m);
	struct lsmc_smack_ruleset *rs = rules("s1 o1 rw\n");
	struct lsmc_lsm_info info = {.sz = sizeof(info)};
	struct lsmc_error e;
	int fd = hold_lock("4242 postinst-reload\n");

	(void)state;
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	assert_int_equal(lsmc_get_lock_timeout(ctx), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), -ETIMEDOUT);
	e = last_error(ctx);
	assert_non_null(strstr(e.message, "pid 4242 (postinst-reload)"));
	assert_string_equal(e.interface, lockpath);
	assert_non_null(strstr(e.hint, "LSMCONFIG_LOCK_TIMEOUT"));
	assert_int_equal(m->n_writes, 0); /* nothing reached the kernel */
	assert_int_equal(model_smack_rule(m, "s1", "o1"), -1);
	/* the probe tells who holds it */
	assert_int_equal(lsmc_probe(ctx, LSM_ID_SMACK, &info), 0);
	assert_int_equal(info.lock_pid, 4242);
	assert_string_equal(info.lock_holder, "postinst-reload");
	/* a batch waits for the same lock and loads nothing */
	{
		struct lsmc_batch *b;
		struct lsmc_batch_item it = {.sz = sizeof(it)};
		char path[PATH_MAX];
		FILE *f;

		snprintf(path, sizeof(path), "%s/rules", tmproot);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("s2 o2 r\n", f);
		fclose(f);
		assert_int_equal(lsmc_batch_new(ctx, &b), 0);
		assert_int_equal(lsmc_batch_add(b, LSM_ID_SMACK, path, NULL), 0);
		assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -ETIMEDOUT);
		assert_int_equal(lsmc_batch_get(b, 0, &it), 0);
		assert_int_equal(it.status, -ETIMEDOUT);
		assert_non_null(strstr(it.message, "pid 4242"));
		assert_int_equal(m->n_writes, 0);
		lsmc_batch_free(b);
	}
	close(fd);
	/* released: the same load goes through, and the probe sees no holder */
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), 0);
	assert_int_equal(lsmc_probe(ctx, LSM_ID_SMACK, &info), 0);
	assert_int_equal(info.lock_pid, 0);
	assert_string_equal(info.lock_holder, "");
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
}

static void test_planted_links_are_refused(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx = locking_ctx(m);
	struct lsmc_smack_ruleset *rs = rules("s1 o1 rw\n");
	char dir[PATH_MAX], elsewhere[PATH_MAX], victim[PATH_MAX];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/run/liblsmconfig", tmproot);
	snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", tmproot);
	snprintf(victim, sizeof(victim), "%s/victim", tmproot);
	/* the directory a link to another: nothing is made or locked there */
	assert_int_equal(mkdir(elsewhere, 0755), 0);
	assert_int_equal(symlink(elsewhere, dir), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), -ENOLCK);
	assert_non_null(strstr(last_error(ctx).message, "cannot be trusted"));
	/* the task's own rules take no lock: nothing of /run is looked at */
	{
		struct lsmc_load_opts self = {.sz = sizeof(self), .scope = LSMC_SCOPE_SELF};

		assert_int_equal(lsmc_smack_load(ctx, rs, &self, NULL), 0);
		assert_int_equal(model_smack_self_rule(m, "s1", "o1"),
				 MODEL_SMK_READ | MODEL_SMK_WRITE);
	}
	{
		char in[PATH_MAX + 16];
		snprintf(in, sizeof(in), "%s/smack.lock", elsewhere);
		assert_int_equal(access(in, F_OK), -1);
	}
	assert_int_equal(unlink(dir), 0);
	/* the file a link to a victim: not created, not opened */
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(symlink(victim, lockpath), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), -ENOLCK);
	assert_int_equal(access(victim, F_OK), -1);
	assert_int_equal(unlink(lockpath), 0);
	/* a directory anyone may write to */
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), -ENOLCK);
	assert_non_null(strstr(last_error(ctx).message, "writable by no one else"));
	assert_int_equal(model_smack_rule(m, "s1", "o1"), -1);
	/* put right, the load goes */
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), 0);
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
}

/* A task confining itself through apparmorfs loads into a namespace made
 * for it alone: no other loader's concern, so it waits for no lock, while
 * a load of system policy beside it does. */
static void test_self_namespace_load_takes_no_lock(void **state)
{
	static const struct lsmc_load_opts self = {.sz = sizeof(self), .scope = LSMC_SCOPE_SELF};
	struct lsmc_result res = {.sz = sizeof(res)};
	struct model *m = smack_model();
	const char *names[] = {"jail"};
	struct lsmc_ctx *ctx;
	uint8_t *blob;
	size_t len;
	int fd;

	(void)state;
	model_preset_apparmor_fs_only(m);
	m->procfs = true;
	ctx = locking_ctx(m);
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	blob = model_aa_blob(NULL, names, 1, 7, 0, &len);
	assert_non_null(blob);
	snprintf(lockpath, sizeof(lockpath), "%s/run/liblsmconfig/apparmor.lock", tmproot);
	fd = hold_lock("4242 aa-holder\n");
	assert_int_equal(lsmc_apparmor_load(ctx, blob, len, NULL, NULL), -ETIMEDOUT);
	assert_int_equal(lsmc_apparmor_load(ctx, blob, len, &self, &res), 0);
	assert_int_equal(res.backend, LSMC_BACKEND_FS);
	assert_non_null(res.ns);
	assert_true(model_aa_has_profile(m, res.ns, "jail"));
	close(fd);
	free(blob);
	lsmc_unref(ctx);
	model_free(m);
}

/* Every load of system policy takes its LSM's lock: AppArmor loads and
 * removals, SELinux loads; a dry run takes none. */
static void test_every_loader_takes_its_lock(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx;
	struct lsmc_load_opts dry = {.sz = sizeof(dry), .dry_run = true};
	const char *names[] = {"web"};
	char path[PATH_MAX];
	uint8_t *blob, *policy;
	size_t len, plen;
	int fd;

	(void)state;
	model_preset_apparmor_fs_only(m);
	model_preset_selinux_fs_only(m);
	ctx = locking_ctx(m);
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	blob = model_aa_blob(NULL, names, 1, 7, 0, &len);
	{
		FILE *f = fopen(TEST_DATA_DIR "/selinux-minimal.33", "rb");

		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		plen = (size_t)ftell(f);
		rewind(f);
		policy = malloc(plen);
		assert_non_null(policy);
		assert_int_equal(fread(policy, 1, plen, f), plen);
		fclose(f);
	}

	snprintf(lockpath, sizeof(lockpath), "%s/run/liblsmconfig/apparmor.lock", tmproot);
	fd = hold_lock("4242 aa-holder\n");
	assert_int_equal(lsmc_apparmor_load(ctx, blob, len, &dry, NULL), 0);
	assert_int_equal(lsmc_apparmor_load(ctx, blob, len, NULL, NULL), -ETIMEDOUT);
	assert_non_null(strstr(last_error(ctx).message, "pid 4242 (aa-holder)"));
	assert_int_equal(lsmc_apparmor_remove(ctx, "web", NULL, NULL), -ETIMEDOUT);
	snprintf(path, sizeof(path), "%s/web.bin", tmproot);
	{
		FILE *f = fopen(path, "w");
		const char *paths[] = {path};

		assert_non_null(f);
		assert_int_equal(fwrite(blob, 1, len, f), len);
		fclose(f);
		assert_int_equal(lsmc_apparmor_load_files(ctx, paths, 1, NULL, NULL), -ETIMEDOUT);
	}
	assert_false(model_aa_has_profile(m, NULL, "web"));
	close(fd);
	assert_int_equal(lsmc_apparmor_load(ctx, blob, len, NULL, NULL), 0);
	assert_true(model_aa_has_profile(m, NULL, "web"));

	snprintf(lockpath, sizeof(lockpath), "%s/run/liblsmconfig/selinux.lock", tmproot);
	fd = hold_lock("4243 se-holder\n");
	assert_int_equal(lsmc_selinux_load(ctx, policy, plen, &dry, NULL), 0);
	assert_int_equal(lsmc_selinux_load(ctx, policy, plen, NULL, NULL), -ETIMEDOUT);
	assert_non_null(strstr(last_error(ctx).message, "pid 4243 (se-holder)"));
	assert_int_equal(m->selinux_loads, 0);
	close(fd);
	assert_int_equal(lsmc_selinux_load(ctx, policy, plen, NULL, NULL), 0);
	assert_int_equal(m->selinux_loads, 1);
	free(blob);
	free(policy);
	lsmc_unref(ctx);
	model_free(m);
}

/* A batch takes every lock it needs before its first kernel call, in the
 * order AppArmor, SELinux, Smack: one it cannot get loads nothing, and the
 * ones it got are let go. */
static void test_batch_takes_all_locks_first(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx;
	struct lsmc_batch *b;
	const char *names[] = {"web"};
	char aa[PATH_MAX], sm[PATH_MAX], aalock[PATH_MAX];
	size_t len;
	uint8_t *blob;
	FILE *f;
	int fd, afd;

	(void)state;
	model_preset_apparmor_fs_only(m);
	ctx = locking_ctx(m);
	blob = model_aa_blob(NULL, names, 1, 7, 0, &len);
	snprintf(aa, sizeof(aa), "%s/web.bin", tmproot);
	snprintf(sm, sizeof(sm), "%s/web.rules", tmproot);
	f = fopen(aa, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(blob, 1, len, f), len);
	fclose(f);
	free(blob);
	f = fopen(sm, "w");
	assert_non_null(f);
	fputs("s1 o1 rw\n", f);
	fclose(f);
	fd = hold_lock("4242 other\n"); /* the Smack lock */
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	assert_int_equal(lsmc_batch_new(ctx, &b), 0);
	assert_int_equal(lsmc_batch_add(b, LSM_ID_SMACK, sm, NULL), 0);
	assert_int_equal(lsmc_batch_add(b, LSM_ID_APPARMOR, aa, NULL), 0);
	assert_int_equal(lsmc_batch_run(b, LSMC_BATCH_CONTINUE, NULL), -ETIMEDOUT);
	/* the AppArmor lock was taken first, and nothing was loaded */
	assert_int_equal(m->n_writes, 0);
	assert_false(model_aa_has_profile(m, NULL, "web"));
	snprintf(aalock, sizeof(aalock), "%s/run/liblsmconfig/apparmor.lock", tmproot);
	afd = open(aalock, O_RDWR | O_CLOEXEC);
	assert_true(afd >= 0);
	assert_int_equal(flock(afd, LOCK_EX | LOCK_NB), 0); /* and let go */
	close(afd);
	close(fd);
	assert_int_equal(lsmc_batch_run(b, 0, NULL), 0);
	assert_true(model_aa_has_profile(m, NULL, "web"));
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	lsmc_batch_free(b);
	lsmc_unref(ctx);
	model_free(m);
}

/* No /run to hold the file (a container without one, a read-only root):
 * the load goes on without the lock. So does a task's own policy, which
 * never takes it. */
static void test_no_run_loads_unlocked(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx = locking_ctx(m);
	struct lsmc_smack_ruleset *rs = rules("s1 o1 rw\n");
	struct lsmc_load_opts self = {.sz = sizeof(self), .scope = LSMC_SCOPE_SELF};
	char run[PATH_MAX];
	int fd;

	(void)state;
	snprintf(run, sizeof(run), "%s/run", tmproot);
	assert_int_equal(rmdir(run), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), 0);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	assert_int_equal(mkdir(run, 0755), 0);
	fd = hold_lock("1 init\n");
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	assert_int_equal(lsmc_smack_load(ctx, rs, &self, NULL), 0);
	assert_int_equal(model_smack_self_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	close(fd);
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
}

/*
 * Two loaders at once. B takes its snapshot first and is stopped at its
 * first write to the kernel until A has either finished its load or found
 * the lock taken; then B's load fails after its first rule. Without the
 * lock, A's load lands between B's snapshot and B's rollback, which puts
 * the pair both touch back to what B saw and so undoes A's rule.
 */
struct race {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool go_a, a_done, a_blocked, b_paused;
};

static struct race race = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
static struct lsmc_sys inner;
static __thread int who; /* 1: loader A's thread, 2: loader B's */

static ssize_t w_write(void *d, int fd, const void *buf, size_t len)
{
	if (who == 2 && fd >= MODEL_FD_BASE && !race.b_paused) {
		struct model *m = d;

		pthread_mutex_lock(&race.mu);
		race.b_paused = true;
		race.go_a = true;
		pthread_cond_broadcast(&race.cv);
		while (!race.a_done && !race.a_blocked)
			pthread_cond_wait(&race.cv, &race.mu);
		pthread_mutex_unlock(&race.mu);
		/* the kernel fails B's second rule */
		m->smack_fail_after_rules = m->smack_rules_applied + 1;
	}
	return inner.write(d, fd, buf, len);
}

static int w_flock(void *d, int fd, int op)
{
	int r = inner.flock(d, fd, op);

	if (who == 1 && r == -EWOULDBLOCK) {
		pthread_mutex_lock(&race.mu);
		race.a_blocked = true;
		pthread_cond_broadcast(&race.cv);
		pthread_mutex_unlock(&race.mu);
	}
	return r;
}

struct loader {
	int who;
	struct lsmc_ctx *ctx;
	struct lsmc_smack_ruleset *rs;
	struct lsmc_result res;
	int r;
};

static void *run_loader(void *arg)
{
	struct loader *l = arg;

	who = l->who;
	if (who == 1) {
		pthread_mutex_lock(&race.mu);
		while (!race.go_a)
			pthread_cond_wait(&race.cv, &race.mu);
		pthread_mutex_unlock(&race.mu);
	}
	l->res = (struct lsmc_result){.sz = sizeof(l->res)};
	l->r = lsmc_smack_load(l->ctx, l->rs, NULL, &l->res);
	if (who == 1) {
		pthread_mutex_lock(&race.mu);
		race.a_done = true;
		pthread_cond_broadcast(&race.cv);
		pthread_mutex_unlock(&race.mu);
	}
	return NULL;
}

static void test_overlapping_loaders_one_failing(void **state)
{
	struct model *m = smack_model();
	struct lsmc_sys wrapped;
	struct loader a = {.who = 1}, b = {.who = 2};
	pthread_t ta, tb;

	(void)state;
	inner = model_sys(m);
	wrapped = inner;
	wrapped.write = w_write;
	wrapped.flock = w_flock;
	assert_int_equal(model_smack_set_rule(m, "s1", "o1", "r"), 0);
	a.ctx = locking_ctx(m);
	b.ctx = locking_ctx(m);
	lsmc_ctx_set_sys(a.ctx, &wrapped);
	lsmc_ctx_set_sys(b.ctx, &wrapped);
	assert_int_equal(lsmc_set_lock_timeout(a.ctx, -1), 0);
	a.rs = rules("s1 o1 rwx\ns2 o2 r\n");
	b.rs = rules("s1 o1 w\ns3 o3 x\ns4 o4 a\n");
	assert_int_equal(pthread_create(&tb, NULL, run_loader, &b), 0);
	assert_int_equal(pthread_create(&ta, NULL, run_loader, &a), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	assert_int_equal(pthread_join(ta, NULL), 0);

	/* the reports: A loaded its two rules, B failed and rolled back */
	assert_int_equal(a.r, 0);
	assert_int_equal(a.res.items, 2);
	assert_int_equal(b.r, -ENOMEM);
	assert_true(b.res.rolled_back);
	assert_int_equal(b.res.items, 0);
	/* the kernel: A's rules, none of B's, whatever the order */
	assert_int_equal(model_smack_rule(m, "s1", "o1"),
			 MODEL_SMK_READ | MODEL_SMK_WRITE | MODEL_SMK_EXEC);
	assert_int_equal(model_smack_rule(m, "s2", "o2"), MODEL_SMK_READ);
	assert_true(model_smack_rule(m, "s3", "o3") <= 0);
	assert_true(model_smack_rule(m, "s4", "o4") <= 0);
	lsmc_smack_ruleset_free(a.rs);
	lsmc_smack_ruleset_free(b.rs);
	lsmc_unref(a.ctx);
	lsmc_unref(b.ctx);
	model_free(m);
}

/* flock() locks die with their holder: a loader killed while it holds the
 * lock leaves nothing for the next one to wait for. */
static void test_killed_holder_releases_the_lock(void **state)
{
	struct model *m = smack_model();
	struct lsmc_ctx *ctx = locking_ctx(m);
	struct lsmc_smack_ruleset *rs = rules("s1 o1 rw\n");
	struct lsmc_lsm_info info = {.sz = sizeof(info)};
	int p[2], status;
	char c;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives a failed test */
		close(p[0]);
		if (lsmc_lock_take(ctx, SLOT_SMACK) < 0)
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(lsmc_set_lock_timeout(ctx, 0), 0);
	{
		char want[32];

		assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), -ETIMEDOUT);
		snprintf(want, sizeof(want), "pid %d (", (int)pid);
		assert_non_null(strstr(last_error(ctx).message, want));
	}
	assert_int_equal(lsmc_probe(ctx, LSM_ID_SMACK, &info), 0);
	assert_int_equal(info.lock_pid, pid);
	assert_false(info.load_unfinished);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	/* free, and the probe tells that its last holder never finished */
	assert_int_equal(lsmc_probe(ctx, LSM_ID_SMACK, &info), 0);
	assert_int_equal(info.lock_pid, pid);
	assert_true(info.load_unfinished);
	assert_int_equal(lsmc_smack_load(ctx, rs, NULL, NULL), 0);
	assert_int_equal(model_smack_rule(m, "s1", "o1"), MODEL_SMK_READ | MODEL_SMK_WRITE);
	assert_int_equal(lsmc_probe(ctx, LSM_ID_SMACK, &info), 0);
	assert_int_equal(info.lock_pid, 0);
	assert_false(info.load_unfinished);
	lsmc_smack_ruleset_free(rs);
	lsmc_unref(ctx);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_load_takes_and_releases_the_lock, setup),
		cmocka_unit_test_setup(test_timeout_names_the_holder, setup),
		cmocka_unit_test_setup(test_planted_links_are_refused, setup),
		cmocka_unit_test_setup(test_every_loader_takes_its_lock, setup),
		cmocka_unit_test_setup(test_self_namespace_load_takes_no_lock, setup),
		cmocka_unit_test_setup(test_batch_takes_all_locks_first, setup),
		cmocka_unit_test_setup(test_no_run_loads_unlocked, setup),
		cmocka_unit_test_setup(test_overlapping_loaders_one_failing, setup),
		cmocka_unit_test_setup(test_killed_holder_releases_the_lock, setup),
	};

	return cmocka_run_group_tests(tests, make_root, remove_root);
}

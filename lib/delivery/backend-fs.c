/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Delivery through apparmorfs, selinuxfs and smackfs (kernel-abi §7). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "delivery/smack-stream.h"

/*
 * "a//b" names namespace b inside a; its files live at
 * apparmor/policy/namespaces/a/namespaces/b/. Without a namespace, the
 * top-level file acts on the caller's own policy namespace.
 */
static int apparmor_ns_file(const char *ns, const char *file, char *path, size_t len)
{
	size_t used;
	const char *p = ns;

	if (!ns || !*ns)
		return snprintf(path, len, "apparmor/%s", file) < (int)len ? 0 : -ENAMETOOLONG;
	used = (size_t)snprintf(path, len, "apparmor/policy");
	while (*p) {
		const char *end = strstr(p, "//");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 0 || memchr(p, '/', n) || (n <= 2 && strncmp(p, "..", n) == 0))
			return -EINVAL;
		used += (size_t)snprintf(path + used, used < len ? len - used : 0,
					 "/namespaces/%.*s", (int)n, p);
		p += n + (end ? 2 : 0);
	}
	used += (size_t)snprintf(path + used, used < len ? len - used : 0, "/%s", file);
	return used < len ? 0 : -ENAMETOOLONG;
}

static void set_interface(struct lsmc_ctx *ctx, int slot, const char *rel, char *buf, size_t len,
			  struct lsmc_fail_info *fi)
{
	lsmc_fs_path(ctx, slot, rel, buf, len);
	fi->interface = buf;
}

/* One payload, one write at offset 0: AppArmor and SELinux parse each write whole. */
static int write_whole(struct lsmc_ctx *ctx, int slot, const char *rel,
		       const struct lsmc_request *req, struct lsmc_fail_info *fi,
		       struct lsmc_delivery *out)
{
	char ifbuf[PATH_MAX];
	ssize_t n;
	int fd;

	fd = lsmc_fs_open_file(ctx, slot, rel, O_WRONLY);
	if (fd < 0)
		return fd;
	set_interface(ctx, slot, rel, ifbuf, sizeof(ifbuf), fi);
	do {
		n = ctx->sys.write(ctx->sys.data, fd, req->payload, req->len);
		out->kernel_calls++;
	} while (n == -EINTR);
	ctx->sys.close(ctx->sys.data, fd);
	if (n < 0) {
		fi->error = (int)n;
		fi->kernel_errno = (int)-n;
		fi->hint = lsmc_refusal_hint(req, (int)-n);
		return lsmc_fail(ctx, fi, "the kernel refused the write: %s", strerror((int)-n));
	}
	if ((size_t)n != req->len) {
		fi->error = -EIO;
		return lsmc_fail(ctx, fi, "the kernel took %zd of %zu bytes in one write", n,
				 req->len);
	}
	out->bytes = req->len;
	out->atomic = true;
	return 0;
}

/* Why AppArmor refused a task command, in its own terms: ENOENT is a
 * profile or namespace that is not loaded, EACCES the policy confining the
 * caller, neither a mount nor a capability. */
static const char *setattr_hint(int error)
{
	switch (-error) {
	case ENOENT:
		return "AppArmor has no loaded profile (or namespace) of that name: load it "
		       "first; /sys/kernel/security/apparmor/profiles lists the loaded ones";
	case EACCES:
		return "the AppArmor profile confining this task does not allow the change (its "
		       "policy needs a change_profile rule for the target); no capability "
		       "overrides it";
	default:
		return NULL;
	}
}

/*
 * An AppArmor task command ("stack NAME", "changeprofile LABEL") for the
 * caller, acting now (LSM_ATTR_CURRENT) or at the next execve()
 * (LSM_ATTR_EXEC): lsm_set_self_attr() on kernels that have it (6.8), else
 * the procfs attribute file. With --backend fs only procfs is used. A
 * seccomp filter that denies the syscall answers EPERM (AppArmor itself
 * answers EACCES or ENOENT): procfs then gets the command.
 */
int lsmc_fs_apparmor_setattr(struct lsmc_ctx *ctx, const char *cmd, unsigned int attr,
			     struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	union {
		struct lsmc_kctx k;
		uint8_t raw[sizeof(struct lsmc_kctx) + AA_PROFILE_NAME_MAX_SIZE + 32];
	} u;
	/* thread-self: the attribute is per thread, and /proc/self names the
	 * thread group leader, which refuses writes from other threads. */
	static const char *const current_files[] = {
		"/proc/thread-self/attr/apparmor/current", "/proc/thread-self/attr/current",
		"/proc/self/attr/apparmor/current", "/proc/self/attr/current"};
	static const char *const exec_files[] = {
		"/proc/thread-self/attr/apparmor/exec", "/proc/thread-self/attr/exec",
		"/proc/self/attr/apparmor/exec", "/proc/self/attr/exec"};
	const char *const *attr_files = attr == LSM_ATTR_EXEC ? exec_files : current_files;
	size_t n = strlen(cmd);
	int fd = -ENOENT;
	long r;
	struct statfs st;

	if (n + 1 > sizeof(u.raw) - sizeof(struct lsmc_kctx)) {
		fi->error = -E2BIG;
		return lsmc_fail(ctx, fi, "command too long for the kernel");
	}
	if (ctx->backend != LSMC_BACKEND_FS) {
		memset(&u, 0, sizeof(u));
		u.k.id = LSM_ID_APPARMOR;
		u.k.ctx_len = (uint64_t)n + 1;
		u.k.len = (sizeof(struct lsmc_kctx) + u.k.ctx_len + 7) & ~(uint64_t)7;
		memcpy(u.k.ctx, cmd, n + 1);
		r = ctx->sys.lsm_set_self_attr(ctx->sys.data, attr, &u.k, (uint32_t)u.k.len, 0);
		out->kernel_calls++;
		if (r == -EPERM)
			dbg(ctx, "lsm_set_self_attr: EPERM (a seccomp filter?); trying procfs");
		if (r != -ENOSYS && r != -EPERM) {
			fi->interface = "lsm_set_self_attr";
			if (r < 0) {
				fi->error = (int)r;
				fi->kernel_errno = (int)-r;
				fi->hint = setattr_hint((int)r);
				return lsmc_fail(ctx, fi, "AppArmor refused \"%s\": %s", cmd,
						 strerror((int)-r));
			}
			out->interface = "lsm_set_self_attr";
			out->atomic = true;
			return 0;
		}
	}
	for (size_t i = 0; i < 4 && fd == -ENOENT; i++) {
		fi->interface = attr_files[i];
		fd = ctx->sys.openat(ctx->sys.data, AT_FDCWD, attr_files[i],
				     O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0);
	}
	if (fd >= 0 && (ctx->sys.fstatfs(ctx->sys.data, fd, &st) < 0 ||
			(uint32_t)st.f_type != PROC_SUPER_MAGIC_NR)) {
		ctx->sys.close(ctx->sys.data, fd);
		fd = -ENODEV;
	}
	if (fd < 0) {
		fi->error = fd;
		fi->kernel_errno = -fd;
		fi->hint = ctx->backend == LSMC_BACKEND_FS
				   ? "the fs backend sets AppArmor's task attributes through "
				     "/proc: mount proc on /proc"
				   : "neither lsm_set_self_attr (Linux 6.8) nor a mounted /proc "
				     "offers AppArmor's task attributes; mount proc on /proc";
		return lsmc_fail(ctx, fi, "cannot open: %s", strerror(-fd));
	}
	do {
		r = ctx->sys.write(ctx->sys.data, fd, cmd, n);
		out->kernel_calls++;
	} while (r == -EINTR);
	ctx->sys.close(ctx->sys.data, fd);
	if (r < 0) {
		fi->error = (int)r;
		fi->kernel_errno = (int)-r;
		fi->hint = setattr_hint((int)r);
		return lsmc_fail(ctx, fi, "AppArmor refused \"%s\": %s", cmd, strerror((int)-r));
	}
	out->interface = fi->interface;
	out->atomic = true;
	return 0;
}

static int apparmor_self(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 struct lsmc_fail_info *fi, struct lsmc_delivery *out)
{
	char cmd[AA_PROFILE_NAME_MAX_SIZE + 8];
	int r;

	/* Checked here too: a longer name would be cut, and another profile
	 * stacked. */
	if (req->len == 0 || req->len >= AA_PROFILE_NAME_MAX_SIZE ||
	    memchr(req->payload, '\0', req->len)) {
		fi->error = req->len >= AA_PROFILE_NAME_MAX_SIZE ? -E2BIG : -EINVAL;
		return lsmc_fail(ctx, fi,
				 "a profile name of %zu bytes to stack; the kernel takes 1 to %u, "
				 "without NUL",
				 req->len, AA_PROFILE_NAME_MAX_SIZE - 1);
	}
	snprintf(cmd, sizeof(cmd), "stack %.*s", (int)req->len, (const char *)req->payload);
	r = lsmc_fs_apparmor_setattr(ctx, cmd, LSM_ATTR_CURRENT, fi, out);
	if (r == 0)
		out->bytes = req->len;
	return r;
}

int lsmc_fs_apparmor_stack_onexec(struct lsmc_ctx *ctx, const char *profile,
				  struct lsmc_delivery *out)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_APPARMOR, .backend = LSMC_BACKEND_FS};
	char cmd[AA_PROFILE_NAME_MAX_SIZE + 8];
	int r;

	snprintf(cmd, sizeof(cmd), "stack %s", profile);
	r = lsmc_fs_apparmor_setattr(ctx, cmd, LSM_ATTR_EXEC, &fi, out);
	out->backend = LSMC_BACKEND_FS;
	if (r == 0)
		out->bytes = strlen(profile);
	return r;
}

struct smack_file {
	int fd;
};

static long smack_send(struct lsmc_ctx *ctx, void *arg, const char *text, size_t len)
{
	struct smack_file *f = arg;

	return ctx->sys.write(ctx->sys.data, f->fd, text, len);
}

static int smack(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_fail_info *fi,
		 struct lsmc_delivery *out, char *ifbuf, size_t iflen)
{
	const char *rel;
	struct smack_file f;
	int r;

	if (req->scope == LSMC_SCOPE_SELF && req->smack_fmt == SMACK_FMT_CHANGE) {
		fi->error = -EOPNOTSUPP;
		return lsmc_fail(ctx, fi, "smackfs has no change-rule file for a task's own rules");
	}
	rel = req->scope == LSMC_SCOPE_SELF	   ? "load-self2"
	      : req->smack_fmt == SMACK_FMT_CHANGE ? "change-rule"
						   : "load2";
	f.fd = lsmc_fs_open_file(ctx, SLOT_SMACK, rel, O_WRONLY);
	if (f.fd < 0)
		return f.fd;
	set_interface(ctx, SLOT_SMACK, rel, ifbuf, iflen, fi);
	r = lsmc_smack_stream(ctx, req, smack_send, &f, fi, out);
	ctx->sys.close(ctx->sys.data, f.fd);
	return r;
}

int lsmc_deliver_fs(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out)
{
	char rel[PATH_MAX], ifbuf[PATH_MAX];
	struct lsmc_fail_info fi = {.lsm = req->lsm, .backend = LSMC_BACKEND_FS};
	int r;

	*out = (struct lsmc_delivery){.backend = LSMC_BACKEND_FS};
	switch (req->lsm) {
	case LSM_ID_APPARMOR:
		if (req->kind == LSMC_REQ_STACK)
			return apparmor_self(ctx, req, &fi, out);
		if (req->kind == LSMC_REQ_REMOVE)
			return lsmc_fs_apparmor_remove(ctx, req->ns, req->payload, out);
		if (req->scope == LSMC_SCOPE_SELF) {
			fi.error = -EOPNOTSUPP;
			fi.interface = "apparmorfs";
			fi.hint = "a namespace of its own, loaded and stacked, does the same: "
				  "lsmc_apparmor_load() with LSMC_SCOPE_SELF does it as root";
			return lsmc_fail(ctx, &fi,
					 "no pseudo-file loads compiled policy for one task");
		}
		r = apparmor_ns_file(req->ns, ".replace", rel, sizeof(rel));
		if (r < 0) {
			fi.error = r;
			fi.interface = "apparmorfs";
			return lsmc_fail(ctx, &fi, "invalid namespace name '%s'", req->ns);
		}
		return write_whole(ctx, SLOT_APPARMOR, rel, req, &fi, out);
	case LSM_ID_SELINUX:
		return write_whole(ctx, SLOT_SELINUX, "load", req, &fi, out);
	case LSM_ID_SMACK:
		return smack(ctx, req, &fi, out, ifbuf, sizeof(ifbuf));
	default:
		fi.error = -EOPNOTSUPP;
		return lsmc_fail(ctx, &fi, "no policy loading for this LSM");
	}
}

int lsmc_fs_apparmor_remove(struct lsmc_ctx *ctx, const char *ns, const char *name,
			    struct lsmc_delivery *out)
{
	struct lsmc_request req = {
		.lsm = LSM_ID_APPARMOR, .ns = ns, .payload = name, .len = strlen(name)};
	struct lsmc_fail_info fi = {.lsm = LSM_ID_APPARMOR, .backend = LSMC_BACKEND_FS};
	char rel[PATH_MAX];
	int r;

	*out = (struct lsmc_delivery){.backend = LSMC_BACKEND_FS};
	r = apparmor_ns_file(ns, ".remove", rel, sizeof(rel));
	if (r < 0) {
		fi.error = r;
		fi.interface = "apparmorfs";
		return lsmc_fail(ctx, &fi, "invalid namespace name '%s'", ns);
	}
	r = write_whole(ctx, SLOT_APPARMOR, rel, &req, &fi, out);
	if (r == -ENOENT && out->kernel_calls > 0) {
		/* The file is there; the kernel knows no such profile. */
		char shown[PATH_MAX];

		snprintf(shown, sizeof(shown), "%s", ctx->err.interface);
		fi.error = r;
		fi.kernel_errno = ENOENT;
		fi.interface = shown;
		fi.hint = "list what is loaded: cat /sys/kernel/security/apparmor/profiles";
		return lsmc_fail(ctx, &fi, "no loaded profile or namespace is named '%s'", name);
	}
	return r;
}

/* "a//b" → "apparmor/policy/namespaces/a/namespaces/b" (no trailing file). */
static int apparmor_ns_dir(const char *ns, char *path, size_t len)
{
	int r = apparmor_ns_file(ns, "", path, len);
	size_t n;

	if (r < 0)
		return r;
	n = strlen(path);
	if (n && path[n - 1] == '/')
		path[n - 1] = '\0';
	return 0;
}

int lsmc_fs_apparmor_ns_exists(struct lsmc_ctx *ctx, const char *ns)
{
	char rel[PATH_MAX];
	struct stat st;
	int root, r;

	r = apparmor_ns_dir(ns, rel, sizeof(rel));
	if (r < 0)
		return r;
	root = lsmc_fs_open_root(ctx, SLOT_APPARMOR);
	if (root < 0)
		return root;
	r = ctx->sys.fstatat(ctx->sys.data, root, rel, &st, AT_SYMLINK_NOFOLLOW);
	if (r == -ENOENT)
		return 0;
	return r < 0 ? r : S_ISDIR(st.st_mode);
}

int lsmc_fs_apparmor_has_set_load(struct lsmc_ctx *ctx)
{
	struct stat st;
	int root = lsmc_fs_open_root(ctx, SLOT_APPARMOR);

	if (root < 0)
		return root;
	return ctx->sys.fstatat(ctx->sys.data, root, "apparmor/features/policy/set_load", &st,
				AT_SYMLINK_NOFOLLOW) == 0;
}

#define AA_VERSIONS "apparmor/features/policy/versions"

static int collect_version(const char *name, void *arg)
{
	unsigned *list = arg, v;
	char end;

	/* "v5", "v6", ...: any other entry is not a format version */
	if (sscanf(name, "v%u%c", &v, &end) == 1 && v < 32)
		list[v] = 1;
	return 0;
}

static uint32_t read_policy_versions(struct lsmc_ctx *ctx)
{
	unsigned listed[32] = {0};
	uint32_t mask = 0;
	struct stat st;
	char rel[64], buf[16];
	int root = lsmc_fs_open_root(ctx, SLOT_APPARMOR), r;

	if (root < 0) {
		lsmc_clear_error(ctx);
		return 0;
	}
	r = ctx->sys.listdir(ctx->sys.data, root, AA_VERSIONS, collect_version, listed);
	if (r < 0) {
		dbg(ctx, "apparmorfs lists no policy versions (%s)", strerror(-r));
		return 0;
	}
	for (unsigned v = 0; v < 32; v++) {
		if (!listed[v])
			continue;
		/* each file says "yes" for a version the kernel takes */
		snprintf(rel, sizeof(rel), "%s/v%u", AA_VERSIONS, v);
		if (lsmc_fs_read(ctx, SLOT_APPARMOR, rel, buf, sizeof(buf)) > 0 &&
		    strncmp(buf, "yes", 3) == 0)
			mask |= 1u << v;
		lsmc_clear_error(ctx);
	}
	/* Linux 6.1 lists v9 but its verify_header stops at v8: the kernels
	 * that unpack v9 also announce the permission table v9 policy carries. */
	if ((mask & (1u << 9)) &&
	    ctx->sys.fstatat(ctx->sys.data, root, "apparmor/features/policy/permstable32", &st,
			     AT_SYMLINK_NOFOLLOW) < 0)
		mask &= ~(1u << 9);
	return mask;
}

uint32_t lsmc_fs_apparmor_policy_versions(struct lsmc_ctx *ctx)
{
	if (!ctx->probe.aa_versions_done) {
		ctx->probe.aa_versions = read_policy_versions(ctx);
		ctx->probe.aa_versions_done = true;
	}
	return ctx->probe.aa_versions;
}

/* Remove the first parent namespace ns_create made (its first `levels`
 * components), with whatever it made below it, and say so in the error. */
static void undo_parent(struct lsmc_ctx *ctx, const char *ns, size_t levels)
{
	struct lsmc_last_error saved = ctx->err;
	struct lsmc_delivery d;
	char fq[PATH_MAX];
	const char *end = ns;
	size_t used;
	int r;

	for (size_t k = 0; k < levels && end; k++) {
		end = strstr(end, "//");
		if (end && k + 1 < levels)
			end += 2;
	}
	if (!end || (size_t)(end - ns) + 3 > sizeof(fq))
		return;
	snprintf(fq, sizeof(fq), ":%.*s:", (int)(end - ns), ns);
	r = lsmc_fs_apparmor_remove(ctx, NULL, fq, &d);
	ctx->err = saved;
	used = strlen(ctx->err.message);
	snprintf(ctx->err.message + used, sizeof(ctx->err.message) - used,
		 r == 0 ? "; the parent namespace %s it had created was removed again"
			: "; the parent namespace %s it had created could not be removed: "
			  "lsmctl ns remove it",
		 fq);
}

int lsmc_fs_apparmor_ns_create(struct lsmc_ctx *ctx, const char *ns)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_APPARMOR, .backend = LSMC_BACKEND_FS};
	char rel[PATH_MAX], shown[PATH_MAX];
	int root, r;

	r = apparmor_ns_dir(ns, rel, sizeof(rel));
	if (r < 0 || !ns || !*ns) {
		fi.error = r < 0 ? r : -EINVAL;
		fi.interface = "apparmorfs";
		return lsmc_fail(ctx, &fi, "invalid namespace name '%s'", ns ? ns : "");
	}
	root = lsmc_fs_open_root(ctx, SLOT_APPARMOR);
	lsmc_fs_path(ctx, SLOT_APPARMOR, rel, shown, sizeof(shown));
	fi.interface = shown;
	if (root < 0) {
		fi.error = root;
		return lsmc_fail(ctx, &fi, "cannot create a namespace: %s",
				 lsmc_fs_root_problem(ctx, SLOT_APPARMOR, root));
	}
	/* Parents first: "a//b" needs a; an existing parent is fine, an
	 * existing target is an error the caller should hear about. A failure
	 * after a parent was created removes it again: the caller asked for
	 * one namespace and gets it or nothing. */
	size_t level = 0, created_at = 0;
	bool created = false;
	for (char *p = strstr(rel, "/namespaces/"); p; p = strstr(p + 1, "/namespaces/")) {
		char *next = strstr(p + 1, "/namespaces/");
		if (!next)
			break;
		level++;
		*next = '\0';
		r = ctx->sys.mkdirat(ctx->sys.data, root, rel, 0755);
		*next = '/';
		if (r == 0 && !created) {
			created = true;
			created_at = level;
		}
		if (r < 0 && r != -EEXIST) {
			fi.error = r;
			fi.kernel_errno = -r;
			lsmc_fail(ctx, &fi, "cannot create the parent namespace: %s", strerror(-r));
			break;
		}
	}
	if (r >= 0 || r == -EEXIST) {
		r = ctx->sys.mkdirat(ctx->sys.data, root, rel, 0755);
		if (r < 0) {
			fi.error = r;
			fi.kernel_errno = -r;
			lsmc_fail(ctx, &fi,
				  r == -EEXIST ? "the namespace exists already"
					       : "cannot create the namespace: %s",
				  strerror(-r));
		}
	}
	if (r < 0 && created)
		undo_parent(ctx, ns, created_at);
	return r < 0 ? r : 0;
}

int lsmc_fs_apparmor_ns_list(struct lsmc_ctx *ctx, const char *ns,
			     int (*fn)(const char *name, void *arg), void *arg)
{
	struct lsmc_fail_info fi = {.lsm = LSM_ID_APPARMOR, .backend = LSMC_BACKEND_FS};
	char rel[PATH_MAX], shown[PATH_MAX];
	int root, r;

	if (ns && *ns)
		r = apparmor_ns_dir(ns, rel, sizeof(rel));
	else
		r = snprintf(rel, sizeof(rel), "apparmor/policy") < 0 ? -EINVAL : 0;
	if (r < 0 || strlen(rel) + sizeof("/namespaces") > sizeof(rel)) {
		fi.error = r < 0 ? r : -ENAMETOOLONG;
		fi.interface = "apparmorfs";
		return lsmc_fail(ctx, &fi, "invalid namespace name '%s'", ns);
	}
	strcat(rel, "/namespaces");
	root = lsmc_fs_open_root(ctx, SLOT_APPARMOR);
	lsmc_fs_path(ctx, SLOT_APPARMOR, rel, shown, sizeof(shown));
	fi.interface = shown;
	if (root < 0) {
		fi.error = root;
		return lsmc_fail(ctx, &fi, "cannot list namespaces: %s",
				 lsmc_fs_root_problem(ctx, SLOT_APPARMOR, root));
	}
	r = ctx->sys.listdir(ctx->sys.data, root, rel, fn, arg);
	if (r == -ENOMEM)
		return r; /* ours (collecting names), not the kernel's */
	if (r < 0) {
		fi.error = r;
		fi.kernel_errno = -r;
		return lsmc_fail(ctx, &fi, "cannot list namespaces: %s", strerror(-r));
	}
	return r;
}

unsigned lsmc_fs_selinux_policyvers(struct lsmc_ctx *ctx)
{
	char buf[32];
	unsigned v = 0;

	if (lsmc_fs_read(ctx, SLOT_SELINUX, "policyvers", buf, sizeof(buf)) > 0)
		if (sscanf(buf, "%u", &v) != 1)
			v = 0;
	lsmc_clear_error(ctx);
	return v;
}

int lsmc_fs_smack_listing(struct lsmc_ctx *ctx, bool self, lsmc_fs_read_fn fn, void *arg)
{
	return lsmc_fs_read_each(ctx, SLOT_SMACK, self ? "load-self2" : "load2", fn, arg);
}

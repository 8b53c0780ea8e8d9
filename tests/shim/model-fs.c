/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The pseudo-filesystems: securityfs (lsm, AppArmor), selinuxfs and
 * smackfs, reached through openat/read/write/... with the real files'
 * semantics (abi §7, facts).
 *
 * Mount points: /sys/kernel/security always exists (a sysfs directory);
 * /sys/fs/selinux and /sys/fs/smackfs exist while their LSM is active or
 * their fs is mounted. An unmounted mount point is an empty sysfs
 * directory, so files under it give ENOENT. The model has no current
 * directory: a relative path with AT_FDCWD gives ENOENT (unless
 * passthrough).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "model-internal.h"

#define SYSFS_MAGIC 0x62656572u
#define PROC_MAGIC  0x9fa0u
/* The initial PID namespace's inode number (PROC_PID_INIT_INO). */
#define PIDNS_INIT_INO 0xEFFFFFFCu
#define TMPFS_MAGIC    0x01021994u

static const char *const SECFS = "/sys/kernel/security";
static const char *const SEFS = "/sys/fs/selinux";
static const char *const SMKFS = "/sys/fs/smackfs";

static bool is_dir(enum node_kind k)
{
	switch (k) {
	case N_DIR_PLAIN:
	case N_SECFS_ROOT:
	case N_AA_DIR:
	case N_AA_POLICY_DIR:
	case N_AA_NAMESPACES:
	case N_AA_FEATURES:
	case N_AA_FEAT_POLICY:
	case N_AA_VERSIONS:
	case N_SE_ROOT:
	case N_SE_CLASS:
	case N_SE_CLASS_PROCESS:
	case N_SMK_ROOT:
	case N_PROC_DIR:
	case N_PROC_TASK:
	case N_PROC_ATTR:
	case N_PROC_ATTR_AA:
	case N_PROC_NS:
	case N_PROC_THREADS:
		return true;
	default:
		return false;
	}
}

/* Permission bits (all files are owned by root). */
static mode_t node_mode(enum node_kind k)
{
	switch (k) {
	case N_AA_LOAD:
	case N_AA_REPLACE:
	case N_AA_REMOVE:
	case N_SMK_LOAD_SELF:
	case N_SMK_LOAD_SELF2:
	case N_SMK_ACCESS2:
	case N_PROC_CURRENT:
		return 0666; /* access decided by the LSM, not DAC */
	case N_SE_LOAD:
		return 0600;
	case N_SE_ENFORCE:
	case N_SMK_LOAD:
	case N_SMK_LOAD2:
	case N_SMK_CHANGE_RULE:
		return 0644;
	case N_SECFS_LSM:
	case N_AA_PROFILES:
	case N_AA_VERSION:
	case N_AA_PERMSTABLE:
	case N_SE_POLICYVERS:
		return 0444;
	default:
		return 0755;
	}
}

/* ---- paths ---- */

static struct vfile *vfile_of(struct model *m, int fd)
{
	if (fd < MODEL_FD_BASE || fd >= MODEL_FD_BASE + MODEL_MAX_FDS)
		return NULL;
	struct vfile *f = &m->st->files[fd - MODEL_FD_BASE];
	return f->used ? f : NULL;
}

static bool under(const char *path, const char *root)
{
	size_t n = strlen(root);
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Does this call belong to the real kernel (passthrough)? */
static bool foreign_path(struct model *m, int dirfd, const char *path)
{
	if (!m->passthrough)
		return false;
	if (path[0] == '/')
		return !under(path, SECFS) && !under(path, SEFS) && !under(path, SMKFS) &&
		       !(m->procfs && under(path, "/proc"));
	return !vfile_of(m, dirfd);
}

/* Join dirfd's path and `path`, resolve "." and "..". */
static int canonical(struct model *m, int dirfd, const char *path, bool empty_ok, char out[256])
{
	char tmp[1024];

	if (!path)
		return -EFAULT;
	if (path[0] == '/') {
		snprintf(tmp, sizeof(tmp), "%s", path);
	} else {
		if (dirfd == AT_FDCWD)
			return -ENOENT;
		struct vfile *f = vfile_of(m, dirfd);
		if (!f)
			return -EBADF;
		if (!path[0]) {
			if (!empty_ok)
				return -ENOENT;
		} else if (!is_dir(f->node.kind)) {
			return -ENOTDIR;
		}
		snprintf(tmp, sizeof(tmp), "%s/%s", f->node.path, path);
	}
	char res[1024] = "";
	size_t rl = 0;
	for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			char *s = strrchr(res, '/');
			if (s) {
				*s = '\0';
				rl = (size_t)(s - res);
			}
			continue;
		}
		if (rl + 1 + strlen(c) >= 255)
			return -ENAMETOOLONG;
		res[rl++] = '/';
		strcpy(res + rl, c);
		rl += strlen(c);
	}
	if (!rl)
		strcpy(res, "/");
	memcpy(out, res, strlen(res) + 1); /* rl < 255 checked above */
	return 0;
}

static bool fs_present(struct model *m, enum model_fs fs, uint64_t lsm)
{
	return m->fs[fs].mounted || lsm_active(m, lsm);
}

/* One step down from `cur` to the child `c`. */
static int child(struct model *m, struct node *cur, const char *c)
{
	struct node n = {.kind = N_NONE, .ns = cur->ns, .fs = cur->fs};
	const char *p = cur->path;

	switch (cur->kind) {
	case N_DIR_PLAIN:
		n.kind = N_DIR_PLAIN;
		n.fs = MODEL_FS_COUNT;
		if (strcmp(p, "/") == 0 && strcmp(c, "sys") == 0)
			break;
		if (strcmp(p, "/") == 0 && strcmp(c, "proc") == 0 && m->procfs) {
			n.kind = N_PROC_DIR;
			break;
		}
		if (strcmp(p, "/sys") == 0 && (strcmp(c, "kernel") == 0 || strcmp(c, "fs") == 0))
			break;
		if (strcmp(p, "/sys/kernel") == 0 && strcmp(c, "security") == 0) {
			if (m->fs[MODEL_FS_SECURITYFS].mounted) {
				n.kind = N_SECFS_ROOT;
				n.fs = MODEL_FS_SECURITYFS;
			}
			break;
		}
		if (strcmp(p, "/sys/fs") == 0 && strcmp(c, "selinux") == 0 &&
		    fs_present(m, MODEL_FS_SELINUXFS, LSM_ID_SELINUX)) {
			if (m->fs[MODEL_FS_SELINUXFS].mounted) {
				n.kind = N_SE_ROOT;
				n.fs = MODEL_FS_SELINUXFS;
			}
			break;
		}
		if (strcmp(p, "/sys/fs") == 0 && strcmp(c, "smackfs") == 0 &&
		    fs_present(m, MODEL_FS_SMACKFS, LSM_ID_SMACK)) {
			if (m->fs[MODEL_FS_SMACKFS].mounted) {
				n.kind = N_SMK_ROOT;
				n.fs = MODEL_FS_SMACKFS;
			}
			break;
		}
		return -ENOENT;
	case N_SECFS_ROOT:
		if (strcmp(c, "lsm") == 0)
			n.kind = N_SECFS_LSM;
		else if (strcmp(c, "apparmor") == 0 && lsm_active(m, LSM_ID_APPARMOR))
			n.kind = N_AA_DIR;
		else
			return -ENOENT;
		break;
	case N_AA_DIR:
	case N_AA_POLICY_DIR:
		if (cur->kind == N_AA_POLICY_DIR && cur->ns->removed)
			return -ENOENT;
		if (strcmp(c, ".load") == 0)
			n.kind = N_AA_LOAD;
		else if (strcmp(c, ".replace") == 0)
			n.kind = N_AA_REPLACE;
		else if (strcmp(c, ".remove") == 0)
			n.kind = N_AA_REMOVE;
		else if (cur->kind == N_AA_DIR && strcmp(c, "profiles") == 0)
			n.kind = N_AA_PROFILES;
		else if (cur->kind == N_AA_DIR && strcmp(c, "features") == 0)
			n.kind = N_AA_FEATURES;
		else if (cur->kind == N_AA_DIR && strcmp(c, "policy") == 0) {
			n.kind = N_AA_POLICY_DIR;
			n.ns = m->st->aa_root;
		} else if (cur->kind == N_AA_POLICY_DIR && strcmp(c, "namespaces") == 0)
			n.kind = N_AA_NAMESPACES;
		else
			return -ENOENT;
		break;
	case N_AA_FEATURES:
		if (strcmp(c, "policy") != 0)
			return -ENOENT;
		n.kind = N_AA_FEAT_POLICY;
		break;
	case N_AA_FEAT_POLICY:
		if (strcmp(c, "versions") == 0 && m->aa_versions_listed)
			n.kind = N_AA_VERSIONS;
		else if (strcmp(c, "permstable32") == 0 && m->aa_permstable32)
			n.kind = N_AA_PERMSTABLE;
		else
			return -ENOENT;
		break;
	case N_AA_VERSIONS: {
		unsigned v;
		char end;
		if (sscanf(c, "v%u%c", &v, &end) != 1 || v >= 32 ||
		    !(m->aa_versions_listed & (1u << v)))
			return -ENOENT;
		n.kind = N_AA_VERSION;
		break;
	}
	case N_AA_NAMESPACES:
		n.ns = aa_ns_child(cur->ns, c, strlen(c));
		if (!n.ns || cur->ns->removed)
			return -ENOENT;
		n.kind = N_AA_POLICY_DIR;
		break;
	case N_SE_ROOT:
		if (strcmp(c, "load") == 0)
			n.kind = N_SE_LOAD;
		else if (strcmp(c, "policyvers") == 0)
			n.kind = N_SE_POLICYVERS;
		else if (strcmp(c, "enforce") == 0)
			n.kind = N_SE_ENFORCE;
		else if (strcmp(c, "class") == 0)
			n.kind = N_SE_CLASS;
		else
			return -ENOENT;
		break;
	case N_SE_CLASS:
		/* sel_make_policy_nodes(): each load fills class/ with the
		 * policy's classes, and every policy has class process */
		if (strcmp(c, "process") != 0 || m->selinux_loads == 0)
			return -ENOENT;
		n.kind = N_SE_CLASS_PROCESS;
		break;
	case N_SMK_ROOT:
		if (strcmp(c, "load") == 0)
			n.kind = N_SMK_LOAD;
		else if (strcmp(c, "load2") == 0)
			n.kind = N_SMK_LOAD2;
		else if (strcmp(c, "change-rule") == 0)
			n.kind = N_SMK_CHANGE_RULE;
		else if (strcmp(c, "load-self") == 0)
			n.kind = N_SMK_LOAD_SELF;
		else if (strcmp(c, "load-self2") == 0)
			n.kind = N_SMK_LOAD_SELF2;
		else if (strcmp(c, "access2") == 0)
			n.kind = N_SMK_ACCESS2;
		else
			return -ENOENT;
		break;
	case N_PROC_DIR:
		if (strcmp(c, "self") == 0 || strcmp(c, "thread-self") == 0) {
			n.pid = 0;
		} else {
			char *end;
			long pid = strtol(c, &end, 10);
			bool known = false;
			for (int i = 0; i < MODEL_MAX_TASKS && *end == '\0'; i++)
				known = known || (pid > 0 && m->st->tasks[i].pid == pid);
			if (*end == '\0' && pid == getpid())
				pid = 0, known = true; /* the caller, by its number */
			if (!known)
				return -ENOENT;
			n.pid = (int)pid;
		}
		n.kind = N_PROC_TASK;
		break;
	case N_PROC_THREADS: {
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", cur->pid ? cur->pid : (int)getpid());
		if (strcmp(c, pid) != 0)
			return -ENOENT;
		n.kind = N_PROC_TASK;
		n.pid = cur->pid;
		break;
	}
	case N_PROC_TASK:
		if (strcmp(c, "attr") == 0)
			n.kind = N_PROC_ATTR;
		else if (strcmp(c, "task") == 0)
			n.kind = N_PROC_THREADS;
		else if (strcmp(c, "ns") == 0)
			n.kind = N_PROC_NS;
		else
			return -ENOENT;
		n.pid = cur->pid;
		break;
	case N_PROC_ATTR:
	case N_PROC_ATTR_AA:
		if (cur->kind == N_PROC_ATTR && strcmp(c, "apparmor") == 0)
			n.kind = N_PROC_ATTR_AA;
		else if (strcmp(c, "current") == 0)
			n.kind = N_PROC_CURRENT;
		else
			return -ENOENT;
		n.pid = cur->pid;
		break;
	case N_PROC_NS:
		if (strcmp(c, "pid") != 0)
			return -ENOENT;
		n.kind = N_PROC_NS_PID;
		n.pid = cur->pid;
		break;
	default:
		return -ENOTDIR;
	}
	size_t pl = strcmp(p, "/") == 0 ? 0 : strlen(p), cl = strlen(c);
	if (pl + 1 + cl >= sizeof(n.path))
		return -ENAMETOOLONG;
	memcpy(n.path, p, pl);
	n.path[pl] = '/';
	memcpy(n.path + pl + 1, c, cl + 1);
	*cur = n;
	return 0;
}

static int resolve(struct model *m, const char *abs, struct node *out)
{
	char tmp[256];
	struct node cur = {.kind = N_DIR_PLAIN, .fs = MODEL_FS_COUNT, .path = "/"};

	snprintf(tmp, sizeof(tmp), "%s", abs);
	for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		int err = child(m, &cur, c);
		if (err)
			return err;
	}
	for (int i = 0; i < MODEL_MAX_SYMLINKS; i++)
		if (m->symlinks[i][0] && strcmp(m->symlinks[i], cur.path) == 0)
			cur.symlink = true;
	*out = cur;
	return 0;
}

static int lookup(struct model *m, int dirfd, const char *path, bool empty_ok, struct node *out)
{
	char abs[256];
	int err = canonical(m, dirfd, path, empty_ok, abs);
	if (err)
		return err;
	if (!path[0] && empty_ok) {
		*out = vfile_of(m, dirfd)->node;
		return 0;
	}
	return resolve(m, abs, out);
}

/* DAC: root owns everything; CAP_DAC_OVERRIDE passes read/write. */
static int may_access(struct model *m, const struct node *n, bool rd, bool wr, bool ex)
{
	mode_t mode = node_mode(n->kind);
	mode_t bits = m->is_root ? (mode >> 6) & 7 : mode & 7;
	if (rd && !(bits & 4) && !m->cap_dac_override)
		return -EACCES;
	if (wr && !(bits & 2) && !m->cap_dac_override)
		return -EACCES;
	if (ex && !(bits & 1) && !(is_dir(n->kind) && m->cap_dac_override))
		return -EACCES;
	return 0;
}

static int sys_ret(long r)
{
	return r < 0 ? -errno : (int)r;
}

/* ---- open / close ---- */

int fs_openat(struct model *m, int dirfd, const char *path, int flags, mode_t mode)
{
	struct node n;

	if (path && foreign_path(m, dirfd, path))
		return sys_ret(openat(dirfd, path, flags, mode));
	int err = lookup(m, dirfd, path, false, &n);
	if (err == -ENOENT && (flags & O_CREAT))
		return -EACCES; /* nothing can be created in these filesystems */
	if (err)
		return err;
	int acc = flags & O_ACCMODE;
	if (m->fs_denied && !(flags & O_PATH) && n.fs < MODEL_FS_COUNT)
		return -EACCES; /* Landlock checks the open, not the lookup */
	if (!(flags & O_PATH)) {
		if (n.symlink && (flags & O_NOFOLLOW))
			return -ELOOP;
		if ((flags & O_DIRECTORY) && !is_dir(n.kind))
			return -ENOTDIR;
		if (is_dir(n.kind) && acc != O_RDONLY)
			return -EISDIR;
		err = may_access(m, &n, acc != O_WRONLY, acc != O_RDONLY, false);
		if (err)
			return err;
	} else if ((flags & O_DIRECTORY) && !is_dir(n.kind)) {
		return -ENOTDIR;
	}
	for (int i = 0; i < MODEL_MAX_FDS; i++) {
		struct vfile *f = &m->st->files[i];
		if (f->used)
			continue;
		memset(f, 0, sizeof(*f));
		f->used = true;
		f->node = n;
		f->flags = flags;
		return MODEL_FD_BASE + i;
	}
	return -EMFILE;
}

static void vfile_drop(struct vfile *f)
{
	free(f->rbuf);
	memset(f, 0, sizeof(*f));
}

int fs_close(struct model *m, int fd)
{
	struct vfile *f = vfile_of(m, fd);
	if (!f)
		return m->passthrough ? sys_ret(close(fd)) : -EBADF;
	vfile_drop(f);
	return 0;
}

/* flock(LOCK_EX|LOCK_NB) conflicts with another open file of the same
 * path holding it; LOCK_UN releases. Shared locks are not modelled. */
int fs_flock(struct model *m, int fd, int op)
{
	struct vfile *f = vfile_of(m, fd);

	if (!f)
		return m->passthrough ? sys_ret(flock(fd, op)) : -EBADF;
	if (op & LOCK_UN) {
		f->locked = false;
		return 0;
	}
	if (!(op & LOCK_EX))
		return -EINVAL;
	for (int i = 0; i < MODEL_MAX_FDS; i++) {
		struct vfile *o = &m->st->files[i];
		if (o != f && o->used && o->locked && strcmp(o->node.path, f->node.path) == 0)
			return -EWOULDBLOCK; /* LOCK_NB or not: the model cannot wait */
	}
	f->locked = true;
	return 0;
}

unsigned model_flocks_held(struct model *m)
{
	unsigned n = 0;

	for (int i = 0; i < MODEL_MAX_FDS; i++)
		n += m->st->files[i].used && m->st->files[i].locked;
	return n;
}

void fs_close_all(struct model *m)
{
	for (int i = 0; i < MODEL_MAX_FDS; i++)
		if (m->st->files[i].used)
			vfile_drop(&m->st->files[i]);
}

/* ---- read ---- */

static char *lsm_name(uint64_t id)
{
	static const char *const names[] = {
		"capability", "selinux",  "smack", "tomoyo",   "apparmor", "yama", "loadpin",
		"safesetid",  "lockdown", "bpf",   "landlock", "ima",	   "evm",  "ipe"};
	if (id >= 100 && id < 100 + sizeof(names) / sizeof(names[0]))
		return (char *)names[id - 100];
	return "unknown";
}

/* The content of a readable file; NULL if the file has no read op. */
static char *content(struct model *m, const struct node *n, size_t *len)
{
	char *out = NULL;
	FILE *f;

	switch (n->kind) {
	case N_SECFS_LSM:
		/* comma-separated, no newline */
		f = open_memstream(&out, len);
		for (size_t i = 0; i < m->n_active; i++)
			fprintf(f, "%s%s", i ? "," : "", lsm_name(m->active[i]));
		fclose(f);
		return out;
	case N_AA_PROFILES:
		return aa_profiles_listing(m, m->st->aa_task_ns, len);
	case N_AA_VERSION:
		f = open_memstream(&out, len);
		fputs("yes\n", f);
		fclose(f);
		return out;
	case N_AA_PERMSTABLE:
		f = open_memstream(&out, len);
		fputs("allow deny subtree cond kill complain prompt audit quiet hide xindex tag "
		      "label\n",
		      f);
		fclose(f);
		return out;
	case N_SE_POLICYVERS:
		f = open_memstream(&out, len);
		fprintf(f, "%u", m->selinux_policyvers);
		fclose(f);
		return out;
	case N_SE_ENFORCE:
		f = open_memstream(&out, len);
		fprintf(f, "%d", m->selinux_enforce ? 1 : 0);
		fclose(f);
		return out;
	case N_SMK_LOAD2:
		return smk_list_rules(m, false, len);
	case N_SMK_LOAD_SELF2:
		return smk_list_rules(m, true, len);
	case N_PROC_CURRENT: {
		char *label = n->pid ? NULL : aa_current_string(m);
		f = open_memstream(&out, len);
		for (int i = 0; n->pid && i < MODEL_MAX_TASKS; i++)
			if (m->st->tasks[i].pid == n->pid)
				fputs(m->st->tasks[i].label, f);
		if (label)
			fputs(label, f);
		fputc('\n', f);
		fclose(f);
		free(label);
		return out;
	}
	default:
		return NULL;
	}
}

ssize_t fs_read(struct model *m, int fd, void *buf, size_t len)
{
	struct vfile *f = vfile_of(m, fd);
	if (!f) {
		if (!m->passthrough)
			return -EBADF;
		ssize_t r = read(fd, buf, len);
		return r < 0 ? -errno : r;
	}
	if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (is_dir(f->node.kind))
		return -EISDIR;
	if (!f->rbuf_ready) {
		if (f->node.kind == N_SMK_ACCESS2)
			return 0; /* no transaction yet */
		f->rbuf = content(m, &f->node, &f->rlen);
		if (!f->rbuf)
			return -EINVAL;
		f->rbuf_ready = true;
	}
	size_t n = f->rlen - f->rpos;
	if (n > len)
		n = len;
	memcpy(buf, f->rbuf + f->rpos, n);
	f->rpos += n;
	return (ssize_t)n;
}

/* ---- write ---- */

static long write_node(struct model *m, struct vfile *f, const char *buf, size_t len)
{
	struct node *n = &f->node;

	switch (n->kind) {
	case N_AA_LOAD:
	case N_AA_REPLACE:
		/* facts: each write is parsed as a complete policy; the offset
		 * never advances (abi §7.1) */
		if (!buf)
			return -EFAULT;
		return aa_replace(m, n->ns, (const uint8_t *)buf, len, n->kind == N_AA_REPLACE);
	case N_AA_REMOVE:
		if (!buf)
			return -EFAULT;
		return aa_remove(m, n->ns, buf, len);
	case N_SE_LOAD:
		/* abi §7.2: one whole policy per write; empty → EINVAL, then
		 * the load_policy permission */
		if (len == 0)
			return -EINVAL;
		if (!m->selinux_load_allowed)
			return -EACCES;
		return se_load(m, (const uint8_t *)buf, len);
	case N_SE_ENFORCE:
		if (!buf || len == 0)
			return -EINVAL;
		m->selinux_enforce = buf[0] == '1';
		return (long)len;
	case N_SMK_LOAD:
	case N_SMK_LOAD2:
	case N_SMK_CHANGE_RULE:
		/* smack_privileged(CAP_MAC_ADMIN), onlycap honoured */
		if (!m->cap_mac_admin || m->smack_onlycap_denies)
			return -EPERM;
		return smk_write_rules(m, buf, len, &m->st->smk_global,
				       n->kind == N_SMK_LOAD	? SMACK_FMT_FIXED24
				       : n->kind == N_SMK_LOAD2 ? SMACK_FMT_LONG
								: SMACK_FMT_CHANGE);
	case N_SMK_LOAD_SELF:
	case N_SMK_LOAD_SELF2:
		return smk_write_rules(m, buf, len, &m->st->smk_self,
				       n->kind == N_SMK_LOAD_SELF ? SMACK_FMT_FIXED24
								  : SMACK_FMT_LONG);
	case N_PROC_CURRENT: {
		if (n->pid)
			return -EACCES; /* another task's attributes are its own */
		long r = aa_setselfattr(m, LSM_ATTR_CURRENT, buf, len);
		return r < 0 ? r : (long)len;
	}
	case N_SMK_ACCESS2: {
		if (!buf)
			return -EFAULT;
		int r = smk_access_query(m, buf, len);
		if (r < 0)
			return r;
		free(f->rbuf);
		f->rbuf = malloc(2);
		if (!f->rbuf)
			return -ENOMEM;
		f->rbuf[0] = r ? '1' : '0';
		f->rbuf[1] = '\0';
		f->rlen = 2;
		f->rpos = 0;
		f->rbuf_ready = true;
		return (long)len;
	}
	default:
		return -EINVAL; /* no write operation */
	}
}

ssize_t fs_write(struct model *m, int fd, const void *buf, size_t len)
{
	struct vfile *f = vfile_of(m, fd);
	if (!f) {
		if (!m->passthrough)
			return -EBADF;
		ssize_t r = write(fd, buf, len);
		return r < 0 ? -errno : r;
	}
	if ((f->flags & O_PATH) || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	unsigned nth = ++m->n_writes;
	struct model_write *w = &m->last_write;
	free(w->data);
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s", f->node.path);
	w->len = len;
	if (buf) {
		w->data = malloc(len ? len : 1);
		if (w->data)
			memcpy(w->data, buf, len);
	}
	long r;
	if (m->eintr_write_nth && nth == m->eintr_write_nth)
		r = -EINTR;
	else if (m->fail_write_nth && nth == m->fail_write_nth)
		r = -(long)m->fail_write_errno;
	else if (f->node.ns && f->node.ns->removed)
		r = -ENOENT;
	else
		r = write_node(m, f, buf,
			       m->short_write_max && len > m->short_write_max ? m->short_write_max
									      : len);
	w->ret = r;
	return r;
}

/* ---- metadata ---- */

int fs_fstatfs(struct model *m, int fd, struct statfs *st)
{
	struct vfile *f = vfile_of(m, fd);
	if (!f)
		return m->passthrough ? sys_ret(fstatfs(fd, st)) : -EBADF;
	memset(st, 0, sizeof(*st));
	uint32_t magic;
	switch (f->node.fs) {
	case MODEL_FS_SECURITYFS:
		/* apparmor/policy is a link into apparmorfs, its own filesystem
		 * (observed on 6.1): files below it report AAFS_MAGIC. */
		magic = strncmp(f->node.path, "/sys/kernel/security/apparmor/policy", 36) == 0
				? LSMC_AAFS_MAGIC
				: LSMC_SECURITYFS_MAGIC;
		break;
	case MODEL_FS_SELINUXFS:
		magic = LSMC_SELINUX_MAGIC;
		break;
	case MODEL_FS_SMACKFS:
		magic = LSMC_SMACK_MAGIC;
		break;
	default:
		magic = strcmp(f->node.path, "/") == 0 ? TMPFS_MAGIC
			: under(f->node.path, "/proc") ? PROC_MAGIC
						       : SYSFS_MAGIC;
		break;
	}
	if (f->node.fs < MODEL_FS_COUNT && m->fs[f->node.fs].magic_override)
		magic = m->fs[f->node.fs].magic_override;
	st->f_type = magic;
	st->f_bsize = (long)m->page_size;
	st->f_namelen = 255;
	return 0;
}

int fs_fstatat(struct model *m, int dirfd, const char *path, struct stat *st, int flags)
{
	struct node n;

	if (path && foreign_path(m, dirfd, path))
		return sys_ret(fstatat(dirfd, path, st, flags));
	int err = lookup(m, dirfd, path, (flags & AT_EMPTY_PATH) != 0, &n);
	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	if (n.symlink && (flags & AT_SYMLINK_NOFOLLOW))
		st->st_mode = S_IFLNK | 0777;
	else
		st->st_mode = (is_dir(n.kind) ? S_IFDIR : S_IFREG) | node_mode(n.kind);
	st->st_nlink = 1;
	st->st_blksize = (blksize_t)m->page_size;
	unsigned long h = 5381;
	for (const char *c = n.path; *c; c++)
		h = h * 33 + (unsigned char)*c;
	st->st_ino = h;
	if (n.kind == N_PROC_NS_PID)
		st->st_ino = m->foreign_pidns ? PIDNS_INIT_INO - 1 : PIDNS_INIT_INO;
	return 0;
}

int fs_faccessat(struct model *m, int dirfd, const char *path, int mode, int flags)
{
	struct node n;

	if (path && foreign_path(m, dirfd, path))
		return sys_ret(faccessat(dirfd, path, mode, flags));
	int err = lookup(m, dirfd, path, (flags & AT_EMPTY_PATH) != 0, &n);
	if (err)
		return err;
	if (mode == F_OK)
		return 0;
	return may_access(m, &n, mode & R_OK, mode & W_OK, mode & X_OK);
}

static int split_parent(struct model *m, int dirfd, const char *path, struct node *parent,
			char name[256])
{
	char abs[256];
	int err = canonical(m, dirfd, path, false, abs);
	if (err)
		return err;
	char *slash = strrchr(abs, '/');
	snprintf(name, 256, "%s", slash + 1);
	if (slash == abs)
		slash[1] = '\0';
	else
		*slash = '\0';
	return resolve(m, abs, parent);
}

/* mkdir in apparmor/policy/namespaces creates a namespace (abi §7.1). */
int fs_mkdirat(struct model *m, int dirfd, const char *path, mode_t mode)
{
	struct node parent;
	char name[256];

	if (path && foreign_path(m, dirfd, path))
		return sys_ret(mkdirat(dirfd, path, mode));
	int err = split_parent(m, dirfd, path, &parent, name);
	if (err)
		return err;
	struct node probe = parent;
	if (child(m, &probe, name) == 0)
		return -EEXIST;
	if (parent.kind != N_AA_NAMESPACES)
		return parent.fs == MODEL_FS_COUNT ? -EACCES : -EPERM;
	err = (int)aa_may_manage(m, parent.ns);
	if (err)
		return err;
	if (m->aa_ns_collisions) {
		m->aa_ns_collisions--;
		aa_ns_new(m, parent.ns, name, strlen(name)); /* someone else's now */
		return -EEXIST;
	}
	aa_ns_new(m, parent.ns, name, strlen(name));
	return 0;
}

/* rmdir of apparmor/policy/namespaces/<ns> removes it, profiles and all. */
int fs_unlinkat(struct model *m, int dirfd, const char *path, int flags)
{
	struct node n;

	if (path && foreign_path(m, dirfd, path))
		return sys_ret(unlinkat(dirfd, path, flags));
	int err = lookup(m, dirfd, path, false, &n);
	if (err)
		return err;
	if (flags & AT_REMOVEDIR) {
		if (!is_dir(n.kind))
			return -ENOTDIR;
		if (n.kind != N_AA_POLICY_DIR || n.ns == m->st->aa_root)
			return n.fs == MODEL_FS_COUNT ? -EACCES : -EPERM;
		err = (int)aa_may_manage(m, n.ns);
		if (err)
			return err;
		aa_ns_unlink(n.ns);
		return 0;
	}
	if (is_dir(n.kind))
		return -EISDIR;
	return n.fs == MODEL_FS_COUNT ? -EACCES : -EPERM;
}

/* Directory listings: the namespaces below a namespaces/ directory, the
 * policy versions apparmorfs announces. */
int fs_listdir(struct model *m, int dirfd, const char *path, int (*fn)(const char *name, void *arg),
	       void *arg)
{
	struct node n;
	int err = lookup(m, dirfd, path, false, &n);

	if (err)
		return err;
	if (!is_dir(n.kind))
		return -ENOTDIR;
	if (n.kind == N_AA_VERSIONS) {
		for (unsigned v = 0; v < 32; v++) {
			char name[16];
			if (!(m->aa_versions_listed & (1u << v)))
				continue;
			snprintf(name, sizeof(name), "v%u", v);
			err = fn(name, arg);
			if (err)
				return err;
		}
		return 0;
	}
	if (n.kind == N_PROC_DIR) {
		for (int i = 0; i < MODEL_MAX_TASKS; i++) {
			char name[16];
			if (!m->st->tasks[i].pid)
				continue;
			snprintf(name, sizeof(name), "%d", m->st->tasks[i].pid);
			err = fn(name, arg);
			if (err)
				return err;
		}
		char self[16];
		snprintf(self, sizeof(self), "%d", (int)getpid());
		err = fn(self, arg);
		return err ? err : fn("self", arg);
	}
	if (n.kind == N_PROC_THREADS) {
		char tid[16];
		snprintf(tid, sizeof(tid), "%d", n.pid ? n.pid : (int)getpid());
		return fn(tid, arg);
	}
	if (n.kind != N_AA_NAMESPACES)
		return -EOPNOTSUPP; /* only namespace and version listings are modelled */
	for (struct aa_ns *c = n.ns->child; c; c = c->sibling) {
		if (c->removed)
			continue;
		err = fn(c->name, arg);
		if (err)
			return err;
	}
	return 0;
}

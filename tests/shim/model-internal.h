/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Private state and cross-file helpers of the kernel model. */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct aa_prof {
	char *name; /* without namespace, hats as "parent//hat" */
	char *mode;
	struct aa_prof *next;
};

struct aa_ns {
	char *name; /* last component; "" for the root */
	struct aa_ns *parent;
	struct aa_ns *child; /* first child */
	struct aa_ns *sibling;
	struct aa_prof *profiles;
	struct aa_ns *all_next; /* every ns ever made, freed at model_free */
	bool removed;
};

struct smk_rule {
	char *subject;
	char *object;
	int access;
	unsigned long seq; /* when it was made, across both lists */
	struct smk_rule *next;
};

/* What a path names. */
enum node_kind {
	N_NONE = 0,
	N_DIR_PLAIN,  /* "/", "/sys", "/sys/kernel", "/sys/fs", unmounted mountpoints */
	N_SECFS_ROOT, /* /sys/kernel/security */
	N_SECFS_LSM,  /* .../lsm */
	N_AA_DIR,     /* .../apparmor */
	N_AA_LOAD,    /* .load (ns NULL: the task's view namespace) */
	N_AA_REPLACE,
	N_AA_REMOVE,
	N_AA_PROFILES,	  /* .../apparmor/profiles, policy/.../profiles listing */
	N_AA_POLICY_DIR,  /* policy/ or namespaces/<ns>/ (ns set) */
	N_AA_NAMESPACES,  /* .../namespaces (ns = parent) */
	N_AA_FEATURES,	  /* .../apparmor/features */
	N_AA_FEAT_POLICY, /* features/policy */
	N_AA_VERSIONS,	  /* features/policy/versions (listed versions) */
	N_AA_VERSION,	  /* features/policy/versions/vN: "yes" */
	N_AA_PERMSTABLE,  /* features/policy/permstable32 */
	N_SE_ROOT,
	N_SE_LOAD,
	N_SE_POLICYVERS,
	N_SE_ENFORCE,
	N_SE_CLASS,	    /* class/: filled by a policy load */
	N_SE_CLASS_PROCESS, /* class/process, once a policy is loaded */
	N_SMK_ROOT,
	N_SMK_LOAD,
	N_SMK_LOAD2,
	N_SMK_CHANGE_RULE,
	N_SMK_LOAD_SELF,
	N_SMK_LOAD_SELF2,
	N_SMK_ACCESS2,
	N_PROC_DIR,	/* /proc (model.procfs) */
	N_PROC_TASK,	/* /proc/PID, /proc/self, /proc/thread-self (pid 0: the caller) */
	N_PROC_ATTR,	/* /proc/PID/attr */
	N_PROC_ATTR_AA, /* /proc/PID/attr/apparmor */
	N_PROC_CURRENT, /* attr/current, attr/apparmor/current */
	N_PROC_NS,	/* /proc/PID/ns */
	N_PROC_NS_PID,	/* /proc/PID/ns/pid */
	N_PROC_THREADS, /* /proc/PID/task (one thread: PID itself) */
};

struct node {
	enum node_kind kind;
	struct aa_ns *ns;
	enum model_fs fs; /* for fstatfs; MODEL_FS_COUNT = plain sysfs/rootfs */
	char path[256];	  /* canonical absolute path */
	bool symlink;
	int pid; /* /proc nodes: the task (0: the caller) */
};

struct vfile {
	bool used;
	struct node node;
	int flags;  /* open flags */
	char *rbuf; /* read content (generated at first read or by access2) */
	size_t rlen;
	size_t rpos;
	bool rbuf_ready;
	bool locked; /* holds flock(LOCK_EX) */
};

#define MODEL_MAX_TASKS 16
struct model_task {
	int pid; /* 0: free slot */
	char *label;
};

struct model_state {
	pthread_mutex_t lock;
	struct aa_ns *aa_root;
	struct aa_ns *aa_all;
	struct aa_ns *aa_task_ns;
	char *aa_task_profile;
	char *aa_stack[MODEL_MAX_STACK];
	size_t aa_n_stack;
	char *aa_exec;
	char aa_ns_path_buf[1024];
	unsigned aa_unshare_seq;
	struct aa_ns *aa_self_ns; /* unified self loads' namespace, NULL before the first */
	char *se_attr[6];	  /* indexed by LSM_ATTR_* - 100 */
	struct smk_rule *smk_global;
	struct smk_rule *smk_self;
	unsigned long smk_seq; /* rules made so far */
	struct vfile files[MODEL_MAX_FDS];
	struct model_task tasks[MODEL_MAX_TASKS];
};

static inline bool lsm_active(const struct model *m, uint64_t id)
{
	for (size_t i = 0; i < m->n_active; i++)
		if (m->active[i] == id)
			return true;
	return false;
}

/* model-fs.c */
/* model-apparmor.c */
void aa_state_init(struct model *m);
void aa_state_free(struct model *m);
struct aa_ns *aa_ns_lookup(struct aa_ns *base, const char *path, size_t len);
struct aa_ns *aa_ns_child(struct aa_ns *parent, const char *name, size_t len);
struct aa_ns *aa_ns_new(struct model *m, struct aa_ns *parent, const char *name, size_t len);
void aa_ns_unlink(struct aa_ns *ns);
long aa_may_manage(struct model *m, struct aa_ns *target); /* 0 or -EACCES */
const char *aa_ns_path(struct model *m, struct aa_ns *ns); /* "" for root */
long aa_replace(struct model *m, struct aa_ns *target, const uint8_t *blob, size_t len,
		bool replace);
long aa_remove(struct model *m, struct aa_ns *target, const char *buf, size_t len);
long aa_self_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags);
long aa_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags);
long aa_unified_policy(struct model *m, bool self, uint32_t op, const void *buf, uint32_t size,
		       uint32_t flags);
long aa_setselfattr(struct model *m, unsigned int attr, const char *val, size_t len);
char *aa_current_string(struct model *m); /* malloc'd, for getselfattr */
char *aa_profiles_listing(struct model *m, struct aa_ns *ns, size_t *len);
long aa_unshare(struct model *m, const struct lsmc_kctx *ctx);

/* model-selinux.c */
long se_load(struct model *m, const uint8_t *buf, size_t len);
long se_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags);

/* model-smack.c */
void smk_state_free(struct model *m);
long smk_write_rules(struct model *m, const char *buf, size_t count, struct smk_rule **list,
		     int fmt);
long smk_self_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags);
long smk_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size,
		       uint32_t flags);
int smk_access_query(struct model *m, const char *buf, size_t count); /* 1, 0 or -errno */
char *smk_list_rules(struct model *m, bool self, size_t *len);
int smk_rule_get(struct smk_rule *list, const char *s, const char *o);

/* model-fs.c */
void fs_close_all(struct model *m);
int fs_openat(struct model *m, int dirfd, const char *path, int flags, mode_t mode);
int fs_close(struct model *m, int fd);
int fs_flock(struct model *m, int fd, int op);
ssize_t fs_read(struct model *m, int fd, void *buf, size_t len);
ssize_t fs_write(struct model *m, int fd, const void *buf, size_t len);
int fs_fstatfs(struct model *m, int fd, struct statfs *st);
int fs_fstatat(struct model *m, int dirfd, const char *path, struct stat *st, int flags);
int fs_faccessat(struct model *m, int dirfd, const char *path, int mode, int flags);
int fs_mkdirat(struct model *m, int dirfd, const char *path, mode_t mode);
int fs_unlinkat(struct model *m, int dirfd, const char *path, int flags);
int fs_listdir(struct model *m, int dirfd, const char *path, int (*fn)(const char *name, void *arg),
	       void *arg);

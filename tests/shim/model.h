/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * An in-memory model of the Linux kernel as liblsmconfig sees it: the
 * merged LSM syscalls, the proposed lsm_config_*_policy() and lsm_unshare()
 * syscalls, and the AppArmor / SELinux / Smack pseudo-filesystems.
 *
 * Everything follows /work/shared/spec/kernel-abi.md (cited as "abi §N")
 * and the behaviour observed on real kernels in test-vm-facts.md ("facts"):
 * argument checks run in the kernel's order with the kernel's errno, the
 * AppArmor blob is parsed in its real tagged binary format, Smack rules are
 * parsed the way smackfs parses them (including its silent truncations),
 * SELinux policy is checked for its real header.
 *
 * Use:
 *	struct model *m = model_new();          // no LSM, no syscalls
 *	model_preset_all_syscalls(m);           // or set the fields by hand
 *	m->cap_mac_admin = false;               // ...then adjust
 *	struct lsmc_sys sys = model_sys(m);     // install in the library
 *	...
 *	assert m->calls[MODEL_IF_SYSTEM_POLICY] == 1, m->last_call.size == ...
 *	model_free(m);
 *
 * Configuration fields are public: set them before (or between) calls.
 * Fields under "observed state" are written by the model for tests to read.
 * The model serialises every operation on an internal mutex, so the seccomp
 * notification server (notify.h) may drive it from its own thread.
 *
 * Virtual file descriptors start at MODEL_FD_BASE and never collide with
 * real ones. Paths outside the modelled trees give ENOENT and foreign fds
 * give EBADF, unless `passthrough` is set, in which case they go to the
 * real kernel.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "delivery/sys.h"

#define MODEL_FD_BASE	   1000
#define MODEL_MAX_LSMS	   16
#define MODEL_MAX_FDS	   64
#define MODEL_MAX_SYMLINKS 4
#define MODEL_MAX_STACK	   128
#define MODEL_RECORD_MAX   (16u << 20) /* bytes of a call's buffer kept */

/* The modelled pseudo-filesystems. */
enum model_fs {
	MODEL_FS_SECURITYFS = 0, /* /sys/kernel/security (AppArmor files, lsm) */
	MODEL_FS_SELINUXFS = 1,	 /* /sys/fs/selinux */
	MODEL_FS_SMACKFS = 2,	 /* /sys/fs/smackfs */
	MODEL_FS_COUNT
};

/* Interfaces counted in model.calls[]; every call that reaches the seam is
 * counted, including those a (modelled) seccomp filter or a missing
 * syscall refuses. */
enum model_iface {
	MODEL_IF_LIST_MODULES = 0,
	MODEL_IF_GET_SELF_ATTR,
	MODEL_IF_SET_SELF_ATTR,
	MODEL_IF_SELF_POLICY,
	MODEL_IF_SYSTEM_POLICY,
	MODEL_IF_UNSHARE,
	MODEL_IF_OPENAT,
	MODEL_IF_CLOSE,
	MODEL_IF_READ,
	MODEL_IF_WRITE,
	MODEL_IF_FSTATFS,
	MODEL_IF_FSTATAT,
	MODEL_IF_FACCESSAT,
	MODEL_IF_MKDIRAT,
	MODEL_IF_UNLINKAT,
	MODEL_IF_LISTDIR,
	MODEL_IF_HAS_CAP,
	MODEL_IF_CONFIG_POLICY, /* the unified revision's lsm_config_policy */
	MODEL_IF_NO_NEW_PRIVS,	/* prctl(PR_GET_NO_NEW_PRIVS) */
	MODEL_IF_FLOCK,
	MODEL_IF_COUNT
};

/* Raw arguments of the last policy or unshare syscall. For unshare, `buf`
 * is the ctx pointer, `size` and `flags` its arguments, `lsm_id` ctx->id
 * when readable, and op/common_flags are 0. */
struct model_call {
	enum model_iface kind; /* MODEL_IF_SELF_POLICY, _SYSTEM_POLICY, _CONFIG_POLICY, _UNSHARE */
	uint32_t lsm_id;
	uint32_t op;
	const void *buf;
	uint32_t size;
	uint32_t common_flags;
	uint32_t flags;
	uint8_t *data;	 /* malloc'd copy of buf, NULL if buf was NULL */
	size_t data_len; /* bytes copied: min(size, MODEL_RECORD_MAX), less if
			  * the buffer ends at an unmapped page */
	long ret;	 /* what the model answered */
};

/* The last write() to a modelled file. */
struct model_write {
	char path[256]; /* absolute path of the file written */
	uint8_t *data;	/* malloc'd copy of what the caller passed */
	size_t len;	/* what the caller passed */
	long ret;	/* what the model answered */
};

/* Smack access bits (smack.h MAY_*-like, our own numbering). */
enum {
	MODEL_SMK_READ = 1 << 0,
	MODEL_SMK_WRITE = 1 << 1,
	MODEL_SMK_EXEC = 1 << 2,
	MODEL_SMK_APPEND = 1 << 3,
	MODEL_SMK_TRANSMUTE = 1 << 4,
	MODEL_SMK_LOCK = 1 << 5,
	MODEL_SMK_BRINGUP = 1 << 6,
};

/* "follow cap_mac_admin" value of model.aa_policy_admin */
#define MODEL_FOLLOW_CAP (-1)

struct model_state; /* private */

/* Which revision of the proposed policy syscalls the kernel implements. */
enum model_abi {
	MODEL_ABI_V6 = 0,      /* two calls (abi §1-§4) */
	MODEL_ABI_UNIFIED = 1, /* lsm_config_policy (abi §9) */
};

struct model {
	/* ---- configuration: kernel features ---- */
	bool has_lsm_syscalls;		 /* 459-461 (Linux >= 6.8); false → ENOSYS */
	bool has_policy_syscalls;	 /* the policy syscalls of `abi`; false → ENOSYS */
	enum model_abi abi;		 /* which revision they are (MODEL_ABI_V6) */
	uint64_t policy_hookless;	 /* an active LSM without the policy hook (0: none) */
	uint32_t op_replace;		 /* unified LSM_POLICY_REPLACE (101) */
	uint32_t op_remove;		 /* unified LSM_POLICY_REMOVE (102) */
	bool has_unshare;		 /* lsm_unshare; false → ENOSYS */
	uint64_t active[MODEL_MAX_LSMS]; /* active LSM ids in order */
	size_t n_active;
	size_t page_size; /* PAGE_SIZE: Smack window, set_self_attr E2BIG (4096) */

	/* ---- configuration: the calling task ---- */
	bool is_root;	       /* uid 0: may open root-owned owner-only files */
	bool cap_mac_admin;    /* CAP_MAC_ADMIN in the init user namespace */
	bool cap_dac_override; /* CAP_DAC_OVERRIDE */
	bool seccomp_eperm;    /* a filter returns EPERM for the 3 new syscalls */
	bool seccomp_enosys;   /* a filter returns ENOSYS for them */
	bool no_new_privs;     /* PR_SET_NO_NEW_PRIVS was set */
	/* a Landlock domain without access to the pseudo-filesystems: opening
	 * a file below their mount points (not O_PATH) gives EACCES, stat
	 * and statfs still work, as under landlock_restrict_self() */
	bool fs_denied;

	/* ---- configuration: pseudo-filesystems ---- */
	struct {
		bool mounted;
		uint32_t magic_override; /* non-zero: fstatfs reports this f_type */
	} fs[MODEL_FS_COUNT];
	/* absolute paths that behave as symlinks (O_NOFOLLOW → ELOOP) */
	char symlinks[MODEL_MAX_SYMLINKS][256];
	bool passthrough; /* unknown paths/fds go to the real kernel */
	/* /proc: the calling task (self, thread-self) and the tasks
	 * model_task_add() made, each with attr/apparmor/current and ns/pid */
	bool procfs;
	bool foreign_pidns; /* the task is not in the initial PID namespace */

	/* ---- configuration: AppArmor ---- */
	bool aa_policy_locked; /* "policy_locked": policy loads → EACCES */
	int aa_policy_admin;   /* 1/0, or MODEL_FOLLOW_CAP (default) */
	uint32_t aa_abi_min;   /* accepted blob versions (facts: 5..8 on 6.1) */
	uint32_t aa_abi_max;
	bool aa_unshare; /* AppArmor implements lsm_unshare */
	/* features/policy/versions lists vN for each bit N set; 0: no such
	 * directory. Linux 6.1 lists v5..v9 (0x3e0) yet takes up to v8. */
	uint32_t aa_versions_listed;
	bool aa_permstable32; /* features/policy/permstable32 (Linux >= 6.2) */
	/* the next N namespace mkdirs fail with EEXIST, as if another task had
	 * just taken the name */
	unsigned aa_ns_collisions;
	/* a stack answers success and changes nothing (a kernel bug, such as
	 * v6's empty self name): what the library must not take on trust */
	bool aa_stack_noop;

	/* ---- configuration: SELinux ---- */
	bool selinux_load_allowed;	/* security:load_policy permission */
	uint32_t selinux_policyvers;	/* POLICYDB_VERSION_MAX (33) */
	bool selinux_no_internal_mount; /* v6 syscall → ENODEV */

	/* ---- configuration: Smack ---- */
	bool smack_onlycap_denies; /* smackfs onlycap excludes the caller (fs EPERM) */

	/* ---- fault injection (writes to modelled files; 1-based counters) ---- */
	unsigned fail_write_nth;  /* the N-th write attempt fails ... */
	int fail_write_errno;	  /* ... with this errno (positive) */
	unsigned eintr_write_nth; /* the N-th write attempt returns EINTR, no effect */
	size_t short_write_max;	  /* non-zero: a write sees at most K bytes */
	int unshare_errno;	  /* non-zero: lsm_unshare fails with it after its checks */
	/* the N-th policy syscall that exists (any of the three; counted in
	 * policy_calls) fails with this errno before its checks, nothing done */
	unsigned fail_policy_call_nth;
	int fail_policy_call_errno;
	unsigned policy_calls;
	/* non-zero: once this many Smack rules were applied (any interface),
	 * the next rule fails with ENOMEM, mid-window, earlier ones kept;
	 * the fault is transient (it clears itself once it fired) */
	unsigned smack_fail_after_rules;
	unsigned smack_rules_applied; /* rules applied so far (observed) */
	/* Called as each modelled call begins (a file-system seam, lsm_id 0,
	 * or a policy syscall with its LSM), before the model acts: a test
	 * changes the world there, between two calls of the library. */
	void (*on_call)(struct model *m, enum model_iface kind, uint32_t lsm_id, void *arg);
	void *on_call_arg;

	/* ---- observed state ---- */
	unsigned calls[MODEL_IF_COUNT];
	struct model_call last_call;
	unsigned n_writes; /* write attempts on modelled fds */
	struct model_write last_write;

	unsigned selinux_loads;	 /* successful policy loads */
	uint8_t *selinux_policy; /* bytes of the last loaded policy */
	size_t selinux_policy_len;
	bool selinux_enforce;

	char smack_label[256]; /* the task's Smack label ("_") */

	unsigned unshares; /* successful lsm_unshare calls */

	struct model_state *st; /* private */
};

/* New model: no LSM active, no syscalls, nothing mounted, no capabilities,
 * page_size 4096, selinux_policyvers 33, AppArmor blob versions 5..8. */
struct model *model_new(void);
void model_free(struct model *m);

/* Presets; each adds to what is already set. */
/* Linux 6.1-like: capability+AppArmor active, securityfs mounted, root with
 * CAP_MAC_ADMIN/CAP_DAC_OVERRIDE, no LSM syscalls. */
void model_preset_apparmor_fs_only(struct model *m);
/* Same for SELinux (selinuxfs mounted) and Smack (smackfs mounted). */
void model_preset_selinux_fs_only(struct model *m);
void model_preset_smack_fs_only(struct model *m);
/* Everything: capability, SELinux, Smack, AppArmor active (a real kernel
 * allows one exclusive LSM; the model allows all three), merged and policy
 * syscalls and lsm_unshare present, all pseudo-fs mounted, root with both
 * capabilities, SELinux load permission granted. */
void model_preset_all_syscalls(struct model *m);

/* Replace the active LSM list. */
void model_set_active(struct model *m, const uint64_t *ids, size_t n);
bool model_lsm_active(const struct model *m, uint64_t id);

/* The seam table: every operation goes to the model. */
struct lsmc_sys model_sys(struct model *m);

/* Forget counters, last call and last write (state is kept). */
void model_reset_calls(struct model *m);

/* ---- the syscalls, callable directly (the seam and notify use these) ---- */
long model_lsm_list_modules(struct model *m, uint64_t *ids, uint32_t *size, uint32_t flags);
long model_lsm_get_self_attr(struct model *m, unsigned int attr, struct lsmc_kctx *ctx,
			     uint32_t *size, uint32_t flags);
long model_lsm_set_self_attr(struct model *m, unsigned int attr, struct lsmc_kctx *ctx,
			     uint32_t size, uint32_t flags);
long model_lsm_config_self_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
				  uint32_t size, uint32_t common_flags, uint32_t flags);
long model_lsm_config_system_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
				    uint32_t size, uint32_t common_flags, uint32_t flags);
long model_lsm_config_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
			     uint32_t size, uint32_t common_flags, uint32_t flags);
long model_lsm_unshare(struct model *m, struct lsmc_kctx *ctx, uint32_t size, uint32_t flags);

/* ---- AppArmor state ---- */
/* `ns` is a namespace path relative to the root namespace, components
 * separated by "//"; NULL or "" is the root namespace. */
bool model_aa_ns_exists(struct model *m, const char *ns);
int model_aa_ns_create(struct model *m, const char *ns); /* 0, -EEXIST */
int model_aa_ns_remove(struct model *m, const char *ns); /* 0, -ENOENT */
bool model_aa_has_profile(struct model *m, const char *ns, const char *name);
/* "enforce", "complain", "kill", "unconfined", "user"; NULL if absent */
const char *model_aa_profile_mode(struct model *m, const char *ns, const char *name);
size_t model_aa_profile_count(struct model *m, const char *ns);
int model_aa_add_profile(struct model *m, const char *ns, const char *name, const char *mode);
/* The task's AppArmor confinement: its profile ("unconfined" at start),
 * the profiles stacked onto it (lsm_config_self_policy, "stack NAME"), the
 * namespace it lives in ("" = root; lsm_unshare moves it), the on-exec
 * label set through LSM_ATTR_EXEC ("" if none). */
const char *model_aa_task_profile(struct model *m);
size_t model_aa_stack_count(struct model *m);
const char *model_aa_stack(struct model *m, size_t i);
/* Forget the task's stack: the task now stands for another one that shares
 * its namespaces (a child, say) but none of its stacked profiles. */
void model_aa_stack_clear(struct model *m);
const char *model_aa_task_ns(struct model *m);
const char *model_aa_exec_label(struct model *m);
/* The unified revision's transient namespace of the task's self loads
 * (a child of its namespace), "" before the first. */
const char *model_aa_self_ns(struct model *m);
/* Other tasks, for /proc (model.procfs): pid > 1 with an AppArmor label
 * as /proc/PID/attr/apparmor/current shows it. 0, -ENOSPC, -EEXIST. */
int model_task_add(struct model *m, int pid, const char *label);
int model_task_exit(struct model *m, int pid); /* 0, -ESRCH */
/* How many flock(LOCK_EX) locks are held on files of the model. */
unsigned model_flocks_held(struct model *m);

/* Build a policy blob in apparmor_parser's binary format: for each name a
 * header (version `abi`, plus "namespace" `ns` when ns is non-NULL) and a
 * profile struct with that name and mode flags (0 enforce, 1 complain).
 * Returns a malloc'd buffer and its length in *len. */
uint8_t *model_aa_blob(const char *ns, const char *const *names, size_t n, uint32_t abi,
		       uint32_t mode, size_t *len);

/* ---- SELinux ---- */
/* Build a binary policy with SELinux's real header (magic, "SE Linux",
 * policy `version`) followed by `body` bytes. The model also marks it with
 * a private config bit and a length trailer, so a truncated copy of it is
 * rejected like a truncated real policy (facts: EINVAL). Real policies
 * (no mark) are checked for their header only. */
uint8_t *model_selinux_policy(uint32_t version, size_t body, size_t *len);

/* ---- Smack state ---- */
/* Access bits of the global rule subject→object, -1 if there is none. */
int model_smack_rule(struct model *m, const char *subject, const char *object);
/* Same in the task's own (load-self) list. */
int model_smack_self_rule(struct model *m, const char *subject, const char *object);
size_t model_smack_rule_count(struct model *m); /* global rules, any access */
int model_smack_set_rule(struct model *m, const char *subject, const char *object,
			 const char *access); /* setup helper; 0 or -EINVAL */

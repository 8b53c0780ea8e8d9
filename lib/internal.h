/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <syslog.h>

#include "lsmconfig.h"
#include "delivery/abi.h"
#include "delivery/sys.h"

#define LSMC_EXPORT	  __attribute__((visibility("default")))
#define LSMC_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* The three LSMs the library loads policy for, as a small index. */
enum lsmc_slot {
	SLOT_APPARMOR,
	SLOT_SELINUX,
	SLOT_SMACK,
	SLOT_COUNT,
};

int lsmc_slot_of(uint64_t lsm_id); /* slot, or -EINVAL for an LSM we do not load */

/* Where one LSM's pseudo-filesystem lives and how it was opened. */
struct lsmc_fsroot {
	char *path;	       /* set by lsmc_set_fs_root, else NULL for the defaults */
	int dirfd;	       /* opened on first use, -1 before */
	char opened[PATH_MAX]; /* the path dirfd refers to */
};

struct lsmc_probe_cache {
	bool lsms_done;
	uint64_t *active;
	size_t n_active;
	const char *active_source; /* "lsm_list_modules" or the lsm file's path */
	bool done[SLOT_COUNT];
	struct lsmc_lsm_info info[SLOT_COUNT];
	char fs_path[SLOT_COUNT][PATH_MAX];
	/* AppArmor policy formats the kernel takes (0: none listed); read once
	 * per context, not once per load: a load of one file each costs a
	 * directory listing and a read per version otherwise. */
	bool aa_versions_done;
	uint32_t aa_versions;
};

struct lsmc_last_error {
	int error;
	int kernel_errno;
	uint64_t lsm;
	enum lsmc_backend backend;
	char interface[PATH_MAX];
	char message[512];
	char hint[512];
};

/* A context's hold on one LSM's load lock (lock.c). */
struct lsmc_lock {
	int fd;		/* the locked file, -1 when not held (or held without a file) */
	unsigned depth; /* nested takes by this context */
};

struct lsmc_ctx {
	int refcount;
	lsmc_log_fn log_fn;
	void *log_data;
	int log_priority;
	enum lsmc_backend backend;
	const struct lsmc_abi *abi; /* the policy syscalls' revision (abi.h) */
	struct lsmc_sys sys;
	long page_size;
	struct lsmc_fsroot roots[SLOT_COUNT];
	struct lsmc_probe_cache probe;
	struct lsmc_last_error err;
	char *root; /* LSMCONFIG_ROOT: where /etc and /proc are read from; NULL: / */
	/* what the last AppArmor self load's result points to */
	char *result_label;
	char *result_ns;
	struct lsmc_lock locks[SLOT_COUNT];
	int lock_timeout_ms;		  /* how long a load waits for the lock; -1: for ever */
	char lock_holder[SLOT_COUNT][32]; /* lsmc_probe()'s lock_holder strings */
};

/* ---- logging (log.c) ---- */
void lsmc_log(const struct lsmc_ctx *ctx, int priority, const char *file, int line, const char *fn,
	      const char *format, ...) LSMC_PRINTF(6, 7);
int lsmc_log_priority_from_string(const char *s);

#define lsmc_log_cond(ctx, prio, ...)                                                              \
	do {                                                                                       \
		if ((ctx)->log_priority >= (prio))                                                 \
			lsmc_log(ctx, prio, __FILE__, __LINE__, __func__, __VA_ARGS__);            \
	} while (0)
#define dbg(ctx, ...)  lsmc_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...) lsmc_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define warn(ctx, ...) lsmc_log_cond(ctx, LOG_WARNING, __VA_ARGS__)
#define err(ctx, ...)  lsmc_log_cond(ctx, LOG_ERR, __VA_ARGS__)

/* ---- last error (error.c) ---- */
/*
 * Record a failure on ctx and return error (a negative errno) so callers can
 * write `return lsmc_fail(...)`. The hint is derived from the errno and the
 * interface unless one is given.
 */
struct lsmc_fail_info {
	int error;
	int kernel_errno;
	uint64_t lsm;
	enum lsmc_backend backend;
	const char *interface;
	const char *hint; /* NULL: derive one */
};
int lsmc_fail(struct lsmc_ctx *ctx, const struct lsmc_fail_info *fi, const char *format, ...)
	LSMC_PRINTF(3, 4);
void lsmc_clear_error(struct lsmc_ctx *ctx);
/* True when the probe has found that the kernel does not run lsm. */
bool lsmc_lsm_known_inactive(const struct lsmc_ctx *ctx, uint64_t lsm);

/* ---- the per-LSM load lock (lock.c) ---- */
/* Take the slot's load lock, waiting up to ctx->lock_timeout_ms; nested
 * takes by one context only count. 0 (held, or no place for the lock file:
 * the load goes on without it), -ETIMEDOUT naming the holder, -ENOLCK for
 * a lock path that cannot be trusted; the error is set. */
int lsmc_lock_take(struct lsmc_ctx *ctx, int slot);
void lsmc_lock_drop(struct lsmc_ctx *ctx, int slot);
/* The same by LSM id; an LSM without a slot takes nothing. */
int lsmc_lock_take_lsm(struct lsmc_ctx *ctx, uint64_t lsm);
void lsmc_lock_drop_lsm(struct lsmc_ctx *ctx, uint64_t lsm);
/* Whether some loader holds the slot's lock now: 1 (and its pid and command,
 * pid -1 when it did not say); 2 when it is free but its last holder ended
 * without letting go (killed: its pid and command); 0 when free; or -errno
 * when it cannot be told. */
int lsmc_lock_holder(struct lsmc_ctx *ctx, int slot, int *pid, char *comm, size_t len);
void lsmc_lock_path(const struct lsmc_ctx *ctx, int slot, char *buf, size_t len);
int lsmc_lock_timeout_default(void);

/* ---- copying a struct that begins with its own size ---- */
static inline size_t lsmc_min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* ---- pseudo-filesystem access (fsroot.c) ---- */
const char *lsmc_fs_default_root(int slot);
int lsmc_fs_open_root(struct lsmc_ctx *ctx, int slot);
/* The display path of rel below the slot's root, for messages. */
void lsmc_fs_path(const struct lsmc_ctx *ctx, int slot, const char *rel, char *buf, size_t len);
int lsmc_fs_open_file(struct lsmc_ctx *ctx, int slot, const char *rel, int flags);
/* Why the slot's root could not be opened (root: the negative errno), in
 * the words every operation uses: not active, not mounted, not its fs. */
const char *lsmc_fs_root_problem(struct lsmc_ctx *ctx, int slot, int root);
void lsmc_fs_close_roots(struct lsmc_ctx *ctx);
/* Read a small pseudo-file into buf (NUL-terminated); bytes read or -errno. */
ssize_t lsmc_fs_read(struct lsmc_ctx *ctx, int slot, const char *rel, char *buf, size_t len);
/*
 * Read a pseudo-file of any size piece by piece: fn gets the bytes not yet
 * taken (eof once the file has ended) and returns how many it took, or
 * -errno to stop. What it leaves comes again, with more, next time.
 */
typedef long (*lsmc_fs_read_fn)(const char *buf, size_t len, bool eof, void *arg);
int lsmc_fs_read_each(struct lsmc_ctx *ctx, int slot, const char *rel, lsmc_fs_read_fn fn,
		      void *arg);

/* ---- requests: what a builder hands to the dispatcher (dispatch.c) ---- */

/* What a request asks of the kernel. */
enum lsmc_req_kind {
	LSMC_REQ_LOAD,	 /* load (AppArmor system: or replace) policy or rules */
	LSMC_REQ_STACK,	 /* AppArmor self: stack the profile named by the payload */
	LSMC_REQ_REMOVE, /* AppArmor system: remove the profile named by the payload */
};

struct lsmc_request {
	uint64_t lsm;
	enum lsmc_scope scope;
	enum lsmc_req_kind kind;
	const char *ns;	     /* AppArmor policy namespace, NULL for the default */
	const void *payload; /* blob, policy, rule text or (stack, remove) a name */
	size_t len;
	int smack_fmt;	 /* SMACK_FMT_LONG or SMACK_FMT_CHANGE */
	size_t headroom; /* writable bytes just before payload, 0 if none */
	bool require_atomic;
	/* The backend this request must take (AUTO: the context's choice): a
	 * rollback goes back through the one that failed, a load into the
	 * task's own AppArmor namespace through apparmorfs. */
	enum lsmc_backend via;
	/* AppArmor: ns was made for the calling task alone, so the load is the
	 * task's own policy and takes no load lock. */
	bool task_ns;
};

struct lsmc_delivery {
	enum lsmc_backend backend; /* the backend that delivered */
	bool atomic;		   /* all-or-nothing in the kernel */
	size_t bytes;		   /* payload bytes the kernel took */
	unsigned int kernel_calls; /* syscalls or writes it took */
	const char *interface;	   /* static name of what delivered, or NULL */
};

/* The only caller of lsmc_deliver_syscall() and lsmc_deliver_fs(). */
int lsmc_deliver(struct lsmc_ctx *ctx, const struct lsmc_request *req, struct lsmc_delivery *out);
/* The backend lsmc_deliver() sends req to first (SYSCALL or FS), as auto
 * mode decides it: asks the probe, sends nothing. */
int lsmc_route(struct lsmc_ctx *ctx, const struct lsmc_request *req, enum lsmc_backend *via);

/*
 * What the dispatcher must know of one LSM. Each LSM's file defines its
 * table; dispatch.c looks it up by LSM id and names no LSM itself.
 */
struct lsmc_lsm_rules {
	uint64_t lsm;
	/* Refuses what no backend delivers for this LSM: a negative errno with
	 * the failure recorded on ctx (fi comes filled with lsm and backend),
	 * else 0. NULL: nothing to refuse. */
	int (*check)(struct lsmc_ctx *ctx, const struct lsmc_request *req,
		     struct lsmc_fail_info *fi);
	/* Auto mode, after the syscall failed with r: true when the LSM refused
	 * before applying anything and the pseudo-filesystem may take the
	 * request; fs_after_refusal_note says why, for the log. NULL: a
	 * failure of the syscall is final. */
	bool (*fs_after_refusal)(const struct lsmc_request *req, int r,
				 const struct lsmc_delivery *d);
	const char *fs_after_refusal_note;
	/* What error means once the LSM itself has the payload (its load file
	 * was written, or the policy call reached it): its parser's errno,
	 * which the generic reading gets wrong (ENOENT names no missing file).
	 * NULL, or a NULL answer: the generic hint. */
	const char *(*refusal_hint)(const struct lsmc_request *req, int error);
};
extern const struct lsmc_lsm_rules lsmc_apparmor_delivery_rules; /* apparmor.c */
extern const struct lsmc_lsm_rules lsmc_selinux_delivery_rules;	 /* selinux.c */
extern const struct lsmc_lsm_rules lsmc_smack_delivery_rules;	 /* smack.c */

/* The LSM's own reading of a refusal of req's payload (positive errno), or NULL. */
const char *lsmc_refusal_hint(const struct lsmc_request *req, int error);
/* The dispatcher's own refusals (what no backend delivers), for dry runs too. */
int lsmc_request_check(struct lsmc_ctx *ctx, const struct lsmc_request *req);
/* Whether auto mode sends this probe answer to the syscall. */
bool lsmc_syscall_usable(enum lsmc_avail a);
/* The backends' delivery functions: for lsmc_deliver() alone. */
int lsmc_deliver_syscall(struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 struct lsmc_delivery *out);
/* Whether the context's syscall revision can carry this request at all;
 * if not, *why says what it lacks. */
bool lsmc_syscall_offers(const struct lsmc_ctx *ctx, const struct lsmc_request *req,
			 const char **why);
/* False when the seam enters the kernel and this build has no number for the
 * call scope's requests use: such a call could never reach a kernel. */
bool lsmc_syscall_numbered(const struct lsmc_ctx *ctx, enum lsmc_scope scope);
/* Records that a request was not sent for want of a number; -ENOSYS. */
int lsmc_syscall_unnumbered(struct lsmc_ctx *ctx, const struct lsmc_request *req);
/* Ask the policy syscall whether this LSM answers it, without side effects. */
enum lsmc_avail lsmc_syscall_probe(struct lsmc_ctx *ctx, uint64_t lsm, enum lsmc_scope scope,
				   int *errno_out);
int lsmc_deliver_fs(struct lsmc_ctx *ctx, const struct lsmc_request *req,
		    struct lsmc_delivery *out);

/* AppArmor operations only the pseudo-filesystem offers (backend-fs.c). */
int lsmc_fs_apparmor_remove(struct lsmc_ctx *ctx, const char *ns, const char *name,
			    struct lsmc_delivery *out);
int lsmc_fs_apparmor_ns_create(struct lsmc_ctx *ctx, const char *ns);
/* Child namespaces of ns (NULL: the root) through fn; stops at fn's first non-zero. */
int lsmc_fs_apparmor_ns_list(struct lsmc_ctx *ctx, const char *ns,
			     int (*fn)(const char *name, void *arg), void *arg);
/* An AppArmor task command ("stack X", "changeprofile Y") for the caller:
 * attr LSM_ATTR_CURRENT acts now, LSM_ATTR_EXEC at the next execve(). */
int lsmc_fs_apparmor_setattr(struct lsmc_ctx *ctx, const char *cmd, unsigned int attr,
			     struct lsmc_fail_info *fi, struct lsmc_delivery *out);
/* "stack PROFILE" at the next execve() (a checked name). */
int lsmc_fs_apparmor_stack_onexec(struct lsmc_ctx *ctx, const char *profile,
				  struct lsmc_delivery *out);
/* The fs backend's readers of kernel state below are for kstate.c, the
 * loaders' one door to them (kstate.h). */
/* 1 if the namespace exists, 0 if not, negative errno if the fs cannot tell. */
int lsmc_fs_apparmor_ns_exists(struct lsmc_ctx *ctx, const char *ns);
/* A SELinux policy file (the configured one when path is NULL) read into map
 * (free with lsmc_file_bytes_free); name gets the path it came from. */
struct lsmc_file_bytes;
int lsmc_selinux_read_file(struct lsmc_ctx *ctx, const char *path, struct lsmc_file_bytes *map,
			   char *name, size_t namelen);
/* lsmc_selinux_load() of bytes already read, its messages naming name. */
int lsmc_selinux_load_named(struct lsmc_ctx *ctx, const void *policy, size_t len, const char *name,
			    const struct lsmc_load_opts *in, struct lsmc_result *res);
/* The newest SELinux policy version the kernel takes (selinuxfs policyvers); 0 if unknown. */
unsigned lsmc_fs_selinux_policyvers(struct lsmc_ctx *ctx);
/* What smackfs lists of the global (load2) or the caller's own (load-self2) rules, to fn. */
int lsmc_fs_smack_listing(struct lsmc_ctx *ctx, bool self, lsmc_fs_read_fn fn, void *arg);
/* 1 if apparmorfs announces multi-profile set loads (features/policy/set_load). */
int lsmc_fs_apparmor_has_set_load(struct lsmc_ctx *ctx);
/* The AppArmor policy format versions the kernel takes, bit N for vN, as
 * apparmorfs features/policy/versions lists them; 0 when it lists none. */
uint32_t lsmc_fs_apparmor_policy_versions(struct lsmc_ctx *ctx);

/* One AppArmor policy file of a multi-file load, and how it went. */
struct lsmc_aa_item {
	const char *path;
	int status;	   /* 0 or a negative errno; -ECANCELED: not attempted */
	bool sent;	   /* the kernel took it */
	unsigned profiles; /* profiles the file holds */
	size_t off, len;   /* where it sits in the load buffer */
	char *group;	   /* the namespace its profiles go to ("": the base) */
	bool atomic;	   /* it went in an all-or-nothing request */
	char message[256]; /* why it failed */
};

/* Load files as one set per namespace where the kernel allows it, else one
 * by one. Without cont, a file that cannot be read or is not policy stops
 * the load before anything is sent, and a set the kernel refuses fails as a
 * whole. With cont, such a file is marked and left out, the files of a
 * refused set are loaded one by one (so the good ones load and the bad one
 * is named), and the load goes on after a failure. */
int lsmc_apparmor_load_items(struct lsmc_ctx *ctx, struct lsmc_aa_item *items, size_t n,
			     const struct lsmc_load_opts *opts, bool cont, struct lsmc_result *res);

/* A namespace to load into (NULL: the caller's) is a valid name and exists. */
int lsmc_apparmor_check_target(struct lsmc_ctx *ctx, const char *ns);

/* The policy files of an apparmor_parser cache directory (the features
 * subdirectory of this kernel when there is one), NULL-terminated. */
int lsmc_apparmor_cache_files(struct lsmc_ctx *ctx, const char *dir, char ***paths, size_t *n);
void lsmc_strv_free(char **v);

/* Smack rule sets, for batches (smack.c): the format of a set's rules
 * (SMACK_FMT_LONG, SMACK_FMT_CHANGE, 0 when empty) and appending one set
 * to another of the same format. */
int lsmc_smack_ruleset_format(const struct lsmc_smack_ruleset *rs);
/* The rules a set holds (NULL before the first), for tests. */
struct lsmc_smack_rules;
const struct lsmc_smack_rules *lsmc_smack_ruleset_rules(const struct lsmc_smack_ruleset *rs);
int lsmc_smack_ruleset_merge(struct lsmc_smack_ruleset *dst, const struct lsmc_smack_ruleset *src);

/* The syscall a scope enters in the context's revision, for messages. */
const char *lsmc_syscall_name(const struct lsmc_ctx *ctx, enum lsmc_scope scope);

/* The probe result for one LSM, computed once per context (probe.c). */
int lsmc_probe_cached(struct lsmc_ctx *ctx, uint64_t lsm_id, const struct lsmc_lsm_info **out);

/* Install a seam table (tests install the kernel model here). Drops every
 * cached probe result and open root, which belong to the old table. */
void lsmc_ctx_set_sys(struct lsmc_ctx *ctx, const struct lsmc_sys *sys);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * liblsmconfig — load Linux Security Module policy through one typed
 * interface: the proposed lsm_config_*_policy() syscalls where the kernel
 * has them, the LSM pseudo-filesystems where it does not.
 *
 * Every function that returns int returns >= 0 on success and a negative
 * errno value on failure. errno itself is never the only signal.
 */
#ifndef LSMCONFIG_H
#define LSMCONFIG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* LSM identifiers: the kernel's LSM_ID_* values (include/uapi/linux/lsm.h). */
enum lsmc_lsm {
	LSMC_LSM_SELINUX = 101,
	LSMC_LSM_SMACK = 102,
	LSMC_LSM_APPARMOR = 104,
};

/* How a request reaches the kernel. */
enum lsmc_backend {
	LSMC_BACKEND_AUTO = 0,	  /* syscall where the kernel answers it, else fs */
	LSMC_BACKEND_SYSCALL = 1, /* only the lsm_config_*_policy() syscalls */
	LSMC_BACKEND_FS = 2,	  /* only the pseudo-filesystems */
};

/* Whether a syscall interface can be used, as the probe found it. */
enum lsmc_avail {
	LSMC_AVAIL_UNKNOWN = 0,	      /* the probe got an answer it does not know */
	LSMC_AVAIL_YES = 1,	      /* the LSM answers this syscall */
	LSMC_AVAIL_ABSENT = 2,	      /* kernel or build has no such syscall */
	LSMC_AVAIL_UNIMPLEMENTED = 3, /* syscall exists, this LSM has no hook */
	LSMC_AVAIL_DENIED = 4,	      /* EPERM: missing capability or seccomp */
};

/* State of an LSM's pseudo-filesystem load interface. */
enum lsmc_fs_state {
	LSMC_FS_UNKNOWN = 0,
	LSMC_FS_WRITABLE = 1,	 /* mounted, right filesystem, we may open it */
	LSMC_FS_NO_ACCESS = 2,	 /* mounted, but the load file is not writable */
	LSMC_FS_NOT_MOUNTED = 3, /* the mount point or load file is missing */
	LSMC_FS_WRONG_FS = 4,	 /* something else is mounted there */
};

struct lsmc_ctx;

/* ---- context ---------------------------------------------------------- */

int lsmc_new(struct lsmc_ctx **ctxp);
struct lsmc_ctx *lsmc_ref(struct lsmc_ctx *ctx);
struct lsmc_ctx *lsmc_unref(struct lsmc_ctx *ctx);

/* ---- logging ---------------------------------------------------------- */

/* priority is a syslog(3) level: LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG. */
typedef void (*lsmc_log_fn)(void *data, int priority, const char *file, int line, const char *fn,
			    const char *format, va_list args);

void lsmc_set_log_fn(struct lsmc_ctx *ctx, lsmc_log_fn fn, void *data);
int lsmc_get_log_priority(const struct lsmc_ctx *ctx);
void lsmc_set_log_priority(struct lsmc_ctx *ctx, int priority);

/* ---- configuration ---------------------------------------------------- */

int lsmc_set_backend(struct lsmc_ctx *ctx, enum lsmc_backend backend);
enum lsmc_backend lsmc_get_backend(const struct lsmc_ctx *ctx);

/*
 * Look for an LSM's pseudo-filesystem below path instead of its standard
 * mount point. A root set here is not checked for the filesystem's magic
 * number, so tests can point it at an ordinary directory. NULL restores the
 * default.
 */
int lsmc_set_fs_root(struct lsmc_ctx *ctx, enum lsmc_lsm lsm, const char *path);

/*
 * How long a load that changes the system's policy waits for another
 * loader of the same LSM to finish (the per-LSM load lock, liblsmconfig(3)
 * CONCURRENCY): milliseconds, 0 not to wait (beyond a second try a few ms
 * later), -1 to wait for ever. The default is 60 s, or
 * LSMCONFIG_LOCK_TIMEOUT seconds.
 */
int lsmc_set_lock_timeout(struct lsmc_ctx *ctx, int timeout_ms);
int lsmc_get_lock_timeout(const struct lsmc_ctx *ctx);

/* ---- names ------------------------------------------------------------ */

const char *lsmc_lsm_name(uint64_t lsm_id);
int lsmc_lsm_from_name(const char *name, uint64_t *lsm_id);
const char *lsmc_backend_name(enum lsmc_backend backend);
int lsmc_backend_from_name(const char *name, enum lsmc_backend *backend);
const char *lsmc_features(void);

/* ---- errors ----------------------------------------------------------- */

/* Detail of the last failure on a context. Set sz = sizeof(struct lsmc_error)
 * before the call; fields past sz are never written. The strings stay valid
 * until the next call on the context. */
struct lsmc_error {
	size_t sz;
	int error;		   /* negative errno the call returned */
	int kernel_errno;	   /* errno the kernel gave, 0 if none */
	uint64_t lsm;		   /* LSM_ID_* the failure concerns, 0 if none */
	enum lsmc_backend backend; /* backend that failed, AUTO if none */
	const char *interface;	   /* syscall name or pseudo-file path */
	const char *message;	   /* what went wrong */
	const char *hint;	   /* what to do about it, or "" */
};

int lsmc_get_last_error(const struct lsmc_ctx *ctx, struct lsmc_error *err);

/* ---- probe ------------------------------------------------------------ */

/* What the running kernel offers for one LSM. Set sz before the call. */
struct lsmc_lsm_info {
	size_t sz;
	uint64_t lsm;			/* LSM_ID_* */
	bool active;			/* the kernel runs this LSM */
	enum lsmc_avail syscall_self;	/* lsm_config_self_policy() */
	enum lsmc_avail syscall_system; /* lsm_config_system_policy() */
	int syscall_self_errno;		/* what the probe call returned */
	int syscall_system_errno;
	enum lsmc_fs_state fs; /* the pseudo-filesystem's load file */
	int fs_errno;
	const char *fs_path;	 /* that load file's path */
	bool cap_mac_admin;	 /* caller has CAP_MAC_ADMIN */
	bool cap_dac_override;	 /* caller has CAP_DAC_OVERRIDE */
	bool can_load;		 /* some interface should accept a load */
	int lock_pid;		 /* a loader holds this LSM's load lock: its pid
				    (-1 if it did not say); 0 if none does */
	const char *lock_holder; /* that loader's command, or "" */
	bool load_unfinished;	 /* no loader holds the lock, but the last one
				    ended without finishing (killed): lock_pid
				    and lock_holder name it */
};

int lsmc_active_lsms(struct lsmc_ctx *ctx, const uint64_t **ids);
int lsmc_probe(struct lsmc_ctx *ctx, uint64_t lsm_id, struct lsmc_lsm_info *info);
void lsmc_probe_reset(struct lsmc_ctx *ctx);

/* ---- loading: common options and results ---------------------------- */

/* Whose policy a load changes. */
enum lsmc_scope {
	LSMC_SCOPE_SYSTEM = 0, /* the system's policy (lsm_config_system_policy) */
	LSMC_SCOPE_SELF = 1,   /* the calling task only (lsm_config_self_policy) */
};

/* Options of a load. Set sz = sizeof(struct lsmc_load_opts); a NULL
 * pointer means all defaults. New fields are only ever appended. */
struct lsmc_load_opts {
	size_t sz;
	enum lsmc_scope scope;
	const char *ns;	     /* AppArmor policy namespace; NULL: the default */
	bool require_atomic; /* fail rather than deliver non-atomically */
	bool dry_run;	     /* validate everything, change nothing */
};

/* What a load did. Set sz = sizeof(struct lsmc_result) before the call. */
struct lsmc_result {
	size_t sz;
	enum lsmc_backend backend; /* the backend that delivered */
	bool atomic;		   /* all-or-nothing in the kernel */
	bool rolled_back;	   /* the kernel failed part-way; the previous
				      state was restored (Smack) */
	uint64_t bytes;		   /* payload bytes the kernel took */
	unsigned int kernel_calls; /* syscalls or writes issued */
	unsigned int items;	   /* profiles, policies or rules delivered */
	unsigned int parts;	   /* input files fully delivered; with a
				      non-atomic multi-file load that failed,
				      the files before the failing one */
	const char *interface;	   /* AppArmor stacking: the kernel interface
				      that delivered it ("lsm_set_self_attr"
				      or a /proc attribute file); static, NULL
				      for other requests */
	const char *label;	   /* AppArmor self load: the task's label as
				      the kernel reports it afterwards; NULL
				      otherwise. Valid until the next call on
				      the context. */
	const char *ns;		   /* AppArmor self load: the policy namespace
				      that holds the task's profiles (made by
				      the kernel, or by the library on kernels
				      without the syscall route); NULL
				      otherwise. Valid as label is. */
};

/* ---- AppArmor ---------------------------------------------------------- */

/* Load or replace compiled policy (apparmor_parser's binary output). */
int lsmc_apparmor_load(struct lsmc_ctx *ctx, const void *blob, size_t len,
		       const struct lsmc_load_opts *opts, struct lsmc_result *res);
/* Load several files as one set where the kernel allows it. */
int lsmc_apparmor_load_files(struct lsmc_ctx *ctx, const char *const *paths, size_t n,
			     const struct lsmc_load_opts *opts, struct lsmc_result *res);
/* Load every policy file of an apparmor_parser cache directory: the
 * subdirectory matching this kernel's features when dir holds several. */
int lsmc_apparmor_load_cache(struct lsmc_ctx *ctx, const char *dir,
			     const struct lsmc_load_opts *opts, struct lsmc_result *res);
/* The subdirectory of an apparmor_parser cache for this kernel's features
 * (whether it exists or not), malloc'd into *path. */
int lsmc_apparmor_cache_path(struct lsmc_ctx *ctx, const char *dir, char **path);
/* Remove a profile by name ("name", "parent//hat", ":ns:name", ":ns:"). */
int lsmc_apparmor_remove(struct lsmc_ctx *ctx, const char *name, const struct lsmc_load_opts *opts,
			 struct lsmc_result *res);
/* Stack a loaded profile onto the calling task. */
int lsmc_apparmor_stack(struct lsmc_ctx *ctx, const char *profile, struct lsmc_result *res);
/* Stack a loaded profile onto the program the calling task executes next
 * (as aa-exec does): the caller itself stays as it is until execve(). */
int lsmc_apparmor_stack_onexec(struct lsmc_ctx *ctx, const char *profile, struct lsmc_result *res);
/* Create a policy namespace ("a//b" nests); fails with -EEXIST if it exists. */
int lsmc_apparmor_ns_create(struct lsmc_ctx *ctx, const char *ns);
/* Remove the namespaces self loads made (kernels without the syscall
 * route) under which no task runs any more; returns how many went. */
int lsmc_apparmor_self_prune(struct lsmc_ctx *ctx);

/* Remove a namespace with every profile and namespace in it. */
int lsmc_apparmor_ns_remove(struct lsmc_ctx *ctx, const char *ns);
/* Call fn for each namespace directly below parent (NULL: the caller's
 * root); a non-zero return from fn stops the walk and is returned. */
int lsmc_apparmor_ns_list(struct lsmc_ctx *ctx, const char *parent,
			  int (*fn)(const char *name, void *data), void *data);
/* Move the calling task into namespace ns: it becomes confined by the
 * namespace's "unconfined" profile and sees ns as its policy root, so it
 * can load its own profiles there. Acts at once; inherited by children. */
int lsmc_apparmor_ns_enter(struct lsmc_ctx *ctx, const char *ns);

/* ---- SELinux ----------------------------------------------------------- */

/* Load a binary kernel policy (policy.NN). */
int lsmc_selinux_load(struct lsmc_ctx *ctx, const void *policy, size_t len,
		      const struct lsmc_load_opts *opts, struct lsmc_result *res);
/* Load a policy file; NULL loads the system's configured policy. */
int lsmc_selinux_load_file(struct lsmc_ctx *ctx, const char *path,
			   const struct lsmc_load_opts *opts, struct lsmc_result *res);

/* ---- Smack ------------------------------------------------------------- */

struct lsmc_smack_ruleset;

int lsmc_smack_ruleset_new(struct lsmc_smack_ruleset **rs);
void lsmc_smack_ruleset_free(struct lsmc_smack_ruleset *rs);
/* Set subject's access to object exactly ("rwxatlb" letters, "-" for none). */
int lsmc_smack_ruleset_add(struct lsmc_smack_ruleset *rs, const char *subject, const char *object,
			   const char *access);
/* Add the allow bits to, and remove the deny bits from, an existing rule. */
int lsmc_smack_ruleset_change(struct lsmc_smack_ruleset *rs, const char *subject,
			      const char *object, const char *allow, const char *deny);
/* Parse rule text: lines "subject object access" or, when the line has four
 * fields, "subject object allow deny"; '#' comments and blank lines. */
int lsmc_smack_ruleset_parse(struct lsmc_smack_ruleset *rs, const char *text, size_t len,
			     const char *name);
int lsmc_smack_ruleset_parse_file(struct lsmc_smack_ruleset *rs, const char *path);
/* Where the last failed parse stopped: file (or name), line and message. */
const char *lsmc_smack_ruleset_error(const struct lsmc_smack_ruleset *rs);
size_t lsmc_smack_ruleset_count(const struct lsmc_smack_ruleset *rs);
/* Apply the rule set; if the kernel refuses a rule part-way, every pair
 * already changed gets its previous access back (res->rolled_back). */
int lsmc_smack_load(struct lsmc_ctx *ctx, const struct lsmc_smack_ruleset *rs,
		    const struct lsmc_load_opts *opts, struct lsmc_result *res);

/* ---- what is loaded: a read-only view --------------------------------- */

/*
 * Each call reads the LSM's pseudo-filesystem through the same checks as a
 * load (O_NOFOLLOW, the filesystem's magic, lsmc_set_fs_root). The structs
 * passed to a callback begin with their size: the library sets sz to the
 * size it filled, and a caller built against an older header reads only the
 * fields it knows. Their strings are valid during the callback only.
 */

/* One loaded AppArmor profile, as apparmorfs's profiles file lists it. */
struct lsmc_apparmor_profile {
	size_t sz;
	const char *ns;	  /* its namespace, relative to the caller's; "" for the caller's own */
	const char *name; /* the profile's name within its namespace */
	const char *mode; /* "enforce", "complain", "kill", "unconfined", ... as the kernel says */
};

/* Call fn (may be NULL) for each profile loaded in the caller's policy
 * namespace and those below it; returns how many there are, or fn's
 * non-zero return, which stops the walk. */
int lsmc_apparmor_profiles(struct lsmc_ctx *ctx,
			   int (*fn)(const struct lsmc_apparmor_profile *profile, void *data),
			   void *data);

/* SELinux's state, as sestatus(8) and security_getenforce(3) tell it.
 * Set sz = sizeof(struct lsmc_selinux_status) before the call. */
struct lsmc_selinux_status {
	size_t sz;
	bool enforcing;		     /* enforce reads 1; false: permissive */
	int policy_loaded;	     /* 1: a policy is loaded, 0: none yet,
					-errno: selinuxfs could not tell */
	unsigned int policy_version; /* newest policy version the kernel reads
					(policyvers); 0 when it cannot be read */
};

int lsmc_selinux_status(struct lsmc_ctx *ctx, struct lsmc_selinux_status *status);

/* One loaded Smack access rule, as smackfs's load2 lists it. */
struct lsmc_smack_loaded_rule {
	size_t sz;
	const char *subject;
	const char *object;
	const char *access; /* "rwxatlb" letters the rule grants, "-" for none */
};

/* Call fn (may be NULL) for each access rule the kernel holds; returns how
 * many there are, or fn's non-zero return, which stops the walk. */
int lsmc_smack_rules(struct lsmc_ctx *ctx,
		     int (*fn)(const struct lsmc_smack_loaded_rule *rule, void *data), void *data);

/* ---- the LSM syscalls this build knows --------------------------------- */

/* One LSM syscall: the merged ones the library uses and the proposed
 * policy syscalls of the revision it was built for. */
struct lsmc_syscall {
	size_t sz;
	const char *name;	/* "lsm_list_modules", "lsm_config_self_policy", ... */
	bool merged;		/* in Linux (6.8); false: proposed, not merged */
	long number;		/* the number this build calls it by; -1: none, never called */
	bool scope_self;	/* a policy syscall that loads for the calling task */
	bool scope_system;	/* a policy syscall that loads the system's policy */
	bool asked;		/* the kernel was asked (false: kernel is UNKNOWN) */
	enum lsmc_avail kernel; /* what the kernel answered */
};

/* The revision of the proposed policy syscalls this build speaks: "v6" or
 * "unified". Static. */
const char *lsmc_syscall_revision(void);
/* Call fn (may be NULL) for each syscall above, in a fixed order; returns
 * how many there are, or fn's non-zero return, which stops the walk. */
int lsmc_syscalls(struct lsmc_ctx *ctx, int (*fn)(const struct lsmc_syscall *syscall, void *data),
		  void *data);

/* ---- batches: a whole machine's policy in one pass ---------------------- */

struct lsmc_batch;

enum lsmc_batch_flags {
	LSMC_BATCH_CONTINUE = 1 << 0, /* load what is valid and go on after a failure */
	LSMC_BATCH_DRY_RUN = 1 << 1,  /* validate every item, load nothing */
};

/* One item's outcome. Set sz = sizeof(struct lsmc_batch_item). */
struct lsmc_batch_item {
	size_t sz;
	uint64_t lsm;
	const char *path;	   /* the file or directory added */
	int status;		   /* 0, a negative errno, or -ECANCELED: not attempted */
	enum lsmc_backend backend; /* how it was delivered */
	bool atomic;		   /* delivered all-or-nothing (alone or in a set) */
	unsigned int items;	   /* profiles, policies or rules it held */
	const char *message;	   /* why it failed, or "" */
	bool rolled_back;	   /* failed part-way and was undone (Smack) */
	bool skipped;		   /* the configuration says not to load it (status 0) */
};

int lsmc_batch_new(struct lsmc_ctx *ctx, struct lsmc_batch **batch);
void lsmc_batch_free(struct lsmc_batch *batch);
/* Add a policy source: AppArmor compiled file or cache directory, SELinux
 * policy file (NULL: the configured one), Smack rule file. opts as for the
 * single loads (scope, namespace); NULL for defaults. */
int lsmc_batch_add(struct lsmc_batch *batch, uint64_t lsm_id, const char *path,
		   const struct lsmc_load_opts *opts);
/* Validate (Smack rule files and SELinux policies are checked before the
 * first kernel call, AppArmor files before their set goes), then load with
 * the fewest kernel calls: AppArmor files as one set, Smack access-rule
 * files merged into page-sized windows, one SELinux write. Returns 0 when
 * every item loaded, else the first error. */
int lsmc_batch_run(struct lsmc_batch *batch, unsigned int flags, struct lsmc_result *total);
size_t lsmc_batch_count(const struct lsmc_batch *batch);
int lsmc_batch_get(const struct lsmc_batch *batch, size_t index, struct lsmc_batch_item *item);

/* ---- LSM namespaces (lsm_unshare, proposed) ----------------------------- */

/* Options of lsmc_unshare. Set sz = sizeof(struct lsmc_unshare_opts);
 * NULL means no payload and no flags. New fields are only ever appended. */
struct lsmc_unshare_opts {
	size_t sz;
	const void *data; /* LSM-specific payload for the new namespace */
	size_t data_len;
	uint64_t ctx_flags; /* LSM-specific flags (struct lsm_ctx flags) */
	uint32_t flags;	    /* lsm_unshare flags: none defined, must be 0 */
};

/* Move the caller into a new namespace of one LSM (lsm_unshare). */
int lsmc_unshare(struct lsmc_ctx *ctx, uint64_t lsm_id, const struct lsmc_unshare_opts *opts);

#ifdef __cplusplus
}
#endif

#endif

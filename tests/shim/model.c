/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* The model's life cycle, presets and the seam table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model-internal.h"

struct model *model_new(void)
{
	struct model *m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	m->st = calloc(1, sizeof(*m->st));
	if (!m->st)
		abort();
	pthread_mutex_init(&m->st->lock, NULL);
	m->page_size = 4096;
	m->aa_policy_admin = MODEL_FOLLOW_CAP;
	/* facts: 6.1 lists v5..v9 but accepts v5..v8 */
	m->op_replace = 101; /* unpublished: what tests/vm/kernel/abi.env uses */
	m->op_remove = 102;
	m->aa_abi_min = 5;
	m->aa_abi_max = 8;
	m->selinux_policyvers = 33;
	strcpy(m->smack_label, "_");
	aa_state_init(m);
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	fs_close_all(m);
	aa_state_free(m);
	smk_state_free(m);
	for (size_t i = 0; i < 6; i++)
		free(m->st->se_attr[i]);
	for (size_t i = 0; i < MODEL_MAX_TASKS; i++)
		free(m->st->tasks[i].label);
	pthread_mutex_destroy(&m->st->lock);
	free(m->st);
	free(m->last_call.data);
	free(m->last_write.data);
	free(m->selinux_policy);
	free(m);
}

void model_set_active(struct model *m, const uint64_t *ids, size_t n)
{
	if (n > MODEL_MAX_LSMS)
		n = MODEL_MAX_LSMS;
	memcpy(m->active, ids, n * sizeof(*ids));
	m->n_active = n;
}

bool model_lsm_active(const struct model *m, uint64_t id)
{
	return lsm_active(m, id);
}

static void add_active(struct model *m, uint64_t id)
{
	if (!lsm_active(m, id) && m->n_active < MODEL_MAX_LSMS)
		m->active[m->n_active++] = id;
}

static void privileged(struct model *m)
{
	m->is_root = true;
	m->cap_mac_admin = true;
	m->cap_dac_override = true;
}

void model_preset_apparmor_fs_only(struct model *m)
{
	add_active(m, LSM_ID_CAPABILITY);
	add_active(m, LSM_ID_APPARMOR);
	m->fs[MODEL_FS_SECURITYFS].mounted = true;
	privileged(m);
}

void model_preset_selinux_fs_only(struct model *m)
{
	add_active(m, LSM_ID_CAPABILITY);
	add_active(m, LSM_ID_SELINUX);
	m->fs[MODEL_FS_SECURITYFS].mounted = true;
	m->fs[MODEL_FS_SELINUXFS].mounted = true;
	m->selinux_load_allowed = true;
	privileged(m);
}

void model_preset_smack_fs_only(struct model *m)
{
	add_active(m, LSM_ID_CAPABILITY);
	add_active(m, LSM_ID_SMACK);
	m->fs[MODEL_FS_SECURITYFS].mounted = true;
	m->fs[MODEL_FS_SMACKFS].mounted = true;
	privileged(m);
}

void model_preset_all_syscalls(struct model *m)
{
	add_active(m, LSM_ID_CAPABILITY);
	add_active(m, LSM_ID_SELINUX);
	add_active(m, LSM_ID_SMACK);
	add_active(m, LSM_ID_APPARMOR);
	m->has_lsm_syscalls = true;
	m->has_policy_syscalls = true;
	m->has_unshare = true;
	m->aa_unshare = true;
	for (int i = 0; i < MODEL_FS_COUNT; i++)
		m->fs[i].mounted = true;
	m->selinux_load_allowed = true;
	privileged(m);
}

void model_reset_calls(struct model *m)
{
	pthread_mutex_lock(&m->st->lock);
	memset(m->calls, 0, sizeof(m->calls));
	free(m->last_call.data);
	memset(&m->last_call, 0, sizeof(m->last_call));
	free(m->last_write.data);
	memset(&m->last_write, 0, sizeof(m->last_write));
	m->n_writes = 0;
	pthread_mutex_unlock(&m->st->lock);
}

/* ---- the seam: lock, count, forward ---- */

#define M(d) ((struct model *)(d))
int model_task_add(struct model *m, int pid, const char *label)
{
	struct model_task *free_slot = NULL;

	for (size_t i = 0; i < MODEL_MAX_TASKS; i++) {
		if (m->st->tasks[i].pid == pid)
			return -EEXIST;
		if (!m->st->tasks[i].pid && !free_slot)
			free_slot = &m->st->tasks[i];
	}
	if (pid <= 1 || !free_slot)
		return pid <= 1 ? -EINVAL : -ENOSPC;
	free_slot->label = strdup(label);
	if (!free_slot->label)
		abort();
	free_slot->pid = pid;
	return 0;
}

int model_task_exit(struct model *m, int pid)
{
	for (size_t i = 0; i < MODEL_MAX_TASKS; i++) {
		if (m->st->tasks[i].pid != pid)
			continue;
		free(m->st->tasks[i].label);
		m->st->tasks[i].label = NULL;
		m->st->tasks[i].pid = 0;
		return 0;
	}
	return -ESRCH;
}

#define LOCKED(m, iface, expr)                                                                     \
	({                                                                                         \
		pthread_mutex_lock(&(m)->st->lock);                                                \
		(m)->calls[iface]++;                                                               \
		if ((m)->on_call)                                                                  \
			(m)->on_call(m, iface, 0, (m)->on_call_arg);                               \
		__typeof__(expr) r_ = (expr);                                                      \
		pthread_mutex_unlock(&(m)->st->lock);                                              \
		r_;                                                                                \
	})

static int seam_openat(void *d, int dirfd, const char *path, int flags, mode_t mode)
{
	return LOCKED(M(d), MODEL_IF_OPENAT, fs_openat(M(d), dirfd, path, flags, mode));
}

static int seam_close(void *d, int fd)
{
	return LOCKED(M(d), MODEL_IF_CLOSE, fs_close(M(d), fd));
}

static ssize_t seam_read(void *d, int fd, void *buf, size_t len)
{
	return LOCKED(M(d), MODEL_IF_READ, fs_read(M(d), fd, buf, len));
}

static ssize_t seam_write(void *d, int fd, const void *buf, size_t len)
{
	return LOCKED(M(d), MODEL_IF_WRITE, fs_write(M(d), fd, buf, len));
}

static int seam_fstatfs(void *d, int fd, struct statfs *st)
{
	return LOCKED(M(d), MODEL_IF_FSTATFS, fs_fstatfs(M(d), fd, st));
}

static int seam_fstatat(void *d, int dirfd, const char *path, struct stat *st, int flags)
{
	return LOCKED(M(d), MODEL_IF_FSTATAT, fs_fstatat(M(d), dirfd, path, st, flags));
}

static int seam_faccessat(void *d, int dirfd, const char *path, int mode, int flags)
{
	return LOCKED(M(d), MODEL_IF_FACCESSAT, fs_faccessat(M(d), dirfd, path, mode, flags));
}

static int seam_mkdirat(void *d, int dirfd, const char *path, mode_t mode)
{
	return LOCKED(M(d), MODEL_IF_MKDIRAT, fs_mkdirat(M(d), dirfd, path, mode));
}

static int seam_unlinkat(void *d, int dirfd, const char *path, int flags)
{
	return LOCKED(M(d), MODEL_IF_UNLINKAT, fs_unlinkat(M(d), dirfd, path, flags));
}

static int seam_listdir(void *d, int dirfd, const char *path,
			int (*fn)(const char *name, void *arg), void *arg)
{
	return LOCKED(M(d), MODEL_IF_LISTDIR, fs_listdir(M(d), dirfd, path, fn, arg));
}

static int cap_of(struct model *m, int cap)
{
	/* CAP_DAC_OVERRIDE = 1, CAP_MAC_ADMIN = 33 (linux/capability.h) */
	if (cap == 1)
		return m->cap_dac_override;
	if (cap == 33)
		return m->cap_mac_admin;
	return 0;
}

static int seam_has_cap(void *d, int cap)
{
	return LOCKED(M(d), MODEL_IF_HAS_CAP, cap_of(M(d), cap));
}

static int seam_no_new_privs(void *d)
{
	return LOCKED(M(d), MODEL_IF_NO_NEW_PRIVS, M(d)->no_new_privs);
}

static int seam_flock(void *d, int fd, int op)
{
	return LOCKED(M(d), MODEL_IF_FLOCK, fs_flock(M(d), fd, op));
}

static long seam_list_modules(void *d, uint64_t *ids, uint32_t *size, uint32_t flags)
{
	return model_lsm_list_modules(M(d), ids, size, flags);
}

static long seam_get_self_attr(void *d, unsigned int attr, struct lsmc_kctx *ctx, uint32_t *size,
			       uint32_t flags)
{
	return model_lsm_get_self_attr(M(d), attr, ctx, size, flags);
}

static long seam_set_self_attr(void *d, unsigned int attr, struct lsmc_kctx *ctx, uint32_t size,
			       uint32_t flags)
{
	return model_lsm_set_self_attr(M(d), attr, ctx, size, flags);
}

static long seam_self_policy(void *d, uint32_t lsm_id, uint32_t op, void *buf, uint32_t size,
			     uint32_t common_flags, uint32_t flags)
{
	return model_lsm_config_self_policy(M(d), lsm_id, op, buf, size, common_flags, flags);
}

static long seam_system_policy(void *d, uint32_t lsm_id, uint32_t op, void *buf, uint32_t size,
			       uint32_t common_flags, uint32_t flags)
{
	return model_lsm_config_system_policy(M(d), lsm_id, op, buf, size, common_flags, flags);
}

static long seam_config_policy(void *d, uint32_t lsm_id, uint32_t op, void *buf, uint32_t size,
			       uint32_t common_flags, uint32_t flags)
{
	return model_lsm_config_policy(M(d), lsm_id, op, buf, size, common_flags, flags);
}

static long seam_unshare(void *d, struct lsmc_kctx *ctx, uint32_t size, uint32_t flags)
{
	return model_lsm_unshare(M(d), ctx, size, flags);
}

struct lsmc_sys model_sys(struct model *m)
{
	struct lsmc_sys s = {
		.data = m,
		.lsm_list_modules = seam_list_modules,
		.lsm_get_self_attr = seam_get_self_attr,
		.lsm_set_self_attr = seam_set_self_attr,
		.lsm_config_self_policy = seam_self_policy,
		.lsm_config_system_policy = seam_system_policy,
		.lsm_config_policy = seam_config_policy,
		.lsm_unshare = seam_unshare,
		.openat = seam_openat,
		.close = seam_close,
		.read = seam_read,
		.write = seam_write,
		.fstatfs = seam_fstatfs,
		.fstatat = seam_fstatat,
		.faccessat = seam_faccessat,
		.mkdirat = seam_mkdirat,
		.unlinkat = seam_unlinkat,
		.listdir = seam_listdir,
		.has_cap = seam_has_cap,
		.no_new_privs = seam_no_new_privs,
		.flock = seam_flock,
	};
	return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The LSM syscalls: merged lsm_list_modules / lsm_get_self_attr /
 * lsm_set_self_attr (abi §1.4), the proposed lsm_config_*_policy (abi §3,
 * dispatch to §4) and lsm_unshare (abi §6, by analogy with
 * lsm_set_self_attr).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "model-internal.h"

#define CTX_HDR sizeof(struct lsmc_kctx)

static void lock(struct model *m)
{
	pthread_mutex_lock(&m->st->lock);
}

static void unlock(struct model *m)
{
	pthread_mutex_unlock(&m->st->lock);
}

/* ---- lsm_list_modules (461) ---- */

long model_lsm_list_modules(struct model *m, uint64_t *ids, uint32_t *size, uint32_t flags)
{
	long ret;

	lock(m);
	m->calls[MODEL_IF_LIST_MODULES]++;
	if (!m->has_lsm_syscalls) {
		ret = -ENOSYS;
		goto out;
	}
	uint32_t need = (uint32_t)(m->n_active * sizeof(uint64_t));
	/* abi §1.4: flags first, then *size is always written back */
	if (flags) {
		ret = -EINVAL;
		goto out;
	}
	if (!size) {
		ret = -EFAULT;
		goto out;
	}
	uint32_t have = *size;
	*size = need;
	if (have < need) {
		ret = -E2BIG;
		goto out;
	}
	if (!ids && need) {
		ret = -EFAULT;
		goto out;
	}
	memcpy(ids, m->active, need);
	ret = (long)m->n_active;
out:
	unlock(m);
	return ret;
}

/* ---- lsm_get_self_attr (459) ---- */

/* The value an LSM reports for `attr`: malloc'd string (NUL counted in
 * ctx_len), NULL when the attribute is unset (no entry), or ERR via *err
 * (-EOPNOTSUPP: the LSM does not know the attribute). */
static char *lsm_attr_value(struct model *m, uint64_t id, unsigned int attr, int *err)
{
	*err = 0;
	switch (id) {
	case LSM_ID_APPARMOR:
		if (attr == LSM_ATTR_CURRENT || attr == LSM_ATTR_PREV)
			return attr == LSM_ATTR_CURRENT ? aa_current_string(m) : NULL;
		if (attr == LSM_ATTR_EXEC)
			return m->st->aa_exec ? strdup(m->st->aa_exec) : NULL;
		break;
	case LSM_ID_SELINUX:
		if (attr >= LSM_ATTR_CURRENT && attr <= LSM_ATTR_SOCKCREATE) {
			const char *v = m->st->se_attr[attr - LSM_ATTR_CURRENT];
			if (!v && (attr == LSM_ATTR_CURRENT || attr == LSM_ATTR_PREV))
				v = "kernel"; /* SID of a task before any policy */
			return v ? strdup(v) : NULL;
		}
		break;
	case LSM_ID_SMACK:
		if (attr == LSM_ATTR_CURRENT)
			return strdup(m->smack_label);
		break;
	default:
		break;
	}
	*err = -EOPNOTSUPP;
	return NULL;
}

static bool has_selfattr_hook(uint64_t id)
{
	return id == LSM_ID_APPARMOR || id == LSM_ID_SELINUX || id == LSM_ID_SMACK;
}

long model_lsm_get_self_attr(struct model *m, unsigned int attr, struct lsmc_kctx *ctx,
			     uint32_t *size, uint32_t flags)
{
	long ret;
	uint64_t single_id = 0;
	bool single = false, toobig = false;
	uint32_t left, total = 0;
	long count = 0;

	lock(m);
	m->calls[MODEL_IF_GET_SELF_ATTR]++;
	if (!m->has_lsm_syscalls) {
		ret = -ENOSYS;
		goto out;
	}
	/* abi §1.4 (security_getselfattr) */
	if (attr == LSM_ATTR_UNDEF || (flags & ~(uint32_t)LSM_FLAG_SINGLE)) {
		ret = -EINVAL;
		goto out;
	}
	if (!size) {
		ret = -EFAULT;
		goto out;
	}
	left = *size;
	if (flags) {
		if (!ctx) {
			ret = -EINVAL;
			goto out;
		}
		single_id = ctx->id;
		if (single_id == LSM_ID_UNDEF) {
			ret = -EINVAL;
			goto out;
		}
		single = true;
	}
	uint8_t *base = (uint8_t *)ctx;
	for (size_t i = 0; i < m->n_active; i++) {
		uint64_t id = m->active[i];
		int err;
		if (!has_selfattr_hook(id) || (single && id != single_id))
			continue;
		char *v = lsm_attr_value(m, id, attr, &err);
		if (err == -EOPNOTSUPP)
			continue;
		if (!v)
			continue; /* unset: the hook answers 0 entries */
		size_t vlen = strlen(v) + 1;
		uint32_t need = (uint32_t)((CTX_HDR + vlen + 7) & ~(size_t)7);
		if (need > left) {
			toobig = true;
			left = 0;
		} else if (!base) {
			free(v);
			ret = -EFAULT;
			goto out;
		} else {
			struct lsmc_kctx *e = (struct lsmc_kctx *)(base + total);
			memset(e, 0, need);
			e->id = id;
			e->flags = 0;
			e->len = need;
			e->ctx_len = vlen;
			memcpy(e->ctx, v, vlen);
			left -= need;
			count++;
		}
		total += need;
		free(v);
		if (single)
			break;
	}
	*size = total;
	if (toobig)
		ret = -E2BIG;
	else if (count == 0)
		ret = -EOPNOTSUPP; /* LSM_RET_DEFAULT(getselfattr) */
	else
		ret = count;
out:
	unlock(m);
	return ret;
}

/* ---- lsm_set_self_attr (460) ---- */

/* Checks shared by lsm_set_self_attr and (by analogy, abi §6) lsm_unshare:
 * size bounds, then len/ctx_len consistency. */
static long check_ctx(struct model *m, const struct lsmc_kctx *ctx, uint32_t size)
{
	if (size < CTX_HDR)
		return -EINVAL;
	if (size > m->page_size)
		return -E2BIG;
	if (!ctx)
		return -EFAULT;
	if (size < ctx->len || ctx->ctx_len > size - CTX_HDR || ctx->len < ctx->ctx_len + CTX_HDR)
		return -EINVAL;
	return 0;
}

static long selinux_setattr(struct model *m, unsigned int attr, const struct lsmc_kctx *ctx)
{
	if (attr < LSM_ATTR_CURRENT || attr > LSM_ATTR_SOCKCREATE || attr == LSM_ATTR_PREV)
		return -EOPNOTSUPP;
	char **slot = &m->st->se_attr[attr - LSM_ATTR_CURRENT];
	free(*slot);
	*slot = strndup((const char *)ctx->ctx, ctx->ctx_len);
	return 0;
}

static long smack_setattr(struct model *m, unsigned int attr, const struct lsmc_kctx *ctx)
{
	if (attr != LSM_ATTR_CURRENT)
		return -EOPNOTSUPP;
	/* Smack relabels only with CAP_MAC_ADMIN */
	if (!m->cap_mac_admin)
		return -EPERM;
	size_t n = strnlen((const char *)ctx->ctx, ctx->ctx_len);
	if (n == 0 || n > 255 || ctx->ctx[0] == '-')
		return -EINVAL;
	memcpy(m->smack_label, ctx->ctx, n);
	m->smack_label[n] = '\0';
	return 0;
}

long model_lsm_set_self_attr(struct model *m, unsigned int attr, struct lsmc_kctx *ctx,
			     uint32_t size, uint32_t flags)
{
	long ret;

	lock(m);
	m->calls[MODEL_IF_SET_SELF_ATTR]++;
	if (!m->has_lsm_syscalls) {
		ret = -ENOSYS;
		goto out;
	}
	/* abi §1.4 (security_setselfattr): flags, size bounds, consistency */
	if (flags) {
		ret = -EINVAL;
		goto out;
	}
	ret = check_ctx(m, ctx, size);
	if (ret)
		goto out;
	ret = -EOPNOTSUPP; /* no such LSM: hook default */
	if (!lsm_active(m, ctx->id))
		goto out;
	switch (ctx->id) {
	case LSM_ID_APPARMOR:
		ret = aa_setselfattr(m, attr, (const char *)ctx->ctx, ctx->ctx_len);
		break;
	case LSM_ID_SELINUX:
		ret = selinux_setattr(m, attr, ctx);
		break;
	case LSM_ID_SMACK:
		ret = smack_setattr(m, attr, ctx);
		break;
	default:
		break;
	}
out:
	unlock(m);
	return ret;
}

/* ---- recording ---- */

static void record(struct model *m, enum model_iface kind, uint32_t lsm_id, uint32_t op,
		   const void *buf, uint32_t size, uint32_t common_flags, uint32_t flags)
{
	struct model_call *c = &m->last_call;

	m->calls[kind]++;
	if (m->on_call)
		m->on_call(m, kind, lsm_id, m->on_call_arg);
	free(c->data);
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->lsm_id = lsm_id;
	c->op = op;
	c->buf = buf;
	c->size = size;
	c->common_flags = common_flags;
	c->flags = flags;
	if (buf) {
		/* The kernel may refuse a call before reading the buffer, so a
		 * caller may legally pass a size larger than its buffer: copy
		 * through process_vm_readv, which stops at an unmapped page
		 * instead of faulting, and never more than MODEL_RECORD_MAX. */
		size_t want = size < MODEL_RECORD_MAX ? size : MODEL_RECORD_MAX;
		c->data = malloc(want ? want : 1);
		if (c->data && want) {
			struct iovec local = {c->data, want};
			struct iovec remote = {(void *)buf, want};
			ssize_t got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
			if (got < 0) /* e.g. forbidden by ptrace policy: plain copy */
				memcpy(c->data, buf, want), got = (ssize_t)want;
			c->data_len = (size_t)got;
		}
	}
}

/* A seccomp filter or a kernel without the syscall answers before any LSM
 * code runs. */
static long gate(struct model *m, bool present)
{
	if (m->seccomp_eperm)
		return -EPERM;
	if (m->seccomp_enosys || !present)
		return -ENOSYS;
	return 0;
}

/* A policy syscall the kernel has: the injected failure, when it is this one. */
static long policy_fault(struct model *m)
{
	m->policy_calls++;
	if (m->fail_policy_call_nth && m->policy_calls == m->fail_policy_call_nth)
		return -m->fail_policy_call_errno;
	return 0;
}

/* ---- lsm_config_self_policy / lsm_config_system_policy (abi §3) ---- */

/*
 * Both policy syscalls in the framework's order (abi §3): common_flags
 * first, then (system only) CAP_MAC_ADMIN, then dispatch to the first hook
 * whose LSM id matches, EINVAL when none does (SELinux has no self hook).
 */
static long config_policy(struct model *m, bool system, uint32_t lsm_id, uint32_t op, void *buf,
			  uint32_t size, uint32_t common_flags, uint32_t flags)
{
	long ret;

	lock(m);
	record(m, system ? MODEL_IF_SYSTEM_POLICY : MODEL_IF_SELF_POLICY, lsm_id, op, buf, size,
	       common_flags, flags);
	ret = gate(m, m->has_policy_syscalls && m->abi == MODEL_ABI_V6);
	if (!ret)
		ret = policy_fault(m);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (common_flags)
		goto out;
	if (system && !m->cap_mac_admin) {
		ret = -EPERM;
		goto out;
	}
	if (!lsm_active(m, lsm_id) || lsm_id == m->policy_hookless)
		goto out;
	if (lsm_id == LSM_ID_APPARMOR)
		ret = system ? aa_system_policy(m, op, buf, size, flags)
			     : aa_self_policy(m, op, buf, size, flags);
	else if (lsm_id == LSM_ID_SELINUX && system)
		ret = se_system_policy(m, op, buf, size, flags);
	else if (lsm_id == LSM_ID_SMACK)
		ret = system ? smk_system_policy(m, op, buf, size, flags)
			     : smk_self_policy(m, op, buf, size, flags);
out:
	m->last_call.ret = ret;
	unlock(m);
	return ret;
}

long model_lsm_config_self_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
				  uint32_t size, uint32_t common_flags, uint32_t flags)
{
	return config_policy(m, false, lsm_id, op, buf, size, common_flags, flags);
}

long model_lsm_config_system_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
				    uint32_t size, uint32_t common_flags, uint32_t flags)
{
	return config_policy(m, true, lsm_id, op, buf, size, common_flags, flags);
}

/*
 * The unified revision's one call (abi §9.2): a reserved common_flags bit →
 * EINVAL, an LSM without the hook → EOPNOTSUPP, the system's policy
 * without CAP_MAC_ADMIN → EPERM; then the LSM (SELinux has no self policy).
 */
long model_lsm_config_policy(struct model *m, uint32_t lsm_id, uint32_t op, void *buf,
			     uint32_t size, uint32_t common_flags, uint32_t flags)
{
	bool self = common_flags & LSM_CONFIG_SELF;
	long ret;

	lock(m);
	record(m, MODEL_IF_CONFIG_POLICY, lsm_id, op, buf, size, common_flags, flags);
	ret = gate(m, m->has_policy_syscalls && m->abi == MODEL_ABI_UNIFIED);
	if (!ret)
		ret = policy_fault(m);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (common_flags & ~LSM_CONFIG_SELF)
		goto out;
	ret = -EOPNOTSUPP;
	if (!lsm_active(m, lsm_id) || lsm_id == m->policy_hookless ||
	    (lsm_id != LSM_ID_APPARMOR && lsm_id != LSM_ID_SELINUX && lsm_id != LSM_ID_SMACK))
		goto out;
	if (!self && !m->cap_mac_admin) {
		ret = -EPERM;
		goto out;
	}
	if (lsm_id == LSM_ID_APPARMOR)
		ret = aa_unified_policy(m, self, op, buf, size, flags);
	else if (lsm_id == LSM_ID_SELINUX)
		ret = self ? -EOPNOTSUPP : se_system_policy(m, op, buf, size, flags);
	else
		ret = self ? smk_self_policy(m, op, buf, size, flags)
			   : smk_system_policy(m, op, buf, size, flags);
out:
	m->last_call.ret = ret;
	unlock(m);
	return ret;
}

/* ---- lsm_unshare (abi §6: no errno contract published; by analogy with
 * lsm_set_self_attr: flags → EINVAL, size < header → EINVAL, size > page
 * → E2BIG, inconsistent len → EINVAL, LSM without support → EOPNOTSUPP) */

long model_lsm_unshare(struct model *m, struct lsmc_kctx *ctx, uint32_t size, uint32_t flags)
{
	long ret;

	lock(m);
	record(m, MODEL_IF_UNSHARE, 0, 0, ctx, size, 0, flags);
	if (ctx && size >= CTX_HDR)
		m->last_call.lsm_id = (uint32_t)ctx->id;
	ret = gate(m, m->has_unshare);
	if (ret)
		goto out;
	if (flags) {
		ret = -EINVAL;
		goto out;
	}
	ret = check_ctx(m, ctx, size);
	if (ret)
		goto out;
	ret = -EOPNOTSUPP;
	if (!lsm_active(m, ctx->id))
		goto out;
	if (ctx->id == LSM_ID_APPARMOR && m->aa_unshare) {
		if (m->unshare_errno) {
			ret = -m->unshare_errno;
			goto out;
		}
		ret = aa_unshare(m, ctx);
		if (ret == 0)
			m->unshares++;
	}
out:
	m->last_call.ret = ret;
	unlock(m);
	return ret;
}

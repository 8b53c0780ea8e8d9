/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *fs_mount_command(uint64_t lsm)
{
	switch (lsm) {
	case LSM_ID_APPARMOR:
		return "mount -t securityfs securityfs /sys/kernel/security";
	case LSM_ID_SELINUX:
		return "mount -t selinuxfs selinuxfs /sys/fs/selinux";
	case LSM_ID_SMACK:
		return "mount -t smackfs smackfs /sys/fs/smackfs";
	default:
		return NULL;
	}
}

/* Whether the probe knows the LSM runs: 1, 0, or -1 when it cannot tell. */
static int known_active(const struct lsmc_ctx *ctx, uint64_t lsm)
{
	int slot = lsmc_slot_of(lsm);

	if (slot < 0 || !ctx->probe.done[slot])
		return -1;
	if (ctx->probe.info[slot].active)
		return 1;
	return ctx->probe.lsms_done ? 0 : -1;
}

bool lsmc_lsm_known_inactive(const struct lsmc_ctx *ctx, uint64_t lsm)
{
	return known_active(ctx, lsm) == 0;
}

static const char *hint_for(int error, enum lsmc_backend backend, const char *interface,
			    uint64_t lsm, int active, char *buf, size_t len)
{
	const char *mount = fs_mount_command(lsm);

	switch (-error) {
	case ENOSYS:
		snprintf(buf, len,
			 "this kernel has no %s syscall (proposed, not merged); use the "
			 "pseudo-filesystem with --backend fs or auto",
			 interface ? interface : "policy");
		break;
	case ENOENT:
		if (backend == LSMC_BACKEND_FS && mount && active == 0)
			snprintf(
				buf, len,
				"%s is not active in this kernel, so it takes no policy: boot with "
				"it in lsm= (see /sys/kernel/security/lsm)",
				lsmc_lsm_name(lsm));
		else if (backend == LSMC_BACKEND_FS && mount && active == 1)
			snprintf(buf, len,
				 "%s is active but its pseudo-filesystem is not mounted: %s",
				 lsmc_lsm_name(lsm), mount);
		else if (backend == LSMC_BACKEND_FS && mount)
			snprintf(
				buf, len,
				"the %s pseudo-filesystem is not mounted or the LSM is not active; "
				"check /sys/kernel/security/lsm and mount it: %s",
				lsmc_lsm_name(lsm), mount);
		else
			snprintf(buf, len, "no such object: check the name");
		break;
	case EPERM:
	case EACCES:
		if (backend == LSMC_BACKEND_SYSCALL)
			snprintf(buf, len,
				 "the policy syscalls need CAP_MAC_ADMIN in the initial user "
				 "namespace for the system's policy; a locked policy "
				 "(apparmor.lock_policy), a container's seccomp profile or the "
				 "caller's own LSM confinement may also deny the call");
		else
			snprintf(buf, len,
				 "loading needs CAP_MAC_ADMIN (SELinux: root or CAP_DAC_OVERRIDE "
				 "and the load_policy permission); the caller's LSM confinement or "
				 "a locked policy can also refuse it");
		break;
	case ELOOP:
		snprintf(buf, len,
			 "refusing to follow a symbolic link where a pseudo-file belongs; "
			 "check what is mounted there");
		break;
	case ENODEV:
		snprintf(buf, len,
			 "the path is not on the LSM's pseudo-filesystem; check the mounts (%s)",
			 mount ? mount : "mount");
		break;
	case E2BIG:
		snprintf(buf, len, "the payload is larger than the kernel accepts");
		break;
	case EOPNOTSUPP:
		snprintf(buf, len,
			 "the LSM does not offer this operation through this interface; "
			 "try another backend");
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}

void lsmc_clear_error(struct lsmc_ctx *ctx)
{
	memset(&ctx->err, 0, sizeof(ctx->err));
}

int lsmc_fail(struct lsmc_ctx *ctx, const struct lsmc_fail_info *fi, const char *format, ...)
{
	struct lsmc_last_error *e = &ctx->err;
	va_list args;

	e->error = fi->error;
	e->kernel_errno = fi->kernel_errno;
	e->lsm = fi->lsm;
	e->backend = fi->backend;
	snprintf(e->interface, sizeof(e->interface), "%s", fi->interface ? fi->interface : "");
	va_start(args, format);
	vsnprintf(e->message, sizeof(e->message), format, args);
	va_end(args);
	if (fi->hint)
		snprintf(e->hint, sizeof(e->hint), "%s", fi->hint);
	else
		hint_for(fi->error, fi->backend, fi->interface, fi->lsm, known_active(ctx, fi->lsm),
			 e->hint, sizeof(e->hint));
	err(ctx, "%s%s%s: %s", fi->lsm ? lsmc_lsm_name(fi->lsm) : "", fi->lsm ? ": " : "",
	    e->interface, e->message);
	return fi->error;
}

LSMC_EXPORT int lsmc_get_last_error(const struct lsmc_ctx *ctx, struct lsmc_error *out)
{
	struct lsmc_error e;

	if (!ctx || !out || out->sz < offsetof(struct lsmc_error, error) + sizeof(int))
		return -EINVAL;
	e = (struct lsmc_error){
		.sz = out->sz,
		.error = ctx->err.error,
		.kernel_errno = ctx->err.kernel_errno,
		.lsm = ctx->err.lsm,
		.backend = ctx->err.backend,
		.interface = ctx->err.interface,
		.message = ctx->err.message,
		.hint = ctx->err.hint,
	};
	memcpy(out, &e, lsmc_min_sz(out->sz, sizeof(e)));
	return 0;
}

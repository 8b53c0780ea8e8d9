/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* Seccomp user-notification server for the kernel model (see notify.h). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "notify.h"

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NATIVE_ARCH AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ARCH AUDIT_ARCH_RISCV64
#endif

struct model_notify {
	struct model *m;
	long nrs[4];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int listener; /* -1 until installed */
	bool failed;  /* installation failed: the thread exits */
	int stopfd;
	unsigned served;
};

static long serve_one(struct model_notify *n, const struct seccomp_data *d)
{
	const __u64 *a = d->args;

	/* the kernel declares these arguments u32: only the low half counts */
	if (d->nr == n->nrs[0])
		return model_lsm_config_self_policy(n->m, (uint32_t)a[0], (uint32_t)a[1],
						    (void *)(uintptr_t)a[2], (uint32_t)a[3],
						    (uint32_t)a[4], (uint32_t)a[5]);
	if (d->nr == n->nrs[1])
		return model_lsm_config_system_policy(n->m, (uint32_t)a[0], (uint32_t)a[1],
						      (void *)(uintptr_t)a[2], (uint32_t)a[3],
						      (uint32_t)a[4], (uint32_t)a[5]);
	if (d->nr == n->nrs[2])
		return model_lsm_unshare(n->m, (struct lsmc_kctx *)(uintptr_t)a[0], (uint32_t)a[1],
					 (uint32_t)a[2]);
	if (d->nr == n->nrs[3])
		return model_lsm_config_policy(n->m, (uint32_t)a[0], (uint32_t)a[1],
					       (void *)(uintptr_t)a[2], (uint32_t)a[3],
					       (uint32_t)a[4], (uint32_t)a[5]);
	return -ENOSYS;
}

static void *supervisor(void *arg)
{
	struct model_notify *n = arg;
	struct seccomp_notif_sizes sizes;

	pthread_mutex_lock(&n->lock);
	while (n->listener < 0 && !n->failed)
		pthread_cond_wait(&n->cond, &n->lock);
	pthread_mutex_unlock(&n->lock);
	if (n->failed)
		return NULL;

	/* the kernel's structs may be larger than our headers' */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		sizes.seccomp_notif = sizeof(struct seccomp_notif);
		sizes.seccomp_notif_resp = sizeof(struct seccomp_notif_resp);
	}
	size_t req_len = sizes.seccomp_notif > sizeof(struct seccomp_notif)
				 ? sizes.seccomp_notif
				 : sizeof(struct seccomp_notif);
	size_t resp_len = sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp)
				  ? sizes.seccomp_notif_resp
				  : sizeof(struct seccomp_notif_resp);
	struct seccomp_notif *req = malloc(req_len);
	struct seccomp_notif_resp *resp = malloc(resp_len);
	if (!req || !resp)
		abort();

	for (;;) {
		struct pollfd p[2] = {{n->listener, POLLIN, 0}, {n->stopfd, POLLIN, 0}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* every filtered task is gone */
		if (!(p[0].revents & POLLIN))
			continue;
		memset(req, 0, req_len);
		if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
			continue; /* ENOENT: the caller was interrupted */
		long r = serve_one(n, &req->data);
		memset(resp, 0, resp_len);
		resp->id = req->id;
		if (r < 0) {
			resp->error = (int32_t)r; /* negative errno */
			resp->val = 0;
		} else {
			resp->val = r;
		}
		ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
		n->served++;
	}
	free(req);
	free(resp);
	return NULL;
}

static int install(const long nrs[4])
{
	struct sock_filter f[16];
	unsigned i = 0, notif;

#ifdef NATIVE_ARCH
	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#endif
	f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	/* four compares, then ALLOW, then USER_NOTIF */
	notif = i + 5;
	for (int k = 0; k < 4; k++) {
		unsigned here = i;
		uint32_t nr = nrs[k] < 0 ? 0xffffffffu : (uint32_t)nrs[k];
		f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr,
						      (uint8_t)(notif - here - 1), 0);
	}
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);

	struct sock_fprog prog = {.len = (unsigned short)i, .filter = f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			    &prog);
}

struct model_notify *model_notify_start(struct model *m, const long nrs[4])
{
	struct model_notify *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->m = m;
	memcpy(n->nrs, nrs, sizeof(n->nrs));
	n->listener = -1;
	pthread_mutex_init(&n->lock, NULL);
	pthread_cond_init(&n->cond, NULL);
	n->stopfd = eventfd(0, EFD_CLOEXEC);
	if (n->stopfd < 0)
		goto fail_free;
	/* the supervisor exists before the filter, so it is not filtered */
	int err = pthread_create(&n->thread, NULL, supervisor, n);
	if (err) {
		errno = err;
		goto fail_fd;
	}
	int fd = install(nrs);
	int saved = errno;
	pthread_mutex_lock(&n->lock);
	if (fd < 0)
		n->failed = true;
	else
		n->listener = fd;
	pthread_cond_broadcast(&n->cond);
	pthread_mutex_unlock(&n->lock);
	if (fd < 0) {
		pthread_join(n->thread, NULL);
		errno = saved;
		goto fail_fd;
	}
	return n;

fail_fd:
	if (n->stopfd >= 0)
		close(n->stopfd);
fail_free:
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->cond);
	free(n);
	return NULL;
}

unsigned model_notify_stop(struct model_notify *n)
{
	if (!n)
		return 0;
	uint64_t one = 1;
	if (write(n->stopfd, &one, sizeof(one)) < 0) {
		/* an eventfd write of 1 cannot fail short of a full counter */
	}
	pthread_join(n->thread, NULL);
	close(n->listener);
	close(n->stopfd);
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->cond);
	unsigned served = n->served;
	free(n);
	return served;
}

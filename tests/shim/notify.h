/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The kernel model served at the real syscall boundary.
 *
 * model_notify_start() installs a seccomp filter on the CALLING thread
 * that turns the four syscall numbers given (lsm_config_self_policy,
 * lsm_config_system_policy, lsm_unshare, lsm_config_policy; a number < 0
 * is not filtered)
 * into user notifications, and serves them from a supervisor thread that
 * was created before the filter, so it is not filtered itself. A raw
 * syscall(nr, ...) issued by the library on that thread reaches the model
 * with its six raw arguments (decoded from struct seccomp_data, as u32
 * where the kernel declares u32) and returns the model's answer.
 *
 * Lifetime: a seccomp filter cannot be removed. It stays on the calling
 * thread, and on threads and processes it creates afterwards, for their
 * whole life; prctl(PR_SET_NO_NEW_PRIVS) is also set on it for good (so
 * later execs of setuid programs do not gain privileges). After
 * model_notify_stop() the listener is closed and the filtered numbers
 * return ENOSYS, exactly what an unassigned syscall number returns, so a
 * test process may keep it when it uses unassigned numbers (e.g.
 * 1000-1003). Use a forked child when the numbers could be real syscalls.
 * The kernel allows one listener per filter chain: stop a server before
 * starting the next one on the same thread (start returns NULL with
 * errno EBUSY otherwise).
 */
#pragma once

#include "model.h"

struct model_notify;

/* Returns NULL with errno set on failure (the filter is not installed). */
struct model_notify *model_notify_start(struct model *m, const long nrs[4]);

/* Stop serving and free; returns the number of notifications served. */
unsigned model_notify_stop(struct model_notify *n);

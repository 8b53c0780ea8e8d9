/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * A structural check of a whole binary SELinux kernel policy: one pass over
 * the bytes in the order the kernel's policydb_read() reads them, without
 * allocating and without building anything. Every count and length is
 * checked against the bytes left, every bitmap's structure as the kernel
 * reads it, every field that decides what follows (rule specifiers,
 * constraint and conditional expression types, context ranges). What the
 * kernel checks only against the meaning of the policy (a type number in
 * range, a class that exists, bounds) is left to the kernel, whose load is
 * atomic: a policy this walk accepts can still be refused, never damaged
 * into a half-loaded state.
 *
 * Where Linux 6.1 and 6.12 differ (6.12 refuses a few things 6.1 takes), the
 * walk takes what either kernel takes: refusing a policy a kernel loads is
 * worse than letting the kernel refuse it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The newest policy version whose layout the walk follows (Linux 6.1..6.12). */
#define LSMC_SELINUX_WALK_VERSION_MAX 33u

/*
 * Walk the policy in buf. Returns 0 when every table reads; *end (may be
 * NULL) is then the number of bytes the kernel reads: what follows is
 * ignored by the kernel, and so here. -EINVAL with a one-line reason in why
 * (never NULL) when the policy is cut short or damaged; -EOPNOTSUPP when its
 * version is newer than LSMC_SELINUX_WALK_VERSION_MAX (not walked).
 */
int lsmc_selinux_policy_walk(const void *buf, size_t len, size_t *end, char *why, size_t whylen);

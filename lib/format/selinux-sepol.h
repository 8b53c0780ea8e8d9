/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/*
 * Reads the whole binary policy with libsepol (for a version newer than
 * lsmc_selinux_policy_walk() knows; see selinux-sepol.c). 0 when
 * it reads; -EINVAL with why (libsepol's last message) when it does not;
 * -EOPNOTSUPP when no check could be made (built without libsepol, the
 * library cannot be loaded, or the policy version is newer than it reads).
 */
int lsmc_selinux_policy_validate(const void *policy, size_t len, uint32_t version, char *why,
				 size_t whylen);

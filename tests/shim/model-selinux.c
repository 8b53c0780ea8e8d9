/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * SELinux: the binary policy header check and the atomic load shared by
 * /sys/fs/selinux/load and the v6 system syscall (abi §4.2, §7.2).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model-internal.h"

#define SELINUX_MAGIC	     0xf97cff8cu
#define POLICYDB_VERSION_MIN 15
/* Header: magic, string length, "SE Linux", version, config, sym_num, ocon_num. */
#define HDR_LEN (4 + 4 + 8 + 4 * 4)
/* A config bit real policies never set (they use bit 0, MLS, and
 * REJECT/ALLOW_UNKNOWN bits 1-2): marks policies built by
 * model_selinux_policy(), which end with their own length. */
#define MODEL_SIZED 0x80000000u

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* security_load_policy(): parse errors are EINVAL; the old policy stays
 * (facts: garbage or truncated → EINVAL). */
static long check_policy(struct model *m, const uint8_t *p, size_t len)
{
	if (len < HDR_LEN || le32(p) != SELINUX_MAGIC)
		return -EINVAL;
	if (le32(p + 4) != 8 || memcmp(p + 8, "SE Linux", 8) != 0)
		return -EINVAL;
	uint32_t vers = le32(p + 16);
	if (vers < POLICYDB_VERSION_MIN || vers > m->selinux_policyvers)
		return -EINVAL;
	uint32_t config = le32(p + 20);
	if (config & MODEL_SIZED) {
		if (len < HDR_LEN + 4 || le32(p + len - 4) != (uint32_t)len)
			return -EINVAL;
	}
	return 0;
}

/* The body shared by both interfaces after their own permission checks. */
long se_load(struct model *m, const uint8_t *buf, size_t len)
{
	if (!buf)
		return -EFAULT;
	long err = check_policy(m, buf, len);
	if (err)
		return err;
	uint8_t *copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	free(m->selinux_policy);
	m->selinux_policy = copy;
	m->selinux_policy_len = len;
	m->selinux_loads++;
	return (long)len;
}

long se_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags)
{
	if (op != LSM_POLICY_LOAD || flags)
		return -EOPNOTSUPP;
	/* our unified kernel: a size the int return would read as an errno */
	if (m->abi == MODEL_ABI_UNIFIED && size > INT_MAX)
		return -E2BIG;
	if (m->selinux_no_internal_mount)
		return -ENODEV;
	/* __sel_write_load: empty, then the load_policy permission */
	if (size == 0)
		return -EINVAL;
	if (!m->selinux_load_allowed)
		return -EACCES;
	return se_load(m, buf, size); /* returns size */
}

uint8_t *model_selinux_policy(uint32_t version, size_t body, size_t *len)
{
	size_t n = HDR_LEN + body + 4;
	uint8_t *p = calloc(1, n);
	if (!p)
		abort();
	put32(p, SELINUX_MAGIC);
	put32(p + 4, 8);
	memcpy(p + 8, "SE Linux", 8);
	put32(p + 16, version);
	put32(p + 20, MODEL_SIZED | 1);
	put32(p + 24, 8); /* sym_num */
	put32(p + 28, 9); /* ocon_num */
	for (size_t i = 0; i < body; i++)
		p[HDR_LEN + i] = (uint8_t)(i * 7 + 1);
	put32(p + n - 4, (uint32_t)n);
	*len = n;
	return p;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * A check of a whole binary SELinux kernel policy: one pass over the bytes
 * in the order the kernel's policydb_read() reads them, building nothing.
 * Every count and length is checked against the bytes left, every bitmap's
 * structure as the kernel reads it, every field that decides what follows
 * (rule specifiers, constraint and conditional expression types, context
 * ranges), and what the kernel trusts without checking and would crash on
 * (permission, class and boolean values, selinuxfs names, constraint
 * operands, bounds, MLS levels' names; see selinux-walk.c). Other checks of
 * the policy's meaning (a type number in range, a class that exists) are
 * left to the kernel, whose load is atomic: a policy this walk accepts can
 * still be refused, never damaged into a half-loaded state.
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
 * version is newer than LSMC_SELINUX_WALK_VERSION_MAX (not walked); -ENOMEM
 * when the lists its checks keep cannot grow.
 */
int lsmc_selinux_policy_walk(const void *buf, size_t len, size_t *end, char *why, size_t whylen);

/*
 * The bits of one node of the kernel's in-memory ebitmap: struct
 * ebitmap_node is 64 bytes on a 64-bit kernel (a next pointer, a u32 start
 * bit, six longs: 384 bits) and 32 on a 32-bit one (six longs of 32: 192),
 * in 6.1 and 6.12 alike. The node size decides how the kernel rounds a
 * high bit and which start-bit orders it takes; it is the kernel's word
 * size, taken here as the library's (a 32-bit build on a 64-bit kernel
 * reads as a 32-bit kernel would).
 */
#define LSMC_SELINUX_EBITMAP_NODE_BITS (sizeof(long) == 8 ? 384u : 192u)

/* Why lsmc_selinux_ebitmap_read() refused a bitmap. */
enum lsmc_ebitmap_fault {
	LSMC_EBITMAP_OK,
	LSMC_EBITMAP_CUT,      /* the buffer ends inside it */
	LSMC_EBITMAP_UNIT,     /* map unit not 64 */
	LSMC_EBITMAP_NO_NODES, /* a high bit but no nodes */
	LSMC_EBITMAP_ALIGN,    /* a start bit not a multiple of 64 */
	LSMC_EBITMAP_BEYOND,   /* a start bit past the rounded high bit */
	LSMC_EBITMAP_ORDER,    /* a start bit at or below its node's first bit */
};

struct lsmc_ebitmap {
	uint32_t unit, high, count; /* as read; high before rounding */
	uint32_t bad_start;	    /* the start bit refused */
	size_t bad_at;		    /* where the refused part starts */
	size_t need;		    /* LSMC_EBITMAP_CUT: bytes it needs from bad_at */
	uint64_t low;		    /* bits 0..63 as the kernel holds them */
	uint32_t bits;		    /* set bits, as the kernel holds them */
};

/*
 * Read one ebitmap at *pos exactly as ebitmap_read() does in Linux 6.1 and
 * 6.12: u32 map unit (64), u32 high bit, u32 count, count x (u32 start bit,
 * u64 map). The high bit is rounded up to a node in u32 arithmetic (so a
 * high bit within a node of 2^32 wraps to 0: an empty map whose nodes are
 * not read); a start bit opens a new node unless it falls inside the current
 * one above its first bit, so within a node start bits come in any order
 * and may repeat (a later map replaces an earlier one). 6.12 also refuses
 * an all-zero map and a high bit past the last node; 6.1 takes both, and so
 * does this reader (the union of what the two accept).
 *
 * Returns LSMC_EBITMAP_OK with *pos past the bitmap, or the fault with *pos
 * unchanged and e->bad_at, bad_start or need set.
 */
enum lsmc_ebitmap_fault lsmc_selinux_ebitmap_read(const uint8_t *p, size_t len, size_t *pos,
						  struct lsmc_ebitmap *e);

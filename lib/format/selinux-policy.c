/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The start of a binary SELinux policy, as policydb_read() reads it:
 *
 *   u32 magic  u32 id-length (8)  "SE Linux"
 *   u32 version  u32 config  u32 sym_num  u32 ocon_num
 *   [version >= 22] ebitmap policy capabilities
 *   [version >= 23] ebitmap permissive types
 *   ... symbol tables, rules, contexts (not checked here)
 *
 * All words are little-endian. An ebitmap is u32 map unit (64), u32 high
 * bit, u32 node count, then per node u32 start bit and u64 bits.
 *
 * The kernel answers EINVAL for every defect, so we do too, except that a
 * buffer ending inside what we check is called truncated (-EPROTO): that is
 * the one case where the fix is "copy the whole file".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format/selinux-policy.h"
#include "format/selinux-walk.h"

#define ID_STRING     "SE Linux"
#define ID_LEN	      8u
#define XEN_ID_STRING "XenFlask"
#define HDR_LEN	      32u
#define EBITMAP_UNIT  64u

/* Policy versions where the header's layout changes (libsepol's names). */
#define V_BOOL	     16u
#define V_IPV6	     17u
#define V_MLS	     19u
#define V_POLCAP     22u
#define V_PERMISSIVE 23u
#define V_INFINIBAND 31u

/* Text sniffing window: a policy.conf or CIL file begins with text. */
#define TEXT_SNIFF 512u

__attribute__((format(printf, 4, 5))) static int fail(char *why, size_t whylen, int error,
						      const char *format, ...)
{
	if (why && whylen) {
		va_list ap;

		va_start(ap, format);
		vsnprintf(why, whylen, format, ap);
		va_end(ap);
	}
	return error;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The symbol-table and object-context counts each version must declare
 * (the kernel's policydb_compat table): they only grew at 16, 17, 19 and
 * 31. Every policy from 19 on has the MLS tables, used or not. */
static void expected_counts(uint32_t version, uint32_t *sym, uint32_t *ocon)
{
	*sym = version >= V_MLS ? 8 : version >= V_BOOL ? 6 : 5;
	*ocon = version >= V_INFINIBAND ? 9 : version >= V_IPV6 ? 7 : 6;
}

static bool looks_like_text(const uint8_t *p, size_t len)
{
	size_t n = len < TEXT_SNIFF ? len : TEXT_SNIFF;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];

		if ((c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
		    c != '\v')
			return false;
	}
	return true;
}

struct cur {
	const uint8_t *p;
	size_t len, pos;
	char *why;
	size_t whylen;
};

/* Read one ebitmap as the kernel does (lsmc_selinux_ebitmap_read()); *low
 * gets bits 0..63 and *bits the number of set bits, as the kernel holds
 * them. */
static int read_ebitmap(struct cur *c, const char *what, uint64_t *low, uint32_t *bits)
{
	struct lsmc_ebitmap e;
	enum lsmc_ebitmap_fault f = lsmc_selinux_ebitmap_read(c->p, c->len, &c->pos, &e);

	*low = e.low;
	*bits = e.bits;
	switch (f) {
	case LSMC_EBITMAP_OK:
		return 0;
	case LSMC_EBITMAP_CUT:
		if (e.need > 12)
			return fail(c->why, c->whylen, -EPROTO,
				    "SELinux policy truncated at byte %zu: the %s at byte %zu "
				    "declares %u nodes (%llu bytes), %zu remain",
				    c->len, what, e.bad_at, e.count,
				    (unsigned long long)e.count * 12, c->len - e.bad_at - 12);
		return fail(c->why, c->whylen, -EPROTO,
			    "SELinux policy truncated at byte %zu: the %s at byte %zu needs %zu "
			    "bytes, %zu remain",
			    c->len, what, e.bad_at, e.need, c->len - e.bad_at);
	case LSMC_EBITMAP_UNIT:
		return fail(c->why, c->whylen, -EINVAL,
			    "invalid SELinux policy: %s at byte %zu has map unit %u, not %u", what,
			    e.bad_at, e.unit, EBITMAP_UNIT);
	case LSMC_EBITMAP_NO_NODES:
		return fail(c->why, c->whylen, -EINVAL,
			    "invalid SELinux policy: %s at byte %zu has high bit %u but no nodes",
			    what, e.bad_at, e.high);
	case LSMC_EBITMAP_ALIGN:
	case LSMC_EBITMAP_BEYOND:
	case LSMC_EBITMAP_ORDER:
		break;
	}
	return fail(c->why, c->whylen, -EINVAL,
		    "invalid SELinux policy: %s at byte %zu has a misplaced node (start bit %u: "
		    "%s)",
		    what, e.bad_at, e.bad_start,
		    f == LSMC_EBITMAP_ALIGN    ? "not a multiple of 64"
		    : f == LSMC_EBITMAP_BEYOND ? "beyond its end"
					       : "out of order");
}

static int bad_magic(const uint8_t *p, size_t len, uint32_t magic, char *why, size_t whylen)
{
	if (magic == LSMC_SELINUX_PACKAGE_MAGIC)
		return fail(why, whylen, -EINVAL,
			    "this is a policy module / package, not a kernel policy; build it with "
			    "semodule or checkpolicy");
	if (magic == LSMC_SELINUX_MOD_MAGIC)
		return fail(why, whylen, -EINVAL,
			    "this is a policy module (checkmodule -m output), not a kernel policy; "
			    "install it with semodule_package and semodule, or build a kernel "
			    "policy with checkpolicy");
	if (len >= 3 && memcmp(p, "BZh", 3) == 0)
		return fail(why, whylen, -EINVAL,
			    "this is bzip2-compressed (a compressed policy module package?), not a "
			    "kernel policy; install modules with semodule");
	if (len >= 4 && le32(p) == __builtin_bswap32(LSMC_SELINUX_MAGIC))
		return fail(why, whylen, -EINVAL,
			    "SELinux policy magic is byte-swapped: the file is big-endian, the "
			    "kernel reads little-endian");
	if (looks_like_text(p, len))
		return fail(why, whylen, -EINVAL,
			    "this is text (policy.conf or CIL source?), not a binary policy; "
			    "compile it with checkpolicy -c VERSION -o policy.VERSION FILE "
			    "(or secilc for CIL)");
	return fail(why, whylen, -EINVAL,
		    "not an SELinux kernel policy: magic 0x%08x, expected 0x%08x", magic,
		    LSMC_SELINUX_MAGIC);
}

int lsmc_selinux_policy_inspect(const void *buf, size_t len, struct lsmc_selinux_policy_info *info,
				char *why, size_t whylen)
{
	struct lsmc_selinux_policy_info tmp = {0};
	struct cur c = {.p = buf, .len = len, .why = why, .whylen = whylen};
	const uint8_t *p = buf;
	uint32_t idlen, want_sym, want_ocon;
	int e;

	if (info)
		memset(info, 0, sizeof(*info));
	if (why && whylen)
		why[0] = '\0';
	if (!buf && len)
		return fail(why, whylen, -EINVAL, "no buffer");
	if (len == 0)
		return fail(why, whylen, -EINVAL, "empty SELinux policy");
	if (len < 4) {
		/* Too short for a magic: the start of one is a cut-off policy,
		 * anything else is not a policy at all. */
		static const uint8_t magic_le[4] = {0x8c, 0xff, 0x7c, 0xf9};

		if (memcmp(p, magic_le, len) == 0)
			return fail(
				why, whylen, -EPROTO,
				"SELinux policy truncated at byte %zu: the header needs %u bytes",
				len, HDR_LEN);
		if (looks_like_text(p, len))
			return bad_magic(p, len, 0, why, whylen);
		return fail(why, whylen, -EINVAL, "not an SELinux kernel policy: only %zu bytes",
			    len);
	}

	tmp.magic = le32(p);
	if (info)
		info->magic = tmp.magic; /* lets a caller tell a module from garbage */
	if (tmp.magic != LSMC_SELINUX_MAGIC)
		return bad_magic(p, len, tmp.magic, why, whylen);
	if (len < 8)
		return fail(why, whylen, -EPROTO,
			    "SELinux policy truncated at byte %zu: the header needs %u bytes", len,
			    HDR_LEN);

	idlen = le32(p + 4);
	if (idlen != ID_LEN)
		return fail(why, whylen, -EINVAL,
			    "invalid SELinux policy: id string length %u, expected %u", idlen,
			    ID_LEN);
	if (len < HDR_LEN)
		return fail(why, whylen, -EPROTO,
			    "SELinux policy truncated at byte %zu: the header needs %u bytes", len,
			    HDR_LEN);
	if (memcmp(p + 8, ID_STRING, ID_LEN) != 0) {
		if (memcmp(p + 8, XEN_ID_STRING, ID_LEN) == 0)
			return fail(why, whylen, -EINVAL,
				    "this is a Xen (XenFlask) policy, not a Linux SELinux policy");
		return fail(why, whylen, -EINVAL,
			    "invalid SELinux policy: id string is not \"" ID_STRING "\"");
	}

	tmp.version = le32(p + 16);
	tmp.config = le32(p + 20);
	tmp.sym_num = le32(p + 24);
	tmp.ocon_num = le32(p + 28);
	tmp.mls = tmp.config & LSMC_SELINUX_CONFIG_MLS;
	tmp.handle_unknown =
		tmp.config & LSMC_SELINUX_CONFIG_ALLOW_UNKNOWN	  ? LSMC_SELINUX_UNKNOWN_ALLOW
		: tmp.config & LSMC_SELINUX_CONFIG_REJECT_UNKNOWN ? LSMC_SELINUX_UNKNOWN_REJECT
								  : LSMC_SELINUX_UNKNOWN_DENY;

	if (tmp.version < LSMC_SELINUX_VERSION_MIN || tmp.version > LSMC_SELINUX_VERSION_SANE_MAX)
		return fail(why, whylen, -EINVAL,
			    "invalid SELinux policy version %u (kernels read %u and later; this "
			    "library knows up to %u)",
			    tmp.version, LSMC_SELINUX_VERSION_MIN, LSMC_SELINUX_VERSION_KNOWN_MAX);
	if (tmp.mls && tmp.version < V_MLS)
		return fail(why, whylen, -EINVAL,
			    "invalid SELinux policy: MLS flag on version %u (MLS needs %u)",
			    tmp.version, V_MLS);

	/* A version newer than we know may have grown tables: its counts are
	 * the kernel's business, not ours to refuse. */
	tmp.version_known = tmp.version <= LSMC_SELINUX_VERSION_KNOWN_MAX;
	expected_counts(tmp.version, &want_sym, &want_ocon);
	if (tmp.version_known && (tmp.sym_num != want_sym || tmp.ocon_num != want_ocon))
		return fail(why, whylen, -EINVAL,
			    "invalid SELinux policy: version %u declares %u symbol tables and %u "
			    "object contexts, the format has %u and %u",
			    tmp.version, tmp.sym_num, tmp.ocon_num, want_sym, want_ocon);

	c.pos = HDR_LEN;
	if (tmp.version >= V_POLCAP) {
		uint32_t n;

		e = read_ebitmap(&c, "policy capability bitmap", &tmp.polcaps, &n);
		if (e)
			return e;
		tmp.has_polcaps = true;
	}
	if (tmp.version >= V_PERMISSIVE) {
		uint64_t low;

		e = read_ebitmap(&c, "permissive type bitmap", &low, &tmp.n_permissive);
		if (e)
			return e;
	}
	/* Symbol tables follow; a policy that stops here has none. */
	if (c.pos >= len)
		return fail(why, whylen, -EPROTO,
			    "SELinux policy truncated at byte %zu: nothing follows the header",
			    len);
	tmp.checked_len = c.pos;
	if (info)
		*info = tmp;
	return 0;
}

int lsmc_selinux_check_version(uint32_t policy_version, uint32_t kernel_policyvers, char *why,
			       size_t whylen)
{
	if (why && whylen)
		why[0] = '\0';
	if (policy_version < LSMC_SELINUX_VERSION_MIN)
		return fail(why, whylen, -EINVAL,
			    "SELinux policy version %u is below the oldest any kernel reads (%u)",
			    policy_version, LSMC_SELINUX_VERSION_MIN);
	if (kernel_policyvers && policy_version > kernel_policyvers)
		return fail(why, whylen, -EPROTONOSUPPORT,
			    "SELinux policy version %u is newer than the kernel reads (policyvers "
			    "%u); rebuild it with checkpolicy -c %u",
			    policy_version, kernel_policyvers, kernel_policyvers);
	return 0;
}

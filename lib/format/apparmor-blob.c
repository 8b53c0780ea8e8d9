/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * A bounded walk over apparmor_parser's binary output.
 *
 * The format is a stream of tagged values: a one-byte code, for some codes
 * a little-endian length, then the payload. A value may be preceded by a
 * name (code 4, u16 length, NUL-terminated bytes). Each profile starts with
 * a header, named "version" (u32) and optionally "namespace" (string), and
 * is a struct named "profile" whose first member is the profile's name.
 * The header is required before the first profile only; the kernel keeps
 * the previous version when a later one is missing.
 *
 * The kernel verifies the profile contents; here we only need names and a
 * sound outer structure, so every member we do not care about is skipped
 * by its encoding. Every length is checked against the bytes that remain
 * before it is used, nesting has a fixed bound, and an unknown code stops
 * the walk: past an unknown code the lengths that follow mean nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/apparmor-blob.h"

/* Codes of the serialised format (the kernel's enum aa_code). */
enum {
	T_U8 = 0,
	T_U16 = 1,
	T_U32 = 2,
	T_U64 = 3,
	T_NAME = 4,
	T_STRING = 5,
	T_BLOB = 6,
	T_STRUCT = 7,
	T_STRUCTEND = 8,
	T_LIST = 9,
	T_LISTEND = 10,
	T_ARRAY = 11,
	T_ARRAYEND = 12,
};

/* Bytes inspected to tell text from binary: enough for a comment block. */
#define TEXT_SNIFF 512u

struct rd {
	const uint8_t *p;
	size_t len;
	size_t pos; /* invariant: pos <= len */
	char *why;
	size_t whylen;
};

__attribute__((format(printf, 3, 4))) static int fail(struct rd *r, int error, const char *format,
						      ...)
{
	if (r->why && r->whylen) {
		va_list ap;

		va_start(ap, format);
		vsnprintf(r->why, r->whylen, format, ap);
		va_end(ap);
	}
	return error;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *tag_name(uint8_t tag)
{
	static const char *const names[] = {
		"u8",	  "u16",	"u32",	"u64",	    "name",  "string",	  "blob",
		"struct", "struct end", "list", "list end", "array", "array end",
	};
	return tag < sizeof(names) / sizeof(names[0]) ? names[tag] : "unknown";
}

/* The element starting at `at` needs `need` bytes from `at` on. */
static int truncated(struct rd *r, const char *what, size_t at, size_t need)
{
	return fail(
		r, -EPROTO,
		"AppArmor policy blob truncated at byte %zu: the %s at byte %zu needs %zu bytes, "
		"%zu remain",
		r->len, what, at, need, r->len - at);
}

/* Consume n bytes of the element that began at `at`. Compares against the
 * bytes remaining rather than computing pos + n, which could wrap. */
static int take(struct rd *r, size_t n, const char *what, size_t at, const uint8_t **out)
{
	if (out)
		*out = NULL;
	if (n > r->len - r->pos)
		return truncated(r, what, at, r->pos - at + n);
	if (out)
		*out = r->p + r->pos;
	r->pos += n;
	return 0;
}

/* A u16 length and that many bytes (names and strings). */
static int chunk16(struct rd *r, const char *what, size_t at, const uint8_t **data, size_t *size)
{
	const uint8_t *l = NULL;
	int e = take(r, 2, what, at, &l);

	if (e)
		return e;
	*size = le16(l);
	return take(r, *size, what, at, data);
}

static bool is_cstring(const uint8_t *s, size_t size)
{
	return size > 0 && s[size - 1] == '\0';
}

/*
 * If the next element is named `name` and has code `code`, consume the name
 * and the code and return 1; otherwise leave pos alone and return 0. A name
 * that runs past the end is an error, not an absence: reporting it as
 * truncation is what makes a cut-off blob say so.
 */
static int match_named(struct rd *r, const char *name, uint8_t code)
{
	size_t at = r->pos, size;
	const uint8_t *s;
	int e;

	if (r->pos >= r->len || r->p[r->pos] != T_NAME)
		return 0;
	r->pos++;
	e = chunk16(r, "name", at, &s, &size);
	if (e)
		return e;
	if (size != strlen(name) + 1 || memcmp(s, name, size) != 0) {
		r->pos = at;
		return 0;
	}
	if (r->pos >= r->len)
		return truncated(r, "named value", at, r->pos - at + 1);
	if (r->p[r->pos] != code) {
		r->pos = at;
		return 0;
	}
	r->pos++;
	return 1;
}

/*
 * Skip everything up to and including the end of the container just
 * opened, whose closing code is `closer`. Iterative with a fixed stack so a
 * hostile blob cannot make us recurse.
 */
static int skip_members(struct rd *r, uint8_t closer, size_t opened_at)
{
	uint8_t stack[LSMC_AA_MAX_DEPTH];
	size_t open_at[LSMC_AA_MAX_DEPTH];
	size_t depth = 0;
	const uint8_t *d;
	size_t size;
	int e;

	stack[depth] = closer;
	open_at[depth++] = opened_at;
	while (depth) {
		size_t at = r->pos;
		uint8_t tag;

		if (at >= r->len)
			return fail(
				r, -EPROTO,
				"AppArmor policy blob truncated at byte %zu: the container opened "
				"at byte %zu has no %s",
				r->len, open_at[depth - 1], tag_name(stack[depth - 1]));
		tag = r->p[r->pos++];
		if (tag == T_NAME) {
			e = chunk16(r, "member name", at, &d, &size);
			if (e)
				return e;
			if (!is_cstring(d, size))
				return fail(
					r, -EPROTO,
					"malformed AppArmor policy: member name at byte %zu is not "
					"NUL-terminated",
					at);
			if (r->pos >= r->len)
				return truncated(r, "named member", at, r->pos - at + 1);
			tag = r->p[r->pos++];
		}
		switch (tag) {
		case T_U8:
			e = take(r, 1, "u8", at, NULL);
			break;
		case T_U16:
			e = take(r, 2, "u16", at, NULL);
			break;
		case T_U32:
			e = take(r, 4, "u32", at, NULL);
			break;
		case T_U64:
			e = take(r, 8, "u64", at, NULL);
			break;
		case T_STRING:
			e = chunk16(r, "string", at, &d, &size);
			break;
		case T_BLOB:
			e = take(r, 4, "blob", at, &d);
			if (!e)
				e = take(r, le32(d), "blob", at, NULL);
			break;
		case T_ARRAY:
			/* The element count is not checked: an element may be
			 * several tagged values (secmark entries are). The
			 * array end code is what bounds it for us. */
			e = take(r, 2, "array", at, NULL);
			if (e)
				break;
			/* fall through */
		case T_STRUCT:
		case T_LIST:
			if (depth == LSMC_AA_MAX_DEPTH)
				return fail(
					r, -E2BIG,
					"AppArmor policy nests deeper than %u levels at byte %zu",
					LSMC_AA_MAX_DEPTH, at);
			stack[depth] = tag == T_STRUCT ? T_STRUCTEND
				       : tag == T_LIST ? T_LISTEND
						       : T_ARRAYEND;
			open_at[depth++] = at;
			e = 0;
			break;
		case T_STRUCTEND:
		case T_LISTEND:
		case T_ARRAYEND:
			if (tag != stack[depth - 1])
				return fail(r, -EPROTO,
					    "malformed AppArmor policy: %s at byte %zu, expected "
					    "%s for "
					    "the container opened at byte %zu",
					    tag_name(tag), at, tag_name(stack[depth - 1]),
					    open_at[depth - 1]);
			depth--;
			e = 0;
			break;
		case T_NAME:
			return fail(r, -EPROTO,
				    "malformed AppArmor policy: two names in a row at byte %zu",
				    at);
		default:
			return fail(
				r, -EPROTO,
				"malformed AppArmor policy: unknown type code 0x%02x at byte %zu",
				tag, r->pos - 1);
		}
		if (e)
			return e;
	}
	return 0;
}

/* Printable ASCII, whitespace or UTF-8 and no NUL: source text, not a blob
 * (a blob starts with the name code 0x04, which is never text). */
static bool looks_like_text(const uint8_t *p, size_t len)
{
	size_t n = len < TEXT_SNIFF ? len : TEXT_SNIFF;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c >= 0x20 && c != 0x7f)
			continue;
		if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			continue;
		return false;
	}
	return true;
}

static int not_a_blob(struct rd *r)
{
	const uint8_t *p = r->p;
	size_t n = r->len < 4 ? r->len : 4;
	char hex[16] = "";

	if (looks_like_text(p, r->len))
		return fail(
			r, -ENOEXEC,
			"this is text (AppArmor profile source?), not compiled policy; compile "
			"it for the target kernel first: apparmor_parser -Q -q -S -M FEATURES "
			"FILE > FILE.bin (FEATURES: the kernel's feature set), or use a cache file "
			"written with apparmor_parser -W");
	if (r->len >= 4 && le32(p) == 0xf97cff8cu)
		return fail(r, -EPROTONOSUPPORT,
			    "this is an SELinux binary policy, not AppArmor policy");
	for (size_t i = 0, o = 0; i < n; i++)
		o += (size_t)snprintf(hex + o, sizeof(hex) - o, "%s%02x", i ? " " : "", p[i]);
	return fail(r, -EPROTONOSUPPORT,
		    "not AppArmor binary policy: no \"version\" header at byte 0 (starts with %s)",
		    hex);
}

/* The header's "namespace": a non-empty C string (the kernel refuses an
 * empty one with EPROTONOSUPPORT). */
static int read_ns(struct rd *r, size_t at, const uint8_t **s, size_t *size)
{
	int e = chunk16(r, "namespace", at, s, size);

	if (e)
		return e;
	if (!is_cstring(*s, *size))
		return fail(
			r, -EPROTO,
			"malformed AppArmor policy: namespace at byte %zu is not NUL-terminated",
			at);
	if ((*s)[0] == '\0')
		return fail(r, -EPROTONOSUPPORT,
			    "invalid AppArmor policy: empty namespace name at byte %zu", at);
	return 0;
}

static int add_name(struct lsmc_aa_blob_info *info, size_t *cap, const uint8_t *s)
{
	char *copy;

	if (info->n_profiles + 1 >= *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		char **n = realloc(info->names, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		info->names = n;
		*cap = ncap;
	}
	copy = strdup((const char *)s); /* NUL-terminated: checked by the caller */
	if (!copy)
		return -ENOMEM;
	info->names[info->n_profiles] = copy;
	info->names[info->n_profiles + 1] = NULL;
	return 0;
}

static int walk(struct rd *r, struct lsmc_aa_blob_info *out)
{
	size_t cap = 0;
	int e;

	while (r->pos < r->len) {
		size_t start = r->pos, at, size = 0;
		const uint8_t *s = NULL;

		e = match_named(r, "version", T_U32);
		if (e < 0)
			return e;
		if (e == 1) {
			uint32_t v, abi;

			e = take(r, 4, "version", start, &s);
			if (e)
				return e;
			v = le32(s);
			abi = v & LSMC_AA_ABI_MASK;
			if (abi < LSMC_AA_ABI_MIN || abi > LSMC_AA_ABI_MAX)
				return fail(r, -EPROTONOSUPPORT,
					    "unsupported AppArmor policy format v%u (version word "
					    "0x%08x at byte %zu); kernels know v%u..v%u, Linux 6.1 "
					    "up to v8",
					    abi, v, start, LSMC_AA_ABI_MIN, LSMC_AA_ABI_MAX);
			if (out->n_headers == 0) {
				out->version = v;
				out->abi = abi;
				out->force_complain = v & LSMC_AA_FORCE_COMPLAIN;
				out->abi_min = out->abi_max = abi;
			} else {
				out->abi_min = abi < out->abi_min ? abi : out->abi_min;
				out->abi_max = abi > out->abi_max ? abi : out->abi_max;
			}
			out->abi_seen |= 1u << abi;
			out->n_headers++;
		} else if (start == 0) {
			return not_a_blob(r);
		}

		at = r->pos;
		e = match_named(r, "namespace", T_STRING);
		if (e < 0)
			return e;
		if (e == 1) {
			e = read_ns(r, at, &s, &size);
			if (e)
				return e;
			if (!out->ns) {
				out->ns = strdup((const char *)s);
				if (!out->ns)
					return -ENOMEM;
			} else if (strcmp(out->ns, (const char *)s) != 0) {
				out->ns_mixed = true;
			}
		}

		at = r->pos;
		e = match_named(r, "profile", T_STRUCT);
		if (e < 0)
			return e;
		if (e == 0) {
			if (at == start && start > 0)
				return fail(
					r, -EPROTO,
					"malformed AppArmor policy: unexpected data at byte %zu "
					"after profile %zu (code 0x%02x)",
					at, out->n_profiles, r->p[at]);
			if (at >= r->len)
				return fail(r, -EPROTO,
					    "AppArmor policy blob truncated at byte %zu: header at "
					    "byte %zu is not followed by a profile",
					    r->len, start);
			return fail(r, -EPROTO,
				    "malformed AppArmor policy: expected a \"profile\" struct at "
				    "byte %zu",
				    at);
		}

		/* The profile's name: an unnamed string (a name tag would be
		 * skipped by the kernel, so allow one). */
		at = r->pos;
		if (r->pos < r->len && r->p[r->pos] == T_NAME) {
			r->pos++;
			e = chunk16(r, "name", at, &s, &size);
			if (e)
				return e;
		}
		if (r->pos >= r->len)
			return truncated(r, "profile name", at, r->pos - at + 1);
		if (r->p[r->pos] != T_STRING)
			return fail(
				r, -EPROTO,
				"malformed AppArmor policy: profile struct at byte %zu does not "
				"start with its name",
				at);
		r->pos++;
		e = chunk16(r, "profile name", at, &s, &size);
		if (e)
			return e;
		if (!is_cstring(s, size) || s[0] == '\0')
			return fail(
				r, -EPROTO,
				"malformed AppArmor policy: profile name at byte %zu is empty or "
				"not NUL-terminated",
				at);
		if (out->n_profiles >= LSMC_AA_MAX_PROFILES)
			return fail(r, -E2BIG, "AppArmor policy blob holds more than %u profiles",
				    LSMC_AA_MAX_PROFILES);
		e = add_name(out, &cap, s);
		if (e)
			return fail(r, e, "out of memory");
		out->n_profiles++;

		e = skip_members(r, T_STRUCTEND, at);
		if (e)
			return e;
	}
	return 0;
}

int lsmc_aa_blob_inspect(const void *buf, size_t len, struct lsmc_aa_blob_info *info, char *why,
			 size_t whylen)
{
	struct rd r = {.p = buf, .len = len, .why = why, .whylen = whylen};
	struct lsmc_aa_blob_info tmp = {0};
	int e;

	if (info)
		memset(info, 0, sizeof(*info));
	if (why && whylen)
		why[0] = '\0';
	if (!buf && len)
		return fail(&r, -EINVAL, "no buffer");
	if (len == 0)
		return fail(&r, -EINVAL, "empty AppArmor policy blob");

	e = walk(&r, &tmp);
	if (e) {
		lsmc_aa_blob_info_free(&tmp);
		return e;
	}
	/* walk() only returns 0 after at least one profile: a blob starts
	 * with a header, and a header must be followed by a profile. */
	if (info)
		*info = tmp;
	else
		lsmc_aa_blob_info_free(&tmp);
	return 0;
}

void lsmc_aa_blob_info_free(struct lsmc_aa_blob_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->n_profiles; i++)
		free(info->names[i]);
	free(info->names);
	free(info->ns);
	memset(info, 0, sizeof(*info));
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * AppArmor: namespaces, profiles, the binary policy format written by
 * apparmor_parser, load/replace/remove (abi §7.1), the v6 syscalls
 * (abi §4.1), the task's confinement (stack, changeprofile, unshare).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model-internal.h"

/* Element codes of the tagged binary stream (policy_unpack's AA_* order). */
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

#define ABI_MASK 0x3ffu /* the kernel compares only the low 10 bits */

static char *xstrndup(const char *s, size_t n)
{
	char *r = strndup(s, n);
	if (!r)
		abort();
	return r;
}

/* ---- namespaces ---- */

void aa_state_init(struct model *m)
{
	struct model_state *st = m->st;
	st->aa_root = calloc(1, sizeof(*st->aa_root));
	if (!st->aa_root)
		abort();
	st->aa_root->name = xstrndup("", 0);
	st->aa_all = st->aa_root;
	st->aa_task_ns = st->aa_root;
	st->aa_task_profile = xstrndup("unconfined", 10);
}

static void free_profiles(struct aa_prof *p)
{
	while (p) {
		struct aa_prof *n = p->next;
		free(p->name);
		free(p->mode);
		free(p);
		p = n;
	}
}

void aa_state_free(struct model *m)
{
	struct model_state *st = m->st;
	for (struct aa_ns *ns = st->aa_all, *n; ns; ns = n) {
		n = ns->all_next;
		free_profiles(ns->profiles);
		free(ns->name);
		free(ns);
	}
	free(st->aa_task_profile);
	for (size_t i = 0; i < st->aa_n_stack; i++)
		free(st->aa_stack[i]);
	free(st->aa_exec);
}

struct aa_ns *aa_ns_child(struct aa_ns *parent, const char *name, size_t len)
{
	for (struct aa_ns *c = parent->child; c; c = c->sibling)
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

/* Walk "a//b//c" below `base`. */
struct aa_ns *aa_ns_lookup(struct aa_ns *base, const char *path, size_t len)
{
	struct aa_ns *ns = base;
	size_t i = 0;

	while (ns && i < len) {
		const char *sep = memmem(path + i, len - i, "//", 2);
		size_t clen = sep ? (size_t)(sep - (path + i)) : len - i;
		ns = aa_ns_child(ns, path + i, clen);
		i += clen + (sep ? 2 : 0);
	}
	return ns;
}

struct aa_ns *aa_ns_new(struct model *m, struct aa_ns *parent, const char *name, size_t len)
{
	struct aa_ns *ns = calloc(1, sizeof(*ns));
	if (!ns)
		abort();
	ns->name = xstrndup(name, len);
	ns->parent = parent;
	ns->sibling = parent->child;
	parent->child = ns;
	ns->all_next = m->st->aa_all;
	m->st->aa_all = ns;
	return ns;
}

/* Create every missing component of "a//b" below base. */
static struct aa_ns *ns_prepare(struct model *m, struct aa_ns *base, const char *path, size_t len)
{
	struct aa_ns *ns = base;
	size_t i = 0;

	while (i < len) {
		const char *sep = memmem(path + i, len - i, "//", 2);
		size_t clen = sep ? (size_t)(sep - (path + i)) : len - i;
		struct aa_ns *c = aa_ns_child(ns, path + i, clen);
		ns = c ? c : aa_ns_new(m, ns, path + i, clen);
		i += clen + (sep ? 2 : 0);
	}
	return ns;
}

static void mark_removed(struct aa_ns *ns)
{
	ns->removed = true;
	for (struct aa_ns *c = ns->child; c; c = c->sibling)
		mark_removed(c);
}

/* Detach ns from its parent; the memory stays until model_free so open
 * files that point at it stay valid (they answer ENOENT). */
void aa_ns_unlink(struct aa_ns *ns)
{
	struct aa_ns **pp = &ns->parent->child;
	while (*pp && *pp != ns)
		pp = &(*pp)->sibling;
	if (*pp)
		*pp = ns->sibling;
	mark_removed(ns);
}

const char *aa_ns_path(struct model *m, struct aa_ns *ns)
{
	char *buf = m->st->aa_ns_path_buf;
	size_t cap = sizeof(m->st->aa_ns_path_buf);
	const char *parts[64];
	size_t n = 0;

	for (; ns && ns->parent && n < 64; ns = ns->parent)
		parts[n++] = ns->name;
	buf[0] = '\0';
	while (n--) {
		if (buf[0])
			strncat(buf, "//", cap - strlen(buf) - 1);
		strncat(buf, parts[n], cap - strlen(buf) - 1);
	}
	return buf;
}

static bool is_policy_admin(struct model *m)
{
	if (m->aa_policy_admin == MODEL_FOLLOW_CAP)
		return m->cap_mac_admin;
	return m->aa_policy_admin != 0;
}

static bool ns_visible(struct aa_ns *view, struct aa_ns *ns)
{
	for (; ns; ns = ns->parent)
		if (ns == view)
			return true;
	return false;
}

/* aa_may_manage_policy (abi §4.1, §7.1): locked or not admin → EACCES */
long aa_may_manage(struct model *m, struct aa_ns *target)
{
	if (m->aa_policy_locked || !is_policy_admin(m))
		return -EACCES;
	if (!ns_visible(m->st->aa_task_ns, target))
		return -EACCES;
	return 0;
}

static struct aa_prof *prof_find(struct aa_ns *ns, const char *name)
{
	for (struct aa_prof *p = ns->profiles; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static void prof_set(struct aa_ns *ns, const char *name, const char *mode)
{
	struct aa_prof *p = prof_find(ns, name);
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			abort();
		p->name = xstrndup(name, strlen(name));
		p->next = ns->profiles;
		ns->profiles = p;
	}
	free(p->mode);
	p->mode = xstrndup(mode, strlen(mode));
}

/* ---- the binary policy stream ---- */

struct unpack {
	const uint8_t *p, *end;
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t left(const struct unpack *u)
{
	return (size_t)(u->end - u->p);
}

/* Consume a name tag equal to `want` (the tag's length counts its NUL). */
static bool take_name(struct unpack *u, const char *want)
{
	size_t wl = strlen(want) + 1;
	if (left(u) < 3 + wl || u->p[0] != T_NAME || le16(u->p + 1) != wl)
		return false;
	if (memcmp(u->p + 3, want, wl) != 0)
		return false;
	u->p += 3 + wl;
	return true;
}

static bool take_code(struct unpack *u, uint8_t code)
{
	if (left(u) < 1 || u->p[0] != code)
		return false;
	u->p++;
	return true;
}

static bool take_u32(struct unpack *u, uint32_t *v)
{
	if (left(u) < 5 || u->p[0] != T_U32)
		return false;
	*v = le32(u->p + 1);
	u->p += 5;
	return true;
}

/* An unnamed string element: returns its text (NUL inside) or NULL. */
static const char *take_string(struct unpack *u)
{
	if (left(u) < 3 || u->p[0] != T_STRING)
		return NULL;
	size_t n = le16(u->p + 1);
	if (n == 0 || left(u) < 3 + n || u->p[3 + n - 1] != '\0')
		return NULL;
	const char *s = (const char *)u->p + 3;
	u->p += 3 + n;
	return s;
}

struct ent {
	char *name;    /* profile name without namespace */
	char *ns_name; /* from a ":ns:name" profile name, or NULL */
	const char *mode;
};

static const char *mode_name(uint32_t v)
{
	/* the packed profile mode (second u32 of the "flags" struct) */
	switch (v) {
	case 1:
		return "complain";
	case 2:
		return "kill";
	case 3:
		return "unconfined";
	case 4:
		return "user";
	default:
		return "enforce";
	}
}

/* Skip the rest of a profile struct; pick the mode out of "flags". */
static int skip_profile(struct unpack *u, const char **mode)
{
	int depth = 1;
	bool last_flags = false; /* previous element was the name "flags" */
	int flags_depth = -1, flags_u32 = 0;

	while (depth > 0) {
		if (left(u) < 1)
			return -EPROTO;
		uint8_t code = *u->p++;
		bool is_flags_name = false;
		size_t n;
		switch (code) {
		case T_U8:
		case T_U16:
		case T_U32:
		case T_U64:
			n = code == T_U8 ? 1 : code == T_U16 ? 2 : code == T_U32 ? 4 : 8;
			if (left(u) < n)
				return -EPROTO;
			if (code == T_U32 && depth == flags_depth && ++flags_u32 == 2)
				*mode = mode_name(le32(u->p));
			u->p += n;
			break;
		case T_NAME:
		case T_STRING:
			if (left(u) < 2)
				return -EPROTO;
			n = le16(u->p);
			if (left(u) < 2 + n)
				return -EPROTO;
			if (code == T_NAME && depth == 1 && n == 6 &&
			    memcmp(u->p + 2, "flags", 6) == 0)
				is_flags_name = true;
			u->p += 2 + n;
			break;
		case T_BLOB:
			if (left(u) < 4)
				return -EPROTO;
			n = le32(u->p);
			if (left(u) - 4 < n)
				return -EPROTO;
			u->p += 4 + n;
			break;
		case T_ARRAY:
			if (left(u) < 2)
				return -EPROTO;
			u->p += 2;
			depth++;
			break;
		case T_STRUCT:
		case T_LIST:
			depth++;
			if (code == T_STRUCT && last_flags)
				flags_depth = depth;
			break;
		case T_STRUCTEND:
		case T_LISTEND:
		case T_ARRAYEND:
			if (depth == flags_depth)
				flags_depth = -1;
			depth--;
			break;
		default:
			return -EPROTO;
		}
		last_flags = is_flags_name;
	}
	return 0;
}

static void free_ents(struct ent *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].ns_name);
	}
	free(e);
}

/* Split ":ns:name" / ":ns://name" / ":ns:" / "name". */
static void split_fqname(const char *fq, char **ns, char **name)
{
	*ns = NULL;
	if (fq[0] != ':') {
		*name = xstrndup(fq, strlen(fq));
		return;
	}
	const char *end = strchr(fq + 1, ':');
	if (!end) {
		*ns = xstrndup(fq + 1, strlen(fq + 1));
		*name = NULL;
		return;
	}
	*ns = xstrndup(fq + 1, (size_t)(end - fq - 1));
	const char *n = end + 1;
	if (n[0] == '/' && n[1] == '/')
		n += 2;
	*name = *n ? xstrndup(n, strlen(n)) : NULL;
}

/*
 * Unpack a whole blob into entries. Every profile may carry its own header;
 * the first one must (facts: garbage → EPROTONOSUPPORT, truncated → EPROTO).
 */
static long unpack_blob(struct model *m, const uint8_t *blob, size_t len, struct ent **out,
			size_t *nout, char **hdr_ns)
{
	struct unpack u = {blob, blob + len};
	struct ent *ents = NULL;
	size_t n = 0;
	long err = 0;

	*hdr_ns = NULL;
	while (left(&u) > 0) {
		uint32_t ver;
		bool first = u.p == blob;
		if (take_name(&u, "version")) {
			if (!take_u32(&u, &ver)) {
				err = first ? -EPROTONOSUPPORT : -EPROTO;
				break;
			}
			if ((ver & ABI_MASK) < m->aa_abi_min || (ver & ABI_MASK) > m->aa_abi_max) {
				err = -EPROTONOSUPPORT;
				break;
			}
		} else if (first) {
			err = -EPROTONOSUPPORT;
			break;
		}
		/* verify_header(): the first header's namespace holds for every
		 * profile of the write; a later, different one is only logged
		 * ("invalid ns change") and ignored. An empty one is refused. */
		if (take_name(&u, "namespace")) {
			const char *s = take_string(&u);
			if (!s) {
				err = -EPROTO;
				break;
			}
			if (!*s) {
				err = -EPROTONOSUPPORT; /* "invalid namespace name" */
				break;
			}
			if (!*hdr_ns)
				*hdr_ns = xstrndup(s, strlen(s));
		}
		if (!take_name(&u, "profile") || !take_code(&u, T_STRUCT)) {
			err = -EPROTO;
			break;
		}
		const char *fq = take_string(&u);
		if (!fq || !*fq) {
			err = -EPROTO;
			break;
		}
		struct ent e = {0};
		split_fqname(fq, &e.ns_name, &e.name);
		e.mode = "enforce";
		if (!e.name) {
			free(e.ns_name);
			err = -EPROTO;
			break;
		}
		ents = realloc(ents, (n + 1) * sizeof(*ents));
		if (!ents)
			abort();
		ents[n++] = e;
		err = skip_profile(&u, &ents[n - 1].mode);
		if (err)
			break;
	}
	if (err) {
		free_ents(ents, n);
		free(*hdr_ns);
		*hdr_ns = NULL;
		return err;
	}
	*out = ents;
	*nout = n;
	return 0;
}

/*
 * .load (replace=false) / .replace and the syscall (replace=true) into
 * `target` (NULL: the task's view namespace). Atomic: the whole blob is
 * unpacked and checked before anything changes (abi §4.1).
 */
static long replace_into(struct model *m, struct aa_ns *base, const uint8_t *blob, size_t len,
			 bool replace);

long aa_replace(struct model *m, struct aa_ns *target, const uint8_t *blob, size_t len,
		bool replace)
{
	struct aa_ns *base = target ? target : m->st->aa_task_ns;
	long err;

	if (base->removed)
		return -ENOENT;
	err = aa_may_manage(m, base);
	if (err)
		return err;
	return replace_into(m, base, blob, len, replace);
}

/* The load itself, once the caller may manage base's policy. */
static long replace_into(struct model *m, struct aa_ns *base, const uint8_t *blob, size_t len,
			 bool replace)
{
	struct ent *ents = NULL;
	size_t n = 0;
	char *ns_name = NULL;
	long err;

	err = unpack_blob(m, blob, len, &ents, &n, &ns_name);
	if (err)
		return err;
	/* all profiles of one load must name the same namespace */
	size_t without = 0;
	for (size_t i = 0; i < n; i++) {
		if (ns_name) {
			if (ents[i].ns_name && strcmp(ents[i].ns_name, ns_name) != 0) {
				err = -EACCES; /* "policy load has mixed namespaces" */
				goto out;
			}
		} else if (ents[i].ns_name) {
			if (without) {
				err = -EACCES;
				goto out;
			}
			ns_name = xstrndup(ents[i].ns_name, strlen(ents[i].ns_name));
		} else {
			without++;
		}
	}
	/* facts: a header or ":NS:" namespace is created on the fly */
	struct aa_ns *ns = ns_name ? ns_prepare(m, base, ns_name, strlen(ns_name)) : base;
	if (!replace) {
		for (size_t i = 0; i < n; i++)
			if (prof_find(ns, ents[i].name)) {
				err = -EEXIST;
				goto out;
			}
	}
	for (size_t i = 0; i < n; i++)
		prof_set(ns, ents[i].name, ents[i].mode);
	err = (long)len;
out:
	free_ents(ents, n);
	free(ns_name);
	return err;
}

/* .remove: "name", ":ns:name", ":ns:" (whole namespace) (abi §7.1, facts). */
static long remove_from(struct aa_ns *base, const char *buf, size_t len);

long aa_remove(struct model *m, struct aa_ns *target, const char *buf, size_t len)
{
	struct aa_ns *base = target ? target : m->st->aa_task_ns;
	long err;

	if (base->removed)
		return -ENOENT;
	err = aa_may_manage(m, base);
	if (err)
		return err;
	return remove_from(base, buf, len);
}

/* The removal itself, once the caller may manage base's policy. */
static long remove_from(struct aa_ns *base, const char *buf, size_t len)
{
	long err;
	char *fq = xstrndup(buf, len); /* the kernel NUL-terminates the text */
	char *ns_name, *name;
	struct aa_ns *ns = base;
	if (!*fq) {
		free(fq);
		return -ENOENT; /* "no profile specified" */
	}
	split_fqname(fq, &ns_name, &name);
	free(fq);
	if (ns_name) {
		ns = *ns_name ? aa_ns_lookup(base, ns_name, strlen(ns_name)) : NULL;
		if (!ns) {
			err = -ENOENT;
			goto out;
		}
	}
	if (!name) {
		aa_ns_unlink(ns);
		err = (long)len;
		goto out;
	}
	struct aa_prof *p = prof_find(ns, name);
	if (!p) {
		err = -ENOENT;
		goto out;
	}
	/* removing a profile removes its hats/children ("name//...") too */
	size_t nl = strlen(name);
	for (struct aa_prof **pp = &ns->profiles; *pp;) {
		struct aa_prof *q = *pp;
		if (strcmp(q->name, name) == 0 || (strncmp(q->name, name, nl) == 0 &&
						   q->name[nl] == '/' && q->name[nl + 1] == '/')) {
			*pp = q->next;
			q->next = NULL;
			free_profiles(q);
		} else {
			pp = &q->next;
		}
	}
	err = (long)len;
out:
	free(ns_name);
	free(name);
	return err;
}

/* ---- the task's confinement ---- */

/* A profile the task may change to or stack: "name" in its namespace,
 * ":ns:name" below it; "unconfined" always exists. */
static bool profile_reachable(struct model *m, const char *fq)
{
	char *ns_name, *name;
	bool ok = false;

	split_fqname(fq, &ns_name, &name);
	struct aa_ns *ns = m->st->aa_task_ns;
	if (ns_name)
		ns = aa_ns_lookup(ns, ns_name, strlen(ns_name));
	if (ns && name)
		ok = strcmp(name, "unconfined") == 0 || prof_find(ns, name);
	free(ns_name);
	free(name);
	return ok;
}

static long do_stack(struct model *m, const char *name)
{
	struct model_state *st = m->st;
	if (!profile_reachable(m, name))
		return -ENOENT;
	if (m->aa_stack_noop)
		return 0;
	if (st->aa_n_stack >= MODEL_MAX_STACK)
		return -ENOMEM;
	st->aa_stack[st->aa_n_stack++] = xstrndup(name, strlen(name));
	return 0;
}

static long do_changeprofile(struct model *m, const char *name)
{
	char *ns_name, *pname;
	struct aa_ns *ns = NULL;

	if (!profile_reachable(m, name))
		return -ENOENT;
	/* A task confined by a profile of a child namespace sees that
	 * namespace as its policy root (its view). */
	split_fqname(name, &ns_name, &pname);
	if (ns_name)
		ns = aa_ns_lookup(m->st->aa_task_ns, ns_name, strlen(ns_name));
	free(m->st->aa_task_profile);
	m->st->aa_task_profile = xstrndup(pname ? pname : name, strlen(pname ? pname : name));
	if (ns)
		m->st->aa_task_ns = ns;
	free(ns_name);
	free(pname);
	return 0;
}

/* lsm_set_self_attr for AppArmor: "cmd arg" strings (abi §7.1). */
long aa_setselfattr(struct model *m, unsigned int attr, const char *val, size_t len)
{
	if (attr != LSM_ATTR_CURRENT && attr != LSM_ATTR_EXEC)
		return -EOPNOTSUPP;
	char *s = xstrndup(val, len);
	size_t n = strlen(s);
	long err = -EINVAL;
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	char *arg = strchr(s, ' ');
	if (!arg || !arg[1])
		goto out;
	*arg++ = '\0';
	if (attr == LSM_ATTR_CURRENT) {
		if (strcmp(s, "stack") == 0)
			err = do_stack(m, arg);
		else if (strcmp(s, "changeprofile") == 0 || strcmp(s, "permprofile") == 0)
			err = do_changeprofile(m, arg);
		else if (strcmp(s, "changehat") == 0 || strcmp(s, "permhat") == 0)
			err = -ENOENT; /* the model has no hats to change to */
	} else if (strcmp(s, "exec") == 0 || strcmp(s, "stack") == 0) {
		if (!profile_reachable(m, arg)) {
			err = -ENOENT;
		} else {
			free(m->st->aa_exec);
			m->st->aa_exec = xstrndup(arg, strlen(arg));
			err = 0;
		}
	}
out:
	free(s);
	return err;
}

/* ":X:" when the task is unconfined and every stacked profile is of one
 * namespace X: its view is then X (observed on Linux 6.1), and they print
 * bare. NULL otherwise. Its length goes to *len. */
static const char *single_stacked_ns(struct model_state *st, size_t *len)
{
	const char *first = st->aa_n_stack ? st->aa_stack[0] : NULL;
	const char *end = first && first[0] == ':' ? strchr(first + 1, ':') : NULL;

	if (!end || strcmp(st->aa_task_profile, "unconfined") != 0)
		return NULL;
	*len = (size_t)(end + 1 - first);
	for (size_t i = 1; i < st->aa_n_stack; i++)
		if (strncmp(st->aa_stack[i], first, *len) != 0)
			return NULL;
	return first;
}

char *aa_current_string(struct model *m)
{
	struct model_state *st = m->st;
	char buf[4096] = "";
	bool any = false;
	size_t skip = 0;

	if (!single_stacked_ns(st, &skip))
		skip = 0;
	if (strcmp(st->aa_task_profile, "unconfined") != 0 || st->aa_n_stack == 0) {
		strncat(buf, st->aa_task_profile, sizeof(buf) - 1);
		any = true;
	}
	for (size_t i = 0; i < st->aa_n_stack; i++) {
		if (any)
			strncat(buf, "//&", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, st->aa_stack[i] + skip, sizeof(buf) - strlen(buf) - 1);
		any = true;
	}
	if (strcmp(buf, "unconfined") != 0)
		strncat(buf, " (enforce)", sizeof(buf) - strlen(buf) - 1);
	return xstrndup(buf, strlen(buf));
}

/* lsm_unshare for AppArmor: the task moves into a new child namespace
 * (named by the ctx payload when given) and becomes unconfined there. */
long aa_unshare(struct model *m, const struct lsmc_kctx *ctx)
{
	struct model_state *st = m->st;
	char name[64];
	size_t n = strnlen((const char *)ctx->ctx, ctx->ctx_len);

	if (n == 0) {
		snprintf(name, sizeof(name), "unshare_%u", ++st->aa_unshare_seq);
		n = strlen(name);
	} else {
		if (n >= sizeof(name) || memchr(ctx->ctx, '/', n) || memchr(ctx->ctx, ':', n))
			return -EINVAL;
		memcpy(name, ctx->ctx, n);
		name[n] = '\0';
	}
	if (aa_ns_child(st->aa_task_ns, name, n))
		return -EEXIST;
	st->aa_task_ns = aa_ns_new(m, st->aa_task_ns, name, n);
	free(st->aa_task_profile);
	st->aa_task_profile = xstrndup("unconfined", 10);
	for (size_t i = 0; i < st->aa_n_stack; i++)
		free(st->aa_stack[i]);
	st->aa_n_stack = 0;
	return 0;
}

/* ---- the v6 syscalls (abi §4.1) ---- */

long aa_self_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags)
{
	if (op != LSM_POLICY_LOAD || flags)
		return -EOPNOTSUPP;
	if (size == 0)
		return -EINVAL;
	if (size > AA_PROFILE_NAME_MAX_SIZE)
		return -E2BIG;
	if (!buf)
		return -EFAULT;
	const char *name = buf;
	if (!memchr(name, '\0', size))
		return -E2BIG;
	/* quirk: an empty name returns 0 without doing anything */
	if (!*name)
		return 0;
	return do_stack(m, name);
}

/* The NUL that ends the "<ns>" of a system payload, looked for within the
 * first 512 bytes as the kernel does; NULL when there is none (E2BIG). */
/* The checks both revisions make of "<ns>\0<rest>", in the kernel's
 * order; *nul is set to the namespace's terminator on success. */
static long ns_prefix(const void *buf, uint32_t size, uint32_t max, const char **nul)
{
	size_t win = size < AA_PROFILE_NAME_MAX_SIZE ? size : AA_PROFILE_NAME_MAX_SIZE;

	if (size < 2)
		return -EINVAL;
	if (size > max)
		return -E2BIG;
	if (!buf)
		return -EFAULT;
	*nul = memchr(buf, '\0', win);
	return *nul ? 0 : -E2BIG;
}

long aa_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags)
{
	if (op != LSM_POLICY_LOAD || flags)
		return -EOPNOTSUPP;
	const char *p = buf, *nul;
	long e = ns_prefix(buf, size, AA_PROFILE_MAX_SIZE, &nul);
	if (e < 0)
		return e;
	size_t nslen = (size_t)(nul - p);
	/* looked up from the root namespace; it must exist (not created) */
	struct aa_ns *ns = aa_ns_lookup(m->st->aa_root, p, nslen);
	if (!ns)
		return -EINVAL;
	long r = aa_replace(m, ns, (const uint8_t *)nul + 1, size - nslen - 1, true);
	return r < 0 ? r : 0; /* the byte count is squashed to 0 */
}

/* ---- the unified revision (abi §9.3) ---- */

#define AA_UNIFIED_MAX	      (1u << 25)
#define AA_UNIFIED_REMOVE_MAX 1024u

/* System: "<ns>\0<blob>" to load or replace, "<ns>\0<name>" to remove; the
 * namespace counts from the caller's current one and must exist. */
static long unified_system(struct model *m, uint32_t op, const void *buf, uint32_t size)
{
	bool remove = op == m->op_remove;

	const char *p = buf, *nul;
	long e = ns_prefix(buf, size, remove ? AA_UNIFIED_REMOVE_MAX : AA_UNIFIED_MAX, &nul);
	if (e < 0)
		return e;
	size_t nslen = (size_t)(nul - p);
	/* ".." is a literal name, which no namespace has */
	struct aa_ns *ns = nslen ? aa_ns_lookup(m->st->aa_task_ns, p, nslen) : m->st->aa_task_ns;
	if (!ns)
		return -EINVAL;
	long r = remove ? aa_remove(m, ns, nul + 1, size - nslen - 1)
			: aa_replace(m, ns, (const uint8_t *)nul + 1, size - nslen - 1,
				     op == m->op_replace);
	return r < 0 ? r : 0;
}

/* Profiles a self namespace may hold (tests/vm/kernel/README.md). */
#define AA_SELF_NS_MAX_PROFILES 64

/* Profiles of a namespace, hats included, as the cap counts them. */
static size_t count_profiles(const struct aa_ns *ns)
{
	size_t n = 0;

	for (const struct aa_prof *p = ns->profiles; p; p = p->next)
		n++;
	return n;
}

/* A hat the set adds must come with its parent in the same set: a self
 * load may not add hats to profiles another task loaded. */
static bool hats_with_parents(const struct ent *ents, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *sep = strstr(ents[i].name, "//");
		bool found = !sep;
		for (size_t j = 0; j < n && !found; j++)
			found = strlen(ents[j].name) == (size_t)(sep - ents[i].name) &&
				strncmp(ents[j].name, ents[i].name, (size_t)(sep - ents[i].name)) ==
					0;
		if (!found)
			return false;
	}
	return true;
}

/* Stack the profiles this load made (hats come with their profile), and
 * only those: another task sharing the namespace keeps its own set. */
static long stack_loaded(struct model *m, const struct ent *ents, size_t n)
{
	char fq[600];

	for (size_t i = 0; i < n; i++) {
		if (strstr(ents[i].name, "//"))
			continue;
		snprintf(fq, sizeof(fq), ":%s:%s", m->st->aa_self_ns->name, ents[i].name);
		long r = do_stack(m, fq);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Self LOAD: the blob alone, into a namespace of the caller's own made at
 * its first self load; the profiles it made are stacked onto the caller.
 * It needs no_new_privs or CAP_MAC_ADMIN (a restriction that survives
 * execve must not meet a setuid program, as for seccomp and Landlock).
 * REPLACE and REMOVE of self policy need CAP_MAC_ADMIN. A blob that names
 * a namespace would land below the transient one, unstacked: EINVAL. The
 * namespace holds at most AA_SELF_NS_MAX_PROFILES profiles (ENOSPC). One
 * an administrator removed is gone for good (ENOENT). A load that fails
 * leaves what was there before: a first one, no namespace.
 */
static long unified_self(struct model *m, uint32_t op, const void *buf, uint32_t size)
{
	struct model_state *st = m->st;
	struct ent *ents = NULL;
	size_t n = 0;
	char *hdr_ns = NULL;
	bool fresh = false, loaded = false;
	long r;

	if (op != LSM_POLICY_LOAD && !m->cap_mac_admin)
		return -EPERM;
	if (size == 0)
		return -EINVAL;
	if (size > AA_UNIFIED_MAX)
		return -E2BIG;
	if (!buf)
		return -EFAULT;
	if (m->aa_policy_locked)
		return -EACCES;
	if (op == LSM_POLICY_LOAD && !m->no_new_privs && !m->cap_mac_admin)
		return -EPERM;
	if (st->aa_self_ns && st->aa_self_ns->removed)
		return -ENOENT;
	if (op == m->op_remove) {
		if (!st->aa_self_ns)
			return -ENOENT;
		r = remove_from(st->aa_self_ns, buf, size);
		return r < 0 ? r : 0;
	}
	if (!st->aa_self_ns && op != LSM_POLICY_LOAD)
		return -ENOENT;
	r = unpack_blob(m, buf, size, &ents, &n, &hdr_ns);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && !hdr_ns; i++)
		if (ents[i].ns_name)
			r = -EINVAL;
	if (hdr_ns)
		r = -EINVAL;
	if (r == 0 && !hats_with_parents(ents, n))
		r = -ENOENT;
	if (r == 0 &&
	    (st->aa_self_ns ? count_profiles(st->aa_self_ns) : 0) + n > AA_SELF_NS_MAX_PROFILES)
		r = -ENOSPC;
	if (r < 0)
		goto out;
	if (!st->aa_self_ns) {
		char name[64];
		snprintf(name, sizeof(name), "self.%d.%u", (int)getpid(), ++st->aa_unshare_seq);
		st->aa_self_ns = aa_ns_new(m, st->aa_task_ns, name, strlen(name));
		fresh = true;
	}
	r = replace_into(m, st->aa_self_ns, buf, size, op != LSM_POLICY_LOAD);
	loaded = r >= 0;
	if (loaded)
		r = stack_loaded(m, ents, n);
	if (r < 0 && fresh) {
		aa_ns_unlink(st->aa_self_ns);
		st->aa_self_ns = NULL;
	} else if (r < 0 && loaded && op == LSM_POLICY_LOAD) {
		/* what this load made goes again */
		for (size_t i = 0; i < n; i++)
			remove_from(st->aa_self_ns, ents[i].name, strlen(ents[i].name));
	}
out:
	free_ents(ents, n);
	free(hdr_ns);
	return r < 0 ? r : 0;
}

long aa_unified_policy(struct model *m, bool self, uint32_t op, const void *buf, uint32_t size,
		       uint32_t flags)
{
	bool known = op != LSM_POLICY_UNDEF &&
		     (op == LSM_POLICY_LOAD || op == m->op_replace || op == m->op_remove);

	if (!known || flags)
		return -EOPNOTSUPP;
	return self ? unified_self(m, op, buf, size) : unified_system(m, op, buf, size);
}

const char *model_aa_self_ns(struct model *m)
{
	return m->st->aa_self_ns && !m->st->aa_self_ns->removed ? m->st->aa_self_ns->name : "";
}

/* ---- listing ---- */

static void list_ns(struct model *m, struct aa_ns *view, struct aa_ns *ns, FILE *f)
{
	char prefix[1100] = "";
	if (ns != view) {
		/* path of ns relative to view */
		/* aa_ns_path() reuses one buffer: copy each result out */
		char view_path[1024], full[1024];
		snprintf(view_path, sizeof(view_path), "%s", aa_ns_path(m, view));
		snprintf(full, sizeof(full), "%s", aa_ns_path(m, ns));
		size_t vl = strlen(view_path);
		snprintf(prefix, sizeof(prefix), ":%s://", full + (vl ? vl + 2 : 0));
	}
	for (struct aa_prof *p = ns->profiles; p; p = p->next)
		fprintf(f, "%s%s (%s)\n", prefix, p->name, p->mode);
	for (struct aa_ns *c = ns->child; c; c = c->sibling)
		list_ns(m, view, c, f);
}

char *aa_profiles_listing(struct model *m, struct aa_ns *ns, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	if (!f)
		abort();
	list_ns(m, ns, ns, f);
	fclose(f);
	return out;
}

/* ---- public state accessors ---- */

static struct aa_ns *ns_by_path(struct model *m, const char *ns)
{
	if (!ns || !*ns)
		return m->st->aa_root;
	return aa_ns_lookup(m->st->aa_root, ns, strlen(ns));
}

bool model_aa_ns_exists(struct model *m, const char *ns)
{
	pthread_mutex_lock(&m->st->lock);
	bool r = ns_by_path(m, ns) != NULL;
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

int model_aa_ns_create(struct model *m, const char *ns)
{
	int r = -EEXIST;
	pthread_mutex_lock(&m->st->lock);
	if (!ns_by_path(m, ns)) {
		ns_prepare(m, m->st->aa_root, ns, strlen(ns));
		r = 0;
	}
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

int model_aa_ns_remove(struct model *m, const char *ns)
{
	int r = -ENOENT;
	pthread_mutex_lock(&m->st->lock);
	struct aa_ns *n = ns_by_path(m, ns);
	if (n && n != m->st->aa_root) {
		aa_ns_unlink(n);
		r = 0;
	}
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

const char *model_aa_profile_mode(struct model *m, const char *ns, const char *name)
{
	const char *r = NULL;
	pthread_mutex_lock(&m->st->lock);
	struct aa_ns *n = ns_by_path(m, ns);
	struct aa_prof *p = n ? prof_find(n, name) : NULL;
	if (p)
		r = p->mode;
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

bool model_aa_has_profile(struct model *m, const char *ns, const char *name)
{
	return model_aa_profile_mode(m, ns, name) != NULL;
}

size_t model_aa_profile_count(struct model *m, const char *ns)
{
	size_t c = 0;
	pthread_mutex_lock(&m->st->lock);
	struct aa_ns *n = ns_by_path(m, ns);
	for (struct aa_prof *p = n ? n->profiles : NULL; p; p = p->next)
		c++;
	pthread_mutex_unlock(&m->st->lock);
	return c;
}

int model_aa_add_profile(struct model *m, const char *ns, const char *name, const char *mode)
{
	pthread_mutex_lock(&m->st->lock);
	struct aa_ns *n =
		ns && *ns ? ns_prepare(m, m->st->aa_root, ns, strlen(ns)) : m->st->aa_root;
	prof_set(n, name, mode ? mode : "enforce");
	pthread_mutex_unlock(&m->st->lock);
	return 0;
}

const char *model_aa_task_profile(struct model *m)
{
	return m->st->aa_task_profile;
}

size_t model_aa_stack_count(struct model *m)
{
	return m->st->aa_n_stack;
}

const char *model_aa_stack(struct model *m, size_t i)
{
	return i < m->st->aa_n_stack ? m->st->aa_stack[i] : NULL;
}

void model_aa_stack_clear(struct model *m)
{
	for (size_t i = 0; i < m->st->aa_n_stack; i++)
		free(m->st->aa_stack[i]);
	m->st->aa_n_stack = 0;
}

const char *model_aa_task_ns(struct model *m)
{
	return aa_ns_path(m, m->st->aa_task_ns);
}

const char *model_aa_exec_label(struct model *m)
{
	return m->st->aa_exec ? m->st->aa_exec : "";
}

/* ---- blob builder ---- */

static void put(FILE *f, const void *p, size_t n)
{
	fwrite(p, 1, n, f);
}

static void put_u8(FILE *f, uint8_t v)
{
	put(f, &v, 1);
}

static void put_le16(FILE *f, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(f, b, 2);
}

static void put_u32(FILE *f, uint32_t v)
{
	uint8_t b[5] = {T_U32, (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			(uint8_t)(v >> 24)};
	put(f, b, 5);
}

static void put_tagged(FILE *f, uint8_t code, const char *s)
{
	size_t n = strlen(s) + 1;
	put_u8(f, code);
	put_le16(f, (uint16_t)n);
	put(f, s, n);
}

uint8_t *model_aa_blob(const char *ns, const char *const *names, size_t n, uint32_t abi,
		       uint32_t mode, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	if (!f)
		abort();
	for (size_t i = 0; i < n; i++) {
		put_tagged(f, T_NAME, "version");
		put_u32(f, abi);
		if (ns) {
			put_tagged(f, T_NAME, "namespace");
			put_tagged(f, T_STRING, ns);
		}
		put_tagged(f, T_NAME, "profile");
		put_u8(f, T_STRUCT);
		put_tagged(f, T_STRING, names[i]);
		put_tagged(f, T_NAME, "flags");
		put_u8(f, T_STRUCT);
		put_u32(f, 0);	  /* hat */
		put_u32(f, mode); /* mode */
		put_u32(f, 0);	  /* audit */
		put_u8(f, T_STRUCTEND);
		/* a small named blob standing in for the policy DFA */
		put_tagged(f, T_NAME, "policydb");
		put_u8(f, T_STRUCT);
		put_tagged(f, T_NAME, "aadfa");
		put_u8(f, T_BLOB);
		uint8_t dfa[8] = {0x1b, 0x5e, 0x78, 0x3d, 0, 0, 0, 8};
		uint8_t l[4] = {sizeof(dfa), 0, 0, 0};
		put(f, l, 4);
		put(f, dfa, sizeof(dfa));
		put_u8(f, T_STRUCTEND);
		put_u8(f, T_STRUCTEND);
	}
	fclose(f);
	return (uint8_t *)out;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * Smack: rule lists and the smackfs rule parser, shared by the smackfs
 * files and the v6 syscalls (abi §4.3, §7.3, facts "Smack").
 *
 * The parser reproduces what smackfs does, including what it does
 * silently: an unknown access letter ends the access string, a label is
 * cut at the first character Smack does not allow, only a label starting
 * with '-' or of 256+ bytes is an error; rules are applied one by one, so
 * an error part-way leaves the earlier rules applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-internal.h"

#define SMK_LONGLABEL 256 /* labels are at most 255 bytes */
#define SMK_LABELLEN  24  /* fixed format field width */
#define SMK_OLOADLEN  52  /* abi §4.3: fixed rule length bounds */
#define SMK_LOADLEN   54

struct parsed {
	char subject[SMK_LONGLABEL];
	char object[SMK_LONGLABEL];
	int allow, deny;
};

/* The kernel's isspace(): ASCII whitespace and Latin-1 NBSP. */
static bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static bool label_char_ok(unsigned char c)
{
	return c > ' ' && c <= '~' && c != '/' && c != '"' && c != '\\' && c != '\'';
}

/* smk_parse_smack(): cut at the first bad character; '-' first, empty or
 * 256+ bytes → EINVAL. `len` bounds the field (fixed format) or is 0. */
static int parse_label(const char *s, size_t len, char out[SMK_LONGLABEL])
{
	size_t i;

	if (len == 0)
		len = strlen(s);
	if (s[0] == '-')
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!label_char_ok((unsigned char)s[i]))
			break;
	if (i == 0 || i >= SMK_LONGLABEL)
		return -EINVAL;
	memcpy(out, s, i);
	out[i] = '\0';
	return 0;
}

/* smk_perm_from_str(): letters in any case, '-' ignored, anything else
 * ends the string. */
static int perm_from_str(const char *s)
{
	int perm = 0;
	for (;; s++) {
		switch (*s) {
		case '-':
			break;
		case 'r':
		case 'R':
			perm |= MODEL_SMK_READ;
			break;
		case 'w':
		case 'W':
			perm |= MODEL_SMK_WRITE;
			break;
		case 'x':
		case 'X':
			perm |= MODEL_SMK_EXEC;
			break;
		case 'a':
		case 'A':
			perm |= MODEL_SMK_APPEND;
			break;
		case 't':
		case 'T':
			perm |= MODEL_SMK_TRANSMUTE;
			break;
		case 'l':
		case 'L':
			perm |= MODEL_SMK_LOCK;
			break;
		case 'b':
		case 'B':
			perm |= MODEL_SMK_BRINGUP;
			break;
		default:
			return perm;
		}
	}
}

static int fill_rule(const char *subj, const char *obj, const char *a1, const char *a2, size_t len,
		     struct parsed *r)
{
	int err = parse_label(subj, len, r->subject);
	if (err)
		return err;
	err = parse_label(obj, len, r->object);
	if (err)
		return err;
	r->allow = perm_from_str(a1);
	/* three tokens set the access exactly: everything else is denied */
	r->deny = a2 ? perm_from_str(a2) : ~r->allow;
	return 0;
}

/* smk_parse_long_rule(): `tokens` whitespace-separated tokens (newlines are
 * not special), then trailing whitespace. `data` is NUL-terminated and is
 * cut in place. Returns bytes consumed or -errno. */
static long parse_long(char *data, int tokens, struct parsed *r)
{
	char *tok[4] = {NULL, NULL, NULL, NULL};
	size_t cnt = 0;
	int i;

	for (i = 0; i < tokens; i++) {
		while (k_isspace((unsigned char)data[cnt]))
			data[cnt++] = '\0';
		if (data[cnt] == '\0')
			return -EINVAL; /* unexpected end of data */
		tok[i] = data + cnt;
		while (data[cnt] && !k_isspace((unsigned char)data[cnt]))
			cnt++;
	}
	while (k_isspace((unsigned char)data[cnt]))
		data[cnt++] = '\0';
	int err = fill_rule(tok[0], tok[1], tok[2], tok[3], 0, r);
	return err ? err : (long)cnt;
}

static struct smk_rule *rule_find(struct smk_rule *list, const char *s, const char *o)
{
	for (; list; list = list->next)
		if (strcmp(list->subject, s) == 0 && strcmp(list->object, o) == 0)
			return list;
	return NULL;
}

/* smk_set_access(): existing rules gain `allow` and lose `deny`. */
static void set_access(struct model *m, struct smk_rule **list, const struct parsed *r)
{
	struct smk_rule *x = rule_find(*list, r->subject, r->object);
	if (x) {
		x->access |= r->allow;
		x->access &= ~r->deny;
		return;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		abort();
	x->subject = strdup(r->subject);
	x->object = strdup(r->object);
	x->access = r->allow & ~r->deny;
	x->seq = ++m->st->smk_seq;
	while (*list)
		list = &(*list)->next;
	*list = x;
}

/*
 * smk_write_rules_list() without the offset and privilege checks, which
 * the callers do. fmt: 0 fixed, 2 change, anything else long (abi §4.3:
 * the syscall's fmt byte is not validated).
 */
long smk_write_rules(struct model *m, const char *buf, size_t count, struct smk_rule **list,
		     int fmt)
{
	bool trunc = false;
	long rc = 0;
	size_t cnt = 0;

	if (fmt == SMACK_FMT_FIXED24) {
		if (count < SMK_OLOADLEN || count > SMK_LOADLEN)
			return -EINVAL;
	} else if (count >= m->page_size) {
		/* abi §4.3: a PAGE_SIZE-1 window ... */
		count = m->page_size - 1;
		trunc = true;
	}
	if (!buf)
		return -EFAULT;
	char *data = malloc(count + 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, buf, count);
	if (trunc) {
		/* ... cut back to its last newline; none → EINVAL */
		while (count > 0 && data[count - 1] != '\n')
			count--;
		if (count == 0) {
			rc = -EINVAL;
			goto out;
		}
	}
	data[count] = '\0';
	while (cnt < count) {
		struct parsed r;
		if (fmt == SMACK_FMT_FIXED24) {
			rc = fill_rule(data, data + SMK_LABELLEN, data + 2 * SMK_LABELLEN, NULL,
				       SMK_LABELLEN, &r);
			if (rc < 0)
				goto out;
			cnt = count;
		} else {
			rc = parse_long(data + cnt, fmt == SMACK_FMT_CHANGE ? 4 : 3, &r);
			if (rc < 0)
				goto out;
			if (rc == 0) {
				rc = -EINVAL;
				goto out;
			}
			cnt += (size_t)rc;
		}
		/* Fault injection: the kernel runs out of memory importing a
		 * rule in the middle of a window; the rules before it stay. */
		if (m->smack_fail_after_rules &&
		    m->smack_rules_applied >= m->smack_fail_after_rules) {
			m->smack_fail_after_rules = 0; /* transient: once */
			rc = -ENOMEM;
			goto out;
		}
		set_access(m, list, &r); /* applied now: later errors keep it */
		m->smack_rules_applied++;
	}
	rc = (long)cnt;
out:
	free(data);
	return rc;
}

/* ---- the v6 syscalls (abi §4.3) ---- */

static long smk_policy(struct model *m, bool self, uint32_t op, const void *buf, uint32_t size,
		       uint32_t flags)
{
	if (op != LSM_POLICY_LOAD || flags)
		return -EOPNOTSUPP;
	if (size < 2)
		return -EINVAL;
	if (!buf)
		return -EFAULT; /* reading the fmt byte */
	int fmt = ((const uint8_t *)buf)[0];
	/* abi §4.3: EPERM for self only after the fmt byte was read */
	if (self && !m->cap_mac_admin)
		return -EPERM;
	/* our unified kernel asks smack_privileged(), which honours onlycap,
	 * for both lists (tests/vm/kernel/README.md); v6 asks capable() */
	if (m->abi == MODEL_ABI_UNIFIED && m->smack_onlycap_denies)
		return -EPERM;
	struct smk_rule **list = self ? &m->st->smk_self : &m->st->smk_global;
	return smk_write_rules(m, (const char *)buf + 1, size - 1, list, fmt);
}

long smk_self_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags)
{
	return smk_policy(m, true, op, buf, size, flags);
}

long smk_system_policy(struct model *m, uint32_t op, const void *buf, uint32_t size, uint32_t flags)
{
	/* the framework already checked CAP_MAC_ADMIN; v6 does not consult
	 * onlycap, our unified kernel does (smk_policy) */
	return smk_policy(m, false, op, buf, size, flags);
}

/* ---- access2 ---- */

static bool label_known(struct model *m, const char *l)
{
	static const char *const builtin[] = {"_", "*", "^", "@", NULL};
	for (size_t i = 0; builtin[i]; i++)
		if (strcmp(l, builtin[i]) == 0)
			return true;
	if (strcmp(l, m->smack_label) == 0)
		return true;
	for (struct smk_rule *r = m->st->smk_global; r; r = r->next)
		if (strcmp(r->subject, l) == 0 || strcmp(r->object, l) == 0)
			return true;
	return false;
}

/* smk_access() without the task's own rules, as access2 uses it. */
static bool access_ok(struct model *m, const char *s, const char *o, int req)
{
	const int anyread = MODEL_SMK_READ | MODEL_SMK_EXEC;

	if (strcmp(s, "*") == 0)
		return false;
	if (strcmp(s, "@") == 0 || strcmp(o, "@") == 0 || strcmp(o, "*") == 0)
		return true;
	if (strcmp(s, o) == 0)
		return true;
	if ((req & anyread) == req || (req & MODEL_SMK_LOCK) == req) {
		if (strcmp(o, "_") == 0 || strcmp(s, "^") == 0)
			return true;
	}
	struct smk_rule *r = rule_find(m->st->smk_global, s, o);
	return r && r->access > 0 && (req & r->access) == req;
}

/* A write to access2: 1 allowed, 0 denied or unknown label, -errno on a
 * malformed rule. */
int smk_access_query(struct model *m, const char *buf, size_t count)
{
	char *data = malloc(count + 1);
	struct parsed r;

	if (!data)
		return -ENOMEM;
	memcpy(data, buf, count);
	data[count] = '\0';
	long rc = parse_long(data, 3, &r);
	free(data);
	if (rc < 0)
		return (int)rc;
	if (!label_known(m, r.subject) || !label_known(m, r.object))
		return 0; /* -ENOENT from the lookup answers "0" */
	return access_ok(m, r.subject, r.object, r.allow) ? 1 : 0;
}

/* A label and the first rule that named it: seq * 2, + 1 as the object
 * (smk_fill_rule() imports the subject first). */
struct label_age {
	const char *label;
	unsigned long age;
};

static int by_label(const void *a, const void *b)
{
	const struct label_age *x = a, *y = b;
	int c = strcmp(x->label, y->label);

	return c ? c : (x->age > y->age) - (x->age < y->age);
}

static int label_only(const void *a, const void *b)
{
	return strcmp(((const struct label_age *)a)->label, ((const struct label_age *)b)->label);
}

struct listed {
	const struct smk_rule *rule;
	unsigned long subject_age;
};

/* Newest subject label first, then newest rule first. */
static int by_listing(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->subject_age != y->subject_age)
		return x->subject_age < y->subject_age ? 1 : -1;
	return (x->rule->seq < y->rule->seq) - (x->rule->seq > y->rule->seq);
}

/*
 * Reading load2 / load-self2: "subject object access\n" for rules that
 * grant something, letters in the order rwxatlb, in Smack's order. A new
 * label goes to the head of the label list (smk_insert_entry()) and a new
 * rule to the head of its list (smk_set_access()); load2 lists label by
 * label, each subject's rules in turn, load-self2 the task's own list. A
 * label here is as old as the first rule that named it, in either list:
 * the model makes labels only from rules.
 */
char *smk_list_rules(struct model *m, bool self, size_t *len)
{
	static const char letters[] = "rwxatlb";
	struct smk_rule *lists[2] = {m->st->smk_global, m->st->smk_self};
	struct smk_rule *list = self ? m->st->smk_self : m->st->smk_global;
	struct label_age *ages = NULL;
	struct listed *v = NULL;
	size_t n_ages = 0, n = 0, cap = 0;
	char *out = NULL;
	FILE *f;

	for (int l = 0; l < 2; l++)
		for (struct smk_rule *r = lists[l]; r; r = r->next)
			cap++;
	ages = calloc(2 * cap + 1, sizeof(*ages));
	v = calloc(cap + 1, sizeof(*v));
	if (!ages || !v)
		abort();
	for (int l = 0; l < 2; l++)
		for (struct smk_rule *r = lists[l]; r; r = r->next) {
			ages[n_ages++] = (struct label_age){r->subject, r->seq * 2};
			ages[n_ages++] = (struct label_age){r->object, r->seq * 2 + 1};
		}
	/* sorted by label, then age: the first entry of a label is its age */
	qsort(ages, n_ages, sizeof(*ages), by_label);
	for (struct smk_rule *r = list; r; r = r->next) {
		struct label_age key = {r->subject, 0};
		struct label_age *hit;

		if (!r->access)
			continue;
		hit = bsearch(&key, ages, n_ages, sizeof(*ages), label_only);
		/* bsearch finds some entry of the label: walk back to its first */
		while (hit && hit > ages && strcmp(hit[-1].label, r->subject) == 0)
			hit--;
		v[n++] = (struct listed){r, self || !hit ? 0 : hit->age};
	}
	qsort(v, n, sizeof(*v), by_listing);
	f = open_memstream(&out, len);
	if (!f)
		abort();
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s %s ", v[i].rule->subject, v[i].rule->object);
		for (int b = 0; b < 7; b++)
			if (v[i].rule->access & (1 << b))
				fputc(letters[b], f);
		fputc('\n', f);
	}
	fclose(f);
	free(ages);
	free(v);
	return out;
}

int smk_rule_get(struct smk_rule *list, const char *s, const char *o)
{
	struct smk_rule *r = rule_find(list, s, o);
	return r ? r->access : -1;
}

static void free_list(struct smk_rule *r)
{
	while (r) {
		struct smk_rule *n = r->next;
		free(r->subject);
		free(r->object);
		free(r);
		r = n;
	}
}

void smk_state_free(struct model *m)
{
	free_list(m->st->smk_global);
	free_list(m->st->smk_self);
}

/* ---- public accessors ---- */

int model_smack_rule(struct model *m, const char *subject, const char *object)
{
	pthread_mutex_lock(&m->st->lock);
	int r = smk_rule_get(m->st->smk_global, subject, object);
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

int model_smack_self_rule(struct model *m, const char *subject, const char *object)
{
	pthread_mutex_lock(&m->st->lock);
	int r = smk_rule_get(m->st->smk_self, subject, object);
	pthread_mutex_unlock(&m->st->lock);
	return r;
}

size_t model_smack_rule_count(struct model *m)
{
	size_t n = 0;
	pthread_mutex_lock(&m->st->lock);
	for (struct smk_rule *r = m->st->smk_global; r; r = r->next)
		n++;
	pthread_mutex_unlock(&m->st->lock);
	return n;
}

int model_smack_set_rule(struct model *m, const char *subject, const char *object,
			 const char *access)
{
	char line[600];
	int n = snprintf(line, sizeof(line), "%s %s %s", subject, object, access);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	pthread_mutex_lock(&m->st->lock);
	long r = smk_write_rules(m, line, (size_t)n, &m->st->smk_global, SMACK_FMT_LONG);
	pthread_mutex_unlock(&m->st->lock);
	return r < 0 ? (int)r : 0;
}

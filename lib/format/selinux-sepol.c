/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * libsepol for what our own walk (selinux-walk.c) does not know:
 * sepol_policydb_read() reads every table of a kernel policy and checks it
 * (policydb_validate). The walk is the check every load makes; libsepol,
 * which builds a whole policy database to throw away (about seventy times
 * the walk's work), reads only a policy version newer than the walk
 * knows. It is opened with dlopen() then, not linked: a program that never
 * meets such a policy does not pay for loading it (systemd does the same
 * with its optional libraries). The build needs libsepol's headers (option
 * libsepol); at run time a missing libsepol.so.2 leaves only the header
 * checked for such a version.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format/selinux-sepol.h"

#if HAVE_LIBSEPOL
#include <sepol/debug.h>
#include <sepol/handle.h>
#include <sepol/policydb.h>

#define SEPOL_SONAME "libsepol.so.2"

/* The functions used, typed from libsepol's own headers. */
struct sepol_fns {
	__typeof__(sepol_handle_create) *handle_create;
	__typeof__(sepol_handle_destroy) *handle_destroy;
	__typeof__(sepol_msg_set_callback) *msg_set_callback;
	__typeof__(sepol_debug) *debug;
	__typeof__(sepol_policy_kern_vers_max) *kern_vers_max;
	__typeof__(sepol_policy_file_create) *file_create;
	__typeof__(sepol_policy_file_set_mem) *file_set_mem;
	__typeof__(sepol_policy_file_set_handle) *file_set_handle;
	__typeof__(sepol_policy_file_free) *file_free;
	__typeof__(sepol_policydb_create) *db_create;
	__typeof__(sepol_policydb_read) *db_read;
	__typeof__(sepol_policydb_free) *db_free;
};

static int resolve(void *dl, struct sepol_fns *f)
{
#define SYM(field, name)                                                                           \
	if (!(*(void **)&f->field = dlsym(dl, name)))                                              \
	return -ENOSYS
	SYM(handle_create, "sepol_handle_create");
	SYM(handle_destroy, "sepol_handle_destroy");
	SYM(msg_set_callback, "sepol_msg_set_callback");
	SYM(debug, "sepol_debug");
	SYM(kern_vers_max, "sepol_policy_kern_vers_max");
	SYM(file_create, "sepol_policy_file_create");
	SYM(file_set_mem, "sepol_policy_file_set_mem");
	SYM(file_set_handle, "sepol_policy_file_set_handle");
	SYM(file_free, "sepol_policy_file_free");
	SYM(db_create, "sepol_policydb_create");
	SYM(db_read, "sepol_policydb_read");
	SYM(db_free, "sepol_policydb_free");
#undef SYM
	return 0;
}

struct msg_buf {
	char *buf;
	size_t len;
};

/* libsepol's messages: the last one is kept, for the error. */
static void LSMC_PRINTF(3, 4) on_message(void *arg, sepol_handle_t *h, const char *fmt, ...)
{
	struct msg_buf *m = arg;
	va_list args;

	(void)h;
	va_start(args, fmt);
	vsnprintf(m->buf, m->len, fmt, args);
	va_end(args);
}

static int read_policy(const struct sepol_fns *f, const void *policy, size_t len, uint32_t version,
		       char *why, size_t whylen)
{
	struct msg_buf m = {.buf = why, .len = whylen};
	sepol_handle_t *h;
	sepol_policy_file_t *pf = NULL;
	sepol_policydb_t *db = NULL;
	int r;

	if (f->kern_vers_max() < (int)version)
		return -EOPNOTSUPP; /* newer than this libsepol reads */
	h = f->handle_create();
	if (!h)
		return -ENOMEM;
	f->msg_set_callback(h, on_message, &m);
	/* Parts of the reader report through libsepol's global handle, which
	 * prints on standard output: a library must not, so that one is
	 * silenced (their reason is then lost; ours says libsepol refused). */
	f->debug(0);
	if (f->file_create(&pf) < 0 || f->db_create(&db) < 0) {
		r = -ENOMEM;
		goto out;
	}
	/* libsepol reads from the buffer and does not change it. */
	f->file_set_mem(pf, (char *)policy, len);
	f->file_set_handle(pf, h);
	why[0] = '\0';
	r = f->db_read(db, pf) < 0 ? -EINVAL : 0;
	if (r < 0 && !why[0])
		snprintf(why, whylen, "it cannot read the policy: cut short or damaged");
out:
	if (db)
		f->db_free(db);
	if (pf)
		f->file_free(pf);
	f->handle_destroy(h);
	return r;
}

int lsmc_selinux_policy_validate(const void *policy, size_t len, uint32_t version, char *why,
				 size_t whylen)
{
	struct sepol_fns f;
	void *dl;
	int r;

	why[0] = '\0';
	dl = dlopen(SEPOL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		snprintf(why, whylen, "%s cannot be loaded", SEPOL_SONAME);
		return -EOPNOTSUPP;
	}
	r = resolve(dl, &f);
	if (r == 0)
		r = read_policy(&f, policy, len, version, why, whylen);
	else
		snprintf(why, whylen, "%s lacks a function it should have", SEPOL_SONAME);
	dlclose(dl);
	/* A message ends with a newline in libsepol; a one-line reason does not. */
	len = strlen(why);
	while (len && (why[len - 1] == '\n' || why[len - 1] == ' '))
		why[--len] = '\0';
	return r;
}
#else
int lsmc_selinux_policy_validate(const void *policy, size_t len, uint32_t version, char *why,
				 size_t whylen)
{
	(void)policy;
	(void)len;
	(void)version;
	snprintf(why, whylen, "built without libsepol");
	return -EOPNOTSUPP;
}
#endif

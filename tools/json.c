/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl's JSON: one schema for every command (lsmctl(8), JSON OUTPUT),
 * built with json-c so quoting and escaping are a maintained library's job.
 */
#include <stdlib.h>
#include <string.h>

#include "lsmctl.h"

/* Raised when a member changes meaning or goes away, not when one is added. */
#define LSMCTL_JSON_VERSION 1

struct json_object *lsmctl_json_doc(const char *command)
{
	struct json_object *doc = json_object_new_object();

	json_object_object_add(doc, "version", json_object_new_int(LSMCTL_JSON_VERSION));
	json_object_object_add(doc, "command", json_object_new_string(command));
	return doc;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned int cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

struct json_object *lsmctl_json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *o;
	size_t len, k = 0;
	char *out;

	if (!s)
		return NULL;
	/* File names are bytes; JSON is UTF-8. Each stray byte becomes U+FFFD. */
	len = strlen(s);
	out = malloc(len * 3 + 1);
	if (!out)
		return json_object_new_string("");
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			memcpy(out + k, "\xef\xbf\xbd", 3);
			k += 3;
			p++;
		} else {
			memcpy(out + k, p, n);
			k += n;
			p += n;
		}
	}
	o = json_object_new_string_len(out, (int)k);
	free(out);
	return o;
}

struct json_object *lsmctl_json_item(const char *item, uint64_t lsm, const char *status, int error,
				     const char *message)
{
	struct json_object *o = json_object_new_object();
	int e = error < 0 ? -error : error;
	const char *name = e ? strerrorname_np(e) : NULL;

	json_object_object_add(o, "item", lsmctl_json_str(item));
	json_object_object_add(o, "lsm", lsm ? lsmctl_json_str(lsmc_lsm_name(lsm)) : NULL);
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "errno", json_object_new_int(e));
	json_object_object_add(o, "errno_name", name ? json_object_new_string(name) : NULL);
	json_object_object_add(o, "message", lsmctl_json_str(message ? message : ""));
	return o;
}

void lsmctl_json_add_result(struct json_object *item, enum lsmc_backend backend, bool atomic,
			    bool rolled_back, unsigned int count, unsigned long long bytes,
			    unsigned int kernel_calls)
{
	json_object_object_add(item, "backend", json_object_new_string(lsmc_backend_name(backend)));
	json_object_object_add(item, "atomic", json_object_new_boolean(atomic));
	json_object_object_add(item, "rolled_back", json_object_new_boolean(rolled_back));
	json_object_object_add(item, "count", json_object_new_int64(count));
	json_object_object_add(item, "bytes", json_object_new_uint64(bytes));
	json_object_object_add(item, "kernel_calls", json_object_new_int64(kernel_calls));
}

void lsmctl_json_print(struct json_object *doc)
{
	int flags = (lsmctl.json ? lsmctl.json - 1 : JSON_C_TO_STRING_PLAIN) |
		    JSON_C_TO_STRING_NOSLASHESCAPE;

	fputs(json_object_to_json_string_ext(doc, flags), stdout);
	fputc('\n', stdout);
	json_object_put(doc);
}

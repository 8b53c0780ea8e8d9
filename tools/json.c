/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * lsmctl's JSON: one schema for every command (lsmctl(8), JSON OUTPUT),
 * built with json-c so quoting and escaping are a maintained library's job.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsmctl.h"

/* Raised when a member changes meaning or goes away, not when one is added;
 * data/lsmctl.schema.json describes this version. */
#define LSMCTL_JSON_VERSION 2

const char *lsmctl_status_word(enum lsmctl_status s)
{
	static const char *const words[] = {
		[LSMCTL_LOADED] = "loaded",   [LSMCTL_VALID] = "valid",
		[LSMCTL_INVALID] = "invalid", [LSMCTL_FAILED] = "failed",
		[LSMCTL_SKIPPED] = "skipped", [LSMCTL_NOT_ATTEMPTED] = "not-attempted",
		[LSMCTL_REMOVED] = "removed", [LSMCTL_CREATED] = "created",
		[LSMCTL_JOINED] = "joined",   [LSMCTL_PRESENT] = "present",
	};

	return (size_t)s < sizeof(words) / sizeof(words[0]) ? words[s] : "failed";
}

struct json_object *lsmctl_json_doc(const char *command)
{
	struct json_object *doc = json_object_new_object();

	json_object_object_add(doc, "version", json_object_new_int(LSMCTL_JSON_VERSION));
	json_object_object_add(doc, "command", command ? json_object_new_string(command) : NULL);
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

static bool is_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);

		if (n == 0)
			return false;
		p += n;
	}
	return true;
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

/* RFC 4648 base64 of s, with padding. */
static struct json_object *base64(const char *s)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), k = 0;
	struct json_object *o;
	char *out = malloc((len + 2) / 3 * 4 + 1);

	if (!out)
		return json_object_new_string("");
	for (size_t i = 0; i < len; i += 3) {
		unsigned int v = (unsigned int)p[i] << 16 |
				 (i + 1 < len ? (unsigned int)p[i + 1] << 8 : 0) |
				 (i + 2 < len ? p[i + 2] : 0);

		out[k++] = abc[v >> 18 & 63];
		out[k++] = abc[v >> 12 & 63];
		out[k++] = i + 1 < len ? abc[v >> 6 & 63] : '=';
		out[k++] = i + 2 < len ? abc[v & 63] : '=';
	}
	o = json_object_new_string_len(out, (int)k);
	free(out);
	return o;
}

void lsmctl_json_add_name(struct json_object *o, const char *key, const char *name)
{
	char raw_key[64];

	json_object_object_add(o, key, lsmctl_json_str(name));
	if (!name || is_utf8(name))
		return;
	snprintf(raw_key, sizeof(raw_key), "%s_base64", key);
	json_object_object_add(o, raw_key, base64(name));
}

struct json_object *lsmctl_json_item(const char *item, uint64_t lsm, enum lsmctl_status status,
				     int error, const char *message)
{
	struct json_object *o = json_object_new_object();
	int e = error < 0 ? -error : error;
	const char *name = e ? strerrorname_np(e) : NULL;

	lsmctl_json_add_name(o, "item", item);
	json_object_object_add(o, "lsm", lsm ? lsmctl_json_str(lsmc_lsm_name(lsm)) : NULL);
	json_object_object_add(o, "status", json_object_new_string(lsmctl_status_word(status)));
	json_object_object_add(o, "errno", e ? json_object_new_int(e) : NULL);
	json_object_object_add(o, "errno_name", name ? json_object_new_string(name) : NULL);
	json_object_object_add(o, "message", lsmctl_json_str(message ? message : ""));
	return o;
}

void lsmctl_json_add_result(struct json_object *item, enum lsmctl_status status,
			    enum lsmc_backend backend, bool atomic, bool rolled_back,
			    unsigned int count, unsigned long long bytes, unsigned int kernel_calls)
{
	/* Whether the kernel took the item all at once or not at all: only
	 * an item it took has an answer, whatever the LSM. */
	bool delivered = status == LSMCTL_LOADED || status == LSMCTL_REMOVED;

	json_object_object_add(item, "backend", json_object_new_string(lsmc_backend_name(backend)));
	json_object_object_add(item, "atomic", delivered ? json_object_new_boolean(atomic) : NULL);
	json_object_object_add(item, "rolled_back", json_object_new_boolean(rolled_back));
	json_object_object_add(item, "count", json_object_new_int64(count));
	json_object_object_add(item, "bytes", json_object_new_uint64(bytes));
	json_object_object_add(item, "kernel_calls", json_object_new_int64(kernel_calls));
}

void lsmctl_json_print(struct json_object *doc)
{
	json_object_put(lsmctl.pending);
	lsmctl.pending = doc;
}

void lsmctl_json_flush(int exit_status)
{
	int flags = (lsmctl.json ? lsmctl.json - 1 : JSON_C_TO_STRING_PLAIN) |
		    JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *doc = lsmctl.pending;
	const char *text;

	if (!doc)
		return;
	lsmctl.pending = NULL;
	lsmctl.reported = true;
	if (exit_status >= 0)
		json_object_object_add(doc, "exit_status", json_object_new_int(exit_status));
	text = json_object_to_json_string_ext(doc, flags);
	if (lsmctl.json_fd == 1 || (lsmctl.json_fd < 0 && !lsmctl.wrapper)) {
		fputs(text, stdout);
		fputc('\n', stdout);
	} else if (lsmctl.json_fd == 2 || lsmctl.json_fd < 0) {
		fprintf(stderr, "%s\n", text);
	} else {
		/* The caller's descriptor; COMMAND does not inherit it. */
		if (dprintf(lsmctl.json_fd, "%s\n", text) < 0)
			fprintf(stderr, "lsmctl: writing the report to descriptor %d: %s\n",
				lsmctl.json_fd, strerror(errno));
		close(lsmctl.json_fd);
		lsmctl.json_fd = -1;
	}
	json_object_put(doc);
}

void lsmctl_json_finish(int exit_status)
{
	struct json_object *doc, *err;
	const char *name;

	/* a usage error may stop the line before --json is parsed */
	if (!lsmctl.json && exit_status == EXIT_USAGE)
		lsmctl.json = lsmctl.json_usage;
	if (!lsmctl.json || (lsmctl.reported && !lsmctl.pending))
		return;
	if (lsmctl.pending || exit_status == EXIT_OK) {
		lsmctl_json_flush(exit_status);
		return;
	}
	/* No report: the command failed before it had one. Say why. */
	doc = lsmctl_json_doc(lsmctl.command);
	err = json_object_new_object();
	name = lsmctl.error ? strerrorname_np(lsmctl.error) : NULL;
	json_object_object_add(
		err, "kind",
		json_object_new_string(exit_status == EXIT_USAGE ? "usage" : "failed"));
	json_object_object_add(err, "errno",
			       lsmctl.error ? json_object_new_int(lsmctl.error) : NULL);
	json_object_object_add(err, "errno_name", name ? json_object_new_string(name) : NULL);
	json_object_object_add(err, "message", lsmctl_json_str(lsmctl.message));
	json_object_object_add(doc, "error", err);
	lsmctl.pending = doc;
	lsmctl_json_flush(exit_status);
}

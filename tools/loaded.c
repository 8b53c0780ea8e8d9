/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/* lsmctl status: what AppArmor, SELinux and Smack have loaded. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "loaded.h"
#include "lsmctl.h"

#define SECURITYFS_MAGIC 0x73636673
#define SELINUX_MAGIC	 0xf97cff8c
#define SMACK_MAGIC	 0x43415d53

/* Opens dir/name on the filesystem with magic, never through a link. */
static FILE *open_pseudo(const char *dir, const char *name, unsigned long magic)
{
	char path[4096];
	struct statfs sfs;
	FILE *f;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	if (fstatfs(fd, &sfs) < 0 || (unsigned long)sfs.f_type != magic) {
		close(fd);
		errno = ENODEV;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* The namespace object of name within arr, made when missing. */
static struct json_object *ns_entry(struct json_object *arr, const char *name)
{
	struct json_object *o, *v;
	size_t n = json_object_array_length(arr);

	for (size_t i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(o, "name", &v) &&
		    strcmp(json_object_get_string(v), name) == 0)
			return o;
	}
	o = json_object_new_object();
	json_object_object_add(o, "name", lsmctl_json_str(name));
	json_object_object_add(o, "counts", json_object_new_object());
	json_object_object_add(o, "profiles", json_object_new_array());
	json_object_array_add(arr, o);
	return o;
}

static void count(struct json_object *counts, const char *mode)
{
	struct json_object *v;
	int64_t n = 0;

	if (json_object_object_get_ex(counts, mode, &v))
		n = json_object_get_int64(v);
	json_object_object_add(counts, mode, json_object_new_int64(n + 1));
}

static struct json_object *profile(const char *name, const char *mode)
{
	struct json_object *q = json_object_new_object();

	json_object_object_add(q, "name", lsmctl_json_str(name));
	json_object_object_add(q, "mode", lsmctl_json_str(mode));
	return q;
}

struct json_object *loaded_apparmor(const char *dir)
{
	FILE *f = open_pseudo(dir, "profiles", SECURITYFS_MAGIC);
	struct json_object *o, *arr, *total;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int64_t n = 0;

	if (!f)
		return NULL;
	o = json_object_new_object();
	arr = json_object_new_array();
	total = json_object_new_object();
	/* "name (mode)", with ":ns:" or ":ns://" before names of other namespaces. */
	while ((len = getline(&line, &cap, f)) > 0) {
		char *mode, *name = line, *ns = "", *end;
		struct json_object *e, *p, *c;

		line[strcspn(line, "\n")] = '\0';
		mode = strrchr(line, '(');
		if (!mode || mode == line || mode[-1] != ' ' || !(end = strchr(mode, ')')))
			continue;
		mode[-1] = '\0';
		*end = '\0';
		mode++;
		if (name[0] == ':' && (end = strchr(name + 1, ':'))) {
			*end = '\0';
			ns = name + 1;
			name = end + 1;
			if (strncmp(name, "//", 2) == 0)
				name += 2;
		}
		e = ns_entry(arr, ns);
		json_object_object_get_ex(e, "profiles", &p);
		json_object_object_get_ex(e, "counts", &c);
		json_object_array_add(p, profile(name, mode));
		count(c, mode);
		count(total, mode);
		n++;
	}
	free(line);
	fclose(f);
	json_object_object_add(o, "profiles", json_object_new_int64(n));
	json_object_object_add(o, "counts", total);
	json_object_object_add(o, "namespaces", arr);
	return o;
}

static int read_int(const char *dir, const char *name, unsigned long magic, long *v)
{
	FILE *f = open_pseudo(dir, name, magic);
	int ok;

	if (!f)
		return -errno;
	ok = fscanf(f, "%ld", v) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

/*
 * Whether a policy is loaded: 1, 0 or -errno. Each load fills selinuxfs's
 * class/ directory with the policy's classes (sel_make_policy_nodes), and
 * every policy the kernel loads has class process (policydb_read refuses
 * one without), so class/process is there exactly when a policy is (Linux
 * 6.1 and 6.12). Reading the policy file instead would make the kernel
 * serialise the whole policy under its policy mutex, and needs
 * security:read_policy; class/ is one lookup, open to everyone.
 */
static int selinux_policy_loaded(const char *dir)
{
	char path[4096];
	struct statfs sfs;
	struct stat st;
	int fd, r;

	if (snprintf(path, sizeof(path), "%s/class", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sfs) < 0 || (unsigned long)sfs.f_type != SELINUX_MAGIC)
		r = -ENODEV;
	else if (fstatat(fd, "process", &st, AT_SYMLINK_NOFOLLOW) == 0)
		r = S_ISDIR(st.st_mode) ? 1 : -EINVAL;
	else
		r = errno == ENOENT ? 0 : -errno;
	close(fd);
	return r;
}

struct json_object *loaded_selinux(const char *dir)
{
	struct json_object *o = json_object_new_object();
	long enforce, maxvers;
	int loaded;

	if (read_int(dir, "enforce", SELINUX_MAGIC, &enforce) < 0) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "mode",
			       json_object_new_string(enforce ? "enforcing" : "permissive"));
	if (read_int(dir, "policyvers", SELINUX_MAGIC, &maxvers) == 0)
		json_object_object_add(o, "max_policy_version", json_object_new_int64(maxvers));
	loaded = selinux_policy_loaded(dir);
	json_object_object_add(o, "policy_loaded",
			       loaded < 0 ? NULL : json_object_new_boolean(loaded));
	if (loaded < 0)
		json_object_object_add(o, "policy_error",
				       json_object_new_string(strerror(-loaded)));
	return o;
}

struct json_object *loaded_smack(const char *dir)
{
	FILE *f = open_pseudo(dir, "load2", SMACK_MAGIC);
	struct json_object *o;
	char *line = NULL;
	size_t cap = 0;
	int64_t n = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0)
		n += line[0] != '\n';
	free(line);
	fclose(f);
	o = json_object_new_object();
	json_object_object_add(o, "rules", json_object_new_int64(n));
	return o;
}

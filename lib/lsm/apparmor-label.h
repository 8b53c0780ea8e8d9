/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include "internal.h"

/* Room for a label read back: a stack of a few long names. */
#define LSMC_AA_LABEL_MAX 4096

/* Read a procfs attribute file (checked to be on procfs) into buf,
 * NUL-terminated. 0 or a negative errno. */
int lsmc_aa_read_label_file(struct lsmc_ctx *ctx, const char *path, char *buf, size_t len);

/* The calling thread's AppArmor label as the kernel reports it, without
 * the trailing mode (" (enforce)"). 0 or a negative errno. */
int lsmc_aa_current_label(struct lsmc_ctx *ctx, char *buf, size_t len);

/* 1 if label holds profile in a namespace named ns (NULL: any namespace,
 * shown with or without its parents), or bare, as a task sees the profiles
 * of the namespace its view is in; else 0. The namespace, when the label
 * shows one, goes to found_ns when it fits. */
int lsmc_aa_label_find(const char *label, const char *ns, const char *profile, char *found_ns,
		       size_t found_len);

/* Whether any component of label is a profile of namespace ns or of one
 * below it. */
bool lsmc_aa_label_mentions_ns(const char *label, const char *ns);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
/*
 * The machine's SELinux configuration, as selinux_init_load_policy() reads
 * it at boot: /etc/selinux/config's SELINUX= (disabled, permissive,
 * enforcing) and SELINUXTYPE= (the policy directory), and "enforcing=" on
 * the kernel command line, which wins over the file. Paths are taken below
 * the context's root (LSMCONFIG_ROOT, "" for /), so tests can give a tree.
 */
#pragma once

#include "internal.h"

enum lsmc_selinux_mode {
	LSMC_SELINUX_MODE_UNSET = -2, /* no config, or no SELINUX= line: leave the mode */
	LSMC_SELINUX_MODE_DISABLED = -1,
	LSMC_SELINUX_MODE_PERMISSIVE = 0,
	LSMC_SELINUX_MODE_ENFORCING = 1,
};

struct lsmc_selinux_config {
	enum lsmc_selinux_mode mode; /* after the kernel command line */
	bool mode_from_cmdline;	     /* enforcing= decided it */
	char type[256];		     /* SELINUXTYPE, "targeted" when unset (libselinux) */
	char config[PATH_MAX];	     /* the file read, for messages */
};

/* Reads the configuration; a missing file is no configuration (mode UNSET). */
int lsmc_selinux_config_read(struct lsmc_ctx *ctx, struct lsmc_selinux_config *c);

/* The binary policy base path for c: ROOT/etc/selinux/TYPE/policy/policy. */
void lsmc_selinux_config_policy_base(const struct lsmc_ctx *ctx,
				     const struct lsmc_selinux_config *c, char *buf, size_t len);

/* Sets the kernel's mode through selinuxfs (enforce), as setenforce does. */
int lsmc_selinux_set_mode(struct lsmc_ctx *ctx, enum lsmc_selinux_mode mode);

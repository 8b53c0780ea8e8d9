/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "delivery/syscall-nr.h"
#include "delivery/abi.h"

static const struct {
	uint64_t id;
	const char *name;
} lsm_names[] = {
	{LSM_ID_CAPABILITY, "capability"},
	{LSM_ID_SELINUX, "selinux"},
	{LSM_ID_SMACK, "smack"},
	{LSM_ID_TOMOYO, "tomoyo"},
	{LSM_ID_APPARMOR, "apparmor"},
	{LSM_ID_YAMA, "yama"},
	{LSM_ID_LOADPIN, "loadpin"},
	{LSM_ID_SAFESETID, "safesetid"},
	{LSM_ID_LOCKDOWN, "lockdown"},
	{LSM_ID_BPF, "bpf"},
	{LSM_ID_LANDLOCK, "landlock"},
	{LSM_ID_IMA, "ima"},
	{LSM_ID_EVM, "evm"},
	{LSM_ID_IPE, "ipe"},
};

LSMC_EXPORT const char *lsmc_lsm_name(uint64_t lsm_id)
{
	for (size_t i = 0; i < sizeof(lsm_names) / sizeof(lsm_names[0]); i++)
		if (lsm_names[i].id == lsm_id)
			return lsm_names[i].name;
	return NULL;
}

LSMC_EXPORT int lsmc_lsm_from_name(const char *name, uint64_t *lsm_id)
{
	if (!name || !lsm_id)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(lsm_names) / sizeof(lsm_names[0]); i++) {
		if (strcasecmp(lsm_names[i].name, name) == 0) {
			*lsm_id = lsm_names[i].id;
			return 0;
		}
	}
	return -ENOENT;
}

int lsmc_slot_of(uint64_t lsm_id)
{
	switch (lsm_id) {
	case LSM_ID_APPARMOR:
		return SLOT_APPARMOR;
	case LSM_ID_SELINUX:
		return SLOT_SELINUX;
	case LSM_ID_SMACK:
		return SLOT_SMACK;
	default:
		return -EINVAL;
	}
}

static const char *const backend_names[] = {
	[LSMC_BACKEND_AUTO] = "auto",
	[LSMC_BACKEND_SYSCALL] = "syscall",
	[LSMC_BACKEND_FS] = "fs",
};

LSMC_EXPORT const char *lsmc_backend_name(enum lsmc_backend backend)
{
	if ((unsigned)backend >= sizeof(backend_names) / sizeof(backend_names[0]))
		return NULL;
	return backend_names[backend];
}

LSMC_EXPORT int lsmc_backend_from_name(const char *name, enum lsmc_backend *backend)
{
	if (!name || !backend)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(backend_names) / sizeof(backend_names[0]); i++) {
		if (strcasecmp(backend_names[i], name) == 0) {
			*backend = (enum lsmc_backend)i;
			return 0;
		}
	}
	return -EINVAL;
}

LSMC_EXPORT const char *lsmc_features(void)
{
	/* AppArmor, SELinux and Smack loading needs no library; the optional
	 * libraries add policy lookup and capability checks. libselinux is
	 * never used: -LIBSELINUX stays for callers that look for the word. */
	static const char features[] = "+APPARMOR +SELINUX +SMACK"
#if HAVE_LIBAPPARMOR
				       " +LIBAPPARMOR"
#else
				       " -LIBAPPARMOR"
#endif
				       " -LIBSELINUX"
#if HAVE_LIBSEPOL
				       " +LIBSEPOL"
#else
				       " -LIBSEPOL"
#endif
#if HAVE_LIBCAP
				       " +LIBCAP"
#else
				       " -LIBCAP"
#endif
#if LSMC_ABI_HAS_NUMBERS
				       " +SYSCALL_POLICY"
#else
				       " -SYSCALL_POLICY"
#endif
#if LSMC_NR_UNSHARE >= 0
				       " +SYSCALL_UNSHARE"
#else
				       " -SYSCALL_UNSHARE"
#endif
				       " " LSMC_ABI_FEATURE;
	return features;
}

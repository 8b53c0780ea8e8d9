/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copyright © 2026 The liblsmconfig authors */
#pragma once

#include <stdbool.h>

#include <json-c/json.h>

/*
 * What each LSM has loaded, read from its pseudo-filesystem as aa-status,
 * sestatus and smackctl do. dir is the directory of the LSM's load file
 * (from lsmc_probe()). Each returns a JSON object for "loaded" (members in
 * lsmctl(8)), or NULL with errno set when nothing could be read.
 */
struct json_object *loaded_apparmor(const char *dir);
struct json_object *loaded_selinux(const char *dir);
struct json_object *loaded_smack(const char *dir);

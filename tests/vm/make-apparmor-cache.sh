#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Compile AppArmor profiles into an apparmor_parser cache, as distributions
# ship it (a features-hash directory), and pack it as a tar for the guest.
# usage: make-apparmor-cache.sh APPARMOR_PARSER FEATURES OUT.tar PROFILE...
set -eu
parser=$1 features=$2 out=$3
shift 3
dir=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-aa-cache.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$parser" -Q -q -W -L "$dir" -M "$features" "$@"
tar -C "$dir" -cf "$out" .

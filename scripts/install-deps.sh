#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Installs everything liblsmconfig needs to build, test and document itself
# on Debian 12 (or a derivative). Needs root: run it as root, or as a user
# who may use sudo (it asks sudo itself; a fresh container has no sudo).
set -eu
packages="
  build-essential meson ninja-build pkg-config clang clang-format git
  libcap-dev libapparmor-dev libsepol-dev libcmocka-dev libjson-c-dev
  bash-completion zsh fish scdoc mandoc valgrind python3 python3-jsonschema abigail-tools
"
# libjson-c-dev: lsmctl's JSON output. bash-completion: its pkg-config file
# says where bash completions go; zsh and fish: the completion test parses
# (and, for fish, runs) lsmctl's completions with them. python3-jsonschema:
# the tests check lsmctl's JSON against data/lsmctl.schema.json.
# The live suite boots real kernels under QEMU (tests/vm/prepare.sh adds the
# kernel build dependencies it needs). Debian's reference SELinux policy must be
# there when meson configures, for the live test that loads it.
# zstd unpacks Debian's 6.12 kernel image (its vmlinuz is zstd-compressed).
packages="$packages qemu-system-x86 busybox-static cpio zstd apparmor checkpolicy selinux-policy-default"

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo -- "$0" "$@"
	fi
	echo "install-deps.sh: needs root, and there is no sudo: run it as root (su -c '$0')" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
echo "install-deps.sh: dependencies installed"

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# mmdebstrap's customize hook for the Debian test image (build-image.sh runs
# it on the host with the image's root directory as $1, after every package
# is installed): the files of rootfs/, host name, fstab, machine id, root
# without password, the test unit enabled, and AppArmor's policy cache
# compiled ahead so that the first boot under emulation need not compile it.
set -eu
root=$1
src=${LSMC_IMAGE_SRC:?run by build-image.sh}

cp -R "$src/rootfs/." "$root/"
echo lsmc-debian >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tlsmc-debian\n' >"$root/etc/hosts"
# The initramfs mounts the root read-write; no fsck of a throwaway overlay.
printf 'LABEL=lsmc-debian\t/\text4\trw,relatime\t0\t0\n' >"$root/etc/fstab"
# A fixed machine id: an empty one would make every boot a first boot.
printf '%s\n' "$(printf '%s' "${LSMC_IMAGE_KEY:-lsmc}" | sha256sum | cut -c1-32)" >"$root/etc/machine-id"

chroot "$root" passwd --delete root >/dev/null
chroot "$root" systemctl enable lsmc-test.service
# Nothing of these belongs in a test boot.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	e2scrub_reap.service fstrim.timer

# apparmor.service loads from /var/cache/apparmor/HASH.0/ when the cache is
# newer than the profiles, HASH naming the running kernel's feature set;
# else it compiles every profile, minutes under emulation. Compiled here for
# the feature sets of Linux 6.1 (Debian 12's kernel, the small kernel) and
# of Debian's 6.12 (tests/vm/apparmor-features*); the parser compiles for the
# set Debian pins (/etc/apparmor/parser.conf: policy-features) either way.
for f in apparmor-features apparmor-features-6.12; do
	cp "$src/../$f" "$root/tmp/lsmc-$f"
	chroot "$root" apparmor_parser --skip-kernel-load --write-cache --quiet \
		--kernel-features "/tmp/lsmc-$f" -- /etc/apparmor.d
	rm -f "$root/tmp/lsmc-$f"
done

# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# One small profile, compiled into the test fixtures next to it:
#   apparmor_parser -Q -q -S -M tests/vm/apparmor-features apparmor-one.profile > apparmor-one.bin
#   apparmor_parser -Q -q -S -M tests/vm/apparmor-features -n lsmc-test-ns apparmor-one.profile > apparmor-ns.bin
#   apparmor_parser -Q -q -S apparmor-one.profile > apparmor-one-v5.bin   (no features: legacy v5 format)
profile lsmc-test-one /usr/bin/lsmc-test-one {
  /etc/hostname r,
  /tmp/lsmc-test/** rw,
}

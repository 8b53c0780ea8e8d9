# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# Three profiles and a hat; apparmor_parser emits each (the hat as
# "parent//hat") as its own header + profile, concatenated:
#   apparmor_parser -Q -q -S -M tests/vm/apparmor-features apparmor-multi.profile > apparmor-multi.bin
profile lsmc-test-a /usr/bin/lsmc-test-a {
  /etc/hostname r,
  ^lsmc-hat {
    /tmp/lsmc-hat r,
  }
}
profile lsmc-test-b /usr/bin/lsmc-test-b {
  network inet stream,
}
/usr/bin/lsmc-test-c {
  /var/tmp/** w,
}

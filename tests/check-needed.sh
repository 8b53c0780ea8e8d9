#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# liblsmconfig opens libapparmor and libsepol with dlopen() when it needs
# them (a cache directory, a policy check): they must not be linked, so a
# command that uses neither does not load them at start-up.
# usage: check-needed.sh LIBRARY
set -u
lib=$1
command -v readelf >/dev/null || { echo "SKIP: readelf (binutils) is missing"; exit 77; }
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || { echo "FAIL: $lib: readelf lists no NEEDED entry at all"; exit 1; }
echo "$lib needs: $(printf %s "$needed" | tr "\n" " ")"
fails=0
for l in libapparmor libsepol; do
	if echo "$needed" | grep -q "^$l\."; then
		echo "FAIL: $lib links $l; it should dlopen() it when needed"
		fails=1
	fi
done
exit $fails

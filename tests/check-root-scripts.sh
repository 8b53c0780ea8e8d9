#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright © 2026 The liblsmconfig authors
# The commands the documentation gives work as root without sudo (a fresh
# Debian container has none) and as a user with sudo: no documented command
# starts with sudo, and the scripts that need root ask sudo themselves, or,
# as root, run without it. The scripts run against stub id, sudo and apt-get.
# usage: check-root-scripts.sh SOURCE_ROOT
set -u
src=${1:?usage: check-root-scripts.sh SOURCE_ROOT}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# 1. No command in the documentation needs sudo to be installed.
cd "$src" || exit 1
for f in README.md tests/vm/README.md bench/README.md man/*.scd; do
	awk -v f="$f" '
		/^```/ { block = !block; next }
		(block && /^(\$ |# )?sudo /) || /^\$ sudo / { printf "%s:%d: %s\n", f, NR, $0; bad = 1 }
		END { exit bad }' "$src/$f" || fail "$f gives a command through sudo (see above)"
done

# 2. The scripts that need root, with stub commands: $stub/{id,sudo,apt-get}.
# PATH without sudo: as it is when no sudo is installed, else every program
# of PATH but sudo, linked into one directory.
if command -v sudo >/dev/null 2>&1; then
	mkdir -p "$tmp/farm"
	old_ifs=$IFS
	IFS=:
	for d in $PATH; do
		for f in "$d"/*; do
			n=${f##*/}
			[ "$n" != sudo ] && [ ! -e "$tmp/farm/$n" ] && ln -s "$f" "$tmp/farm/$n"
		done
	done
	IFS=$old_ifs
	nosudo_path=$tmp/farm
else
	nosudo_path=$PATH
fi
stubs() { # UID with-sudo(0/1)
	rm -rf "$tmp/bin" "$tmp/log"
	mkdir -p "$tmp/bin"
	printf '#!/bin/sh\n[ "$1" = -u ] && echo %s || echo "uid=%s"\n' "$1" "$1" >"$tmp/bin/id"
	printf '#!/bin/sh\necho "apt-get $*" >>%s/log\n' "$tmp" >"$tmp/bin/apt-get"
	if [ "$2" = 1 ]; then
		printf '#!/bin/sh\necho "sudo $*" >>%s/log\n' "$tmp" >"$tmp/bin/sudo"
	fi
	chmod +x "$tmp/bin/"*
}

for script in scripts/install-deps.sh tests/vm/prepare.sh bench/run.sh; do
	args=
	[ "$script" = bench/run.sh ] && mkdir -p "$tmp/build" && : >"$tmp/build/build.ninja" && args=$tmp/build
	# A user with sudo: the script asks sudo to run it again.
	stubs 1000 1
	PATH=$tmp/bin:$nosudo_path "$src/$script" $args >"$tmp/out" 2>&1
	grep -q "^sudo -- $src/$script" "$tmp/log" 2>/dev/null ||
		fail "$script as a user with sudo does not ask sudo: $(cat "$tmp/out" "$tmp/log" 2>/dev/null)"
	# A user without sudo: a message that says to be root, no "sudo: not found".
	# (prepare.sh then goes on as this user: too long for this test.)
	[ "$script" = tests/vm/prepare.sh ] && continue
	stubs 1000 0
	PATH=$tmp/bin:$nosudo_path "$src/$script" $args >"$tmp/out" 2>&1
	if grep -q 'sudo: not found\|sudo: command not found' "$tmp/out"; then
		fail "$script without sudo runs sudo: $(cat "$tmp/out")"
	fi
	grep -qi 'root' "$tmp/out" || fail "$script without sudo, not root: no word of root: $(cat "$tmp/out")"
done

# As root without sudo, install-deps.sh installs through apt-get directly.
stubs 0 0
PATH=$tmp/bin:$nosudo_path "$src/scripts/install-deps.sh" >"$tmp/out" 2>&1 || fail "install-deps.sh as root without sudo: $(cat "$tmp/out")"
grep -q '^apt-get install .*libjson-c-dev' "$tmp/log" 2>/dev/null ||
	fail "install-deps.sh as root did not run apt-get install with libjson-c-dev: $(cat "$tmp/out")"
grep -q '^sudo' "$tmp/log" 2>/dev/null && fail "install-deps.sh as root ran sudo"

[ "$fails" -eq 0 ] && echo "check-root-scripts.sh: docs give no sudo; the three scripts elevate themselves"
[ "$fails" -eq 0 ]

#!/bin/sh
# The build refuses syscall numbers that merged syscalls own (468/469 are
# file_getattr/file_setattr since Linux 6.17) and takes a free one.
set -u
src=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsmc-nr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
for nr in 468 469 471; do
	if meson setup "$tmp/b$nr" "$src" -Dtests=disabled -Dman=false -Dfuzz=disabled \
		-Dnr_lsm_config_self_policy=$nr >"$tmp/log$nr" 2>&1; then
		echo "FAIL: nr_lsm_config_self_policy=$nr was accepted"
		fails=$((fails + 1))
	elif ! grep -q "owned by a merged syscall" "$tmp/log$nr"; then
		echo "FAIL: nr=$nr refused without saying why:"; tail -3 "$tmp/log$nr"
		fails=$((fails + 1))
	fi
done
if ! meson setup "$tmp/ok" "$src" -Dtests=disabled -Dman=false -Dfuzz=disabled \
	-Dnr_lsm_config_self_policy=472 -Dnr_lsm_config_system_policy=473 >"$tmp/logok" 2>&1; then
	echo "FAIL: free numbers 472/473 were refused:"; tail -3 "$tmp/logok"
	fails=$((fails + 1))
elif ! grep -q 'LSMC_OPT_NR_LSM_CONFIG_SELF_POLICY 472' "$tmp/ok/config.h"; then
	echo "FAIL: config.h does not carry the number"
	fails=$((fails + 1))
fi
echo "$((4 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]

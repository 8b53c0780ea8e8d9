# shellcheck shell=sh
# Helpers for the guest scripts (busybox sh). Sourced as /test/lib.sh.

fail() {
	echo "FAIL: $*"
	exit 1
}

ok() { echo "ok: $*"; }

# the major LSMs the kernel runs, from securityfs
active_lsms() { cat /sys/kernel/security/lsm 2>/dev/null; }

require_lsm() {
	case ",$(active_lsms)," in
	*",$1,"*) ok "kernel runs $1 ($(active_lsms))" ;;
	*) fail "kernel does not run $1: /sys/kernel/security/lsm reads '$(active_lsms)'" ;;
	esac
}

# write_once FILE PATH: the whole of FILE in a single write() to PATH, as the
# kernel requires for AppArmor and SELinux policy (busybox dd, one block).
write_once() {
	_size=$(wc -c <"$1")
	dd if="$1" of="$2" bs="$_size" count=1 conv=notrunc 2>/tmp/dd.err
	_rc=$?
	if [ $_rc -eq 0 ] && ! grep -q '^1+0 records out' /tmp/dd.err; then
		echo "dd did not write $_size bytes in one block: $(cat /tmp/dd.err)"
		return 1
	fi
	[ $_rc -eq 0 ] || cat /tmp/dd.err
	return $_rc
}

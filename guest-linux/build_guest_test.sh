#!/usr/bin/env bash
# build_guest_test: build-guest makes an initramfs with what the guest needs
# to boot to a shell (init, inittab, rcS, busybox and its applets), copies the
# kernel it was given, and refuses bad input with a clear message.
# (guest-linux/boot-test boots the result in QEMU; the rehearsal runs it.)
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/build-guest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() {
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); echo "PASS  $name"; else failed=$((failed + 1)); echo "FAIL  $name"; fi
}
listed() { grep -q -E "$1" <<< "$list"; }
refused_with() { [ "$rc" -ne 0 ] && [[ $err == *"$1"* ]]; }

echo "a stand-in file: only copied, never run" > "$tmp/kernel"
"$here/build-guest" --out "$tmp/out" --kernel "$tmp/kernel"
list=$(gzip -dc "$tmp/out/initramfs.cpio.gz" | busybox cpio -t -v 2>/dev/null)

check "kernel copied as given" cmp -s "$tmp/kernel" "$tmp/out/vmlinuz"
for f in init etc/inittab etc/init.d/rcS etc/profile bin/busybox; do
    check "initramfs has /$f" listed " $f\$"
done
for f in init etc/init.d/rcS bin/busybox; do
    check "/$f is executable" listed "^-rwx.* $f\$"
done
for applet in bin/sh sbin/init sbin/poweroff bin/cttyhack bin/mount; do
    check "/$applet -> busybox" listed " $applet -> /bin/busybox\$"
done

rc=0
err=$("$here/build-guest" --kernel "$tmp/kernel" 2>&1) || rc=$?
check "no --out: refused" refused_with "--out DIR"
rc=0
err=$("$here/build-guest" --out "$tmp/x" --kernel "$tmp/missing" 2>&1) || rc=$?
check "missing kernel: refused" refused_with "cannot read kernel"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# abi_test.sh - a kernel written only against Xen's documented ABI boots,
# gets its page fault bounced and its timer events, and powers off.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
grep -q '(d0) abi-kernel: all checks passed' "$run/console.log" || fail "no verdict"
dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"
grep -q ' pv.page_fault addr=0x10 .* outcome=bounced' "$run/dump.txt" || fail "page fault not traced"
[ "$(grep -c ' evtchn.upcall dom=0 ' "$run/dump.txt")" -ge 3 ] || fail "fewer than 3 upcalls traced"
echo "PASS: the ABI test kernel ran to its verdict"

#!/usr/bin/env bash
# boot_test.sh - the ISO boots in QEMU through GRUB: banner on the console,
# a clean exit, and a trace that decodes with consecutive sequence numbers
# and shows every boot phase in order.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

boot 0
grep -q 'xenlab hypervisor .* Xen PV ABI' "$run/console.log" || fail "no banner"
grep -q 'boot complete' "$run/console.log" || fail "boot did not complete"

dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"

events=$(awk '{ print $5 ($6 ~ /^phase=/ ? " " $6 : "") }' "$run/dump.txt")
expected="hv.stream
hv.boot phase=entry
hv.boot phase=console
hv.boot phase=time
hv.boot phase=paging
hv.boot phase=cpu-tables
hv.boot phase=multiboot
hv.boot phase=memory
hv.boot phase=done
hv.shutdown"
[ "$events" = "$expected" ] || fail "unexpected event sequence:
$events"
grep -q 'hv.shutdown code=success' "$run/dump.txt" || fail "shutdown not traced as success"
grep -q 'magic=0x52544c58 version=1 tsc_khz=[1-9]' "$run/dump.txt" || fail "stream header incomplete"
echo "PASS: booted, $(wc -l <"$run/dump.txt") events, no gaps"

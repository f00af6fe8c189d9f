#!/usr/bin/env bash
# pvops_test.sh - the PV-operations guest (pvops.c) passes all its checks.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
grep -q '(d0) Test result: SUCCESS: all PV operations behaved' "$run/console.log" ||
    fail "the guest did not pass"
dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"
grep -q ' pv.trap vector=#NM .* outcome=bounced' "$run/dump.txt" || fail "no #NM bounce traced"
grep -q ' evtchn.send from=0 ' "$run/dump.txt" || fail "no evtchn.send traced"
grep -q ' pv.hypercall op=update_descriptor result=-22' "$run/dump.txt" ||
    fail "no refused update_descriptor traced"
echo "PASS: set_gdt, update_descriptor, lazy FPU, event channels, poll, timers"

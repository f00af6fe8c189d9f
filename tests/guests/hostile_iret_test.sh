#!/usr/bin/env bash
# hostile_iret_test.sh - four unprivileged domains attack through the
# iret hypercall's frame (hostile_iret.c) beside a victim domain 0:
#   d1 v86    virtual-8086 mode (issue 12's escape), then IOPL, NT, VIF,
#             VIP: each frame must land with those bits clear, and the
#             domain lives on (its verdict, in the trace, is SUCCESS)
#   d2-d4     cs with RPL 0, the hypervisor's cs, the hypervisor's ds as
#             ss: each domain is crashed for it, with its reason
# The hypervisor never stops, and the victim's memory stays intact.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# shellcheck source=tests/guests/verdict.sh
source "$(dirname "$0")/verdict.sh"

boot 1                                  # d2-d4 crash by design: status 1
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
decode_trace
expect_verdict 0 SUCCESS 524288
expect_verdict 1 SUCCESS 3
for crash in '2 ring0 iret hypercall into ring 0' \
    "3 hvcs iret hypercall with a selector that is not the guest's" \
    "4 hvss iret hypercall with a selector that is not the guest's"; do
    read -r dom name reason <<<"$crash"
    grep -qF "(hv) d$dom ($name) crashed: $reason" <<<"$console" ||
        fail "d$dom ($name) was not crashed for its frame"
    grep -q "domain.destroy dom=$dom reason=crash" "$run/dump.txt" ||
        fail "the trace does not show d$dom destroyed for a crash"
    expect_no_verdict "$dom"
done
grep -q '^(hv) memory: every frame came back' <<<"$console" ||
    fail "frames were missing once every domain had gone"
echo "PASS: no frame entered virtual-8086 mode or kept IOPL/NT/VIF/VIP; bad selectors crashed only their domains"

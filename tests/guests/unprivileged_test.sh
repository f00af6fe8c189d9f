#!/usr/bin/env bash
# unprivileged_test.sh - an ordinary domain's machine-wide xenlab_op
# commands are refused (unprivileged.c), none of them takes effect, and
# domain 0's memory is untouched.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# shellcheck source=tests/guests/verdict.sh
source "$(dirname "$0")/verdict.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q '^(d1) Test result: SUCCESS: every machine-wide xenlab_op refused' <<<"$console" ||
    fail "domain 1 was allowed something: $(grep '^(d1) Test result' <<<"$console")"
grep -q 'now runs in its own' <<<"$console" &&
    fail "domain 1 moved the hypervisor into its own address space"
decode_trace
expect_consecutive "$run/dump.txt"
expect_verdict 0 SUCCESS 524288         # the victim: every word intact
grep -q ' pv.hypercall op=xenlab_op result=-1 ' "$run/dump.txt" ||
    fail "no refused xenlab_op in the trace"
echo "PASS: xenlab_op's machine-wide commands refused to domain 1"

#!/usr/bin/env bash
# balloon_test.sh - `./xenlab balloon DOM SIZE` against a running lesson 8
# (held at its first step, so only our requests move memory): the
# hypervisor answers, the domain's balloon driver deflates to the new
# target, and a request for a domain that does not exist is refused with
# a clear error. QEMU is told to quit through its monitor at the end.
#
# usage: balloon_test.sh LAUNCHER HVVIZ --boot MANIFEST XLCTL
set -euo pipefail
xlctl=${*: -1}
set -- "${@:1:$(($# - 1))}"
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

boot_held

wait_console '^\(d2\) balloon driver ready; holding 2048 pages'
wait_console '^\(hv\) lesson 8: step 1 - press n'
out=$("$launcher" balloon 2 32M --run "$run" --xlctl "$xlctl" 2>&1) ||
    fail "./xenlab balloon 2 32M failed: $out"
grep -q 'asked d2 to hold 8192 pages' <<<"$out" || fail "unexpected answer: $out"
wait_console '^\(d2\) target 8192 pages: now holding 8192'

status=0
out=$("$launcher" balloon 7 32M --run "$run" --xlctl "$xlctl" 2>&1) || status=$?
[ "$status" = 1 ] || fail "a balloon request for d7 (no such domain) ended with $status: $out"
grep -q 'answered "refused"' <<<"$out" || fail "the refusal was not explained: $out"

monitor quit
boot_held_status
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>/dev/null || true
grep -q ' hv.control ok=1 text=ball' "$run/dump.txt" || fail "no accepted control line in the trace"
grep -q ' hv.control ok=0 text=ball' "$run/dump.txt" || fail "no refused control line in the trace"
grep -q ' balloon.step dom=2 dir=deflate ' "$run/dump.txt" || fail "d2 did not deflate"
echo "PASS: ./xenlab balloon moved d2 to 32 MB and refused a missing domain"

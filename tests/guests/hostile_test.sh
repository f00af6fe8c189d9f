#!/usr/bin/env bash
# hostile_test.sh - 20000 (or FUZZ_COUNT) random hypercalls from a hostile domain: the
# hypervisor keeps running and the victim domain's memory is untouched.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# The long fuzz runs the same checks on a longer, freshly seeded build.
want=${FUZZ_COUNT:-20000}

boot_timeout=${FUZZ_TIMEOUT:-120} boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q '^(d0) Test result: SUCCESS: all .* words intact' <<<"$console" ||
    fail "the victim's memory was not intact"
grep -q "^(d1) .*Test result: SUCCESS: $want hypercalls" <<<"$console" ||
    fail "the hostile guest did not get through its $want hypercalls"
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
# The trace may lose records under this flood, but every loss is counted.
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>"$run/dump.err" ||
    fail "trace does not decode"
grep -q ' 0 missing (sequence gaps), 0 bytes skipped' "$run/dump.err" ||
    fail "trace has unexplained gaps: $(cat "$run/dump.err")"
refused=$(grep ' pv.hypercall ' "$run/dump.txt" | grep -c ' result=-' || true)
[ "$refused" -gt 1000 ] || fail "only $refused refused hypercalls in the trace"
seed=$(sed -n 's/^(d1) .* from seed \([0-9]*\)$/\1/p' <<<"$console")
echo "PASS: victim intact, hostile survived $want hypercalls from seed $seed ($refused refusals traced)"

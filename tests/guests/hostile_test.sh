#!/usr/bin/env bash
# hostile_test.sh - two hostile domains, 20000 (or FUZZ_COUNT) random
# hypercalls each, iret with random EFLAGS among them (hostile.c): the
# hypervisor keeps running, each fuzzer gets through its count with no
# forbidden EFLAGS bit ever reaching it, and the victim domain's memory
# is untouched. Verdicts come from the trace (verdict.sh), never from
# console lines, which the fuzzers' random console writes garble.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# shellcheck source=tests/guests/verdict.sh
source "$(dirname "$0")/verdict.sh"
# The long fuzz runs the same checks on a longer, freshly seeded build.
want=${FUZZ_COUNT:-20000}

boot_timeout=${FUZZ_TIMEOUT:-120} boot 0
grep -aq '^(hv) .*\(PANIC\|EXCEPTION\)' "$run/console.log" && fail "the hypervisor faulted"
decode_trace
expect_verdict 0 SUCCESS 524288
for dom in 1 2; do
    expect_verdict "$dom" SUCCESS "$want"
done
# The trace may lose records under this flood, but every loss is counted.
grep -q ' 0 missing (sequence gaps), 0 bytes skipped' "$run/dump.err" ||
    fail "trace has unexplained gaps: $(cat "$run/dump.err")"
refused=$(grep ' pv.hypercall ' "$run/dump.txt" | grep -c ' result=-' || true)
[ "$refused" -gt 1000 ] || fail "only $refused refused hypercalls in the trace"
irets=""
for dom in 1 2; do
    n=$(sed -n "s/^ *[0-9]* *[0-9.]* c[0-9]* d$dom *lesson\.mark lesson=0 what=2 v0=\([0-9]*\) .*/\1/p" "$run/dump.txt" | tail -n 1)
    [ "${n:-0}" -gt 0 ] || fail "d$dom made no iret with a random frame"
    irets="$irets $n"
done
seeds=$(tr -d '\r' <"$run/console.log" | sed -n 's/^(d[12]) .* from seed \([0-9]*\)$/\1/p' | xargs)
echo "PASS: victim intact, two hostile domains survived $want hypercalls each from seeds $seeds ($refused refusals traced; random irets:$irets)"

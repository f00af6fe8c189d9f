#!/usr/bin/env bash
# hostile_mm_test.sh - 20000 (or FUZZ_COUNT) plausible but hostile memory operations
# (mmu_update, update_va_mapping, mmuext_op, memory_op): the hypervisor
# keeps running, its books balance after every balloon step (mm_check)
# and at the end, the victim's memory is untouched, and the hostile
# guest's own page count agrees with the hypervisor's.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# shellcheck source=tests/guests/verdict.sh
source "$(dirname "$0")/verdict.sh"
# The long fuzz runs the same checks on a longer, freshly seeded build.
want=${FUZZ_COUNT:-20000}

boot_timeout=${FUZZ_TIMEOUT:-120} boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION\|books do not balance' <<<"$console" &&
    fail "the hypervisor faulted or lost count of memory"
grep -q '^(d1) stale-TLB attack: the write through a forgotten mapping faulted' <<<"$console" ||
    fail "a stale TLB entry outlived its frame becoming a page table"
grep -q '^(hv) memory: every frame came back' <<<"$console" ||
    fail "frames were missing once every domain had gone"

decode_trace
expect_verdict 0 SUCCESS 524288         # the victim: every word intact
expect_verdict 1 SUCCESS "$want"        # through, and its page count agreed
grep -q ' 0 missing (sequence gaps), 0 bytes skipped' "$run/dump.err" ||
    fail "trace has unexplained gaps: $(cat "$run/dump.err")"
# The attacks reached the validation rules: many refusals, for many
# different reasons, and some requests accepted.
for reason in not-owner writable-pagetable hypervisor-slot bad-type bad-flags bad-frame; do
    grep -q " reason=$reason\$" "$run/dump.txt" ||
        fail "no request was refused for $reason"
done
accepted=$(grep -c ' mem.mmu_update .* result=0 reason=ok$' "$run/dump.txt" || true)
[ "$accepted" -gt 100 ] || fail "only $accepted mmu_update requests accepted"
steps=$(grep -c ' balloon.step ' "$run/dump.txt" || true)
[ "$steps" -gt 10 ] || fail "only $steps balloon steps"
seed=$(sed -n 's/^(d1) .* from seed \([0-9]*\)$/\1/p' <<<"$console")
echo "PASS: seed $seed: victim intact, books balanced, $accepted updates accepted, $steps balloon steps"

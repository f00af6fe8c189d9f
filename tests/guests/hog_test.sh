#!/usr/bin/env bash
# hog_test.sh - huge batched hypercalls (mmu_update, mmuext_op,
# grant_table_op, memory_op) from one domain must not starve another:
# the peer's timer ticks while each call is in flight, and the calls'
# results stay exact (hog.c says how it looks).
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
grep -q '^(d1) Test result: SUCCESS: ' <<<"$console" ||
    fail "the hog's batches starved the peer or came out wrong"
grep -q '^(d0) Test result: SUCCESS: ' <<<"$console" ||
    fail "the ticking peer did not end well"
dump_counted >"$run/dump.txt"
# Each long batch's mark: the peer's ticks during the call (v0) reached 2.
for what in 40 41 42 43; do
    grep -Eq " lesson.mark lesson=0 what=$what v0=([2-9]|[1-9][0-9]+) " "$run/dump.txt" ||
        fail "batch $what: no mark showing the peer ticking during the call"
done
# In trace order: d1's mmu_update is preempted, d0 runs, and only then
# does that mmu_update complete.
awk '/ pv.hypercall_preempted op=mmu_update / && !p { p = NR }
     p && / sched.switch prev=1 prev_vcpu=0 next=0 / && !s { s = NR }
     s && / pv.hypercall op=mmu_update result=-14 .*ecx=0x8/ { ok = 1; exit }
     END { exit !ok }' "$run/dump.txt" ||
    fail "no preempted mmu_update with the peer running before it completed"
for op in mmuext_op grant_table_op memory_op; do
    grep -q " pv.hypercall_preempted op=$op " "$run/dump.txt" ||
        fail "no $op was preempted"
done
echo "PASS: $(grep -c ' pv.hypercall_preempted ' "$run/dump.txt") continuations; the peer ticked during every batch"

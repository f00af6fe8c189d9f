#!/usr/bin/env bash
# mm.sh - the memory bench: the PV MMU and domain switches.
#
# Boots the bench guest (bench/mm/bench.c) beside a partner that yields,
# twice in the same way: under QEMU -icount shift=0,sleep=off (rdtsc
# counts instructions, exactly) and in TCG time (where an invlpg costs
# what flushing QEMU's software TLB costs). Prints each figure next to
# its target from issue 4, MET or MISSED.
#
# Usage: bench/mm.sh [BAZEL_BIN]   (after `bazel build //bench/mm:mm`;
# ./xenlab bench does both)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init "${1:-$(bazel info bazel-bin 2>/dev/null)}" bench/mm/mm.boot

echo "== memory bench (bench/mm/bench.c)"
bench_run icount trace_mask=0 -icount shift=0,sleep=off
bench_run tcg trace_mask=0

for run in icount tcg; do
    if [ "$run" = icount ]; then
        echo "instruction counts (QEMU -icount shift=0, tracing off):"
    else
        echo "TCG time (no -icount; TSC cycles, noisy):"
    fi
    figure "native PTE write + invlpg (ring 0), per entry" "$(get $run native_pte)"
    figure "mmu_update, 64-entry batches + a flush, per entry" "$(get $run batched_pte)"
    figure "update_va_mapping, one hypercall per entry" "$(get $run single_pte)"
    verdict "batched PV update / native, per entry" \
        "$(ratio "$(get $run batched_pte)" "$(get $run native_pte)")" "<= 2.0"
    figure "native, 64 stores + one flush, per entry" "$(get $run native_batched_pte)"
    figure "batched PV update / that" \
        "$(ratio "$(get $run batched_pte)" "$(get $run native_batched_pte)")"
    figure "null hypercall" "$(get $run hypercall)"
    figure "domain switch" "$(get $run switch)"
    figure "domain switch / null hypercall" \
        "$(ratio "$(get $run switch)" "$(get $run hypercall)")"
done
echo "TLB flushes (counted by the hypervisor):"
verdict "flushes per domain switch" \
    "$(awk -v x="$(get icount flushes_x100_per_switch_in)" 'BEGIN { printf "%.2f", x / 100 }')" "<= 1"
verdict "flushes per 1000 null hypercalls (shared space)" \
    "$(get icount flushes_per_1000_hypercalls)" "== 0"

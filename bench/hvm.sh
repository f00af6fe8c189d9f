#!/usr/bin/env bash
# hvm.sh - the hardware-assisted bench: what a VM exit costs.
#
# Boots the unmodified bench kernel (bench/hvm/bench.c) under SVM, and
# the PV bench (bench/pv) for its null hypercall, each under QEMU -icount
# shift=0,sleep=off (rdtsc counts instructions, the guest's and the
# hypervisor's, exactly) and in TCG time. No targets: it sets the price
# of the hardware-assisted path beside the paravirtual one (lesson 12).
#
# Usage: bench/hvm.sh [BAZEL_BIN]   (after `bazel build //bench/hvm:hvm
# //bench/pv:pv`; ./xenlab bench does both)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bin=${1:-$(bazel info bazel-bin 2>/dev/null)}

echo "== hardware-assisted bench (bench/hvm/bench.c)"
bench_init "$bin" bench/pv/pv.boot
bench_run icount trace_mask=0 -icount shift=0,sleep=off
bench_run tcg trace_mask=0
hcall_icount=$(get icount hypercall)
hcall_tcg=$(get tcg hypercall)
rm -rf "$work"

bench_init "$bin" bench/hvm/hvm.boot
bench_run icount trace_mask=0 -icount shift=0,sleep=off
bench_run tcg trace_mask=0

for run in icount tcg; do
    if [ "$run" = icount ]; then
        echo "instruction counts (QEMU -icount shift=0, tracing off):"
        hcall=$hcall_icount
    else
        echo "TCG time (no -icount; TSC cycles, noisy):"
        hcall=$hcall_tcg
    fi
    figure "cpuid: a VM exit, answered, and back" "$(get $run cpuid)"
    figure "out to an unused port: a VM exit and back" "$(get $run ioio)"
    figure "first touch of a page: a nested page fault" "$(get $run npf)"
    figure "PV null hypercall (bench/pv), for scale" "$hcall"
    figure "cpuid VM exit / null hypercall" "$(ratio "$(get $run cpuid)" "$hcall")"
done

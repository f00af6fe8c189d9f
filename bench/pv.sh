#!/usr/bin/env bash
# pv.sh - the paravirtualization bench: what ring transitions cost.
#
# Boots the bench guest (bench/pv/bench.c) three times in the same way:
#   1. QEMU -icount shift=0,sleep=off, tracing off (trace_mask=0):
#      rdtsc counts instructions, exactly;
#   2. the same with tracing on, to show what recording costs;
#   3. without -icount: TCG time, where exceptions cost what they cost.
# and prints each figure next to its target, MET or MISSED.
#
# Usage: bench/pv.sh [BAZEL_BIN]   (run from the top of the tree after
# `bazel build //bench/pv:pv`; ./xenlab bench does both)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init "${1:-$(bazel info bazel-bin 2>/dev/null)}" bench/pv/pv.boot

echo "== paravirtualization bench (bench/pv/bench.c)"
bench_run icount trace_mask=0 -icount shift=0,sleep=off
bench_run traced "" -icount shift=0,sleep=off
bench_run tcg trace_mask=0

echo "instruction counts (QEMU -icount shift=0, tracing off):"
figure "int \$0x83, a bare trip through ring 0" "$(get icount bare)"
figure "int \$0x84, entry and exit path, no work" "$(get icount entry)"
figure "null hypercall, whole round trip" "$(get icount hypercall)"
verdict "null hypercall: hypervisor instructions" "$(get icount hypercall_hv_insns)" "<= 80"
# (The target compares with the bare trip; in instructions that is 2, so
# the ratio that means something is the one in TCG time, below.)
figure "null hypercall / entry-and-exit trip" "$(ratio "$(get icount hypercall)" "$(get icount entry)")"
verdict "int \$0x80 (direct gate): hypervisor entries" "$(get icount direct_hv_entries)" "== 0"
figure "int \$0x80 from ring 3, direct gate" "$(get icount direct)"
figure "int \$0x81 from ring 3, bounced" "$(get icount bounced)"
verdict "bounced / direct system call" "$(ratio "$(get icount bounced)" "$(get icount direct)")" "<= 1.7"

echo "with tracing on (instructions):"
figure "null hypercall, whole round trip" "$(get traced hypercall)"
figure "tracing's share of it" "$(ratio "$(get traced hypercall)" "$(get icount hypercall)")x"

echo "TCG time (no -icount; TSC cycles, noisy):"
figure "int \$0x83, a bare trip through ring 0" "$(get tcg bare)"
figure "null hypercall" "$(get tcg hypercall)"
verdict "null hypercall / bare trip (TCG time)" "$(ratio "$(get tcg hypercall)" "$(get tcg bare)")" "<= 2.0"
figure "int \$0x80 direct / int \$0x81 bounced" "$(get tcg direct) / $(get tcg bounced)"
verdict "bounced / direct system call (TCG time)" "$(ratio "$(get tcg bounced)" "$(get tcg direct)")" "<= 1.7"

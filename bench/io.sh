#!/usr/bin/env bash
# io.sh - the I/O bench: event channels, and the split drivers' rings with
# their backends in domain 0 (Xen 2.0) and in the hypervisor (Xen 1.0).
#
# Boots the bench guest (bench/io/bench.c) beside a driver domain and an
# event-channel partner, under QEMU -icount shift=0,sleep=off (rdtsc
# counts instructions exactly, and time is virtual: one instruction, one
# nanosecond), once with io_backend=dom0 and once with io_backend=hv, and
# once more each in TCG time. Prints each figure for both designs, and
# the in-hypervisor backend against domain 0's as a ratio.
#
# Usage: bench/io.sh [BAZEL_BIN]   (after `bazel build //bench/io:io`;
# ./xenlab bench does both)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init "${1:-$(bazel info bazel-bin 2>/dev/null)}" bench/io/io.boot

# The bench domain (domain 1) prints the figures; keep its lines.
io_run() {
    bench_run "$@"
    tr -d '\r' <"$work/$1.log" | sed -n 's/^(d1) bench: //p' >"$work/$1.txt"
}

echo "== I/O bench (bench/io/bench.c)"
io_run dom0 "trace_mask=0 io_backend=dom0" -icount shift=0,sleep=off
io_run hv "trace_mask=0 io_backend=hv" -icount shift=0,sleep=off
io_run dom0_tcg "trace_mask=0 io_backend=dom0"
io_run hv_tcg "trace_mask=0 io_backend=hv"
if [ "$(get dom0 backend_in_hypervisor)" != 0 ] || [ "$(get hv backend_in_hypervisor)" != 1 ]; then
    echo "io.sh: the backends were not where the runs asked" >&2
    exit 1
fi

row() { printf '  %-40s %12s %12s %8s\n' "$1" "$2" "$3" "$4"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

echo "instruction counts and virtual time (QEMU -icount shift=0, tracing off):"
figure "event channel round trip, domain 1 <-> 2 (instructions)" "$(get dom0 pingpong_cycles)"
row "backends in:" "domain 0" "hypervisor" "hv/dom0"
for kind in blk net; do
    what=$([ $kind = blk ] && echo "block 4 KB requests" || echo "1 KB echo requests")
    row "$what: per second" "$(get dom0 ${kind}_per_s)" "$(get hv ${kind}_per_s)" \
        "$(ratio "$(get hv ${kind}_per_s)" "$(get dom0 ${kind}_per_s)")"
    row "$what: MiB per second" "$(mib "$(get dom0 ${kind}_bytes_per_s)")" \
        "$(mib "$(get hv ${kind}_bytes_per_s)")" \
        "$(ratio "$(get hv ${kind}_bytes_per_s)" "$(get dom0 ${kind}_bytes_per_s)")"
    row "$what: instructions each" "$(get dom0 ${kind}_cycles)" "$(get hv ${kind}_cycles)" \
        "$(ratio "$(get hv ${kind}_cycles)" "$(get dom0 ${kind}_cycles)")"
done
echo "TCG time (no -icount; TSC cycles, noisy; a domain switch also flushes QEMU's TLB):"
figure "event channel round trip, domain 1 <-> 2 (cycles)" "$(get dom0_tcg pingpong_cycles)"
row "backends in:" "domain 0" "hypervisor" "hv/dom0"
for kind in blk net; do
    what=$([ $kind = blk ] && echo "block 4 KB requests" || echo "1 KB echo requests")
    row "$what: per second" "$(get dom0_tcg ${kind}_per_s)" "$(get hv_tcg ${kind}_per_s)" \
        "$(ratio "$(get hv_tcg ${kind}_per_s)" "$(get dom0_tcg ${kind}_per_s)")"
done

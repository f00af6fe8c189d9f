#!/usr/bin/env bash
# treehog.sh - what page-table trees cost: the tree-hog guest
# (tests/guests/treehog.c: four trees, each 1964 L1s, 1005568 entries
# under one L3) pins them in one mmuext_op and unpins them in another,
# beside a ticking peer.
# Under QEMU -icount shift=0,sleep=off a guest nanosecond is one
# instruction, so each figure is the instructions from the call to its
# return (the peer's turns and the continuations included), with the
# peer's ticks meanwhile (100 Hz; 10M instructions a tick).
#
# Usage: bench/treehog.sh [BAZEL_BIN]
#        (after `bazel build //tests/guests:treehog`)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_init "${1:-$(bazel info bazel-bin 2>/dev/null)}" tests/guests/treehog.boot

echo "== four page-table trees, pinned and unpinned (tests/guests/treehog.c)"
bench_run icount trace_mask=0 -icount shift=0,sleep=off
tr -d '\r' <"$work/icount.log" |
    sed -n 's/^(d1) \(pin\|unpin\): .* entries, \([0-9]*\) us, the peer ticked \([0-9]*\) times$/\1 \2 \3/p' |
    while read -r op us ticks; do
        figure "$op: instructions (millions)" "$(awk -v u="$us" 'BEGIN { printf "%.1f", u / 1000 }')"
        figure "$op: the peer's ticks meanwhile" "$ticks"
    done

#!/usr/bin/env bash
# treehog_test.sh - pinning four L3s, each over about a million L1
# entries, in a single mmuext_op, and unpinning them in another, must not starve another
# domain: the peer's timer ticks while each is in flight, the tree is
# validated and released exactly (mm_check: every frame comes back), and
# both are seen being continued (treehog.c says how it looks).
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
grep -E '^\(d1\) (pin|unpin):' <<<"$console" || true
grep -q '^(d1) Test result: SUCCESS: ' <<<"$console" ||
    fail "the tree's pin or unpin starved the peer, or was refused"
grep -q '^(d0) Test result: SUCCESS: ' <<<"$console" ||
    fail "the ticking peer did not end well"
dump_counted >"$run/dump.txt"
# The pin's and the unpin's marks: the peer's ticks during each (v0)
# reached 2.
for what in 50 51; do
    grep -Eq " lesson.mark lesson=0 what=$what v0=([2-9]|[1-9][0-9]+) " "$run/dump.txt" ||
        fail "step $what: no mark showing the peer ticking during the op"
done
# Both were continued: mmuext_op parts before the pin's mark, and between
# it and the unpin's.
awk 'BEGIN { marks = 0 }
     / pv.hypercall_preempted op=mmuext_op / { n[marks]++ }
     / lesson.mark lesson=0 what=5[01] / { marks++ }
     END { exit !(n[0] && n[1]) }' "$run/dump.txt" ||
    fail "the pin or the unpin was never continued"
echo "PASS: $(grep -c ' pv.hypercall_preempted op=mmuext_op ' "$run/dump.txt") continuations; the peer ticked during the pin and the unpin"

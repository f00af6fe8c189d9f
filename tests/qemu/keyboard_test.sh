#!/usr/bin/env bash
# keyboard_test.sh - a lesson on a spare PC: no visualizer, so each
# checkpoint waits for n on the PC's own keyboard. QEMU's monitor types
# the keys (sendkey), one per checkpoint, only once the console says the
# lesson waits; the run must then end cleanly with every checkpoint
# released in order.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

boot_held

steps=$(grep -c '^step ' lessons/07-pv-mmu/steps)
for ((s = 1; s <= steps; s++)); do
    wait_console "^\(hv\) lesson 7: step $s - press n"
    # Nothing goes on by itself: the guest's report of this step is not
    # there before the key.
    tr -d '\r' <"$run/console.log" | grep -q "^(d0) Step $s" &&
        fail "step $s ran before the key was pressed"
    monitor sendkey n
    wait_console "^\(d0\) Step $s"
done
boot_held_status
[ "$STATUS" = 0 ] || fail "the run ended with status $STATUS: $(cat "$TEST_TMPDIR/launcher.out")"
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>/dev/null || fail "trace does not decode"
released=$(grep -c ' lesson.checkpoint lesson=7 step=[0-9]* state=released' "$run/dump.txt" || true)
[ "$released" = "$steps" ] || fail "$released checkpoints released by the keyboard, not $steps"
echo "PASS: $steps checkpoints released from the PC keyboard, in order"

#!/usr/bin/env bash
# keyboard_test.sh - a lesson on a spare PC: no visualizer, so each
# checkpoint waits for n on the PC's own keyboard. QEMU's monitor types
# the keys (sendkey), one per checkpoint, only once the console says the
# lesson waits; the run must then end cleanly with every checkpoint
# released in order.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

mkdir -p "$run"
mon="$TEST_TMPDIR/mon"
mkfifo "$mon.in" "$mon.out"
XENLAB_QEMU_EXTRA="-chardev pipe,id=mon,path=$mon -mon chardev=mon,mode=readline" \
    "$launcher" run "${boot_args[@]}" --hvviz "$hvviz" --rundir "$run" \
    --timeout 120 --quiet >"$TEST_TMPDIR/launcher.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
exec 3>"$mon.in"                    # opens once QEMU does
cat "$mon.out" >/dev/null &         # the monitor's replies, drained

# wait_console REGEX: until console.log has a matching line (or QEMU ends).
wait_console() {
    local deadline=$((SECONDS + 60))
    until tr -d '\r' <"$run/console.log" 2>/dev/null | grep -Eq -- "$1"; do
        kill -0 "$pid" 2>/dev/null || fail "the run ended before: $1"
        [ "$SECONDS" -le "$deadline" ] || fail "no console line matches: $1"
        sleep 0.1
    done
}

steps=$(grep -c '^step ' lessons/07-pv-mmu/steps)
for ((s = 1; s <= steps; s++)); do
    wait_console "^\(hv\) lesson 7: step $s - press n"
    # Nothing goes on by itself: the guest's report of this step is not
    # there before the key.
    tr -d '\r' <"$run/console.log" | grep -q "^(d0) Step $s" &&
        fail "step $s ran before the key was pressed"
    echo "sendkey n" >&3
    wait_console "^\(d0\) Step $s"
done
status=0
wait "$pid" || status=$?
trap - EXIT
[ "$status" = 0 ] || fail "the run ended with status $status: $(cat "$TEST_TMPDIR/launcher.out")"
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>/dev/null || fail "trace does not decode"
released=$(grep -c ' lesson.checkpoint lesson=7 step=[0-9]* state=released' "$run/dump.txt" || true)
[ "$released" = "$steps" ] || fail "$released checkpoints released by the keyboard, not $steps"
echo "PASS: $steps checkpoints released from the PC keyboard, in order"

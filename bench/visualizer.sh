#!/usr/bin/env bash
# visualizer.sh - how fast hvviz takes a trace in, and whether the screen
# keeps up. Run from the top of the tree after `bazel build //...`
# (`./xenlab bench` does both); it builds nothing itself.
#
#   1. decode + model: `hvviz --stats` on a large synthetic trace (made by
#      tracegen, i.e. by the hypervisor's own trace ring and encoder),
#      events per second                                  target >= 1,000,000
#   2. instructions per event, counted by callgrind: the difference between
#      a large and a small trace, so start-up costs cancel  target <= 2,000
#   3. redraws under a flood: hvviz in a 200x50 terminal (a private tmux
#      server) fed by `tracegen --flood` as fast as a pipe goes; frames
#      per second while events pour in (on average, and in the slowest
#      whole second), and every event in the model        target >= 10 Hz
#
# Prints one line per number: what, value, target, MET or MISSED (or NOT
# MEASURED and why). Exit status 1 if a target was missed.
# BAZEL_BIN overrides where the binaries are (default: bazel-bin).
set -euo pipefail

BIN=${BAZEL_BIN:-bazel-bin}
HVVIZ=$BIN/visualizer/hvviz
TRACEGEN=$BIN/visualizer/tracegen
EVENTS=2000000
FLOOD_SECONDS=5
missed=0

for p in "$HVVIZ" "$TRACEGEN"; do
    [ -x "$p" ] || { echo "visualizer: $p is missing; run bazel build //... first" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/hvviz-bench.XXXXXX)
TMUX_SERVER="hvviz-bench-$$"
cleanup() {
    tmux -L "$TMUX_SERVER" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# verdict WHAT VALUE UNIT OP TARGET
verdict() {
    local what=$1 value=$2 unit=$3 op=$4 target=$5 ok
    ok=$(awk -v v="$value" -v t="$target" -v op="$op" \
        'BEGIN { print (op == ">=" ? v >= t : v <= t) ? "MET" : "MISSED" }')
    [ "$ok" = MET ] || missed=1
    printf 'visualizer: %-58s %12s %-9s target %s %s  %s\n' "$what" "$value" "$unit" "$op" "$target" "$ok"
}

not_measured() {
    printf 'visualizer: %-58s NOT MEASURED (%s)\n' "$1" "$2"
}

# 1. Decode + model rate: the best of three runs (the machine is shared).
"$TRACEGEN" --events "$EVENTS" >"$WORK/big.bin"
best=0
for _ in 1 2 3; do
    rate=$("$HVVIZ" --stats "$WORK/big.bin" 2>/dev/null |
        sed -n 's/^processing: .* = \([0-9]*\) events\/s.*/\1/p')
    [ "${rate:-0}" -gt "$best" ] && best=$rate
done
size=$(($(stat -c %s "$WORK/big.bin") / 1000000))
verdict "decode + model (hvviz --stats, $EVENTS events, ${size} MB)" "$best" "events/s" ">=" 1000000

# 2. Instructions per event: (Ir(large) - Ir(small)) / (events difference).
if command -v valgrind >/dev/null; then
    ir_of() {
        valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
            "$HVVIZ" --stats "$1" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    }
    "$TRACEGEN" --events 20000 >"$WORK/small.bin"
    "$TRACEGEN" --events 220000 >"$WORK/large.bin"
    small=$(ir_of "$WORK/small.bin")
    large=$(ir_of "$WORK/large.bin")
    n_small=$("$HVVIZ" --stats "$WORK/small.bin" 2>&1 >/dev/null | sed -n 's/^hvviz: \([0-9]*\) events.*/\1/p')
    n_large=$("$HVVIZ" --stats "$WORK/large.bin" 2>&1 >/dev/null | sed -n 's/^hvviz: \([0-9]*\) events.*/\1/p')
    per=$(( (large - small) / (n_large - n_small) ))
    verdict "instructions per event (callgrind, decode + model)" "$per" "instr" "<=" 2000
else
    not_measured "instructions per event (callgrind)" "valgrind is not installed: apt-get install valgrind"
fi

# 3. Redraws under a flood, in a real terminal.
if command -v tmux >/dev/null; then
    tm() { tmux -L "$TMUX_SERVER" -f /dev/null "$@"; }
    cmd="$(printf %q "$TRACEGEN") --flood | $(printf %q "$HVVIZ") --report $WORK/report - 2>$WORK/flood.err"
    TERM=${TERM:-xterm-256color} tm new-session -d -s flood -x 200 -y 50 "$cmd; touch $WORK/done; exec sleep 100000"
    # Let it run; the terminal is drawing all the while.
    sleep "$FLOOD_SECONDS"
    tm send-keys -t flood q
    deadline=$((SECONDS + 20))
    until [ -f "$WORK/done" ] || [ "$SECONDS" -gt "$deadline" ]; do sleep 0.1; done
    if [ -s "$WORK/report" ]; then
        get() { sed -n "s/^$1 //p" "$WORK/report"; }
        events=$(get events)
        fps=$(get busy_fps)
        lost=$(get lost)
        decoded=$(sed -n 's/^hvviz: \([0-9]*\) events.*/\1/p' "$WORK/flood.err")
        verdict "redraws under a flood (200x50, ${FLOOD_SECONDS} s, $events events)" "$fps" "frames/s" ">=" 10
        verdict "  frames in the slowest whole second of the flood" "$(get worst_second_frames)" \
            "frames" ">=" 10
        printf 'visualizer: %-58s %12s %-9s (scheduling noise on a shared machine)\n' \
            "  longest gap between two frames" "$(get max_busy_gap_ms)" "ms"
        # Batching, not dropping: every decoded record is in the model.
        if [ "$events" = "$decoded" ] && [ "$lost" = 0 ]; then
            printf 'visualizer: %-58s %12s %-9s (model = decoded, 0 lost)\n' \
                "  events taken in during the flood" "$events" "events"
        else
            printf 'visualizer: events in the model %s, decoded %s, lost %s  MISSED\n' "$events" "$decoded" "$lost"
            missed=1
        fi
    else
        not_measured "redraws under a flood" "hvviz wrote no report: $(cat "$WORK/flood.err" 2>/dev/null)"
        missed=1
    fi
else
    not_measured "redraws under a flood" "tmux is not installed"
fi
exit "$missed"

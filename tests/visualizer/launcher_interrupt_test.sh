#!/usr/bin/env bash
# launcher_interrupt_test.sh - Ctrl-C in the middle of a live lesson, as
# a student presses it: `./xenlab lesson 1` in a terminal (tmux), C-c once
# step 1 is on screen. Everything recorded so far must be kept (trace.bin
# holds the run up to step 1), the launcher says it was interrupted (not
# that the visualizer failed) and exits 130, and the replay command it
# suggests shows that run.
#
# usage: launcher_interrupt_test.sh HVVIZ   (in the test's runfiles)
set -euo pipefail
HVVIZ=$1
source "$(dirname "$0")/lib.sh"
RUN="$WORK/run"

start_viz lesson 100 40 ./xenlab lesson 1 --prebuilt . --rundir "$RUN"
wait_for lesson 'Lesson 01 +step 1 of 6' 60
wait_for lesson 'lesson\.checkpoint lesson=1 step=1 state=waiting' 30
keys lesson C-c
wait_exit lesson 30
[ "$STATUS" = 130 ] || fail "./xenlab lesson 1 exited with $STATUS after Ctrl-C, not 130"
screen lesson | grep -q 'the visualizer failed' && fail "Ctrl-C was reported as a failure"
wait_for lesson 'interrupted \(Ctrl-C\)' 5
screen lesson | grep -q 'QEMU said' && fail "QEMU's note that it was stopped was shown as news"
# (stderr goes to lesson.err here; a student sees both on the terminal)
summaries=$( { screen lesson; cat "$WORK/lesson.err"; } | grep -Ec 'events, [0-9]+ lost') || true
[ "$summaries" = 1 ] || fail "the trace summary was printed $summaries times, not once"

# trace.bin keeps the run up to the step the student had reached.
[ -s "$RUN/trace.bin" ] || fail "Ctrl-C left $RUN/trace.bin empty"
"$HVVIZ" --dump "$RUN/trace.bin" >"$WORK/dump.txt" 2>&1 || true
grep -q 'lesson.checkpoint lesson=1 step=1 state=waiting' "$WORK/dump.txt" ||
    fail "trace.bin lacks step 1's checkpoint: $(tail -n 3 "$WORK/dump.txt")"

# The replay the launcher suggests works (with this test's hvviz, not a build).
suggested=$(screen lesson | tr -d '\n' | sed -n 's/.*(replay: \(\.\/xenlab viz [^)]*\)).*/\1/p')
[ -n "$suggested" ] || fail "the launcher suggested no replay command"
read -ra replay <<<"$suggested"
start_viz replay 100 40 "${replay[@]}" --hvviz "$HVVIZ"
wait_for replay 'trace\.bin +replay'
wait_for replay 'Lesson 01 +step 1 of 6'
keys replay q
wait_exit replay
[ "$STATUS" = 0 ] || fail "the suggested replay ($suggested) exited with $STATUS: $(cat "$WORK/replay.err")"
echo "PASS: Ctrl-C kept the run up to step 1 (status 130), and '$suggested' replays it"

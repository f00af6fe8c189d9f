#!/usr/bin/env bash
# launcher_lesson_test.sh - what a student does, through the launcher:
# `./xenlab lesson 8` opens the visualizer on a live QEMU; each n releases
# a checkpoint, and the guests' console shows what each step did; q at
# the end quits, and the launcher reports the run's verdict. The run's
# trace.bin (kept by hvviz, not QEMU) satisfies the lesson's expect file.
# Then `./xenlab viz RUN --lesson 8 --paused` replays that run with the
# lesson's steps beside it.
#
# usage: launcher_lesson_test.sh HVVIZ   (run in the test's runfiles, where
# ./xenlab, the lesson and the hypervisor sit at their workspace paths)
set -euo pipefail
HVVIZ=$1
source "$(dirname "$0")/lib.sh"
RUN="$WORK/run"

start_viz lesson 100 40 ./xenlab lesson 8 --prebuilt . --rundir "$RUN"
wait_for lesson 'Lesson 08 +step 1 of 4' 60
wait_for lesson 'Two workers, 192 MB promised on a 128 MB machine'
sleep 1     # give a guest that runs on by itself the time to show it
grep -q '(d0) Step 1' "$RUN/console.log" && fail "step 1 ran without the student"

# n runs a step (and the pane keeps its text, "done", until n again); the
# manager then reports the step's
# outcome on the console (COM1, kept in the run's console.log; the
# console panel shows only its last lines) and stops at the next one.
console_has() {
    local deadline=$((SECONDS + 60))
    until tr -d '\r' <"$RUN/console.log" 2>/dev/null | grep -Eq -- "$1"; do
        [ "$SECONDS" -le "$deadline" ] || fail "after 60s, console.log has no line matching /$1/"
        sleep 0.1
    done
}
keys lesson n
wait_for lesson 'step 1 of 4: done'
keys lesson n
wait_for lesson 'step 2 of 4'
console_has '^\(d0\) Step 1: at the start +d1 holds +2048 pages, d2 holds +2048'
keys lesson n
wait_for lesson 'step 2 of 4: done' 60
keys lesson n
wait_for lesson 'step 3 of 4' 60
console_has '^\(d0\) Step 2: d1 deflated: +d1 holds 22528 pages'
keys lesson n
wait_for lesson 'step 3 of 4: done' 60
keys lesson n
wait_for lesson 'step 4 of 4' 60
console_has '^\(d0\) Step 3: d1 gave it back to d2: +d1 holds +2048 pages, d2 holds 22528'
keys lesson n
wait_for lesson 'lesson finished' 60
wait_for lesson 'run ended \(q quits\)' 60
screen lesson | grep -q 'retrying' && fail "an ended run is shown as retrying"
keys lesson q
wait_exit lesson 30
[ "$STATUS" = 0 ] || fail "./xenlab lesson 8 exited with $STATUS"
wait_for lesson 'result: success \(every domain finished cleanly\)'

# The recording is the visualizer's own, complete and undamaged.
"$HVVIZ" --check lessons/08-balloon/expect "$RUN/trace.bin" --strict >"$WORK/check.txt" 2>&1 ||
    fail "the run's trace.bin fails the lesson's checks: $(cat "$WORK/check.txt")"

# Replay it, paused, with the lesson beside it.
start_viz replay 100 40 ./xenlab viz "$RUN" --hvviz "$HVVIZ" --lesson 8 --paused
wait_for replay 'trace\.bin +replay'
wait_for replay 'PAUSED|paused'
wait_for replay 'The balloon driver and overcommit'
keys replay q
wait_exit replay
[ "$STATUS" = 0 ] || fail "./xenlab viz exited with $STATUS"
echo "PASS: lesson 8 through the launcher, step by step, and its replay"

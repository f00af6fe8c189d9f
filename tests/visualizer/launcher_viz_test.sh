#!/usr/bin/env bash
# launcher_viz_test.sh - ./xenlab viz on a finished run, as a student meets
# it in a terminal (tmux): a short run is not over before one can look:
# the replay waits at its start, paused, and says how to play it; space
# plays it to the end; --play starts it at once, as before.
#
# usage: launcher_viz_test.sh HVVIZ   (in the test's runfiles)
set -euo pipefail
HVVIZ=$1
source "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/run"
cp lessons/01-rings/trace.bin "$WORK/run/trace.bin"

start_viz v 100 30 ./xenlab viz "$WORK/run" --hvviz "$HVVIZ"
wait_for v 'trace\.bin +replay .* t 0\.0s 0% PAUSED'
wait_for v 'space plays'
sleep 1     # a replay that ran on by itself would have moved by now
screen v | head -n 1 | grep -q ' t 0\.0s 0% PAUSED' || fail "the replay did not wait at its start"
keys v Space
wait_for v 'replay ended'
keys v q
wait_exit v
[ "$STATUS" = 0 ] || fail "./xenlab viz exited with $STATUS"

start_viz p 100 30 ./xenlab viz "$WORK/run" --hvviz "$HVVIZ" --play --speed max
wait_for p 'replay ended'
keys p q
wait_exit p
echo "PASS: ./xenlab viz waits at the start of a finished run until space"

#!/usr/bin/env bash
# lesson_replay_test.sh - `./xenlab lesson 1 --replay`: no QEMU; the
# lesson's recording plays beside its steps, stops at each step as the
# live lesson did, and n goes on to the next; q quits.
#
# usage: lesson_replay_test.sh HVVIZ   (in the test's runfiles)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_viz replay 100 40 ./xenlab lesson 1 --replay --prebuilt .
wait_for replay 'trace\.bin +replay'
wait_for replay 'Lesson 01 +step 1 of 6'
wait_for replay 'PAUSED'
wait_for replay 'A kernel in ring 1'
sleep 1     # a replay that ran on by itself would show step 2 by now
screen replay | grep -q 'step 2 of 6' && fail "the replay went past step 1 without n"
keys replay n
wait_for replay 'Lesson 01 +step 2 of 6'
wait_for replay 'Ordinary instructions run at full speed'
keys replay q
wait_exit replay
[ "$STATUS" = 0 ] || fail "./xenlab lesson 1 --replay exited with $STATUS"
echo "PASS: lesson 1 replayed from its recording, step by step"

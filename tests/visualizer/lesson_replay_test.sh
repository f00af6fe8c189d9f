#!/usr/bin/env bash
# lesson_replay_test.sh - `./xenlab lesson 1 --replay`: no QEMU; the
# lesson's recording plays beside its steps, stops at each step as the
# live lesson did, and n goes on to the next; q quits. At step 1 the Rings
# panel agrees with the text (ring 1) at 100x40 and at 200x50.
#
# usage: lesson_replay_test.sh HVVIZ   (in the test's runfiles)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_viz replay 100 40 ./xenlab lesson 1 --replay --prebuilt .
wait_for replay 'trace\.bin +replay'
wait_for replay 'Lesson 01 +step 1 of 6'
wait_for replay 'PAUSED'
wait_for replay 'A kernel in ring 1'
# The step says ring 1; so does the Rings panel, though the vCPU waits in
# ring 0, inside the checkpoint hypercall (shown apart from its ring).
wait_for replay '^2 Rings +d0v0:r1\[in xenlab_op, waiting\]' 5
tm resize-window -t replay -x 200 -y 50
wait_for replay 'd0v0 rings +▼ +● +·' 5
wait_for replay 'in (hv|the hypervisor): hypercall xenlab_op( \(from ring 1\))?, waiting' 5
tm resize-window -t replay -x 100 -y 40
sleep 1     # a replay that ran on by itself would show step 2 by now
screen replay | grep -q 'step 2 of 6' && fail "the replay went past step 1 without n"
keys replay n
wait_for replay 'Lesson 01 +step 2 of 6'
wait_for replay 'Ordinary instructions run at full speed'

# At 80x24 a step's every sentence is on screen: step 3's last line
# begins with '#' and once was lost; the pane grows to hold it all.
tm resize-window -t replay -x 80 -y 24
keys replay n
wait_for replay 'Lesson 01 +step 3 of 6'
wait_for replay '^ +Each privileged instruction raises #GP into the hypervisor' 5
wait_for replay '#GP handler \(outcome=bounced\): a PV kernel must not use' 5
wait_for replay 'press n for the next step' 5
keys replay q
wait_exit replay
[ "$STATUS" = 0 ] || fail "./xenlab lesson 1 --replay exited with $STATUS"
echo "PASS: lesson 1 replayed from its recording, step by step"

#!/usr/bin/env bash
# lesson_replay_test.sh - `./xenlab lesson 1 --replay`: no QEMU; the
# lesson's recording plays beside its steps, stops at each step as the
# live lesson did; n runs the step, whose text then stays beside what it
# did, and n goes on to the next; q quits. At step 1 the Rings
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
# A step in three moments: what to watch (n runs it), what you saw (the
# step's text stays, its events marked '>' in Events), then on (n).
wait_for replay 'press n to run step 1'
keys replay n
wait_for replay 'Lesson 01 +step 1 of 6: done'
wait_for replay 'A kernel in ring 1'
wait_for replay 'step 1 done, its events marked >; n: step 2'
wait_for replay '^> +[0-9]+ +[0-9.]+ c0 d0 +lesson\.checkpoint lesson=1 step=2 state=waiting'
keys replay n
wait_for replay 'Lesson 01 +step 2 of 6'
wait_for replay 'Ordinary instructions run at full speed'
wait_for replay 'press n to run step 2'
wait_gone replay '^> '

# At 80x24 a step's every sentence is on screen: step 3's last line
# begins with '#' and once was lost; the pane grows to hold it all.
tm resize-window -t replay -x 80 -y 24
keys replay n
wait_for replay 'Lesson 01 +step 2 of 6: done'
keys replay n
wait_for replay 'Lesson 01 +step 3 of 6'
wait_for replay '^ +Each privileged instruction raises #GP into the hypervisor' 5
# (the pane joins the author's lines and wraps them: read it as one text)
screen replay | tr '\n' ' ' | tr -s ' ' |
    grep -qF 'own #GP handler (outcome=bounced): a PV kernel must not use them.' ||
    fail "step 3's last sentence is not on the 80x24 screen"
wait_for replay 'press n to run step 3' 5
keys replay q
wait_exit replay
[ "$STATUS" = 0 ] || fail "./xenlab lesson 1 --replay exited with $STATUS"

# Lesson 3, step 5: its text says -ENOSYS (-38); once it has run, the text
# is still there, beside the Counters panel that counts the failed call
# and the Events line that shows it.
start_viz three 200 50 ./xenlab lesson 3 --replay --prebuilt .
for step in 1 2 3 4 5; do
    wait_for three "Lesson 03 +step $step of 7( |$)"
    wait_for three "press n to run step $step"
    keys three n
    wait_for three "Lesson 03 +step $step of 7: done"
    [ "$step" = 5 ] || keys three n
done
wait_for three 'Number 50 has no handler: -ENOSYS \(-38\)'
wait_for three 'step 5 done, its events marked >; n: step 6'     # whole, 200x50
wait_for three ' Counters  1 failed hypercall '
wait_for three '^> .*pv\.hypercall op=arch_2 result=-38'
keys three q
wait_exit three
echo "PASS: lesson 1 replayed step by step, each step's text beside what it did; lesson 3's -ENOSYS beside its count"
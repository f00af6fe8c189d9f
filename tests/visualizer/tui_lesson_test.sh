#!/usr/bin/env bash
# tui_lesson_test.sh - the guided lesson flow, end to end, at 80x24.
# hvviz starts first and waits for QEMU; the hypervisor's lesson walk
# (selftest=lesson) stops at each checkpoint until n in hvviz travels
# back over COM2 as "advance"; the pane shows each step's text from the
# steps file; the console panel shows COM1; the run ends cleanly (QEMU
# status 65). hvviz --record kept the stream; that recording replays with
# the same rhythm: paused at each checkpoint until n.
#
# usage: tui_lesson_test.sh HVVIZ HV_ELF
set -euo pipefail
HVVIZ=$1
HV_ELF=$2
source "$(dirname "$0")/lib.sh"
LESSON="$(dirname "$0")/fixtures/00-selftest"

# hvviz first: QEMU's sockets do not exist yet.
start_viz v 80 24 "$HVVIZ" --lesson "$LESSON" --console "$WORK/con.sock" \
    --record "$WORK/rec.bin" "$WORK/q.sock"
wait_for v 'waiting for QEMU'
wait_for v 'waiting for the lesson to reach its first step'
CONSOLE_SOCKET="$WORK/con.sock" start_qemu q "selftest=lesson"

wait_for v 'Step 1: The hypervisor stops at its first checkpoint' 30
wait_for v 'Nothing runs until you press n'
wait_for v 'press n to run step 1'
wait_for v 'lesson\.checkpoint lesson=0 step=1 state=waiting'
wait_for v 'step 1 of 3'

# Nothing moves on without the student.
sleep 1     # give a wrongly running guest the time to show itself
screen v | grep -q 'step=1 state=released' && fail "the checkpoint passed by itself"

# n runs step 1; its text stays, with what it did, until n again.
keys v n
wait_for v 'step 1 of 3: done'
wait_for v 'step 1 done, its events marked >; n: step 2'
wait_for v 'lesson\.checkpoint lesson=0 step=1 state=released'
wait_for v 'hv\.control ok=1'
keys v n
wait_for v 'Step 2: Released, and stopped again'
wait_for v 'press n to run step 2'

# The console (COM1) in its own panel.
keys v 9
wait_for v '^ Console  COM1'
wait_for v 'selftest: waiting at step 2'
# Its lines wrapped whole, never cut at 80 columns: the longest recent one.
long=$(tr -d '\r' <"$WORK/q.console" | tail -n 8 | awk 'length > 80' | tail -n 1)
[ -n "$long" ] || fail "no console line longer than 80 columns to look at"
screen v | tr -d ' \n' | grep -qF -- "$(tr -d ' ' <<<"$long")" ||
    fail "the Console panel cuts: $long"
keys v 1

keys v n
wait_for v 'step 2 of 3: done'
keys v n
wait_for v 'Step 3: The last step'
keys v n
wait_for v 'lesson finished'
wait_for v 'hv\.shutdown code=success'
wait_for v 'run ended \(q quits\)'
qemu_status q
[ "$STATUS" = 65 ] || fail "QEMU ended with $STATUS, not 65 (success)"
keys v q
wait_exit v
[ "$STATUS" = 0 ] || fail "hvviz exited with $STATUS"

# hvviz's own recording holds every record it showed, undamaged.
"$HVVIZ" --dump "$WORK/rec.bin" --strict >"$WORK/rec.txt" 2>"$WORK/rec.err" ||
    fail "the recording does not replay cleanly: $(cat "$WORK/rec.err")"
grep -q 'hv.shutdown code=success' "$WORK/rec.txt" || fail "the recording is incomplete"

# The recording, replayed: it stops where the student stopped.
start_viz r 80 24 "$HVVIZ" --lesson "$LESSON" --speed max "$WORK/rec.bin"
wait_for r 'Step 1: The hypervisor stops at its first checkpoint'
wait_for r 'PAUSED'
wait_for r 'press n to run step 1'
keys r n
wait_for r 'step 1 of 3: done'
keys r n
wait_for r 'Step 2: Released, and stopped again'
keys r n
wait_for r 'step 2 of 3: done'
keys r n
wait_for r 'Step 3: The last step'
keys r n
wait_for r 'lesson finished'
wait_for r 'replay ended'
keys r q
wait_exit r

# And unattended: lesson_auto passes every checkpoint.
start_qemu a "selftest=lesson lesson_auto"
wait_socket a
start_viz auto 80 24 "$HVVIZ" --lesson "$LESSON" "$WORK/a.sock"
wait_for auto 'lesson finished' 30
wait_for auto 'state=auto'
qemu_status a
[ "$STATUS" = 65 ] || fail "unattended run ended with $STATUS"
echo "PASS: lesson pane, n over COM2, console panel, replayed and unattended lesson"

#!/usr/bin/env bash
# demo_interrupt_test.sh HVVIZ - Ctrl-C ends a class demo, at once.
#
# ./xenlab demo tour in a terminal (tmux), at its own pace: when its first
# lesson shows step 1, one Ctrl-C (C-c through tmux, as a teacher's
# keyboard sends it: SIGINT to the whole foreground job) must end the
# whole tour, not skip to the next lesson: the launcher says so, exits
# with 130 (a shell's "ended by SIGINT"), and no second lesson starts.
set -euo pipefail
# shellcheck source=tests/visualizer/lib.sh
source "$(dirname "$0")/../tests/visualizer/lib.sh"

start_viz tour 100 30 ./xenlab demo tour --prebuilt .
wait_for tour 'Lesson 01 +step 1 of' 30
keys tour C-c
wait_exit tour 15
# The launcher's own lines are on the terminal once the viewer has gone.
screen tour | grep -q 'demo tour: 2 of' && fail "Ctrl-C skipped to the tour's next lesson"
[ "$STATUS" = 130 ] || fail "./xenlab demo tour exited with $STATUS after Ctrl-C, not 130"
wait_for tour 'demo tour: ended by Ctrl-C in lesson 01 \(1 of 9\)' 5
grep -q 'hvviz: interrupted (Ctrl-C)' "$WORK/tour.err" || fail "the viewer did not say it was interrupted"
echo "PASS: one Ctrl-C ended the tour in its first lesson (status 130)"

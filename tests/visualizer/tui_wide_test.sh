#!/usr/bin/env bash
# tui_wide_test.sh - at 200x50 beside the lesson pane, no number is cut,
# and z gives the focused panel the whole screen, in a terminal (tmux):
# - lesson 11's recording played through its steps (n, as a student): the
#   Rings panel's counts by cause, each whole as --dump's records give it
#   (a cut "4.8k" reads "4.8"), and the Counters title's last number;
# - lesson 1 after step 3: the Events panel zoomed (z) shows a pv.privop
#   line whole, as --dump prints it (it was cut at "outcome=bo").
#
# usage: tui_wide_test.sh HVVIZ
set -euo pipefail
HVVIZ=$1
source "$(dirname "$0")/lib.sh"

# fmt_count (canvas.c) in awk: 664, 1.1k, 12k, 1.2M.
fmt='function fmt(n) { return n < 1000 ? n : n < 10000 ? sprintf("%.1fk", n / 1000) : n < 1000000 ? int(n / 1000) "k" : sprintf("%.1fM", n / 1e6) }'

# Play a lesson's steps 1..LAST as a student does: n runs a step, n again
# after its "done" goes on to the next.
play_steps() {
    local name=$1 last=$2 total=$3 step
    for step in $(seq 1 "$last"); do
        wait_for "$name" "press n to run step $step" 30
        keys "$name" n
        wait_for "$name" "step $step of $total: done|lesson finished" 30
        [ "$step" = "$last" ] || keys "$name" n
    done
}

lesson=lessons/11-xen1-vs-xen2
start_viz l11 200 50 "$HVVIZ" --lesson "$lesson" --speed max "$lesson/trace.bin"
play_steps l11 5 5
wait_for l11 'lesson finished' 30
wait_for l11 'replay ended'
"$HVVIZ" --dump "$lesson/trace.bin" 2>/dev/null |
    awk "$fmt"' $5 == "ring.transition" { split($8, c, "="); n[c[2]]++ }
         END { for (k in n) print k " " fmt(n[k]) }' >"$WORK/causes"
[ -s "$WORK/causes" ] || fail "no ring transitions in $lesson's recording"
while read -r cause count; do
    screen l11 | grep -Eq -- " $cause $count( |$)" ||
        fail "the Rings panel does not show '$cause $count' whole"
done <"$WORK/causes"
# The Counters title: its numbers whole, not a cut "0 hypervisor exce".
wait_for l11 ' Counters  [0-9]+ failed hypercalls? \(f lists\) '

lesson=lessons/01-rings
start_viz l1 200 50 "$HVVIZ" --lesson "$lesson" "$lesson/trace.bin"
play_steps l1 3 6
wait_for l1 'step 3 of 6: done'
keys l1 1 z / privop Enter
wait_for l1 '^ Events  [0-9]+ of [0-9]+  filter: privop'
wait_gone l1 'Lesson 01'        # zoomed: the Events panel alone
"$HVVIZ" --dump "$lesson/trace.bin" 2>/dev/null | awk '$5 == "pv.privop"' | head -n 2 |
    tr -s ' ' | sed 's/^ *//' >"$WORK/privop"
[ -s "$WORK/privop" ] || fail "no pv.privop in $lesson's recording"
while read -r seq line; do      # (spacing aside: the panel's columns differ)
    screen l1 | tr -s ' ' | grep -qF -- "$line" || fail "the zoomed Events panel cuts: $line"
done <"$WORK/privop"
keys l1 z
wait_for l1 'Lesson 01 +step 3 of 6: done'
keys l1 q
wait_exit l1
echo "PASS: at 200x50 the counts are whole and a zoomed Events panel shows whole lines"

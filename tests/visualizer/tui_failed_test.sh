#!/usr/bin/env bash
# tui_failed_test.sh - "Failed hypercalls", as a student meets it in a
# terminal (tmux), replaying lesson 10's recording to its end: the
# Counters panel counts the calls that returned an error, not an iret
# (whose result is the guest's own eax, restored: lesson 10 has two that
# restored -1), and f lists exactly the failed ones in the Events panel.
#
# usage: tui_failed_test.sh HVVIZ TRACE.BIN
set -euo pipefail
HVVIZ=$1
TRACE=$2
source "$(dirname "$0")/lib.sh"

# What the recording holds, by --dump: failed calls that are not irets.
want=$("$HVVIZ" --dump "$TRACE" 2>/dev/null |
       awk '$5 == "pv.hypercall" && $6 != "op=iret" && $7 ~ /^result=-/' | wc -l)
irets=$("$HVVIZ" --dump "$TRACE" 2>/dev/null |
        awk '$5 == "pv.hypercall" && $6 == "op=iret" && $7 ~ /^result=-/' | wc -l)
[ "$want" -gt 0 ] && [ "$irets" -gt 0 ] ||
    fail "the recording should hold failed calls ($want) and irets that restored a negative eax ($irets)"

start_viz v 200 50 "$HVVIZ" --speed max --focus counters "$TRACE"
wait_for v 'replay ended' 30
wait_for v " Counters  $want failed hypercalls? \((/is:failed lists them|f lists)\)"
keys v f
wait_for v "Events  $want of [0-9]+.*filter: is:failed"
shown=$(screen v | awk '$1 ~ /^[0-9]+$/ && $3 ~ /^c[0-9]/' | wc -l)
bad=$(screen v | awk '$1 ~ /^[0-9]+$/ && $3 ~ /^c[0-9]/ && !($5 == "pv.hypercall" && $6 != "op=iret" && $7 ~ /^result=-/)' | wc -l)
[ "$shown" = "$want" ] || fail "f listed $shown events, not the $want failed hypercalls"
[ "$bad" = 0 ] || fail "f listed $bad events that are not failed hypercalls"
keys v q
wait_exit v
echo "PASS: $want failed hypercalls counted and listed; $irets irets that restored -1 are not failures"

#!/usr/bin/env bash
# demo_test.sh HVVIZ LESSON... - autoplay, as an instructor uses it.
#
# 1. hvviz --autoplay on one recording, with nobody at the keyboard: it
#    goes through every checkpoint by itself and quits at the end, having
#    taken in every event of the recording (its --report against --stats).
# 2. ./xenlab demo tour at full speed: each of its lessons plays to its
#    end on its own, in order, and the demo says it is done.
# 3. Live: ./xenlab lesson 4 --autoplay on QEMU; every checkpoint is
#    released with nobody at the keyboard, the run ends cleanly and its
#    trace has every event the lesson expects.
# Without autoplay the replay would stop at the first step for good.
set -euo pipefail
# shellcheck source=tests/visualizer/lib.sh
source "$(dirname "$0")/../tests/visualizer/lib.sh"
hvviz=$1
shift

first=lessons/$1
start_viz one 100 30 "$hvviz" --lesson "$first" --autoplay 0.2 --speed max \
    --report "$WORK/one.report" "$first/trace.bin"
wait_for one 'autoplay: (the next step|step [0-9]+ runs) in' 30
wait_exit one 60
[ "$STATUS" = 0 ] || fail "hvviz --autoplay exited with $STATUS"
want=$("$hvviz" --stats "$first/trace.bin" 2>/dev/null | sed -n 's/^trace: \([0-9]*\) events.*/\1/p')
got=$(sed -n 's/^events //p' "$WORK/one.report")
if [ -z "$want" ] || [ "$got" != "$want" ]; then
    fail "autoplay took in $got of the recording's $want events"
fi

start_viz tour 100 30 ./xenlab demo tour --pace 0.2 --speed max --prebuilt .
wait_exit tour 300
[ "$STATUS" = 0 ] || fail "./xenlab demo tour exited with $STATUS: $(cat "$WORK/tour.err")"
# Each lesson's visualizer took in its whole recording, in the tour's
# order: the summaries they left on stderr, against each recording's own.
got_counts=$(sed -n 's/^hvviz: \([0-9]*\) events.*/\1/p' "$WORK/tour.err" | tr '\n' ' ')
want_counts=""
for l in "$@"; do
    want_counts+="$("$hvviz" --stats "lessons/$l/trace.bin" 2>/dev/null |
        sed -n 's/^trace: \([0-9]*\) events.*/\1/p') "
done
[ "$got_counts" = "$want_counts" ] ||
    fail "the tour's lessons took in '$got_counts' events, their recordings hold '$want_counts'"
wait_for tour 'demo tour: done' 10
start_viz live 100 30 ./xenlab lesson 4 --autoplay 0.5 --prebuilt . --rundir "$WORK/live"
wait_exit live 120
[ "$STATUS" = 0 ] || fail "./xenlab lesson 4 --autoplay exited with $STATUS: $(cat "$WORK/live.err")"
"$hvviz" --check lessons/04-syscalls/expect "$WORK/live/trace.bin" >"$WORK/live.check" 2>&1 ||
    fail "the live autoplay run missed expected events: $(cat "$WORK/live.check")"
echo "PASS: autoplay played $got events alone; the tour played $# lessons to their ends; lesson 4 ran live by itself"

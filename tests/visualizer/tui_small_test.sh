#!/usr/bin/env bash
# tui_small_test.sh - small things a student trips over, in a terminal
# (tmux), on a replay:
# - the ? help is whole at 80x24 and at 200x50: every key's line and every
#   panel's line complete inside a drawn border (at 80x24 the panels are a
#   second page: ? again);
# - after g (back to the start) the rate on the status line is a rate, not
#   an unsigned wrap-around ("66 ev 18295839513708M/s").
#
# usage: tui_small_test.sh HVVIZ TRACEGEN
set -euo pipefail
HVVIZ=$1
TRACEGEN=$2
source "$(dirname "$0")/lib.sh"

"$TRACEGEN" --events 200000 --rate 50000 >"$WORK/trace.bin"

# Every line of the help, whole, between the border's two sides.
keys_lines=('this help (any key closes it)' 'the failed hypercalls in the log (filter is:failed)'
            'filter the log (c:CLASS d:DOM is:failed text); Esc clears')
panel_lines=("each vCPU's ring: 0 hypervisor, 1 guest kernel, 3 guest user"
             'every record as --dump prints it; / filters, arrows scroll'
             'shared rings as slots: producer and consumer indices')
whole() {   # NAME TEXT: TEXT on a row, inside the border's two sides
    screen "$1" | awk -v t="$2" '
        (i = index($0, t)) {
            pre = substr($0, 1, i - 1); rest = substr($0, i + length(t))
            if (pre ~ /[│|] +[^│|]*$/ && rest ~ /^ *[│|]/) ok = 1
        }
        END { exit !ok }' || fail "help line '$2' is not whole inside the border"
}

start_viz v 80 24 "$HVVIZ" --speed 10 "$WORK/trace.bin"
wait_for v 'replay'
keys v '?'
wait_for v 'hvviz help'
wait_for v '[┌+][─-]+ hvviz help'
for l in "${keys_lines[@]}"; do whole v "$l"; done
wait_for v '\? again: what each panel shows'
keys v '?'
wait_for v '[│|] Panels '
for l in "${panel_lines[@]}"; do whole v "$l"; done
keys v x
wait_gone v 'hvviz help'

tm resize-window -t v -x 200 -y 50
keys v '?'
wait_for v 'hvviz help'
wait_for v '[│|] 8 Lesson|[│|] 7 Counters '
for l in "${keys_lines[@]}" "${panel_lines[@]}"; do whole v "$l"; done
keys v x
wait_gone v 'hvviz help'

keys v q
wait_exit v

# g: back to the start of the recording, paused there, so the model holds
# far fewer records than at the last measurement of the rate (once a
# second, at a redraw): each measurement after must still be a rate.
start_viz r 80 24 "$HVVIZ" "$WORK/trace.bin"
wait_for r ' ev [1-9][0-9.]*k/s'        # measured: the clock is running
keys r G
# ... then the end: a jump, and a measurement with no new records (0/s).
wait_for r 'replay ended +lost 0 +200k ev [1-9][0-9.]*[kM]?/s'
wait_for r 'replay ended +lost 0 +200k ev 0/s'
keys r Space
wait_for r 'PAUSED'
keys r g
deadline=$((SECONDS + 5)) looked=0
while [ "$SECONDS" -lt "$deadline" ]; do
    line=$(screen r | head -n 1)
    rate=$(sed -n 's/.* ev \([0-9.]*[kM]\{0,1\}\)\/s.*/\1/p' <<<"$line")
    [ -n "$rate" ] || continue
    [[ "$rate" =~ ^[0-9]{1,3}(\.[0-9])?[kM]?$ ]] || fail "after g the rate reads '$rate/s'"
    looked=$((looked + 1))
    sleep 0.02
done
[ "$looked" -gt 0 ] || fail "no rate on the status line after g"
keys r q
wait_exit r
echo "PASS: help whole at 80x24 and 200x50, rates after g sane"

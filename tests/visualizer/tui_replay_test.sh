#!/usr/bin/env bash
# tui_replay_test.sh - hvviz replaying a recording, driven like a student
# would in a real terminal (tmux): every panel renders at 80x24 and at
# 200x50 (resized live), Tab focuses each panel, help opens and closes,
# the filter filters, pause stops the clock, . steps exactly one event,
# speed and seeking work, NO_COLOR gives a monochrome screen, q quits;
# losses (LOST records, sequence gaps, bad frames) are on the screen.
#
# usage: tui_replay_test.sh HVVIZ TRACEGEN
set -euo pipefail
HVVIZ=$1
TRACEGEN=$2
source "$(dirname "$0")/lib.sh"

"$TRACEGEN" --events 300000 --rate 100000 >"$WORK/trace.bin"

start_viz v 80 24 "$HVVIZ" --speed 0.1 "$WORK/trace.bin"
wait_for v 'replay'
for label in '^2 Rings ' '^3 Scheduler ' '^4 Memory ' '^5 TLB ' '^6 I/O rings ' \
             '^7 Counters ' '^ Events  ' 'ring\.transition'; do
    wait_for v "$label" 5
done
screen v | grep -q 'lost 0' || fail "a clean recording shows losses"

# Tab gives each panel the big area: its title bar starts a row.
for title in 'Rings  [0-9.k]+ transitions' 'Scheduler  [0-9]+ switches' 'Memory  pages' \
             'TLB  [0-9.k]+ flushes' 'I/O rings  [0-9]+ event-channel' \
             'Counters  [0-9]+ failed' 'Events  '; do
    keys v Tab
    wait_for v "^ $title" 5
done
keys v 5
wait_for v '^ TLB  ' 5
keys v 1
wait_for v '^ Events  ' 5

# Help, then any key closes it.
keys v '?'
wait_for v 'hvviz help'
wait_for v 'Tab 1-9 +focus the next panel'
keys v x
wait_gone v 'hvviz help'

# Filter: only TLB flushes in the log.
keys v / c:tlb Enter
wait_for v 'filter: c:tlb'
wait_for v 'tlb\.flush'
others=$(screen v | awk '$1 ~ /^[0-9]+$/ && $3 ~ /^c[0-9]/ && $5 != "tlb.flush"' | wc -l)
[ "$others" = 0 ] || fail "the filter c:tlb let $others other events through"
keys v Escape
wait_gone v 'filter: c:tlb'
keys v d
wait_for v 'filter: d:hv'
keys v d
wait_for v 'filter: d:0'
keys v Escape
wait_gone v 'filter: '

# Pause: the replay clock stops; . takes exactly one more event.
keys v Space
wait_for v 'PAUSED'
before=$(last_seq v)
clock=$(screen v | grep -o 't [0-9.]*s' | head -n 1)
sleep 1     # let a running clock show itself (it must not move)
[ "$(last_seq v)" = "$before" ] || fail "events arrived while paused"
[ "$(screen v | grep -o 't [0-9.]*s' | head -n 1)" = "$clock" ] || fail "the clock moved while paused"
keys v .
wait_for v "^ +$((before + 1)) "
[ "$(last_seq v)" = "$((before + 1))" ] || fail ". took more than one event"
keys v Space
wait_gone v 'PAUSED'

# Speed up and down; seek to the end and back to the start.
keys v +
wait_for v '0\.25x'
keys v -
wait_for v '0\.1x'
keys v G
wait_for v 'replay ended'
wait_for v '100%'
wait_for v 'Events  262k of 300k'    # the log keeps the newest 2^18
keys v g
wait_for v 't 0\.[0-9]s'

# Resize to 200x50: every panel in full, side by side.
tm resize-window -t v -x 200 -y 50
for title in '^ Rings  ' ' Counters  ' ' Memory  ' ' TLB  ' ' I/O rings  ' ' Scheduler  ' \
             '^ Events  ' 'VM exits by reason' 'vCPU +ring0' 'free pool'; do
    wait_for v "$title" 5
done
[ "$(screen v | wc -l)" = 50 ] || fail "the screen is not 50 rows"
tm resize-window -t v -x 80 -y 24
wait_for v '^2 Rings '

keys v q
wait_exit v
[ "$STATUS" = 0 ] || fail "hvviz exited with $STATUS"
grep -q '^hvviz: [0-9]* events, 0 lost' "$WORK/v.err" || fail "no summary on stderr"

# Colour by default, none with NO_COLOR (bold and reverse remain).
start_viz colour 80 24 "$HVVIZ" --paused "$WORK/trace.bin"
start_viz mono 80 24 env NO_COLOR=1 "$HVVIZ" --paused "$WORK/trace.bin"
wait_for colour 'PAUSED'
wait_for mono 'PAUSED'
colours='\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m'
tm capture-pane -e -p -t colour | grep -Eq "$colours" || fail "no colours by default"
if tm capture-pane -e -p -t mono | grep -Eq "$colours"; then
    fail "colours despite NO_COLOR"
fi
tm capture-pane -e -p -t mono | grep -q $'\e\[[0-9;]*7[;m]' || fail "monochrome lost its reverse video"
# Losses: what the hypervisor reported, and what went missing on the way.
"$TRACEGEN" --events 20000 --lossy >"$WORK/lossy.bin"
"$TRACEGEN" --events 20000 --garbage 500 >"$WORK/damaged.bin"
start_viz lossy 80 24 "$HVVIZ" --speed max "$WORK/lossy.bin"
wait_for lossy 'LOST [1-9][0-9]* \(hv [1-9][0-9]* gap 0 bad 0\)'
keys lossy / c:gen Enter
wait_for lossy 'gen\.lost count=[1-9]'
start_viz damaged 80 24 "$HVVIZ" --speed max "$WORK/damaged.bin"
wait_for damaged 'LOST [1-9][0-9]* \(hv 0 gap [1-9][0-9]* bad [1-9][0-9]*\)'
wait_for damaged '-- [1-9][0-9]* events missing \(sequence gap\) --'
echo "PASS: replay screens, keys, resize, monochrome and losses"

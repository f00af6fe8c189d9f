#!/usr/bin/env bash
# tui_live_test.sh - hvviz on the real hypervisor in real QEMU, at 80x24.
# Under selftest=flood: events appear live, every panel fills, pause
# holds the log while events keep coming. (Losses on screen are tested
# on recordings, tui_replay_test: when the flood outruns COM2 depends on
# the hypervisor's drain.) A pty source (QEMU -serial pty) with control
# lines going back. QEMU killed: "DISCONNECTED", and the log is still there. QEMU
# started again on the same socket: hvviz reconnects by itself and the
# new run's events follow.
#
# usage: tui_live_test.sh HVVIZ HV_ELF
set -euo pipefail
HVVIZ=$1
HV_ELF=$2
source "$(dirname "$0")/lib.sh"

start_qemu q "selftest=flood"
wait_socket q
start_viz v 80 24 "$HVVIZ" --record "$WORK/rec.bin" "$WORK/q.sock"
wait_for v ' live '
wait_for v 'ring\.transition' 30
# The stream header has scrolled away by now; the filter finds it.
keys v / c:hv Enter
wait_for v 'hv\.stream magic=0x52544c58 version=1 tsc_khz=[1-9]'
keys v Escape
wait_for v 'ring\.transition' 
for summary in '^2 Rings +d0v0:r' '^3 Scheduler cpu0:d' '^4 Memory +d0 ' '^5 TLB +[0-9]+/s' \
               '^6 I/O rings d0:0 req ' '^7 Counters +hypercalls [0-9.k]+ '; do
    wait_for v "$summary" 30
done

# Live: the newest event keeps changing.
first=$(last_seq v)
deadline=$((SECONDS + 20))
until [ "$(last_seq v)" -gt "$first" ]; do
    [ "$SECONDS" -le "$deadline" ] || fail "no new events after $first"
    sleep 0.1
done


# Pause holds the live log still while events keep arriving.
keys v Space
wait_for v 'PAUSED'
held=$(screen v | grep -E '^ +[0-9]+ ' | tail -n 1)
count=$(screen v | head -n 1 | grep -o ' [0-9.k]* ev ')
deadline=$((SECONDS + 20))
while [ "$(screen v | head -n 1 | grep -o ' [0-9.k]* ev ')" = "$count" ]; do
    [ "$SECONDS" -le "$deadline" ] || fail "the event count stopped while paused"
    sleep 0.2
done
[ "$(screen v | grep -E '^ +[0-9]+ ' | tail -n 1)" = "$held" ] || fail "the paused log moved"
keys v Space
wait_gone v 'PAUSED'

# QEMU goes away: the log stays, the status says so.
stop_qemu q
wait_for v 'DISCONNECTED'
lines=$(screen v | grep -cE '^ +[0-9]+ +[0-9.]+ c0 ')
[ "$lines" -ge 5 ] || fail "the log was lost on disconnection ($lines lines left)"

# QEMU is back on the same socket: hvviz reconnects within seconds.
start_qemu q "selftest=idle"
wait_for v ' live ' 15
wait_for v 'lesson\.mark lesson=0 what=1' 30
wait_gone v 'DISCONNECTED'

# Whatever was lost, the screen and the summary on exit agree.
if screen v | grep -q 'LOST '; then
    lost=$(screen v | sed -n 's/.*LOST [0-9]* (hv \([0-9]*\) .*/\1/p' | head -n 1)
else
    lost=0
fi
keys v q
wait_exit v
[ "$STATUS" = 0 ] || fail "hvviz exited with $STATUS"
grep -Eq "^hvviz: [0-9]+ events, $lost lost" "$WORK/v.err" ||
    fail "the screen said $lost lost, the summary: $(cat "$WORK/v.err")"
stop_qemu q
# The recording kept both runs (a stream header each, or more if hvviz
# asked for one again).
"$HVVIZ" --stats "$WORK/rec.bin" 2>/dev/null | grep -Eq '; [2-9] streams, TSC' ||
    fail "the recording does not hold both runs: $("$HVVIZ" --stats "$WORK/rec.bin" 2>&1 | tail -n 4)"

# A pty source (QEMU -serial pty) works both ways: m sends a recording
# mask back over the pty ("mask 0x60001": ring transitions and the
# stream's own records), and the hypervisor's new header confirms it.
qemu-system-x86_64 -machine pc -cpu max -m 128 -display none -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -monitor none \
    -kernel "$HV_ELF" -append "selftest=idle" \
    -chardev "file,id=com1,path=$WORK/p.console" -serial chardev:com1 \
    -chardev pty,id=com2 -serial chardev:com2 -serial null >"$WORK/p.out" 2>"$WORK/p.qemu" &
QEMU_PID[p]=$!
deadline=$((SECONDS + 20))
until pty=$(sed -n 's/.*redirected to \(\/dev\/pts\/[0-9]*\).*/\1/p' "$WORK/p.out") && [ -n "$pty" ]; do
    [ "$SECONDS" -le "$deadline" ] || fail "QEMU named no pty: $(cat "$WORK/p.out" "$WORK/p.qemu")"
    sleep 0.1
done
start_viz pty 120 30 "$HVVIZ" "$pty"
wait_for pty "$pty live"
wait_for pty 'lesson\.mark lesson=0 what=1' 30
keys pty m ring Enter
wait_for pty 'sent "mask 0x60001"'
keys pty / c:hv Enter
wait_for pty 'hv\.control ok=1 text=mask'
wait_for pty 'hv\.stream magic=0x52544c58 .* mask=0x60001'
# b: a balloon target travels the same way (no domain 1 here: refused,
# and the refusal is traced, ok=0).
keys pty b '1 2048' Enter
wait_for pty 'asked d1 to hold 2048 pages'
wait_for pty 'hv\.control ok=0 text=ball'
keys pty q
wait_exit pty
stop_qemu p
echo "PASS: live flood, pause, disconnect and reconnect, pty both ways"

#!/usr/bin/env bash
# autoplay_pc_test.sh - a class demo on a spare PC with nobody at the
# keyboard: the instructor opens the ISO menu's autoplay submenu, picks
# lesson 04, and lets go. Each step goes on by itself after its pause
# (autoplay=8 on the hypervisor's command line), and the lesson ends
# cleanly without another key.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

XENLAB_QEMU_EXTRA="-smbios type=1,manufacturer=Spare-PC-Maker" boot_held

# The menu waits (10 s) only off QEMU. Its first screen: the hypervisor
# alone, the fault demo, the first lessons; the autoplay submenu comes
# after lessons 01-12 (the 15th entry) and scrolls into view.
wait_console 'Lesson 04: Fast system calls and bounced traps'
for ((i = 1; i < 15; i++)); do
    monitor sendkey down
done
wait_console 'Class demo: a lesson on autoplay'
monitor sendkey ret
wait_console 'Lesson 04: Fast system calls and bounced traps \(autoplay\)'
for ((i = 1; i < 4; i++)); do
    monitor sendkey down
done
monitor sendkey ret
wait_console 'command line: .*autoplay=8'
for s in 1 2 3; do
    wait_console "^\(hv\) lesson 4: step $s - going on in 8 s"
done
boot_held_status
[ "$STATUS" = 0 ] || fail "the lesson ended with status $STATUS: $(cat "$TEST_TMPDIR/launcher.out")"
tr -d '\r' <"$run/console.log" | grep -q 'Test result: SUCCESS' ||
    fail "lesson 04 did not finish by itself"
echo "PASS: lesson 04 picked from the ISO's autoplay menu ran to its end with no key pressed"

#!/usr/bin/env bash
# spare_pc_test.sh - the class demo on a spare PC, rehearsed: the ISO
# boots on a machine that is not QEMU as far as GRUB can tell (another
# SMBIOS maker), so the menu waits as on a PC; the instructor picks lesson
# 07 with the arrow keys and Enter, and steps through it with n on the
# keyboard. Nothing but the PC's keyboard drives it.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

XENLAB_QEMU_EXTRA="-smbios type=1,manufacturer=Spare-PC-Maker" boot_held

# The menu waits (10 s) only off QEMU; it is on the serial console too.
wait_console 'Lesson 07: Page tables through the hypervisor'
# The menu's order is the ISO's boots in //:BUILD: the hypervisor alone,
# the fault demo, then lessons 01-08. Lesson 07 is the 9th entry.
entry=9
for ((i = 1; i < entry; i++)); do
    monitor sendkey down
done
monitor sendkey ret
wait_console 'command line: .*'
tr -d '\r' <"$run/console.log" | grep -q 'name=mmu' || fail "GRUB did not boot lesson 07"
for s in 1 2 3 4; do
    wait_console "^\(hv\) lesson 7: step $s - press n"
    monitor sendkey n
    wait_console "^\(d0\) Step $s"
done
boot_held_status
[ "$STATUS" = 0 ] || fail "the lesson ended with status $STATUS: $(cat "$TEST_TMPDIR/launcher.out")"
echo "PASS: lesson 07 picked from the ISO's menu and stepped through with the keyboard"

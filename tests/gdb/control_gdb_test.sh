#!/usr/bin/env bash
# control_gdb_test.sh - a real GDB on lesson 13 in real QEMU, the rest of
# what the stub offers: one thread resumed alone (vCont;c:2), a hardware
# watchpoint firing on each write, a hardware breakpoint, the hypervisor's
# slice and unmapped memory refused, the monitor, Ctrl-C (SIGINT to GDB
# while the ticker runs stops it), the ticker beating on while dom0 is
# held (`monitor others run`), and still a clean end.
set -euo pipefail
# shellcheck source=tests/gdb/lib.sh
source "$(dirname "$0")/lib.sh"

start_lesson
start_gdb tests/gdb/control.gdb

# The script's last `continue` lets the ticker run alone: interrupt it
# once it is really running (a heartbeat line since GDB said so).
alone() {
    grep -q 'CONTINUING ALONE' "$gdb_out" &&
        grep -q '(d1) heartbeat 100' "$run/console.log"
}
wait_for "ticker running alone under GDB" 30 alone
kill -INT "$gdb_pid"
finish_gdb

expect "$gdb_out" 'Thread 2 hit Hardware watchpoint 1: heartbeats'
expect "$gdb_out" 'Old value = 0'
expect "$gdb_out" 'New value = 1'
expect "$gdb_out" 'New value = 2'
expect "$gdb_out" 'Hardware assisted breakpoint 2 at'
expect "$gdb_out" 'Thread 2 hit Breakpoint 2, guest_sleep_ms (ms=10)'
expect "$gdb_out" '* 2    Thread 2 (dom1 vcpu0 (ticker))   guest_sleep_ms'
expect "$gdb_out" 'refused: x/x 0xf5800000: Cannot access memory at address 0xf5800000'
expect "$gdb_out" 'refused: x/x 0x1000: Cannot access memory at address 0x1000'
expect "$gdb_out" 'refused: set var *(char *)0xf5800000 = 1: Cannot access memory'
expect "$gdb_out" '  1 ticker              0 '
expect "$gdb_out" 'debug.refused why=6 packet=mf58'
expect "$gdb_out" ' -tlb '
expect "$gdb_out" 'Thread 2 received signal SIGINT, Interrupt.'
expect "$gdb_out" 'others run: while GDB holds a vCPU, other domains keep running'
expect "$gdb_out" 'Thread 1 hit Breakpoint 3, stop_ticker ()'
expect "$gdb_out" '  0 debuggee            0 runnable  yes '
expect "$gdb_out" 'ticker beat on while dom0 was held: yes'
expect "$gdb_out" 'others stop: while GDB holds a vCPU, every vCPU is held'
expect "$gdb_out" '[Inferior 1 (Remote target) exited normally]'
finish_run 0
expect "$run/console.log" '(d0) Test result: SUCCESS: lesson 13 done'

visualizer/hvviz --dump "$run/trace.bin" >"$TEST_TMPDIR/dump.txt"
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=1 vcpu=0 reason=watchpoint'
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=1 vcpu=0 reason=breakpoint'
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=1 vcpu=0 reason=interrupt'
expect "$TEST_TMPDIR/dump.txt" 'debug.refused why=hypervisor-slice'
expect "$TEST_TMPDIR/dump.txt" 'debug.refused why=bad-address'
echo "PASS: vCont per thread, watch, hbreak, refusals, monitor, Ctrl-C"

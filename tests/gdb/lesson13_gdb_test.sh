#!/usr/bin/env bash
# lesson13_gdb_test.sh - a real GDB debugs lesson 13's guest in real QEMU,
# through the hypervisor's stub on COM3: break at a guest function, bt,
# every domain's vCPU in `info threads`, print a global, stepi across
# int $0x82 (one step, result in eax), x/4x, write guest memory, delete,
# continue to the guest's clean shutdown; the trace shows the stops.
set -euo pipefail
# shellcheck source=tests/gdb/lib.sh
source "$(dirname "$0")/lib.sh"

start_lesson
start_gdb tests/gdb/session.gdb
finish_gdb

expect "$gdb_out" 'Thread 1 (dom0 vcpu0 (debuggee))'
expect "$gdb_out" 'Thread 2 (dom1 vcpu0 (ticker))'
expect "$gdb_out" 'Thread 1 hit Breakpoint 1, collect_facts (f=0xc'
expect "$gdb_out" 'in debuggee () at lessons/13-debugging/debugging.c'
expect "$gdb_out" 'guest_main () at lessons/13-debugging/debugging.c'
expect "$gdb_out" '= {version = 196612, extra = "-xenlab'
expect "$gdb_out" 'hypercalls = 3}'
expect "$gdb_out" '= 0xf5800000'
expect "$gdb_out" '<facts>:	0x00030004	0x6e65782d	0x0062616c	0x00000000'
# xen_version's stub is hypercall_page + 17 * 32: mov (5 bytes), int
# $0x82 at +549, ret at +551. One stepi from the int lands on the ret,
# the hypercall done and its result in eax.
expect "$gdb_out" '<hypercall_page+549>:	int    $0x82'
expect "$gdb_out" '<hypercall_page+551>:	ret'
expect "$gdb_out" '= 0x30004'
expect "$gdb_out" '  0 debuggee            0 '
expect "$gdb_out" '[Inferior 1 (Remote target) exited normally]'
finish_run 0

# GDB's write reached the guest: 40, then its own increment.
expect "$run/console.log" 'hypervisor at f5800000, 41 hypercalls }'
expect "$run/console.log" '(d0) Test result: SUCCESS: lesson 13 done'
visualizer/hvviz --dump "$run/trace.bin" >"$TEST_TMPDIR/dump.txt"
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=0 vcpu=0 reason=breakpoint'
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=1 vcpu=0 reason=interrupt'
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=0 vcpu=0 reason=step'
expect "$TEST_TMPDIR/dump.txt" 'debug.resume dom=0 vcpu=0 mode=step'
expect "$TEST_TMPDIR/dump.txt" 'debug.resume dom=0 vcpu=0 mode=continue'
echo "PASS: break, bt, threads, print, stepi over int \$0x82, x/4x, set var, continue to the end"

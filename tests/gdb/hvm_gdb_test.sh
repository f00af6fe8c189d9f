#!/usr/bin/env bash
# hvm_gdb_test.sh - a real GDB on lesson 12's hardware-assisted guest in
# real QEMU: its vCPU is a thread, a breakpoint in kernel_main stops it
# (int3 in the guest, caught as a VM exit), eip and esp come from its
# VMCB, stepi moves it one instruction (EFLAGS.TF, a #DB exit), memory
# is read through the nested page tables, and without the breakpoint the
# kernel runs to its clean end.
set -euo pipefail
LESSON=12
LESSON_DIR=lessons/12-hardware-assisted
# shellcheck source=tests/gdb/lib.sh
source "$(dirname "$0")/lib.sh"

start_lesson
start_gdb tests/gdb/hvm.gdb
finish_gdb

expect "$gdb_out" '* 1    Thread 1 (dom0 vcpu0 (unmodified))'
expect "$gdb_out" 'Breakpoint 1, kernel_main () at lessons/12-hardware-assisted/unmodified.c'
expect "$gdb_out" '<kernel_main>'
expect "$gdb_out" '<kernel_main+1>'
# The image's first instruction, mov $0x180000,%esp: bc 00 00 18.
expect "$gdb_out" '= 0x180000bc'
# After enable_paging: 0xc0200000 is its own alias of 0x200000, where
# step 3 wrote 0x5eed0000.
expect "$gdb_out" 'Breakpoint 2, enable_paging ()'
expect "$gdb_out" '= 0x5eed0000'
expect "$gdb_out" '[Inferior 1 (Remote target) exited normally]'
finish_run 0
expect "$run/console.log" '(d0) Test result: SUCCESS: an unmodified kernel ran under SVM'

visualizer/hvviz --dump "$run/trace.bin" >"$TEST_TMPDIR/dump.txt"
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=0 vcpu=0 reason=breakpoint'
expect "$TEST_TMPDIR/dump.txt" 'debug.stop dom=0 vcpu=0 reason=step'
echo "PASS: GDB broke into, stepped and read an unmodified kernel under SVM"

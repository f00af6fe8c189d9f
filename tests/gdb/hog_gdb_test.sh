#!/usr/bin/env bash
# hog_gdb_test.sh - GDB's stepi over int $0x82 is one instruction even
# when the hypercall is continued: the hog's 4M-request mmu_update is
# sent back to its int $0x82 hundreds of times (the peer ticks in
# between), and one stepi still ends on the stub's ret, with the whole
# batch's result (-EFAULT, from the request past the end) in eax.
set -euo pipefail
BOOT=tests/guests/hog.boot
SYMBOLS=tests/guests/hog.elf
# shellcheck source=tests/gdb/lib.sh
source "$(dirname "$0")/lib.sh"

start_lesson
start_gdb tests/gdb/hog.gdb
finish_gdb

expect "$gdb_out" '<hypercall_page+37>:	int    $0x82'
expect "$gdb_out" '= 0x400001'
expect "$gdb_out" '<hypercall_page+39>:	ret'
expect "$gdb_out" '= -14'
finish_run 0
expect "$run/console.log" '(d1) Test result: SUCCESS: '
visualizer/hvviz --dump "$run/trace.bin" >"$TEST_TMPDIR/dump.txt"
# In trace order: a step begins, the call is continued (more than once),
# the step ends. (The condition's misses are steps too, over small calls.)
awk '/ debug.resume dom=1 vcpu=0 mode=step/ { s = 1; p = 0 }
     s && / pv.hypercall_preempted op=mmu_update / { p++ }
     s && / debug.stop dom=1 vcpu=0 reason=step/ { if (p > 1) { ok = 1; exit } s = 0 }
     END { exit !ok }' "$TEST_TMPDIR/dump.txt" ||
    fail "the step did not span a continued mmu_update: $(grep -E ' debug\.| pv.hypercall_preempted op=mmu_update' "$TEST_TMPDIR/dump.txt" | head -n 20)"
echo "PASS: one stepi over a continued mmu_update, its result in eax"

#!/usr/bin/env bash
# debugregs_test.sh - GDB watches a PV domain's variable with a hardware
# watchpoint (tests/hvm/watched.c) while an unmodified kernel under SVM
# writes debug registers of its own and exits all the time
# (tests/hvm/debugregs.c). Every write to the variable stops GDB: the
# guest's DR0-DR3 stay the guest's, the host's DR0-DR3 and DR7 the
# host's. The last two arguments: the GDB script and the PV kernel.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
script=${boot_args[-2]}
symbols=${boot_args[-1]}
boot_args=("${boot_args[@]:0:${#boot_args[@]}-2}" --append gdb_wait)
gdb_out="$TEST_TMPDIR/gdb.out"

boot_held
for _ in $(seq 300); do
    [ -S "$run/gdb.sock" ] && break
    kill -0 "$BOOT_PID" 2>/dev/null || fail "the run ended before its debugger socket"
    sleep 0.1
done
[ -S "$run/gdb.sock" ] || fail "no debugger socket"
cmd=$("$launcher" gdb --run "$run" --symbols "$symbols" --print -- -nx -batch -x "$script") ||
    fail "xenlab gdb --print failed"
(eval "exec timeout 60 $cmd" >"$gdb_out" 2>&1) || fail "GDB failed: $(cat "$gdb_out")"
boot_held_status
[ "$STATUS" = 0 ] || fail "xenlab run ended with $STATUS: $(cat "$gdb_out")"
hits=$(grep -c 'hit Hardware watchpoint 1: beats' "$gdb_out" || true)
[ "$hits" -ge 5 ] || fail "GDB stopped on $hits of the 5 writes to beats: $(cat "$gdb_out")"
grep -q '^New value = 5$' "$gdb_out" || fail "GDB never saw beats reach 5"
console=$(tr -d '\r' <"$run/console.log")
grep -q '^(d1) Test result: SUCCESS: my debug registers stayed mine$' <<<"$console" ||
    fail "the SVM guest's own debug registers changed"
grep -q '^(d0) Test result: SUCCESS: beat 5 times$' <<<"$console" || fail "the watched domain did not finish"
echo "PASS: a hardware watchpoint held through an SVM guest's exits and its own debug registers"

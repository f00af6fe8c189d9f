#!/usr/bin/env bash
# hostile_test.sh - four unmodified kernels attack from their own ring 0
# (tests/hvm/hostile.c): the ports that would reset or reprogram the PC
# go nowhere; the MSR write, VMRUN, the write past their memory and the
# triple fault each crash that domain, with its exit in the console and
# the trace; the PV victim's memory stays intact and every frame comes
# back.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 1                                  # domains crashed: status 1
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
for n in 1 2 3 4; do
    grep -q "^(d$n) ports written; the machine is still here" <<<"$console" ||
        fail "attack $n did not get past the ports"
    grep -q "^(hv) d$n (attack$n) crashed: a VM exit it could not handle" <<<"$console" ||
        fail "attack $n did not crash its own domain"
done
grep -q 'the attack went through' <<<"$console" && fail "an attack went through"
# The MSR write (#GP) and VMRUN (#UD) are answered as a CPU without SVM
# would; with no IDT to take them, those kernels triple fault too.
for exit in 0x400 0x7f; do
    grep -q "VM exit $exit at rip" <<<"$console" || fail "no domain was stopped at exit $exit"
done
grep -q '^(d0) Test result: SUCCESS: all .* words intact' <<<"$console" ||
    fail "the victim's memory was not intact"
grep -q '^(hv) memory: every frame came back' <<<"$console" || fail "frames were missing at the end"
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>"$run/dump.err" || fail "trace does not decode"
for what in 'exit=msr' 'exit=vmrun' 'exit=shutdown' 'hvm.npf .*outcome=killed'; do
    grep -q "$what" "$run/dump.txt" || fail "the trace has no $what"
done
echo "PASS: four hostile unmodified kernels crashed only themselves; the victim is intact"

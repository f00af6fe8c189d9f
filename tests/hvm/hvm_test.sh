#!/usr/bin/env bash
# hvm_test.sh - an unmodified kernel under AMD SVM with nested paging:
# it boots, learns from cpuid that a hypervisor is underneath, writes
# COM1 and touches 256 fresh pages, each first touch a nested page fault
# that the hypervisor fills; then it halts and is powered off. A
# paravirtual domain 0 runs beside it, and a second copy too: the timer
# interrupts each (an intr exit) and the scheduler runs them in turns.
# Every frame comes back at the end.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q '^(hv) svm: AMD SVM with nested paging' <<<"$console" || fail "SVM was not turned on"
grep -q '^(d1) Step 1: hello from an unmodified kernel' <<<"$console" || fail "the guest said nothing on COM1"
grep -q '^(d1) Step 2: cpuid says a hypervisor is underneath: xenlabxenlab' <<<"$console" ||
    fail "cpuid was not answered by the hypervisor"
for d in d1 d2; do
    grep -q "^($d) Test result: SUCCESS: an unmodified kernel ran under SVM" <<<"$console" ||
        fail "$d did not finish"
done
grep -q '^(d0) Test result: SUCCESS' <<<"$console" || fail "the PV domain beside it did not finish"
grep -q '^(hv) memory: every frame came back' <<<"$console" || fail "frames were missing at the end"
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>"$run/dump.err" || fail "trace does not decode"
npf=$(grep -c ' hvm.npf ' "$run/dump.txt" || true)
[ "$npf" -ge 512 ] || fail "only $npf nested page faults for 2 x 256 fresh pages"
turns=$(grep -c ' sched.switch prev=[12] .* next=[12] ' "$run/dump.txt" || true)
[ "$turns" -ge 2 ] || fail "the two hardware-assisted vCPUs did not take turns ($turns switches)"
for reason in cpuid ioio npf intr hlt; do
    grep -q " hvm.vmexit .*exit=$reason" "$run/dump.txt" || fail "no $reason exit in the trace"
done
echo "PASS: two unmodified kernels under SVM beside a PV one: $npf nested page faults, $turns switches between them, exits traced"

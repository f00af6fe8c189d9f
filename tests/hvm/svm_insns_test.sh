#!/usr/bin/env bash
# svm_insns_test.sh - an unmodified kernel runs every instruction it must
# not run natively (tests/hvm/svm_insns.c). Each is answered as a CPU
# without SVM would answer it - #UD or #GP through the kernel's own IDT,
# or emulated and stepped over by its decoded length, prefix included -
# and each is a VM exit in the trace. Beside it a PV domain keeps ticking
# and the PV victim's memory stays intact; every frame comes back.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
wrong=$(grep '^(d2) step .*(wrong)$' <<<"$console" || true)
[ -z "$wrong" ] || fail "steps answered wrongly: $wrong"
grep -q '^(d2) Test result: SUCCESS: every step answered as a CPU without SVM$' <<<"$console" ||
    fail "the unmodified kernel did not finish its steps"
grep -q '^(d1) Test result: SUCCESS: reached 100 ticks$' <<<"$console" ||
    fail "the PV domain beside it stopped ticking"
grep -q '^(d0) Test result: SUCCESS: all .* words intact' <<<"$console" ||
    fail "the victim's memory was not intact"
grep -q '^(hv) memory: every frame came back' <<<"$console" || fail "frames were missing at the end"
dump
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>"$run/dump.err"
for exit in vmmcall vmload vmsave stgi clgi skinit invlpga monitor mwait; do
    grep -q " hvm.vmexit .*exit=$exit " "$run/dump.txt" || fail "no $exit exit in the trace"
done
# The emulated instructions carry one redundant prefix: three bytes each,
# stepped over by the decoded length (int \$5 too: 3e cd 05). QEMU
# reports invd as wbinvd.
for exit in cpuid:3 ioio:3 wbinvd:3 msr:3 swint:3; do
    grep -q " hvm.vmexit .*exit=${exit%:*} .* len=${exit#*:}$" "$run/dump.txt" ||
        fail "no ${exit%:*} exit stepped over by ${exit#*:} bytes"
done
echo "PASS: every SVM instruction answered as a CPU without SVM; rip by decoded length; the PV domains ran on"

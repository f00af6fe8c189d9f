#!/usr/bin/env bash
# pv.sh - the paravirtualization bench: what ring transitions cost.
#
# Boots the bench guest (bench/pv/bench.c) three times in the same way:
#   1. QEMU -icount shift=0,sleep=off, tracing off (trace_mask=0):
#      rdtsc counts instructions, exactly;
#   2. the same with tracing on, to show what recording costs;
#   3. without -icount: TCG time, where exceptions cost what they cost.
# and prints each figure next to its target, MET or MISSED.
#
# Usage: bench/pv.sh [BAZEL_BIN]   (run from the top of the tree after
# `bazel build //bench/pv:pv`; ./xenlab bench does both)
set -euo pipefail
bin=${1:-$(bazel info bazel-bin 2>/dev/null)}
manifest="$bin/bench/pv/pv.boot"
[ -f "$manifest" ] || { echo "pv.sh: no $manifest; run: bazel build //bench/pv:pv" >&2; exit 2; }

hv=$bin/$(awk '$1 == "hypervisor" { print $2 }' "$manifest")
guest=$bin/$(awk '$1 == "module" { print $2 }' "$manifest")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$guest" "$work/bench.elf"

# run NAME APPEND [QEMU OPTIONS...]: boot once, keep the "bench:" lines.
run() {
    local name=$1 append=$2 status=0
    shift 2
    timeout 300 qemu-system-x86_64 -machine pc -cpu max -m 128 -display none \
        -no-reboot -monitor none -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" \
        -kernel "$hv" -append "$append" -initrd "$work/bench.elf name=bench" \
        -serial "file:$work/$name.log" -serial null -serial null 2>"$work/$name.err" ||
        status=$?
    if [ "$status" != 65 ]; then
        echo "pv.sh: the $name run failed (QEMU status $status):" >&2
        cat "$work/$name.err" "$work/$name.log" >&2
        exit 1
    fi
    tr -d '\r' <"$work/$name.log" | sed -n 's/^(d0) bench: //p' >"$work/$name.txt"
}

get() { awk -v k="$2" '$1 == k { print $2 }' "$work/$1.txt"; }

# verdict NAME VALUE TARGET: "<= N" or "== N"
verdict() {
    local op=${3%% *} want=${3##* } ok
    case "$op" in
    "<=") ok=$(awk -v v="$2" -v w="$want" 'BEGIN { print (v <= w) }') ;;
    "==") ok=$(awk -v v="$2" -v w="$want" 'BEGIN { print (v == w) }') ;;
    esac
    printf '  %-44s %10s   target %-6s %s\n' "$1" "$2" "$3" "$([ "$ok" = 1 ] && echo MET || echo MISSED)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== paravirtualization bench (bench/pv/bench.c)"
run icount trace_mask=0 -icount shift=0,sleep=off
run traced "" -icount shift=0,sleep=off
run tcg trace_mask=0

echo "instruction counts (QEMU -icount shift=0, tracing off):"
printf '  %-44s %10s\n' "int \$0x83, a bare trip through ring 0" "$(get icount bare)"
printf '  %-44s %10s\n' "int \$0x84, entry and exit path, no work" "$(get icount entry)"
printf '  %-44s %10s\n' "null hypercall, whole round trip" "$(get icount hypercall)"
verdict "null hypercall: hypervisor instructions" "$(get icount hypercall_hv_insns)" "<= 80"
verdict "null hypercall / entry-and-exit trip" "$(ratio "$(get icount hypercall)" "$(get icount entry)")" "<= 2.0"
verdict "int \$0x80 (direct gate): hypervisor entries" "$(get icount direct_hv_entries)" "== 0"
printf '  %-44s %10s\n' "int \$0x80 from ring 3, direct gate" "$(get icount direct)"
printf '  %-44s %10s\n' "int \$0x81 from ring 3, bounced" "$(get icount bounced)"
verdict "bounced / direct system call" "$(ratio "$(get icount bounced)" "$(get icount direct)")" "<= 1.7"

echo "with tracing on (instructions):"
printf '  %-44s %10s\n' "null hypercall, whole round trip" "$(get traced hypercall)"
printf '  %-44s %10s\n' "tracing's share of it" "$(ratio "$(get traced hypercall)" "$(get icount hypercall)")x"

echo "TCG time (no -icount; TSC cycles, noisy):"
printf '  %-44s %10s\n' "int \$0x83, a bare trip through ring 0" "$(get tcg bare)"
printf '  %-44s %10s\n' "null hypercall" "$(get tcg hypercall)"
verdict "null hypercall / bare trip (TCG time)" "$(ratio "$(get tcg hypercall)" "$(get tcg bare)")" "<= 2.0"
printf '  %-44s %10s\n' "int \$0x80 direct / int \$0x81 bounced" "$(get tcg direct) / $(get tcg bounced)"
verdict "bounced / direct system call (TCG time)" "$(ratio "$(get tcg bounced)" "$(get tcg direct)")" "<= 1.7"

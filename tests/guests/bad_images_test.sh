#!/usr/bin/env bash
# bad_images_test.sh - broken kernel images are refused, each with a clear
# reason on the console and a domain.build_failed record; the good domain
# still runs; the run's verdict says a domain failed.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 1
console=$(tr -d '\r' <"$run/console.log")
grep -q 'module 1 (notelf): refused: not an ELF file' <<<"$console" || fail "not-ELF not refused"
grep -q 'module 2 (truncated): refused: ELF headers are malformed' <<<"$console" ||
    fail "truncated image not refused"
grep -q 'module 3 (nonotes): refused: no Xen ELF notes' <<<"$console" || fail "note-less image not refused"
grep -q '^(d0) Test result: SUCCESS' <<<"$console" || fail "the good domain did not run"
dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"
for want in "module=1 errno=-22 problem=not-elf" "module=2 errno=-22 problem=bad-headers" \
            "module=3 errno=-22 problem=no-xen-notes"; do
    grep -q "domain.build_failed $want" "$run/dump.txt" || fail "no trace record: $want"
done
echo "PASS: three broken images refused with their reasons; the good one ran"

#!/usr/bin/env bash
# granter_dies_test.sh - every kind of frame a domain can grant, granted
# writable (a page table read-only) to a grantee that outlives the
# granter: no frame is freed while mapped (the grantee swept the whole
# allocator looking for one), the grant entries forget mappings whose
# page-table entries were rewritten, the victim's memory is intact and
# every frame is back at the end. Verdicts come from the guests' one-line
# results and the hypervisor's own lines, never from wrapped text.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"
# shellcheck source=tests/guests/verdict.sh
source "$(dirname "$0")/../guests/verdict.sh"

boot_timeout=180 boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q 'PANIC\|EXCEPTION\|books do not balance' <<<"$console" &&
    fail "the hypervisor faulted or lost count of memory"
grep -q "^(d1) Test result: SUCCESS: .* frames swept, none mapped" <<<"$console" ||
    fail "the grantee got a frame back that it still mapped (or failed)"
id=2
for kind in $KINDS; do
    grep -q "^(d$id) Test result: SUCCESS: $kind lent, dying first" <<<"$console" ||
        fail "granter d$id ($kind) did not see what it should have"
    id=$((id + 1))
done
grep -q '^(hv) memory: every frame came back' <<<"$console" ||
    fail "frames were missing once every domain had gone"
dump >"$run/dump.txt"
expect_verdict 0 SUCCESS 524288         # the victim: every word intact
# The grantee's sweep went through the allocator (balloon steps), and the
# granters' frames were mapped through grants (status 0 = okay).
steps=$(grep -c ' balloon.step ' "$run/dump.txt" || true)
[ "$steps" -gt 500 ] || fail "only $steps balloon steps: the sweep did not run"
maps=$(grep -c ' grant.map .*result=0 ' "$run/dump.txt" || true)
[ "$maps" -ge 13 ] || fail "only $maps grant mappings succeeded"
echo "PASS: $(grep -o 'SUCCESS: .* frames swept, none mapped' <<<"$console"), $maps maps"

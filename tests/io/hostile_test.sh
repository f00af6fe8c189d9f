#!/usr/bin/env bash
# hostile_test.sh - a hostile domU attacks inter-domain I/O: every attack
# is refused (and traced), domain 0's backends survive its malformed
# requests and broken rings, and the victim's data and service are intact.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
grep -q '^(d1) Test result: SUCCESS: disk intact, network served' <<<"$console" ||
    fail "the victim was harmed"
grep -q '^(d2) Test result: SUCCESS: [0-9]* attacks, all refused' <<<"$console" ||
    fail "an attack got through: $(grep ESCAPE <<<"$console" | head -5)"
grep -q '^(d0) Test result: SUCCESS: driver domain' <<<"$console" ||
    fail "domain 0 (the driver domain) did not survive"
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
grep -Eq '^\(d0\) blkback d2: [0-9]+ requests served, 14 refused$' <<<"$console" ||
    fail "domain 0 did not refuse the hostile domain's 14 bad block requests"

# Each refusal is in the trace, with its reason.
dump
"$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>/dev/null
count() { grep -Ec -- "$1" "$run/dump.txt" || true; }
for problem in bad-op bad-segments bad-sector bad-grant bad-size overflow bad-message; do
    [ "$(count " ioring.bad .*problem=$problem")" -ge 1 ] ||
        fail "no ioring.bad problem=$problem record"
done
[ "$(count ' grant.map granter=1 ref=[0-9]+ by=2 .* result=-8 ')" -ge 64 ] ||
    fail "the hostile domain's grant maps were not refused as they should"
[ "$(count ' xenstore.op dom=2 .*result=-13')" -ge 7 ] ||
    fail "the hostile domain's xenstore requests were not refused"
echo "PASS: $(grep -E '^\(d2\) hostile:' <<<"$console")"

#!/usr/bin/env bash
# many_test.sh - sixteen domains run at once, take turns, and all finish.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
ok=$(grep -c 'Test result: SUCCESS' "$run/console.log" || true)
[ "$ok" = 16 ] || fail "$ok of 16 domains reported SUCCESS"
for d in $(seq 0 15); do
    grep -q "^(d$d) Test result: SUCCESS" <(tr -d '\r' <"$run/console.log") ||
        fail "d$d did not succeed"
done
dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"
created=$(grep -c ' domain.create ' "$run/dump.txt")
[ "$created" = 16 ] || fail "$created domains created"
destroyed=$(grep -c ' domain.destroy .* reason=poweroff' "$run/dump.txt")
[ "$destroyed" = 16 ] || fail "$destroyed domains destroyed after poweroff"
# They took turns: the scheduler switched between different domains.
switched=$(awk '$5 == "sched.switch" { split($8, n, "="); seen[n[2]] = 1 }
                END { print length(seen) }' "$run/dump.txt")
[ "$switched" -ge 16 ] || fail "the scheduler switched to only $switched domains"
echo "PASS: 16 domains ran, took turns ($switched switched to) and finished"

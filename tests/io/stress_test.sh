#!/usr/bin/env bash
# stress_test.sh - 100,000 block requests and 100,000 pings through the
# split drivers: every one answered and intact, and the counts of the
# frontend, the backend and the echoing domain agree with each other.
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/../qemu/lib.sh"

boot 0
console=$(tr -d '\r' <"$run/console.log")
has() { grep -Eq "$1" <<<"$console" || fail "no line matching: $1"; }

# The load domain: what it asked for and what came back right.
has '^\(d1\) stress: block 100000 requests, 100000 intact$'
has '^\(d1\) stress: ping 100000 sent, 100000 intact, 0 corrupt, '
# The echo domain answered each ping once.
has '^\(d2\) stress: echo answered 100000 pings$'
# The backends (in domain 0, or in the hypervisor) saw the same numbers:
# every block request served; the load domain's 100,000 pings and its
# "done" went out, the 100,000 replies came back; nothing dropped.
has '^\((d0|hv)\) blkback d1: 100000 requests served, 0 refused$'
has '^\((d0|hv)\) netback d1: 100001 sent, 100000 received, 0 dropped, 0 refused$'
has '^\((d0|hv)\) netback d2: 100000 sent, 100001 received, 0 dropped, 0 refused$'
has '^\(d1\) Test result: SUCCESS'
has '^\(d2\) Test result: SUCCESS'
has '^\(d0\) Test result: SUCCESS'
grep -q 'PANIC\|EXCEPTION' <<<"$console" && fail "the hypervisor faulted"
echo "PASS: $(grep -E '^\(d1\) stress: ping' <<<"$console")"

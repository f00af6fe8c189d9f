#!/usr/bin/env bash
# launcher_lesson14_test.sh - the README's lesson 14 (Installing Xen) is
# not a guest of xenlab; ./xenlab lesson 14 must not say it does not exist,
# but point at its page and its rehearsal, and the list must show it.
#
# usage: launcher_lesson14_test.sh   (in the test's runfiles)
set -euo pipefail
fail() { echo "FAIL: $*"; exit 1; }

status=0
out=$(./xenlab lesson 14 2>&1) || status=$?
[ "$status" != 0 ] || fail "./xenlab lesson 14 succeeded: $out"
grep -q 'there is no lesson' <<<"$out" && fail "./xenlab lesson 14 says: $out"
grep -q 'sudo ./xenlab rehearse' <<<"$out" || fail "no pointer to the rehearsal: $out"
grep -q 'install-scripts/README.md' <<<"$out" || fail "no pointer to install-scripts/README.md: $out"
[ -f install-scripts/README.md ] || fail "the page it names is not there"
list=$(./xenlab lesson --prebuilt .)
grep -Eq '^14  Installing Xen' <<<"$list" || fail "./xenlab lesson does not list lesson 14: $list"
out=$(./xenlab lesson 15 2>&1) || true
grep -q 'there is no lesson 15' <<<"$out" || fail "./xenlab lesson 15 says: $out"
echo "PASS: ./xenlab lesson 14 points at sudo ./xenlab rehearse and install-scripts/README.md"

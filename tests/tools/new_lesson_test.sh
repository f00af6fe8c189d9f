#!/usr/bin/env bash
# new_lesson_test.sh - tools/new-lesson makes a lesson the tools accept:
# its steps file loads in hvviz's lesson pane and its expect file parses
# (hvviz --check exits 1, "not met", on another lesson's trace; 2 would
# mean a malformed file). It refuses a lesson number in use and a bad
# topic name, changing nothing.
#
# usage: new_lesson_test.sh NEW_LESSON HVVIZ TRACE
set -euo pipefail
new_lesson=$1 hvviz=$2 trace=$3
fail() { echo "FAIL: $*"; exit 1; }

root="$TEST_TMPDIR/tree"
mkdir -p "$root/tools" "$root/lessons"
cp "$new_lesson" "$root/tools/new-lesson"

"$root/tools/new-lesson" 42 page-walks "Walking the page tables" >/dev/null
d="$root/lessons/42-page-walks"
for f in BUILD page_walks.c steps expect README.md; do
    [ -s "$d/$f" ] || fail "no $f in $d"
done
grep -q 'number = 42,' "$d/BUILD" || fail "BUILD does not make lesson 42"
grep -q 'srcs = \["page_walks.c"\]' "$d/BUILD" || fail "BUILD does not build page_walks.c"
grep -q 'guest_checkpoint(LESSON, 2)' "$d/page_walks.c" || fail "the guest has no second checkpoint"

"$hvviz" --snapshot 80x24 --lesson "$d" "$trace" >"$TEST_TMPDIR/screen.txt" ||
    fail "hvviz does not accept the new steps file"
grep -q 'Walking the page tables' "$TEST_TMPDIR/screen.txt" || fail "the lesson pane lacks the title"
status=0
"$hvviz" --check "$d/expect" "$trace" >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "hvviz --check on the new expect file exited $status, not 1 (unmet)"

status=0
"$root/tools/new-lesson" 42 other "Another" 2>/dev/null || status=$?
[ "$status" = 1 ] || fail "a second lesson 42 was not refused (status $status)"
[ ! -e "$root/lessons/42-other" ] || fail "the refused lesson left a directory"
status=0
"$root/tools/new-lesson" 43 "Bad Topic" "Title" 2>/dev/null || status=$?
[ "$status" = 2 ] || fail "a topic with spaces was not refused (status $status)"
echo "PASS: new-lesson makes a lesson hvviz accepts, and refuses clashes"

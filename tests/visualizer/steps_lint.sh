#!/usr/bin/env bash
# steps_lint.sh - a lesson's steps file, linted: every step has a title
# and text, and the lesson pane shows every line the author wrote below
# the first step (a line that begins with '#', like "#GP handler ...",
# included). Run for every lesson by xenlab_lesson (:steps_test).
#
# usage: steps_lint.sh HVVIZ LESSON_DIR/steps
set -euo pipefail
hvviz=$1 steps=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$hvviz" --lint-steps "$(dirname "$steps")" >"$out" ||
    { echo "FAIL: $steps does not lint (above)"; exit 1; }
# What the author wrote from the first step on, blank lines aside, with
# trailing blanks and tabs as the pane shows them.
if ! diff -u <(sed -n '/^step *[0-9]/,$p' "$steps" | tr '\t' ' ' |
               sed -e 's/ *$//' -e 's/^\(step *[0-9]*:\) */\1 /' | grep -v '^$') \
             <(grep -v '^$' "$out"); then
    echo "FAIL: $steps: the lines above marked - are not what the lesson pane shows"
    exit 1
fi
echo "PASS: $steps: $(grep -c '^step [0-9]' "$out") steps, each with a title and text, none lost"

#!/usr/bin/env bash
# slides_test.sh SOURCE HTML LESSON... - the deck as render.awk made it:
# one <section> per slide of the source, each with its title; every
# relative link resolves in the tree; every lesson is on some slide.
set -euo pipefail
src=$1 html=$2
shift 2
fail() { echo "FAIL: $*"; exit 1; }

slides=$(( $(grep -c '^---[[:space:]]*$' "$src") + 1 ))
sections=$(grep -c '^<section id="s[0-9]*">$' "$html")
[ "$sections" = "$slides" ] || fail "$slides slides in $src, $sections sections in the page"
titles=$(grep -c '^<h1>' "$html")
[ "$titles" = "$slides" ] || fail "$titles of $slides slides have a title"
grep -q '^show(' "$html" || fail "the page has no navigation script"
# Nothing is fetched: no absolute http(s) address in the page.
! grep -q 'src="http\|href="http' "$html" || fail "the page loads something from the network"
# Markdown that did not become HTML shows as itself.
! grep -q '\*\*\|](\.\./' "$html" || fail "unrendered markup: $(grep -m1 '\*\*\|](\.\./' "$html")"

dir=$(dirname "$src")
links=$(grep -o '](\.\./[^)]*)' "$src" | sed 's/^](//; s/)$//' | sort -u)
[ -n "$links" ] || fail "no links into the tree"
for link in $links; do
    [ -e "$dir/$link" ] || [ -e "$dir/${link%/}/README.md" ] || fail "$link leads nowhere"
done
for lesson in "$@"; do
    grep -q "](\.\./lessons/$lesson/)" "$src" || fail "lesson $lesson is on no slide"
done
echo "PASS: $slides slides, $(wc -w <<<"$links") links into the tree, $# lessons linked"

#!/usr/bin/env bash
# The shellcheck test: every shell script of install-scripts/ and guest-linux/
# passes shellcheck (with install-scripts/.shellcheckrc: follow sourced files).
set -euo pipefail
# shellcheck source=testlib.sh
. "$(dirname "$(readlink -f "$0")")/testlib.sh"
top=$(readlink -f "$SCRIPTS/..")

command -v shellcheck >/dev/null || { echo "shellcheck is missing: apt-get install shellcheck"; exit 1; }

# A shell script is any file here that starts with a shell's #! line, or a
# library marked "# shellcheck shell=bash".
files=()
while IFS= read -r -d '' f; do
    if head -n 1 "$f" | grep -q -E '^#!.*(ba)?sh' || grep -q -m1 '^# shellcheck shell=' "$f"; then
        files+=("$f")
    fi
done < <(find -L "$top/install-scripts" "$top/guest-linux" -type f ! -path '*/fixtures/*' -print0 | sort -z)

check "found the scripts (more than 20)" test "${#files[@]}" -gt 20
for f in "${files[@]}"; do
    rel=${f#"$top"/}
    if out=$(cd "$(dirname "$f")" && shellcheck -x "$f" 2>&1); then
        pass "shellcheck $rel"
    else
        flunk "shellcheck $rel" "$out"
    fi
done
finish_tests

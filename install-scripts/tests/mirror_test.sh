#!/usr/bin/env bash
# mirror_test: the rehearsal finds the host's Debian mirror in apt's own
# configuration, in either file format, and fails when there is none.
set -euo pipefail
# shellcheck source=testlib.sh
. "$(dirname "$(readlink -f "$0")")/testlib.sh"
# shellcheck source=../rehearsal/apt-mirror.sh
. "$SCRIPTS/rehearsal/apt-mirror.sh"

# host_with FILE...: a fake /etc/apt holding the given fixtures.
host_with() {
    ROOT="$TMP/host$RANDOM"
    mkdir -p "$ROOT/etc/apt/sources.list.d"
    local f
    for f in "$@"; do cp "$FIXTURES/apt/${f%%:*}" "$ROOT/etc/apt/${f#*:}"; done
}

host_with one-line.list:sources.list
check_eq "sources.list: options skipped, deb-src ignored" "$(host_mirror bookworm)" "http://mirror.example/debian"

host_with deb822.sources:sources.list.d/debian.sources
check_eq "deb822: disabled paragraph skipped" "$(host_mirror bookworm)" "http://mirror.example/debian"
check_eq "deb822: another suite" "$(host_mirror bookworm-security)" "http://security.example/debian-security"

host_with one-line.list:sources.list.d/extra.list
check_eq "sources.list.d/*.list" "$(host_mirror bookworm)" "http://mirror.example/debian"

host_with security-only.sources:sources.list.d/debian.sources one-line.list:sources.list.d/old.list.disabled
rc=0
host_mirror bookworm > /dev/null || rc=$?
check_eq "no bookworm source: failure" "$rc" 1

host_with
rc=0
host_mirror bookworm > /dev/null || rc=$?
check_eq "no apt sources at all: failure" "$rc" 1

finish_tests

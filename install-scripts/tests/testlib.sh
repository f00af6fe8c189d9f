# shellcheck shell=bash disable=SC2034  # the names set here are used by the tests that source this file
# testlib.sh: a few helpers for the install-scripts unit tests: checks that
# count, a fake PC made of fixture files, and a fingerprint of a directory
# tree to prove that "nothing changed".
#
#   check NAME COMMAND...        passes when COMMAND succeeds
#   check_has NAME TEXT WANT     passes when TEXT contains WANT
#   check_lacks NAME TEXT WANT   passes when TEXT does not contain WANT
#   make_pc DIR                  a supported PC: Debian 12, BIOS, Intel VT-x, 8 GiB
#   fingerprint DIR              every path, type and mode; for files also size,
#                                mtime and checksum (a directory's mtime is left
#                                out: adding and removing a file changes it)
#   finish_tests                 prints "N passed, M failed", exits non-zero on failure

here_tests=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
SCRIPTS=$(readlink -f "$here_tests/..")
FIXTURES="$here_tests/fixtures"
PASSED=0
FAILED=0
TMP=$(mktemp -d "${TEST_TMPDIR:-/tmp}/install-scripts-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$1"; }
flunk() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/      /'; }

check() {
    local name=$1
    shift
    if "$@"; then pass "$name"; else flunk "$name" "command failed: $*"; fi
}
check_has() {
    if [[ $2 == *"$3"* ]]; then pass "$1"; else flunk "$1" "wanted '$3' in:"$'\n'"$2"; fi
}
check_lacks() {
    if [[ $2 != *"$3"* ]]; then pass "$1"; else flunk "$1" "did not want '$3' in:"$'\n'"$2"; fi
}
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else flunk "$1" "wanted '$3', got '$2'"; fi
}

make_pc() {
    local pc=$1
    mkdir -p "$pc"/etc/default/grub.d "$pc"/proc/sys/kernel "$pc"/boot/grub "$pc"/var/lib/dpkg "$pc"/sys
    cp "$FIXTURES/os-release/debian-12" "$pc/etc/os-release"
    cp "$FIXTURES/cpuinfo/intel-vmx" "$pc/proc/cpuinfo"
    cp "$FIXTURES/meminfo/8g" "$pc/proc/meminfo"
    echo x86_64 > "$pc/proc/sys/kernel/arch"
    cp "$FIXTURES/grub/debian-default" "$pc/etc/default/grub"
    cp "$FIXTURES/grub/grub.cfg-plain" "$pc/boot/grub/grub.cfg"
    cp "$FIXTURES/dpkg/status-plain" "$pc/var/lib/dpkg/status"
}

# UEFI firmware; secure_boot 0 or 1 writes the SecureBoot variable (4 bytes
# of attributes, then the value), "none" leaves the variable out.
make_uefi() {
    local dir="$1/sys/firmware/efi/efivars"
    mkdir -p "$dir"
    [ "$2" = none ] && return 0
    printf '%b' "\\006\\000\\000\\000\\0$(printf '%o' "$2")" > "$dir/SecureBoot-8be4df61-93ca-11d2-aa0d-e398032c4b8c"
}

fingerprint() {
    (cd "$1" && find . \( -type d -printf '%p d %m\n' \) -o -printf '%p %y %m %s %T@\n' | sort &&
        find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

finish_tests() {
    echo
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

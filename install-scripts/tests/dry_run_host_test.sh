#!/usr/bin/env bash
# dry_run_host_test: "install-xen --dry-run" on this very machine (no fixture
# root) changes nothing: GRUB's settings and menu, /boot, dpkg's database,
# apt's lists and install-xen's own state are the same before and after.
# Whether this machine is accepted or refused, the dry run must leave it alone.
set -euo pipefail
# shellcheck source=testlib.sh
. "$(dirname "$(readlink -f "$0")")/testlib.sh"

# Small places: every byte. Big ones (apt's lists and downloads, dpkg's
# database): every file's path, size and modification time.
watched=(/etc/default /boot /var/lib/xenlab-install)
listed=(/var/lib/dpkg /var/lib/apt/lists /var/cache/apt/archives)
snapshot() {
    local d
    for d in "${watched[@]}"; do
        if [ -e "$d" ]; then echo "== $d"; fingerprint "$d"; else echo "== $d absent"; fi
    done
    for d in "${listed[@]}"; do
        echo "== $d"
        if [ -e "$d" ]; then find "$d" -printf '%p %y %m %s %T@\n' | sort; fi
    done
}

before=$(snapshot)
rc=0
out=$("$SCRIPTS/install-xen" --dry-run 2>&1) || rc=$?
printf '%s\n' "$out" | sed 's/^/    | /'
check_has "the preflight ran" "$out" "Preflight: can this PC take Xen?"
case "$rc" in
    0) check_has "accepted: dry run says so" "$out" "Dry run: nothing changed." ;;
    2) check_has "refused: says nothing changed" "$out" "Nothing was changed." ;;
    *) flunk "exit status 0 (plan) or 2 (refused)" "got $rc" ;;
esac
check_eq "nothing changed on this machine" "$(snapshot)" "$before"

rc=0
out=$("$SCRIPTS/install-xen" --uninstall --dry-run 2>&1) || rc=$?
check_eq "--uninstall --dry-run: exit 0" "$rc" 0
check_eq "--uninstall --dry-run: nothing changed" "$(snapshot)" "$before"
finish_tests

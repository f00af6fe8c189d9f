#!/usr/bin/env bash
# grub_test: install-xen's GRUB logic on fixture files: the settings file it
# writes, what update-grub will make of all the settings together, reading
# the default entry back from grub.cfg, dom0's memory size, and backups that
# restore files byte for byte.
set -euo pipefail
# shellcheck source=testlib.sh
. "$(dirname "$(readlink -f "$0")")/testlib.sh"

# Load the libraries against the fixture PC in $1 (they read $ROOT).
use_pc() {
    XENLAB_ROOT=$1
    # shellcheck source=../lib/common.sh
    . "$SCRIPTS/lib/common.sh"
    # shellcheck source=../lib/grub.sh
    . "$SCRIPTS/lib/grub.sh"
    # shellcheck source=../lib/backup.sh
    . "$SCRIPTS/lib/backup.sh"
}

# ---- dom0's memory ---------------------------------------------------------
use_pc /
check_eq "dom0_mem: 2 GiB PC -> 1024" "$(dom0_mem_for 1966)" 1024
check_eq "dom0_mem: 8 GiB PC -> 2048" "$(dom0_mem_for 7841)" 2048
check_eq "dom0_mem: 6 GiB PC -> 1536" "$(dom0_mem_for 5950)" 1536
check_eq "dom0_mem: 64 GiB PC -> 4096" "$(dom0_mem_for 64000)" 4096

# ---- the settings file -----------------------------------------------------
text=$(dropin_text 2048 no "")
check_has "drop-in: dom0_mem fixed" "$text" 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2048M,max:2048M"'
check_has "drop-in: menu shown" "$text" 'GRUB_TIMEOUT_STYLE=menu'
check_lacks "drop-in: no serial console unless asked" "$text" 'hvc0'
text=$(dropin_text 1024 yes "nomodeset")
check_has "drop-in serial: Xen on COM1" "$text" 'GRUB_CMDLINE_XEN="console=com1 com1=115200,8n1"'
check_has "drop-in serial: dom0 keeps its options, console on hvc0" "$text" 'GRUB_CMDLINE_LINUX_XEN_REPLACE="nomodeset console=hvc0"'
check_eq "drop-in: same input, same text" "$(dropin_text 1024 yes nomodeset)" "$text"

# ---- what update-grub will read, on Debian's and Ubuntu's settings ----------
# effective PC VAR: VAR after /etc/default/grub, xen.cfg and our drop-in.
effective() {
    (use_pc "$1"; grub_setting "$2")
}
for kind in debian-default ubuntu-default user-changed; do
    p="$TMP/$kind"
    make_pc "$p"
    cp "$FIXTURES/grub/$kind" "$p/etc/default/grub"
    cp "$FIXTURES/grub/xen.cfg" "$p/etc/default/grub.d/xen.cfg"
    distributor=$(effective "$p" GRUB_DISTRIBUTOR)
    (use_pc "$p"; dropin_text 2048 yes "$(linux_cmdline_without_console)" > "$p$DROPIN_REL")
    check_eq "$kind: Xen entry is the default" "$(effective "$p" GRUB_DEFAULT)" "$distributor GNU/Linux, with Xen hypervisor"
    check_eq "$kind: menu shown" "$(effective "$p" GRUB_TIMEOUT_STYLE)/$(effective "$p" GRUB_TIMEOUT)" "menu/5"
    check_eq "$kind: Xen command line" "$(effective "$p" GRUB_CMDLINE_XEN_DEFAULT)" "dom0_mem=2048M,max:2048M"
done
# A distribution that titles the Xen entry its own way gets it named literally.
p="$TMP/titled"
make_pc "$p"
cp "$FIXTURES/grub/ubuntu-default" "$p/etc/default/grub"
(use_pc "$p"; dropin_text 2048 no "" "Ubuntu, with Xen hypervisor" > "$p$DROPIN_REL")
check_eq "literal title: the default" "$(effective "$p" GRUB_DEFAULT)" "Ubuntu, with Xen hypervisor"
check_eq "user's console= options move to hvc0, others stay" \
    "$(effective "$TMP/user-changed" GRUB_CMDLINE_LINUX_XEN_REPLACE)" "nomodeset console=hvc0"
check_eq "user's own setting kept for plain Linux" \
    "$(effective "$TMP/user-changed" GRUB_CMDLINE_LINUX)" "console=tty0 console=ttyS0,115200n8 nomodeset"

# ---- reading grub.cfg back -------------------------------------------------
p="$TMP/read"
make_pc "$p"
use_pc "$p"
check_eq "plain grub.cfg: default entry 0 is plain Linux" "$(grub_default)" "Debian GNU/Linux"
cp "$FIXTURES/grub/grub.cfg-xen" "$p/boot/grub/grub.cfg"
check_eq "Xen grub.cfg: default is the Xen entry" "$(grub_default)" "Debian GNU/Linux, with Xen hypervisor"
check_has "Xen grub.cfg: both entries listed" "$(grub_entry_titles)" "Debian GNU/Linux"$'\n'"Advanced options for Debian GNU/Linux"$'\n'"Debian GNU/Linux, with Xen hypervisor"

# ---- backups ---------------------------------------------------------------
p="$TMP/backup"
make_pc "$p"
use_pc "$p"
chmod 600 "$p/boot/grub/grub.cfg"
touch -d '2020-01-02 03:04:05' "$p/boot/grub/grub.cfg"
original=$(fingerprint "$p")
backup_file /boot/grub/grub.cfg
backup_file "$DROPIN_REL"
list=$(cat "$BACKUP_LIST")
check_eq "backup list" "$list" "saved /boot/grub/grub.cfg"$'\n'"absent $DROPIN_REL"
# install-xen's changes, then a second run backing up the same files again.
dropin_text 1024 no "" > "$p$DROPIN_REL"
echo "set default=\"changed\"" > "$p/boot/grub/grub.cfg"
chmod 644 "$p/boot/grub/grub.cfg"
backup_file /boot/grub/grub.cfg
backup_file "$DROPIN_REL"
check_eq "second backup: list unchanged" "$(cat "$BACKUP_LIST")" "$list"
check "second backup: the original copy kept" cmp -s "$STATE_DIR/backup/boot/grub/grub.cfg" "$FIXTURES/grub/grub.cfg-plain"
out=$(restore_backups)
check_has "restore: says what it did" "$out" "restored /boot/grub/grub.cfg"
check_has "restore: removes the file it added" "$out" "removed  $DROPIN_REL"
rm -rf "$STATE_DIR"
check_eq "restore: byte for byte, with mode and time" "$(fingerprint "$p")" "$original"

finish_tests

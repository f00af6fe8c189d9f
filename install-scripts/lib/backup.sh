# shellcheck shell=bash
# backup.sh: every file install-xen changes is saved first, so --uninstall can
# put it back byte for byte (contents, mode, owner and times).
#
# $STATE_DIR/backups.list has one line per file, in the order first touched:
#   saved  /boot/grub/grub.cfg             a copy is in $STATE_DIR/backup/...
#   absent /etc/default/grub.d/zz-xenlab.cfg  the file did not exist before
#
#   backup_file PATH    record PATH (a path on the PC, e.g. /etc/...) once;
#                       later calls keep the first, original copy
#   restore_backups     put every recorded file back (or delete it), print each

BACKUP_LIST="$STATE_DIR/backups.list"

backup_file() {
    local rel=$1
    mkdir -p "$STATE_DIR/backup"
    touch "$BACKUP_LIST"
    if grep -q -x -e "saved $rel" -e "absent $rel" "$BACKUP_LIST"; then
        return 0
    fi
    if [ -e "$ROOT$rel" ]; then
        mkdir -p "$STATE_DIR/backup$(dirname "$rel")"
        cp -a "$ROOT$rel" "$STATE_DIR/backup$rel"
        echo "saved $rel" >> "$BACKUP_LIST"
    else
        echo "absent $rel" >> "$BACKUP_LIST"
    fi
}

restore_backups() {
    local how rel
    [ -f "$BACKUP_LIST" ] || return 0
    while read -r how rel; do
        case "$how" in
            saved)
                cp -a "$STATE_DIR/backup$rel" "$ROOT$rel"
                say "  restored $rel" ;;
            absent)
                rm -f "$ROOT$rel"
                say "  removed  $rel (it did not exist before)" ;;
        esac
    done < "$BACKUP_LIST"
}

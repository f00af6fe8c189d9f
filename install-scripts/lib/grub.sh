# shellcheck shell=bash disable=SC2034  # the variables set here are read by the scripts that source this file
# grub.sh: how install-xen tells GRUB to boot Xen, and how it reads GRUB back.
#
# install-xen never edits /etc/default/grub. It adds one file of its own,
# /etc/default/grub.d/zz-xenlab.cfg. update-grub reads /etc/default/grub and
# then every grub.d/*.cfg in name order, so "zz-" is read last and wins.
# Debian's Xen packages add grub.d/xen.cfg and the script 20_linux_xen, which
# writes the menu entry "<distributor> GNU/Linux, with Xen hypervisor"; our
# file makes that entry the default and sets Xen's command line.
#
#   dom0_mem_for MEM_MIB           dom0's memory (MiB) for a PC with MEM_MIB
#   dropin_text DOM0 SERIAL CMDLINE [TITLE]  the text of zz-xenlab.cfg
#   grub_setting VAR               VAR's value once every GRUB settings file is read
#   grub_default                   the default entry of the generated grub.cfg, as a title
#   grub_entry_titles              the top-level entry titles of grub.cfg, in order

DROPIN_REL=/etc/default/grub.d/zz-xenlab.cfg
GRUB_CFG_REL=/boot/grub/grub.cfg

# A fixed dom0 size keeps dom0 from ballooning and leaves the rest to guests:
# a quarter of the RAM to the nearest 256 MiB, at least 1 GiB, at most 4 GiB.
dom0_mem_for() {
    local mib=$(( ($1 / 4 + 128) / 256 * 256 ))
    [ "$mib" -lt 1024 ] && mib=1024
    [ "$mib" -gt 4096 ] && mib=4096
    echo "$mib"
}

# dropin_text DOM0_MIB SERIAL(yes|no) LINUX_CMDLINE [TITLE]
# SERIAL=yes is for PCs whose screen is a serial port (like the QEMU
# rehearsal): Xen talks on COM1 and dom0's console moves to Xen's hvc0,
# because under Xen the serial port belongs to the hypervisor.
# TITLE names the Xen entry literally, for a distribution whose 20_linux_xen
# titles it differently from Debian's.
dropin_text() {
    local dom0=$1 serial=$2 cmdline=$3 title=${4:-}
    cat <<EOF
# Written by xenlab install-xen; removed by "install-xen --uninstall".
# Read by update-grub after /etc/default/grub and the other grub.d files.

EOF
    if [ -n "$title" ]; then
        cat <<EOF
# Boot the Xen entry by default (by its title in grub.cfg), and show the menu.
GRUB_DEFAULT="$title"
EOF
    else
        cat <<'EOF'
# Boot the Xen entry by default, and show the menu. The title is built the way
# 20_linux_xen builds it (translated with gettext), so the two always match.
GRUB_DEFAULT=$(printf "$(gettext "%s, with Xen hypervisor")" "$GRUB_DISTRIBUTOR GNU/Linux")
EOF
    fi
    cat <<EOF
GRUB_TIMEOUT_STYLE=menu
GRUB_TIMEOUT=5

# Xen's own command line: dom0 gets a fixed ${dom0} MiB, the rest is for guests.
GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=${dom0}M,max:${dom0}M"
EOF
    if [ "$serial" = yes ]; then
        cat <<EOF

# Serial console: Xen prints on COM1; dom0's Linux uses Xen's console hvc0.
GRUB_CMDLINE_XEN="console=com1 com1=115200,8n1"
GRUB_CMDLINE_LINUX_XEN_REPLACE="${cmdline:+$cmdline }console=hvc0"
EOF
    fi
}

# grub_setting VAR: read the settings the way update-grub does (in a
# subshell, so nothing leaks) and print VAR. grub_warn and gettext come from
# update-grub's library; Debian's xen.cfg calls them.
grub_setting() {
    (
        set +eu
        # shellcheck disable=SC2317  # called by the sourced settings files
        grub_warn() { :; }
        # shellcheck disable=SC2317
        command -v gettext >/dev/null || gettext() { printf '%s' "$1"; }
        GRUB_DISTRIBUTOR=Debian
        # shellcheck disable=SC1090,SC1091
        . "$ROOT/etc/default/grub"
        for f in "$ROOT"/etc/default/grub.d/*.cfg; do
            # shellcheck disable=SC1090
            [ -f "$f" ] && . "$f" 2>/dev/null
        done
        eval "printf '%s\n' \"\${$1:-}\""
    )
}

# The kernel command line without console= words: under Xen those move to hvc0.
linux_cmdline_without_console() {
    grub_setting GRUB_CMDLINE_LINUX | tr ' ' '\n' | grep -v -e '^console=' -e '^$' | paste -sd ' ' || true
}

grub_entry_titles() {
    sed -n "s/^\(menuentry\|submenu\) '\([^']*\)'.*/\2/p" "$ROOT$GRUB_CFG_REL"
}

# grub.cfg says "set default=..." twice: once for a one-time next_entry, once
# for the real default (a number or a title). Numbers are turned into titles.
grub_default() {
    local def
    def=$(sed -n 's/^ *set default="\(.*\)"$/\1/p' "$ROOT$GRUB_CFG_REL" | grep -v next_entry | tail -n 1)
    case "$def" in
        ''|*[!0-9]*) printf '%s\n' "$def" ;;
        *) grub_entry_titles | sed -n "$((def + 1))p" ;;
    esac
}

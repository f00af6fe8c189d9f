# shellcheck shell=bash disable=SC2034  # the variables set here are read by install-xen
# preflight.sh: can this PC take Xen? Every check reads files under $ROOT, so
# the tests can run it on fixture files of any kind of PC.
#
#   preflight   run all checks, print one line each, and set:
#     PF_FAILED       number of checks that refuse the install (0 = go ahead)
#     PF_REASONS      the refusals, one per line
#     DISTRO_ID, DISTRO_VERSION, DISTRO_NAME   from /etc/os-release
#     MEM_MIB         RAM the running Linux sees
#     ON_XEN          yes when this Linux already runs as Xen's dom0
#     XEN_PACKAGES_INSTALLED   yes when xen-system-amd64 is installed
#
# A refusal never changes anything: preflight only reads.

XEN_PACKAGE=xen-system-amd64
NEED_MEM_MIB=${XENLAB_NEED_MEM_MIB:-1800}     # a "2 GB" PC shows a bit less than 2048
NEED_DISK_MIB=${XENLAB_NEED_DISK_MIB:-1024}   # packages, plus room for apt's downloads
NEED_BOOT_MIB=${XENLAB_NEED_BOOT_MIB:-64}     # xen.gz is small; the initrd copies are not
EFI_GLOBAL_GUID=8be4df61-93ca-11d2-aa0d-e398032c4b8c

PF_FAILED=0
PF_REASONS=""
DISTRO_ID="" DISTRO_VERSION="" DISTRO_NAME="" MEM_MIB=0 ON_XEN=no XEN_PACKAGES_INSTALLED=no

pf_line() { printf '  [%-4s] %-15s %s\n' "$1" "$2" "$3"; }
pf_ok()   { pf_line ok "$1" "$2"; }
pf_note() { pf_line note "$1" "$2"; }
pf_fail() {
    pf_line FAIL "$1" "$2"
    PF_FAILED=$((PF_FAILED + 1))
    PF_REASONS+="$1: $2"$'\n'
}

# os_release KEY: a value from /etc/os-release, without quotes.
os_release() {
    local key value
    while IFS='=' read -r key value; do
        if [ "$key" = "$1" ]; then
            value=${value#\"}
            printf '%s\n' "${value%\"}"
            return 0
        fi
    done < "$ROOT/etc/os-release"
}

pf_root() {
    local uid=${XENLAB_UID:-$(id -u)}
    if [ "$uid" -eq 0 ]; then
        pf_ok "user" "running as root"
    else
        pf_fail "user" "not root: run it with sudo (it installs packages and edits GRUB's settings)"
    fi
}

pf_distro() {
    if [ ! -r "$ROOT/etc/os-release" ]; then
        pf_fail "distribution" "no /etc/os-release: cannot tell which Linux this is"
        return
    fi
    DISTRO_ID=$(os_release ID)
    DISTRO_VERSION=$(os_release VERSION_ID)
    DISTRO_NAME=$(os_release PRETTY_NAME)
    case "$DISTRO_ID $DISTRO_VERSION" in
        "debian 12"|"ubuntu 22.04"|"ubuntu 24.04")
            pf_ok "distribution" "$DISTRO_NAME (supported)" ;;
        *)
            pf_fail "distribution" "$DISTRO_NAME is not supported: install-xen knows Debian 12 and Ubuntu 22.04/24.04" ;;
    esac
}

# The CPU's feature flags (the first CPU's "flags" line), read once.
CPU_FLAGS=""
cpu_flags() {
    [ -n "$CPU_FLAGS" ] || CPU_FLAGS=$(grep -m1 '^flags' "$ROOT/proc/cpuinfo" | cut -d: -f2)
    printf '%s\n' "$CPU_FLAGS"
}
has_flag() {
    cpu_flags > /dev/null
    [[ " $CPU_FLAGS " == *" $1 "* ]]
}

pf_cpu() {
    local arch
    arch=$(cat "$ROOT/proc/sys/kernel/arch" 2>/dev/null || uname -m)
    if ! has_flag lm; then
        pf_fail "cpu" "not a 64-bit CPU (no 'lm' flag): Debian's Xen is built for x86-64"
    elif [ "$arch" != x86_64 ]; then
        pf_fail "cpu" "this Linux is $arch, not x86_64: install a 64-bit (amd64) system first"
    else
        pf_ok "cpu" "64-bit x86 ($(grep -m1 '^model name' "$ROOT/proc/cpuinfo" | cut -d: -f2 | sed 's/^ *//'))"
    fi
}

# VT-x/AMD-V are only needed for HVM guests (unmodified OSes). PV guests, like
# the demo guest and dom0 itself, run without them, so this never refuses.
pf_virt() {
    if has_flag vmx; then
        pf_ok "virtualization" "Intel VT-x (vmx): PV and HVM guests possible"
    elif has_flag svm; then
        pf_ok "virtualization" "AMD-V (svm): PV and HVM guests possible"
    elif [ "$ON_XEN" = yes ]; then
        pf_note "virtualization" "not visible from dom0 (Xen hides vmx/svm from it); PV guests work"
    else
        pf_note "virtualization" "no VT-x/AMD-V reported: PV guests work (the demo uses PV); HVM guests need it switched on in the firmware setup"
    fi
}

pf_memory() {
    local kib
    kib=$(awk '/^MemTotal:/ { print $2 }' "$ROOT/proc/meminfo")
    MEM_MIB=$(( ${kib:-0} / 1024 ))
    if [ "$ON_XEN" = yes ]; then
        pf_ok "memory" "$MEM_MIB MiB seen by dom0 (Xen holds the rest for guests)"
    elif [ "$MEM_MIB" -ge "$NEED_MEM_MIB" ]; then
        pf_ok "memory" "$MEM_MIB MiB (need $NEED_MEM_MIB)"
    else
        pf_fail "memory" "$MEM_MIB MiB is too little: dom0 needs about 1 GiB and a guest needs room too (need $NEED_MEM_MIB MiB)"
    fi
}

free_mib() { df -Pm "$1" | awk 'NR == 2 { print $4 }'; }

pf_disk() {
    local root_free boot_dir boot_free
    root_free=$(free_mib "$ROOT/")
    boot_dir="$ROOT/boot"
    [ -d "$boot_dir" ] || boot_dir="$ROOT/"
    boot_free=$(free_mib "$boot_dir")
    if [ "$root_free" -lt "$NEED_DISK_MIB" ]; then
        pf_fail "disk" "only $root_free MiB free on / (need $NEED_DISK_MIB): free some space (apt-get clean helps)"
    elif [ "$boot_free" -lt "$NEED_BOOT_MIB" ]; then
        pf_fail "disk" "only $boot_free MiB free on /boot (need $NEED_BOOT_MIB): remove old kernels"
    else
        pf_ok "disk" "$root_free MiB free on /, $boot_free MiB on /boot"
    fi
}

# Secure Boot: the firmware keeps it in the EFI variable SecureBoot (4 bytes
# of attributes, then one byte: 1 = on). mokutil --sb-state reads the same.
pf_firmware() {
    local var="$ROOT/sys/firmware/efi/efivars/SecureBoot-$EFI_GLOBAL_GUID" state
    if [ ! -d "$ROOT/sys/firmware/efi" ]; then
        pf_ok "firmware" "BIOS (legacy boot): GRUB loads Xen with multiboot"
        return
    fi
    if [ ! -r "$var" ]; then
        pf_ok "firmware" "UEFI, Secure Boot variable absent (off); 'mokutil --sb-state' confirms"
        return
    fi
    state=$(od -An -t u1 -j 4 -N 1 "$var" | tr -d ' ')
    if [ "$state" = 1 ]; then
        pf_fail "firmware" "UEFI with Secure Boot ON: the signed GRUB refuses to load an unsigned Xen (multiboot2 is locked down), so the PC would only boot plain Linux. Turn Secure Boot off in the firmware setup, then run install-xen again"
    else
        pf_ok "firmware" "UEFI, Secure Boot off: GRUB loads Xen with multiboot2"
    fi
}

pf_bootloader() {
    if [ -f "$ROOT/etc/default/grub" ] && [ -d "$ROOT/boot/grub" ]; then
        pf_ok "boot loader" "GRUB (/etc/default/grub, /boot/grub)"
    else
        pf_fail "boot loader" "GRUB not found (/etc/default/grub or /boot/grub missing): install-xen sets up Xen through GRUB only"
    fi
}

package_installed() {
    [ "$(dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

pf_installed() {
    XEN_PACKAGES_INSTALLED=no
    package_installed "$XEN_PACKAGE" && XEN_PACKAGES_INSTALLED=yes
    if [ "$ON_XEN" = yes ]; then
        pf_note "xen" "this Linux is already running on Xen (it is dom0)"
    elif [ "$XEN_PACKAGES_INSTALLED" = yes ]; then
        pf_note "xen" "$XEN_PACKAGE is installed, but this boot is plain Linux"
    else
        pf_ok "xen" "not installed yet"
    fi
}

preflight() {
    ON_XEN=no
    [ "$(cat "$ROOT/sys/hypervisor/type" 2>/dev/null)" = xen ] && ON_XEN=yes
    say "Preflight: can this PC take Xen?"
    pf_root
    pf_distro
    pf_cpu
    pf_virt
    pf_memory
    pf_disk
    pf_firmware
    pf_bootloader
    pf_installed
}

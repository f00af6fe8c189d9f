#!/usr/bin/env bash
# preflight_test: install-xen's checks on fixture PCs. Every supported kind of
# PC gets a plan; every unsupported one is refused with its reason, and in
# every case the fixture tree is left exactly as it was (nothing changed).
set -euo pipefail
# shellcheck source=testlib.sh
. "$(dirname "$(readlink -f "$0")")/testlib.sh"

# run_on PC ARGS...: install-xen on the fixture PC; sets OUT and RC.
run_on() {
    local pc=$1
    shift
    RC=0
    OUT=$(XENLAB_ROOT=$pc XENLAB_UID=${UID_AS:-0} "$SCRIPTS/install-xen" "$@" 2>&1) || RC=$?
}

# supported NAME PC WANT...: a dry run plans the install and changes nothing.
supported() {
    local name=$1 pc=$2 before want
    shift 2
    before=$(fingerprint "$pc")
    run_on "$pc" --dry-run
    check_eq "$name: exit 0" "$RC" 0
    check_has "$name: plan printed" "$OUT" "Plan:"
    for want in "$@"; do check_has "$name: says '$want'" "$OUT" "$want"; done
    check_has "$name: dry run" "$OUT" "Dry run: nothing changed."
    check_eq "$name: nothing changed" "$(fingerprint "$pc")" "$before"
}

# refused NAME PC REASON [ARGS]: refused with REASON, exit 2, nothing changed,
# also without --dry-run.
refused() {
    local name=$1 pc=$2 reason=$3 before
    before=$(fingerprint "$pc")
    run_on "$pc" --yes
    check_eq "$name: exit 2" "$RC" 2
    check_has "$name: refused" "$OUT" "Refused: this PC cannot take Xen as it is. Nothing was changed."
    check_has "$name: reason" "$OUT" "$reason"
    check_lacks "$name: no plan" "$OUT" "Plan:"
    check_eq "$name: nothing changed" "$(fingerprint "$pc")" "$before"
}

pc() { local d="$TMP/$1"; make_pc "$d"; echo "$d"; }

# ---- supported PCs ---------------------------------------------------------

p=$(pc debian12)
supported "Debian 12, BIOS, VT-x, 8 GiB" "$p" \
    "[ok  ] distribution    Debian GNU/Linux 12 (bookworm) (supported)" \
    "Intel VT-x (vmx)" "BIOS (legacy boot)" "7841 MiB (need 1800)" \
    'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=2048M,max:2048M"' \
    "apt-get install xen-system-amd64 busybox-static" \
    "default boot entry becomes the Xen one (now: 'Debian GNU/Linux')"

p=$(pc ubuntu2204)
cp "$FIXTURES/os-release/ubuntu-22.04" "$p/etc/os-release"
cp "$FIXTURES/cpuinfo/amd-svm" "$p/proc/cpuinfo"
cp "$FIXTURES/grub/ubuntu-default" "$p/etc/default/grub"
supported "Ubuntu 22.04, AMD-V" "$p" "Ubuntu 22.04.4 LTS (supported)" "AMD-V (svm)"

p=$(pc ubuntu2404)
cp "$FIXTURES/os-release/ubuntu-24.04" "$p/etc/os-release"
make_uefi "$p" 0
supported "Ubuntu 24.04, UEFI, Secure Boot off" "$p" "Ubuntu 24.04.1 LTS (supported)" "UEFI, Secure Boot off"

p=$(pc uefi-novar)
make_uefi "$p" none
supported "UEFI without a SecureBoot variable" "$p" "Secure Boot variable absent (off)"

p=$(pc novirt)
cp "$FIXTURES/cpuinfo/no-virt" "$p/proc/cpuinfo"
supported "no VT-x/AMD-V: PV still works" "$p" \
    "[note] virtualization  no VT-x/AMD-V reported: PV guests work"

p=$(pc small)
cp "$FIXTURES/meminfo/2g" "$p/proc/meminfo"
supported "2 GiB PC: dom0 gets 1 GiB" "$p" 'dom0_mem=1024M,max:1024M'

p=$(pc dom0mem)
before=$(fingerprint "$p")
run_on "$p" --dry-run --dom0-mem 1536 --serial-console
check_has "--dom0-mem 1536" "$OUT" 'dom0_mem=1536M,max:1536M'
check_has "--serial-console: Xen on COM1" "$OUT" 'GRUB_CMDLINE_XEN="console=com1 com1=115200,8n1"'
check_has "--serial-console: dom0 on hvc0" "$OUT" 'GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"'

# A real run on a fixture must stop after the plan: apt and update-grub work
# on the machine itself, never on test files.
p=$(pc fixture-guard)
before=$(fingerprint "$p")
run_on "$p" --yes --offline
check_eq "fixture, real run: exit 3" "$RC" 3
check_has "fixture, real run: plans only" "$OUT" "is a tree of test files: install-xen checks and plans there, but changes nothing."
check_lacks "fixture, real run: no apt" "$OUT" "==> install"
check_eq "fixture, real run: nothing changed" "$(fingerprint "$p")" "$before"

# ---- unsupported PCs -------------------------------------------------------

for os in debian-11 ubuntu-20.04 linuxmint-21 fedora-40; do
    p=$(pc "$os")
    cp "$FIXTURES/os-release/$os" "$p/etc/os-release"
    refused "$os" "$p" "is not supported: install-xen knows Debian 12 and Ubuntu 22.04/24.04"
done

p=$(pc no-os-release)
rm "$p/etc/os-release"
refused "no /etc/os-release" "$p" "no /etc/os-release"

p=$(pc cpu32)
cp "$FIXTURES/cpuinfo/32bit" "$p/proc/cpuinfo"
refused "32-bit CPU" "$p" "not a 64-bit CPU (no 'lm' flag)"

p=$(pc i686)
echo i686 > "$p/proc/sys/kernel/arch"
refused "32-bit Linux on a 64-bit CPU" "$p" "this Linux is i686, not x86_64"

p=$(pc mem1g)
cp "$FIXTURES/meminfo/1g" "$p/proc/meminfo"
refused "1 GiB of RAM" "$p" "980 MiB is too little"

p=$(pc secureboot)
make_uefi "$p" 1
refused "Secure Boot on" "$p" "UEFI with Secure Boot ON: the signed GRUB refuses to load an unsigned Xen"

p=$(pc nogrub)
rm "$p/etc/default/grub"
refused "no GRUB" "$p" "GRUB not found"

p=$(pc fulldisk)
XENLAB_NEED_DISK_MIB=999999999 refused "full disk" "$p" "free on / (need 999999999)"

p=$(pc notroot)
UID_AS=1000 refused "not root" "$p" "not root: run it with sudo"

# ---- already installed -----------------------------------------------------

p=$(pc installed)
cp "$FIXTURES/dpkg/status-xen" "$p/var/lib/dpkg/status"
run_on "$p" --dry-run
check_has "packages installed, plain boot: noticed" "$OUT" "xen-system-amd64 is installed, but this boot is plain Linux"
check_has "packages installed: not installed again" "$OUT" "2. packages: already installed"

# A PC that install-xen finished: running on Xen, packages in, our GRUB file
# in place, Xen the default. A real (not dry) run must change nothing.
p=$(pc finished)
cp "$FIXTURES/dpkg/status-xen" "$p/var/lib/dpkg/status"
cp "$FIXTURES/grub/grub.cfg-xen" "$p/boot/grub/grub.cfg"
mkdir -p "$p/sys/hypervisor" "$p/var/lib/xenlab-install"
echo xen > "$p/sys/hypervisor/type"
printf 'dom0_mem=2048\nserial=no\n' > "$p/var/lib/xenlab-install/settings"
(
    XENLAB_ROOT=$p
    # shellcheck source=../lib/common.sh
    . "$SCRIPTS/lib/common.sh"
    # shellcheck source=../lib/grub.sh
    . "$SCRIPTS/lib/grub.sh"
    dropin_text 2048 no "" > "$p$DROPIN_REL"
)
before=$(fingerprint "$p")
run_on "$p" --yes
check_eq "already done: exit 0" "$RC" 0
check_has "already done: says so" "$OUT" "Nothing to do; nothing changed."
check_has "already done: running on Xen noticed" "$OUT" "already running on Xen (it is dom0)"
check_eq "already done: nothing changed" "$(fingerprint "$p")" "$before"

# ---- uninstall on a fixture ------------------------------------------------

# A PC as install-xen leaves it: its state, backups and GRUB file in place.
p=$(pc to-undo)
(
    XENLAB_ROOT=$p
    # shellcheck source=../lib/common.sh
    . "$SCRIPTS/lib/common.sh"
    # shellcheck source=../lib/grub.sh
    . "$SCRIPTS/lib/grub.sh"
    # shellcheck source=../lib/backup.sh
    . "$SCRIPTS/lib/backup.sh"
    backup_file "$GRUB_CFG_REL"
    backup_file "$DROPIN_REL"
    dropin_text 2048 no "" > "$p$DROPIN_REL"
    cp "$FIXTURES/grub/grub.cfg-xen" "$p$GRUB_CFG_REL"
)
before=$(fingerprint "$p")
run_on "$p" --uninstall --dry-run
check_eq "uninstall plan: exit 0" "$RC" 0
check_has "uninstall plan: grub.cfg comes back" "$OUT" "saved /boot/grub/grub.cfg"
check_has "uninstall plan: our file goes" "$OUT" "absent /etc/default/grub.d/zz-xenlab.cfg"
check_eq "uninstall plan: nothing changed" "$(fingerprint "$p")" "$before"
run_on "$p" --uninstall --yes
check_eq "uninstall on a fixture: plans only (exit 3)" "$RC" 3
check_eq "uninstall on a fixture: nothing changed" "$(fingerprint "$p")" "$before"

# ---- options ---------------------------------------------------------------

p=$(pc options)
run_on "$p" --dom0-mem lots
check_eq "--dom0-mem lots: usage error" "$RC" 64
run_on "$p" --frobnicate
check_eq "unknown option: usage error" "$RC" 64
check_has "unknown option: named" "$OUT" "unknown option '--frobnicate'"
run_on "$p" --uninstall --yes
check_has "--uninstall with nothing installed" "$OUT" "Nothing to undo"
check_eq "--uninstall with nothing installed: exit 0" "$RC" 0

finish_tests

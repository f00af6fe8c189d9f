#!/usr/bin/env bash
# fault_test.sh - an exception in the hypervisor (selftest=KIND) is traced,
# dumped on the console and stops the machine with the panic status.
#
# usage (from BUILD): fault_test.sh LAUNCHER HVVIZ --kernel ELF --append 'selftest=KIND'
set -euo pipefail
# shellcheck source=tests/qemu/lib.sh
source "$(dirname "$0")/lib.sh"

kind=${boot_args[-1]#selftest=}
declare -A vector=([ud]=6 [pf]=14 [gp]=13 [de]=0 [bp]=3 [df]=8)
declare -A name=([ud]='#UD' [pf]='#PF' [gp]='#GP' [de]='#DE' [bp]='#BP' [df]='#DF')
v=${vector[$kind]:?unknown selftest kind $kind}

boot 2
grep -q "EXCEPTION $v (${name[$kind]}" "$run/console.log" || fail "no exception report"
grep -q 'eip=f81[0-9a-f]\{5\}' "$run/console.log" || fail "no register dump with a hypervisor eip"
grep -q 'stopping: hypervisor panic' "$run/console.log" || fail "no loud stop"

dump >"$run/dump.txt"
expect_consecutive "$run/dump.txt"
grep -q "hv.exception vector=${name[$kind]}" "$run/dump.txt" || fail "exception not traced"
[ "$(tail -n 1 "$run/dump.txt" | awk '{ print $5, $6 }')" = "hv.shutdown code=panic" ] ||
    fail "last event is not a panic shutdown"
if [ "$kind" = pf ]; then
    grep -q 'hv.exception vector=#PF .* cr2=0x1000' "$run/dump.txt" || fail "cr2 not traced"
fi
echo "PASS: $kind fault traced, dumped, and stopped the machine"

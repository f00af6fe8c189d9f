# shellcheck shell=bash
# lib.sh - shared by the QEMU boot tests: boot through the launcher, and
# say clearly what went wrong, with the console attached.
#
#   boot EXPECTED_STATUS   run `xenlab run` with the test's boot arguments
#   fail MESSAGE           print MESSAGE, the console and the trace; exit 1
#   dump                   the decoded trace (hvviz --dump --strict)

launcher=$1
hvviz=$2
shift 2
boot_args=("$@")
run="$TEST_TMPDIR/run"

fail() {
    printf 'FAIL: %s\n' "$*"
    printf -- '--- console.log\n'
    cat "$run/console.log" 2>/dev/null || true
    printf -- '--- trace\n'
    "$hvviz" --dump "$run/trace.bin" 2>&1 | tail -n 40 || true
    exit 1
}

boot() {
    local want=$1 status=0
    "$launcher" run "${boot_args[@]}" --hvviz "$hvviz" --rundir "$run" \
        --timeout 120 --quiet || status=$?
    [ "$status" = "$want" ] || fail "xenlab run exited with $status, expected $want"
}

dump() {
    "$hvviz" --dump "$run/trace.bin" --strict 2>"$run/dump.err" ||
        fail "trace does not decode cleanly: $(cat "$run/dump.err")"
}

# Sequence numbers (first column) are 0, 1, 2, ... with no gap. Checked
# here from the dump text, independently of the decoder's own counters.
expect_consecutive() {
    awk '$1 ~ /^[0-9]+$/ { if ($1 != n) { printf "seq %s where %d was due\n", $1, n; exit 1 } n++ }
         END { if (n == 0) { print "no records"; exit 1 } }' "$1" ||
        fail "sequence numbers are not consecutive"
}

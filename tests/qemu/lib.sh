# shellcheck shell=bash
# lib.sh - shared by the QEMU boot tests: boot through the launcher, and
# say clearly what went wrong, with the console attached.
#
#   boot EXPECTED_STATUS   run `xenlab run` with the test's boot arguments
#                          (for at most $boot_timeout seconds, default 120)
#   boot_held              the same in the background, QEMU's monitor on a pipe
#   monitor CMD            type CMD into that monitor (sendkey n, quit)
#   wait_console REGEX     until the held run's console shows a line
#   boot_held_status       wait for the held run to end: $STATUS
#   fail MESSAGE           print MESSAGE, the console and the trace; exit 1
#   dump                   the decoded trace (hvviz --dump --strict)
#   dump_counted           the same, but losses the hypervisor reports (a
#                          flood) are allowed; unexplained gaps are not

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
        --timeout "${boot_timeout:-120}" --quiet || status=$?
    [ "$status" = "$want" ] || fail "xenlab run exited with $status, expected $want"
}

dump() {
    "$hvviz" --dump "$run/trace.bin" --strict 2>"$run/dump.err" ||
        fail "trace does not decode cleanly: $(cat "$run/dump.err")"
}

# (Its failures go to stderr: its output is usually redirected.)
dump_counted() {
    "$hvviz" --dump "$run/trace.bin" 2>"$run/dump.err" ||
        fail "trace does not decode" >&2
    grep -q ' 0 missing (sequence gaps), 0 bytes skipped' "$run/dump.err" ||
        fail "trace has unexplained gaps: $(cat "$run/dump.err")" >&2
}

# Sequence numbers (first column) are 0, 1, 2, ... with no gap. Checked
# here from the dump text, independently of the decoder's own counters.
expect_consecutive() {
    awk '$1 ~ /^[0-9]+$/ { if ($1 != n) { printf "seq %s where %d was due\n", $1, n; exit 1 } n++ }
         END { if (n == 0) { print "no records"; exit 1 } }' "$1" ||
        fail "sequence numbers are not consecutive"
}

# boot_held: boot in the background (the launcher is $BOOT_PID)
# with QEMU's monitor on a pipe; `monitor CMD` types into it (sendkey,
# quit). For tests that act on a run while it goes on.
boot_held() {
    mkdir -p "$run"
    mkfifo "$TEST_TMPDIR/mon.in" "$TEST_TMPDIR/mon.out"
    XENLAB_QEMU_EXTRA="${XENLAB_QEMU_EXTRA:-} -chardev pipe,id=mon,path=$TEST_TMPDIR/mon -mon chardev=mon,mode=readline" \
        "$launcher" run "${boot_args[@]}" --hvviz "$hvviz" --rundir "$run" \
        --timeout 120 --quiet >"$TEST_TMPDIR/launcher.out" 2>&1 &
    BOOT_PID=$!
    trap 'kill "$BOOT_PID" 2>/dev/null || true; wait "$BOOT_PID" 2>/dev/null || true' EXIT
    exec 3>"$TEST_TMPDIR/mon.in"            # opens once QEMU does
    cat "$TEST_TMPDIR/mon.out" >/dev/null &  # the monitor's replies, drained
}

monitor() { echo "$*" >&3; }

# The held run's exit status, once it ends by itself (in $STATUS).
# shellcheck disable=SC2034 # STATUS is read by the test that sourced this
boot_held_status() {
    STATUS=0
    wait "$BOOT_PID" || STATUS=$?
    trap - EXIT
}

# wait_console REGEX: until console.log has a matching line (the held run
# must still be going, and 60 s at most).
wait_console() {
    local deadline=$((SECONDS + 60))
    until tr -d '\r' <"$run/console.log" 2>/dev/null | grep -Eq -- "$1"; do
        kill -0 "$BOOT_PID" 2>/dev/null || fail "the run ended before: $1"
        [ "$SECONDS" -le "$deadline" ] || fail "no console line matches: $1"
        sleep 0.1
    done
}

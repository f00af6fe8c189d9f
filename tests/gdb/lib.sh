# shellcheck shell=bash
# lib.sh - shared by the GDB tests: boot lesson 13 (or $LESSON, in
# $LESSON_DIR; or any $BOOT manifest, with the guest's $SYMBOLS) held for
# a debugger (gdb_wait) through ./xenlab, drive a real GDB at it in batch
# mode, and end exactly the processes this test started, by their PIDs.
#
#   start_lesson          boot in the background; wait for gdb.sock
#   start_gdb SCRIPT      GDB (the command ./xenlab gdb --print gives) in
#                         the background on that run, output in $gdb_out
#   finish_gdb            wait for GDB to end (at most a minute)
#   finish_run STATUS     wait for the run to end; its status must match
#   expect FILE TEXT      FILE has a line containing TEXT, or fail
#   fail MESSAGE          say what went wrong, with GDB's output and the
#                         console; exit 1

LESSON=${LESSON:-13}
LESSON_DIR=${LESSON_DIR:-lessons/13-debugging}
run="$TEST_TMPDIR/run"
run_pid=""
gdb_pid=""
gdb_out="$TEST_TMPDIR/gdb.out"

fail() {
    printf 'FAIL: %s\n' "$*"
    printf -- '--- GDB\n'
    cat "$gdb_out" 2>/dev/null || true
    printf -- '--- console.log\n'
    cat "$run/console.log" 2>/dev/null || true
    exit 1
}

# stop_tree PID: that process and everything it started, by PID.
stop_tree() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        stop_tree "$child"
    done
    kill "$1" 2>/dev/null || true
}

cleanup() {
    [ -z "$gdb_pid" ] || stop_tree "$gdb_pid"
    [ -z "$run_pid" ] || stop_tree "$run_pid"
}
trap cleanup EXIT

# wait_for WHAT SECONDS COMMAND...: until COMMAND succeeds, or fail.
wait_for() {
    local what=$1 tenths=$(($2 * 10)) i
    shift 2
    for ((i = 0; i < tenths; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    fail "no $what after $((tenths / 10)) s"
}

start_lesson() {
    ./xenlab run --boot "${BOOT:-$LESSON_DIR/lesson.boot}" \
        --append "gdb_wait lesson_auto" --hvviz visualizer/hvviz \
        --rundir "$run" --timeout 120 --quiet >"$TEST_TMPDIR/run.out" 2>&1 &
    run_pid=$!
    wait_for "debugger socket" 30 test -S "$run/gdb.sock"
}

start_gdb() {
    local cmd which=(--lesson "$LESSON")
    [ -z "${SYMBOLS:-}" ] || which=(--symbols "$SYMBOLS")
    cmd=$(./xenlab gdb "${which[@]}" --prebuilt . --run "$run" --print -- \
        -nx -batch -x "$1") || fail "./xenlab gdb --print failed"
    (eval "exec $cmd" >"$gdb_out" 2>&1) &
    gdb_pid=$!
}

gdb_ended() {
    ! kill -0 "$gdb_pid" 2>/dev/null
}

finish_gdb() {
    local status=0
    wait_for "end of GDB" 60 gdb_ended
    wait "$gdb_pid" || status=$?
    gdb_pid=""
    [ "$status" = 0 ] || fail "GDB ended with status $status"
}

finish_run() {
    local status=0
    wait "$run_pid" || status=$?
    run_pid=""
    [ "$status" = "$1" ] || fail "xenlab run ended with $status, expected $1: $(cat "$TEST_TMPDIR/run.out")"
}

expect() {
    grep -qF -- "$2" "$1" || fail "$(basename "$1") has no line with: $2"
}

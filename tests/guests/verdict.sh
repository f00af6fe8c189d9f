# shellcheck shell=bash
# verdict.sh - a test guest's verdict, read from the trace (verdict.h),
# never from console text a hostile neighbour (or the guest itself) may
# have wrapped or split. Source after lib.sh.
#
#   decode_trace                 the trace, decoded into $run/dump.txt
#   expect_verdict DOM RESULT [COUNT]
#                                domain DOM's last verdict record says
#                                RESULT (SUCCESS, SKIP, ERROR, FAILURE),
#                                with v1 = COUNT when given
#   expect_no_verdict DOM        DOM never reached a verdict (it was to crash)

decode_trace() {
    "$hvviz" --dump "$run/trace.bin" >"$run/dump.txt" 2>"$run/dump.err" ||
        fail "trace does not decode"
}

verdict_of() {
    grep -E "^ *[0-9]+ +[0-9.]+ c[0-9]+ d$1 +lesson\.mark lesson=0 what=100 " \
        "$run/dump.txt" | tail -n 1 || true
}

expect_verdict() {
    local dom=$1 want=$2 count=${3:-[0-9]+} code line
    case "$want" in
    SUCCESS) code=0 ;; SKIP) code=1 ;; ERROR) code=2 ;; FAILURE) code=3 ;;
    *) fail "expect_verdict: no such result '$want'" ;;
    esac
    line=$(verdict_of "$dom")
    [ -n "$line" ] || fail "d$dom left no verdict in the trace"
    [[ "$line" =~ \ v0=$code\ v1=$count( |$) ]] ||
        fail "d$dom's verdict is not $want${3:+ ($3)}: $line"
}

expect_no_verdict() {
    local line
    line=$(verdict_of "$1")
    [ -z "$line" ] || fail "d$1 was to crash, yet reached a verdict: $line"
}

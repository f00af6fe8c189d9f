#!/usr/bin/env bash
# batch_test.sh - hvviz for scripts: --dump, --stats, --check, --export
# chrome-json and --snapshot on traces made by the hypervisor's own trace
# code, clean, lossy and damaged; and clear errors (not crashes) for bad
# input: missing sources, garbage bytes, malformed steps files, bad usage.
#
# usage: batch_test.sh HVVIZ TRACEGEN
set -euo pipefail
HVVIZ=$1
TRACEGEN=$2
source "$(dirname "$0")/lib.sh"
LESSON="$(dirname "$0")/fixtures/00-selftest"

"$TRACEGEN" --events 50000 >"$WORK/clean.bin"
"$TRACEGEN" --events 50000 --lossy >"$WORK/lossy.bin"
"$TRACEGEN" --events 50000 --garbage 20 >"$WORK/damaged.bin"

# --dump: one line per event; columns 1 (seq), 5 (event), 6 (first field).
"$HVVIZ" --dump "$WORK/clean.bin" >"$WORK/dump.txt" 2>"$WORK/dump.err"
n=$(wc -l <"$WORK/dump.txt")
head -n 1 "$WORK/dump.txt" | awk '$1 == 0 && $5 == "hv.stream" && $6 == "magic=0x52544c58" { ok = 1 } END { exit !ok }' ||
    fail "first dump line: $(head -n 1 "$WORK/dump.txt")"
grep -q "^hvviz: $n events, 0 lost" "$WORK/dump.err" || fail "dump summary: $(cat "$WORK/dump.err")"
awk '$1 != NR - 1 { print "seq", $1, "on line", NR; exit 1 }' "$WORK/dump.txt" || fail "dump not consecutive"

# --stats: counts add up to the dump; rates; losses; decoding speed.
"$HVVIZ" --stats "$WORK/clean.bin" >"$WORK/stats.txt" 2>"$WORK/stats.err"
sum=$(awk '/^event/ { on = 1; next } /^$/ { on = 0 } on { s += $2 } END { print s }' "$WORK/stats.txt")
[ "$sum" = "$n" ] || fail "stats count $sum events, dump $n"
grep -Eq '^ring\.transition +[0-9]+ +[0-9.]+$' "$WORK/stats.txt" || fail "no rate column"
grep -Eq '^trace: [0-9]+ events in [0-9.]+ s of trace time \([0-9.]+ events/s\); 1 stream, TSC 2000000 kHz$' \
    "$WORK/stats.txt" || fail "no trace line: $(cat "$WORK/stats.txt")"
grep -Eq '^processing: [0-9]+ events in [0-9.]+ s = [0-9]+ events/s' "$WORK/stats.txt" || fail "no speed"
[ "$(tail -n 1 "$WORK/stats.err" | cut -c1-7)" = "hvviz: " ] || fail "summary is not the last line"

"$HVVIZ" --stats "$WORK/lossy.bin" >"$WORK/lossy.txt" 2>"$WORK/lossy.err"
grep -Eq '^losses: [1-9][0-9]* lost in [1-9][0-9]* LOST records' "$WORK/lossy.txt" || fail "losses not reported"
grep -Eq '^gen\.lost +[1-9]' "$WORK/lossy.txt" || fail "gen.lost not counted"
status=0
"$HVVIZ" --stats "$WORK/lossy.bin" --strict >/dev/null 2>&1 || status=$?
[ "$status" = 3 ] || fail "--strict on a lossy trace exited $status, not 3"

"$HVVIZ" --stats "$WORK/damaged.bin" >"$WORK/damaged.txt" 2>"$WORK/damaged.err"
grep -Eq '[1-9][0-9]* missing \(sequence gaps\), [1-9][0-9]* bytes skipped in [1-9][0-9]* bad frames' \
    "$WORK/damaged.err" || fail "damage not reported: $(cat "$WORK/damaged.err")"

# Garbage on stdin: counted, not fatal.
head -c 200000 /dev/urandom | "$HVVIZ" --stats - >/dev/null 2>"$WORK/garbage.err" ||
    fail "garbage on stdin made hvviz fail: $(cat "$WORK/garbage.err")"
grep -Eq 'bytes skipped in [1-9][0-9]* bad frames' "$WORK/garbage.err" || fail "garbage not counted"
# A trace cut in the middle of a frame.
head -c 100001 "$WORK/clean.bin" | "$HVVIZ" --dump - >/dev/null 2>"$WORK/cut.err"
grep -Eq 'bytes skipped in 1 bad frames' "$WORK/cut.err" || fail "cut frame: $(cat "$WORK/cut.err")"

# --check keeps its meaning.
printf 'hv.stream == 1\nballoon.step >= 10\nno-loss\n' >"$WORK/good.expect"
"$HVVIZ" --check "$WORK/good.expect" "$WORK/clean.bin" >"$WORK/check.txt" 2>&1 || fail "check: $(cat "$WORK/check.txt")"
status=0
"$HVVIZ" --check "$WORK/good.expect" "$WORK/lossy.bin" >"$WORK/check2.txt" 2>&1 || status=$?
[ "$status" = 1 ] || fail "no-loss passed on a lossy trace ($status)"

# --export chrome-json: one JSON document with the trace and the losses.
"$HVVIZ" --export chrome-json "$WORK/trace.json" "$WORK/lossy.bin" 2>/dev/null
head -c 16 "$WORK/trace.json" | grep -q '^{"traceEvents":\[' || fail "not trace-event JSON"
tail -n 1 "$WORK/trace.json" | grep -Eq '"lost_reported":[1-9][0-9]*,' || fail "losses missing from the export"
grep -q '"ph":"X","name":"ring 1"' "$WORK/trace.json" || fail "no ring spans"
grep -q '"name":"gen.lost"' "$WORK/trace.json" || fail "no LOST events"
if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert len(d["traceEvents"]) > 50000' \
        "$WORK/trace.json" || fail "the export is not valid JSON"
fi
"$HVVIZ" --export chrome-json - "$WORK/clean.bin" 2>/dev/null | tail -c 3 | grep -q '}}' || fail "export to stdout"

# --snapshot: the viewer's screen as text, every panel, in both sizes.
"$HVVIZ" --snapshot 80x24 "$WORK/clean.bin" >"$WORK/snap80.txt" 2>/dev/null
[ "$(wc -l <"$WORK/snap80.txt")" = 24 ] || fail "80x24 snapshot is not 24 rows"
for label in '^2 Rings ' '^3 Scheduler ' '^4 Memory ' '^5 TLB ' '^6 I/O rings ' '^7 Counters ' '^ Events '; do
    grep -Eq "$label" "$WORK/snap80.txt" || fail "no /$label/ in the 80x24 snapshot"
done
awk 'length($0) > 80 { exit 1 }' "$WORK/snap80.txt" || fail "a row is wider than 80"
"$HVVIZ" --snapshot 200x50 --lesson "$LESSON" "$WORK/clean.bin" >"$WORK/snap200.txt" 2>/dev/null
[ "$(wc -l <"$WORK/snap200.txt")" = 50 ] || fail "200x50 snapshot is not 50 rows"
grep -q 'Lesson 00' "$WORK/snap200.txt" || fail "no lesson pane"
"$HVVIZ" --snapshot 80x24 --focus tlb "$WORK/clean.bin" 2>/dev/null | grep -q '^ TLB  ' || fail "--focus"

# Clear errors, never a crash.
expect_error() {
    local want_status=$1 want_text=$2 status=0
    shift 2
    "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
    [ "$status" = "$want_status" ] || fail "$* exited $status, not $want_status: $(cat "$WORK/err")"
    grep -q -- "$want_text" "$WORK/err" || fail "$*: no '$want_text' in: $(cat "$WORK/err")"
}
expect_error 1 'No such file' "$HVVIZ" --stats "$WORK/missing.bin"
expect_error 1 'not a trace source' "$HVVIZ" --dump "$WORK"
mkdir -p "$WORK/bad-lesson" "$WORK/09-broken"
printf 'title: x\nstep 2: two\nstep 1: one\n' >"$WORK/09-broken/steps"
expect_error 2 '09-broken/steps:3: step numbers must increase' \
    "$HVVIZ" --snapshot 80x24 --lesson "$WORK/09-broken" "$WORK/clean.bin"
expect_error 2 'bad-lesson/steps: No such file' \
    "$HVVIZ" --lesson "$WORK/bad-lesson" "$WORK/clean.bin"
expect_error 2 'takes COLSxROWS' "$HVVIZ" --snapshot 80by24 "$WORK/clean.bin"
expect_error 2 'one format: chrome-json' "$HVVIZ" --export perfetto x "$WORK/clean.bin"
expect_error 2 'no such panel' "$HVVIZ" --focus nothing "$WORK/clean.bin"
expect_error 2 'usage:' "$HVVIZ"
expect_error 2 'usage:' "$HVVIZ" --dump
"$HVVIZ" --help | grep -q -- '--export chrome-json OUT SOURCE' || fail "--help"
echo "PASS: dump, stats, check, export, snapshot and errors"

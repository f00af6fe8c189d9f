#!/usr/bin/env bash
# recording_check.sh - a lesson's recording (lessons/NN-topic/trace.bin,
# what `./xenlab lesson N --replay` shows) still holds every event the
# lesson's expect file asks for, undamaged. Fails when the lesson changed
# and the recording did not: run tools/record-lessons N.
#
# usage: recording_check.sh HVVIZ EXPECT TRACE
set -euo pipefail
"$1" --check "$2" "$3" --strict ||
    { echo "FAIL: $3 no longer matches $2: record it again (tools/record-lessons)"; exit 1; }

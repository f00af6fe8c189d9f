#!/usr/bin/env bash
# lesson_check.sh - `./xenlab lesson N --check`, on what Bazel built.
#
# Runs in the test's runfiles, where the lesson's boot manifest, guests,
# expect and steps files, the hypervisor and hvviz all sit at their
# workspace paths: exactly the layout --prebuilt expects.
set -euo pipefail
exec ./xenlab lesson "$1" --check --prebuilt . --rundir "$TEST_TMPDIR/run" --timeout 240

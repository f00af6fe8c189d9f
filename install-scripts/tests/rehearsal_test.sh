#!/usr/bin/env bash
# rehearsal_test: the whole install rehearsal (rehearsal/rehearse) as a test.
# Bazel gives tests no HOME, so the base image cache is kept in the invoking
# user's real home (or XENLAB_REHEARSAL_CACHE, via --test_env), the same place
# "./xenlab demo install-xen" uses: a second run is fast.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
home=$(getent passwd "$(id -un)" | cut -d: -f6)
exec "$here/../rehearsal/rehearse" --cache-dir "${XENLAB_REHEARSAL_CACHE:-$home/.cache/xenlab/rehearsal}"

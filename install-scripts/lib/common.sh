# shellcheck shell=bash disable=SC2034  # the variables set here are read by the scripts that source this file
# common.sh: what every install-scripts program shares: messages, timed steps,
# and the root prefix that lets the tests point a script at fixture files.
#
# XENLAB_ROOT (default "/") is prepended to every host file the scripts read or
# write (/etc/os-release, /proc/cpuinfo, /etc/default/grub, ...). The unit
# tests set it to a directory of fixture files; on a real PC it stays "/".

ROOT=${XENLAB_ROOT:-/}
ROOT=${ROOT%/}            # "/" becomes "", so "$ROOT/etc" is "/etc"

# Where install-xen keeps its backups, its "before" snapshot and its record.
STATE_DIR="$ROOT/var/lib/xenlab-install"

say()  { printf '%s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# step "what" cmd...: run one long step with a progress line and its duration.
# The command runs under "set -e" like the rest of the script: a failure ends
# the script, and step_failed (run from the script's EXIT trap) names the step.
# Do not call step in an "if" or with "||": bash would then ignore errors
# inside it.
STEP_NOW=""
step() {
    local what=$1 start
    shift
    start=$(date +%s)
    say "==> $what ..."
    STEP_NOW=$what
    "$@"
    STEP_NOW=""
    say "    done: $what ($(( $(date +%s) - start )) s)"
}
step_failed() {
    [ -z "$STEP_NOW" ] || say "    FAILED: $STEP_NOW"
}

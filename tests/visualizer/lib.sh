# lib.sh - shared by hvviz's screen tests: a private tmux server, QEMU
# runs ended by their own PID, and waiting for text to appear on the
# screen with a deadline (polling capture-pane, never a blind sleep).
#
#   start_viz NAME COLS ROWS CMD...   run CMD in a tmux window NAME
#   screen NAME                       the window's text now
#   wait_for NAME REGEX [SECONDS]     until a line matches, or fail
#   wait_gone NAME REGEX [SECONDS]    until no line matches, or fail
#   keys NAME KEY...                  tmux send-keys
#   wait_exit NAME [SECONDS]          until CMD ended; its status in $STATUS
#   start_qemu NAME APPEND [EXTRA...] boot hv.elf, COM2 at $WORK/NAME.sock
#   stop_qemu NAME                    kill that QEMU, by its PID
#   qemu_status NAME                  wait for it to end; its status in $STATUS
#   fail MESSAGE                      print what was on screen; exit 1
#
# Everything lives in $WORK (a short /tmp path: Unix socket paths must
# stay under 108 bytes) and is removed, with the tmux server and every
# QEMU we started, when the test exits.
set -euo pipefail

WORK=$(mktemp -d /tmp/hvviz-test.XXXXXX)
TMUX_SERVER="hvviz-test-$$-$RANDOM"
declare -A QEMU_PID=()
export TERM=${TERM:-xterm-256color}
[ "$TERM" = dumb ] && export TERM=xterm-256color
export TMUX_TMPDIR="$WORK"

tm() {
    tmux -L "$TMUX_SERVER" -f /dev/null "$@"
}

cleanup() {
    local name
    tm kill-server 2>/dev/null || true
    for name in "${!QEMU_PID[@]}"; do
        kill "${QEMU_PID[$name]}" 2>/dev/null || true
        wait "${QEMU_PID[$name]}" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

screen() {
    tm capture-pane -p -t "$1" 2>/dev/null || true
}

fail() {
    local w
    printf 'FAIL: %s\n' "$*"
    for w in $(tm list-windows -F '#{window_name}' 2>/dev/null); do
        printf -- '--- screen of %s\n' "$w"
        screen "$w"
        [ -f "$WORK/$w.err" ] && { printf -- '--- stderr of %s\n' "$w"; cat "$WORK/$w.err"; }
    done
    for w in "${!QEMU_PID[@]}"; do
        [ -f "$WORK/$w.console" ] && { printf -- '--- console of %s\n' "$w"; tail -n 20 "$WORK/$w.console"; }
    done
    exit 1
}

# The window runs CMD with a UTF-8 locale; when CMD ends its exit status
# is written to $WORK/NAME.status and the window stays for inspection.
start_viz() {
    local name=$1 cols=$2 rows=$3 cmd=""
    shift 3
    printf -v cmd '%q ' "$@"
    cmd="cd $(printf %q "$PWD") && env LANG=C.UTF-8 LC_ALL=C.UTF-8 $cmd 2>$WORK/$name.err; echo \$? >$WORK/$name.status; exec sleep 100000"
    if tm has-session 2>/dev/null; then
        tm new-window -d -n "$name" "$cmd"
        tm resize-window -t "$name" -x "$cols" -y "$rows"
    else
        tm new-session -d -s hvviz -n "$name" -x "$cols" -y "$rows" "$cmd"
    fi
}

keys() {
    local name=$1
    shift
    tm send-keys -t "$name" "$@"
}

wait_for() {
    local name=$1 re=$2 secs=${3:-20} deadline
    deadline=$((SECONDS + secs))
    while [ "$SECONDS" -le "$deadline" ]; do
        screen "$name" | grep -Eq -- "$re" && return 0
        sleep 0.1
    done
    fail "after ${secs}s, nothing on $name's screen matches /$re/"
}

wait_gone() {
    local name=$1 re=$2 secs=${3:-20} deadline
    deadline=$((SECONDS + secs))
    while [ "$SECONDS" -le "$deadline" ]; do
        screen "$name" | grep -Eq -- "$re" || return 0
        sleep 0.1
    done
    fail "after ${secs}s, $name's screen still matches /$re/"
}

wait_exit() {
    local name=$1 secs=${2:-20} deadline
    deadline=$((SECONDS + secs))
    while [ "$SECONDS" -le "$deadline" ]; do
        [ -s "$WORK/$name.status" ] && { STATUS=$(cat "$WORK/$name.status"); return 0; }
        sleep 0.1
    done
    fail "$name did not exit within ${secs}s"
}

# QEMU waits (wait=on) until a reader connects to the trace socket, so
# the reader sees the stream from its first record.
# With CONSOLE_SOCKET=PATH in the environment, COM1 is also served on
# that socket (as `./xenlab lesson` does), for hvviz --console.
start_qemu() {
    local name=$1 append=$2 com1
    shift 2
    rm -f "$WORK/$name.sock"
    com1="file,id=com1,path=$WORK/$name.console"
    [ -z "${CONSOLE_SOCKET:-}" ] ||
        com1="socket,id=com1,path=$CONSOLE_SOCKET,server=on,wait=off,logfile=$WORK/$name.console"
    qemu-system-x86_64 -machine pc -cpu max -m 128 -display none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=4 -monitor none \
        -kernel "$HV_ELF" -append "$append" \
        -chardev "$com1" -serial chardev:com1 \
        -chardev "socket,id=com2,path=$WORK/$name.sock,server=on,wait=on,logfile=$WORK/$name.bin" \
        -serial chardev:com2 -serial null "$@" 2>"$WORK/$name.qemu" &
    QEMU_PID[$name]=$!
}

# Waits until QEMU has made its trace socket (it is then waiting for us).
wait_socket() {
    local name=$1 deadline=$((SECONDS + 20))
    while [ ! -S "$WORK/$name.sock" ]; do
        [ "$SECONDS" -le "$deadline" ] || fail "QEMU made no socket $WORK/$name.sock"
        kill -0 "${QEMU_PID[$name]}" 2>/dev/null || fail "QEMU $name ended: $(cat "$WORK/$name.qemu")"
        sleep 0.05
    done
}

# Ends QEMU $1 by its PID.
stop_qemu() {
    local name=$1
    kill "${QEMU_PID[$name]}" 2>/dev/null || true
    wait "${QEMU_PID[$name]}" 2>/dev/null || true
    unset "QEMU_PID[$name]"
}

# Waits (at most SECONDS) for QEMU $1 to end by itself; $STATUS is its
# exit status (65: the hypervisor reported success).
qemu_status() {
    local name=$1 secs=${2:-30} deadline
    deadline=$((SECONDS + secs))
    while kill -0 "${QEMU_PID[$name]}" 2>/dev/null; do
        [ "$SECONDS" -le "$deadline" ] || fail "QEMU $name still running after ${secs}s"
        sleep 0.1
    done
    STATUS=0
    wait "${QEMU_PID[$name]}" || STATUS=$?
    unset "QEMU_PID[$name]"
}

# The sequence number of the newest event line on a screen.
last_seq() {
    screen "$1" | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+\.[0-9]+$/ && $3 ~ /^c[0-9]+$/ { s = $1 } END { print s + 0 }'
}

# shellcheck shell=bash
# vm.sh: run the rehearsal PC in QEMU and talk to it over its serial port.
#
# The "PC" is QEMU with TCG (no KVM needed). Its first serial port (COM1) is a
# pair of FIFOs: we write keystrokes into RUN/ttyS0.in and a reader copies
# everything the PC prints from RUN/ttyS0.out into RUN/console.log. Waiting
# means watching console.log for a line, always with a time limit.
#
#   vm_start RUN QEMU_ARG...        boot QEMU in the background (PID in VM_PID),
#                                   with the disks or kernel given as QEMU_ARGs
#   vm_wait REGEX SECONDS           wait for REGEX to appear after VM_MARK
#   vm_run SECONDS COMMAND          type COMMAND at the shell, wait, return its status
#   vm_stop                         end the QEMU (and reader) this script started
#
# CPU: "max" gives Xen what it needs under TCG, minus SMAP: with SMAP on, Xen's
# PV dom0 crashes at once (#PF in create_bounce_frame), so it is turned off.
# One CPU: with two, a busy host that stalls one QEMU thread left Xen's dom0
# stuck in RCU stalls for minutes (Xen's CPUs wait on each other); one CPU
# has no one to wait for. VM_CPUS overrides it.

VM_PID=""
VM_READER_PID=""
VM_RUN=""
VM_MARK=0      # byte offset in console.log where the next wait starts looking
VM_SEQ=0

vm_start() {
    local run=$1
    shift
    VM_RUN=$run
    rm -f "$run/ttyS0.in" "$run/ttyS0.out"
    mkfifo "$run/ttyS0.in" "$run/ttyS0.out"
    # A restarted PC adds to the same log; waits start at its end.
    touch "$run/console.log"
    VM_MARK=$(stat -c %s "$run/console.log")
    qemu-system-x86_64 -machine pc -accel tcg,thread=multi -cpu max,-smap \
        -smp "${VM_CPUS:-1}" -m "${VM_MEM_MIB:-2048}" -display none -monitor none -nic none \
        -chardev "pipe,id=com1,path=$run/ttyS0" -serial chardev:com1 \
        "$@" 2> "$run/qemu.stderr" &
    VM_PID=$!
    cat "$run/ttyS0.out" >> "$run/console.log" &
    VM_READER_PID=$!
}

vm_alive() { [ -n "$VM_PID" ] && kill -0 "$VM_PID" 2>/dev/null; }

# vm_wait REGEX SECONDS: succeed once REGEX (grep -E) shows up in the console
# output after VM_MARK; move VM_MARK past it. Fail on timeout or if QEMU died.
vm_wait() {
    local regex=$1 limit=$2 deadline hit match
    deadline=$(( $(date +%s) + limit ))
    while :; do
        hit=$(tail -c +"$((VM_MARK + 1))" "$VM_RUN/console.log" | grep -a -b -o -E -m1 "$regex" | head -n1 || true)
        if [ -n "$hit" ]; then
            match=${hit#*:}          # grep -b -o prints OFFSET:MATCH
            VM_MARK=$(( VM_MARK + ${hit%%:*} + ${#match} ))
            return 0
        fi
        if ! vm_alive; then
            printf 'error: QEMU exited while waiting for /%s/ (see %s)\n' "$regex" "$VM_RUN/qemu.stderr" >&2
            return 1
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            printf 'error: no /%s/ on the serial console within %s s (see %s)\n' "$regex" "$limit" "$VM_RUN/console.log" >&2
            return 1
        fi
        sleep 0.5
    done
}

vm_type() { printf '%s\r' "$1" > "$VM_RUN/ttyS0.in"; }

# vm_run SECONDS COMMAND: run COMMAND in the guest's shell and return its exit
# status. The command's output is what the console shows between the typed
# line and the end marker; VM_OUT holds it (without the marker).
VM_OUT=""
vm_run() {
    local limit=$1 cmd=$2 from
    VM_SEQ=$((VM_SEQ + 1))
    from=$VM_MARK
    # The typed line shows "=$?"; only the printed marker has digits after "=".
    vm_type "$cmd; echo \"XLRC-$VM_SEQ=\$?:end\"" || return 1
    vm_wait "XLRC-$VM_SEQ=[0-9]+:end" "$limit" || return 1
    VM_OUT=$(tail -c +"$((from + 1))" "$VM_RUN/console.log" | head -c "$((VM_MARK - from))" | tr -d '\r')
    local rc=${VM_OUT##*XLRC-"$VM_SEQ"=}
    rc=${rc%:end}
    VM_OUT=${VM_OUT%XLRC-"$VM_SEQ"=*}
    VM_OUT=${VM_OUT#*XLRC-"$VM_SEQ"=\$?:end\"}
    return "$rc"
}

# vm_stop [SECONDS]: wait up to SECONDS for QEMU to exit on its own (after a
# poweroff), then end it by its PID. Only the processes started above.
vm_stop() {
    local limit=${1:-0} deadline
    deadline=$(( $(date +%s) + limit ))
    while vm_alive && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
    if vm_alive; then
        kill "$VM_PID" 2>/dev/null || true
    fi
    if [ -n "$VM_PID" ]; then
        wait "$VM_PID" 2>/dev/null || true
    fi
    if [ -n "$VM_READER_PID" ]; then
        kill "$VM_READER_PID" 2>/dev/null || true
        wait "$VM_READER_PID" 2>/dev/null || true
    fi
    VM_PID=""
    VM_READER_PID=""
}

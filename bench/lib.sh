# shellcheck shell=bash
# lib.sh - shared by the in-guest benches (pv.sh, mm.sh): boot a bench's
# boot manifest in QEMU, keep the lines domain 0 prints as "bench: NAME
# VALUE", and print figures with their targets.
#
#   bench_init BIN MANIFEST    read the manifest (built by Bazel under BIN)
#   bench_run NAME APPEND [QEMU OPTIONS...]
#                              boot once; NAME.txt holds the bench lines
#   get NAME KEY               a value from run NAME
#   verdict LABEL VALUE "<= N" print LABEL VALUE target MET/MISSED
#   figure LABEL VALUE         print LABEL VALUE
#   ratio A B                  A / B to two places

bench_init() {
    local bin=$1 manifest=$1/$2 kind path args
    [ -f "$manifest" ] || {
        echo "bench: no $manifest; build it first (./xenlab bench does)" >&2
        exit 2
    }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    BENCH_HV="" BENCH_CMDLINE="" BENCH_INITRD=""
    local i=0
    while read -r kind path args; do
        case "$kind" in
        hypervisor) BENCH_HV=$bin/$path ;;
        cmdline) BENCH_CMDLINE="$path${args:+ $args}" ;;
        module)
            # QEMU's -initrd splits at commas: each module gets a copy
            # under a plain name, followed by its arguments.
            cp "$bin/$path" "$work/$i.elf"
            BENCH_INITRD+="${BENCH_INITRD:+,}$work/$i.elf${args:+ $args}"
            i=$((i + 1))
            ;;
        esac
    done <"$manifest"
}

bench_run() {
    local name=$1 append=$2 status=0
    shift 2
    timeout 300 qemu-system-x86_64 -machine pc -cpu max -m 128 -display none \
        -no-reboot -monitor none -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" \
        -kernel "$BENCH_HV" -append "$BENCH_CMDLINE $append" -initrd "$BENCH_INITRD" \
        -serial "file:$work/$name.log" -serial null -serial null 2>"$work/$name.err" ||
        status=$?
    if [ "$status" != 65 ]; then
        echo "bench: the $name run failed (QEMU status $status):" >&2
        cat "$work/$name.err" "$work/$name.log" >&2
        exit 1
    fi
    tr -d '\r' <"$work/$name.log" | sed -n 's/^(d0) bench: //p' >"$work/$name.txt"
}

get() { awk -v k="$2" '$1 == k { print $2 }' "$work/$1.txt"; }

# verdict LABEL VALUE "<= N" | "== N"
verdict() {
    local op=${3%% *} want=${3##* } ok
    case "$op" in
    "<=") ok=$(awk -v v="$2" -v w="$want" 'BEGIN { print (v <= w) }') ;;
    "==") ok=$(awk -v v="$2" -v w="$want" 'BEGIN { print (v == w) }') ;;
    esac
    printf '  %-48s %10s   target %-6s %s\n' "$1" "$2" "$3" "$([ "$ok" = 1 ] && echo MET || echo MISSED)"
}

figure() { printf '  %-48s %10s\n' "$1" "$2"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

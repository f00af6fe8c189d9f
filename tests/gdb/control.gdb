# control.gdb - the rest of the debugger, as control_gdb_test checks it:
# one thread resumed alone, a hardware watchpoint and breakpoint, memory
# the stub must refuse, the monitor, Ctrl-C (the test sends SIGINT while
# the ticker runs alone), and `monitor others run`: dom0 runs to a
# breakpoint (planted at once: always-inserted) while GDB still looks at
# the ticker, and that stop is reported at the next continue.
set pagination off
set confirm off
set scheduler-locking on
thread 2
watch heartbeats
continue
continue
delete
hbreak guest_sleep_ms
continue
info threads
delete
python
for expr in ("x/x 0xf5800000", "x/x 0x1000", "set var *(char *)0xf5800000 = 1"):
    try:
        gdb.execute(expr, to_string=True)
    except gdb.error as e:
        print("refused: %s: %s" % (expr, e))
end
monitor domains
monitor events 4
monitor trace off tlb
monitor trace on tlb
python
gdb.write("CONTINUING ALONE\n")
gdb.flush()
end
continue
set scheduler-locking off
set breakpoint always-inserted on
break stop_ticker
monitor others run
continue
monitor domains
thread 2
python
import time
first = now = int(gdb.parse_and_eval("heartbeats"))
for _ in range(100):
    if now > first:
        break
    time.sleep(0.05)
    now = int(gdb.parse_and_eval("heartbeats"))
print("ticker beat on while dom0 was held: %s" % ("yes" if now > first else "no"))
end
monitor others stop
monitor domains
delete
continue

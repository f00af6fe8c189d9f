# debugregs.gdb - a hardware watchpoint on the PV domain's `beats`
# (tests/hvm/watched.c) while an SVM guest runs beside it: every one of
# its five writes must stop GDB.
set pagination off
set confirm off
watch beats
continue
continue
continue
continue
continue
delete
continue

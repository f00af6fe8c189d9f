# session.gdb - what an instructor does in lesson 13, as lesson13_gdb_test
# checks it: break in a guest function, look around, step over a
# hypercall, read and write guest memory, continue to the end.
set pagination off
set confirm off
info threads
break collect_facts
continue
bt
info threads
finish
print facts
print/x facts.virt_start
x/4x &facts
tbreak *((char *)&hypercall_page + 17 * 32 + 5)
continue
x/i $pc
stepi
x/i $pc
print/x $eax
set var facts.hypercalls = 40
monitor domains
delete
continue

# hog.gdb - stepi over a hypercall the hypervisor continues many times
# (hog_gdb_test): the hog's 4-million-request mmu_update is one step.
set pagination off
set confirm off
# mmu_update's stub is hypercall_page + 1 * 32: mov (5 bytes), then
# int $0x82. Only the huge batch: its count (ecx) is over a million.
break *((char *)&hypercall_page + 1 * 32 + 5) if $ecx > 1000000
continue
x/i $pc
print/x $ecx
# Without the breakpoint, GDB's stepi lets the other domain run meanwhile
# (stepping off a breakpoint would hold it).
delete
stepi
x/i $pc
print $eax
continue

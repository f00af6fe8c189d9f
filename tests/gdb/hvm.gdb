# hvm.gdb - GDB on lesson 12's unmodified kernel under SVM: a thread like
# any other, a breakpoint in its code, its registers from the VMCB, one
# instruction stepped, its memory read through the nested page tables -
# and, once it has turned paging on, through its own tables first.
set pagination off
info threads
break kernel_main
continue
info registers eip
x/2i $pc
stepi
info registers eip
print/x *(unsigned int *)0x100000
delete
break enable_paging
continue
finish
print/x *(unsigned int *)0xc0200000
delete
continue

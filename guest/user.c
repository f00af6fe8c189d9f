/*
 * user.c - running code in ring 3, the guest's own user mode.
 *
 * A PV kernel is in ring 1, so its processes can have ring 3 to
 * themselves, protected from the kernel as on a native machine. To run
 * one, the kernel gives the hypervisor a separate ring-1 stack for traps
 * from ring 3 (stack_switch: the CPU switches to it on every system call
 * or fault in ring 3, so it must not be the stack the kernel is using),
 * then irets into ring 3. The process ends with a system call whose
 * handler calls guest_user_exit().
 */
#include "libguest.h"

int enter_user(uint32_t eip, uint32_t esp, uint32_t *save);     /* head.asm */
void leave_user(uint32_t *save, int code) __attribute__((noreturn));

static uint8_t trap_stack[8192] __attribute__((aligned(16)));
static uint32_t saved[5];
extern char kernel_stack_top[];

int guest_run_user(void (*fn)(void), void *stack_top)
{
    int code;

    HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                            (unsigned long)(trap_stack + sizeof(trap_stack)));
    code = enter_user((uint32_t)(uintptr_t)fn, (uint32_t)(uintptr_t)stack_top,
                      saved);
    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kernel_stack_top);
    return code;
}

void guest_user_exit(int code)
{
    leave_user(saved, code);
}

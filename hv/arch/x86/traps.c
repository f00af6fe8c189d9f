/*
 * traps.c - where every exception and interrupt is dispatched.
 *
 * entry.asm hands us a struct cpu_user_regs with the vector in it. The
 * lecture's question "what does the hypervisor do with a trap?" is
 * answered by the table below: one small handler per kind of event,
 * each counted and traced.
 *
 * An exception taken in ring 0 is a hypervisor bug: we trace it, print
 * the registers and stop the machine loudly. (Exceptions from guests,
 * which are bounced back to them, join this table with the PV core.)
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/trace.h>
#include <public/xenlab.h>
#include "x86.h"

_Static_assert(offsetof(struct cpu_user_regs, error_code) == 28, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 36, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, es) == 52, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, ds) == 56, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, fs) == 60, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, gs) == 64, "entry.asm");

typedef void (*trap_handler_t)(struct cpu_user_regs *regs);

static const char *const exception_name[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault",
    "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualization", "#CP control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25",
    "reserved 26", "reserved 27", "reserved 28", "reserved 29",
    "#SX security", "reserved 31",
};

static uint32_t trap_count[256];

static void dump_regs(const struct cpu_user_regs *r, uint32_t cr2)
{
    /* From ring 0 the CPU pushed no esp/ss: the old stack starts at &esp. */
    uint32_t esp = (r->cs & 3) ? r->esp : (uint32_t)(uintptr_t)&r->esp;
    const uint32_t *stack = (const uint32_t *)(uintptr_t)esp;

    printk("eip=%08x cs=%04x eflags=%08x error=%04x cr2=%08x\n",
           r->eip, r->cs, r->eflags, r->error_code, cr2);
    printk("eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
           r->eax, r->ebx, r->ecx, r->edx);
    printk("esi=%08x edi=%08x ebp=%08x esp=%08x\n",
           r->esi, r->edi, r->ebp, esp);
    printk("cr0=%08x cr3=%08x cr4=%08x\n", read_cr0(), read_cr3(), read_cr4());
    if (!(r->cs & 3))
        printk("stack: %08x %08x %08x %08x %08x %08x\n", stack[0], stack[1],
               stack[2], stack[3], stack[4], stack[5]);
}

static void fatal_exception(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    uint32_t cr2 = read_cr2();

    TRACE(TRC_XL_EXCEPTION, vec, regs->error_code, regs->eip, regs->cs,
          cr2, regs->eflags);
    printk("*** EXCEPTION %u (%s) in ring %u: the hypervisor stops ***\n",
           vec, exception_name[vec], regs->cs & 3);
    dump_regs(regs, cr2);
    arch_exit(HV_EXIT_PANIC);
}

static void unexpected_interrupt(struct cpu_user_regs *regs)
{
    TRACE(TRC_XL_EXCEPTION, regs->entry_vector, 0, regs->eip, regs->cs, 0,
          regs->eflags);
    printk("unexpected interrupt, vector %u (ignored)\n", regs->entry_vector);
}

static const trap_handler_t trap_table[256] = {
    [0 ... 31] = fatal_exception,
    [32 ... 255] = unexpected_interrupt,
};

void trap_entry(struct cpu_user_regs *regs);
void trap_entry(struct cpu_user_regs *regs)
{
    trap_count[regs->entry_vector]++;
    trap_table[regs->entry_vector](regs);
}

/*
 * Reached through the double-fault task gate, on its own stack. The state
 * of the failed context was saved by the CPU into the main TSS.
 */
void double_fault(void);
void double_fault(void)
{
    TRACE(TRC_XL_EXCEPTION, 8, 0, cpu0_tss.eip, cpu0_tss.cs, read_cr2(),
          cpu0_tss.eflags);
    printk("*** EXCEPTION 8 (#DF double fault): the hypervisor stops ***\n");
    printk("eip=%08x esp=%08x ebp=%08x cr2=%08x\n", cpu0_tss.eip,
           cpu0_tss.esp, cpu0_tss.ebp, read_cr2());
    printk("eax=%08x ebx=%08x ecx=%08x edx=%08x\n", cpu0_tss.eax,
           cpu0_tss.ebx, cpu0_tss.ecx, cpu0_tss.edx);
    arch_exit(HV_EXIT_PANIC);
}

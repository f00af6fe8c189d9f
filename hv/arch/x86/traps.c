/*
 * traps.c - where every exception, interrupt and hypercall is dispatched.
 *
 * entry.asm hands us a struct cpu_user_regs with the vector in it. The
 * lecture's question "what does the hypervisor do with a trap?" is
 * answered by two tables below, one for traps from the hypervisor itself
 * (ring 0) and one for traps from guests (ring 1 or 3: frame_from_guest,
 * which also counts virtual-8086 mode as a guest's, whatever cs says).
 * Each handler is small; each event is counted and traced:
 *
 *   from a guest   vector     what happens
 *   -------------  ---------  -----------------------------------------
 *                  0x82       hypercall (hypercall.c)
 *                  #GP        int $n -> bounced to the guest's handler;
 *                             privileged instruction -> emulate.c;
 *                             anything else -> bounced
 *                  #PF        cr2 saved in vcpu_info, bounced
 *                  #NM        lazy FPU load (fpu.c), or bounced
 *                  other      bounced to the guest's handler
 *                  0x20       the timer tick
 *   V86 mode       any        the domain is crashed (no guest can get there)
 *   from ring 0    exception  a fixup in the exception table, or panic
 *
 * A guest exception with no handler in its trap table kills the domain,
 * never the hypervisor.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gdbstub.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include <public/xenlab.h>
#include "x86.h"

_Static_assert(offsetof(struct cpu_user_regs, error_code) == 28, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 36, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, eflags) == 40, "entry.asm");
_Static_assert(X86_EFLAGS_VM == 1u << 17, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, es) == 52, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, ds) == 56, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, fs) == 60, "entry.asm");
_Static_assert(offsetof(struct cpu_user_regs, gs) == 64, "entry.asm");
_Static_assert(sizeof(struct cpu_user_regs) == 68, "entry.asm");

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

/* Exceptions for which the CPU pushes an error code. */
static bool has_error_code(unsigned int vec)
{
    return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 ||
           vec == 29 || vec == 30;
}

uint32_t trap_count[256];

static void dump_regs(const struct cpu_user_regs *r, uint32_t cr2)
{
    /* From ring 0 the CPU pushed no esp/ss: the old stack starts at &esp. */
    bool guest = frame_from_guest(r);
    uint32_t esp = guest ? r->esp : (uint32_t)(uintptr_t)&r->esp;

    printk("eip=%08x cs=%04x eflags=%08x error=%04x cr2=%08x\n",
           r->eip, r->cs, r->eflags, r->error_code, cr2);
    printk("eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
           r->eax, r->ebx, r->ecx, r->edx);
    printk("esi=%08x edi=%08x ebp=%08x esp=%08x\n",
           r->esi, r->edi, r->ebp, esp);
    if (guest) {
        printk("ss=%04x ds=%04x es=%04x fs=%04x gs=%04x\n", r->ss, r->ds,
               r->es, r->fs, r->gs);
    } else {
        const uint32_t *stack = (const uint32_t *)(uintptr_t)esp;

        printk("cr0=%08x cr3=%08x cr4=%08x\n", read_cr0(), read_cr3(),
               read_cr4());
        printk("stack: %08x %08x %08x %08x %08x %08x\n", stack[0], stack[1],
               stack[2], stack[3], stack[4], stack[5]);
    }
}

/* ---- Traps from the hypervisor (ring 0) ---------------------------------- */

static void fatal_exception(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    uint32_t cr2 = read_cr2();
    uint32_t fixup = search_exception_table(regs->eip);

    if (fixup) {
        regs->eip = fixup;          /* e.g. copy_from_guest hit a bad page */
        return;
    }
    TRACE(TRC_XL_EXCEPTION, vec, regs->error_code, regs->eip, regs->cs,
          cr2, regs->eflags);
    printk("*** EXCEPTION %u (%s) in ring 0: the hypervisor stops ***\n",
           vec, exception_name[vec]);
    dump_regs(regs, cr2);
    arch_exit(HV_EXIT_PANIC);
}

static void unexpected_interrupt(struct cpu_user_regs *regs)
{
    TRACE(TRC_XL_EXCEPTION, regs->entry_vector, 0, regs->eip, regs->cs, 0,
          regs->eflags);
    printk("unexpected interrupt, vector %u (ignored)\n", regs->entry_vector);
}

static const trap_handler_t hv_trap_table[256] = {
    [0 ... 31] = fatal_exception,
    [32 ... 255] = unexpected_interrupt,
    [1] = debug_hv_trap,
    [TIMER_VECTOR] = timer_interrupt,
};

/* ---- Traps from guests (ring 1 or 3) ------------------------------------- */

/* Bounce an exception to the guest; kill the domain if it has no handler. */
static enum trace_trap_outcome reflect(struct cpu_user_regs *regs,
                                       unsigned int vec, uint32_t error)
{
    if (pv_bounce_trap(regs, vec, has_error_code(vec), error) == 0)
        return TRAP_BOUNCED;
    if (!current->domain->shutting_down) {
        printk("d%u: %s in ring %u and no handler for it:\n",
               current->domain->domain_id, exception_name[vec], frame_ring(regs));
        dump_regs(regs, current->vcpu_info->arch.cr2);
        domain_crash(current->domain, "unhandled exception");
    }
    return TRAP_KILLED;
}

static void guest_exception(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    uint32_t eip = regs->eip, ring = frame_ring(regs);
    enum trace_trap_outcome outcome = reflect(regs, vec, regs->error_code);

    TRACE(TRC_PV_TRAP, vec, regs->error_code, eip, ring, outcome,
          current->traps[vec].address);
}

static void guest_page_fault(struct cpu_user_regs *regs)
{
    uint32_t cr2 = read_cr2(), eip = regs->eip, ring = frame_ring(regs);
    enum trace_trap_outcome outcome;

    current->vcpu_info->arch.cr2 = cr2;
    outcome = reflect(regs, 14, regs->error_code);
    TRACE(TRC_PV_PAGE_FAULT, cr2, regs->error_code, eip, ring, outcome);
}

static void guest_no_fpu(struct cpu_user_regs *regs)
{
    if (fpu_device_not_available(regs))
        return;                         /* state loaded; just go on */
    guest_exception(regs);              /* the guest's own TS was set */
}

static void guest_gp(struct cpu_user_regs *regs)
{
    uint32_t error = regs->error_code, eip = regs->eip, ring = frame_ring(regs);
    enum trace_trap_outcome outcome;
    struct privop p;

    /* An IDT error code from `int $n`: a software interrupt the guest
     * may be allowed to raise into its own handler. */
    if ((error & 3) == 2) {
        unsigned int vec = error >> 3;
        const struct trap_info *ti = &current->traps[vec];

        if (ti->address && TI_GET_DPL(ti) >= ring) {
            regs->eip += 2;             /* past the int $n */
            outcome = pv_bounce(regs, ti->cs, ti->address, false, 0,
                                TI_GET_IF(ti)) ? TRAP_KILLED : TRAP_BOUNCED;
            TRACE(TRC_PV_TRAP, vec, 0, eip, ring, outcome, ti->address);
            return;
        }
    }
    if (error == 0 && pv_emulate_privileged(regs, &p)) {
        TRACE(TRC_PV_EMULATE_PRIVOP, eip, p.bytes, p.op, TRAP_EMULATED,
              p.operand);
        if (regs->eflags & GDB_EFLAGS_TF)
            debug_emulated_step(regs);
        return;
    }
    outcome = reflect(regs, 13, error);
    if (error == 0 && p.op != PRIVOP_UNKNOWN)
        TRACE(TRC_PV_EMULATE_PRIVOP, eip, p.bytes, p.op, outcome, p.operand);
    else
        TRACE(TRC_PV_TRAP, 13, error, eip, ring, outcome,
              current->traps[13].address);
}

/* #DB and #BP: the debugger's (debug.c), or the guest's own. */
static void guest_debug(struct cpu_user_regs *regs)
{
    if (!debug_guest_trap(regs))
        guest_exception(regs);
}

static void guest_interrupt(struct cpu_user_regs *regs)
{
    hv_trap_table[regs->entry_vector](regs);
}

/* XENLAB_VECTOR_NULL: the full entry and exit path, nothing in between. */
static void guest_null(struct cpu_user_regs *regs)
{
}

static const trap_handler_t guest_trap_table[256] = {
    [0 ... 31] = guest_exception,
    [32 ... 255] = guest_interrupt,
    [1] = guest_debug,
    [3] = guest_debug,
    [7] = guest_no_fpu,
    [13] = guest_gp,
    [14] = guest_page_fault,
    [XENLAB_VECTOR_NULL] = guest_null,
};

/*
 * A trap from virtual-8086 mode. No guest can enter it (pv_guest_eflags
 * clears VM on every way in), so this is a broken guest frame: the
 * interrupt, if it was one, is still the hypervisor's to handle; the
 * domain is crashed, never taken for ring 0.
 */
static void guest_v86_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;

    if (vec >= 32)
        hv_trap_table[vec](regs);
    TRACE(TRC_PV_TRAP, vec, regs->error_code, regs->eip, 3, TRAP_KILLED, 0);
    printk("d%u: a trap from virtual-8086 mode:\n", current->domain->domain_id);
    dump_regs(regs, read_cr2());
    domain_crash(current->domain, "it ran in virtual-8086 mode");
}

static enum trace_ring_cause cause_of(unsigned int vec)
{
    if (vec == HYPERCALL_VECTOR)
        return RING_HYPERCALL;
    return vec < 32 ? RING_TRAP : RING_INTERRUPT;
}

void trap_entry(struct cpu_user_regs *regs);
void trap_entry(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    uint32_t bounces;

    trap_count[vec]++;
    if (!frame_from_guest(regs)) {
        hv_trap_table[vec](regs);
        return;
    }
    TRACE(TRC_XL_RING_TRANSITION, frame_ring(regs), 0, cause_of(vec), vec,
          regs->eip);
    hv_space_enter();
    bounces = bounce_count;
    if (__builtin_expect(regs->eflags & X86_EFLAGS_VM, 0))
        guest_v86_trap(regs);
    else
        guest_trap_table[vec](regs);
    exit_to_guest(regs);
    hv_space_leave();
    if (bounce_count == bounces)
        TRACE(TRC_XL_RING_TRANSITION, 0, frame_ring(regs), RING_IRET, vec,
              regs->eip);
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

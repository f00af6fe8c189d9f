/*
 * hypercall.c - one table from hypercall number to handler.
 *
 * This is the paravirtual guest's "system call" interface (lecture: the
 * guest knows it runs in ring 1 and asks ring 0 for help). Each call is
 * counted and leaves a pv.hypercall record with the number, the five
 * argument registers and the result.
 *
 * Hypercalls run with interrupts off, so a long one would hold the CPU
 * from everybody. Batched ones therefore stop between chunks when other
 * work waits, and have the guest come back for the rest (continuations,
 * hypercall.h):
 *
 *   guest: int $0x82 (mmu_update, 4M requests)
 *     part 1: 32.. requests; a tick is pending -> registers := progress,
 *             eip -= 2                           (pv.hypercall_preempted)
 *   guest: back at its int $0x82; the tick is taken; the scheduler may
 *          run another domain for a while
 *   guest: int $0x82 again -> part 2 ... last part  (pv.hypercall, result)
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/gdbstub.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include <public/xenlab.h>

static const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table]       = do_set_trap_table,
    [__HYPERVISOR_mmu_update]           = do_mmu_update,
    [__HYPERVISOR_memory_op]            = do_memory_op,
    [__HYPERVISOR_mmuext_op]            = do_mmuext_op,
    [__HYPERVISOR_set_gdt]              = do_set_gdt,
    [__HYPERVISOR_stack_switch]         = do_stack_switch,
    [__HYPERVISOR_set_callbacks]        = do_set_callbacks,
    [__HYPERVISOR_fpu_taskswitch]       = do_fpu_taskswitch,
    [__HYPERVISOR_sched_op_compat]      = do_sched_op_compat,
    [__HYPERVISOR_update_descriptor]    = do_update_descriptor,
    [__HYPERVISOR_update_va_mapping]    = do_update_va_mapping,
    [__HYPERVISOR_set_timer_op]         = do_set_timer_op,
    [__HYPERVISOR_event_channel_op_compat] = do_evtchn_op_compat,
    [__HYPERVISOR_xen_version]          = do_xen_version,
    [__HYPERVISOR_grant_table_op]       = do_grant_table_op,
    [__HYPERVISOR_console_io]           = do_console_io,
    [__HYPERVISOR_vm_assist]            = do_vm_assist,
    [__HYPERVISOR_iret]                 = do_iret,
    [__HYPERVISOR_vcpu_op]              = do_vcpu_op,
    [__HYPERVISOR_sched_op]             = do_sched_op,
    [__HYPERVISOR_callback_op]          = do_callback_op,
    [__HYPERVISOR_event_channel_op]     = do_evtchn_op,
    [__HYPERVISOR_xenlab_op]            = do_xenlab_op,
};

uint32_t hypercall_count[NR_HYPERCALLS];

/* Set by hypercall_create_continuation(): the arguments to come back with. */
static bool continuing;
static uint32_t continuation[5];

bool hypercall_preempt_check(void)
{
    const struct vcpu_info *vi = current->vcpu_info;

    return sched_requested_in_hypercall() || arch_tick_pending() ||
           (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask);
}

long hypercall_create_continuation(uint32_t a1, uint32_t a2, uint32_t a3,
                                   uint32_t a4, uint32_t a5)
{
    continuing = true;
    continuation[0] = a1;
    continuation[1] = a2;
    continuation[2] = a3;
    continuation[3] = a4;
    continuation[4] = a5;
    return -ERESTART;
}

/* Send the guest back onto its int $0x82 (2 bytes), eax still the op. */
static void continue_later(struct cpu_user_regs *regs, uint32_t op)
{
    continuing = false;
    regs->ebx = continuation[0];
    regs->ecx = continuation[1];
    regs->edx = continuation[2];
    regs->esi = continuation[3];
    regs->edi = continuation[4];
    regs->eip -= 2;
    TRACE(TRC_PV_HYPERCALL_PREEMPTED, op, regs->ebx, regs->ecx, regs->edx,
          regs->esi, regs->edi);
}

/* Run the hypercall; false if it is to be continued (not done yet). */
static inline __attribute__((always_inline))
bool dispatch(struct cpu_user_regs *regs)
{
    uint32_t op = regs->eax;
    long rc = -ENOSYS;

    if (op < NR_HYPERCALLS && hypercall_table[op]) {
        hypercall_count[op]++;
        rc = hypercall_table[op](regs->ebx, regs->ecx, regs->edx, regs->esi,
                                 regs->edi);
    }
    if (__builtin_expect(continuing, 0)) {
        continue_later(regs, op);
        return false;
    }
    TRACE(TRC_PV_HYPERCALL, op, (uint32_t)rc, regs->ebx, regs->ecx,
          regs->edx, regs->esi, regs->edi);
    regs->eax = (uint32_t)rc;   /* iret's "result" is the guest's own eax */
    return true;
}

/*
 * int $0x82, straight from entry.asm: the hot path of paravirtualization.
 * Count, trace the way in, dispatch, and leave - through the scheduler
 * and event delivery only when one of them has work.
 *
 * A vCPU that GDB single-steps comes in through hypercall_trap_stepped()
 * instead (debug.c swaps the gate): the CPU cleared EFLAGS.TF on the way
 * in and the iret back would restore it, trapping only after the next
 * guest instruction. To GDB the hypercall is one instruction, so the step
 * ends here. (An event handler that ran first, inside the step, comes
 * this way for its iret too, with TF clear: that is not the step.) A
 * hypercall sent back to its int $0x82 to continue has not finished: the
 * step goes on, and ends when the last part does. The ordinary path pays
 * nothing for this.
 */
static inline __attribute__((always_inline))
void hypercall_trip(struct cpu_user_regs *regs, bool stepped)
{
    struct vcpu_info *vi = current->vcpu_info;
    uint32_t bounces = bounce_count;
    bool step_ends = stepped && (regs->eflags & GDB_EFLAGS_TF);

    trap_count[HYPERCALL_VECTOR]++;
    TRACE(TRC_XL_RING_TRANSITION, 1, 0, RING_HYPERCALL, HYPERCALL_VECTOR,
          regs->eip);
    if (__builtin_expect(hv_own_space, 0))
        hv_space_enter();
    if (dispatch(regs) && step_ends)
        debug_emulated_step(regs);
    if (__builtin_expect(sched_requested_in_hypercall() ||
                         (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask), 0))
        exit_to_guest(regs);
    if (__builtin_expect(hv_in_own_space, 0))
        hv_space_leave();
    if (bounce_count == bounces)
        TRACE(TRC_XL_RING_TRANSITION, 0, regs->cs & 3, RING_IRET,
              HYPERCALL_VECTOR, regs->eip);
}

void hypercall_trap(struct cpu_user_regs *regs)
{
    hypercall_trip(regs, false);
}

void hypercall_trap_stepped(struct cpu_user_regs *regs);
void hypercall_trap_stepped(struct cpu_user_regs *regs)
{
    hypercall_trip(regs, true);
}

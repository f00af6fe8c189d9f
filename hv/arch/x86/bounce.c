/*
 * bounce.c - delivering an exception or event into a guest kernel.
 *
 * A guest kernel runs in ring 1, but the CPU delivers every exception and
 * interrupt to ring 0: to the hypervisor. When the event belongs to the
 * guest (its page fault, its system call, an event-channel upcall), the
 * hypervisor "bounces" it: it builds on the guest's kernel stack exactly
 * the frame the CPU would have built had the guest owned the IDT, and
 * returns into the guest's handler. From ring 3 the frame goes on the
 * ring-1 stack the guest registered with stack_switch:
 *
 *     guest kernel stack, after the bounce (lower addresses down)
 *     +----------------------+
 *     | ss       (ring 3)    |  only when the guest was in ring 3
 *     | esp      (ring 3)    |
 *     | eflags               |  IF = events were enabled (upcall mask 0)
 *     | cs | upcall_mask<<16 |  the mask saved in cs's spare upper half
 *     | eip                  |
 *     | error code           |  only for exceptions that have one
 *     +----------------------+ <- esp when the handler starts
 *
 * The handler returns with a plain iret (to ring 1 or 3), or with the
 * iret hypercall when it must restore the upcall mask at the same time.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/trace.h>
#include "x86.h"

uint32_t bounce_count;

int pv_bounce(struct cpu_user_regs *regs, uint16_t cs, uint32_t eip,
              bool has_error, uint32_t error, bool mask_events)
{
    struct vcpu *v = current;
    struct vcpu_info *vi = v->vcpu_info;
    uint32_t frame[6], n = 0, ss, esp;
    unsigned int from = frame_ring(regs);

    if (from == 3 || from == 2) {
        ss = v->kernel_ss;
        esp = v->kernel_sp;
    } else {
        ss = regs->ss;
        esp = regs->esp;
    }

    /* Build the frame from the bottom (lowest address) up. */
    if (has_error)
        frame[n++] = error;
    frame[n++] = regs->eip;
    frame[n++] = regs->cs | (uint32_t)vi->evtchn_upcall_mask << 16;
    frame[n++] = (regs->eflags & ~X86_EFLAGS_IF) |
                 (vi->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF);
    if (from != 1) {
        frame[n++] = regs->esp;
        frame[n++] = regs->ss;
    }
    esp -= n * 4;
    if (copy_to_guest(esp, frame, n * 4)) {
        domain_crash(v->domain, "cannot write an exception frame on its "
                                "kernel stack (bad stack_switch?)");
        return -EFAULT;
    }
    if (mask_events)
        vi->evtchn_upcall_mask = 1;

    regs->ss = (uint16_t)ss;
    regs->esp = esp;
    /* A handler always starts in ring 1, whatever RPL the guest gave. */
    regs->cs = (uint16_t)((cs & ~3u) | 1);
    regs->eip = eip;
    /* As a CPU enters a handler: no single step, no resume flag. */
    regs->eflags = pv_guest_eflags(regs->eflags) &
                   ~(X86_EFLAGS_TF | X86_EFLAGS_RF);
    bounce_count++;
    TRACE(TRC_XL_RING_TRANSITION, 0, 1, RING_BOUNCE, regs->entry_vector, eip);
    return 0;
}

/* Bounce an exception to the guest's handler for it, if it has one. */
int pv_bounce_trap(struct cpu_user_regs *regs, unsigned int vector,
                   bool has_error, uint32_t error)
{
    const struct trap_info *ti = &current->traps[vector];

    if (!ti->address)
        return -ENOENT;
    return pv_bounce(regs, ti->cs, ti->address, has_error, error,
                     TI_GET_IF(ti));
}

/*
 * On the way back to a guest: if an event is pending and the guest has
 * events enabled, enter its event callback as if an interrupt came.
 */
void pv_deliver_events(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct vcpu_info *vi = v->vcpu_info;

    if (!vi->evtchn_upcall_pending || vi->evtchn_upcall_mask ||
        !v->event_cb.eip)
        return;
    evtchn_trace_upcall(v);
    pv_bounce(regs, (uint16_t)v->event_cb.cs, v->event_cb.eip, false, 0, true);
}

/*
 * hypercall.h - the hypervisor's system-call table.
 *
 * A guest kernel traps into ring 0 with `int $0x82`, eax = the number,
 * ebx..edi = up to five arguments. hypercall_trap() looks the number up
 * in one table, calls the handler, puts the result in eax and traces the
 * call with its arguments and result. Numbers with no handler return
 * -ENOSYS, like any operation xenlab does not implement.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <public/xen.h>
#include "types.h"

typedef long (*hypercall_fn_t)(uint32_t a1, uint32_t a2, uint32_t a3,
                               uint32_t a4, uint32_t a5);

/* The whole trip of int $0x82 (called by entry.asm): run the hypercall
 * the guest asked for in regs, and return to it. */
void hypercall_trap(struct cpu_user_regs *regs);

/* How many times each hypercall ran, and each vector entered ring 0. */
extern uint32_t hypercall_count[NR_HYPERCALLS];
extern uint32_t trap_count[256];

/*
 * Continuations: no hypercall keeps the CPU for long. A handler that
 * loops over a guest-chosen number of entries asks hypercall_preempted(i)
 * before entry i; every HYPERCALL_CHUNK entries (never before the first,
 * so each part makes progress) that checks whether other work waits: a
 * timer tick, the scheduler, an event for this guest. If so, the
 * handler returns hypercall_create_continuation(the arguments that carry
 * its progress): the dispatcher puts them in the guest's registers and
 * moves its eip back onto the int $0x82. On the way back to the guest
 * the interrupt is taken, the scheduler may run others, events are
 * delivered; then the guest executes int $0x82 again and the handler
 * carries on where it stopped. Each part is a pv.hypercall_preempted
 * record; the guest sees one hypercall, with one result.
 */
#define HYPERCALL_CHUNK 32

bool hypercall_preempt_check(void);

static inline bool hypercall_preempted(uint32_t i)
{
    return i && i % HYPERCALL_CHUNK == 0 && hypercall_preempt_check();
}

/* Returns -ERESTART, for the handler to return. */
long hypercall_create_continuation(uint32_t a1, uint32_t a2, uint32_t a3,
                                   uint32_t a4, uint32_t a5);

/* Bounces into guests so far (arch), and the way back to a guest. */
extern uint32_t bounce_count;
void exit_to_guest(struct cpu_user_regs *regs);

/* Handlers, by the file that implements them. */
long do_set_trap_table(uint32_t traps, uint32_t, uint32_t, uint32_t, uint32_t);
long do_set_gdt(uint32_t frames, uint32_t entries, uint32_t, uint32_t, uint32_t);
long do_update_descriptor(uint32_t ma_lo, uint32_t ma_hi, uint32_t lo,
                          uint32_t hi, uint32_t);
long do_stack_switch(uint32_t ss, uint32_t esp, uint32_t, uint32_t, uint32_t);
long do_set_callbacks(uint32_t ev_cs, uint32_t ev_eip, uint32_t fs_cs,
                      uint32_t fs_eip, uint32_t);
long do_callback_op(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_fpu_taskswitch(uint32_t set, uint32_t, uint32_t, uint32_t, uint32_t);
long do_iret(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
long do_sched_op(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_sched_op_compat(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_set_timer_op(uint32_t lo, uint32_t hi, uint32_t, uint32_t, uint32_t);
long do_xen_version(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_console_io(uint32_t cmd, uint32_t count, uint32_t buf, uint32_t, uint32_t);
long do_vcpu_op(uint32_t cmd, uint32_t vcpu, uint32_t arg, uint32_t, uint32_t);
long do_vm_assist(uint32_t cmd, uint32_t type, uint32_t, uint32_t, uint32_t);
long do_evtchn_op(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_evtchn_op_compat(uint32_t arg, uint32_t, uint32_t, uint32_t, uint32_t);
long do_update_va_mapping(uint32_t va, uint32_t lo, uint32_t hi,
                          uint32_t flags, uint32_t);
long do_mmu_update(uint32_t reqs, uint32_t count, uint32_t done,
                   uint32_t foreigndom, uint32_t);
long do_mmuext_op(uint32_t ops, uint32_t count, uint32_t done,
                  uint32_t foreigndom, uint32_t);
long do_memory_op(uint32_t cmd, uint32_t arg, uint32_t, uint32_t, uint32_t);
long do_xenlab_op(uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3,
                  uint32_t a4);

/* A lesson checkpoint was released: wake whoever waits there. */
void xenlab_checkpoint_released(uint16_t dom);

#endif /* HV_HYPERCALL_H */

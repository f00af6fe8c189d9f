/*
 * context.c - entering, leaving and switching guest vCPUs.
 *
 * There is one hypervisor stack per CPU. Whenever a guest is interrupted,
 * the CPU and entry.asm leave its registers in the frame at the very top
 * of that stack (guest_regs()). Switching vCPUs is therefore copying
 * frames: the running vCPU's frame is saved into its struct vcpu, the
 * next one's is copied in, and the usual return path (return_to_frame)
 * enters it. Around that copy, arch_context_switch() changes what the CPU
 * needs to know about the new guest:
 *
 *   CR3          its page tables (a TLB flush, traced as domain-switch)
 *   TSS.ss1/esp1 its ring-1 stack, for traps and int 0x80 from ring 3
 *   IDT 0x80     its direct system-call gate, if it has one
 *   GDT window   its own descriptor pages
 *   CR0.TS       so its first FPU use loads its FPU state (fpu.c)
 * (and sched.c refreshes its vcpu_time_info)
 *
 * exit_to_guest() is the one way back to any guest: it lets the scheduler
 * run, then delivers pending events as an upcall, then records the ring
 * transition.
 */
#include <hv/console.h>
#include <klib.h>
#include <hv/page.h>
#include <hv/domain.h>
#include <hv/domain_build.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include <public/xen.h>
#include "x86.h"

void arch_fill_hypercall_page(uint8_t *page)
{
    for (unsigned int nr = 0; nr < NR_HYPERCALLS; nr++) {
        uint8_t *p = page + nr * HYPERCALL_STUB_SIZE;

        if (nr == __HYPERVISOR_iret)
            *p++ = 0x50;                /* push %eax: iret pops it again */
        *p++ = 0xb8;                    /* mov $nr, %eax */
        *p++ = (uint8_t)nr;
        *p++ = 0;
        *p++ = 0;
        *p++ = 0;
        *p++ = 0xcd;                    /* int $0x82 */
        *p++ = HYPERCALL_VECTOR;
        if (nr != __HYPERVISOR_iret)
            *p = 0xc3;                  /* ret */
    }
}

void arch_vcpu_init(struct vcpu *v, uint32_t entry, uint32_t esp, uint32_t esi)
{
    struct cpu_user_regs *r = &v->regs;

    memset(r, 0, sizeof(*r));
    r->eip = entry;
    r->esp = esp;
    r->esi = esi;
    r->cs = FLAT_KERNEL_CS;
    r->ss = r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
    r->eflags = pv_guest_eflags(0);     /* real IF on; events start masked */
    v->kernel_ss = FLAT_KERNEL_SS;
    v->kernel_sp = esp;
    v->periodic_period_ns = 10000000;   /* VIRQ_TIMER at 100 Hz */
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    fpu_switch_out(prev);
    if (!prev || prev->domain != next->domain ||
        prev->cr3_mfn != next->cr3_mfn) {
        write_cr3((uint32_t)next->cr3_mfn << PAGE_SHIFT);
        tlb_note(TLB_DOMAIN_SWITCH, TLB_SCOPE_LOCAL, 0, next->domain->domain_id);
    }
    desc_set_kernel_stack(next);
    desc_set_int80(next);
    desc_load_guest_gdt(next);
    desc_load_guest_ldt(next);
    debug_switch_to(next);
}

void arch_leave_page_tables(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        fpu_forget(d->vcpu[i]);
        segments_vcpu_destroy(d->vcpu[i]);
    }
    if ((read_cr3() >> PAGE_SHIFT) == d->vcpu[0]->cr3_mfn) {
        write_cr3(idle_cr3);
        tlb_maybe_stale = false;    /* nothing of the guest's is cached */
    }
    desc_forget_guest_gdt(d);
}

/*
 * Nobody to run. Move the trace out (there is time now), listen to the
 * control line, and sleep until an interrupt (the tick) may change that.
 */
void arch_idle(void)
{
    trace_drain(0);
    serial_poll();
    keyboard_poll();
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

struct cpu_user_regs *guest_regs(void)
{
    return (struct cpu_user_regs *)((uintptr_t)cpu0_stack_top -
                                    sizeof(struct cpu_user_regs));
}

void exit_to_guest(struct cpu_user_regs *regs)
{
    if (__builtin_expect(sched_requested(), 0)) {
        struct vcpu *next;

        if (current)
            current->regs = *regs;
        next = schedule();
        *regs = next->regs;
    }
    pv_deliver_events(regs);
}

/*
 * A hardware-assisted vCPU is never iret'ed into as a guest: its frame
 * enters hvm_vcpu_start in ring 0, which runs the VMRUN loop (svm.c).
 */
extern char hvm_vcpu_start[];

void arch_hvm_vcpu_frame(struct cpu_user_regs *r)
{
    memset(r, 0, sizeof(*r));
    r->eip = (uint32_t)(uintptr_t)hvm_vcpu_start;
    r->cs = HV_CS;
    r->eflags = X86_EFLAGS_MBS;         /* IF clear, as the hypervisor runs */
}

/* From the VMRUN loop: let the scheduler choose; come back at the top. */
void hvm_yield(void)
{
    struct cpu_user_regs *regs = guest_regs();

    arch_hvm_vcpu_frame(regs);
    exit_to_guest(regs);
    resume_top_frame();
}

/* Start running guests: the first vCPU's frame, then into it. */
void start_guests(void)
{
    struct cpu_user_regs *regs = guest_regs();
    struct vcpu *v = schedule();

    *regs = v->regs;
    if (!v->hvm)                        /* a PV kernel starts in ring 1 */
        TRACE(TRC_XL_RING_TRANSITION, 0, 1, RING_START, 0, regs->eip);
    pv_deliver_events(regs);
    resume_top_frame();
}

/*
 * return_to_frame could not load a guest's saved state (a bad selector or
 * iret frame): that guest is broken, not the hypervisor.
 */
void bad_guest_frame(struct cpu_user_regs *regs);
void bad_guest_frame(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    TRACE(TRC_PV_TRAP, 13, 0, regs->eip, frame_ring(regs), TRAP_KILLED, 0);
    printk("d%u: cannot return to it: cs=%04x ss=%04x ds=%04x es=%04x "
           "eip=%08x esp=%08x\n", v->domain->domain_id, regs->cs, regs->ss,
           regs->ds, regs->es, regs->eip, regs->esp);
    domain_crash(v->domain, "invalid segment or return frame");
    exit_to_guest(regs);
}

/*
 * trap_table.c - the entry points a PV kernel registers with the hypervisor.
 *
 * A native kernel writes its IDT and loads it with lidt. A PV kernel in
 * ring 1 cannot; it hands the hypervisor the same information:
 *
 *   set_trap_table   its virtual IDT: handler cs:eip for each vector
 *   stack_switch     its ring-1 stack, for traps that arrive in ring 3
 *   set_callbacks /  where to enter it for events (the virtual interrupt
 *   callback_op        line) and after a failed segment reload
 *   iret             return to ring 3 and restore the event mask at once
 *
 * The system-call vector 0x80 is special: if the guest asks for it from
 * ring 3 with events left as they are, the hypervisor installs a real
 * trap gate straight into the guest's handler (desc_set_int80), and a
 * system call costs no hypervisor instruction at all.
 */
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <public/callback.h>
#include "x86.h"

long do_set_trap_table(uint32_t list, uint32_t a2, uint32_t a3, uint32_t a4,
                       uint32_t a5)
{
    struct vcpu *v = current;
    struct trap_info ti;

    if (!list) {                        /* NULL: forget every handler */
        memset(v->traps, 0, sizeof(v->traps));
        desc_set_int80(v);
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++) {
        if (copy_from_guest(&ti, list + i * sizeof(ti), sizeof(ti)))
            return -EFAULT;
        if (!ti.address)
            break;
        ti.cs = guest_selector(ti.cs);
        /* Bounces enter the handler in ring 1, whatever RPL it names. */
        if (!guest_range_ok(ti.address, 1) ||
            !guest_may_load((ti.cs & ~3u) | 1, 1))
            return -EINVAL;
        v->traps[ti.vector] = ti;
    }
    desc_set_int80(v);
    return 0;
}

long do_stack_switch(uint32_t ss, uint32_t esp, uint32_t a3, uint32_t a4,
                     uint32_t a5)
{
    struct vcpu *v = current;

    if (!guest_may_load(ss, 1))
        return -EPERM;
    v->kernel_ss = ss;
    v->kernel_sp = esp;
    desc_set_kernel_stack(v);
    return 0;
}

static long register_callback(uint16_t type, uint16_t flags, uint32_t cs,
                              uint32_t eip)
{
    struct vcpu *v = current;
    struct xen_callback cb = { guest_selector(cs), eip };

    if (eip && (!guest_range_ok(eip, 1) || !guest_may_load((cb.cs & ~3u) | 1, 1)))
        return -EINVAL;
    switch (type) {
    case CALLBACKTYPE_event:
        v->event_cb = cb;
        v->event_cb_masks = flags & CALLBACKF_mask_events;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->failsafe_cb = cb;
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_set_callbacks(uint32_t ev_cs, uint32_t ev_eip, uint32_t fs_cs,
                      uint32_t fs_eip, uint32_t a5)
{
    long rc = register_callback(CALLBACKTYPE_event, 0, ev_cs, ev_eip);

    return rc ? rc : register_callback(CALLBACKTYPE_failsafe, 0, fs_cs, fs_eip);
}

long do_callback_op(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                    uint32_t a5)
{
    struct callback_register reg;
    struct callback_unregister unreg;

    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -EFAULT;
        return register_callback(reg.type, reg.flags, reg.address.cs,
                                 reg.address.eip);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -EFAULT;
        return register_callback(unreg.type, 0, 0, 0);
    default:
        return -ENOSYS;
    }
}

/*
 * iret: the guest pushed eax, eip, cs, eflags (and esp, ss for ring 3)
 * and called the iret stub. Restore them all, and the upcall mask from
 * the IF it gave, in one step. Every word is the guest's: cs and ss must
 * be selectors it may use, never in ring 0; EFLAGS loses what no guest
 * may hold (pv_guest_eflags: VM above all). A frame that fails crashes
 * the domain, as in Xen: its kernel has nowhere sane to go on.
 */
static long iret_refused(struct vcpu *v, const char *why)
{
    domain_crash(v->domain, why);
    return -EFAULT;
}

/* The frame into f: eax, eip, cs, eflags, and esp, ss for an outer
 * ring (3, or 2 as Xen allows; ring 1 keeps its stack). */
static const char *read_iret_frame(uint32_t esp, uint32_t f[6])
{
    unsigned int ring;

    if (copy_from_guest(f, esp, 4 * sizeof(f[0])))
        return "iret hypercall with a bad stack";
    ring = f[2] & 3;
    if (ring == 0)
        return "iret hypercall into ring 0";
    if (ring != 1 && copy_from_guest(&f[4], esp + 16, 2 * sizeof(f[0])))
        return "iret hypercall with a bad stack";
    if (!guest_may_load(f[2] & 0xffff, ring) ||
        (ring != 1 && !guest_may_load(f[5] & 0xffff, ring)))
        return "iret hypercall with a selector that is not the guest's";
    return NULL;
}

long do_iret(uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    struct cpu_user_regs *regs = guest_regs();
    struct vcpu *v = current;
    uint32_t f[6];
    const char *bad = read_iret_frame(regs->esp, f);

    if (bad)
        return iret_refused(v, bad);
    regs->eax = f[0];
    regs->eip = f[1];
    regs->cs = (uint16_t)f[2];
    regs->eflags = pv_guest_eflags(f[3]);
    regs->esp += 4 * sizeof(f[0]);
    if ((f[2] & 3) != 1) {
        regs->esp = f[4];
        regs->ss = (uint16_t)f[5];
    }
    v->vcpu_info->evtchn_upcall_mask = !(f[3] & X86_EFLAGS_IF);
    return regs->eax;
}

/* vm_assist: modes of help a guest may ask for. xenlab knows of them,
 * and needs none of them to run a PAE guest. */
long do_vm_assist(uint32_t cmd, uint32_t type, uint32_t a3, uint32_t a4,
                  uint32_t a5)
{
    if (cmd > VMASST_CMD_disable || type > VMASST_TYPE_pae_extended_cr3)
        return -EINVAL;
    return 0;
}

/*
 * intercept.c - what an SVM guest may not do to the real machine, and
 * how it is answered instead.
 *
 * A hardware-assisted guest runs in ring 0, where every instruction is
 * allowed, so SVM lets the hypervisor name the ones that must exit
 * instead (svm.c's vmcb_init sets the intercepts). On real AMD hardware,
 * run natively, they would reach the host:
 *
 *   VMLOAD, VMSAVE    load or store host-physical memory at rAX
 *   CLGI, STGI        mask or unmask the host's own interrupts (GIF)
 *   SKINIT            restart the machine into a secure loader
 *   VMRUN, VMMCALL    a hypervisor of its own; a call to ours
 *   INVLPGA           drop TLB entries of any address space, the host's too
 *   MONITOR, MWAIT    park the CPU on an address
 *   XSETBV            the extended-state mask, which VMRUN does not switch
 *   INVD              throw away every dirty cache line, the host's too
 *   the SVM MSRs      EFER.SVME, VM_HSAVE_PA, VM_CR: the host's SVM itself
 *
 * The guest was told by cpuid that it has no SVM, no MONITOR and no
 * XSAVE, so each is answered as such a CPU would answer it: #UD for the
 * instructions, #GP for an MSR it does not have, injected into the
 * guest's own IDT through the VMCB's EVENTINJ with rip left on the
 * instruction (a fault). INVD and WBINVD are emulated as "done": guest
 * memory needs no flush of ours. EFER is the guest's own, minus SVME.
 * Each exit is already traced (hvm.vmexit) by svm.c's loop.
 *
 * Some exits are not about an instruction at all: an NMI, SMI or INIT
 * meant for the host arrived while the guest ran. It stays pending
 * while the hypervisor runs with GIF clear and is taken by the host's
 * own handlers at STGI (vmrun.asm): nothing is left to do here.
 */
#include <klib.h>
#include <hv/domain.h>
#include <hv/gdbstub.h>
#include "svm.h"

#define VECTOR_BP           3
#define VECTOR_OF           4
#define VECTOR_UD           6
#define VECTOR_GP           13
#define MSR_EFER            0xc0000080u
#define EFER_SCE            (1u << 0)
#define EFER_NXE            (1u << 11)
#define EFER_SVME           (1u << 12)
#define EFER_GUEST_BITS     (EFER_SCE | EFER_NXE)   /* what it may change */

void svm_inject_exception(struct hvm_vcpu *h, unsigned int vector, bool has_error,
                          uint32_t error)
{
    h->vmcb->eventinj = EVENT_VALID | EVENT_TYPE_EXCEPTION | vector |
                        (has_error ? EVENT_HAS_ERROR | (uint64_t)error << 32 : 0);
}

/*
 * An event the CPU was delivering when the guest exited (a nested page
 * fault on the guest's IDT or stack, say) is in EXITINTINFO, written by
 * the CPU: deliver it again on the next VMRUN, or the guest loses it.
 */
void svm_requeue_event(struct hvm_vcpu *h)
{
    if (h->vmcb->exitintinfo & EVENT_VALID)
        h->vmcb->eventinj = h->vmcb->exitintinfo;
}

/* An SVM instruction, MONITOR/MWAIT or XSETBV: #UD, as without SVM. */
int svm_exit_refused(struct vcpu *v, struct hvm_vcpu *h)
{
    (void)v;
    svm_inject_exception(h, VECTOR_UD, false, 0);
    return 0;
}

/* INVD or WBINVD: nothing of the host's to flush; step over it. */
int svm_exit_cache(struct vcpu *v, struct hvm_vcpu *h)
{
    (void)v;
    h->vmcb->rip += h->insn_len;
    return 0;
}

/* EFER as the guest sees it: its own, without the SVME the CPU needs. */
static int efer_access(struct hvm_vcpu *h, bool write, uint64_t *val)
{
    uint64_t seen = h->vmcb->efer & ~(uint64_t)EFER_SVME;

    if (!write) {
        *val = seen;
        return 0;
    }
    if ((*val ^ seen) & ~(uint64_t)EFER_GUEST_BITS)
        return -EPERM;                  /* SVME, LME, reserved bits: #GP */
    h->vmcb->efer = *val | EFER_SVME;
    return 0;
}

/* rdmsr, wrmsr: EFER is emulated; every other MSR is #GP. */
int svm_exit_msr(struct vcpu *v, struct hvm_vcpu *h)
{
    bool write = h->vmcb->exitinfo1 & MSR_EXIT_WRITE;
    uint64_t val = (uint64_t)h->gprs.edx << 32 | (uint32_t)h->vmcb->rax;

    (void)v;
    if (h->gprs.ecx != MSR_EFER || efer_access(h, write, &val)) {
        svm_inject_exception(h, VECTOR_GP, true, 0);
        return 0;
    }
    if (!write) {
        h->vmcb->rax = (uint32_t)val;
        h->gprs.edx = (uint32_t)(val >> 32);
    }
    h->vmcb->rip += h->insn_len;
    return 0;
}

/*
 * int3, into, int n. A CPU reports int3 as #BP (exits.c); QEMU's
 * emulator reports each as a software interrupt, rip still on it. A
 * breakpoint GDB planted stops the vCPU there. Anything else goes to
 * the guest's own IDT as the CPU would have sent it: rip past the
 * instruction (its decoded length, prefixes included), then int3 and
 * into as the #BP and #OF they raise, int n as a software interrupt,
 * whose gate's DPL the CPU checks.
 */
int svm_exit_swint(struct vcpu *v, struct hvm_vcpu *h)
{
    const struct vmcb *c = h->vmcb;
    uint32_t rip = (uint32_t)c->rip, end = (uint32_t)(c->cs.base + rip) + h->insn_len;
    uint8_t vector = h->insn_op == 0xcc ? VECTOR_BP : VECTOR_OF;

    if (h->insn_op == 0xcc && gdb_breakpoint_hit(debug_tid(v), rip))
        return 0;
    if (h->insn_op == 0xcd && svm_guest_read(v, end - 1, &vector, 1) != 1)
        return -EFAULT;
    h->vmcb->rip += h->insn_len;
    if (h->insn_op == 0xcd)
        h->vmcb->eventinj = EVENT_VALID | EVENT_TYPE_SOFT_INT | vector;
    else
        svm_inject_exception(h, vector, false, 0);
    return 0;
}

/* NMI, SMI, INIT: the host's, taken at STGI. */
int svm_exit_async(struct vcpu *v, struct hvm_vcpu *h)
{
    (void)v;
    (void)h;
    return 0;
}

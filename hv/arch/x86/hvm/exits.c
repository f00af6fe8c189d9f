/*
 * exits.c - why an SVM guest stopped, and what the hypervisor does about it.
 *
 * Each VMRUN ends in a #VMEXIT with a code (APM vol. 2, appendix C); the
 * run loop (svm.c) hands it here, to one flat table:
 *
 *   CPUID     answered by the hypervisor (it says who is underneath)
 *   IOIO      in/out: a COM1 the guest can write lines to, a lesson's
 *             checkpoint port (public/xenlab.h); others read 0xff
 *   NPF       nested page fault: the guest touched a guest-physical page
 *             that has no machine frame yet; one is given (lazily)
 *   INTR      a real interrupt (the hypervisor's timer) arrived
 *   HLT       the guest has nothing left to do: it is powered off
 *   #BP, #DB  the debugger's int3 or single step (debug.c), or else the
 *             guest's own, given back to it
 *   SWINT     int3, into, int n (QEMU's way): GDB's breakpoint, or else
 *             delivered through the guest's own IDT (intercept.c)
 *   MSR, VMRUN, VMLOAD, CLGI, ...  what the guest may not run natively,
 *             answered as a CPU without SVM would (intercept.c)
 *   anything else (a triple fault, a task switch): the domain is crashed
 *
 * Every exit is traced (hvm.vmexit) before it is handled. An exit the
 * hypervisor answers by doing the instruction (cpuid, rdmsr, wrmsr,
 * invd, wbinvd, int n) moves rip past it by its decoded length, prefixes
 * included (insn_len.c); only for port I/O does the CPU say where the
 * next instruction is (exitinfo2).
 */
#include <klib.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gdbstub.h>
#include <hv/lesson.h>
#include <hv/sched.h>
#include <hv/trace.h>
#include <public/sched.h>
#include <public/xenlab.h>
#include "svm.h"

#define COM1                0x3f8

#define CPUID1_HYPERVISOR   (1u << 31)
#define CPUID1_NOT_HERE     ((1u << 3) | (1u << 26) | (1u << 27))  /* MONITOR, XSAVE, OSXSAVE */
#define CPUID81_SVM         (1u << 2)       /* ecx */
#define CPUID81_LM          (1u << 29)      /* edx */

static int exit_cpuid(struct vcpu *v, struct hvm_vcpu *h)
{
    uint32_t r[4], leaf = (uint32_t)h->vmcb->rax;

    (void)v;
    if (leaf == 0x40000000u) {              /* who is underneath */
        r[0] = 0x40000000u;
        memcpy(&r[1], "xenlabxenlab", 12);
    } else {
        svm_cpuid(leaf, r);
        if (leaf == 1)                      /* a hypervisor; no MONITOR, XSAVE */
            r[2] = (r[2] | CPUID1_HYPERVISOR) & ~CPUID1_NOT_HERE;
        if (leaf == 0x80000001u) {          /* no SVM inside; no long mode */
            r[2] &= ~CPUID81_SVM;           /* (a 32-bit host cannot run a */
            r[3] &= ~CPUID81_LM;            /* 64-bit guest) */
        }
    }
    h->vmcb->rax = r[0];
    h->gprs.ebx = r[1];
    h->gprs.ecx = r[2];
    h->gprs.edx = r[3];
    h->vmcb->rip += h->insn_len;
    return 0;
}

/* A lesson's checkpoint, reached through its port (public/xenlab.h). */
static void checkpoint(struct vcpu *v, uint32_t value)
{
    trace_drain(0);                     /* the step's events first */
    if (!lesson_checkpoint(v->domain->domain_id, (value >> 8) & 0xff, value & 0xff)) {
        v->checkpoint_wait = true;
        vcpu_block(v);
    }
}

static int exit_ioio(struct vcpu *v, struct hvm_vcpu *h)
{
    uint32_t info = (uint32_t)h->vmcb->exitinfo1;
    uint16_t port = IOIO_PORT(info);

    if (info & IOIO_STR)
        return -ENOSYS;                     /* ins/outs: not emulated */
    if (info & IOIO_IN) {
        /* COM1's line status says "ready to send"; nothing else is there. */
        uint32_t v = port == COM1 + 5 ? 0x60 : 0xffffffffu;

        h->vmcb->rax = (h->vmcb->rax & ~0xffull) | (v & 0xff);
    } else if (port == COM1) {
        char c = (char)h->vmcb->rax;

        console_guest_write(v->domain, &c, 1);
    } else if (port == XENLAB_HVM_CHECKPOINT_PORT) {
        checkpoint(v, (uint32_t)h->vmcb->rax & 0xffff);
    }
    h->vmcb->rip = h->vmcb->exitinfo2;        /* the next instruction */
    return 0;
}

static int exit_npf(struct vcpu *v, struct hvm_vcpu *h)
{
    uint64_t gpa = h->vmcb->exitinfo2;
    int rc = gpa < h->mem_bytes ? svm_npt_populate(v->domain, h, gpa) : -EFAULT;

    TRACE(TRC_HVM_NPF, (uint32_t)gpa, (uint32_t)(gpa >> 32),
          (uint32_t)h->vmcb->exitinfo1, rc ? TRAP_KILLED : TRAP_FIXED);
    return rc;
}

static int exit_intr(struct vcpu *v, struct hvm_vcpu *h)
{
    (void)v;
    (void)h;
    __asm__ volatile("sti; nop; cli" ::: "memory");   /* the timer, now */
    return 0;
}

static int exit_hlt(struct vcpu *v, struct hvm_vcpu *h)
{
    (void)h;
    /* These guests get no virtual interrupts: a halted one never wakes. */
    domain_shutdown(v->domain, SHUTDOWN_poweroff);
    return 0;
}

/* int3: a breakpoint GDB planted (the stub stops everyone), or the guest's. */
static int exit_bp(struct vcpu *v, struct hvm_vcpu *h)
{
    uint32_t at = (uint32_t)h->vmcb->rip - 1;   /* #BP reports the next instruction */

    if (gdb_breakpoint_hit(debug_tid(v), at))
        h->vmcb->rip = at;                      /* run the real byte on resume */
    else
        svm_inject_exception(h, 3, false, 0);   /* the guest's own */
    return 0;
}

/* #DB: the end of a single step GDB asked for, or the guest's own. */
static int exit_db(struct vcpu *v, struct hvm_vcpu *h)
{
    if (!debug_hvm_step_done(v))
        svm_inject_exception(h, 1, false, 0);
    return 0;
}

static const struct {
    uint32_t code;
    svm_exit_fn fn;
} exit_table[] = {
    { SVM_EXIT_EXCP_DB, exit_db },
    { SVM_EXIT_EXCP_BP, exit_bp },
    { SVM_EXIT_SWINT, svm_exit_swint },
    { SVM_EXIT_CPUID, exit_cpuid },
    { SVM_EXIT_IOIO, exit_ioio },
    { SVM_EXIT_NPF, exit_npf },
    { SVM_EXIT_INTR, exit_intr },
    { SVM_EXIT_HLT, exit_hlt },
    { SVM_EXIT_NMI, svm_exit_async },
    { SVM_EXIT_SMI, svm_exit_async },
    { SVM_EXIT_INIT, svm_exit_async },
    { SVM_EXIT_MSR, svm_exit_msr },
    { SVM_EXIT_INVD, svm_exit_cache },
    { SVM_EXIT_WBINVD, svm_exit_cache },
    { SVM_EXIT_VMRUN, svm_exit_refused },
    { SVM_EXIT_VMMCALL, svm_exit_refused },
    { SVM_EXIT_VMLOAD, svm_exit_refused },
    { SVM_EXIT_VMSAVE, svm_exit_refused },
    { SVM_EXIT_STGI, svm_exit_refused },
    { SVM_EXIT_CLGI, svm_exit_refused },
    { SVM_EXIT_SKINIT, svm_exit_refused },
    { SVM_EXIT_INVLPGA, svm_exit_refused },
    { SVM_EXIT_MONITOR, svm_exit_refused },
    { SVM_EXIT_MWAIT, svm_exit_refused },
    { SVM_EXIT_MWAIT_ARMED, svm_exit_refused },
    { SVM_EXIT_XSETBV, svm_exit_refused },
};

/* The exits whose instruction the hypervisor does and steps over: the
 * opcode that must be at rip (an MSR exit's exitinfo1 says which one).
 * INVD and WBINVD are answered alike, and QEMU reports either as WBINVD. */
static const struct {
    uint32_t code, info1_mask, info1;
    uint8_t op[2], oplen, imm;          /* imm: bytes of immediate after op */
} stepped[] = {
    { SVM_EXIT_CPUID, 0, 0, { 0x0f, 0xa2 }, 2, 0 },
    { SVM_EXIT_MSR, MSR_EXIT_WRITE, 0, { 0x0f, 0x32 }, 2, 0 },                /* rdmsr */
    { SVM_EXIT_MSR, MSR_EXIT_WRITE, MSR_EXIT_WRITE, { 0x0f, 0x30 }, 2, 0 },   /* wrmsr */
    { SVM_EXIT_INVD, 0, 0, { 0x0f, 0x08 }, 2, 0 },
    { SVM_EXIT_WBINVD, 0, 0, { 0x0f, 0x09 }, 2, 0 },
    { SVM_EXIT_WBINVD, 0, 0, { 0x0f, 0x08 }, 2, 0 },
    { SVM_EXIT_SWINT, 0, 0, { 0xcc }, 1, 0 },                               /* int3 */
    { SVM_EXIT_SWINT, 0, 0, { 0xce }, 1, 0 },                               /* into */
    { SVM_EXIT_SWINT, 0, 0, { 0xcd }, 1, 1 },                               /* int n */
};

/* How far this exit's instruction reaches past rip (0: not stepped
 * over): decoded, or for port I/O told by the CPU (exitinfo2 is the
 * next rip, prefixes included). */
static int exit_insn_len(struct vcpu *v, struct hvm_vcpu *h, uint32_t code)
{
    const struct vmcb *c = h->vmcb;
    int rc = 1;

    h->insn_len = 0;
    if (code == SVM_EXIT_IOIO) {
        h->insn_len = (uint32_t)(c->exitinfo2 - c->rip);
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(stepped) && rc != 0; i++) {
        if (stepped[i].code != code ||
            (c->exitinfo1 & stepped[i].info1_mask) != stepped[i].info1)
            continue;
        rc = svm_insn_len(v, stepped[i].op, stepped[i].oplen, &h->insn_len);
        h->insn_len += rc ? 0 : stepped[i].imm;
        h->insn_op = stepped[i].op[stepped[i].oplen - 1];
    }
    return rc == 1 ? 0 : rc;            /* 1: not an exit that steps over */
}

static int dispatch(struct vcpu *v, struct hvm_vcpu *h, uint32_t code)
{
    for (size_t i = 0; i < ARRAY_SIZE(exit_table); i++)
        if (exit_table[i].code == code)
            return exit_table[i].fn(v, h);
    return -ENOSYS;
}

/* One exit: traced (with the length decoded), then handled; anything
 * unknown, undecodable or refused by its handler crashes the domain. */
void svm_handle_exit(struct vcpu *v, struct hvm_vcpu *h)
{
    const struct vmcb *c = h->vmcb;
    uint32_t code = (uint32_t)c->exitcode;
    int decoded, rc;

    h->exits++;
    svm_requeue_event(h);
    decoded = exit_insn_len(v, h, code);
    TRACE(TRC_HVM_VMEXIT, code, (uint32_t)c->rip, (uint32_t)c->exitinfo1,
          (uint32_t)c->exitinfo2, h->insn_len);
    rc = decoded ? decoded : dispatch(v, h, code);
    if (!rc)
        return;
    printk("d%u: VM exit 0x%x at rip %08x (info %08x %08x) not handled (%d)\n",
           v->domain->domain_id, code, (uint32_t)c->rip, (uint32_t)c->exitinfo1,
           (uint32_t)c->exitinfo2, rc);
    domain_crash(v->domain, decoded ? "an instruction it exited on could not be decoded"
                                    : "a VM exit it could not handle");
}

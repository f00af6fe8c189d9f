/*
 * fpu.c - the floating-point unit, switched lazily between vCPUs.
 *
 * Saving and restoring 512 bytes of FPU/SSE state on every switch would
 * be wasted on guests that never touch it. Instead CR0.TS is set when a
 * vCPU is switched in; its first FPU instruction raises #NM, and only
 * then is its state loaded. A guest may also want #NM for itself (a
 * kernel that switches FPU state between its own processes sets its
 * virtual TS with fpu_taskswitch): then the #NM is bounced to it after
 * the real state is in place. The hypervisor itself never uses the FPU
 * (it is compiled with -mgeneral-regs-only).
 */
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/trace.h>
#include "x86.h"

#define X86_CR4_OSFXSR      (1u << 9)
#define X86_CR4_OSXMMEXCPT  (1u << 10)
#define X86_CR0_MP          (1u << 1)
#define X86_CR0_EM          (1u << 2)
#define X86_CR0_NE          (1u << 5)

static struct vcpu *fpu_owner;      /* whose state is in the FPU now */

void fpu_init(void)
{
    write_cr0((read_cr0() & ~X86_CR0_EM) | X86_CR0_MP | X86_CR0_NE | X86_CR0_TS);
    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
}

static inline void clts(void)
{
    __asm__ volatile("clts");
}

/* Switching away from prev: keep its state, and trap the next use. */
void fpu_switch_out(struct vcpu *prev)
{
    if (prev && fpu_owner == prev) {
        clts();
        __asm__ volatile("fxsave %0" : "=m"(prev->fpu_state));
        fpu_owner = NULL;
    }
    write_cr0(read_cr0() | X86_CR0_TS);
}

/* A vCPU that dies must not stay the owner. */
void fpu_forget(struct vcpu *v)
{
    if (fpu_owner == v)
        fpu_owner = NULL;
}

/* #NM from a guest: load its state; bounce if it wanted the #NM itself. */
bool fpu_device_not_available(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    clts();
    if (fpu_owner != v) {
        if (v->fpu_initialised) {
            __asm__ volatile("fxrstor %0" : : "m"(v->fpu_state));
        } else {
            uint32_t mxcsr = 0x1f80;    /* all SSE exceptions masked */

            __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
            v->fpu_initialised = true;
        }
        fpu_owner = v;
    }
    if (v->guest_ts) {
        v->guest_ts = false;
        return false;                   /* the guest's own #NM */
    }
    return true;
}

/* The guest's virtual CR0.TS (fpu_taskswitch, clts, mov to cr0). */
void pv_set_guest_ts(struct vcpu *v, bool set)
{
    v->guest_ts = set;
    if (set)
        write_cr0(read_cr0() | X86_CR0_TS);
    else if (fpu_owner == v)
        clts();
}

long do_fpu_taskswitch(uint32_t set, uint32_t a2, uint32_t a3, uint32_t a4,
                       uint32_t a5)
{
    pv_set_guest_ts(current, set != 0);
    return 0;
}

/*
 * arch.h - what common code may ask of the architecture.
 *
 * hv/common/ is written against this small interface so that host unit
 * tests can compile the very same files: they define HV_HOST_TEST and
 * supply these functions from tests/unit/harness.c. On the real machine
 * they are provided by hv/arch/x86/.
 *
 * The hypervisor runs with interrupts disabled in ring 0 (it is only
 * interrupted while a guest or the idle loop runs), so common code needs
 * no locks on per-CPU data.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include "types.h"

#ifdef HV_HOST_TEST
uint64_t arch_rdtsc(void);
unsigned int arch_cpu_id(void);
#else
/* Time stamp counter: cycles, or instructions under QEMU -icount. */
static inline uint64_t arch_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Which physical CPU this is; the boot CPU is 0. */
static inline unsigned int arch_cpu_id(void)
{
    return 0;
}
#endif

/* Pointer to physical memory, or NULL if it is outside the direct map. */
const void *arch_phys_to_virt(paddr_t pa, size_t len);

/* Stop the machine for good, reporting code (enum hv_exit_code). */
void arch_exit(int code) __attribute__((noreturn));

struct vcpu;
struct domain;

/* Switch the CPU from prev (NULL: idle) to next: page tables, stacks,
 * descriptor tables, FPU ownership. */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);

/* Make sure the CPU no longer runs on d's page tables. */
void arch_leave_page_tables(struct domain *d);

/* Nothing to run: wait for an interrupt, keeping the trace moving. */
void arch_idle(void);

/* Is a timer tick waiting for the CPU (raised while interrupts are off)? */
bool arch_tick_pending(void);

#endif /* HV_ARCH_H */

/*
 * hvm.h - hardware-assisted guests (AMD SVM), as the rest of the
 * hypervisor sees them (the implementation: arch/x86/hvm/).
 *
 * A domain built with "hvm" on its module line is an unmodified 32-bit
 * kernel: a flat image loaded at 1 MB of its own guest-physical memory and
 * started in protected mode with paging off. Its vCPU carries a struct
 * hvm_vcpu (v->hvm); everything PV about it (start_info, the hypercall
 * page, event upcalls) stays unused.
 */
#ifndef HV_HVM_H
#define HV_HVM_H

#include "types.h"

#define HVM_MAX_MEM     (64u << 20)

struct domain;
struct vcpu;

/* The registers VMRUN leaves to the hypervisor (eax is in the VMCB). */
struct hvm_gprs {
    uint32_t ebx, ecx, edx, esi, edi, ebp;
};

/* Turn SVM on if the CPU has it (with nested paging); say so either way. */
void svm_init(void);
bool svm_available(void);

/*
 * d's memory (mem bytes of guest-physical space, given frames as the
 * guest touches it), the image at 1 MB, and vCPU 0 ready to VMRUN.
 * Returns 0, -ENODEV without SVM, -E2BIG if the image does not fit.
 */
int hvm_domain_build(struct domain *d, const uint8_t *image, uint32_t size,
                     uint32_t mem);

/*
 * For the GDB stub (debug.c): a hardware-assisted vCPU's registers live in
 * its VMCB, its memory behind its own page tables (32-bit or PAE, if its
 * paging is on) and then the nested ones (hvm_translate), and single steps use its
 * own EFLAGS.TF. #BP and #DB exit to the hypervisor, which asks the stub
 * whether they were the debugger's.
 */
void hvm_get_regs(const struct vcpu *v, uint32_t *gdb_regs);
void hvm_set_regs(struct vcpu *v, const uint32_t *gdb_regs, uint32_t eflags_mask);
int hvm_translate(const struct vcpu *v, uint32_t va, mfn_t *mfn);
uint32_t *hvm_eflags(struct vcpu *v);

/* vmrun.asm: run the guest until it exits (IF clear, GIF set on return). */
void svm_vmrun(uint32_t vmcb_pa, struct hvm_gprs *gprs);

/* svm.c, entered from vmrun.asm's hvm_vcpu_start: never returns. */
void hvm_vcpu_loop(void) __attribute__((noreturn));

#endif /* HV_HVM_H */

/*
 * svm.h - private to arch/x86/hvm: one hardware-assisted vCPU's state,
 * shared by svm.c (its machine and its run loop), exits.c (why it
 * stopped), intercept.c (the instructions it may not run natively) and
 * insn_len.c (how long the instruction an exit names is).
 */
#ifndef HV_X86_HVM_SVM_H
#define HV_X86_HVM_SVM_H

#include <hv/hvm.h>
#include <hv/mm.h>
#include "vmcb.h"

struct domain;
struct vcpu;

/* One per hardware-assisted vCPU, in a frame of its own domain, and its
 * VMCB in another (both direct-mapped, so the pointers stay good). */
struct hvm_vcpu {
    struct vmcb *vmcb;
    paddr_t vmcb_pa;
    struct hvm_gprs gprs;                   /* what VMRUN does not keep */
    mfn_t npt_l3, npt_l1[HVM_MAX_MEM >> L2_SHIFT];
    uint32_t mem_bytes;
    uint32_t insn_len;                      /* this exit's instruction, decoded */
    uint8_t insn_op;                        /* and its opcode's last byte */
    uint32_t dr[4];                         /* its DR0-DR3 (VMRUN keeps DR6, DR7) */
    uint64_t exits;
};

/* An exit handler: 0, or a negative errno that crashes the domain. */
typedef int (*svm_exit_fn)(struct vcpu *v, struct hvm_vcpu *h);

/* vmrun.asm saves the host's FS, GS, TR, LDTR and SYSCALL/SYSENTER MSRs
 * here (VMSAVE) around each VMRUN, which does not switch them. */
extern uint32_t svm_host_state_pa;

static inline void svm_cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

/* svm.c: give guest-physical page gpa a machine frame of d (0 or -ENOMEM). */
int svm_npt_populate(struct domain *d, struct hvm_vcpu *h, uint64_t gpa);

/* svm.c: up to n bytes of the guest's memory at virtual va, read as its
 * CPU would read them; fewer where a page cannot be. Returns how many. */
unsigned int svm_guest_read(const struct vcpu *v, uint32_t va, uint8_t *buf,
                            unsigned int n);

/* exits.c: one exit, traced and handled; the domain crashed if it must be. */
void svm_handle_exit(struct vcpu *v, struct hvm_vcpu *h);

/* intercept.c: refused instructions and MSRs, and the way back into the
 * guest with an exception of its own. */
void svm_inject_exception(struct hvm_vcpu *h, unsigned int vector, bool has_error,
                          uint32_t error);
void svm_requeue_event(struct hvm_vcpu *h);
int svm_exit_refused(struct vcpu *v, struct hvm_vcpu *h);
int svm_exit_cache(struct vcpu *v, struct hvm_vcpu *h);
int svm_exit_msr(struct vcpu *v, struct hvm_vcpu *h);
int svm_exit_async(struct vcpu *v, struct hvm_vcpu *h);
int svm_exit_swint(struct vcpu *v, struct hvm_vcpu *h);

#define X86_MAX_INSN_LEN    15          /* longer is #GP on any x86 */

/*
 * svm.c: the length of the instruction at the guest's cs:rip, all
 * prefixes included, provided its opcode is op[0..oplen) (the one the
 * exit names). 0 with *len set; -EFAULT if the guest's memory there
 * cannot be read; -EINVAL if the bytes are not that instruction.
 */
int svm_insn_len(const struct vcpu *v, const uint8_t *op, unsigned int oplen,
                 uint32_t *len);
/* insn_len.c: the same on n bytes already read: the length, -EFAULT if
 * they end before the instruction does, or -EINVAL. */
int insn_len_bytes(const uint8_t *b, unsigned int n, const uint8_t *op,
                   unsigned int oplen);

#endif /* HV_X86_HVM_SVM_H */

/*
 * vmcb.h - AMD SVM's virtual machine control block, the parts xenlab uses.
 *
 * One 4 KB page per hardware-assisted vCPU, in two halves (AMD64
 * Architecture Programmer's Manual, vol. 2, appendix B): the control area
 * says what makes the guest exit and why it last did; the state save area
 * at 0x400 holds the guest's registers while it is not running. VMRUN
 * takes the page's physical address in eax.
 */
#ifndef HV_X86_VMCB_H
#define HV_X86_VMCB_H

#include <hv/types.h>

struct vmcb_seg {
    uint16_t sel, attrib;           /* attrib: type S DPL P | AVL L DB G << 8 */
    uint32_t limit;
    uint64_t base;
};

struct vmcb {
    /* Control area. */
    uint32_t intercept_cr, intercept_dr, intercept_exceptions;
    uint32_t intercept1;            /* INTR, CPUID, HLT, IOIO, SHUTDOWN, ... */
    uint32_t intercept2;            /* VMRUN, VMMCALL, ... */
    uint8_t pad0[0x40 - 0x14];
    uint64_t iopm_base_pa, msrpm_base_pa, tsc_offset;
    uint32_t asid;
    uint8_t tlb_control, pad1[3];
    uint64_t vintr;                 /* bit 24: V_INTR_MASKING */
    uint64_t interrupt_shadow;
    uint64_t exitcode, exitinfo1, exitinfo2, exitintinfo;
    uint64_t np_enable;
    uint8_t pad2[0xa8 - 0x98];
    uint64_t eventinj, n_cr3;
    uint8_t pad3[0x400 - 0xb8];
    /* State save area. */
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
    uint8_t pad4[0x4cb - 0x4a0];
    uint8_t cpl;
    uint8_t pad5[4];
    uint64_t efer;
    uint8_t pad6[0x548 - 0x4d8];
    uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;
    uint8_t pad7[0x5d8 - 0x580];
    uint64_t rsp;
    uint8_t pad8[0x5f8 - 0x5e0];
    uint64_t rax;
    uint8_t pad9[0x668 - 0x600];
    uint64_t g_pat;
    uint8_t pad10[0x1000 - 0x670];
};

_Static_assert(sizeof(struct vmcb) == 4096, "a VMCB is one page");
_Static_assert(__builtin_offsetof(struct vmcb, exitcode) == 0x70, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, n_cr3) == 0xb0, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, cs) == 0x410, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, efer) == 0x4d0, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rip) == 0x578, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rax) == 0x5f8, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, g_pat) == 0x668, "VMCB layout");

/*
 * intercept1 and intercept2: what makes the guest exit (APM vol. 2,
 * appendix B, table B-1). Those svm.c sets, and why, are listed there.
 */
#define INTERCEPT_INTR          (1u << 0)
#define INTERCEPT_NMI           (1u << 1)
#define INTERCEPT_SMI           (1u << 2)
#define INTERCEPT_INIT          (1u << 3)
#define INTERCEPT_CPUID         (1u << 18)
#define INTERCEPT_INTN          (1u << 21)
#define INTERCEPT_INVD          (1u << 22)
#define INTERCEPT_HLT           (1u << 24)
#define INTERCEPT_INVLPGA       (1u << 26)
#define INTERCEPT_IOIO          (1u << 27)
#define INTERCEPT_MSR           (1u << 28)
#define INTERCEPT_TASK_SWITCH   (1u << 29)
#define INTERCEPT_SHUTDOWN      (1u << 31)
#define INTERCEPT_VMRUN         (1u << 0)
#define INTERCEPT_VMMCALL       (1u << 1)
#define INTERCEPT_VMLOAD        (1u << 2)
#define INTERCEPT_VMSAVE        (1u << 3)
#define INTERCEPT_STGI          (1u << 4)
#define INTERCEPT_CLGI          (1u << 5)
#define INTERCEPT_SKINIT        (1u << 6)
#define INTERCEPT_WBINVD        (1u << 9)
#define INTERCEPT_MONITOR       (1u << 10)
#define INTERCEPT_MWAIT         (1u << 11)
#define INTERCEPT_MWAIT_ARMED   (1u << 12)
#define INTERCEPT_XSETBV        (1u << 13)

/* Exit codes (EXITCODE). */
#define SVM_EXIT_EXCP_DB        0x041
#define SVM_EXIT_EXCP_BP        0x043
#define SVM_EXIT_INTR           0x060
#define SVM_EXIT_NMI            0x061
#define SVM_EXIT_SMI            0x062
#define SVM_EXIT_INIT           0x063
#define SVM_EXIT_CPUID          0x072
#define SVM_EXIT_SWINT          0x075
#define SVM_EXIT_INVD           0x076
#define SVM_EXIT_HLT            0x078
#define SVM_EXIT_INVLPGA        0x07a
#define SVM_EXIT_IOIO           0x07b
#define SVM_EXIT_MSR            0x07c
#define SVM_EXIT_TASK_SWITCH    0x07d
#define SVM_EXIT_SHUTDOWN       0x07f
#define SVM_EXIT_VMRUN          0x080
#define SVM_EXIT_VMMCALL        0x081
#define SVM_EXIT_VMLOAD         0x082
#define SVM_EXIT_VMSAVE         0x083
#define SVM_EXIT_STGI           0x084
#define SVM_EXIT_CLGI           0x085
#define SVM_EXIT_SKINIT         0x086
#define SVM_EXIT_WBINVD         0x089
#define SVM_EXIT_MONITOR        0x08a
#define SVM_EXIT_MWAIT          0x08b
#define SVM_EXIT_MWAIT_ARMED    0x08c
#define SVM_EXIT_XSETBV         0x08d
#define SVM_EXIT_NPF            0x400
#define SVM_EXIT_INVALID        0xffffffffu

/* EVENTINJ and EXITINTINFO: an event to deliver, or one cut short. */
#define EVENT_VALID             (1u << 31)
#define EVENT_HAS_ERROR         (1u << 11)
#define EVENT_TYPE_EXCEPTION    (3u << 8)
#define EVENT_TYPE_SOFT_INT     (4u << 8)   /* int n: the gate's DPL is checked */

/* MSR exitinfo1 */
#define MSR_EXIT_WRITE          1u

/* IOIO exitinfo1 */
#define IOIO_IN                 (1u << 0)
#define IOIO_STR                (1u << 2)
#define IOIO_SIZE(i)            (((i) >> 4) & 7)    /* 1, 2 or 4: bit set */
#define IOIO_PORT(i)            ((uint16_t)((i) >> 16))

#endif /* HV_X86_VMCB_H */

/*
 * arch-x86_32.h - the x86_32 PAE paravirtual ABI: fixed addresses,
 * selectors and the saved-register frame, with Xen's values.
 *
 * A PV guest kernel runs in ring 1 of the same address space as the
 * hypervisor. The top of every address space belongs to the hypervisor:
 *
 *   0xFFFFFFFF +------------------------------+
 *              |  hypervisor (not reachable   |
 *              |  by guest segments)          |
 *   0xF6800000 +------------------------------+ MACH2PHYS_VIRT_END
 *              |  machine-to-physical table,  |
 *              |  read-only for guests        |
 *   0xF5800000 +------------------------------+ HYPERVISOR_VIRT_START
 *              |  guest kernel (ring 1) and   |
 *              |  guest user (ring 3)         |
 *   0x00000000 +------------------------------+
 *
 * Hypercalls: eax = number, arguments in ebx, ecx, edx, esi, edi, result
 * in eax; entered with `int $0x82` through the 32-byte stubs of the
 * hypercall page.
 */
#ifndef XENLAB_PUBLIC_ARCH_X86_32_H
#define XENLAB_PUBLIC_ARCH_X86_32_H

#include <stdint.h>

#define HYPERVISOR_VIRT_START   0xF5800000u
#define MACH2PHYS_VIRT_START    0xF5800000u
#define MACH2PHYS_VIRT_END      0xF6800000u

/*
 * The hypervisor owns the last two pages of every GDT (entries 7168-8191);
 * the flat guest segments live there so a guest need not install a GDT.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

#define FLAT_RING1_CS   0xe019      /* entry 7171, RPL 1 */
#define FLAT_RING1_DS   0xe021      /* entry 7172, RPL 1 */
#define FLAT_RING1_SS   0xe021
#define FLAT_RING3_CS   0xe02b      /* entry 7173, RPL 3 */
#define FLAT_RING3_DS   0xe033      /* entry 7174, RPL 3 */
#define FLAT_RING3_SS   0xe033

#define FLAT_KERNEL_CS  FLAT_RING1_CS
#define FLAT_KERNEL_DS  FLAT_RING1_DS
#define FLAT_KERNEL_SS  FLAT_RING1_SS
#define FLAT_USER_CS    FLAT_RING3_CS
#define FLAT_USER_DS    FLAT_RING3_DS
#define FLAT_USER_SS    FLAT_RING3_SS

#define HYPERCALL_VECTOR 0x82

#ifndef __ASSEMBLER__

/*
 * Registers as saved on entry to the hypervisor, in Xen's order. The
 * hypervisor's own trap frame has this layout too (entry.asm builds it),
 * so a guest's state is never copied between two formats.
 */
struct cpu_user_regs {
    uint32_t ebx;
    uint32_t ecx;
    uint32_t edx;
    uint32_t esi;
    uint32_t edi;
    uint32_t ebp;
    uint32_t eax;
    uint16_t error_code;        /* private to the hypervisor */
    uint16_t entry_vector;      /* private to the hypervisor */
    uint32_t eip;
    uint16_t cs;
    uint8_t  saved_upcall_mask;
    uint8_t  _pad0;
    uint32_t eflags;            /* eflags.IF == !saved_upcall_mask */
    uint32_t esp;
    uint16_t ss, _pad1;
    uint16_t es, _pad2;
    uint16_t ds, _pad3;
    uint16_t fs, _pad4;
    uint16_t gs, _pad5;
};

#endif /* !__ASSEMBLER__ */

#endif /* XENLAB_PUBLIC_ARCH_X86_32_H */

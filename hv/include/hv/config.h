/*
 * config.h - the hypervisor's own address-space layout and build limits.
 *
 * The hypervisor lives in the top 168 MB of every address space (from
 * HYPERVISOR_VIRT_START, Xen's value). Guests own everything below. Because
 * the hypervisor is mapped in every domain's page tables, a hypercall or a
 * trap needs no CR3 switch and costs no TLB flush: this is the "merged
 * address space" of the lecture.
 *
 *   0xFFFFFFFF +----------------------------------+
 *              | direct map: physical 0..128 MB   |  DIRECTMAP_START
 *              | (hypervisor image at +1 MB)      |
 *   0xF8000000 +----------------------------------+
 *              | I/O remap: device MMIO windows   |  IOREMAP_START
 *   0xF7000000 +----------------------------------+
 *              | map cache: temporary mappings    |  MAPCACHE_START
 *   0xF6C00000 +----------------------------------+
 *              | per-domain: GDT/LDT windows      |  PERDOMAIN_START
 *   0xF6800000 +----------------------------------+
 *              | machine-to-physical table (R/O)  |  MACH2PHYS_VIRT_START
 *   0xF5800000 +----------------------------------+  HYPERVISOR_VIRT_START
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <public/arch-x86_32.h>

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1u << PAGE_SHIFT)
#define PAGE_MASK           (~0xfffull)     /* 64-bit: PAE addresses */

#define PERDOMAIN_START     0xF6800000u
#define PERDOMAIN_SIZE      0x00400000u
#define MAPCACHE_START      0xF6C00000u
#define MAPCACHE_SIZE       0x00400000u
#define IOREMAP_START       0xF7000000u
#define IOREMAP_SIZE        0x01000000u
#define DIRECTMAP_START     0xF8000000u
#define DIRECTMAP_SIZE      0x08000000u     /* physical 0 .. 128 MB */

/*
 * Where guest segments must end: guests may read the machine-to-physical
 * table just above HYPERVISOR_VIRT_START (it is mapped read-only for
 * them), and nothing beyond it - the rest of the slice is ours. Xen sets
 * the same bound.
 */
#define GUEST_SEGMENT_END   MACH2PHYS_VIRT_END

/* The hypervisor image is linked at DIRECTMAP_START + its load address. */
#define HV_LOAD_PHYS        0x00100000u

/* Each CPU's 16-page GDT window (guest pages 0-13, ours 14-15), then
 * its 16-page LDT window. */
#define GDT_PAGES           16
#define LDT_PAGES           16
#define GDT_VIRT(cpu)       (PERDOMAIN_START + (cpu) * (GDT_PAGES + LDT_PAGES) * PAGE_SIZE)
#define LDT_VIRT(cpu)       (GDT_VIRT(cpu) + GDT_PAGES * PAGE_SIZE)

#define NR_CPUS             1           /* the boot CPU; data is per-CPU */
#define HV_STACK_SIZE       8192

#endif /* HV_CONFIG_H */

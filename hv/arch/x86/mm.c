/*
 * mm.c - the hypervisor's own page tables (the "idle" address space).
 *
 * Every address space the machine will ever run in, each guest's
 * included, shares the hypervisor's top slice. Here we build that slice
 * once; guest page tables will point their top L2 entries at the same
 * hypervisor L1s and superpages:
 *
 *   idle_l3[3] -> idle_l2 (0xC0000000 - 0xFFFFFFFF)
 *                   [436..437]  PERDOMAIN: 2 L1 pages (GDT windows)
 *                   [448..511]  DIRECTMAP: 2 MB pages, physical 0..128 MB
 *
 * Nothing below HYPERVISOR_VIRT_START is mapped in the idle tables, so a
 * stray NULL pointer in the hypervisor faults. The boot identity mapping
 * is gone once CR3 points here.
 */
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/page.h>
#include "x86.h"

#define HV_PTE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                      _PAGE_DIRTY | _PAGE_GLOBAL)

static pte_t idle_l3[4] __attribute__((aligned(32)));
static pte_t idle_l2[L2_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t perdomain_l1[PERDOMAIN_SIZE >> L2_SHIFT][L1_ENTRIES]
    __attribute__((aligned(PAGE_SIZE)));

const void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    if (pa >= DIRECTMAP_SIZE || len > DIRECTMAP_SIZE - pa)
        return NULL;
    return __va(pa);
}

static inline void invlpg(uint32_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Map one page of the per-domain area (the only 4 KB-grained part yet). */
void mm_map_hv_page(uint32_t va, paddr_t pa, bool writable)
{
    uint32_t off = va - PERDOMAIN_START;
    pte_t *l1e = &perdomain_l1[off >> L2_SHIFT][l1_index(va)];

    *l1e = (pa & PTE_ADDR_MASK) | (HV_PTE_FLAGS & ~_PAGE_RW) |
           (writable ? _PAGE_RW : 0);
    invlpg(va);
}

uint32_t mm_init_idle(void)
{
    uint32_t cr3;

    for (unsigned int i = 0; i < DIRECTMAP_SIZE >> L2_SHIFT; i++)
        idle_l2[l2_index(DIRECTMAP_START) + i] =
            ((paddr_t)i << L2_SHIFT) | HV_PTE_FLAGS | _PAGE_PSE;
    for (unsigned int i = 0; i < PERDOMAIN_SIZE >> L2_SHIFT; i++)
        idle_l2[l2_index(PERDOMAIN_START) + i] =
            __pa(perdomain_l1[i]) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    idle_l3[3] = __pa(idle_l2) | _PAGE_PRESENT;

    /* Global pages survive CR3 loads: the hypervisor stays in the TLB. */
    write_cr4(read_cr4() | X86_CR4_PGE);
    cr3 = (uint32_t)__pa(idle_l3);
    write_cr3(cr3);
    return cr3;
}

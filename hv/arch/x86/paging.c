/*
 * paging.c - the hypervisor's own page tables (the "idle" address space).
 *
 * Every address space the machine will ever run in, each guest's
 * included, shares the hypervisor's top slice. Here we build that slice
 * once; guest page tables will point their top L2 entries at the same
 * hypervisor L1s and superpages:
 *
 *   idle_l3[3] -> idle_l2 (0xC0000000 - 0xFFFFFFFF)
 *                   [428..435]  MACH2PHYS: the M2P table, read-only
 *                   [436..437]  PERDOMAIN: 2 L1 pages (GDT windows)
 *                   [438..439]  MAPCACHE: 2 L1 pages (temporary mappings)
 *                   [448..511]  DIRECTMAP: 2 MB pages, physical 0..128 MB
 *
 * Nothing below HYPERVISOR_VIRT_START is mapped in the idle tables, so a
 * stray NULL pointer in the hypervisor faults. The boot identity mapping
 * is gone once CR3 points here.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/page.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include "x86.h"

#define HV_PTE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                      _PAGE_DIRTY | _PAGE_GLOBAL)

static pte_t idle_l3[4] __attribute__((aligned(32)));
static pte_t idle_l2[L2_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t perdomain_l1[PERDOMAIN_SIZE >> L2_SHIFT][L1_ENTRIES]
    __attribute__((aligned(PAGE_SIZE)));

/*
 * The map cache: a window of MAPCACHE_SLOTS pages through which the
 * hypervisor reaches frames outside the direct map (RAM above 128 MB).
 */
#define MAPCACHE_SLOTS  (MAPCACHE_SIZE >> PAGE_SHIFT)
static pte_t mapcache_l1[MAPCACHE_SLOTS / L1_ENTRIES][L1_ENTRIES]
    __attribute__((aligned(PAGE_SIZE)));
static uint16_t mapcache_users[MAPCACHE_SLOTS];
static unsigned int mapcache_next;

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
void paging_map_hv_page(uint32_t va, paddr_t pa, bool writable)
{
    uint32_t off = va - PERDOMAIN_START;
    pte_t *l1e = &perdomain_l1[off >> L2_SHIFT][l1_index(va)];

    *l1e = (pa & PTE_ADDR_MASK) | (HV_PTE_FLAGS & ~_PAGE_RW) |
           (writable ? _PAGE_RW : 0);
    invlpg(va);
}

void *map_domain_page_slow(mfn_t mfn)
{
    paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;

    for (unsigned int tries = 0; tries < MAPCACHE_SLOTS; tries++) {
        unsigned int slot = mapcache_next++ % MAPCACHE_SLOTS;
        uint32_t va = MAPCACHE_START + slot * PAGE_SIZE;

        if (mapcache_users[slot])
            continue;
        mapcache_users[slot] = 1;
        mapcache_l1[slot / L1_ENTRIES][slot % L1_ENTRIES] =
            pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
        invlpg(va);
        return (void *)(uintptr_t)va;
    }
    panic("map cache exhausted (%u slots in use)", MAPCACHE_SLOTS);
}

void unmap_domain_page_slow(const void *va)
{
    uint32_t a = (uint32_t)(uintptr_t)va;

    mapcache_users[(a - MAPCACHE_START) >> PAGE_SHIFT] = 0;
}

/*
 * A native kernel's page-table update, for the bench to compare with the
 * PV MMU's: store an entry of a map-cache L1 and invlpg it, n times,
 * between two frames (neither is touched through the mapping).
 */
uint32_t paging_native_pte_bench(uint32_t n, uint32_t batch)
{
    const pte_t flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    unsigned int slot = 0;
    volatile pte_t *e;
    uint32_t va;
    uint64_t t0;

    while (mapcache_users[slot])
        if (++slot == MAPCACHE_SLOTS)
            return 0;
    mapcache_users[slot] = 1;
    va = MAPCACHE_START + slot * PAGE_SIZE;
    e = &mapcache_l1[slot / L1_ENTRIES][slot % L1_ENTRIES];
    t0 = arch_rdtsc();
    for (uint32_t i = 0; i < n; i++) {
        *e = ((paddr_t)(i & 1) << PAGE_SHIFT) | flags;
        if (!batch)
            invlpg(va);
        else if ((i + 1) % batch == 0)
            write_cr3(read_cr3());      /* our own entries are global */
    }
    t0 = arch_rdtsc() - t0;
    *e = 0;
    invlpg(va);
    mapcache_users[slot] = 0;
    return (uint32_t)t0;
}

/*
 * The machine-to-physical table, read-only for every guest at
 * MACH2PHYS_VIRT_START (Xen's address): a guest looks up which of its
 * pseudo-physical frames a machine frame is without asking. nr_pages of
 * the table start at frame first; their L1 pages come from the xenheap.
 */
void arch_map_m2p(mfn_t first, unsigned int nr_pages)
{
    unsigned int nr_l1 = (nr_pages + L1_ENTRIES - 1) / L1_ENTRIES;

    for (unsigned int i = 0; i < nr_l1; i++) {
        pte_t *l1 = alloc_xenheap_pages(1);

        if (!l1)
            panic("no memory for the machine-to-physical mapping");
        for (unsigned int j = 0; j < L1_ENTRIES && i * L1_ENTRIES + j < nr_pages; j++)
            l1[j] = ((paddr_t)(first + i * L1_ENTRIES + j) << PAGE_SHIFT) |
                    _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
        idle_l2[l2_index(MACH2PHYS_VIRT_START) + i] =
            __pa(l1) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
    }
}

void arch_fill_xen_l2_slots(pte_t *l2)
{
    for (unsigned int i = l2_index(HYPERVISOR_VIRT_START); i < L2_ENTRIES; i++)
        l2[i] = idle_l2[i];
}

bool tlb_maybe_stale;

/* Count a flush against the domain that caused it, and trace it. */
void tlb_note(enum trace_tlb_reason reason, enum trace_tlb_scope scope,
              uint32_t va, uint16_t dom)
{
    struct domain *d = dom < MAX_DOMAINS ? domains[dom] : NULL;

    if (scope != TLB_SCOPE_PAGE)
        tlb_maybe_stale = false;        /* every guest entry is gone */

    if (d && reason < ARRAY_SIZE(d->tlb_flushes))
        d->tlb_flushes[reason]++;
    TRACE(TRC_XL_TLB_FLUSH, reason, scope, va, dom);
}

/*
 * Every TLB flush the hypervisor does goes through here so that it is
 * counted and traced. The hypervisor's own mappings are global: a full
 * local flush (a CR3 reload) drops only the guest's entries.
 */
void tlb_flush(enum trace_tlb_reason reason, enum trace_tlb_scope scope,
               uint32_t va, uint16_t dom)
{
    if (scope == TLB_SCOPE_PAGE)
        invlpg(va);
    else
        write_cr3(read_cr3());
    tlb_note(reason, scope, va, dom);
}

/*
 * The hypervisor in an address space of its own (hv_space=own, or
 * XENLAB_hv_space): what the shared address space saves. Every entry
 * from a guest loads the idle page tables, every return loads the
 * guest's again, and each CR3 load empties the guest's part of the TLB.
 * hv_own_space is the mode; hv_in_own_space says where the CPU is now,
 * so that turning the mode off inside a hypercall still returns to the
 * guest's tables on the way out.
 */
bool hv_own_space;
bool hv_in_own_space;

void hv_space_enter(void)
{
    if (hv_own_space && current && !hv_in_own_space) {
        write_cr3(idle_cr3);
        hv_in_own_space = true;
        tlb_note(TLB_HV_OWN_SPACE, TLB_SCOPE_LOCAL, 0,
                 current->domain->domain_id);
    }
}

void hv_space_leave(void)
{
    if (hv_in_own_space) {
        hv_in_own_space = false;
        write_cr3((uint32_t)current->cr3_mfn << PAGE_SHIFT);
        tlb_note(TLB_HV_OWN_SPACE, TLB_SCOPE_LOCAL, 0,
                 current->domain->domain_id);
    }
}

/* The idle page tables: what runs when no guest does. */
uint32_t idle_cr3;

uint32_t paging_init_idle(void)
{
    uint32_t cr3;

    for (unsigned int i = 0; i < DIRECTMAP_SIZE >> L2_SHIFT; i++)
        idle_l2[l2_index(DIRECTMAP_START) + i] =
            ((paddr_t)i << L2_SHIFT) | HV_PTE_FLAGS | _PAGE_PSE;
    for (unsigned int i = 0; i < PERDOMAIN_SIZE >> L2_SHIFT; i++)
        idle_l2[l2_index(PERDOMAIN_START) + i] =
            __pa(perdomain_l1[i]) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    for (unsigned int i = 0; i < MAPCACHE_SIZE >> L2_SHIFT; i++)
        idle_l2[l2_index(MAPCACHE_START) + i] =
            __pa(mapcache_l1[i]) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    idle_l3[3] = __pa(idle_l2) | _PAGE_PRESENT;

    /* Global pages survive CR3 loads: the hypervisor stays in the TLB. */
    write_cr4(read_cr4() | X86_CR4_PGE);
    cr3 = (uint32_t)__pa(idle_l3);
    write_cr3(cr3);
    idle_cr3 = cr3;
    return cr3;
}

void arch_load_baseptr(struct vcpu *v)
{
    if (v == current) {
        write_cr3((uint32_t)v->cr3_mfn << PAGE_SHIFT);
        tlb_note(TLB_NEW_BASEPTR, TLB_SCOPE_LOCAL, 0, v->domain->domain_id);
    }
}

/*
 * mm.h - who owns each machine frame, and what it is used for.
 *
 * Paravirtualized memory rests on one rule: a guest may build its own
 * page tables, but the hypervisor checks every entry before it takes
 * effect. To check, it keeps for every frame of the machine (the frame
 * table) an owner, a reference count, and a type with its own count:
 *
 *   type          the frame is in use as ...        a guest may map it
 *   PGT_none      nothing special                    as it likes
 *   PGT_writable  data mapped writable somewhere     writable
 *   PGT_l1/l2/l3  a page table of that level         read-only only
 *   PGT_seg_desc  a GDT or LDT page                  read-only only
 *
 * A frame changes type only when its type count drops to zero, so a page
 * table can never also be writable, and a guest can never write its own
 * page tables or descriptor tables behind the hypervisor's back.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <public/trace.h>
#include <public/xen.h>
#include "domain.h"
#include "page.h"
#include "types.h"

struct page_info {
    uint32_t count;                 /* references, including ownership */
    uint32_t type_info;             /* PGT_* type | flags | type count */
    domid_t owner;                  /* DOMID_INVALID: free */
    uint16_t grant_maps;            /* guest PTEs mapping it by a grant */
    uint32_t partial;               /* a table validated part-way (below) */
};

#define PGT_none            (0u << 28)
#define PGT_l1_page_table   (1u << 28)
#define PGT_l2_page_table   (2u << 28)
#define PGT_l3_page_table   (3u << 28)
#define PGT_seg_desc_page   (5u << 28)
#define PGT_writable_page   (7u << 28)
#define PGT_type_mask       (7u << 28)
#define PGT_pinned          (1u << 27)  /* held as a page table by the guest */
#define PGT_pae_xen_l2      (1u << 26)  /* an L2 with the hypervisor's slots */
#define PGT_count_mask      ((1u << 24) - 1)

/*
 * Validating a tree of page tables can take a million entries, so it is
 * done in parts (as in Xen, XSA-45). A table being validated, or left
 * half-validated when a hypercall stopped for others, keeps in `partial`
 * the type it is becoming and how many entries hold references so far:
 *
 *   partial = PGT_l2_page_table | 37    entries 0..36 hold references;
 *                                       type_info stays 0 (untyped)
 *
 * Meanwhile it is no type at all: nothing may map it writable or use it
 * as any table; asking for its own type again (the continued hypercall,
 * or any other path) carries on from entry 37. A table left so between
 * parts holds one reference on itself (it cannot be ballooned away);
 * a dying domain releases its entries (mm_drop_partial).
 */
#define PGT_partial_type    (PGT_type_mask | PGT_pae_xen_l2)
#define PGT_partial_done    ((1u << 10) - 1)

/*
 * Releasing a tree (its last type reference gone: unpin, an mmu_update
 * replacing the entry that held it) is done in parts the same way, top
 * entry first. A table stopped part-way is marked releasing, untyped and
 * unusable, holds a reference on itself, and keeps how many entries
 * still hold theirs; if the entry it stopped at named a table that
 * stopped too, that one is carried on first. The vCPU remembers the
 * outermost (v->old_table) and finishes it before its next mmu_update
 * or mmuext_op does anything else (as Xen does with old_guest_table).
 */
#define PGT_partial_releasing (1u << 10)

extern struct page_info *frame_table;
extern mfn_t max_mfn;               /* frames 0 .. max_mfn - 1 are tracked */

/* The machine-to-physical table: which pseudo-physical frame of its
 * owner each machine frame is (INVALID_M2P if none). */
extern uint32_t *machine_to_phys;
#define INVALID_M2P         (~0u)

static inline bool mfn_valid(mfn_t mfn)
{
    return mfn < max_mfn;
}

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return &frame_table[mfn];
}

/* Set up the frame table and M2P for every frame the allocator manages. */
void mm_init(void);

/* A frame for a domain's memory, owned and counted; INVALID_MFN if none. */
mfn_t mm_alloc_domain_frame(struct domain *d);

/* A zeroed, direct-mapped page for the hypervisor's own use. */
void *alloc_xenheap_pages(unsigned int n);
void free_xenheap_pages(void *va, unsigned int n);

/* One frame of d back to the free pool (the balloon); it must be unused. */
void mm_free_domain_frame(struct domain *d, mfn_t m);

/*
 * A dying domain lets go: its page tables come down (CR3s, pins), then
 * every frame's allocation reference goes. Frames nobody else holds are
 * freed; the rest pass to the hypervisor until their last put.
 */
void mm_release_domain(struct domain *d);

/* The last reference is gone: back to the allocator (put_page calls it). */
void mm_free_page(mfn_t m);

/*
 * Lending a hypervisor page (from alloc_xenheap_pages) to d: d owns it
 * while it lives and may map and grant it; it is typed writable for good.
 * Reclaiming (d is dying) drops that type and the allocation reference:
 * the frame is freed now, or by whoever puts it last.
 */
void mm_lend_frame(struct domain *d, mfn_t m);
void mm_reclaim_lent_frame(mfn_t m);

/*
 * References. Every validated page-table entry takes and drops a few, so
 * the common cases are inline here; a type's first and last reference,
 * which validate or release a whole table, are out of line (mm.c).
 */

/* A reference: the frame must exist and belong to d. */
static inline bool get_page(mfn_t mfn, const struct domain *d)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return false;
    pg = &frame_table[mfn];
    if (pg->owner != d->domain_id || pg->count == 0 || pg->count == ~0u)
        return false;
    pg->count++;
    return true;
}

static inline void put_page(mfn_t mfn)
{
    if (--frame_table[mfn].count == 0)
        mm_free_page(mfn);
}

/* Type references: fail (-EBUSY) if the frame is in use as another type. */
int get_page_type_slow(mfn_t mfn, uint32_t type);
void put_page_type_last(mfn_t mfn);

static inline int get_page_type(mfn_t mfn, uint32_t type)
{
    struct page_info *pg = &frame_table[mfn];
    uint32_t t = pg->type_info, n = t & PGT_count_mask;

    /* Already of this type: one more user. */
    if (n != 0 && n != PGT_count_mask &&
        (t & (PGT_type_mask | PGT_pae_xen_l2)) == type) {
        pg->type_info = t + 1;
        return 0;
    }
    return get_page_type_slow(mfn, type);
}

static inline void put_page_type(mfn_t mfn)
{
    struct page_info *pg = &frame_table[mfn];

    if ((pg->type_info & PGT_count_mask) > 1)
        pg->type_info--;
    else
        put_page_type_last(mfn);
}

static inline int get_page_and_type(mfn_t mfn, const struct domain *d,
                                    uint32_t type)
{
    int rc;

    if (!get_page(mfn, d))
        return -EPERM;
    rc = get_page_type(mfn, type);
    if (rc)
        put_page(mfn);
    return rc;
}

static inline void put_page_and_type(mfn_t mfn)
{
    put_page_type(mfn);
    put_page(mfn);
}

/*
 * The same, where the caller can continue later: validating a new table
 * may stop for others with -ERESTART, having kept its progress (pin and
 * new_baseptr; mmu_update does so for the tables its entries name).
 */
int get_page_and_type_preemptible(mfn_t mfn, const struct domain *d,
                                  uint32_t type);

/* A dying domain's half-validated table lets go of what it holds. */
void mm_drop_partial(mfn_t mfn);

/* The last references, where v can come back for the rest (-ERESTART:
 * v->old_table is to be finished first, by mm_finish_release). */
int put_page_and_type_preemptible(struct vcpu *v, mfn_t mfn);
int mm_finish_release(struct vcpu *v, bool may_stop);

/*
 * Check a new L1 entry for domain d and take the references it needs.
 * Returns 0, or a negative errno with *why set.
 */
int get_l1e(pte_t e, const struct domain *d, enum trace_mm_reason *why);
void put_l1e(pte_t e);

/*
 * mmu_update's requests (pv_mm.c reads them from the guest): n of them,
 * in order, each validated and traced; stops at the first refusal, with
 * its errno in *rc. Returns how many were done.
 */
struct mmu_update;
uint32_t mm_update_entries(struct vcpu *v, const struct mmu_update *reqs,
                           uint32_t n, int *rc);

/*
 * Pages of memory through which the hypervisor reaches a frame: frames in
 * the direct map need nothing (the fast path, inline); the rest borrow a
 * map-cache slot until unmapped.
 */
void *map_domain_page_slow(mfn_t mfn);
void unmap_domain_page_slow(const void *va);

/* (Host tests have no direct map: their harness does all the mapping.) */
static inline void *map_domain_page(mfn_t mfn)
{
#ifndef HV_HOST_TEST
    paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;

    if (pa < DIRECTMAP_SIZE)
        return __va(pa);
#endif
    return map_domain_page_slow(mfn);
}

static inline void unmap_domain_page(const void *va)
{
#ifndef HV_HOST_TEST
    if ((uint32_t)(uintptr_t)va - MAPCACHE_START >= MAPCACHE_SIZE)
        return;
#endif
    unmap_domain_page_slow(va);
}

/*
 * update_va_mapping(va, val, flags) for the current vCPU: validate val as
 * the new L1 entry for va in its page tables and flush as flags ask.
 */
int mm_update_va_mapping(struct vcpu *v, uint32_t va, pte_t val,
                         uint32_t flags, enum trace_mm_reason *why);

/* Find the machine address of the L1 entry that maps va, or 0. */
paddr_t mm_l1e_address(mfn_t l3_mfn, uint32_t va);

/* memory.c: the balloon's books and targets. */
void memory_init(const char *cmdline);
void memory_check_books(void);
void memory_check_at_exit(void);     /* every frame back? (mm_check: or panic) */
int memory_set_target(domid_t id, uint32_t pages);

/* Why the last page-table validation failed. */
enum trace_mm_reason mm_last_reason(void);

/* Frames the hypervisor itself holds (for "free + domains + hv = total"). */
unsigned long mm_xen_pages(void);

/*
 * Grants (grant_table.c): the L1 entry at machine address pte, in a page
 * table of domain `mapper`, is going (rewritten, cleared, or its table
 * is): if a grant mapping lives there, its books go with it. mm.c calls
 * this, before dropping the entry's references, whenever the frame the
 * entry maps has grant_maps.
 */
void gnttab_l1e_gone(domid_t mapper, paddr_t pte);

/*
 * Switch v to the L3 in frame mfn (mmuext new_baseptr, mov to cr3). With
 * may_stop (a hypercall), -ERESTART either before the switch (validating
 * the new tree stopped: ask again) or after it (releasing the old one
 * stopped: v->old_table).
 */
int mm_new_baseptr(struct vcpu *v, mfn_t mfn, bool may_stop,
                   enum trace_mm_reason *why);

/* Map the M2P read-only at MACH2PHYS_VIRT_START for guests (paging.c). */
void arch_map_m2p(mfn_t first, unsigned int nr_pages);

/* Copy the hypervisor's L2 slots into a guest's top L2 (paging.c). */
void arch_fill_xen_l2_slots(pte_t *l2);

/* Load v's page-table base into CR3 if v is running (paging.c). */
void arch_load_baseptr(struct vcpu *v);

/* mmuext set_ldt: v's LDT at guest address va, ents entries (segments.c). */
int arch_set_ldt(struct vcpu *v, uint32_t va, uint32_t ents);

/* Check every descriptor of a frame that becomes a GDT page (segments.c). */
int validate_desc_page(mfn_t mfn);

#endif /* HV_MM_H */

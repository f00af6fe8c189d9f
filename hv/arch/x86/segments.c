/*
 * segments.c - guest descriptor tables, checked so no segment reaches us.
 *
 * The lecture's trick for sharing one address space: the hypervisor sits
 * at the top of it, and segmentation keeps guests below. A guest may
 * install its own GDT (set_gdt) and change descriptors (update_descriptor),
 * but every descriptor passes check_descriptor() first:
 *
 *   - system descriptors (gates, TSS, LDT) are refused;
 *   - a DPL of 0 becomes 1: nothing a guest builds runs in ring 0;
 *   - conforming code and expand-down data are refused;
 *   - a segment that would reach past the read-only M2P table (at
 *     HYPERVISOR_VIRT_START) into the rest of the hypervisor's slice is
 *     cut short at GUEST_SEGMENT_END (as Xen does for the flat 4 GB
 *     segments kernels use).
 *
 * GDT frames are typed PGT_seg_desc_page, so the guest cannot keep a
 * writable mapping of them, and are mapped read-only into the CPU's GDT
 * window (pages 0-13; pages 14-15 are the hypervisor's, desc.c). An LDT
 * (mmuext set_ldt) is checked the same way and mapped into the LDT window.
 */
#include <hv/config.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <hv/mm.h>
#include "x86.h"

#define DESC_TYPE_MASK      (0xfu << 8)
#define DESC_CODE           (1u << 11)
#define DESC_CONFORM_EXPDN  (1u << 10)      /* conforming / expand-down */
#define DESC_ACCESSED       (1u << 8)

bool check_descriptor(struct desc *d)
{
    uint32_t lo = d->lo, hi = d->hi;
    uint32_t base, limit, last;

    if (!(hi & DESC_P))
        return true;                    /* cannot be loaded: harmless */
    if (!(hi & DESC_S) || (hi & DESC_CONFORM_EXPDN))
        return false;
    if (((hi >> 13) & 3) == 0)
        hi |= DESC_DPL(1);

    base = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
    limit = (lo & 0xffff) | (hi & 0xf0000);
    last = (hi & DESC_G) ? (limit << 12) | 0xfff : limit;
    if (base >= GUEST_SEGMENT_END)
        return false;
    if (last > GUEST_SEGMENT_END - 1 - base) {
        /* Shorten the segment to end where the guest's view ends. */
        last = GUEST_SEGMENT_END - 1 - base;
        limit = (hi & DESC_G) ? (last >> 12) - (((last & 0xfff) != 0xfff) ? 1 : 0)
                              : last;
        if ((hi & DESC_G) == 0 && last > 0xfffff) {
            hi |= DESC_G;
            limit = ((last + 1) >> 12) - 1;
        }
        lo = (lo & 0xffff0000) | (limit & 0xffff);
        hi = (hi & ~0xf0000u) | (limit & 0xf0000);
    }
    /* Set "accessed" now so the CPU never writes to a read-only GDT. */
    d->lo = lo;
    d->hi = hi | DESC_ACCESSED;
    return true;
}

/* Check (and fix up) every descriptor of a frame becoming a GDT page. */
int validate_desc_page(mfn_t mfn)
{
    struct desc *t = map_domain_page(mfn);
    int rc = 0;

    for (unsigned int i = 0; i < PAGE_SIZE / sizeof(struct desc) && !rc; i++)
        if (!check_descriptor(&t[i]))
            rc = -EINVAL;
    unmap_domain_page(t);
    return rc;
}

static void drop_gdt(struct vcpu *v)
{
    for (unsigned int i = 0; i < v->nr_gdt_frames; i++)
        put_page_and_type(v->gdt_frames[i]);
    v->nr_gdt_frames = 0;
}

long do_set_gdt(uint32_t frame_list, uint32_t entries, uint32_t a3,
                uint32_t a4, uint32_t a5)
{
    struct vcpu *v = current;
    unsigned int nr = (entries * sizeof(struct desc) + PAGE_SIZE - 1) / PAGE_SIZE;
    xen_pfn_t frames[GUEST_GDT_FRAMES];
    unsigned int i;
    int rc = 0;

    if (entries > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
        return -EFAULT;
    for (i = 0; i < nr && !rc; i++)
        rc = get_page_and_type((mfn_t)frames[i], v->domain, PGT_seg_desc_page);
    if (rc) {
        while (--i > 0)
            put_page_and_type((mfn_t)frames[i - 1]);
        return rc;
    }
    drop_gdt(v);
    for (i = 0; i < nr; i++)
        v->gdt_frames[i] = (mfn_t)frames[i];
    v->nr_gdt_frames = nr;
    desc_load_guest_gdt(v);
    return 0;
}

long do_update_descriptor(uint32_t ma_lo, uint32_t ma_hi, uint32_t lo,
                          uint32_t hi, uint32_t a5)
{
    struct domain *d = current->domain;
    uint64_t ma = (uint64_t)ma_hi << 32 | ma_lo;
    mfn_t mfn = (mfn_t)(ma >> PAGE_SHIFT);
    struct desc desc = { lo, hi };
    uint32_t type;
    struct desc *page;

    if ((ma & 7) || !get_page(mfn, d))
        return -EINVAL;
    /* A page table validated or released part-way is untyped meanwhile,
     * yet its entries are counted: not a page to write (mm.h). */
    type = mfn_to_page(mfn)->type_info & PGT_type_mask;
    if ((type != PGT_seg_desc_page && type != PGT_writable_page &&
         (mfn_to_page(mfn)->type_info & PGT_count_mask)) ||
        mfn_to_page(mfn)->partial || !check_descriptor(&desc)) {
        put_page(mfn);
        return -EINVAL;
    }
    page = map_domain_page(mfn);
    page[(ma & (PAGE_SIZE - 1)) / sizeof(struct desc)] = desc;
    unmap_domain_page(page);
    put_page(mfn);
    return 0;
}

static void drop_ldt(struct vcpu *v)
{
    for (unsigned int i = 0; i < v->nr_ldt_frames; i++)
        put_page_and_type(v->ldt_frames[i]);
    v->nr_ldt_frames = 0;
    v->ldt_ents = 0;
}

/* mmuext set_ldt: the LDT's pages are found through v's page tables. */
int arch_set_ldt(struct vcpu *v, uint32_t va, uint32_t ents)
{
    unsigned int nr = (ents * sizeof(struct desc) + PAGE_SIZE - 1) / PAGE_SIZE;
    mfn_t frames[GUEST_LDT_FRAMES];
    unsigned int i;
    int rc = 0;

    if (ents > GUEST_LDT_FRAMES * PAGE_SIZE / sizeof(struct desc) ||
        (va & (PAGE_SIZE - 1)) || !guest_range_ok(va, nr * PAGE_SIZE))
        return -EINVAL;
    for (i = 0; i < nr && !rc; i++) {
        paddr_t l1e_pa = mm_l1e_address(v->cr3_mfn, va + i * PAGE_SIZE);
        pte_t *l1, e = 0;

        if (l1e_pa) {
            l1 = map_domain_page((mfn_t)(l1e_pa >> PAGE_SHIFT));
            e = l1[(l1e_pa & (PAGE_SIZE - 1)) / sizeof(pte_t)];
            unmap_domain_page(l1);
        }
        frames[i] = (mfn_t)((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
        rc = (e & _PAGE_PRESENT) ? get_page_and_type(frames[i], v->domain,
                                                     PGT_seg_desc_page)
                                 : -EINVAL;
    }
    if (rc) {
        while (--i > 0)
            put_page_and_type(frames[i - 1]);
        return rc;
    }
    drop_ldt(v);
    memcpy(v->ldt_frames, frames, nr * sizeof(frames[0]));
    v->nr_ldt_frames = nr;
    v->ldt_ents = ents;
    desc_load_guest_ldt(v);
    return 0;
}

void segments_vcpu_destroy(struct vcpu *v)
{
    drop_gdt(v);
    drop_ldt(v);
}

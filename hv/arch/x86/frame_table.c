/*
 * frame_table.c - who owns each frame of the machine, and when a frame
 * may go back to the allocator.
 *
 * One struct page_info per machine frame (mm.h): its owner (a domain,
 * the hypervisor, or nobody when free), its references and its type. The
 * free frames themselves are the allocator's (common/page_alloc.c); this
 * file moves frames between the allocator and their owners, keeping
 * the frame table and the machine-to-physical table (M2P) in step.
 *
 * One lifetime rule for every frame a guest can reach: it goes back to
 * the allocator only when its last reference is dropped (put_page, mm.h,
 * calls mm_free_page). A domain's frame carries one reference for being
 * allocated to it; page-table entries, pins, the CR3, GDT/LDT and grant
 * mappings add theirs. When a domain dies, its page tables are taken
 * down (pins and CR3 dropped, so their entries' references go) and then
 * each frame's allocation reference; a frame still referenced - mapped by
 * another domain through a grant - passes to the hypervisor and goes back
 * to the allocator when that last mapping does, however it goes.
 *
 *   allocator --mm_alloc_domain_frame--> domain --(balloon) release--> allocator
 *   allocator --alloc_xenheap_pages----> hypervisor --free_xenheap--> allocator
 *   hypervisor --mm_lend_frame--> domain   (shared_info, grant-table frames)
 *   domain dies: each frame --allocation ref dropped--> last put --> allocator
 *
 * Lent frames are the hypervisor's pages a domain may map: as in Xen
 * (share_xen_page_with_guest), they belong to the domain while it lives,
 * so it may map them and grant them like its own; they are permanently
 * typed writable (the hypervisor writes them, so they must never become a
 * page table); and when the domain dies they are given back to the
 * hypervisor by dropping the allocation reference (Xen's put of
 * PGC_allocated), never freed outright: a grantee's mapping keeps one
 * alive until it goes.
 *
 * A frame leaving its owner first makes sure no forgotten translation of
 * it is left in the TLB (tlb_flush_stale, tlb.h). What a frame may be
 * used for, and the checks on page tables, are in mm.c.
 *
 * Compiled for the host too (tests/unit), like mm.c.
 */
#include <klib.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/tlb.h>

struct page_info *frame_table;
mfn_t max_mfn;
uint32_t *machine_to_phys;
static unsigned long xen_pages;         /* frames the hypervisor holds */

void mm_init(void)
{
    unsigned int ft_pages, m2p_pages;
    mfn_t ft, m2p;

    max_mfn = frames_end();
    ft_pages = (max_mfn * sizeof(struct page_info) + PAGE_SIZE - 1) / PAGE_SIZE;
    m2p_pages = (max_mfn * sizeof(uint32_t) + PAGE_SIZE - 1) / PAGE_SIZE;
    ft = alloc_frames(ft_pages, DIRECTMAP_SIZE >> PAGE_SHIFT);
    m2p = alloc_frames(m2p_pages, DIRECTMAP_SIZE >> PAGE_SHIFT);
    frame_table = map_domain_page(ft);
    machine_to_phys = map_domain_page(m2p);

    /* Free frames belong to nobody; everything else to the hypervisor. */
    for (mfn_t m = 0; m < max_mfn; m++) {
        frame_table[m].count = frame_is_free(m) ? 0 : 1;
        frame_table[m].type_info = 0;
        frame_table[m].partial = 0;
        frame_table[m].owner = frame_is_free(m) ? DOMID_INVALID : DOMID_XEN;
        machine_to_phys[m] = INVALID_M2P;
    }
    xen_pages = frames_total() - frames_free();
    arch_map_m2p(m2p, m2p_pages);
}

static void clear_frame(mfn_t m)
{
    void *p = map_domain_page(m);

    memset(p, 0, PAGE_SIZE);
    unmap_domain_page(p);
}

mfn_t mm_alloc_domain_frame(struct domain *d)
{
    mfn_t m;

    if (d->tot_pages >= d->max_pages)
        return INVALID_MFN;
    m = alloc_frame(0);
    if (m == INVALID_MFN)
        return INVALID_MFN;
    clear_frame(m);                 /* never show a domain old contents */
    frame_table[m].count = 1;               /* the owner's reference */
    frame_table[m].type_info = 0;
    frame_table[m].owner = d->domain_id;
    d->tot_pages++;
    return m;
}

void *alloc_xenheap_pages(unsigned int n)
{
    mfn_t m = alloc_frames(n, DIRECTMAP_SIZE >> PAGE_SHIFT);
    uint8_t *va;

    if (m == INVALID_MFN)
        return NULL;
    for (unsigned int i = 0; i < n; i++) {
        frame_table[m + i].count = 1;
        frame_table[m + i].owner = DOMID_XEN;
        xen_pages++;
    }
    va = map_domain_page(m);
    memset(va, 0, (size_t)n * PAGE_SIZE);
    return va;
}

static void release_frame(mfn_t m)
{
    tlb_flush_stale(frame_table[m].owner);
    frame_table[m].count = 0;
    frame_table[m].type_info = 0;
    frame_table[m].owner = DOMID_INVALID;
    machine_to_phys[m] = INVALID_M2P;
    free_frame(m);
}

void free_xenheap_pages(void *va, unsigned int n)
{
    mfn_t m = (mfn_t)(__pa(va) >> PAGE_SHIFT);

    for (unsigned int i = 0; i < n; i++, xen_pages--)
        release_frame(m + i);
}

void mm_free_domain_frame(struct domain *d, mfn_t m)
{
    release_frame(m);
    d->tot_pages--;
}

unsigned long mm_xen_pages(void)
{
    return xen_pages;
}

/* The last reference went: the frame goes back to the allocator. */
void mm_free_page(mfn_t m)
{
    struct domain *d = domain_lookup(frame_table[m].owner);

    if (frame_table[m].owner == DOMID_XEN)
        xen_pages--;
    else if (d && frame_table[m].owner < DOMID_FIRST_RESERVED)
        d->tot_pages--;
    release_frame(m);
}

void mm_lend_frame(struct domain *d, mfn_t m)
{
    frame_table[m].owner = d->domain_id;
    frame_table[m].type_info = PGT_writable_page | 1;
}

void mm_reclaim_lent_frame(mfn_t m)
{
    put_page_type(m);
    frame_table[m].owner = DOMID_XEN;
    put_page(m);
}

/* Drop what a dying domain itself holds: a release it had not finished,
 * its CR3s, pins and half-validated tables. The page tables' types go with their last
 * references, and with them every reference their entries held. */
static void take_down_page_tables(struct domain *d)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        mm_finish_release(d->vcpu[i], false);
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        mfn_t cr3 = d->vcpu[i]->cr3_mfn;

        if (mfn_valid(cr3) && frame_table[cr3].owner == d->domain_id &&
            (frame_table[cr3].type_info & PGT_type_mask) == PGT_l3_page_table) {
            d->vcpu[i]->cr3_mfn = 0;
            put_page_and_type(cr3);
        }
    }
    for (mfn_t m = 0; m < max_mfn; m++)
        if (frame_table[m].owner == d->domain_id &&
            (frame_table[m].type_info & PGT_pinned)) {
            frame_table[m].type_info &= ~PGT_pinned;
            put_page_and_type(m);
        }
    for (mfn_t m = 0; m < max_mfn; m++)
        if (frame_table[m].owner == d->domain_id)
            mm_drop_partial(m);
}

void mm_release_domain(struct domain *d)
{
    take_down_page_tables(d);
    for (mfn_t m = 0; m < max_mfn; m++) {
        if (frame_table[m].owner != d->domain_id)
            continue;
        frame_table[m].owner = DOMID_XEN;   /* no reuse of d's id reaches it */
        xen_pages++;
        d->tot_pages--;
        put_page(m);                        /* the allocation reference */
    }
}

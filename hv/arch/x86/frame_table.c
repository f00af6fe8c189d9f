/*
 * frame_table.c - who owns each frame of the machine.
 *
 * One struct page_info per machine frame (mm.h): its owner (a domain,
 * the hypervisor, or nobody when free), its references and its type. The
 * free frames themselves are the allocator's (common/page_alloc.c); this
 * file moves frames between the allocator and their owners, keeping
 * the frame table and the machine-to-physical table (M2P) in step:
 *
 *   allocator --mm_alloc_domain_frame--> domain --release--> allocator
 *   allocator --alloc_xenheap_pages----> hypervisor --free--> allocator
 *   a dying domain's frame other domains still map (grants):
 *       domain --mm_adopt_frame--> hypervisor --last unmap--> allocator
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

void mm_release_domain(struct domain *d)
{
    for (mfn_t m = 0; m < max_mfn; m++)
        if (frame_table[m].owner == d->domain_id && m != d->shared_info_mfn)
            release_frame(m);
    d->tot_pages = 0;
}

unsigned long mm_xen_pages(void)
{
    return xen_pages;
}

/*
 * Grants (grant_table.c): a dying domain's frame that other domains still
 * map must not be freed under them. It passes to the hypervisor, held by
 * exactly those mappings, and is freed when the last one goes.
 */
void mm_adopt_frame(mfn_t m, uint32_t refs, uint32_t writable_refs)
{
    frame_table[m].owner = DOMID_XEN;
    frame_table[m].count = 1 + refs;
    frame_table[m].type_info = writable_refs ? PGT_writable_page | writable_refs : 0;
    xen_pages++;
}

void mm_release_adopted_frame(mfn_t m)
{
    xen_pages--;
    release_frame(m);
}

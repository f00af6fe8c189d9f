/*
 * mm.c - a guest kernel's view of its own memory.
 *
 * A PV guest knows the machine addresses of its frames: start_info's
 * mfn_list maps each of its pseudo-physical frames (pfn) to a machine
 * frame (mfn), and the hypervisor's read-only machine-to-physical table
 * at MACH2PHYS_VIRT_START answers the other way. Its page tables hold
 * machine addresses, are mapped read-only, and change only through
 * hypercalls (update_va_mapping, mmu_update), which the hypervisor
 * checks. These helpers keep that bookkeeping in one place.
 *
 * Frames: pfns below the first free one hold the boot image (kernel,
 * lists, start_info, page tables, stack). The ABI promises at least 512 KB
 * of mapped padding after the boot stack: guest_alloc_page() hands those
 * pages out. Beyond the mapped region, pfns are ours but unmapped - what
 * the balloon gives back first.
 */
#include "libguest.h"

#define P2M_MAX (256 * 1024 * 1024 / 4096)  /* pfns libguest can track */

static unsigned long p2m[P2M_MAX];           /* our copy, grows with us */
static unsigned long nr_pfns;
static unsigned long next_padding_pfn, padding_end_pfn;

unsigned long pfn_to_mfn(unsigned long pfn)
{
    return pfn < nr_pfns ? p2m[pfn] : INVALID_FRAME;
}

void set_pfn_to_mfn(unsigned long pfn, unsigned long mfn)
{
    if (pfn >= P2M_MAX)
        return;
    p2m[pfn] = mfn;
    if (pfn >= nr_pfns)
        nr_pfns = pfn + 1;
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
    return ((const unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - (unsigned long)_start_of_image) >> 12;
}

void *pfn_to_virt(unsigned long pfn)
{
    return _start_of_image + pfn * 4096;
}

unsigned long virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

unsigned long guest_nr_pfns(void)
{
    return nr_pfns;
}

/* The page after the boot stack: the first pfn the boot image leaves. */
unsigned long guest_first_free_pfn(void)
{
    return virt_to_pfn((void *)(start_info->pt_base +
                                start_info->nr_pt_frames * 4096)) + 1;
}

void *guest_alloc_page(void)
{
    void *page;

    if (next_padding_pfn >= padding_end_pfn)
        guest_exit(RESULT_ERROR, "out of boot padding pages");
    page = pfn_to_virt(next_padding_pfn++);
    memset(page, 0, 4096);
    return page;
}

/* Machine address of the L1 entry that maps va, found by walking our
 * own (read-only) page tables; 0 if no L1 covers va. */
uint64_t guest_l1e_ma(unsigned long va)
{
    const uint64_t *l3 = (const uint64_t *)start_info->pt_base;
    const uint64_t *l2, *l1;
    uint64_t e;

    e = l3[va >> 30];
    if (!(e & 1))
        return 0;
    l2 = pfn_to_virt(mfn_to_pfn((unsigned long)(e >> 12)));
    e = l2[(va >> 21) & 511];
    if (!(e & 1) || (e & 0x80))
        return 0;
    l1 = pfn_to_virt(mfn_to_pfn((unsigned long)(e >> 12)));
    return ((uint64_t)virt_to_mfn(l1) << 12) + ((va >> 12) & 511) * 8;
}

long guest_mmu_update(uint64_t ptr, uint64_t val)
{
    struct mmu_update req = { ptr, val };

    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long guest_mmuext(unsigned int cmd, unsigned long arg1, unsigned int arg2)
{
    struct mmuext_op op;

    op.cmd = cmd;
    op.arg1.mfn = arg1;
    op.arg2.nr_ents = arg2;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void mm_init(void)
{
    const unsigned long *list = (const unsigned long *)start_info->mfn_list;

    nr_pfns = start_info->nr_pages;
    for (unsigned long i = 0; i < nr_pfns && i < P2M_MAX; i++)
        p2m[i] = list[i];
    next_padding_pfn = guest_first_free_pfn();
    padding_end_pfn = next_padding_pfn + 512 * 1024 / 4096;
}

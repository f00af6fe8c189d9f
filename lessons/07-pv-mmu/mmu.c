/*
 * mmu.c - lesson 07: page tables the guest may read but not write.
 *
 * A PV guest builds its own page tables, with machine frame numbers in
 * them. If it could write them freely it could map any frame of the
 * machine - another domain's, the hypervisor's. So its page tables are
 * mapped read-only, and every change goes through mmu_update, which the
 * hypervisor checks against the frame's owner and type before it writes.
 *
 * The guest: writes a page-table entry directly (page fault), builds and
 * pins a new L1 table and hooks it into its L2 (validated), maps one of
 * its own frames through it, then asks for one forbidden thing after
 * another and prints each refusal's reason.
 */
#include "guest/libguest.h"

#define LESSON 7
#define NEW_VA 0xd0000000ul             /* 2 MB nobody maps yet */

#define P  0x001u                       /* present */
#define RW 0x002u
#define US 0x004u
#define PS 0x080u                       /* a 2 MB superpage (L2) */

enum { MARK_DIRECT = 1, MARK_MAPPED, MARK_REFUSED, MARK_UNDONE };

/* ---- Where the entries are ------------------------------------------------- */

static uint64_t *l3(void)
{
    return (uint64_t *)start_info->pt_base;
}

/* Machine address of the L2 entry covering va (slot 3's L2). */
static uint64_t l2e_ma(unsigned long va)
{
    return (l3()[va >> 30] & ~0xfffull) + ((va >> 21) & 511) * 8;
}

static uint64_t pte(unsigned long mfn, unsigned int flags)
{
    return (uint64_t)mfn << 12 | flags;
}

/* ---- Step 1: a direct write ------------------------------------------------- */

static volatile uint32_t page_faults, resume_eip;

static void on_page_fault(struct guest_frame *f)
{
    if (!resume_eip)
        guest_exit(RESULT_FAILURE, "unexpected page fault at %08x (cr2 %08lx)",
                   f->eip, guest_cr2());
    page_faults++;
    printf("  page fault: cr2 %08lx, error %x (%s, %s)\n", guest_cr2(), f->error,
           f->error & 1 ? "page present" : "page not present",
           f->error & 2 ? "on a write" : "on a read");
    f->eip = resume_eip;
    resume_eip = 0;
}

static bool write_faults(volatile uint64_t *p, uint64_t v)
{
    uint32_t before = page_faults;

    __asm__ volatile("movl $1f, %[resume]\n\t"
                     "movl %%eax, (%[p])\n"
                     "1:"
                     : [resume] "=m"(resume_eip)
                     : [p] "r"(p), "a"((uint32_t)v)
                     : "memory");
    return page_faults != before;
}

/* ---- Step 3: refusals -------------------------------------------------------- */

struct attempt {
    const char *what;
    uint64_t ptr;                       /* 0: a pin instead (mfn in val) */
    uint64_t val;
};

static unsigned int try_all(const struct attempt *a, unsigned int n)
{
    unsigned int refused = 0;

    for (unsigned int i = 0; i < n; i++) {
        long rc = a[i].ptr ? guest_mmu_update(a[i].ptr, a[i].val)
                           : guest_mmuext(MMUEXT_PIN_L1_TABLE, (unsigned long)a[i].val, 0);

        printf("  %-56s %s (%ld)\n", a[i].what, rc ? "refused" : "ACCEPTED", rc);
        refused += rc != 0;
    }
    return refused;
}

void guest_main(void)
{
    uint64_t *l1;
    unsigned long l1_mfn, data_pfn, data_mfn, l2_mfn;
    volatile uint32_t *window;
    unsigned int refused;

    guest_set_trap(14, on_page_fault, 1);

    guest_checkpoint(LESSON, 1);
    {
        /* The L1 entry that maps our first page, seen through its (RO) mapping. */
        uint64_t ma = guest_l1e_ma((unsigned long)_start_of_image);
        volatile uint64_t *entry = (uint64_t *)((char *)pfn_to_virt(mfn_to_pfn(ma >> 12)) +
                                                (ma & 0xfff));

        printf("Step 1: our first page's L1 entry is %llx\n",
               (unsigned long long)*entry);
        if (!write_faults(entry, *entry | RW))
            guest_exit(RESULT_FAILURE, "wrote our own page table directly");
        guest_mark(LESSON, MARK_DIRECT, page_faults, 0);
    }

    guest_checkpoint(LESSON, 2);
    l1 = guest_alloc_page();            /* zeroed: 512 empty entries */
    l1_mfn = virt_to_mfn(l1);
    l2_mfn = (unsigned long)(l3()[3] >> 12);
    /* Drop our writable mapping first: a page table may not have one. */
    if (HYPERVISOR_update_va_mapping((unsigned long)l1, pte(l1_mfn, P | US), UVMF_INVLPG) ||
        guest_mmuext(MMUEXT_PIN_L1_TABLE, l1_mfn, 0) ||
        guest_mmu_update(l2e_ma(NEW_VA), pte(l1_mfn, P | RW | US)))
        guest_exit(RESULT_ERROR, "could not build a new L1");
    printf("Step 2: new L1 (mfn %lx) pinned and hooked into L2 (mfn %lx) at %08lx\n",
           l1_mfn, l2_mfn, NEW_VA);
    /* A frame of ours beyond the boot mapping: map it through the new L1. */
    data_pfn = guest_nr_pfns() - 1;
    data_mfn = pfn_to_mfn(data_pfn);
    if (guest_mmu_update(((uint64_t)l1_mfn << 12) + 0 * 8, pte(data_mfn, P | RW | US)))
        guest_exit(RESULT_FAILURE, "could not map our own frame %lx", data_mfn);
    window = (volatile uint32_t *)NEW_VA;
    window[0] = 0x5eed1e55;
    printf("  pfn %lx (mfn %lx) is at %08lx: wrote and read back %08x\n",
           data_pfn, data_mfn, NEW_VA, window[0]);
    guest_mark(LESSON, MARK_MAPPED, (uint32_t)data_mfn, window[0]);

    guest_checkpoint(LESSON, 3);
    {
        uint64_t slot1 = ((uint64_t)l1_mfn << 12) + 1 * 8;
        const struct attempt attempts[] = {
            { "map our new L1 writable (writable-pagetable)", slot1, pte(l1_mfn, P | RW) },
            { "map the hypervisor's code frame (not-owner)", slot1, pte(0x100, P) },
            { "map a frame past the end of RAM (bad-frame)", slot1, pte(0xfffff, P) },
            { "map a 2 MB superpage in L2 (bad-flags)", l2e_ma(NEW_VA + (2u << 20)),
              pte(data_mfn & ~511ul, P | RW | PS) },
            { "change an L2 entry of the hypervisor's (hypervisor-slot)",
              l2e_ma(HYPERVISOR_VIRT_START), pte(l1_mfn, P) },
            { "pin a writable data page as an L1 (bad-type)", 0,
              virt_to_mfn((void *)&page_faults) },
        };
        refused = try_all(attempts, ARRAY_SIZE(attempts));
        printf("Step 3: %u of %u refused\n", refused, (unsigned)ARRAY_SIZE(attempts));
        guest_mark(LESSON, MARK_REFUSED, refused, ARRAY_SIZE(attempts));
        if (refused != ARRAY_SIZE(attempts))
            guest_exit(RESULT_FAILURE, "the hypervisor accepted a forbidden update");
    }

    guest_checkpoint(LESSON, 4);
    /* Undo in order: unmap, unhook, unpin - then the page is plain data. */
    if (guest_mmu_update(((uint64_t)l1_mfn << 12), 0) ||
        guest_mmu_update(l2e_ma(NEW_VA), 0) ||
        guest_mmuext(MMUEXT_UNPIN_TABLE, l1_mfn, 0) ||
        HYPERVISOR_update_va_mapping((unsigned long)l1, pte(l1_mfn, P | RW | US), UVMF_INVLPG))
        guest_exit(RESULT_FAILURE, "could not take the L1 down again");
    l1[0] = 42;                         /* writable again: just a page */
    printf("Step 4: unhooked and unpinned; the old L1 is an ordinary page again\n");
    guest_mark(LESSON, MARK_UNDONE, (uint32_t)l1[0], 0);
    guest_exit(RESULT_SUCCESS, "lesson 7 done");
}

/*
 * hog.c - domain 1 of the hog test: hypercalls that try to keep the CPU.
 *
 * The hypervisor runs a hypercall with interrupts off. A batched call
 * (mmu_update, mmuext_op, grant_table_op, memory_op) does as many
 * entries as the guest asks; if it did them all in one go, a guest
 * asking for millions would hold the CPU for most of a second (in
 * QEMU), and no other domain would see a timer tick meanwhile. The
 * hypervisor must work in chunks and let the guest come back for the
 * rest (a continuation), so that the scheduler and the timer run in
 * between.
 *
 * The batches are huge but cheap to build: one page of requests is
 * mapped 16384 times in a row (one L1 whose 512 entries all map it,
 * hooked into 32 L2 slots), so 64 MB of virtual address space holds
 * four million requests, every one harmless:
 *
 *   0xd0000000  [page P][page P][page P] ... 16384 times ... [P]  unmapped
 *               |<----------------- 64 MB -------------------->|
 *
 *   mmu_update   4M+1 requests "entry 0 of a spare L1 := 0"; the last
 *                lies past the mapping: -EFAULT, done exactly 4M
 *   mmuext_op    the same with flush_cache (12-byte ops)
 *   grant_table_op  4M query_size ops, each answered in place
 *   memory_op    16384 pages in (each one cleared: slow), then the same
 *                16384 out (quick: the peer need not tick during it)
 *
 * The peer (ticker.c, domain 0) publishes its tick count in a page we
 * grant it. Around each hypercall we read that count: it must have moved
 * while the hypercall was in flight. Each batch leaves a lesson.mark
 * record (what = HOG_MARK + batch, v0 = the peer's ticks during it,
 * v1 = entries done) and the verdict is one short line.
 */
#include "guest/io.h"
#include "tests/guests/hog.h"

#define ALIAS_VA        0xd0000000ul
#define ALIAS_SLOTS     32                      /* 2 MB each */
#define ALIAS_BYTES     (ALIAS_SLOTS * (2ul << 20))
#define PAGES_IN        16384                   /* memory_op's batch */

enum batch { B_MMU_UPDATE, B_MMUEXT_OP, B_GRANT_TABLE_OP, B_MEMORY_IN,
             B_MEMORY_OUT, NR_BATCHES };

static const char *const batch_name[NR_BATCHES] = {
    "mmu_update", "mmuext_op", "grant_table_op", "memory_op in",
    "memory_op out",
};

/*
 * The peer's ticks each batch must see. Two, not one: the timer interrupt
 * that waited through an uninterruptible call is taken the moment it
 * returns, and may let the peer tick once before we read the counter.
 * Giving pages back is quick (a few ms): no tick is required there.
 */
static const uint32_t min_ticks[NR_BATCHES] = { 2, 2, 2, 2, 0 };

static struct hog_mailbox *mailbox;
static uint8_t *pattern;                /* the page seen 16384 times */
static unsigned long scratch_l1;        /* a pinned L1 nothing uses */
static xen_pfn_t pages[PAGES_IN];
static unsigned int starved;            /* batches the peer did not tick in */

static void map_read_only(void *page)
{
    if (HYPERVISOR_update_va_mapping((unsigned long)page,
                                     (uint64_t)virt_to_mfn(page) << 12 | 0x5,
                                     UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "cannot map a page read-only");
}

/* One L1 mapping `pattern` 512 times, hooked into ALIAS_SLOTS L2 slots. */
static void map_aliases(void)
{
    uint64_t *l1 = guest_alloc_page();
    unsigned long top_l2 = (unsigned long)(((uint64_t *)start_info->pt_base)[3] >> 12);

    pattern = guest_alloc_page();
    for (unsigned int i = 0; i < 512; i++)
        l1[i] = (uint64_t)virt_to_mfn(pattern) << 12 | 0x7;
    map_read_only(l1);
    for (unsigned int s = 0; s < ALIAS_SLOTS; s++)
        if (guest_mmu_update(((uint64_t)top_l2 << 12) + (((ALIAS_VA >> 21) + s) & 511) * 8,
                             (uint64_t)virt_to_mfn(l1) << 12 | 0x7))
            guest_exit(RESULT_ERROR, "cannot hook the alias L1 into slot %u", s);
}

static void set_up(void)
{
    void *spare = guest_alloc_page();

    map_aliases();
    map_read_only(spare);
    scratch_l1 = virt_to_mfn(spare);
    if (guest_mmuext(MMUEXT_PIN_L1_TABLE, scratch_l1, 0))
        guest_exit(RESULT_ERROR, "cannot pin the scratch L1");
    mailbox = hog_share_mailbox();
}

/* ---- The batches: each returns 0 if its results were exact ------------- */

static const char *mmu_update_batch(uint32_t *done)
{
    struct mmu_update *req = (struct mmu_update *)pattern;
    uint32_t n = ALIAS_BYTES / sizeof(*req);

    for (unsigned int i = 0; i < 4096 / sizeof(*req); i++)
        req[i] = (struct mmu_update){ (uint64_t)scratch_l1 << 12, 0 };
    if (HYPERVISOR_mmu_update((void *)ALIAS_VA, n + 1, done, DOMID_SELF) != -XEN_EFAULT)
        return "the request past the mapping was not -EFAULT";
    return *done == n ? NULL : "done is not the index of the failing request";
}

static const char *mmuext_batch(uint32_t *done)
{
    uint32_t n = ALIAS_BYTES / sizeof(struct mmuext_op);

    /* Every word 12: each op reads { flush_cache, 12, 12 } wherever it
     * starts in the page. */
    for (unsigned int i = 0; i < 1024; i++)
        ((uint32_t *)pattern)[i] = MMUEXT_FLUSH_CACHE;
    if (HYPERVISOR_mmuext_op((void *)ALIAS_VA, n + 1, done, DOMID_SELF) != -XEN_EFAULT)
        return "the op past the mapping was not -EFAULT";
    return *done == n ? NULL : "done is not the index of the failing op";
}

static const char *grant_batch(uint32_t *done)
{
    struct gnttab_query_size *op = (struct gnttab_query_size *)pattern;
    uint32_t n = ALIAS_BYTES / sizeof(*op);

    for (unsigned int i = 0; i < 4096 / sizeof(*op); i++)
        op[i] = (struct gnttab_query_size){ .dom = DOMID_SELF, .status = 1 };
    *done = 0;
    if (HYPERVISOR_grant_table_op(GNTTABOP_query_size, (void *)ALIAS_VA, n))
        return "the batch was refused";
    for (unsigned int i = 0; i < 4096 / sizeof(*op); i++)
        if (op[i].status != GNTST_okay || !op[i].nr_frames)
            return "an op was not answered";
    *done = n;
    return NULL;
}

static const char *memory_batch(bool in, uint32_t *done)
{
    struct xen_memory_reservation r = {
        .extent_start = pages, .nr_extents = in ? PAGES_IN : *done,
        .domid = DOMID_SELF,
    };
    uint32_t want = r.nr_extents;
    long rc = HYPERVISOR_memory_op(in ? XENMEM_increase_reservation
                                      : XENMEM_decrease_reservation, &r);

    *done = rc > 0 ? (uint32_t)rc : 0;
    if (in)
        return rc >= PAGES_IN / 2 ? NULL : "too few pages came in";
    return rc == (long)want ? NULL : "not every page went back";
}

static const char *run(enum batch b, uint32_t *done)
{
    switch (b) {
    case B_MMU_UPDATE:      return mmu_update_batch(done);
    case B_MMUEXT_OP:       return mmuext_batch(done);
    case B_GRANT_TABLE_OP:  return grant_batch(done);
    case B_MEMORY_IN:       return memory_batch(true, done);
    default:                return memory_batch(false, done);
    }
}

void guest_main(void)
{
    const char *first_wrong = NULL;
    uint32_t done = 0;

    set_up();
    for (enum batch b = 0; b < NR_BATCHES; b++) {
        uint64_t t0 = guest_now_ns();
        uint32_t before = mailbox->ticks, ticks;
        const char *wrong = run(b, &done);

        ticks = mailbox->ticks - before;
        guest_mark(0, HOG_MARK + b, ticks, done);
        printf("%s: %u entries in one hypercall (%u ms), the peer ticked %u times%s%s\n",
               batch_name[b], done, (uint32_t)((guest_now_ns() - t0) / 1000000),
               ticks, wrong ? ": " : "", wrong ? wrong : "");
        if (wrong && !first_wrong)
            first_wrong = batch_name[b];
        starved += ticks < min_ticks[b];
    }
    mailbox->finished = 1;
    if (first_wrong)
        guest_exit(RESULT_FAILURE, "%s: results not exact", first_wrong);
    if (starved)
        guest_exit(RESULT_FAILURE, "%u of %u batches starved the peer",
                   starved, NR_BATCHES);
    guest_exit(RESULT_SUCCESS, "%u batches, the peer ticked meanwhile", NR_BATCHES);
}

/*
 * hostile_mm.c - a guest that attacks the PV MMU and the balloon.
 *
 * hostile.c throws random numbers at every hypercall; most of them die at
 * the first check. This guest aims deeper: its random requests are
 * plausible - real machine addresses of page-table entries, real frames
 * (its own data, its own page tables, the hypervisor's, other domains',
 * frames past the end of RAM) with every combination of flags - so they
 * reach the validation rules themselves: mmu_update (batches, entries in
 * L1, L2 and L3 tables, machine-to-physical updates), update_va_mapping,
 * mmuext_op (pin, unpin, new_baseptr, flushes, set_ldt) and memory_op
 * (increase, decrease, populate, reservations of any domain).
 * First, one targeted attack: a stale TLB entry kept past the moment its
 * frame becomes a page table (stale_tlb_attack).
 *
 * Repeatable by default (fixed seed, 20000 operations); the long fuzz
 * (./xenlab test --long) builds with -DOPS=... -DRANDOM_SEED and prints
 * its seed, so a failure can be replayed with -DSEED=... .
 *
 * The only requests steered away are those that could only hurt this
 * guest: changing the entries that map its own image, or switching to
 * page tables that do not map it. (Before the hypervisor refused L3s
 * without its slot, this guest brought the machine down in under a
 * second: a base pointer to an empty L3, then a triple fault.) The hypervisor runs with mm_check, so
 * the books are checked after every balloon step; at the end this guest
 * compares its own count of pages with the hypervisor's. The victim
 * (victim.c) checks its memory is untouched. Both verdicts are trace
 * records (verdict.h).
 */
#include "guest/libguest.h"
#include "verdict.h"

#ifndef OPS
#define OPS 20000                       /* the long fuzz builds with more */
#endif
#ifndef SEED
#define SEED 0x9e3779b9u
#endif
#define SANDBOX_VA 0xd0000000ul          /* 2 MB per sandbox L1 */
#define SANDBOXES 2
#define POOL 64

static uint32_t rng = SEED;             /* or a fresh one: RANDOM_SEED */

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* ---- What there is to aim at -------------------------------------------- */

static unsigned long sandbox_l1[SANDBOXES], spare_l3, main_l3, top_l2;
static unsigned long data[POOL];         /* our frames nothing maps */
static unsigned long nr_data;
static long pages_held;                  /* our count of our pages */

static unsigned long any_frame(void)
{
    switch (next() % 9) {
    case 0: case 1: case 2:
        return data[next() % nr_data];
    case 3:
        return sandbox_l1[next() % SANDBOXES];
    case 4:
        return next() % 2 ? spare_l3 : top_l2;
    case 5:
        return 0x100 + next() % 0x100;   /* the hypervisor's image */
    case 6:
        return next() % 0x8000;          /* anybody's, 128 MB of frames */
    case 7:
        return 0xfff00 + next() % 0x100; /* past the end of RAM */
    default:
        return virt_to_mfn(_start_of_image + (next() % 1024) * 4096);
    }
}

/* An address a guest should not hand the hypervisor to write through. */
static uint32_t nasty_address(void)
{
    switch (next() % 3) {
    case 0: return 0;
    case 1: return 0xf5800000u + next() % 0x0a800000u;  /* the hypervisor */
    default: return 0x40000000u + next() % 0x1000000u;   /* unmapped */
    }
}

static uint64_t any_flags(void)
{
    static const uint64_t bits[] = {
        0x001, 0x002, 0x004, 0x008, 0x010, 0x020, 0x040, 0x080, 0x100,
        0x200, 0x400, 0x800, 1ull << 40, 1ull << 52, 1ull << 63,
    };
    uint64_t f = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(bits); i++)
        if (next() % 3 == 0)
            f |= bits[i];
    return next() % 4 ? (f | 1) : f;     /* mostly present */
}

static uint64_t any_pte(void)
{
    return (uint64_t)any_frame() << 12 | any_flags();
}

/* Is mfn one of the frames of our image (code, data, boot page tables)? */
static bool in_image(unsigned long mfn)
{
    unsigned long pfn = mfn < 0x8000 ? mfn_to_pfn(mfn) : ~0ul;

    return pfn < 1024 && pfn_to_mfn(pfn) == mfn;
}

/*
 * A machine address of an entry to change. Never an entry that maps our
 * own image: not the boot tables, no L2 slot below the sandbox, no word
 * of our image. L3 slot 3 is fair game: it maps the hypervisor too, and
 * the hypervisor must refuse to let it change.
 */
static uint64_t any_entry(void)
{
    unsigned int l2_first = (SANDBOX_VA >> 21) & 511;
    unsigned long mfn;

    switch (next() % 6) {
    case 0: case 1:
        return ((uint64_t)sandbox_l1[next() % SANDBOXES] << 12) + (next() % 512) * 8;
    case 2:                              /* sandbox L2 slots, and the hypervisor's */
        return ((uint64_t)top_l2 << 12) +
               (next() % 2 ? l2_first + next() % 8 : 428 + next() % 84) * 8;
    case 3:                              /* slot 3 too: the hypervisor's */
        return ((uint64_t)(next() % 2 ? main_l3 : spare_l3) << 12) + (next() % 4) * 8;
    default:                             /* a frame that is not our image */
        mfn = any_frame();
        if (in_image(mfn))
            mfn = data[next() % nr_data];
        return ((uint64_t)mfn << 12) + (next() % 512) * 8;
    }
}

/* ---- Attacks -------------------------------------------------------------- */

static long mmu_updates(void)
{
    struct mmu_update req[8];
    unsigned int n = 1 + next() % 8, done = 0;

    for (unsigned int i = 0; i < n; i++) {
        req[i].ptr = any_entry();
        req[i].val = any_pte();
        /* Now and then a machine-to-physical update, of a frame not ours
         * or one of our data frames (our image's entries we still use). */
        if (next() % 16 == 0) {
            unsigned long mfn = next() % 2 ? data[next() % nr_data] : any_frame();

            if (in_image(mfn))
                mfn = data[0];
            req[i].ptr = (uint64_t)mfn << 12 | MMU_MACHPHYS_UPDATE;
            req[i].val = next();
        }
    }
    return HYPERVISOR_mmu_update(req, n, next() % 2 ? &done : NULL, DOMID_SELF);
}

static long mmuext(void)
{
    static const unsigned int cmds[] = {
        MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE,
        MMUEXT_UNPIN_TABLE, MMUEXT_NEW_BASEPTR, MMUEXT_TLB_FLUSH_LOCAL,
        MMUEXT_INVLPG_LOCAL, MMUEXT_TLB_FLUSH_ALL, MMUEXT_INVLPG_ALL,
        MMUEXT_SET_LDT, 99,
    };
    struct mmuext_op op;

    op.cmd = cmds[next() % ARRAY_SIZE(cmds)];
    op.arg1.mfn = any_frame();
    op.arg2.nr_ents = next() % 2 ? next() % 16 : next();
    switch (op.cmd) {
    case MMUEXT_NEW_BASEPTR:
        /* Only tables that map us, or frames that cannot be an L3. */
        if (op.arg1.mfn != spare_l3 && op.arg1.mfn < 0x8000)
            op.arg1.mfn = next() % 2 ? main_l3 : spare_l3;
        break;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_ALL:
    case MMUEXT_SET_LDT:
        op.arg1.linear_addr = next();
        break;
    }
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long update_va(void)
{
    unsigned long va = SANDBOX_VA + (next() % (SANDBOXES * 512)) * 4096;

    if (next() % 8 == 0)
        va = 0xf5800000ul + (next() % 0x0a800) * 4096;  /* the hypervisor */
    return HYPERVISOR_update_va_mapping(va, any_pte(), next() % 4);
}

static long balloon(void)
{
    static xen_pfn_t frames[16];
    /* Our own array, or an address that hurts; huge counts only with the
     * latter (the hypervisor would rightly fill our array past its end). */
    bool ours = next() % 8;
    struct xen_memory_reservation r = {
        .extent_start = ours ? frames : (xen_pfn_t *)(uintptr_t)nasty_address(),
        .nr_extents = ours || next() % 2 ? next() % ARRAY_SIZE(frames) : next(),
        .extent_order = next() % 8 ? 0 : next() % 4,
        .domid = next() % 8 ? DOMID_SELF : (domid_t)(next() % 4),
    };
    unsigned int cmd = next() % 7;
    domid_t dom = (domid_t)(next() % 4);
    long rc;

    if (cmd == XENMEM_current_reservation || cmd == XENMEM_maximum_reservation)
        return HYPERVISOR_memory_op(cmd, &dom);
    for (unsigned int i = 0; i < ARRAY_SIZE(frames); i++)
        frames[i] = any_frame();
    rc = HYPERVISOR_memory_op(cmd, &r);
    if (rc > 0 && (cmd == XENMEM_increase_reservation || cmd == XENMEM_populate_physmap))
        pages_held += rc;
    if (rc > 0 && cmd == XENMEM_decrease_reservation)
        pages_held -= rc;
    return rc;
}

static long (*const attacks[])(void) = {
    mmu_updates, mmu_updates, mmu_updates, mmuext, mmuext, update_va, balloon,
};

/* ---- Setting up the targets ------------------------------------------------- */

static unsigned long read_only_page(void)
{
    void *page = guest_alloc_page();
    unsigned long mfn = virt_to_mfn(page);

    if (HYPERVISOR_update_va_mapping((unsigned long)page, (uint64_t)mfn << 12 | 0x5,
                                     UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "cannot map a page read-only");
    return mfn;
}

static void set_up(void)
{
    domid_t self = DOMID_SELF;

    main_l3 = virt_to_mfn((void *)start_info->pt_base);
    top_l2 = (unsigned long)(((uint64_t *)start_info->pt_base)[3] >> 12);
    for (unsigned int i = 0; i < SANDBOXES; i++) {
        sandbox_l1[i] = read_only_page();
        if (guest_mmuext(MMUEXT_PIN_L1_TABLE, sandbox_l1[i], 0) ||
            guest_mmu_update(((uint64_t)top_l2 << 12) + (((SANDBOX_VA >> 21) + i) & 511) * 8,
                             (uint64_t)sandbox_l1[i] << 12 | 0x7))
            guest_exit(RESULT_ERROR, "cannot hook sandbox L1 %u", i);
    }
    spare_l3 = read_only_page();
    {
        uint64_t *l3 = pfn_to_virt(mfn_to_pfn(spare_l3));

        /* Written through the hypervisor, entry by entry, as it must be. */
        if (guest_mmu_update((uint64_t)spare_l3 << 12 | 24, ((uint64_t *)start_info->pt_base)[3]) ||
            guest_mmuext(MMUEXT_PIN_L3_TABLE, spare_l3, 0) || !(l3[3] & 1))
            guest_exit(RESULT_ERROR, "cannot build a spare L3");
    }
    /* Data frames: pfns past the boot mapping (the domain has 16 MB). */
    for (unsigned long pfn = guest_nr_pfns() - POOL; pfn < guest_nr_pfns(); pfn++)
        data[nr_data++] = pfn_to_mfn(pfn);
    pages_held = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

/*
 * A stale translation. Map a frame writable, use it (the TLB now holds
 * the translation), unmap it without asking for a flush, then make the
 * frame a page table. If the old translation survived, a write through
 * it would change a validated, pinned L1 behind the hypervisor's back -
 * and such a table can map any frame of the machine. The hypervisor
 * must flush before the frame becomes a page table, so the write must
 * fault instead.
 */
static volatile unsigned int stale_faults;
extern char stale_write_done[];

static void on_stale_fault(struct guest_frame *f)
{
    if (guest_cr2() != SANDBOX_VA || !(f->error & 2))
        guest_exit(RESULT_ERROR, "unexpected page fault at %08lx", guest_cr2());
    stale_faults++;
    f->eip = (uint32_t)(uintptr_t)stale_write_done;
}

static __attribute__((noinline)) void stale_tlb_attack(void)
{
    unsigned long frame = data[0];
    volatile uint64_t *w = (volatile uint64_t *)SANDBOX_VA;
    const volatile uint64_t *l1 = (const volatile uint64_t *)(SANDBOX_VA + 4096);

    if (HYPERVISOR_update_va_mapping(SANDBOX_VA, (uint64_t)frame << 12 | 0x7, UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "cannot map the frame for the stale-TLB attack");
    for (int i = 0; i < 512; i++)
        w[i] = 0;                       /* an empty table; the TLB fills */
    if (HYPERVISOR_update_va_mapping(SANDBOX_VA, 0, UVMF_NONE) ||
        guest_mmuext(MMUEXT_PIN_L1_TABLE, frame, 0))
        guest_exit(RESULT_ERROR, "cannot make the frame a page table");
    guest_set_trap(14, on_stale_fault, 0);
    /* Entry 0 of the pinned L1 := the hypervisor's first frame, writable. */
    __asm__ volatile("movl $0x67, (%0)\n"
                     "stale_write_done:" : : "r"(SANDBOX_VA) : "memory");
    guest_set_trap(14, NULL, 0);
    /* Look at the table the only way a guest may: read-only. */
    if (HYPERVISOR_update_va_mapping(SANDBOX_VA + 4096, (uint64_t)frame << 12 | 0x5,
                                     UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "cannot map the pinned table read-only");
    if (stale_faults != 1 || l1[0] != 0)
        guest_exit(RESULT_FAILURE, "a stale translation wrote to a pinned page table "
                   "(entry 0 is %llx)", (unsigned long long)l1[0]);
    if (HYPERVISOR_update_va_mapping(SANDBOX_VA + 4096, 0, UVMF_INVLPG) ||
        guest_mmuext(MMUEXT_UNPIN_TABLE, frame, 0))
        guest_exit(RESULT_ERROR, "cannot unpin after the stale-TLB attack");
    printf("stale-TLB attack: the write through a forgotten mapping faulted\n");
}

void guest_main(void)
{
    uint32_t refused = 0;
    domid_t self = DOMID_SELF;
    long held;

#ifdef RANDOM_SEED
    rng = (uint32_t)rdtsc() | 1;        /* xorshift must not start at 0 */
#endif
    printf("%u memory operations from seed %u\n", OPS, rng);
    set_up();
    stale_tlb_attack();
    for (uint32_t done = 1; done <= OPS; done++) {
        long rc = attacks[next() % ARRAY_SIZE(attacks)]();

        refused += rc < 0;
        if (done % 2000 == 0)
            guest_mark(0, 1, done, refused);
    }
    /* We are still running; do our books agree with the hypervisor's? */
    held = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    if (held != pages_held)
        test_verdict(RESULT_FAILURE, OPS, "the hypervisor says we hold %ld pages, "
                     "we count %ld", held, pages_held);
    test_verdict(RESULT_SUCCESS, OPS, "%u memory operations, %u refused, %ld pages held",
                 OPS, refused, held);
}

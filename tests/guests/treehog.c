/*
 * treehog.c - domain 1 of the tree-hog test: page-table trees, each as
 * big as one L3 can root, pinned in one mmuext_op and unpinned in another.
 *
 * hog.c asks for millions of entries in one hypercall; the hypervisor
 * answers in chunks. Here the batch is one mmuext_op, and the work hides
 * behind it: pinning an L3 validates every table under it, and the last
 * unpin releases them all again.
 *
 *   L3 (fresh) --> 4 L2s (fresh) --> 1964 L1s (fresh, distinct)
 *                                       each: 512 entries, read-only, of
 *                                       8 fresh data frames in turn
 *
 * That is about a million entries, each checked and counted (and later
 * uncounted) by the hypervisor, for one op; four such trees make one
 * mmuext_op of four pins (then one of four unpins), long enough on any
 * machine for the peer to tick a few times. The L2 under slot 3 stops
 * where the hypervisor's own slots begin (HYPERVISOR_VIRT_START).
 *
 * The frames come from the balloon (increase_reservation), so nothing
 * maps them; each is filled through one window page that is remapped
 * from frame to frame, and given back at the end (decrease_reservation,
 * which takes only frames nobody refers to: a reference left behind by
 * the hypervisor shows there; the test runs with mm_check too).
 *
 * Meanwhile our own tick handler tampers with the tree being validated
 * (tamper(), below): it must be refused where it would count.
 *
 * The peer (ticker.c, domain 0) counts its timer ticks in a page we
 * grant it, as for hog.c. The pin and the unpin each leave a lesson.mark
 * (what = TREE_MARK + step, v0 = the peer's ticks during it, v1 = the
 * microseconds it took), and the verdict is one short line.
 */
#include "guest/io.h"
#include "tests/guests/hog.h"

#define TREE_MARK   50
#define XEN_L2_END  (HYPERVISOR_VIRT_START >> 21 & 511)  /* slot 3's limit */
#define NR_L1       (3 * 512 + XEN_L2_END)
#define NR_FRAMES   (NR_L1 + 4 + 1)
#define NR_TREES    4
#define NR_DATA     8

/* The peer's ticks the pin and the unpin must each see: two, as one tick
 * may come right after an uninterruptible call. */
static const uint32_t min_ticks[2] = { 2, 2 };

static struct hog_mailbox *mailbox;
static uint64_t *window;                /* remapped onto each new frame */
static unsigned long window_mfn;
static xen_pfn_t all_frames[NR_TREES][NR_FRAMES];
static xen_pfn_t *frames;               /* one tree's: L1s, L2s, then the L3 */
static xen_pfn_t data[NR_DATA];         /* what every L1 entry maps */

/* n fresh frames into list (in), or back from it (out): all, or fail. */
static void reserve(xen_pfn_t *list, unsigned int n, bool in)
{
    struct xen_memory_reservation r = {
        .extent_start = list, .nr_extents = n, .domid = DOMID_SELF,
    };

    if (HYPERVISOR_memory_op(in ? XENMEM_increase_reservation
                                : XENMEM_decrease_reservation, &r) != (long)n)
        guest_exit(in ? RESULT_ERROR : RESULT_FAILURE,
                   in ? "cannot have %u fresh frames"
                      : "not all %u frames went back: a reference is left", n);
}

static void set_up(void)
{
    window = guest_alloc_page();
    window_mfn = virt_to_mfn(window);
    reserve(&all_frames[0][0], NR_TREES * NR_FRAMES, true);
    reserve(data, NR_DATA, true);
    mailbox = hog_share_mailbox();
}

/* Show frame mfn through the window (writable), or the window's own. */
static void window_onto(unsigned long mfn)
{
    if (HYPERVISOR_update_va_mapping((unsigned long)window,
                                     (uint64_t)mfn << 12 | 0x7, UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "cannot remap the window onto %lx", mfn);
}

/* Frame `f` := n entries, entry i = val(i), the rest empty. */
static void fill(unsigned long f, unsigned int n, uint64_t (*val)(unsigned int))
{
    window_onto(frames[f]);
    for (unsigned int i = 0; i < 512; i++)
        window[i] = i < n ? val(i) : 0;
}

static uint64_t l1e(unsigned int i)
{
    return (uint64_t)data[i % NR_DATA] << 12 | 0x5;     /* read-only, user */
}

static unsigned int l2_at;              /* which L2 is being filled */

static uint64_t l2e(unsigned int i)
{
    return (uint64_t)frames[l2_at * 512 + i] << 12 | 0x7;
}

static uint64_t l3e(unsigned int i)
{
    return (uint64_t)frames[NR_L1 + i] << 12 | 0x1;
}

static void build_tree(unsigned int tree)
{
    frames = all_frames[tree];
    for (unsigned int f = 0; f < NR_L1; f++)
        fill(f, 512, l1e);
    for (l2_at = 0; l2_at < 4; l2_at++)
        fill(NR_L1 + l2_at, l2_at == 3 ? XEN_L2_END : 512, l2e);
    fill(NR_L1 + 4, 4, l3e);
    window_onto(window_mfn);            /* no frame of the tree stays writable */
}

/* One mmuext_op: cmd on every tree's L3, timed against the peer's ticks. */
static uint32_t timed(unsigned int cmd, unsigned int step, const char *what)
{
    struct mmuext_op ops[NR_TREES];
    uint32_t before = mailbox->ticks, ticks, done = 0;
    uint64_t t0 = guest_now_ns();
    long rc;
    uint32_t us;

    for (unsigned int i = 0; i < NR_TREES; i++)
        ops[i] = (struct mmuext_op){ .cmd = cmd,
                                     .arg1.mfn = all_frames[i][NR_L1 + 4] };
    rc = HYPERVISOR_mmuext_op(ops, NR_TREES, &done, DOMID_SELF);
    us = (uint32_t)((guest_now_ns() - t0) / 1000);
    ticks = mailbox->ticks - before;
    guest_mark(0, TREE_MARK + step, ticks, us);
    printf("%s: %u trees of %u L1s, %u entries, %u us, the peer ticked %u times\n",
           what, NR_TREES, NR_L1, NR_TREES * NR_L1 * 512, us, ticks);
    if (rc || done != NR_TREES)
        guest_exit(RESULT_FAILURE, "%s refused: %ld, %u done", what, rc, done);
    return ticks;
}

/*
 * Tampering: a hypercall that is continued returns to us first, and our
 * event handlers run before we re-enter it. On every tick during the pin,
 * clear entry 0 (an empty descriptor: harmless as such) of the first L1
 * that update_descriptor does not refuse. The L1s are validated in order,
 * tree after tree, so the typed ones (refused) come first; next comes the
 * one being validated right then, which must refuse too: its entry 0
 * already holds a reference, and clearing it would leak that reference
 * (its data frame would not go back at the end). The L1s after it are
 * not checked yet: writing those is harmless, they are checked when
 * reached.
 */
static uint32_t tampered;

static bool cleared(unsigned int n)
{
    return !_hypercall4(__HYPERVISOR_update_descriptor,
                        all_frames[n / NR_L1][n % NR_L1] << 12, 0, 0, 0);
}

static void tamper(void)
{
    unsigned int lo = 0, hi = NR_TREES * NR_L1;     /* the first not refused */

    while (lo < hi) {
        unsigned int mid = (lo + hi) / 2;

        if (cleared(mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    tampered++;
}

void guest_main(void)
{
    unsigned int starved = 0;

    set_up();
    for (unsigned int i = 0; i < NR_TREES; i++)
        build_tree(i);
    guest_tick_hook = tamper;
    starved += timed(MMUEXT_PIN_L3_TABLE, 0, "pin") < min_ticks[0];
    guest_tick_hook = NULL;
    printf("tamper: %u ticks cleared an entry of the first L1 not refused\n",
           tampered);
    starved += timed(MMUEXT_UNPIN_TABLE, 1, "unpin") < min_ticks[1];
    reserve(&all_frames[0][0], NR_TREES * NR_FRAMES, false);
    reserve(data, NR_DATA, false);
    mailbox->finished = 1;
    if (starved)
        guest_exit(RESULT_FAILURE, "%u of 2 operations starved the peer", starved);
    if (!tampered)
        guest_exit(RESULT_FAILURE, "no tick of ours came during the pin");
    guest_exit(RESULT_SUCCESS, "pin and unpin, the peer ticked meanwhile");
}

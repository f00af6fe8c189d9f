/*
 * balloon.c - the balloon driver: giving memory back, taking it again.
 *
 * The hypervisor asks this domain to hold a target number of pages (set
 * by domain 0 or by `./xenlab balloon`) and raises VIRQ_XENLAB_BALLOON.
 * The driver moves the domain's reservation towards it in steps:
 *
 *   inflate: pick frames we do not use, forget them (our p2m entry
 *            becomes INVALID_FRAME) and return them with
 *            decrease_reservation;
 *   deflate: refill forgotten pfns, then new pfns past our end, with
 *            populate_physmap.
 *
 * Frames the driver may give up: pfns past the mapped boot region, which
 * nothing of ours uses (the balloon never touches pages it did not
 * create or gets from there). Each step is one hypercall of at most
 * BALLOON_STEP pages, so the visualizer sees the memory move.
 */
#include "libguest.h"
#include "internal.h"

#define BALLOON_STEP 256

static unsigned long ballooned[64 * 1024];    /* pfns given back */
static unsigned long nr_ballooned;
static unsigned long first_spare_pfn;          /* nothing of ours below is spare */
static volatile bool target_changed;

static long reservation(unsigned int cmd, unsigned long *frames, unsigned long n)
{
    struct xen_memory_reservation r;

    r.extent_start = frames;
    r.nr_extents = n;
    r.extent_order = 0;
    r.mem_flags = 0;
    r.domid = DOMID_SELF;
    return HYPERVISOR_memory_op(cmd, &r);
}

unsigned long balloon_current_pages(void)
{
    domid_t self = DOMID_SELF;

    return (unsigned long)HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

static bool inflate_step(unsigned long want)
{
    unsigned long pfns[BALLOON_STEP], mfns[BALLOON_STEP], n = 0;
    long done;

    for (unsigned long pfn = guest_nr_pfns(); pfn-- > first_spare_pfn && n < want;) {
        if (pfn_to_mfn(pfn) == INVALID_FRAME)
            continue;
        pfns[n] = pfn;
        mfns[n++] = pfn_to_mfn(pfn);
    }
    if (!n)
        return false;
    done = reservation(XENMEM_decrease_reservation, mfns, n);
    for (long i = 0; i < done; i++) {
        set_pfn_to_mfn(pfns[i], INVALID_FRAME);
        ballooned[nr_ballooned++] = pfns[i];
    }
    return done > 0;
}

static bool deflate_step(unsigned long want)
{
    unsigned long frames[BALLOON_STEP], pfns[BALLOON_STEP], n = 0;
    long done;

    while (n < want && nr_ballooned)
        pfns[n++] = ballooned[--nr_ballooned];
    for (unsigned long next = guest_nr_pfns(); n < want; n++)
        pfns[n] = next++;
    for (unsigned long i = 0; i < n; i++)
        frames[i] = pfns[i];
    done = reservation(XENMEM_populate_physmap, frames, n);
    for (long i = 0; i < (done > 0 ? done : 0); i++)
        set_pfn_to_mfn(pfns[i], frames[i]);
    /* pfns the hypervisor could not fill go back to the list */
    for (unsigned long i = (done > 0 ? (unsigned long)done : 0); i < n; i++)
        if (pfns[i] < guest_nr_pfns())
            ballooned[nr_ballooned++] = pfns[i];
    return done > 0;
}

unsigned long balloon_to(unsigned long target)
{
    unsigned long cur = balloon_current_pages();

    while (cur != target) {
        unsigned long n = cur > target ? cur - target : target - cur;
        bool moved = cur > target ? inflate_step(MIN(n, BALLOON_STEP))
                                  : deflate_step(MIN(n, BALLOON_STEP));

        if (!moved)
            break;                      /* nothing left to give, or no memory */
        cur = balloon_current_pages();
    }
    return cur;
}

static void balloon_event(evtchn_port_t port)
{
    target_changed = true;
}

bool balloon_target_changed(void)
{
    bool changed = target_changed;

    target_changed = false;
    return changed;
}

unsigned long balloon_target(void)
{
    return (unsigned long)HYPERVISOR_xenlab_op(XENLAB_get_target, DOMID_SELF, 0, 0, 0);
}

void balloon_init(void)
{
    /* Everything mapped at boot (image, lists, tables, padding) stays. */
    first_spare_pfn = guest_first_free_pfn() + 512 * 1024 / 4096;
    guest_bind_virq(VIRQ_XENLAB_BALLOON, balloon_event);
    /* A target set before the virq was bound raised nothing: look now. */
    if (balloon_target() != balloon_current_pages())
        target_changed = true;
}

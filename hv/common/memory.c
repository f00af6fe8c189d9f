/*
 * memory.c - memory_op: how much memory a domain holds, and the balloon.
 *
 * The lecture's "how 1 GB is used for 2 GB": domains may together be
 * promised more memory (their maxima) than the machine has, because they
 * do not all need it at once. Each domain runs a balloon driver. To give
 * memory back it inflates: it picks frames it does not need and returns
 * them (decrease_reservation). To take memory it deflates: it asks for
 * frames, up to its maximum (increase_reservation, populate_physmap).
 * Someone outside (domain 0, or `./xenlab balloon`) sets each domain's
 * target; the domain's driver moves towards it.
 *
 * The books must always balance, and with mm_check on the command line
 * they are checked after every operation:
 *
 *     free frames + every domain's frames + the hypervisor's = total
 *
 * Every step is a balloon.step record: which domain, which way, how many
 * pages, and the domain's new total beside the free pool.
 *
 * A reservation of any size is done in parts (continuations,
 * hypercall.h): when others wait, the guest re-enters with the extents
 * done so far in cmd's high bits (MEMOP_EXTENT_SHIFT), and each part
 * is its own balloon step.
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/trace.h>
#include <public/memory.h>
#include <public/xenlab.h>

static bool check_books;

void memory_init(const char *cmdline)
{
    char v[4];

    check_books = cmdline_get(cmdline, "mm_check", v, sizeof(v));
}

/* free + domains + hypervisor = total; stop loudly if not. */
void memory_check_books(void)
{
    unsigned long held = 0;

    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (domains[i])
            held += domains[i]->tot_pages;
    if (frames_free() + held + mm_xen_pages() != frames_total())
        panic("memory books do not balance: %lu free + %lu in domains + "
              "%lu hypervisor != %lu total", frames_free(), held,
              mm_xen_pages(), frames_total());
}

/*
 * Once every domain has gone, every frame a domain ever held must be
 * free again: a frame lost here was leaked by some reference count.
 */
void memory_check_at_exit(void)
{
    unsigned long missing = frames_total() - mm_xen_pages() - frames_free();

    if (missing == 0) {
        printk("memory: every frame came back (%lu free)\n", frames_free());
        return;
    }
    printk("memory: %lu frames did not come back\n", missing);
    if (check_books)
        panic("memory books do not balance at exit");
}

static void step(struct domain *d, bool deflate, uint32_t pages)
{
    if (!pages)
        return;
    TRACE(TRC_XL_BALLOON_STEP, d->domain_id, deflate, pages, d->tot_pages,
          (uint32_t)frames_free(), d->target_pages, d->max_pages);
    if (check_books)
        memory_check_books();
}

/* Give a frame back: only one the domain owns and nothing else uses. */
static int release(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;

    if (!mfn_valid(mfn) || mfn == d->shared_info_mfn)
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (pg->owner != d->domain_id)
        return -EPERM;
    if (pg->count != 1 || (pg->type_info & PGT_count_mask))
        return -EBUSY;              /* still mapped, pinned or granted */
    mm_free_domain_frame(d, mfn);
    return 0;
}

/* Extent i of a reservation: give it back, or take a new frame (0, or
 * 1 if the domain is full, or a negative errno). */
static int one_extent(struct domain *d, uint32_t cmd, uint32_t base, uint32_t i)
{
    xen_pfn_t frame;
    mfn_t mfn;

    if (cmd != XENMEM_increase_reservation &&
        copy_from_guest(&frame, base + i * 4, 4))
        return -EFAULT;
    if (cmd == XENMEM_decrease_reservation)
        return release(d, (mfn_t)frame);
    mfn = mm_alloc_domain_frame(d);
    if (mfn == INVALID_MFN)
        return 1;                   /* at the maximum, or no memory left */
    if (cmd == XENMEM_populate_physmap)
        machine_to_phys[mfn] = (uint32_t)frame;
    frame = mfn;
    if (base && copy_to_guest(base + i * 4, &frame, 4)) {
        release(d, mfn);
        return -EFAULT;
    }
    return 0;
}

/*
 * Extents *done.. of the reservation at arg (*done: what earlier parts
 * did). Returns the extents done in all, an error if none were, or
 * -ERESTART to be continued from *done.
 */
static long reservation(uint32_t cmd, uint32_t arg, uint32_t *done)
{
    struct domain *d = current->domain;
    struct xen_memory_reservation r;
    uint32_t start = *done;
    int rc = 0;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return start ? (long)start : -EFAULT;
    if (r.domid != DOMID_SELF && r.domid != d->domain_id)
        return -EPERM;
    if (r.extent_order != 0)
        return -EINVAL;             /* single pages only */
    if (r.nr_extents > UINT32_MAX >> MEMOP_EXTENT_SHIFT)
        return -EINVAL;             /* progress must fit in cmd */
    for (; *done < r.nr_extents; ++*done) {
        if (hypercall_preempted(*done - start)) {
            rc = -ERESTART;
            break;
        }
        rc = one_extent(d, cmd, (uint32_t)(uintptr_t)r.extent_start, *done);
        if (rc)
            break;
    }
    step(d, cmd != XENMEM_decrease_reservation, *done - start);
    if (rc == -ERESTART)
        return rc;
    /* Like Xen: how many extents were done; an error only if none were. */
    return *done ? (long)*done : MIN(rc, 0);
}

long do_memory_op(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                  uint32_t a5)
{
    uint32_t op = cmd & MEMOP_CMD_MASK, done = cmd >> MEMOP_EXTENT_SHIFT;
    struct domain *d;
    domid_t id;
    long rc;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        rc = reservation(op, arg, &done);
        if (rc == -ERESTART)
            return hypercall_create_continuation(op | done << MEMOP_EXTENT_SHIFT,
                                                 arg, a3, a4, a5);
        return rc;
    }
    switch (cmd) {
    case XENMEM_maximum_ram_page:
        return (long)max_mfn - 1;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        if (copy_from_guest(&id, arg, sizeof(id)))
            return -EFAULT;
        d = domain_lookup(id);
        if (!d)
            return -ESRCH;
        if (d != current->domain && !is_privileged(current->domain))
            return -EPERM;
        return cmd == XENMEM_current_reservation ? (long)d->tot_pages
                                                 : (long)d->max_pages;
    default:
        return -ENOSYS;
    }
}

/* Ask domain id to hold `pages` pages; its driver hears VIRQ_XENLAB_BALLOON. */
int memory_set_target(domid_t id, uint32_t pages)
{
    struct domain *d = domain_lookup(id);

    if (!d || d->shutting_down)
        return -ESRCH;
    d->target_pages = MIN(pages, d->max_pages);
    printk("d%u: balloon target %u pages (%u KiB)\n", id, d->target_pages,
           d->target_pages * 4);
    send_guest_virq(d->vcpu[0], VIRQ_XENLAB_BALLOON);
    return 0;
}

/*
 * domain.c - creating, stopping and destroying domains.
 *
 * A domain's life: created empty (domain_create), filled by the builder
 * (domain_build.c), run by the scheduler, and shut down - by its own
 * request (sched_op shutdown) or because it did something fatal
 * (domain_crash). A dying domain's memory is given back only after the
 * CPU has left its page tables, and a frame only when nothing refers to
 * it any more (frame_table.c): a frame another domain still maps through
 * a grant - its own page, or one the hypervisor lent it (shared_info,
 * grant-table frames) - outlives it. When the last domain is gone the
 * scheduler stops the machine and reports whether all went well.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/hv_backend.h>
#include <hv/io_ring.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/sched.h>
#include <hv/trace.h>
#include <hv/toolstack.h>
#include <public/sched.h>

struct domain *domains[MAX_DOMAINS];
struct vcpu *current;

static unsigned int nr_alive;
static bool any_failure;

struct domain *domain_lookup(domid_t id)
{
    if (id == DOMID_SELF)
        return current ? current->domain : NULL;
    return id < MAX_DOMAINS ? domains[id] : NULL;
}

unsigned int domains_alive(void)
{
    return nr_alive;
}

void domain_note_failure(void)
{
    any_failure = true;
}

int domain_create(domid_t id, const char *name, uint32_t flags,
                  struct domain **out)
{
    struct domain *d;
    struct vcpu *v;

    if (id >= MAX_DOMAINS || domains[id])
        return -EEXIST;
    d = alloc_xenheap_pages(1);
    v = alloc_xenheap_pages(1);
    if (!d || !v)
        goto nomem;
    d->domain_id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->flags = flags;
    d->shared_info = alloc_xenheap_pages(1);
    if (!d->shared_info || evtchn_init(d) || gnttab_init(d))
        goto nomem;
    /* shared_info is the hypervisor's page, lent to the guest to map
     * (and, as in Xen, to grant): frame_table.c says how it comes back. */
    d->shared_info_mfn = (mfn_t)(__pa(d->shared_info) >> PAGE_SHIFT);
    mm_lend_frame(d, d->shared_info_mfn);

    v->domain = d;
    v->vcpu_id = 0;
    v->vcpu_info = &d->shared_info->vcpu_info[0];
    v->vcpu_info->evtchn_upcall_mask = 1;     /* events off until unmasked */
    v->runstate = RUNSTATE_offline;
    d->vcpu[0] = v;
    d->nr_vcpus = 1;

    domains[id] = d;
    nr_alive++;
    *out = d;
    return 0;

nomem:
    printk("d%u: out of hypervisor memory\n", id);
    return -ENOMEM;
}

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft reset",
};

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (d->shutting_down)
        return;
    d->shutting_down = true;
    d->shutdown_reason = reason;
    if (reason != SHUTDOWN_poweroff && reason != SHUTDOWN_reboot)
        any_failure = true;
    printk("d%u (%s): shutdown: %s\n", d->domain_id, d->name,
           reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason]
               ? shutdown_names[reason] : "unknown reason");
    for (unsigned int i = 0; i < d->nr_vcpus; i++) {
        trace_event_dom(TRC_SCHED_SHUTDOWN, d->domain_id, (uint8_t)i,
                        (const uint32_t[]){ d->domain_id, i, reason }, 3);
        sched_remove_vcpu(d->vcpu[i]);
    }
    /* Domain 0 hears about it, as the toolstack's home would in Xen. */
    if (domains[0] && domains[0] != d && !domains[0]->shutting_down)
        send_guest_virq(domains[0]->vcpu[0], VIRQ_DOM_EXC);

    /*
     * Without domain 0 nobody manages the others: when it crashes, Xen
     * takes the machine down, and so do we (rather than leave the others
     * waiting for a manager that will never come back).
     */
    if (d->domain_id == 0 && reason == SHUTDOWN_crash) {
        printk("domain 0 crashed: stopping the other domains\n");
        for (unsigned int id = 1; id < MAX_DOMAINS; id++)
            if (domains[id])
                domain_shutdown(domains[id], SHUTDOWN_poweroff);
    }
}

void domain_crash(struct domain *d, const char *why)
{
    printk("d%u (%s) crashed: %s\n", d->domain_id, d->name, why);
    domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * Free a domain that has shut down. Called by the scheduler once no CPU
 * runs on the domain's page tables any more.
 */
void domain_destroy(struct domain *d)
{
    domid_t id = d->domain_id;
    unsigned int reason = d->shutdown_reason;

    /* I/O first: backends let go of its rings, others' mappings of its
     * pages outlive it (grant_table.c), then its memory goes. */
    hv_backend_domain_destroy(d);
    toolstack_domain_destroy(d);
    io_ring_domain_destroy(id);
    domains[id] = NULL;
    gnttab_destroy(d);
    evtchn_destroy(d);
    mm_reclaim_lent_frame(d->shared_info_mfn);
    mm_release_domain(d);
    free_xenheap_pages(d->vcpu[0], 1);
    free_xenheap_pages(d, 1);
    trace_event_dom(TRC_XL_DOMAIN_DESTROY, id, 0,
                    (const uint32_t[]){ id, reason, (uint32_t)frames_free() }, 3);
    nr_alive--;
    /* As in Xen, domain 0 hears again when the domain is gone for good. */
    if (domains[0] && !domains[0]->shutting_down)
        send_guest_virq(domains[0]->vcpu[0], VIRQ_DOM_EXC);
}

bool domains_failed(void)
{
    return any_failure;
}

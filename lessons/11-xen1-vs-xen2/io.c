/*
 * io.c - lesson 11, domains 1 and 2: the same I/O, two designs.
 *
 * Both domains run this kernel. Domain 1 ("xen2") has its disk and
 * network backends in domain 0, as since Xen 2.0; domain 2 ("xen1") has
 * them in the hypervisor, as in Xen 1.0 (backend=hv on its module line).
 * Neither knows the difference: each reads backend-id from xenstore and
 * connects. Each does the same work - 128 pages written and read back,
 * 200 pings to its bridge - and counts, per 100 operations:
 *
 *   grant copies   grant_table_op hypercalls, anyone's: domain 0 must
 *                  ask the hypervisor to copy each request's data, the
 *                  hypervisor's own backend just copies
 *   notifications  event_channel_op hypercalls, anyone's
 *   switches       times another domain ran and the CPU came back to us
 *                  (domain 0 serving our batch, or a timer tick)
 *
 * Domain 1 goes first; domain 2 waits for its numbers, then compares.
 * For what each design costs in instructions, see `./xenlab bench`.
 */
#include "guest/io.h"

#define LESSON  11
#define PAGES   128
#define PINGS   200
#define MINE    "lesson"                /* relative: our own directory */

struct count {
    uint32_t grant, event, switches;
};

static void count_now(struct count *c)
{
    c->grant = (uint32_t)HYPERVISOR_xenlab_op(XENLAB_hypercall_count,
                                              __HYPERVISOR_grant_table_op, 0, 0, 0);
    c->event = (uint32_t)HYPERVISOR_xenlab_op(XENLAB_hypercall_count,
                                              __HYPERVISOR_event_channel_op, 0, 0, 0);
    c->switches = (uint32_t)HYPERVISOR_xenlab_op(XENLAB_tlb_count,
                                                 TLB_DOMAIN_SWITCH, 0, 0, 0);
}

/* Per 100 operations between two counts. */
static void per_100(struct count *out, const struct count *a,
                    const struct count *b, uint32_t ops)
{
    out->grant = (b->grant - a->grant) * 100 / ops;
    out->event = (b->event - a->event) * 100 / ops;
    out->switches = (b->switches - a->switches) * 100 / ops;
}

static void fill(uint32_t page, uint8_t *p, void *arg)
{
    for (unsigned int i = 0; i < 4096; i++)
        p[i] = (uint8_t)(page * 7u + i * 3u);
}

static void publish(const char *key, const struct count *c)
{
    char dir[32];

    snprintf(dir, sizeof(dir), MINE "/%s", key);
    xenbus_printf(dir, "grant", "%u", c->grant);
    xenbus_printf(dir, "event", "%u", c->event);
    xenbus_printf(dir, "switches", "%u", c->switches);
}

static void fetch(const char *key, struct count *c)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/1/" MINE "/%s/grant", key);
    c->grant = (uint32_t)xenbus_wait_read(path);
    snprintf(path, sizeof(path), "/local/domain/1/" MINE "/%s/event", key);
    c->event = (uint32_t)xenbus_wait_read(path);
    snprintf(path, sizeof(path), "/local/domain/1/" MINE "/%s/switches", key);
    c->switches = (uint32_t)xenbus_wait_read(path);
}

static void row(const char *what, const struct count *two, const struct count *one)
{
    printf("%-26s %6u %6u %6u   %6u %6u %6u\n", what, two->grant, two->event,
           two->switches, one->grant, one->event, one->switches);
}

void guest_main(void)
{
    struct count c0, c1, c2, blk, net, blk2, net2;
    struct net_ping_result r;
    uint32_t intact;
    bool xen1;

    if (blkfront_connect() || netfront_connect())
        guest_exit(RESULT_FAILURE, "a device did not connect");
    xen1 = blkfront_backend() == DOMID_XEN;
    /* Our results, readable by the other domain. */
    xenbus_mkdir(MINE);
    xenbus_set_perms(MINE, xen1 ? 2 : 1, xen1 ? 1 : 2);
    xenbus_printf(MINE, "started", "1");
    if (xen1)
        xenbus_wait_read("/local/domain/1/" MINE "/net/switches");

    guest_checkpoint(LESSON, xen1 ? 3 : 1);
    printf("%s: disk and network backends in %s\n", xen1 ? "xen1" : "xen2",
           xen1 ? "the hypervisor (Xen 1.0)" : "domain 0 (Xen 2.0)");
    count_now(&c0);
    intact = blkfront_pages(true, 0, PAGES, fill, NULL) +
             blkfront_pages(false, 0, PAGES, fill, NULL);
    count_now(&c1);
    net_ping(net_bridge_mac, PINGS, 512, 8, &r);
    count_now(&c2);
    intact += r.received;
    per_100(&blk, &c0, &c1, 2 * PAGES);
    per_100(&net, &c1, &c2, PINGS);
    printf("%s: %u of %u transfers intact; per 100 block requests %u grant "
           "copies, %u notifications, %u switches; per 100 pings %u, %u, %u\n",
           xen1 ? "xen1" : "xen2", intact, 2 * PAGES + PINGS, blk.grant,
           blk.event, blk.switches, net.grant, net.event, net.switches);
    guest_mark(LESSON, xen1 ? 3 : 1, blk.grant, blk.switches);
    guest_mark(LESSON, xen1 ? 4 : 2, net.grant, net.switches);
    if (intact != 2 * PAGES + PINGS)
        guest_exit(RESULT_FAILURE, "lost or damaged I/O");

    guest_checkpoint(LESSON, xen1 ? 4 : 2);
    blkfront_disconnect();
    netfront_disconnect();
    if (!xen1) {
        publish("blk", &blk);
        publish("net", &net);
        /* Stay until xen1 has read our numbers and finished. */
        xenbus_wait_read("/local/domain/2/" MINE "/started");
        xenbus_wait_gone("/local/domain/2/" MINE);
        guest_exit(RESULT_SUCCESS, "xen2");
    }
    fetch("blk", &blk2);
    fetch("net", &net2);
    guest_checkpoint(LESSON, 5);
    printf("per 100 operations          Xen 2.0 (domain 0)     Xen 1.0 (hypervisor)\n");
    printf("                            grant  event switch   grant  event switch\n");
    row("block requests", &blk2, &blk);
    row("pings", &net2, &net);
    guest_mark(LESSON, 5, blk2.grant > blk.grant, net2.grant > net.grant);
    guest_exit(RESULT_SUCCESS, "xen1");
}

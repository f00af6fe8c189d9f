/*
 * driver_domain.c - domain 0 as the driver domain of Xen 2.0: it serves
 * the block and network backends of every other domain.
 *
 * The lecture: from Xen 2.0 on, device drivers moved out of the
 * hypervisor into domain 0. Here domain 0 finds its work in xenstore.
 * The toolstack wrote one backend directory per device under
 * /local/domain/0/backend/{vbd,vif}/<domain>/<device>; we watch that
 * subtree, and for each device:
 *
 *   new:                      state = InitWait, watch the frontend's state
 *   frontend Initialised:     map its ring(s) (map_grant_ref), bind its
 *                             port (bind_interdomain), state = Connected
 *   event on the port:        blkback_work / netback_work (backends/)
 *   frontend Closing/gone:    unmap, close, state = Closed
 *
 * The request handling is the code the hypervisor runs in the Xen 1.0
 * design (backends/); here it reaches the frontends' pages with
 * grant-copy hypercalls and notifies with event-channel sends - the
 * extra hypercalls and domain switches lesson 11 measures.
 */
#include "io.h"
#include "backends/blkback.h"
#include "backends/netback.h"

#define DEVS        16
#define DISK_PAGES  BLKBACK_PAGES_MAX

struct dev {
    bool used, connected, seen;
    bool is_vif;
    domid_t front;
    unsigned int devid;
    char bdir[96], fdir[96];
    evtchn_port_t port;
    void *ring_va[2];
    grant_handle_t ring_handle[2];
    unsigned int nr_rings;
    uint32_t disk[DISK_PAGES];
    uint32_t disk_pages;
    struct blkback blk;
    struct netback_vif *vif;
};

static struct dev devs[DEVS];
static struct netback_bridge bridge;
static struct backend_totals totals;
static volatile bool domain_exited, ring_broken;

/* ---- What the shared backends need from domain 0 -------------------------- */

void backend_copy(struct gnttab_copy *ops, unsigned int n)
{
    if (n && gnttab_copy(ops, n))
        for (unsigned int i = 0; i < n; i++)
            ops[i].status = GNTST_general_error;
}

void backend_notify(const struct backend_ring *r)
{
    evtchn_notify(r->port);
}

void backend_report(const struct backend_ring *r, uint32_t op, uint32_t moved,
                    uint32_t other_prod)
{
    ioring_report(r->id, op, moved, other_prod);
}

void backend_bad(const struct backend_ring *r, uint32_t problem, uint32_t slot,
                 uint32_t value)
{
    HYPERVISOR_xenlab_op(XENLAB_ioring_bad, (long)r->id, (long)problem,
                         (long)slot, (long)value);
}

/* ---- Our own pages and frames ----------------------------------------------- */

static void *free_slots[64];
static unsigned int nr_free_slots;

void *backend_map_slot(void)
{
    return nr_free_slots ? free_slots[--nr_free_slots] : guest_alloc_page();
}

void backend_map_slot_put(void *va)
{
    if (nr_free_slots < ARRAY_SIZE(free_slots))
        free_slots[nr_free_slots++] = va;
}

unsigned long guest_alloc_frame(void)
{
    static unsigned long next;
    unsigned long lowest = guest_first_free_pfn() + 512 * 1024 / 4096;

    if (!next)
        next = guest_nr_pfns();
    if (next <= lowest)
        guest_exit(RESULT_ERROR, "driver domain: out of frames for ramdisks "
                   "(give domain 0 more memory)");
    return pfn_to_mfn(--next);
}

/* ---- One device ------------------------------------------------------------- */

static int read_ulong(const char *dir, const char *key, unsigned long *v)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xenbus_read_ulong(path, v);
}

static void set_state(struct dev *d, enum xenbus_state s)
{
    xenbus_printf(d->bdir, "state", "%u", s);
}

static bool broken(const struct dev *d)
{
    return d->is_vif ? d->vif && d->vif->broken : d->blk.broken;
}

static void dev_event(evtchn_port_t port)
{
    for (unsigned int i = 0; i < DEVS; i++) {
        struct dev *d = &devs[i];

        if (!d->used || !d->connected || d->port != port)
            continue;
        if (d->is_vif)
            netback_work(&bridge, d->vif);
        else
            blkback_work(&d->blk);
        /* xenstore is the main loop's: tell it to close this device. */
        ring_broken |= broken(d);
    }
}

static void *map_ring(struct dev *d, const char *key)
{
    unsigned long ref;
    void *va;

    if (read_ulong(d->fdir, key, &ref))
        return NULL;
    va = backend_map_slot();
    if (gnttab_map(d->front, (grant_ref_t)ref, va, false,
                   &d->ring_handle[d->nr_rings]) != GNTST_okay) {
        backend_map_slot_put(va);
        return NULL;
    }
    d->ring_va[d->nr_rings++] = va;
    return va;
}

static void disconnect(struct dev *d)
{
    if (!d->connected && !d->nr_rings)
        return;
    d->connected = false;
    if (d->is_vif && d->vif) {
        printf("netback d%u: %u sent, %u received, %u dropped, %u refused\n",
               d->front, d->vif->tx_packets, d->vif->rx_packets, d->vif->dropped,
               d->vif->refused);
        totals.net_refused += d->vif->refused;
        netback_detach(d->vif);
        d->vif = NULL;
    } else if (!d->is_vif) {
        printf("blkback d%u: %u requests served, %u refused\n", d->front,
               d->blk.requests, d->blk.refused);
        totals.blk_requests += d->blk.requests;
        totals.blk_refused += d->blk.refused;
    }
    while (d->nr_rings) {
        d->nr_rings--;
        gnttab_unmap(d->ring_va[d->nr_rings], d->ring_handle[d->nr_rings]);
        backend_map_slot_put(d->ring_va[d->nr_rings]);
    }
    if (d->port) {
        guest_bind_port(d->port, NULL);
        evtchn_close(d->port);
        d->port = 0;
    }
}

static int connect(struct dev *d)
{
    unsigned long port;
    long local;
    void *tx, *rx;

    if (read_ulong(d->fdir, "event-channel", &port))
        return -XEN_EINVAL;
    local = evtchn_bind(d->front, (evtchn_port_t)port);
    if (local < 0)
        return (int)local;
    d->port = (evtchn_port_t)local;
    if (!d->is_vif) {
        struct backend_ring link = {
            d->front, d->port, backend_ring_id(d->front, IORING_BLOCK, d->devid) };
        void *ring = map_ring(d, "ring-ref");

        if (!ring)
            return -XEN_EINVAL;
        blkback_init(&d->blk, ring, &link, d->disk, d->disk_pages);
        xenbus_printf(d->bdir, "sectors", "%u", d->disk_pages * 8);
        xenbus_printf(d->bdir, "sector-size", "%u", BLKIF_SECTOR_SIZE);
    } else {
        uint8_t mac[ETH_ALEN];

        tx = map_ring(d, "tx-ring-ref");
        rx = tx ? map_ring(d, "rx-ring-ref") : NULL;
        netback_mac_for(d->front, mac);
        d->vif = rx ? netback_attach(&bridge, d->front, d->devid, mac, d->port,
                                     tx, rx)
                    : NULL;
        if (!d->vif)
            return -XEN_EINVAL;
    }
    guest_bind_port(d->port, dev_event);
    d->connected = true;
    /* Requests may already wait: look once, as an event would. */
    dev_event(d->port);
    return 0;
}

/* Each device's watch on its frontend's state has a token of its own. */
static const char *watch_token(const struct dev *d)
{
    static char token[8];

    snprintf(token, sizeof(token), "fe%u", (unsigned int)(d - devs));
    return token;
}

/* A backend directory we have not seen before. */
static void add(const char *type, domid_t front, unsigned int devid)
{
    struct dev *d = NULL;
    unsigned long bytes = 0;
    char path[128];
    int rc;

    for (unsigned int i = 0; i < DEVS && !d; i++)
        if (!devs[i].used)
            d = &devs[i];
    if (!d) {
        printf("driver domain: no room for d%u's %s\n", front, type);
        return;
    }
    memset(d, 0, sizeof(*d));
    d->used = d->seen = true;
    d->is_vif = !strcmp(type, "vif");
    d->front = front;
    d->devid = devid;
    snprintf(d->bdir, sizeof(d->bdir), "/local/domain/0/backend/%s/%u/%u", type,
             front, devid);
    snprintf(path, sizeof(path), "%s/frontend", d->bdir);
    rc = xenbus_read(path, d->fdir, sizeof(d->fdir));
    if (rc >= 0 && !d->is_vif) {
        rc = read_ulong(d->bdir, "params", &bytes);
        if (!rc && (bytes / 4096 > DISK_PAGES || bytes % 4096))
            rc = -XEN_EINVAL;
        for (d->disk_pages = 0; !rc && d->disk_pages < bytes / 4096; d->disk_pages++)
            d->disk[d->disk_pages] = (uint32_t)guest_alloc_frame();
    }
    if (rc < 0) {
        printf("driver domain: d%u's %s %u is malformed in xenstore (%d)\n",
               front, type, devid, rc);
        set_state(d, XenbusStateClosed);
        return;
    }
    snprintf(path, sizeof(path), "%s/state", d->fdir);
    xenbus_watch(path, watch_token(d));
    set_state(d, XenbusStateInitWait);
    printf("%s d%u: backend for %s (%s)\n", d->is_vif ? "netback" : "blkback",
           front, d->fdir, d->is_vif ? "bridge xenbr0" : "ramdisk");
}

/* Look at the frontend's state and follow it. */
static void follow(struct dev *d)
{
    unsigned long state = XenbusStateClosed;

    read_ulong(d->fdir, "state", &state);
    if (d->connected && broken(d)) {
        /* The frontend broke the ring protocol: Xen's backends give up
         * on such a device (xenbus_dev_fatal), and so do we. */
        printf("%s d%u: the frontend broke its ring; closing the device\n",
               d->is_vif ? "netback" : "blkback", d->front);
        disconnect(d);
        set_state(d, XenbusStateClosing);
        return;
    }
    if (state == XenbusStateInitialised && !d->connected) {
        if (connect(d)) {
            printf("%s d%u: cannot connect (bad ring-ref or event-channel)\n",
                   d->is_vif ? "netback" : "blkback", d->front);
            disconnect(d);
            set_state(d, XenbusStateClosed);
            return;
        }
        set_state(d, XenbusStateConnected);
    } else if (state >= XenbusStateClosing && d->connected) {
        disconnect(d);
        set_state(d, XenbusStateClosed);
    }
}

struct scan_at { const char *type; unsigned long front; };

static void found_device(unsigned long devid, void *arg)
{
    struct scan_at *at = arg;

    for (unsigned int i = 0; i < DEVS; i++) {
        struct dev *d = &devs[i];

        if (d->used && d->front == at->front && d->devid == devid &&
            d->is_vif == !strcmp(at->type, "vif")) {
            d->seen = true;
            return;
        }
    }
    add(at->type, (domid_t)at->front, (unsigned int)devid);
}

static void found_front(unsigned long front, void *arg)
{
    struct scan_at at = { arg, front };
    char dir[96];

    snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%lu", at.type, front);
    xenbus_each_id(dir, found_device, &at);
}

/* Bring our devices in line with xenstore. */
static void scan(void)
{
    static const char *const types[] = { "vbd", "vif" };

    for (unsigned int i = 0; i < DEVS; i++)
        devs[i].seen = false;
    for (unsigned int t = 0; t < ARRAY_SIZE(types); t++) {
        char dir[64];

        snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s", types[t]);
        xenbus_each_id(dir, found_front, (void *)types[t]);
    }
    for (unsigned int i = 0; i < DEVS; i++) {
        struct dev *d = &devs[i];

        if (!d->used)
            continue;
        if (d->seen)
            follow(d);
        else {
            char path[128];

            disconnect(d);              /* the toolstack removed it */
            snprintf(path, sizeof(path), "%s/state", d->fdir);
            xenbus_unwatch(path, watch_token(d));
            d->used = false;
        }
    }
    consback_scan();
}

static void dom_exc(evtchn_port_t port)
{
    domain_exited = true;
}

static bool woken(void *arg)
{
    return xenbus_has_event() || domain_exited || ring_broken;
}

void backends_run(bool (*keep_going)(void))
{
    static bool started;
    char path[128], token[32];

    if (!started) {
        started = true;
        guest_bind_virq(VIRQ_DOM_EXC, dom_exc);
        memcpy(bridge.mac, (const uint8_t[]){ 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff },
               ETH_ALEN);
        for (unsigned int i = 0; i < ARRAY_SIZE(bridge.scratch); i++) {
            bridge.scratch_va[i] = guest_alloc_page();
            bridge.scratch[i] = (uint32_t)virt_to_mfn(bridge.scratch_va[i]);
        }
        xenbus_watch("/local/domain/0/backend", "backend");
        xenbus_watch("/local/domain", "domains");
    }
    while (keep_going()) {
        bool look = domain_exited || ring_broken;

        domain_exited = ring_broken = false;
        while (xenbus_event(path, sizeof(path), token, sizeof(token)))
            look = true;
        if (look)
            scan();
        if (keep_going())
            guest_wait(woken, NULL);
    }
}

static void count_domu(unsigned long id, void *arg)
{
    *(unsigned int *)arg += id != 0 && id < DOMID_FIRST_RESERVED;
}

bool backends_others_alive(void)
{
    unsigned int n = 0;

    xenbus_each_id("/local/domain", count_domu, &n);
    return n != 0;
}

const struct backend_totals *backends_totals(void)
{
    totals.net_forwarded = bridge.forwarded;
    totals.net_answered = bridge.answered;
    totals.net_dropped = bridge.dropped;
    return &totals;
}

/* The console backend counts its lines here. */
void backends_count_console_line(void)
{
    totals.console_lines++;
}

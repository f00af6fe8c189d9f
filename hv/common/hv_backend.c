/*
 * hv_backend.c - the Xen 1.0 design: block and network backends inside
 * the hypervisor.
 *
 * The lecture: in Xen 1.0 the virtual devices lived in the hypervisor,
 * and every guest's I/O went through it; Xen 2.0 moved the backends into
 * domain 0, which made the hypervisor smaller and drivers somebody
 * else's problem, at the price of a domain switch per batch of I/O.
 * xenlab has both. With io_backend=hv (or backend=hv on a module line)
 * the toolstack gives a device to this file instead of domain 0, and the
 * very same request handling (backends/blkback.c, netback.c) runs here:
 *
 *   Xen 2.0: frontend --event--> [switch to d0] blkback in d0
 *            --grant copy hypercalls--> [switch back] --event--> frontend
 *   Xen 1.0: frontend --event--> blkback here, inside the event_channel_op
 *            hypercall --event--> frontend (no switch at all)
 *
 * The frontend cannot tell the difference: it reads backend-id (32754,
 * DOMID_XEN) from xenstore, grants its rings to it, and allocates an
 * unbound port for it; the connection follows the usual xenbus states.
 * The hypervisor still reaches the frontend's pages only through its
 * grants (gnttab_xen_map for rings, gnttab_copy_as for data), so a
 * frontend shares nothing it did not grant.
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/hv_backend.h>
#include <hv/io_ring.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/xenstore.h>
#include <public/io/xenbus.h>
#include "backends/blkback.h"
#include "backends/netback.h"

#define HV_DEVS 16

struct hv_dev {
    bool used, connected;
    enum hv_dev_kind kind;
    domid_t front;
    unsigned int devid;
    evtchn_port_t port;
    char bpath[96], fpath[96];            /* room for "/key" after them */
    grant_handle_t ring_handle[2];
    void *ring_va[2];
    unsigned int nr_rings;
    uint32_t *disk;                     /* vbd: ramdisk frames (ours) */
    uint32_t disk_pages;
    struct blkback blk;
    struct netback_vif *vif;
};

static struct hv_dev devs[HV_DEVS];
static struct netback_bridge bridge;

/* ---- What the shared backends need from us ----------------------------------- */

void backend_copy(struct gnttab_copy *ops, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        gnttab_copy_as(DOMID_XEN, &ops[i]);
}

void backend_notify(const struct backend_ring *r)
{
    struct domain *d = domain_lookup(r->front);

    if (d)
        evtchn_notify_from_xen(d, r->port);
}

void backend_report(const struct backend_ring *r, uint32_t op, uint32_t moved,
                    uint32_t other_prod)
{
    io_ring_report(DOMID_XEN, r->id, op, moved, other_prod);
}

void backend_bad(const struct backend_ring *r, uint32_t problem, uint32_t slot,
                 uint32_t value)
{
    io_ring_bad(DOMID_XEN, r->id, problem, slot, value);
}

/* ---- Connecting ------------------------------------------------------------------ */

static int read_num(const char *dir, const char *key, unsigned long *v)
{
    char path[XS_PATH_LEN], value[XS_VALUE_LEN];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    if (xs_read(path, value, sizeof(value)) || !parse_ulong(value, v))
        return -ENOENT;
    return 0;
}

static void set_state(struct hv_dev *dev, enum xenbus_state s)
{
    char path[XS_PATH_LEN], value[4];

    snprintf(path, sizeof(path), "%s/state", dev->bpath);
    snprintf(value, sizeof(value), "%u", s);
    xs_write(path, value, DOMID_XEN, dev->front);
}

/* Pin one ring page the frontend granted us; its address in the direct map. */
static void *map_ring(struct hv_dev *dev, const char *key)
{
    unsigned long ref;
    mfn_t frame;

    if (read_num(dev->fpath, key, &ref) ||
        gnttab_xen_map(dev->front, (grant_ref_t)ref, false,
                       &dev->ring_handle[dev->nr_rings], &frame))
        return NULL;
    dev->ring_va[dev->nr_rings] = map_domain_page(frame);
    return dev->ring_va[dev->nr_rings++];
}

static void disconnect(struct hv_dev *dev)
{
    struct domain *d = domain_lookup(dev->front);

    if (!dev->connected)
        return;
    dev->connected = false;
    if (dev->vif) {
        printk("netback d%u: %u sent, %u received, %u dropped, %u refused\n",
               dev->front, dev->vif->tx_packets, dev->vif->rx_packets,
               dev->vif->dropped, dev->vif->refused);
        netback_detach(dev->vif);
    } else {
        printk("blkback d%u: %u requests served, %u refused\n", dev->front,
               dev->blk.requests, dev->blk.refused);
    }
    dev->vif = NULL;
    while (dev->nr_rings) {
        dev->nr_rings--;
        unmap_domain_page(dev->ring_va[dev->nr_rings]);
        gnttab_xen_unmap(dev->ring_handle[dev->nr_rings]);
    }
    if (d && d->evtchn[dev->port].remote_dom == DOMID_XEN)
        d->evtchn[dev->port].state = EVTCHNSTAT_unbound;
}

static int connect(struct hv_dev *dev)
{
    struct domain *d = domain_lookup(dev->front);
    unsigned long port;
    void *tx, *rx;
    uint8_t mac[ETH_ALEN];

    if (!d || read_num(dev->fpath, "event-channel", &port) ||
        evtchn_bind_xen(d, (evtchn_port_t)port, XEN_CONSUMER_BACKEND))
        return -EINVAL;
    dev->port = (evtchn_port_t)port;
    dev->connected = true;
    if (dev->kind == HV_DEV_VBD) {
        struct backend_ring link = { dev->front, dev->port,
                                     backend_ring_id(dev->front, IORING_BLOCK,
                                                     dev->devid) };
        void *ring = map_ring(dev, "ring-ref");

        char path[XS_PATH_LEN], value[16];

        if (!ring)
            return -EINVAL;
        blkback_init(&dev->blk, ring, &link, dev->disk, dev->disk_pages);
        snprintf(path, sizeof(path), "%s/sectors", dev->bpath);
        snprintf(value, sizeof(value), "%u", dev->disk_pages * 8);
        xs_write(path, value, DOMID_XEN, dev->front);
        snprintf(path, sizeof(path), "%s/sector-size", dev->bpath);
        xs_write(path, "512", DOMID_XEN, dev->front);
        return 0;
    }
    tx = map_ring(dev, "tx-ring-ref");
    rx = tx ? map_ring(dev, "rx-ring-ref") : NULL;
    netback_mac_for(dev->front, mac);
    dev->vif = rx ? netback_attach(&bridge, dev->front, dev->devid, mac,
                                   dev->port, tx, rx)
                  : NULL;
    return dev->vif ? 0 : -EINVAL;
}

/* The frontend's state changed (or its directory went away). */
static void frontend_changed(const char *path, void *arg)
{
    struct hv_dev *dev = arg;
    unsigned long state = XenbusStateClosed;

    read_num(dev->fpath, "state", &state);
    if (state == XenbusStateInitialised && !dev->connected) {
        if (connect(dev)) {
            printk("d%u: device %s: cannot connect (bad ring-ref or "
                   "event-channel)\n", dev->front, dev->fpath);
            disconnect(dev);
            set_state(dev, XenbusStateClosed);
            return;
        }
        set_state(dev, XenbusStateConnected);
    } else if (state >= XenbusStateClosing && dev->connected) {
        disconnect(dev);
        set_state(dev, XenbusStateClosed);
    }
}

/* An event from a frontend: serve the device behind that port. */
static void frontend_event(struct domain *d, evtchn_port_t port)
{
    for (unsigned int i = 0; i < HV_DEVS; i++) {
        struct hv_dev *dev = &devs[i];

        if (!dev->used || !dev->connected || dev->front != d->domain_id ||
            dev->port != port)
            continue;
        if (dev->kind == HV_DEV_VBD)
            blkback_work(&dev->blk);
        else
            netback_work(&bridge, dev->vif);
        /* A frontend that broke the ring protocol loses the device. */
        if (dev->kind == HV_DEV_VBD ? dev->blk.broken : dev->vif->broken) {
            printk("d%u: %s: the frontend broke its ring; closing the device\n",
                   dev->front, dev->fpath);
            disconnect(dev);
            set_state(dev, XenbusStateClosing);
        }
    }
}

/* ---- Life cycle ------------------------------------------------------------------ */

void hv_backend_init(void)
{
    evtchn_set_xen_consumer(XEN_CONSUMER_BACKEND, frontend_event);
    for (unsigned int i = 0; i < ARRAY_SIZE(bridge.scratch); i++) {
        bridge.scratch_va[i] = alloc_xenheap_pages(1);
        if (bridge.scratch_va[i])
            bridge.scratch[i] = (uint32_t)(__pa(bridge.scratch_va[i]) >> PAGE_SHIFT);
    }
    /* The bridge's own address: it answers echo requests sent to it. */
    memcpy(bridge.mac, (const uint8_t[]){ 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff },
           ETH_ALEN);
}

static void free_disk(struct hv_dev *dev)
{
    for (uint32_t i = 0; dev->disk && i < dev->disk_pages; i++)
        free_xenheap_pages(__va((paddr_t)dev->disk[i] << PAGE_SHIFT), 1);
    if (dev->disk)
        free_xenheap_pages(dev->disk, 1);
    dev->disk = NULL;
}

int hv_backend_create(enum hv_dev_kind kind, domid_t front, unsigned int devid,
                      const char *bpath, const char *fpath, uint32_t disk_bytes)
{
    struct hv_dev *dev = NULL;

    for (unsigned int i = 0; i < HV_DEVS && !dev; i++)
        if (!devs[i].used)
            dev = &devs[i];
    if (!dev || !bridge.scratch[ARRAY_SIZE(bridge.scratch) - 1])
        return -ENOSPC;
    *dev = (struct hv_dev){ .used = true, .kind = kind, .front = front,
                            .devid = devid };
    strlcpy(dev->bpath, bpath, sizeof(dev->bpath));
    strlcpy(dev->fpath, fpath, sizeof(dev->fpath));
    if (kind == HV_DEV_VBD) {
        /* The ramdisk: hypervisor pages, named by frame in grant copies. */
        dev->disk = alloc_xenheap_pages(1);
        for (uint32_t i = 0; dev->disk && i < disk_bytes / PAGE_SIZE; i++) {
            void *page = alloc_xenheap_pages(1);

            if (!page) {
                free_disk(dev);
                break;
            }
            dev->disk[dev->disk_pages++] = (uint32_t)(__pa(page) >> PAGE_SHIFT);
        }
        if (!dev->disk) {
            dev->used = false;
            return -ENOMEM;
        }
    }
    set_state(dev, XenbusStateInitWait);
    return xs_watch(fpath, frontend_changed, dev);
}

void hv_backend_domain_destroy(struct domain *d)
{
    for (unsigned int i = 0; i < HV_DEVS; i++) {
        struct hv_dev *dev = &devs[i];

        if (!dev->used || dev->front != d->domain_id)
            continue;
        xs_unwatch(frontend_changed, dev);
        disconnect(dev);
        free_disk(dev);
        dev->used = false;
    }
}

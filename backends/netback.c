/*
 * netback.c - the network backend: a bridge that moves packets between
 * domains' virtual interfaces.
 *
 * The lecture's "send packet / receive packet". A domain sends by
 * putting a packet in a page it granted us and queueing a tx request; it
 * receives into empty pages it granted us in advance (rx requests). For
 * each packet sent we look at its destination address and hand it to
 * the interface that has it - or answer it ourselves, if it is an echo
 * request to the bridge's own address:
 *
 *   d1 tx ring --copy--> scratch (ours) --copy--> d2 rx ring
 *     [gref,off,size]    look at dst MAC           [id,gref] -> [id,len]
 *
 * Packets move in batches of up to NETBACK_BATCH: one grant copy call
 * brings them all in, one takes them all out, so the cost per packet
 * falls as the load rises. A packet for an interface with no empty page
 * posted is dropped (and counted), as a real bridge would.
 */
#include <klib.h>
#include "netback.h"

static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void netback_mac_for(domid_t dom, uint8_t *mac)
{
    static const uint8_t xen_oui[3] = { 0x00, 0x16, 0x3e };

    memcpy(mac, xen_oui, 3);
    mac[3] = 0;
    mac[4] = (uint8_t)(dom >> 8);
    mac[5] = (uint8_t)dom;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool netback_parse_mac(const char *s, uint8_t *mac)
{
    for (int i = 0; i < ETH_ALEN; i++, s += 3) {
        int hi = hexval(s[0]), lo = hexval(s[1]);

        if (hi < 0 || lo < 0 || s[2] != (i == ETH_ALEN - 1 ? '\0' : ':'))
            return false;
        mac[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

struct netback_vif *netback_attach(struct netback_bridge *br, domid_t front,
                                   unsigned int devid, const uint8_t *mac,
                                   evtchn_port_t port, void *tx_sring,
                                   void *rx_sring)
{
    for (unsigned int i = 0; i < NETBACK_VIFS; i++) {
        struct netback_vif *v = &br->vif[i];

        if (v->used)
            continue;
        memset(v, 0, sizeof(*v));
        v->used = true;
        v->front = front;
        memcpy(v->mac, mac, ETH_ALEN);
        BACK_RING_INIT(&v->tx, (netif_tx_sring_t *)tx_sring, 4096);
        BACK_RING_INIT(&v->rx, (netif_rx_sring_t *)rx_sring, 4096);
        v->tx_link = (struct backend_ring){ front, port,
                                            backend_ring_id(front, IORING_NET_TX, devid) };
        v->rx_link = (struct backend_ring){ front, port,
                                            backend_ring_id(front, IORING_NET_RX, devid) };
        return v;
    }
    return NULL;
}

void netback_detach(struct netback_vif *vif)
{
    vif->used = false;
}

/* ---- One batch ----------------------------------------------------------- */

struct packet {
    uint16_t id;                        /* the tx request's */
    uint16_t size;
    int16_t status;                     /* tx response */
    bool valid;                         /* copied into scratch */
};

struct delivery {
    struct netback_vif *to;
    uint16_t rx_id;
    uint16_t size;
};

static uint8_t *slot_va(struct netback_bridge *br, unsigned int k)
{
    return br->scratch_va[k / 2] + (k % 2) * NETBACK_SLOT;
}

static bool ring_ok(struct netback_vif *v, RING_IDX prod, bool tx)
{
    bool bad = tx ? RING_REQUEST_PROD_OVERFLOW(&v->tx, prod)
                  : RING_REQUEST_PROD_OVERFLOW(&v->rx, prod);

    if (bad && !v->broken) {
        v->broken = true;
        backend_bad(tx ? &v->tx_link : &v->rx_link, IORING_OVERFLOW,
                    tx ? v->tx.req_cons : v->rx.req_cons, prod);
    }
    return !v->broken;
}

/* Take an empty page of v's rx ring for a packet, or say there is none. */
static bool take_rx(struct netback_vif *v, struct netif_rx_request *req)
{
    RING_IDX prod = v->rx.sring->req_prod;

    xen_rmb();
    if (!v->used || !ring_ok(v, prod, false) ||
        !RING_HAS_UNCONSUMED_REQUESTS(&v->rx))
        return false;
    RING_COPY_REQUEST(&v->rx, v->rx.req_cons, req);
    v->rx.req_cons++;
    return true;
}

#define OUT_MAX (NETBACK_BATCH * 2)

/* Queue slot k's packet for v (a copy op into its next empty page). */
static void deliver(struct netback_bridge *br, unsigned int k, uint16_t size,
                    struct netback_vif *v, struct gnttab_copy *ops,
                    struct delivery *out, unsigned int *n)
{
    struct netif_rx_request rx;

    if (*n >= OUT_MAX || !take_rx(v, &rx)) {
        v->dropped++;
        br->dropped++;
        return;
    }
    backend_copy_op(&ops[*n], false, br->scratch[k / 2], 0,
                    (uint16_t)((k % 2) * NETBACK_SLOT), true, rx.gref, v->front,
                    0, size);
    out[*n] = (struct delivery){ v, rx.id, size };
    (*n)++;
}

/* An echo request to the bridge itself: turn it into the reply. */
static bool answer_echo(struct netback_bridge *br, uint8_t *pkt, uint16_t size)
{
    struct net_echo e;

    if (size < ETH_HLEN + sizeof(e) || pkt[12] != ETH_P_XENLAB_ECHO >> 8 ||
        pkt[13] != (ETH_P_XENLAB_ECHO & 0xff))
        return false;
    memcpy(&e, pkt + ETH_HLEN, sizeof(e));
    if (e.kind != NET_ECHO_REQUEST)
        return false;
    e.kind = NET_ECHO_REPLY;
    memcpy(pkt + ETH_HLEN, &e, sizeof(e));
    memcpy(pkt, pkt + ETH_ALEN, ETH_ALEN);     /* back to the sender */
    memcpy(pkt + ETH_ALEN, br->mac, ETH_ALEN);
    br->answered++;
    return true;
}

/* Publish rx answers on every interface that got packets. */
static void push_rx(struct netback_bridge *br, struct netback_vif *skip_notify)
{
    for (unsigned int i = 0; i < NETBACK_VIFS; i++) {
        struct netback_vif *v = &br->vif[i];
        int notify;

        if (!v->used || !v->rx_pushed)
            continue;
        v->rx_pushed = false;
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->rx, notify);
        backend_report(&v->rx_link, IORING_REQ_CONSUME, v->rx.req_cons,
                       v->rx.sring->req_prod);
        backend_report(&v->rx_link, IORING_RSP_PRODUCE, v->rx.rsp_prod_pvt,
                       v->rx.sring->req_prod);
        if (notify && v != skip_notify) {
            backend_notify(&v->rx_link);
            backend_report(&v->rx_link, IORING_NOTIFY, 0, 0);
        }
    }
}

/* Up to NETBACK_BATCH packets from vif's tx ring; returns how many. */
static unsigned int batch(struct netback_bridge *br, struct netback_vif *vif,
                          bool *notify_vif)
{
    /* Not on the stack: large, and a backend never runs twice at once. */
    static struct gnttab_copy ops[NETBACK_BATCH], out_ops[OUT_MAX];
    static struct packet pkt[NETBACK_BATCH];
    static struct delivery out[OUT_MAX];
    RING_IDX rp = vif->tx.sring->req_prod, rc = vif->tx.req_cons;
    unsigned int n = 0, m = 0, k;
    int notify;

    xen_rmb();
    if (!ring_ok(vif, rp, true))
        return 0;
    /* In: each packet into a scratch slot of ours. */
    for (; n < NETBACK_BATCH && rc != rp &&
           !RING_REQUEST_CONS_OVERFLOW(&vif->tx, rc); n++) {
        struct netif_tx_request req;

        RING_COPY_REQUEST(&vif->tx, rc, &req);
        vif->tx.req_cons = ++rc;
        pkt[n] = (struct packet){ req.id, req.size, NETIF_RSP_OKAY, false };
        if (req.flags & (NETTXF_more_data | NETTXF_extra_info)) {
            backend_bad(&vif->tx_link, IORING_BAD_OP, rc - 1, req.flags);
            pkt[n].status = NETIF_RSP_ERROR;
        } else if (req.size < ETH_HLEN || req.size > ETH_FRAME_MAX ||
                   req.offset + req.size > 4096) {
            backend_bad(&vif->tx_link, IORING_BAD_SIZE, rc - 1,
                        (uint32_t)req.offset << 16 | req.size);
            pkt[n].status = NETIF_RSP_ERROR;
        } else {
            pkt[n].valid = true;
        }
        backend_copy_op(&ops[n], true, req.gref, vif->front, req.offset, false,
                        br->scratch[n / 2], 0, (uint16_t)((n % 2) * NETBACK_SLOT),
                        pkt[n].valid ? req.size : 0);
    }
    if (!n)
        return 0;
    backend_copy(ops, n);
    backend_report(&vif->tx_link, IORING_REQ_CONSUME, rc, rp);

    /* Out: each to where its destination address says. */
    for (k = 0; k < n; k++) {
        uint8_t *p = slot_va(br, k);

        if (!pkt[k].valid)
            continue;
        if (ops[k].status != GNTST_okay) {
            backend_bad(&vif->tx_link, IORING_BAD_GRANT, rc - n + k,
                        (uint32_t)ops[k].status);
            pkt[k].status = NETIF_RSP_ERROR;
            vif->refused++;
            continue;
        }
        vif->tx_packets++;
        if (!memcmp(p, br->mac, ETH_ALEN)) {
            if (answer_echo(br, p, pkt[k].size))
                deliver(br, k, pkt[k].size, vif, out_ops, out, &m);
            continue;
        }
        for (unsigned int i = 0; i < NETBACK_VIFS; i++) {
            struct netback_vif *to = &br->vif[i];

            if (to != vif && to->used && !to->broken &&
                (!memcmp(p, to->mac, ETH_ALEN) || !memcmp(p, broadcast, ETH_ALEN))) {
                deliver(br, k, pkt[k].size, to, out_ops, out, &m);
                br->forwarded++;
            }
        }
    }
    backend_copy(out_ops, m);
    for (unsigned int i = 0; i < m; i++) {
        struct netback_vif *to = out[i].to;
        struct netif_rx_response *r = RING_GET_RESPONSE(&to->rx,
                                                        to->rx.rsp_prod_pvt);

        r->id = out[i].rx_id;
        r->offset = 0;
        r->flags = NETRXF_data_validated;
        r->status = out_ops[i].status == GNTST_okay ? (int16_t)out[i].size
                                                    : NETIF_RSP_ERROR;
        if (out_ops[i].status != GNTST_okay) {
            backend_bad(&to->rx_link, IORING_BAD_GRANT, to->rx.rsp_prod_pvt,
                        (uint32_t)out_ops[i].status);
            to->refused++;
        } else {
            to->rx_packets++;
        }
        to->rx.rsp_prod_pvt++;
        to->rx_pushed = true;
    }

    /* Every tx request gets its answer, in order. */
    for (k = 0; k < n; k++) {
        struct netif_tx_response *r = RING_GET_RESPONSE(&vif->tx,
                                                         vif->tx.rsp_prod_pvt);

        r->id = pkt[k].id;
        r->status = pkt[k].status;
        vif->tx.rsp_prod_pvt++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&vif->tx, notify);
    backend_report(&vif->tx_link, IORING_RSP_PRODUCE, vif->tx.rsp_prod_pvt, rp);
    *notify_vif |= notify || vif->rx_pushed;
    push_rx(br, vif);
    return n;
}

unsigned int netback_work(struct netback_bridge *br, struct netback_vif *vif)
{
    unsigned int done = 0, moved;
    bool notify_vif = false;
    int more;

    if (!vif->used)
        return 0;
    do {
        while ((moved = batch(br, vif, &notify_vif)) != 0)
            done += moved;
        RING_FINAL_CHECK_FOR_REQUESTS(&vif->tx, more);
    } while (more && !vif->broken);
    /* Empty pages it just posted may let nothing in yet: nothing to do. */
    if (notify_vif) {
        backend_notify(&vif->tx_link);
        backend_report(&vif->tx_link, IORING_NOTIFY, 0, 0);
    }
    return done;
}

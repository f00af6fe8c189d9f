/*
 * netfront.c - a network interface for a guest kernel: the frontend.
 *
 * The lecture's "send packet / receive packet", the guest's half. Two
 * rings share one event channel:
 *
 *   send:    copy the frame into one of our tx buffers (half a page each,
 *            granted read-only to the backend once), queue a tx request
 *            {gref, offset, size, id}; the backend answers {id, status}
 *            and the buffer is free again.
 *   receive: keep NETFRONT_RX empty pages (granted writable, once) posted
 *            as rx requests {id, gref}; the backend fills one per frame
 *            and answers {id, offset, status = length}; we copy the frame
 *            out and post the page again at once.
 *
 * Our address (mac) is in our device directory, where the toolstack put
 * it; the backend bridges frames to whichever interface has their
 * destination address.
 */
#include "io.h"
#include "backends/netback.h"

#define TX_PAGES (NETFRONT_TX / 2)

static struct {
    bool connected;
    char dir[64], back[96];
    domid_t backend;
    uint8_t mac[ETH_ALEN];
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    evtchn_port_t port;
    uint32_t tx_id, rx_id;
    uint8_t *tx_page[TX_PAGES];
    grant_ref_t tx_ref[TX_PAGES];
    bool tx_busy[NETFRONT_TX];
    uint8_t *rx_page[NETFRONT_RX];
    grant_ref_t rx_ref[NETFRONT_RX];
    struct netfront_stats stats;
} net = { .dir = "device/vif/0" };

static void net_event(evtchn_port_t port)
{
    (void)port;                         /* the waits look at the rings */
}

static void post_rx(uint16_t id)
{
    struct netif_rx_request *req = RING_GET_REQUEST(&net.rx, net.rx.req_prod_pvt);

    req->id = id;
    req->pad = 0;
    req->gref = net.rx_ref[id];
    net.rx.req_prod_pvt++;
}

static void push_rx(void)
{
    int notify;

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&net.rx, notify);
    ioring_pushed(net.rx_id, net.rx.req_prod_pvt, net.rx.sring->rsp_prod, notify,
                  net.port);
}

int netfront_connect(void)
{
    char path[128], mac[24];
    netif_tx_sring_t *txs;
    netif_rx_sring_t *rxs;
    int rc;

    if ((rc = xenbus_front_find(net.dir, &net.backend, net.back, sizeof(net.back))))
        return rc;
    snprintf(path, sizeof(path), "%s/mac", net.dir);
    if ((rc = xenbus_read(path, mac, sizeof(mac))) < 0 || !netback_parse_mac(mac, net.mac))
        return rc < 0 ? rc : -XEN_EINVAL;

    txs = guest_alloc_page();
    rxs = guest_alloc_page();
    SHARED_RING_INIT(txs);
    SHARED_RING_INIT(rxs);
    FRONT_RING_INIT(&net.tx, txs, 4096);
    FRONT_RING_INIT(&net.rx, rxs, 4096);
    net.tx_ring_ref = gnttab_grant(net.backend, virt_to_mfn(txs), false);
    net.rx_ring_ref = gnttab_grant(net.backend, virt_to_mfn(rxs), false);
    for (unsigned int i = 0; i < TX_PAGES; i++) {
        net.tx_page[i] = guest_alloc_page();
        net.tx_ref[i] = gnttab_grant(net.backend, virt_to_mfn(net.tx_page[i]), true);
    }
    for (uint16_t i = 0; i < NETFRONT_RX; i++) {
        net.rx_page[i] = guest_alloc_page();
        net.rx_ref[i] = gnttab_grant(net.backend, virt_to_mfn(net.rx_page[i]), false);
        post_rx(i);
    }
    RING_PUSH_REQUESTS(&net.rx);
    net.port = evtchn_alloc_unbound(net.backend);
    guest_bind_port(net.port, net_event);
    net.tx_id = ioring_setup(IORING_NET_TX << 8, net.backend, RING_SIZE(&net.tx),
                             IORING_NET_TX);
    net.rx_id = ioring_setup(IORING_NET_RX << 8, net.backend, RING_SIZE(&net.rx),
                             IORING_NET_RX);

    if ((rc = xenbus_printf(net.dir, "tx-ring-ref", "%u", net.tx_ring_ref)) ||
        (rc = xenbus_printf(net.dir, "rx-ring-ref", "%u", net.rx_ring_ref)) ||
        (rc = xenbus_printf(net.dir, "event-channel", "%u", net.port)) ||
        (rc = xenbus_printf(net.dir, "request-rx-copy", "1")) ||
        (rc = xenbus_front_connect(net.dir, net.back)))
        return rc;
    xenbus_printf(net.dir, "state", "%u", XenbusStateConnected);
    net.connected = true;
    return 0;
}

const uint8_t *netfront_mac(void)
{
    return net.mac;
}

domid_t netfront_backend(void)
{
    return net.backend;
}

netif_tx_front_ring_t *netfront_tx_ring(void)
{
    return &net.tx;
}

netif_rx_front_ring_t *netfront_rx_ring(void)
{
    return &net.rx;
}

evtchn_port_t netfront_port(void)
{
    return net.port;
}

const struct netfront_stats *netfront_stats(void)
{
    return &net.stats;
}

/* Collect tx answers: their buffers are free again. */
static void reclaim_tx(void)
{
    RING_IDX prod = net.tx.sring->rsp_prod;
    bool any = net.tx.rsp_cons != prod;

    xen_rmb();
    if (RING_RESPONSE_PROD_OVERFLOW(&net.tx, prod))
        guest_exit(RESULT_FAILURE, "netfront: the backend claims %u tx answers",
                   prod - net.tx.rsp_cons);
    while (net.tx.rsp_cons != prod) {
        struct netif_tx_response rsp;

        RING_COPY_RESPONSE(&net.tx, net.tx.rsp_cons, &rsp);
        net.tx.rsp_cons++;
        if (rsp.id < NETFRONT_TX)
            net.tx_busy[rsp.id] = false;
        if (rsp.status != NETIF_RSP_OKAY)
            net.stats.tx_errors++;
    }
    if (any)
        ioring_report(net.tx_id, IORING_RSP_CONSUME, net.tx.rsp_cons, prod);
}

int netfront_send(const void *frame, unsigned int len)
{
    struct netif_tx_request *req;
    int slot = -1, notify;

    if (!net.connected || len < ETH_HLEN || len > ETH_FRAME_MAX)
        return -XEN_EINVAL;
    reclaim_tx();
    for (int i = 0; i < NETFRONT_TX && slot < 0; i++)
        if (!net.tx_busy[i])
            slot = i;
    if (slot < 0 || RING_FULL(&net.tx))
        return -XEN_EAGAIN;
    net.tx_busy[slot] = true;
    memcpy(net.tx_page[slot / 2] + (slot % 2) * 2048, frame, len);
    req = RING_GET_REQUEST(&net.tx, net.tx.req_prod_pvt);
    req->gref = net.tx_ref[slot / 2];
    req->offset = (uint16_t)((slot % 2) * 2048);
    req->flags = 0;
    req->id = (uint16_t)slot;
    req->size = (uint16_t)len;
    net.tx.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&net.tx, notify);
    ioring_pushed(net.tx_id, net.tx.req_prod_pvt, net.tx.sring->rsp_prod, notify,
                  net.port);
    net.stats.sent++;
    return 0;
}

int netfront_recv(void *buf, unsigned int size)
{
    struct netif_rx_response rsp;
    RING_IDX prod = net.rx.sring->rsp_prod;
    int len;

    xen_rmb();
    reclaim_tx();
    if (net.rx.rsp_cons == prod)
        return 0;
    if (RING_RESPONSE_PROD_OVERFLOW(&net.rx, prod))
        guest_exit(RESULT_FAILURE, "netfront: the backend claims %u rx answers",
                   prod - net.rx.rsp_cons);
    RING_COPY_RESPONSE(&net.rx, net.rx.rsp_cons, &rsp);
    net.rx.rsp_cons++;
    ioring_report(net.rx_id, IORING_RSP_CONSUME, net.rx.rsp_cons, prod);
    if (rsp.id >= NETFRONT_RX)
        guest_exit(RESULT_FAILURE, "netfront: an answer for rx buffer %u", rsp.id);
    if (rsp.status <= 0 || rsp.offset + (unsigned int)rsp.status > 4096) {
        net.stats.rx_errors++;
        len = rsp.status <= 0 ? rsp.status : NETIF_RSP_ERROR;
    } else {
        len = MIN(rsp.status, (int)size);
        memcpy(buf, net.rx_page[rsp.id] + rsp.offset, (size_t)len);
        net.stats.received++;
    }
    post_rx(rsp.id);                    /* the page goes straight back */
    push_rx();
    return len;
}

static bool something(void *arg)
{
    int rx, tx;

    RING_FINAL_CHECK_FOR_RESPONSES(&net.rx, rx);
    RING_FINAL_CHECK_FOR_RESPONSES(&net.tx, tx);
    return rx || (tx && *(bool *)arg);
}

void netfront_wait(void)
{
    bool want_tx = false;

    for (int i = 0; i < NETFRONT_TX; i++)
        want_tx |= net.tx_busy[i];
    guest_wait(something, &want_tx);
}

void netfront_disconnect(void)
{
    if (!net.connected)
        return;
    xenbus_front_close(net.dir, net.back);
    gnttab_end(net.tx_ring_ref);
    gnttab_end(net.rx_ring_ref);
    for (unsigned int i = 0; i < TX_PAGES; i++)
        gnttab_end(net.tx_ref[i]);
    for (unsigned int i = 0; i < NETFRONT_RX; i++)
        gnttab_end(net.rx_ref[i]);
    net.connected = false;
}

/*
 * blkfront.c - a disk for a guest kernel: the block frontend.
 *
 * The lecture's split driver, front half. The toolstack wrote our device
 * directory (device/vbd/0) with the backend's domain and directory. We:
 *
 *   1. take a page for the ring, initialise it, grant it to the backend;
 *   2. take BLKFRONT_SLOTS data pages, grant each once, for good (the
 *      backend copies in and out of them by grant reference);
 *   3. allocate an event-channel port for the backend to bind;
 *   4. write ring-ref and event-channel, then state = Initialised;
 *   5. wait for the backend to say Connected; read its size (sectors).
 *
 * Then each request names one slot's page (one segment, up to its 8
 * sectors). Requests are queued privately and published together by
 * blkfront_push(), which notifies the backend only if it asked to be
 * woken (io/ring.h). Every ring move is reported to the trace.
 */
#include "io.h"

static struct {
    bool connected;
    char dir[64], back[96];
    domid_t backend;
    blkif_front_ring_t ring;
    grant_ref_t ring_ref;
    evtchn_port_t port;
    uint32_t ring_id;
    uint64_t sectors;
    void *data[BLKFRONT_SLOTS];
    grant_ref_t data_ref[BLKFRONT_SLOTS];
    bool busy[BLKFRONT_SLOTS];
    unsigned int in_flight;
} blk = { .dir = "device/vbd/0" };

static void blk_event(evtchn_port_t port)
{
    (void)port;                         /* the waits look at the ring */
}

static int connect_fail(const char *what, int rc)
{
    printf("blkfront: %s failed (%d)\n", what, rc);
    return rc ? rc : -XEN_EIO;
}

int blkfront_connect(void)
{
    char path[128];
    unsigned long sectors;
    blkif_sring_t *sring;
    int rc;

    if ((rc = xenbus_front_find(blk.dir, &blk.backend, blk.back, sizeof(blk.back))))
        return connect_fail("finding the backend", rc);

    sring = guest_alloc_page();
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&blk.ring, sring, 4096);
    blk.ring_ref = gnttab_grant(blk.backend, virt_to_mfn(sring), false);
    for (unsigned int i = 0; i < BLKFRONT_SLOTS; i++) {
        blk.data[i] = guest_alloc_page();
        blk.data_ref[i] = gnttab_grant(blk.backend, virt_to_mfn(blk.data[i]), false);
    }
    blk.port = evtchn_alloc_unbound(blk.backend);
    guest_bind_port(blk.port, blk_event);
    blk.ring_id = ioring_setup(IORING_BLOCK << 8, blk.backend, RING_SIZE(&blk.ring),
                               IORING_BLOCK);

    if ((rc = xenbus_printf(blk.dir, "ring-ref", "%u", blk.ring_ref)) ||
        (rc = xenbus_printf(blk.dir, "event-channel", "%u", blk.port)))
        return connect_fail("writing to xenstore", rc);
    if ((rc = xenbus_front_connect(blk.dir, blk.back)))
        return connect_fail("waiting for the backend", rc);
    snprintf(path, sizeof(path), "%s/sectors", blk.back);
    if ((rc = xenbus_read_ulong(path, &sectors)))
        return connect_fail("reading sectors", rc);
    blk.sectors = sectors;
    xenbus_printf(blk.dir, "state", "%u", XenbusStateConnected);
    blk.connected = true;
    return 0;
}

uint64_t blkfront_sectors(void)
{
    return blk.sectors;
}

domid_t blkfront_backend(void)
{
    return blk.backend;
}

void *blkfront_buffer(int slot)
{
    return blk.data[slot];
}

blkif_front_ring_t *blkfront_ring(void)
{
    return &blk.ring;
}

grant_ref_t blkfront_buffer_ref(int slot)
{
    return blk.data_ref[slot];
}

evtchn_port_t blkfront_port(void)
{
    return blk.port;
}

unsigned int blkfront_in_flight(void)
{
    return blk.in_flight;
}

int blkfront_queue(bool write, uint64_t sector, unsigned int nsect)
{
    struct blkif_request *req;
    int slot = -1;

    if (!blk.connected || RING_FULL(&blk.ring))
        return -XEN_EAGAIN;
    for (int i = 0; i < BLKFRONT_SLOTS && slot < 0; i++)
        if (!blk.busy[i])
            slot = i;
    if (slot < 0)
        return -XEN_EAGAIN;
    req = RING_GET_REQUEST(&blk.ring, blk.ring.req_prod_pvt);
    req->operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
    req->nr_segments = 1;
    req->handle = 0;
    req->id = (uint64_t)slot;
    req->sector_number = sector;
    req->seg[0].gref = blk.data_ref[slot];
    req->seg[0].first_sect = 0;
    req->seg[0].last_sect = (uint8_t)(nsect - 1);
    blk.ring.req_prod_pvt++;
    blk.busy[slot] = true;
    blk.in_flight++;
    return slot;
}

void blkfront_push(void)
{
    int notify;

    if (blk.ring.req_prod_pvt == blk.ring.sring->req_prod)
        return;                         /* nothing new to publish */

    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&blk.ring, notify);
    ioring_pushed(blk.ring_id, blk.ring.req_prod_pvt, blk.ring.sring->rsp_prod, notify,
                  blk.port);
}

int blkfront_complete(int16_t *status)
{
    struct blkif_response rsp;
    RING_IDX prod = blk.ring.sring->rsp_prod;

    xen_rmb();
    if (blk.ring.rsp_cons == prod)
        return -1;
    if (RING_RESPONSE_PROD_OVERFLOW(&blk.ring, prod))
        guest_exit(RESULT_FAILURE, "blkfront: the backend claims %u responses",
                   prod - blk.ring.rsp_cons);
    RING_COPY_RESPONSE(&blk.ring, blk.ring.rsp_cons, &rsp);
    blk.ring.rsp_cons++;
    ioring_report(blk.ring_id, IORING_RSP_CONSUME, blk.ring.rsp_cons, prod);
    if (rsp.id >= BLKFRONT_SLOTS || !blk.busy[rsp.id])
        guest_exit(RESULT_FAILURE, "blkfront: a response for no request (%llu)",
                   (unsigned long long)rsp.id);
    blk.busy[rsp.id] = false;
    blk.in_flight--;
    *status = rsp.status;
    return (int)rsp.id;
}

static bool responses(void *arg)
{
    int more;

    RING_FINAL_CHECK_FOR_RESPONSES(&blk.ring, more);
    return more;
}

void blkfront_wait(void)
{
    guest_wait(responses, NULL);
}

int blkfront_rw(bool write, uint64_t sector, void *data, unsigned int nsect)
{
    int16_t status;
    int slot = blkfront_queue(write, sector, nsect);

    if (slot < 0)
        return slot;
    if (write)
        memcpy(blk.data[slot], data, nsect * BLKIF_SECTOR_SIZE);
    blkfront_push();
    for (;;) {
        int done = blkfront_complete(&status);

        if (done == slot)
            break;
        if (done < 0)
            blkfront_wait();
    }
    if (!write && status == BLKIF_RSP_OKAY)
        memcpy(data, blk.data[slot], nsect * BLKIF_SECTOR_SIZE);
    return status;
}

uint32_t blkfront_pages(bool write, uint32_t first, uint32_t n,
                        blk_pattern_fn pattern, void *arg)
{
    static uint8_t expect[4096];
    uint32_t queued = 0, done = 0, good = 0, page_of[BLKFRONT_SLOTS];

    while (done < n) {
        int16_t status;
        int slot;

        while (queued < n &&
               (slot = blkfront_queue(write, (uint64_t)(first + queued) * 8, 8)) >= 0) {
            page_of[slot] = first + queued;
            if (write)
                pattern(first + queued, blkfront_buffer(slot), arg);
            queued++;
        }
        blkfront_push();
        while ((slot = blkfront_complete(&status)) >= 0) {
            done++;
            if (status != BLKIF_RSP_OKAY)
                continue;
            if (!write)
                pattern(page_of[slot], expect, arg);
            good += write || !memcmp(blkfront_buffer(slot), expect, 4096);
        }
        if (done < queued)
            blkfront_wait();
    }
    return good;
}

void blkfront_disconnect(void)
{
    if (!blk.connected)
        return;
    xenbus_front_close(blk.dir, blk.back);
    gnttab_end(blk.ring_ref);
    for (unsigned int i = 0; i < BLKFRONT_SLOTS; i++)
        gnttab_end(blk.data_ref[i]);
    blk.connected = false;
}

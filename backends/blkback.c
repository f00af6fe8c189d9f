/*
 * blkback.c - the block backend: sectors of a ramdisk for a frontend.
 *
 * The lecture's split driver for a disk. The frontend queues requests
 * (read or write, a start sector, up to 11 segments each naming a page
 * it granted us and which of its 8 sectors to use); we copy between
 * those pages and the ramdisk and answer each request with a status.
 *
 *   frontend page (granted)          ramdisk (our own frames)
 *   [s0 s1 s2 s3 s4 s5 s6 s7]  <-->  sector_number * 512 ...
 *        first_sect..last_sect        one copy per ramdisk page touched
 *
 * The ring discipline of io/ring.h: consume everything there, answer,
 * publish the answers (notifying only if the frontend asked), then look
 * once more before sleeping. Every pass is reported to the trace.
 */
#include <klib.h>
#include "blkback.h"

#define SECTORS_PER_PAGE    (4096 / BLKIF_SECTOR_SIZE)
#define COPIES_MAX          (2 * BLKIF_MAX_SEGMENTS_PER_REQUEST)

void blkback_init(struct blkback *b, void *sring, const struct backend_ring *link,
                  const uint32_t *disk, uint32_t disk_pages)
{
    memset(b, 0, sizeof(*b));
    BACK_RING_INIT(&b->ring, (blkif_sring_t *)sring, 4096);
    b->link = *link;
    b->disk = disk;
    b->sectors = (uint64_t)disk_pages * SECTORS_PER_PAGE;
}

static int16_t refuse(struct blkback *b, RING_IDX slot, uint32_t problem,
                      uint32_t value)
{
    backend_bad(&b->link, problem, slot, value);
    b->refused++;
    return BLKIF_RSP_ERROR;
}

/* One request, already copied out of the ring: check it, do it. */
static int16_t serve(struct blkback *b, const struct blkif_request *req,
                     RING_IDX slot)
{
    struct gnttab_copy ops[COPIES_MAX];
    bool write = req->operation == BLKIF_OP_WRITE;
    uint64_t sector = req->sector_number, total = 0;
    unsigned int n = 0;

    if (req->operation == BLKIF_OP_FLUSH_DISKCACHE && req->nr_segments == 0) {
        b->requests++;
        return BLKIF_RSP_OKAY;          /* a ramdisk has no cache */
    }
    if (req->operation != BLKIF_OP_READ && !write)
        return refuse(b, slot, IORING_BAD_OP, req->operation);
    if (req->nr_segments == 0 || req->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST)
        return refuse(b, slot, IORING_BAD_SEGMENTS, req->nr_segments);
    for (unsigned int i = 0; i < req->nr_segments; i++) {
        const struct blkif_request_segment *s = &req->seg[i];

        if (s->first_sect > s->last_sect || s->last_sect >= SECTORS_PER_PAGE)
            return refuse(b, slot, IORING_BAD_SEGMENTS,
                          (uint32_t)s->first_sect << 8 | s->last_sect);
        total += s->last_sect - s->first_sect + 1u;
    }
    if (sector >= b->sectors || total > b->sectors - sector)
        return refuse(b, slot, IORING_BAD_SECTOR, (uint32_t)sector);

    /* Each segment, split where it crosses a ramdisk page. */
    for (unsigned int i = 0; i < req->nr_segments; i++) {
        const struct blkif_request_segment *s = &req->seg[i];
        uint32_t bytes = (s->last_sect - s->first_sect + 1u) * BLKIF_SECTOR_SIZE;
        uint16_t goff = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE);
        uint64_t at = sector * BLKIF_SECTOR_SIZE;

        while (bytes) {
            uint32_t page = (uint32_t)(at / 4096), off = (uint32_t)(at % 4096);
            uint16_t len = (uint16_t)MIN(bytes, 4096 - off);

            if (write)
                backend_copy_op(&ops[n++], true, s->gref, b->link.front, goff,
                                false, b->disk[page], 0, (uint16_t)off, len);
            else
                backend_copy_op(&ops[n++], false, b->disk[page], 0, (uint16_t)off,
                                true, s->gref, b->link.front, goff, len);
            bytes -= len;
            goff = (uint16_t)(goff + len);
            at += len;
        }
        sector += s->last_sect - s->first_sect + 1u;
    }
    backend_copy(ops, n);
    for (unsigned int i = 0; i < n; i++)
        if (ops[i].status != GNTST_okay)
            return refuse(b, slot, IORING_BAD_GRANT, (uint32_t)ops[i].status);
    b->requests++;
    return BLKIF_RSP_OKAY;
}

unsigned int blkback_work(struct blkback *b)
{
    unsigned int done = 0;
    int more;

    while (!b->broken) {
        RING_IDX rp = b->ring.sring->req_prod, rc = b->ring.req_cons;
        int notify;

        xen_rmb();                      /* the index before the requests */
        if (RING_REQUEST_PROD_OVERFLOW(&b->ring, rp)) {
            /* More requests than slots: the frontend is broken or hostile. */
            b->broken = true;
            backend_bad(&b->link, IORING_OVERFLOW, rc, rp - rc);
            break;
        }
        while (rc != rp && !RING_REQUEST_CONS_OVERFLOW(&b->ring, rc)) {
            struct blkif_request req;
            struct blkif_response *rsp;

            RING_COPY_REQUEST(&b->ring, rc, &req);
            b->ring.req_cons = ++rc;
            rsp = RING_GET_RESPONSE(&b->ring, b->ring.rsp_prod_pvt);
            rsp->status = serve(b, &req, rc - 1);
            rsp->id = req.id;
            rsp->operation = req.operation;
            b->ring.rsp_prod_pvt++;
            done++;
        }
        backend_report(&b->link, IORING_REQ_CONSUME, rc, rp);
        RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b->ring, notify);
        backend_report(&b->link, IORING_RSP_PRODUCE, b->ring.rsp_prod_pvt, rp);
        if (notify) {
            backend_notify(&b->link);
            backend_report(&b->link, IORING_NOTIFY, 0, 0);
        }
        RING_FINAL_CHECK_FOR_REQUESTS(&b->ring, more);
        if (!more)
            break;
    }
    return done;
}

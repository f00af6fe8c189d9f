/*
 * hostile.c - a domU that attacks inter-domain I/O from every side.
 *
 * It shares a driver domain with a victim (victim.c) and tries to reach
 * the victim's or anyone's memory through grants and rings, to break
 * domain 0's backends with malformed requests, to meddle with the
 * victim's keys in xenstore and its event channels. Every attempt must be
 * refused; each one that is not is printed as an ESCAPE and fails the
 * test. At the end it breaks its own rings and its store connection on
 * purpose: the backends must cut it off and go on serving the victim,
 * which checks its disk and network afterwards.
 */
#include "guest/io.h"

static unsigned int attacks, escapes;

static void refused(bool ok, const char *what, long detail)
{
    attacks++;
    if (!ok) {
        escapes++;
        printf("hostile: ESCAPE: %s (%ld)\n", what, detail);
    }
}

/* Frames that are ours to name: our memory, and the pages the hypervisor
 * lends us (shared_info, the grant table). */
static xen_pfn_t lent[4];

static bool own_frame(unsigned long mfn)
{
    unsigned long pfn = mfn_to_pfn(mfn);

    for (unsigned int i = 0; i < ARRAY_SIZE(lent); i++)
        if (mfn == lent[i])
            return true;
    return mfn == start_info->shared_info >> 12 ||
           (pfn < guest_nr_pfns() && pfn_to_mfn(pfn) == mfn);
}

static void find_lent_frames(void)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 4,
                                     .frame_list = lent };

    if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) || st.status)
        guest_exit(RESULT_ERROR, "setup_table failed");
}

/* A frame that is not ours (the first found above `from`). */
static unsigned long foreign_frame(unsigned long from)
{
    while (own_frame(from))
        from++;
    return from;
}

/* ---- Grants ------------------------------------------------------------- */

static void grants(void)
{
    void *slot = guest_alloc_page();
    uint8_t *mine = guest_alloc_page();
    grant_handle_t h;
    unsigned long max = (unsigned long)HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    struct gnttab_copy ops[64];
    unsigned int n = 0;

    /* Every reference of the victim's and domain 0's tables: none is ours. */
    for (grant_ref_t ref = 0; ref < 64; ref++) {
        for (domid_t dom = 0; dom < 2; dom++) {
            int16_t st = gnttab_map(dom, ref, slot, true, &h);

            refused(st != GNTST_okay, "mapped another domain's grant", ref);
            if (st == GNTST_okay)
                gnttab_unmap(slot, h);
        }
        struct gnttab_copy in = {
            .source = { .u.ref = ref, .domid = 1 },
            .dest = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF },
            .len = 64, .flags = GNTCOPY_source_gref,
        }, out = {
            .source = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF },
            .dest = { .u.ref = ref, .domid = 1 },
            .len = 64, .flags = GNTCOPY_dest_gref,
        };
        gnttab_copy(&in, 1);
        gnttab_copy(&out, 1);
        refused(in.status != GNTST_okay, "copied from the victim's grant", ref);
        refused(out.status != GNTST_okay, "copied into the victim's grant", ref);
    }

    /* Every 7th frame of the machine, named directly, if not ours. */
    for (unsigned long mfn = 0; mfn <= max; mfn += 7) {
        if (own_frame(mfn))
            continue;
        ops[n++] = (struct gnttab_copy){
            .source = { .u.gmfn = mfn, .domid = DOMID_SELF },
            .dest = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF },
            .len = 8,
        };
        if (n == ARRAY_SIZE(ops) || mfn + 7 > max) {
            gnttab_copy(ops, n);
            for (unsigned int i = 0; i < n; i++)
                refused(ops[i].status != GNTST_okay, "copied a foreign frame",
                        (long)ops[i].source.u.gmfn);
            n = 0;
        }
    }
    /* Naming the victim's domain for a frame instead of a grant. */
    ops[0] = (struct gnttab_copy){
        .source = { .u.gmfn = foreign_frame(1000), .domid = 1 },
        .dest = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF },
        .len = 8,
    };
    gnttab_copy(ops, 1);
    refused(ops[0].status != GNTST_okay, "copied with another's domid", 0);
}

/* ---- Rings: malformed block requests --------------------------------------- */

/* Publish and notify, whether or not the backend asked to be woken. */
static void push_and_notify(blkif_front_ring_t *r)
{
    RING_PUSH_REQUESTS(r);
    evtchn_notify(blkfront_port());
}

static bool blk_answered(void *arg)
{
    blkif_front_ring_t *r = arg;

    return r->sring->rsp_prod != r->rsp_cons;
}

/* One request of our own making; the status domain 0 answered. */
static int16_t blk_raw(const struct blkif_request *req)
{
    blkif_front_ring_t *r = blkfront_ring();
    struct blkif_response rsp;

    *RING_GET_REQUEST(r, r->req_prod_pvt) = *req;
    r->req_prod_pvt++;
    push_and_notify(r);
    if (!guest_wait_ms(blk_answered, r, 5000))
        guest_exit(RESULT_FAILURE, "domain 0 stopped answering");
    RING_COPY_RESPONSE(r, r->rsp_cons, &rsp);
    r->rsp_cons++;
    return rsp.status;
}

static void blk_attack(const char *what, uint8_t op, uint8_t nseg, uint64_t sector,
                       grant_ref_t gref, uint8_t first, uint8_t last)
{
    struct blkif_request req = {
        .operation = op, .nr_segments = nseg, .id = 7, .sector_number = sector,
    };

    for (unsigned int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        req.seg[i] = (struct blkif_request_segment){ gref, first, last };
    refused(blk_raw(&req) == BLKIF_RSP_ERROR, what, op);
}

static void block(void)
{
    grant_ref_t good = blkfront_buffer_ref(0);
    uint64_t end = blkfront_sectors();
    grant_ref_t not_ours = gnttab_grant(0, foreign_frame(500), false);
    grant_ref_t page_table = gnttab_grant(0, virt_to_mfn((void *)start_info->pt_base),
                                          false);
    struct blkif_request ok = { .operation = BLKIF_OP_WRITE, .nr_segments = 1,
                                .seg = { { good, 0, 7 } } };

    blk_attack("unknown operation", 77, 1, 0, good, 0, 0);
    blk_attack("no segments", BLKIF_OP_READ, 0, 0, good, 0, 0);
    blk_attack("12 segments", BLKIF_OP_READ, 12, 0, good, 0, 0);
    blk_attack("255 segments", BLKIF_OP_READ, 255, 0, good, 0, 0);
    blk_attack("sector 8 of a page", BLKIF_OP_READ, 1, 0, good, 0, 8);
    blk_attack("first after last", BLKIF_OP_READ, 1, 0, good, 5, 2);
    blk_attack("past the disk's end", BLKIF_OP_WRITE, 1, end, good, 0, 0);
    blk_attack("across the disk's end", BLKIF_OP_WRITE, 1, end - 2, good, 0, 7);
    blk_attack("sector 2^64-1", BLKIF_OP_WRITE, 1, ~0ull, good, 0, 1);
    blk_attack("a reference never filled", BLKIF_OP_WRITE, 1, 0, 1000, 0, 0);
    blk_attack("a reference beyond the table", BLKIF_OP_READ, 1, 0, 99999, 0, 0);
    /* Our grants of frames that are not ours (or are page tables). */
    blk_attack("write from a foreign frame", BLKIF_OP_WRITE, 1, 0, not_ours, 0, 7);
    blk_attack("read into a foreign frame", BLKIF_OP_READ, 1, 0, not_ours, 0, 7);
    blk_attack("read into our page table", BLKIF_OP_READ, 1, 0, page_table, 0, 7);
    /* And domain 0 still serves a good request. */
    if (blk_raw(&ok) != BLKIF_RSP_OKAY)
        guest_exit(RESULT_FAILURE, "domain 0 refused a good request after them");
}

/* ---- Rings: malformed packets ----------------------------------------------- */

static bool tx_answered(void *arg)
{
    netif_tx_front_ring_t *r = arg;

    return r->sring->rsp_prod != r->rsp_cons;
}

static void net_attack(const char *what, grant_ref_t gref, uint16_t offset,
                       uint16_t size, uint16_t flags)
{
    netif_tx_front_ring_t *r = netfront_tx_ring();
    struct netif_tx_request *req = RING_GET_REQUEST(r, r->req_prod_pvt);
    struct netif_tx_response rsp;

    *req = (struct netif_tx_request){ gref, offset, flags, 99, size };
    r->req_prod_pvt++;
    RING_PUSH_REQUESTS(r);
    evtchn_notify(netfront_port());
    if (!guest_wait_ms(tx_answered, r, 5000))
        guest_exit(RESULT_FAILURE, "domain 0 stopped answering packets");
    RING_COPY_RESPONSE(r, r->rsp_cons, &rsp);
    r->rsp_cons++;
    refused(rsp.status == NETIF_RSP_ERROR, what, size);
}

static void network(void)
{
    uint8_t *page = guest_alloc_page();
    grant_ref_t mine = gnttab_grant(0, virt_to_mfn(page), true);
    grant_ref_t not_ours = gnttab_grant(0, foreign_frame(600), true);

    net_attack("an empty packet", mine, 0, 0, 0);
    net_attack("shorter than a header", mine, 0, 10, 0);
    net_attack("longer than a frame", mine, 0, ETH_FRAME_MAX + 1, 0);
    net_attack("off the end of its page", mine, 4000, 200, 0);
    net_attack("fragments", mine, 0, 100, NETTXF_more_data);
    net_attack("a reference never filled", 2000, 0, 100, 0);
    net_attack("a foreign frame", not_ours, 0, 100, 0);
}

/* ---- xenstore and event channels ----------------------------------------------- */

static void store(void)
{
    char v[64];
    int rc, i;

    rc = xenbus_read("/local/domain/1/device/vbd/0/ring-ref", v, sizeof(v));
    refused(rc == -XEN_EACCES, "read the victim's ring-ref", rc);
    rc = xenbus_write("/local/domain/1/device/vbd/0/state", "6");
    refused(rc == -XEN_EACCES, "closed the victim's disk", rc);
    rc = xenbus_write("/local/domain/0/backend/vbd/1/0/state", "6");
    refused(rc == -XEN_EACCES, "closed the victim's backend", rc);
    rc = xenbus_rm("/local/domain/0/backend");
    refused(rc == -XEN_EACCES, "removed domain 0's backends", rc);
    rc = xenbus_set_perms("/local/domain/1", 2, 2);
    refused(rc == -XEN_EACCES, "took the victim's home", rc);
    rc = xenbus_write("/tool/owned", "1");
    refused(rc == -XEN_EACCES, "wrote outside its home", rc);
    rc = xenbus_directory("/local/domain/1", v, sizeof(v));
    refused(rc == -XEN_EACCES, "listed the victim's home", rc);
    /* Filling the store: stopped by a quota, not by the store filling up. */
    for (i = 0, rc = 0; i < 200 && !rc; i++) {
        char key[32];

        snprintf(key, sizeof(key), "junk/%d", i);
        rc = xenbus_write(key, "x");
    }
    refused(rc == -XEN_ENOSPC && i < 200, "filled the store", i);
    for (int k = 0; k < i; k++) {
        char key[32];

        snprintf(key, sizeof(key), "junk/%d", k);
        xenbus_rm(key);
    }
}

static void events(void)
{
    struct evtchn_alloc_unbound a = { .dom = 1, .remote_dom = 2 };
    long rc;

    for (evtchn_port_t p = 1; p < 32; p++) {
        rc = evtchn_bind(1, p);
        refused(rc < 0, "bound to the victim's port", p);
    }
    refused(evtchn_notify(0) == -XEN_EINVAL, "sent on port 0", 0);
    refused(evtchn_notify(NR_EVENT_CHANNELS) == -XEN_EINVAL, "sent beyond the ports", 0);
    refused(evtchn_notify(1000) == -XEN_EINVAL, "sent on a closed port", 0);
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    refused(rc == -XEN_EPERM, "made a port in the victim", rc);
}

/* ---- Breaking its own rings, last ------------------------------------------------ */

/* The backend of our device `dir` must say Closing: it gave up on it. */
static void backend_gives_up(const char *dir)
{
    char path[128], back[96];
    long st;

    snprintf(path, sizeof(path), "%s/backend", dir);
    xenbus_read(path, back, sizeof(back));
    snprintf(path, sizeof(path), "%s/state", back);
    st = xenbus_wait_state(path, XenbusStateClosing);
    refused(st == XenbusStateClosing, "a backend kept a broken ring", st);
}

static void break_everything(void)
{
    blkif_front_ring_t *b = blkfront_ring();
    netif_tx_front_ring_t *t = netfront_tx_ring();
    netif_rx_front_ring_t *rx = netfront_rx_ring();
    struct xenstore_domain_interface *s =
        pfn_to_virt(mfn_to_pfn(start_info->store_mfn));
    struct xsd_sockmsg huge = { XS_WRITE, 1, 0, 100000 };

    /* Producer indices far beyond what the rings hold: the backend must
     * give up on the device (and say so) rather than believe them. */
    b->sring->req_prod = b->req_prod_pvt + 1000;
    evtchn_notify(blkfront_port());
    backend_gives_up("device/vbd/0");
    rx->sring->req_prod = rx->req_prod_pvt + 5000;
    t->sring->req_prod = t->req_prod_pvt + 5000;
    evtchn_notify(netfront_port());
    backend_gives_up("device/vif/0");
    /* A xenstore message longer than the protocol allows. */
    for (unsigned int i = 0; i < sizeof(huge); i++)
        s->req[MASK_XENSTORE_IDX(s->req_prod + i)] = ((char *)&huge)[i];
    s->req_prod += sizeof(huge);
    evtchn_notify(start_info->store_evtchn);
}

void guest_main(void)
{
    if (blkfront_connect() || netfront_connect())
        guest_exit(RESULT_ERROR, "no devices to attack with");
    find_lent_frames();
    /* The victim watches this directory: it goes when we do. */
    xenbus_mkdir("attack");
    xenbus_set_perms("attack", 2, 1);
    xenbus_printf("attack", "started", "1");
    xenbus_wait_read("/local/domain/1/victim/ready");

    grants();
    block();
    network();
    store();
    events();
    break_everything();
    printf("hostile: %u attacks, %u escapes\n", attacks, escapes);
    if (escapes)
        guest_exit(RESULT_FAILURE, "%u of %u attacks got through", escapes, attacks);
    guest_exit(RESULT_SUCCESS, "%u attacks, all refused", attacks);
}

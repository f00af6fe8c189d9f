// ring_test.cc - the shared rings of split drivers: the real io/ring.h
// protocol, and the real backends (backends/blkback.c, netback.c) behind
// it, in the hypervisor's placement (hv/common/hv_backend.c supplies their
// grant copies, notifications and reports; grant_table.c checks every
// copy). The frontends here are the tests: they write whatever they like
// into the rings - valid requests, which must round-trip intact, and
// malformed ones, which must be refused with an error and traced while
// the backend carries on.
#include "io_fixture.h"

extern "C" {
#include <hv/io_ring.h>
#include <public/io/blkif.h>
#include <public/io/netif.h>
#include "backends/blkback.h"
#include "backends/netback.h"
}

namespace {

// ---- io/ring.h on its own ----------------------------------------------------

struct Req {
    uint32_t v;
};
struct Rsp {
    uint32_t v;
};
DEFINE_RING_TYPES(test, struct Req, struct Rsp);

TEST(RingMacros, NotificationsOnlyWhenTheOtherSideSleeps)
{
    alignas(4096) static uint8_t page[4096];
    auto *s = reinterpret_cast<test_sring_t *>(page);
    test_front_ring_t f;
    test_back_ring_t b;
    int notify, more;

    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&f, s, 4096);
    BACK_RING_INIT(&b, s, 4096);
    EXPECT_EQ(RING_SIZE(&f), 512u);             // (4096 - 64) / 4, rounded down
    for (int i = 0; i < 3; i++)
        RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = i;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    EXPECT_TRUE(notify);                        // req_event 1 is in (0, 3]

    // The backend takes them all and goes to sleep: wake me at 4.
    EXPECT_EQ(RING_HAS_UNCONSUMED_REQUESTS(&b), 3u);
    b.req_cons = 3;
    for (int i = 0; i < 3; i++)
        RING_GET_RESPONSE(&b, b.rsp_prod_pvt++)->v = 10 + i;
    RING_FINAL_CHECK_FOR_REQUESTS(&b, more);
    EXPECT_FALSE(more);
    EXPECT_EQ(s->req_event, 4u);
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
    EXPECT_TRUE(notify);

    RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = 3;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    EXPECT_TRUE(notify);                        // it sleeps: wake it
    RING_GET_REQUEST(&f, f.req_prod_pvt++)->v = 4;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
    EXPECT_FALSE(notify);                       // already woken: no need

    // The front reads the responses and sleeps until the next one.
    EXPECT_EQ(RING_HAS_UNCONSUMED_RESPONSES(&f), 3u);
    f.rsp_cons = 3;
    RING_FINAL_CHECK_FOR_RESPONSES(&f, more);
    EXPECT_FALSE(more);
    EXPECT_EQ(s->rsp_event, 4u);
}

TEST(RingMacros, FullAndOverflow)
{
    alignas(4096) static uint8_t page[4096];
    auto *s = reinterpret_cast<test_sring_t *>(page);
    test_front_ring_t f;
    test_back_ring_t b;

    SHARED_RING_INIT(s);
    FRONT_RING_INIT(&f, s, 4096);
    BACK_RING_INIT(&b, s, 4096);
    f.req_prod_pvt = RING_SIZE(&f);
    EXPECT_TRUE(RING_FULL(&f));
    EXPECT_FALSE(RING_REQUEST_PROD_OVERFLOW(&b, RING_SIZE(&b)));
    EXPECT_TRUE(RING_REQUEST_PROD_OVERFLOW(&b, RING_SIZE(&b) + 1));
    EXPECT_TRUE(RING_RESPONSE_PROD_OVERFLOW(&f, RING_SIZE(&f) + 1));
    // Counters wrap: only differences count.
    b.req_cons = b.rsp_prod_pvt = 0xfffffff0u;
    s->req_prod = 0x10;
    EXPECT_EQ(RING_HAS_UNCONSUMED_REQUESTS(&b), 0x20u);
    EXPECT_FALSE(RING_REQUEST_PROD_OVERFLOW(&b, 0x10u));
    // A frontend that claims too much gets no more than the free slots.
    s->req_prod = 0xfffffff0u + 10000;
    EXPECT_EQ(RING_HAS_UNCONSUMED_REQUESTS(&b), RING_SIZE(&b));
}

// ---- The backends, as the hypervisor runs them (Xen 1.0) --------------------

class BackendTest : public IoTest {
public:
    evtchn_port_t port[3];
    grant_ref_t next_ref = 100;

    void SetUp() override
    {
        IoTest::SetUp();
        for (domid_t i = 1; i < 3; i++)
            port[i] = (evtchn_port_t)evtchn_alloc_xen(dom[i].d, XEN_CONSUMER_BACKEND);
    }

    // A frame of domain `id`, granted to the hypervisor.
    grant_ref_t lend(domid_t id, mfn_t f, bool ro = false)
    {
        grant_ref_t r = next_ref++;
        grant(id, r, DOMID_XEN, f, GTF_permit_access | (ro ? GTF_readonly : 0));
        return r;
    }

    // The ring page as the backend gets it: through the grant.
    void *map_ring(domid_t id, mfn_t f)
    {
        grant_handle_t h;
        mfn_t got;
        EXPECT_EQ(gnttab_xen_map(id, lend(id, f), false, &h, &got), GNTST_okay);
        return map_domain_page(got);
    }

    bool notified(domid_t id)
    {
        evtchn_port_t p = port[id];
        bool b = dom[id].d->shared_info->evtchn_pending[p / 32] & (1u << (p % 32));
        dom[id].d->shared_info->evtchn_pending[p / 32] &= ~(1u << (p % 32));
        return b;
    }

    unsigned bad(uint32_t problem)
    {
        trace_buf *b = trace_buf_of(0);
        unsigned n = 0;
        for (uint32_t i = b->cons; i != b->prod; i++) {
            const trace_rec &r = b->slots[i & b->size_mask];
            n += TRACE_REC_ID(r.event) == TRC_XL_IORING_BAD && r.data[1] == problem;
        }
        return n;
    }
};

class BlkbackTest : public BackendTest {
public:
    static constexpr unsigned kDiskPages = 8;   // 64 sectors
    blkback b;
    blkif_front_ring_t f;
    uint32_t disk[kDiskPages];
    mfn_t data[4];
    grant_ref_t data_ref[4];

    void SetUp() override
    {
        BackendTest::SetUp();
        for (auto &d : disk)
            d = (uint32_t)(__pa(alloc_xenheap_pages(1)) >> PAGE_SHIFT);
        mfn_t ring = alloc(1);
        auto *s = reinterpret_cast<blkif_sring_t *>(frame(ring));
        SHARED_RING_INIT(s);
        FRONT_RING_INIT(&f, s, 4096);
        backend_ring link = {1, port[1], backend_ring_id(1, IORING_BLOCK, 0)};
        io_ring_setup(1, IORING_BLOCK << 8, DOMID_XEN, RING_SIZE(&f), IORING_BLOCK);
        blkback_init(&b, map_ring(1, ring), &link, disk, kDiskPages);
        for (int i = 0; i < 4; i++) {
            data[i] = dom[1].frames[i];
            data_ref[i] = lend(1, data[i]);
        }
    }

    blkif_request *next()
    {
        blkif_request *r = RING_GET_REQUEST(&f, f.req_prod_pvt++);
        memset(r, 0, sizeof(*r));
        r->id = 1000 + f.req_prod_pvt;
        return r;
    }

    // Publish, let the backend work, return the responses' statuses.
    std::vector<int16_t> run()
    {
        RING_PUSH_REQUESTS(&f);
        blkback_work(&b);
        std::vector<int16_t> st;
        while (f.rsp_cons != f.sring->rsp_prod) {
            blkif_response *r = RING_GET_RESPONSE(&f, f.rsp_cons++);
            st.push_back(r->status);
        }
        return st;
    }

    uint8_t *disk_byte(uint64_t offset)
    {
        return frame(disk[offset / 4096]) + offset % 4096;
    }
};

TEST_F(BlkbackTest, SectorsRoundTripAcrossPages)
{
    // Write sectors 5..19 (15 sectors) from two segments, then read them.
    for (int i = 0; i < 4096; i++) {
        frame(data[0])[i] = (uint8_t)i;
        frame(data[1])[i] = (uint8_t)(255 - i);
    }
    blkif_request *w = next();
    w->operation = BLKIF_OP_WRITE;
    w->sector_number = 5;
    w->nr_segments = 2;
    w->seg[0] = {data_ref[0], 0, 7};            // 8 sectors
    w->seg[1] = {data_ref[1], 1, 7};            // 7, from the second sector on
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_OKAY});
    EXPECT_TRUE(notified(1));
    EXPECT_EQ(memcmp(disk_byte(5 * 512), frame(data[0]), 4096), 0);
    EXPECT_EQ(memcmp(disk_byte(13 * 512), frame(data[1]) + 512, 7 * 512), 0);
    EXPECT_EQ(*disk_byte(4 * 512), 0);          // nothing around it touched
    EXPECT_EQ(*disk_byte(20 * 512), 0);

    blkif_request *r = next();
    r->operation = BLKIF_OP_READ;
    r->sector_number = 5;
    r->nr_segments = 1;
    r->seg[0] = {data_ref[2], 0, 7};
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_OKAY});
    EXPECT_EQ(memcmp(frame(data[2]), frame(data[0]), 4096), 0);
    EXPECT_EQ(b.requests, 2u);
    EXPECT_EQ(b.refused, 0u);
    // The response carries the request's id.
    EXPECT_EQ(RING_GET_RESPONSE(&f, f.rsp_cons - 1)->id, 1000u + f.req_prod_pvt);
    // Both ends of the ring are in the trace.
    const trace_rec *op = last(TRC_XL_IORING_OP);
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->data[0], backend_ring_id(1, IORING_BLOCK, 0));
}

TEST_F(BlkbackTest, MalformedRequestsAreRefusedAndTraced)
{
    struct { void (*make)(blkif_request *, grant_ref_t); uint32_t problem; } cases[] = {
        { [](blkif_request *r, grant_ref_t g) { r->operation = 9; r->nr_segments = 1;
              r->seg[0] = {g, 0, 0}; }, IORING_BAD_OP },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ; }, IORING_BAD_SEGMENTS },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ;
              r->nr_segments = 12; }, IORING_BAD_SEGMENTS },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ;
              r->nr_segments = 255; }, IORING_BAD_SEGMENTS },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ;
              r->nr_segments = 1; r->seg[0] = {g, 3, 2}; }, IORING_BAD_SEGMENTS },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ;
              r->nr_segments = 1; r->seg[0] = {g, 0, 8}; }, IORING_BAD_SEGMENTS },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_WRITE;
              r->nr_segments = 1; r->sector_number = 64; r->seg[0] = {g, 0, 0}; },
          IORING_BAD_SECTOR },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_WRITE;
              r->nr_segments = 1; r->sector_number = 60; r->seg[0] = {g, 0, 7}; },
          IORING_BAD_SECTOR },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_WRITE;
              r->nr_segments = 1; r->sector_number = ~0ull; r->seg[0] = {g, 0, 1}; },
          IORING_BAD_SECTOR },
        // A grant that is not to the backend, and one that does not exist.
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_WRITE;
              r->nr_segments = 1; r->seg[0] = {5, 0, 0}; }, IORING_BAD_GRANT },
        { [](blkif_request *r, grant_ref_t g) { r->operation = BLKIF_OP_READ;
              r->nr_segments = 1; r->seg[0] = {99999, 0, 0}; }, IORING_BAD_GRANT },
    };
    for (auto &k : cases) {
        k.make(next(), data_ref[0]);
        EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_ERROR});
        EXPECT_EQ(bad(k.problem), 1u) << "problem " << k.problem;
        trace_buf_init(0, io_trace_slots, 4096);
    }
    EXPECT_EQ(b.refused, sizeof(cases) / sizeof(cases[0]));
    for (unsigned i = 0; i < kDiskPages; i++)
        for (int k = 0; k < 4096; k++)
            ASSERT_EQ(frame(disk[i])[k], 0) << "the ramdisk was touched";
    // And it still works.
    blkif_request *r = next();
    r->operation = BLKIF_OP_READ;
    r->nr_segments = 1;
    r->seg[0] = {data_ref[0], 0, 7};
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_OKAY});
}

TEST_F(BlkbackTest, AReadIntoAReadOnlyGrantFails)
{
    grant_ref_t ro = lend(1, data[3], true);
    blkif_request *r = next();
    r->operation = BLKIF_OP_READ;
    r->nr_segments = 1;
    r->seg[0] = {ro, 0, 0};
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_ERROR});
    r = next();
    r->operation = BLKIF_OP_WRITE;              // reading from it is fine
    r->nr_segments = 1;
    r->seg[0] = {ro, 0, 0};
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_OKAY});
}

TEST_F(BlkbackTest, AnotherDomainsGrantsMeanNothingHere)
{
    // Domain 2 lends a page to the hypervisor; domain 1 names its ref.
    grant_ref_t theirs = lend(2, dom[2].frames[0]);
    frame(dom[2].frames[0])[0] = 0x42;
    blkif_request *r = next();
    r->operation = BLKIF_OP_WRITE;
    r->nr_segments = 1;
    r->seg[0] = {theirs, 0, 0};
    EXPECT_EQ(run(), std::vector<int16_t>{BLKIF_RSP_ERROR});
    EXPECT_EQ(*disk_byte(0), 0);
}

TEST_F(BlkbackTest, AFrontendThatClaimsTooManyRequestsIsCutOff)
{
    f.sring->req_prod = RING_SIZE(&f) + 1;
    EXPECT_EQ(blkback_work(&b), 0u);
    EXPECT_TRUE(b.broken);
    EXPECT_EQ(bad(IORING_OVERFLOW), 1u);
    EXPECT_EQ(f.sring->rsp_prod, 0u);
    EXPECT_EQ(blkback_work(&b), 0u);            // and stays cut off
}

TEST_F(BlkbackTest, AFullRingInOneGo)
{
    for (unsigned i = 0; i < RING_SIZE(&f); i++) {
        blkif_request *r = next();
        r->operation = BLKIF_OP_WRITE;
        r->sector_number = i % 64;
        r->nr_segments = 1;
        r->seg[0] = {data_ref[i % 4], 0, 0};
    }
    auto st = run();
    EXPECT_EQ(st.size(), RING_SIZE(&f));
    for (auto s : st)
        EXPECT_EQ(s, BLKIF_RSP_OKAY);
}

// ---- netback: the bridge ---------------------------------------------------

class NetbackTest : public BackendTest {
public:
    netback_bridge br = {};
    struct Vif {
        netif_tx_front_ring_t tx;
        netif_rx_front_ring_t rx;
        netback_vif *back;
        mfn_t tx_page, rx_page[4];
        grant_ref_t tx_ref, rx_ref[4];
        uint8_t mac[ETH_ALEN];
    } v[3];

    void SetUp() override
    {
        BackendTest::SetUp();
        for (unsigned i = 0; i < NETBACK_BATCH / 2; i++) {
            br.scratch_va[i] = static_cast<uint8_t *>(alloc_xenheap_pages(1));
            br.scratch[i] = (uint32_t)(__pa(br.scratch_va[i]) >> PAGE_SHIFT);
        }
        memset(br.mac, 0xfe, 1);
        memset(br.mac + 1, 0xff, 5);
        for (domid_t id = 1; id < 3; id++)
            attach(id);
    }

    void attach(domid_t id)
    {
        Vif &x = v[id];
        mfn_t txr = alloc(id), rxr = alloc(id);
        auto *ts = reinterpret_cast<netif_tx_sring_t *>(frame(txr));
        auto *rs = reinterpret_cast<netif_rx_sring_t *>(frame(rxr));
        SHARED_RING_INIT(ts);
        SHARED_RING_INIT(rs);
        FRONT_RING_INIT(&x.tx, ts, 4096);
        FRONT_RING_INIT(&x.rx, rs, 4096);
        netback_mac_for(id, x.mac);
        io_ring_setup(id, IORING_NET_TX << 8, DOMID_XEN, 256, IORING_NET_TX);
        io_ring_setup(id, IORING_NET_RX << 8, DOMID_XEN, 256, IORING_NET_RX);
        x.back = netback_attach(&br, id, 0, x.mac, port[id], map_ring(id, txr),
                                map_ring(id, rxr));
        x.tx_page = dom[id].frames[0];
        x.tx_ref = lend(id, x.tx_page, true);
        for (int i = 0; i < 3; i++) {
            x.rx_page[i] = dom[id].frames[1 + i];
            x.rx_ref[i] = lend(id, x.rx_page[i]);
        }
    }

    void post_rx(domid_t id, int n)
    {
        Vif &x = v[id];
        for (int i = 0; i < n; i++) {
            netif_rx_request *r = RING_GET_REQUEST(&x.rx, x.rx.req_prod_pvt++);
            r->id = (uint16_t)i;
            r->gref = x.rx_ref[i];
        }
        RING_PUSH_REQUESTS(&x.rx);
    }

    // A frame from id's tx page to `to`, with `len` bytes in all.
    void send(domid_t id, const uint8_t *to, uint16_t len, uint16_t offset = 0,
              uint16_t flags = 0, grant_ref_t ref = 0)
    {
        Vif &x = v[id];
        uint8_t *p = frame(x.tx_page) + offset;
        memcpy(p, to, ETH_ALEN);
        memcpy(p + ETH_ALEN, x.mac, ETH_ALEN);
        p[12] = 0x88;
        p[13] = 0xb5;
        for (int i = 14; i < len && offset + i < 4096; i++)
            p[i] = (uint8_t)(i * 3 + id);
        netif_tx_request *r = RING_GET_REQUEST(&x.tx, x.tx.req_prod_pvt++);
        r->gref = ref ? ref : x.tx_ref;
        r->offset = offset;
        r->flags = flags;
        r->id = (uint16_t)(x.tx.req_prod_pvt - 1);
        r->size = len;
        RING_PUSH_REQUESTS(&x.tx);
    }

    std::vector<int16_t> tx_status(domid_t id)
    {
        std::vector<int16_t> st;
        Vif &x = v[id];
        while (x.tx.rsp_cons != x.tx.sring->rsp_prod)
            st.push_back(RING_GET_RESPONSE(&x.tx, x.tx.rsp_cons++)->status);
        return st;
    }

    std::vector<netif_rx_response> received(domid_t id)
    {
        std::vector<netif_rx_response> got;
        Vif &x = v[id];
        while (x.rx.rsp_cons != x.rx.sring->rsp_prod)
            got.push_back(*RING_GET_RESPONSE(&x.rx, x.rx.rsp_cons++));
        return got;
    }
};

TEST_F(NetbackTest, AFrameCrossesTheBridgeIntact)
{
    post_rx(2, 2);
    send(1, v[2].mac, 100);
    EXPECT_EQ(netback_work(&br, v[1].back), 1u);
    EXPECT_EQ(tx_status(1), std::vector<int16_t>{NETIF_RSP_OKAY});
    auto got = received(2);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].status, 100);
    EXPECT_EQ(memcmp(frame(v[2].rx_page[got[0].id]), frame(v[1].tx_page), 100), 0);
    EXPECT_TRUE(notified(2));
    EXPECT_TRUE(notified(1));
    EXPECT_TRUE(received(1).empty());           // not back to the sender
    EXPECT_EQ(br.forwarded, 1u);
}

TEST_F(NetbackTest, TheBridgeAnswersEchoRequestsItself)
{
    post_rx(1, 1);
    send(1, br.mac, 64);
    net_echo e = {NET_ECHO_REQUEST, 7, 34, 0};
    memcpy(frame(v[1].tx_page) + ETH_HLEN, &e, sizeof(e));
    netback_work(&br, v[1].back);
    auto got = received(1);
    ASSERT_EQ(got.size(), 1u);
    const uint8_t *p = frame(v[1].rx_page[got[0].id]);
    EXPECT_EQ(memcmp(p, v[1].mac, ETH_ALEN), 0);
    EXPECT_EQ(memcmp(p + ETH_ALEN, br.mac, ETH_ALEN), 0);
    net_echo r;
    memcpy(&r, p + ETH_HLEN, sizeof(r));
    EXPECT_EQ(r.kind, (uint32_t)NET_ECHO_REPLY);
    EXPECT_EQ(r.seq, 7u);
    EXPECT_EQ(br.answered, 1u);
}

TEST_F(NetbackTest, BroadcastsReachEveryoneElse)
{
    static const uint8_t all[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    post_rx(1, 1);
    post_rx(2, 1);
    send(1, all, 60);
    netback_work(&br, v[1].back);
    EXPECT_EQ(received(2).size(), 1u);
    EXPECT_EQ(received(1).size(), 0u);
}

TEST_F(NetbackTest, NoEmptyPagePostedMeansDropped)
{
    send(1, v[2].mac, 60);
    netback_work(&br, v[1].back);
    EXPECT_EQ(tx_status(1), std::vector<int16_t>{NETIF_RSP_OKAY});
    EXPECT_EQ(br.dropped, 1u);
    EXPECT_EQ(v[2].back->dropped, 1u);
}

TEST_F(NetbackTest, MalformedTransmitsAreRefusedAndTraced)
{
    post_rx(2, 3);
    send(1, v[2].mac, 10);                          // shorter than a header
    send(1, v[2].mac, ETH_FRAME_MAX + 1);           // longer than a frame
    send(1, v[2].mac, 200, 4000);                   // off the end of its page
    send(1, v[2].mac, 60, 0, NETTXF_more_data);     // fragments: not here
    send(1, v[2].mac, 60, 0, 0, 4);                 // a grant that is not ours
    netback_work(&br, v[1].back);
    EXPECT_EQ(tx_status(1), (std::vector<int16_t>(5, NETIF_RSP_ERROR)));
    EXPECT_EQ(bad(IORING_BAD_SIZE), 3u);
    EXPECT_EQ(bad(IORING_BAD_OP), 1u);
    EXPECT_EQ(bad(IORING_BAD_GRANT), 1u);
    EXPECT_TRUE(received(2).empty());
    send(1, v[2].mac, 60);                          // and it still works
    netback_work(&br, v[1].back);
    EXPECT_EQ(received(2).size(), 1u);
}

TEST_F(NetbackTest, AReceiverWithABadEmptyPageGetsAnError)
{
    netif_rx_request *r = RING_GET_REQUEST(&v[2].rx, v[2].rx.req_prod_pvt++);
    r->id = 0;
    r->gref = 12345;
    RING_PUSH_REQUESTS(&v[2].rx);
    send(1, v[2].mac, 60);
    netback_work(&br, v[1].back);
    auto got = received(2);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].status, NETIF_RSP_ERROR);
    EXPECT_EQ(v[2].back->refused, 1u);
}

TEST_F(NetbackTest, AnOverflowingRingIsCutOffAlone)
{
    v[1].tx.sring->req_prod = 257;
    EXPECT_EQ(netback_work(&br, v[1].back), 0u);
    EXPECT_TRUE(v[1].back->broken);
    EXPECT_EQ(bad(IORING_OVERFLOW), 1u);
    // A receiver lying about its rx ring is cut off when something comes.
    v[2].rx.sring->req_prod = 1000;
    post_rx(1, 1);
    send(1, v[2].mac, 60);
    netback_work(&br, v[1].back);           // 1 is broken: nothing moves
    EXPECT_TRUE(received(2).empty());
}

TEST_F(NetbackTest, MacAddresses)
{
    uint8_t m[ETH_ALEN];
    netback_mac_for(0x0102, m);
    EXPECT_EQ(m[0], 0x00);
    EXPECT_EQ(m[2], 0x3e);
    EXPECT_EQ(m[4], 0x01);
    EXPECT_EQ(m[5], 0x02);
    EXPECT_TRUE(netback_parse_mac("00:16:3e:00:01:02", m));
    EXPECT_EQ(m[5], 0x02);
    EXPECT_FALSE(netback_parse_mac("00:16:3e:00:01", m));
    EXPECT_FALSE(netback_parse_mac("00:16:3e:00:01:0g", m));
    EXPECT_FALSE(netback_parse_mac("00:16:3e:00:01:022", m));
}

}  // namespace

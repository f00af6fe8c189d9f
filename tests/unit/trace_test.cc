// trace_test.cc - the hypervisor's trace recorder (hv/common/trace.c,
// trace_wire.c) against the reader's decoder (visualizer/trace/decode.c):
// what one writes the other must read back exactly, and nothing may be
// lost without being counted.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

extern "C" {
#include <hv/trace.h>
#include "visualizer/trace/decode.h"
#include "visualizer/trace/events.h"
#include "harness.h"
}

namespace {

constexpr uint32_t kSlots = 16;   // ring size in these tests
std::vector<uint8_t> wire;

void collect(const uint8_t *bytes, size_t len)
{
    wire.insert(wire.end(), bytes, bytes + len);
}

const trace_sink collect_sink = { collect };

struct Decoded {
    std::vector<trace_rec> recs;
    std::vector<uint32_t> missing;      // tdec_info.missing_before
};

void on_record(void *arg, const trace_rec *rec, const tdec_info *info)
{
    auto *d = static_cast<Decoded *>(arg);
    d->recs.push_back(*rec);
    d->missing.push_back(info->missing_before);
}

class TraceTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        harness_reset();
        wire.clear();
        trace_mask = TRACE_MASK_ALL;
        trace_buf_init(0, slots, kSlots);
        trace_set_sink(&collect_sink);
    }

    Decoded decode(const std::vector<uint8_t> &bytes, tdec *dec)
    {
        Decoded out;
        tdec_init(dec);
        tdec_feed(dec, bytes.data(), bytes.size(), on_record, &out);
        tdec_finish(dec);
        return out;
    }

    trace_rec slots[kSlots];
};

TEST_F(TraceTest, EveryDataLengthRoundTrips)
{
    // Words chosen to contain zero bytes, which COBS must carry.
    const uint32_t words[7] = { 0, 0x00ff0000, 0xffffffff, 1, 0x80000000,
                                0x00000100, 0xdeadbeef };
    for (unsigned n = 0; n <= TRACE_EXTRA_MAX; n++)
        trace_event_dom(TRC_XL_BOOT_PHASE, 3, 1, words, n);
    ASSERT_EQ(trace_drain(0), 8u);

    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), 8u);
    for (unsigned n = 0; n <= TRACE_EXTRA_MAX; n++) {
        const trace_rec &r = d.recs[n];
        EXPECT_EQ(TRACE_REC_ID(r.event), TRC_XL_BOOT_PHASE);
        EXPECT_EQ(TRACE_REC_NDATA(r.event), n);
        EXPECT_EQ(r.seq, n);
        EXPECT_EQ(r.dom, 3);
        EXPECT_EQ(r.vcpu, 1);
        for (unsigned i = 0; i < n; i++)
            EXPECT_EQ(r.data[i], words[i]) << "record " << n << " word " << i;
    }
    EXPECT_EQ(dec.st.bytes_skipped, 0u);
    EXPECT_EQ(dec.st.bad_frames, 0u);
    EXPECT_EQ(dec.st.lost_gaps, 0u);
    EXPECT_EQ(dec.st.good_bytes, wire.size());
}

TEST_F(TraceTest, FramesNeverContainZeroBeforeTheirEnd)
{
    trace_rec r = {};
    r.event = TRC_XL_EXCEPTION | (7u << TRACE_EXTRA_SHIFT);
    uint8_t frame[TRACE_FRAME_MAX_BYTES];
    size_t len = trace_frame_encode(&r, frame);   // all-zero payload
    ASSERT_LE(len, sizeof(frame));
    for (size_t i = 0; i + 1 < len; i++)
        EXPECT_NE(frame[i], 0) << "byte " << i;
    EXPECT_EQ(frame[len - 1], 0);
}

TEST_F(TraceTest, StreamHeaderCarriesMagicVersionAndTscRate)
{
    trace_start(2400000);
    trace_drain(0);
    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), 1u);
    EXPECT_EQ(TRACE_REC_ID(d.recs[0].event), TRC_XL_STREAM);
    EXPECT_EQ(d.recs[0].data[0], TRACE_STREAM_MAGIC);
    EXPECT_EQ(d.recs[0].data[1], (uint32_t)TRACE_STREAM_VERSION);
    EXPECT_EQ(dec.tsc_khz, 2400000u);
    EXPECT_EQ(dec.st.streams, 1u);
}

// The ring holds kSlots records. Emitting more before a drain must drop
// the excess, count it exactly, and report it in one LOST record.
TEST_F(TraceTest, OverflowYieldsExactLostCount)
{
    const unsigned emitted = 100;
    for (unsigned i = 0; i < emitted; i++)
        TRACE(TRC_XL_BOOT_PHASE, i);
    unsigned first = trace_drain(0);
    EXPECT_EQ(first, kSlots);
    TRACE(TRC_XL_BOOT_PHASE, 999);          // makes the LOST record appear
    trace_drain(0);

    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), kSlots + 2);
    const trace_rec &lost = d.recs[kSlots];
    EXPECT_EQ(TRACE_REC_ID(lost.event), TRC_LOST_RECORDS);
    EXPECT_EQ(lost.seq, kSlots);
    EXPECT_EQ(lost.data[0], emitted - kSlots);
    EXPECT_EQ(d.recs[kSlots + 1].seq, emitted);
    EXPECT_EQ(d.recs[kSlots + 1].data[0], 999u);
    EXPECT_EQ(dec.st.lost_reported, emitted - kSlots);
    EXPECT_EQ(dec.st.lost_gaps, 0u);   // every loss was explained
}

// A LOST record needs a slot of its own: with one slot free, the next
// event is dropped too (and counted), not the report.
TEST_F(TraceTest, LostReportWaitsForRoomForTwo)
{
    for (unsigned i = 0; i < kSlots + 5; i++)
        TRACE(TRC_XL_BOOT_PHASE, i);        // 5 lost
    trace_drain(1);                         // one slot free
    TRACE(TRC_XL_BOOT_PHASE, 1000);         // also lost: no room for two
    trace_drain(0);
    TRACE(TRC_XL_BOOT_PHASE, 2000);
    trace_drain(0);

    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), kSlots + 2);
    EXPECT_EQ(TRACE_REC_ID(d.recs[kSlots].event), TRC_LOST_RECORDS);
    EXPECT_EQ(d.recs[kSlots].data[0], 6u);
    EXPECT_EQ(d.recs[kSlots + 1].data[0], 2000u);
    EXPECT_EQ(dec.st.lost_reported, 6u);
    EXPECT_EQ(dec.st.lost_gaps, 0u);
}

TEST_F(TraceTest, FilteredClassesUseNoSequenceNumbers)
{
    trace_mask = TRC_XL_SUB_BIT(TRC_XL_HV) | TRC_CLS_BIT(TRC_PV);
    TRACE(TRC_SCHED_SWITCH, 1);             // Xen class, filtered out
    TRACE(TRC_XL_TLB_FLUSH, 1);             // xenlab subclass, filtered out
    TRACE(TRC_XL_BOOT_PHASE, 2);
    TRACE(TRC_PV_HYPERCALL, 3);
    trace_drain(0);
    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), 2u);
    EXPECT_EQ(TRACE_REC_ID(d.recs[0].event), TRC_XL_BOOT_PHASE);
    EXPECT_EQ(d.recs[0].seq, 0u);
    EXPECT_EQ(TRACE_REC_ID(d.recs[1].event), TRC_PV_HYPERCALL);
    EXPECT_EQ(d.recs[1].seq, 1u);
    EXPECT_EQ(dec.st.lost_gaps, 0u);
}

TEST_F(TraceTest, DrainRespectsItsBudget)
{
    for (unsigned i = 0; i < 10; i++)
        TRACE(TRC_XL_BOOT_PHASE, i);
    EXPECT_EQ(trace_drain(4), 4u);
    EXPECT_EQ(trace_drain(4), 4u);
    EXPECT_EQ(trace_drain(4), 2u);
    EXPECT_EQ(trace_drain(4), 0u);
}

TEST_F(TraceTest, ContextStampsDomainAndVcpu)
{
    trace_set_context(7, 2);
    TRACE(TRC_XL_BOOT_PHASE, 1);
    trace_set_context(DOMID_IDLE, 0);
    TRACE(TRC_XL_BOOT_PHASE, 2);
    trace_drain(0);
    tdec dec;
    Decoded d = decode(wire, &dec);
    ASSERT_EQ(d.recs.size(), 2u);
    EXPECT_EQ(d.recs[0].dom, 7);
    EXPECT_EQ(d.recs[0].vcpu, 2);
    EXPECT_EQ(d.recs[1].dom, DOMID_IDLE);
}

TEST_F(TraceTest, DescribeNamesKnownEventsAndShowsUnknownOnes)
{
    trace_rec r = {};
    r.event = TRC_XL_EXCEPTION | (3u << TRACE_EXTRA_SHIFT);
    r.data[0] = 14;
    r.data[1] = 2;
    r.data[2] = 0xf8101234;
    char buf[256];
    event_describe(&r, buf, sizeof(buf));
    EXPECT_STREQ(buf, "hv.exception vector=#PF error=0x2 eip=0xf8101234");

    r.event = TRC_XL_DOMAIN_CREATE | (7u << TRACE_EXTRA_SHIFT);
    r.data[0] = 2;
    r.data[1] = 256;
    r.data[2] = 512;
    r.data[3] = 1;
    memcpy(&r.data[4], "web\x01\n", 5);     // control bytes are not printed
    event_describe(&r, buf, sizeof(buf));
    EXPECT_STREQ(buf, "domain.create dom=2 pages=256 max=512 flags=0x1 name=web??");

    r.event = 0x04000fffu | (1u << TRACE_EXTRA_SHIFT);
    r.data[0] = 5;
    event_describe(&r, buf, sizeof(buf));
    EXPECT_STREQ(buf, "xenlab.0x4000fff w0=0x5");
}

}  // namespace

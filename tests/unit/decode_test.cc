// decode_test.cc - the trace decoder on hostile input: garbage between
// frames, bit flips, truncation and random bytes. It must never crash,
// must find its place again at the next frame, and must account for
// every byte it was fed.
#include <gtest/gtest.h>

#include <random>
#include <vector>

extern "C" {
#include <hv/trace.h>
#include "visualizer/trace/decode.h"
}

namespace {

std::vector<uint8_t> frame_of(uint32_t seq, uint32_t word, unsigned n = 2)
{
    trace_rec r = {};
    r.event = TRC_XL_BOOT_PHASE | (n << TRACE_EXTRA_SHIFT);
    r.seq = seq;
    r.tsc = 1000ull * seq;
    r.dom = DOMID_IDLE;
    for (unsigned i = 0; i < n; i++)
        r.data[i] = word + i;
    uint8_t buf[TRACE_FRAME_MAX_BYTES];
    size_t len = trace_frame_encode(&r, buf);
    return std::vector<uint8_t>(buf, buf + len);
}

struct Count {
    std::vector<uint32_t> seqs;
};

void on_record(void *arg, const trace_rec *rec, const tdec_info *)
{
    static_cast<Count *>(arg)->seqs.push_back(rec->seq);
}

// bytes fed = good bytes + skipped bytes + bytes still pending
void expect_accounted(const tdec &d)
{
    EXPECT_EQ(d.st.bytes, d.st.good_bytes + d.st.bytes_skipped + d.len);
}

TEST(Decode, ResynchronisesAfterGarbageBetweenFrames)
{
    std::vector<uint8_t> s;
    auto a = frame_of(0, 10), b = frame_of(1, 20);
    s.insert(s.end(), {0x13, 0x37, 0xff, 0x42});    // noise, no 0x00
    s.insert(s.end(), a.begin(), a.end());
    s.insert(s.end(), {0x99, 0x98, 0x00, 0x01});    // noise with an ender
    s.insert(s.end(), b.begin(), b.end());

    tdec d;
    Count c;
    tdec_init(&d);
    tdec_feed(&d, s.data(), s.size(), on_record, &c);
    tdec_finish(&d);
    // The first noise runs into frame a (no 0x00 between): a is lost and
    // counted; "0x01" runs into b likewise. Three bad frames, no record,
    // and every byte accounted for.
    EXPECT_EQ(d.st.records, 0u);
    EXPECT_EQ(d.st.bad_frames, 3u);
    EXPECT_EQ(d.st.bytes_skipped, s.size() - d.st.good_bytes);
    expect_accounted(d);

    // With a 0x00 before each frame (as after any real frame), both decode.
    std::vector<uint8_t> t = {0x13, 0x37, 0x00};
    t.insert(t.end(), a.begin(), a.end());
    t.insert(t.end(), {0x99, 0x00});
    t.insert(t.end(), b.begin(), b.end());
    Count c2;
    tdec_init(&d);
    tdec_feed(&d, t.data(), t.size(), on_record, &c2);
    ASSERT_EQ(c2.seqs.size(), 2u);
    EXPECT_EQ(c2.seqs[0], 0u);
    EXPECT_EQ(c2.seqs[1], 1u);
    EXPECT_EQ(d.st.bytes_skipped, 5u);              // 13 37 00 99 00
    EXPECT_EQ(d.st.bad_frames, 2u);
    EXPECT_EQ(d.st.lost_gaps, 0u);
    expect_accounted(d);
}

TEST(Decode, EveryBitFlipIsCaughtOrHarmless)
{
    auto good = frame_of(5, 0x12345678, 4);
    for (size_t byte = 0; byte + 1 < good.size(); byte++) {
        for (int bit = 0; bit < 8; bit++) {
            auto bad = good;
            bad[byte] ^= (uint8_t)(1u << bit);
            std::vector<uint8_t> s = bad;
            auto next = frame_of(6, 1);
            s.insert(s.end(), next.begin(), next.end());

            tdec d;
            Count c;
            tdec_init(&d);
            tdec_feed(&d, s.data(), s.size(), on_record, &c);
            tdec_finish(&d);
            // The damaged frame never decodes as a record (CRC-32 catches
            // every single-bit error); the frame after it always does.
            ASSERT_FALSE(c.seqs.empty()) << byte << ":" << bit;
            EXPECT_EQ(c.seqs.back(), 6u) << byte << ":" << bit;
            EXPECT_EQ(c.seqs.size(), 1u) << byte << ":" << bit;
            EXPECT_GE(d.st.bad_frames, 1u);
            expect_accounted(d);
        }
    }
}

TEST(Decode, TruncatedStreamCountsThePartialFrame)
{
    auto a = frame_of(0, 1), b = frame_of(1, 2);
    std::vector<uint8_t> s = a;
    s.insert(s.end(), b.begin(), b.begin() + b.size() / 2);
    tdec d;
    Count c;
    tdec_init(&d);
    tdec_feed(&d, s.data(), s.size(), on_record, &c);
    EXPECT_EQ(d.len, b.size() / 2);                  // pending, not lost yet
    tdec_finish(&d);
    EXPECT_EQ(c.seqs.size(), 1u);
    EXPECT_EQ(d.st.bytes_skipped, b.size() / 2);
    EXPECT_EQ(d.st.bad_frames, 1u);
    expect_accounted(d);
}

TEST(Decode, ByteByByteFeedingGivesTheSameResult)
{
    std::vector<uint8_t> s;
    for (uint32_t i = 0; i < 50; i++) {
        auto f = frame_of(i, i * 7, i % 8);
        s.insert(s.end(), f.begin(), f.end());
    }
    tdec d;
    Count c;
    tdec_init(&d);
    for (uint8_t byte : s)
        tdec_feed(&d, &byte, 1, on_record, &c);
    ASSERT_EQ(c.seqs.size(), 50u);
    for (uint32_t i = 0; i < 50; i++)
        EXPECT_EQ(c.seqs[i], i);
    EXPECT_EQ(d.st.bytes_skipped, 0u);
}

TEST(Decode, SequenceGapsAreCountedPerCpu)
{
    std::vector<uint8_t> s;
    for (uint32_t seq : {0u, 1u, 2u, 7u, 8u}) {   // 3..6 never arrived
        auto f = frame_of(seq, 0);
        s.insert(s.end(), f.begin(), f.end());
    }
    tdec d;
    Count c;
    tdec_init(&d);
    tdec_feed(&d, s.data(), s.size(), on_record, &c);
    EXPECT_EQ(c.seqs.size(), 5u);
    EXPECT_EQ(d.st.lost_gaps, 4u);
    EXPECT_EQ(d.st.lost_reported, 0u);
}

TEST(Decode, OverlongRunWithoutEnderIsSkippedNotBuffered)
{
    std::vector<uint8_t> s(10000, 0x41);
    auto a = frame_of(0, 1);
    s.push_back(0);
    s.insert(s.end(), a.begin(), a.end());
    tdec d;
    Count c;
    tdec_init(&d);
    tdec_feed(&d, s.data(), s.size(), on_record, &c);
    EXPECT_EQ(c.seqs.size(), 1u);
    EXPECT_EQ(d.st.bytes_skipped, 10001u);
    EXPECT_EQ(d.st.bad_frames, 1u);
    expect_accounted(d);
}

// Random bytes, random chunking: no crash, exact accounting, and no
// record ever "decodes" out of noise with an impossible length.
TEST(Decode, RandomBytesNeverCrashAndAreAccounted)
{
    std::mt19937 rng(12345);
    for (int round = 0; round < 200; round++) {
        std::vector<uint8_t> s(1 + rng() % 4096);
        for (auto &b : s)
            b = (rng() % 5 == 0) ? 0 : (uint8_t)rng();
        tdec d;
        Count c;
        tdec_init(&d);
        size_t pos = 0;
        while (pos < s.size()) {
            size_t n = std::min<size_t>(s.size() - pos, 1 + rng() % 300);
            tdec_feed(&d, s.data() + pos, n, on_record, &c);
            pos += n;
        }
        tdec_finish(&d);
        EXPECT_EQ(d.st.bytes, s.size());
        EXPECT_EQ(d.st.good_bytes + d.st.bytes_skipped, s.size());
    }
}

TEST(Decode, FrameRejectsWrongLengthsAndBadCodes)
{
    trace_rec r;
    const uint8_t empty[] = {0x01};
    EXPECT_NE(tdec_frame(empty, sizeof(empty), &r), 0);
    const uint8_t overrun[] = {0x09, 1, 2};         // code says 8 bytes
    EXPECT_NE(tdec_frame(overrun, sizeof(overrun), &r), 0);
    auto f = frame_of(0, 0, 3);
    EXPECT_EQ(tdec_frame(f.data(), f.size() - 1, &r), 0);
    // Drop a data byte: the length no longer matches nr_data.
    std::vector<uint8_t> g(f.begin(), f.end() - 1);
    g.erase(g.begin() + 10);
    EXPECT_NE(tdec_frame(g.data(), g.size(), &r), 0);
}

}  // namespace

// viz_fuzz_test.cc - hostile input everywhere the visualizer reads:
// random bytes, truncated and bit-flipped traces, well-framed records
// with nonsense words (the CRC is right, the values are not), random
// steps files and filters. Nothing may crash or draw outside the screen,
// and the decoder's books must balance after every piece.
#include "viz_helpers.h"

#include <random>

extern "C" {
#include "visualizer/panels/panel.h"
#include "visualizer/replay.h"
#include "visualizer/steps.h"
#include "visualizer/trace/events.h"
}

namespace {

using viz::Model;
using viz::Stream;

void expect_accounted(const model &m)
{
    const tdec_stats &st = m.dec.st;
    EXPECT_EQ(st.bytes, st.good_bytes + st.bytes_skipped + m.dec.len);
    EXPECT_EQ(m.records, st.records);
}

// Every screen size and focus, with and without a lesson pane.
void draw_everything(const model &m)
{
    const int sizes[][2] = {{80, 24}, {200, 50}, {20, 5}, {161, 41}};
    for (auto &sz : sizes)
        for (int focus = 0; focus < PANEL_NR; focus++)
            viz::screen(m, sz[0], sz[1], focus, focus % 2 ? "c:ring d:1" : nullptr,
                        focus % 3 == 0);
}

TEST(Fuzz, RandomBytesInRandomPieces)
{
    std::mt19937 rng(1234);
    Model m;
    for (int round = 0; round < 200; round++) {
        std::vector<uint8_t> bytes(rng() % 4096);
        for (auto &b : bytes)
            b = rng() % 5 == 0 ? 0 : (uint8_t)rng();
        size_t off = 0;
        while (off < bytes.size()) {
            size_t n = 1 + rng() % 300;
            if (n > bytes.size() - off)
                n = bytes.size() - off;
            model_feed(&m.m, bytes.data() + off, n);
            off += n;
        }
        expect_accounted(m.m);
    }
    draw_everything(m.m);
}

// Records that pass the frame check but carry any words at all: the
// panels must cope with absurd indices, domains, vectors and sizes.
TEST(Fuzz, WellFramedNonsenseReachesEveryPanel)
{
    std::mt19937 rng(99);
    Model m;
    Stream s(1 + rng() % 3000000);
    for (int i = 0; i < 30000; i++) {
        const struct event_format &f = event_formats[rng() % nr_event_formats];
        trace_rec r = {};
        unsigned n = rng() % (TRACE_EXTRA_MAX + 1);
        r.event = f.id | (n << TRACE_EXTRA_SHIFT);
        r.seq = rng() % 50 == 0 ? (uint32_t)rng() : (uint32_t)i;
        r.tsc = rng() % 20 == 0 ? (uint64_t)rng() << 20 : 1000000ull + i * 100ull;
        r.dom = rng() % 4 == 0 ? (uint16_t)rng() : (uint16_t)(rng() % 5);
        r.vcpu = (uint8_t)rng();
        r.cpu = (uint8_t)(rng() % 4 == 0 ? rng() : rng() % 3);
        for (unsigned k = 0; k < n; k++)
            r.data[k] = rng() % 3 == 0 ? (uint32_t)rng() : rng() % 40;
        s.append(r);
    }
    m.feed(s);
    expect_accounted(m.m);
    EXPECT_EQ(m.m.records, 30001u);
    draw_everything(m.m);
}

TEST(Fuzz, TruncatedAndFlippedTracesReplay)
{
    std::mt19937 rng(7);
    Stream s(2000000);
    for (uint32_t i = 0; i < 3000; i++) {
        s.add(TRC_XL_RING_TRANSITION, (uint16_t)(i % 3), {1, 0, RING_HYPERCALL, 0x82, i});
        s.add(TRC_XL_IORING_OP, 1, {1u << 16, i, i - 1, i - 2, i - 3, 1 + i % 5, 32});
    }
    for (int round = 0; round < 30; round++) {
        std::vector<uint8_t> bytes = s.bytes;
        bytes.resize(rng() % bytes.size());
        for (int k = 0; k < round * 3; k++)
            if (!bytes.empty())
                bytes[rng() % bytes.size()] ^= (uint8_t)(1u << (rng() % 8));
        Model m;
        replay r;
        replay_init(&r, &m.m, bytes.data(), bytes.size());
        replay_set_speed(&r, "max");
        replay_run(&r, 0, 0);
        replay_seek(&r, 0, 0);
        replay_to_end(&r);
        expect_accounted(m.m);
        EXPECT_EQ(m.m.dec.st.bytes, bytes.size());
        viz::screen(m.m, 80, 24);
    }
}

TEST(Fuzz, StepsFilesAndFiltersOfRandomText)
{
    std::mt19937 rng(5);
    const char alphabet[] = "step 1234567890:title#\n\r\t \xe2\x86\x92\xff\x01" "abc";
    for (int round = 0; round < 2000; round++) {
        std::string text;
        size_t len = rng() % 400;
        for (size_t i = 0; i < len; i++)
            text += alphabet[rng() % (sizeof(alphabet) - 1)];
        lesson_steps ls;
        char err[256];
        if (steps_parse(&ls, text.data(), text.size(), "fuzz", err, sizeof(err)) == 0) {
            EXPECT_GT(ls.nr_steps, 0u);
            // A parsed lesson draws, whatever its text.
            Model m;
            m.m.steps = &ls;
            m.take(viz::make_rec(TRC_XL_LESSON_CHECKPOINT, 0, {0, ls.steps[0].number, 0}));
            viz::screen(m.m, 80, 24, PANEL_LESSON, nullptr, true);
            m.m.steps = nullptr;
            steps_free(&ls);
        } else {
            EXPECT_EQ(strncmp(err, "fuzz", 4), 0) << err;
        }
        filter f;
        filter_parse(&f, text.substr(0, 120).c_str(), err, sizeof(err));
    }
}

TEST(Fuzz, CanvasTextOfAnyBytesStaysPrintableAndInside)
{
    std::mt19937 rng(11);
    canvas c;
    ASSERT_EQ(canvas_init(&c, 30, 4, true), 0);
    view all = canvas_view(&c);
    view v = view_sub(&all, 1, 5, 10, 2);
    for (int round = 0; round < 2000; round++) {
        char s[64];
        for (auto &ch : s)
            ch = (char)(rng() % 255 + 1);
        s[rng() % 63] = 0;
        s[63] = 0;
        view_text(&v, (int)(rng() % 5) - 1, (int)(rng() % 14) - 2, AT_NORMAL, s);
        view_wrap(&v, 0, 0, AT_NORMAL, s, 3);
    }
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++) {
            uint32_t ch = c.cells[y * c.w + x].ch;
            bool inside = x >= 5 && x < 15 && y >= 1 && y < 3;
            if (!inside) {
                EXPECT_EQ(ch, (uint32_t)' ') << x << "," << y;
            }
            EXPECT_TRUE(ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0)) << ch;
        }
    canvas_free(&c);
}

}  // namespace

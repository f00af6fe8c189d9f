// viz_model_test.cc - visualizer/model.c: what hvviz keeps of a trace.
// Every record counted and routed, the log ring, the clock across
// streams, losses, domain names, the lesson checkpoint, console lines.
#include "viz_helpers.h"

extern "C" {
#include "visualizer/panels/panel.h"
#include "visualizer/trace/events.h"
}

namespace {

using viz::make_rec;
using viz::Model;
using viz::Stream;

TEST(Model, EveryPanelSubscriptionNamesAnEventOfTheTable)
{
    // An id missing from events.c would be routed nowhere, silently.
    for (int p = 0; p < PANEL_NR; p++)
        for (const panel_sub *s = panel_table[p]->subs; s && s->id; s++)
            EXPECT_GE(event_index(s->id), 0)
                << panel_table[p]->name << " subscribes to 0x" << std::hex << s->id;
}

TEST(Model, EventIndexFindsEveryRowAndOnlyThose)
{
    for (size_t i = 0; i < nr_event_formats; i++)
        EXPECT_EQ(event_index(event_formats[i].id), (int)i) << event_formats[i].name;
    EXPECT_EQ(event_index(0x0fffffff), -1);
    EXPECT_EQ(event_index(TRC_XL_STREAM + 100), -1);
    EXPECT_EQ(event_format(0), nullptr);
}

TEST(Model, CountsEveryRecordIncludingUnknownOnes)
{
    Model m;
    Stream s;
    for (int i = 0; i < 10; i++)
        s.add(TRC_PV_HYPERCALL, 1, {1, 0, 0, 0, 0, 0, 0});
    s.add(0x0400f123u, 1, {7});     // no row in events.c
    m.feed(s);
    EXPECT_EQ(m.m.records, 12u);
    EXPECT_EQ(m.m.counts[event_index(TRC_PV_HYPERCALL)], 10u);
    EXPECT_EQ(m.m.counts[event_index(TRC_XL_STREAM)], 1u);
    EXPECT_EQ(m.m.counts[MODEL_MAX_EVENTS], 1u);
    EXPECT_EQ(m.m.streams, 1u);
    EXPECT_EQ(m.m.tsc_khz, 1000000u);
}

TEST(Model, LogKeepsTheNewestAndForgetsTheOldestInOrder)
{
    Model m;
    const uint64_t n = MODEL_LOG_SIZE + 1000;
    for (uint64_t i = 0; i < n; i++)
        m.take(make_rec(TRC_XL_LESSON_MARK, 0, {0, 1, (uint32_t)i}, (uint32_t)i, i));
    EXPECT_EQ(m.m.log_head, n);
    EXPECT_EQ(model_log_tail(&m.m), n - MODEL_LOG_SIZE);
    EXPECT_EQ(model_log_at(&m.m, 999), nullptr);       // overwritten
    ASSERT_NE(model_log_at(&m.m, 1000), nullptr);
    EXPECT_EQ(model_log_at(&m.m, 1000)->rec.data[2], 1000u);
    EXPECT_EQ(model_log_back(&m.m, 0)->rec.data[2], n - 1);
    EXPECT_EQ(model_log_back(&m.m, MODEL_LOG_SIZE - 1)->rec.data[2], 1000u);
    EXPECT_EQ(model_log_back(&m.m, MODEL_LOG_SIZE), nullptr);
    EXPECT_EQ(model_log_at(&m.m, n), nullptr);
}

TEST(Model, ClockUsesTheHeadersRateAndRunsOnAcrossStreams)
{
    Model m;
    Stream a(2000);                 // 2 MHz: 2000 ticks per millisecond
    a.add(TRC_XL_LESSON_MARK, 0, {0, 1, 0}, 2000);      // +1 ms
    a.add(TRC_XL_LESSON_MARK, 0, {0, 1, 1}, 4000);      // +2 ms
    m.feed(a);
    EXPECT_EQ(m.m.now_ns - m.m.first_ns, 3000000u);

    // QEMU restarted: a new header, a TSC that starts lower again.
    Stream b(1000);
    b.add(TRC_XL_LESSON_MARK, 0, {0, 1, 2}, 1000);      // +1 ms at 1 MHz
    m.feed(b);
    EXPECT_EQ(m.m.streams, 2u);
    EXPECT_EQ(m.m.now_ns - m.m.first_ns, 4000000u);
    const log_entry *last = model_log_back(&m.m, 0);
    const log_entry *before = model_log_back(&m.m, 1);
    EXPECT_GE(last->t_ns, before->t_ns);
}

TEST(Model, ClockWithoutHeaderAssumesOneGigahertz)
{
    tclock c;
    tclock_init(&c);
    trace_rec r = make_rec(TRC_XL_LESSON_MARK, 0, {0}, 0, 5000);
    EXPECT_EQ(tclock_ns(&c, &r), 0u);
    r.tsc = 8000;
    EXPECT_EQ(tclock_ns(&c, &r), 3000u);
    EXPECT_FALSE(c.khz_known);
    r.tsc = 1000;                   // backwards without a header: no time travel
    EXPECT_EQ(tclock_ns(&c, &r), 3000u);
}

TEST(Model, LossesFromLostRecordsAndGapsAreBothCounted)
{
    Model m;
    Stream s;
    s.add(TRC_XL_LESSON_MARK, 0, {0, 1, 0});
    s.skip_seq(5);                                  // 5 vanish in transport
    s.add(TRC_XL_LESSON_MARK, 0, {0, 1, 1});
    // The hypervisor reports 7 it dropped, from the next number on.
    trace_rec lost = make_rec(TRC_LOST_RECORDS, DOMID_IDLE, {7}, 8, s.tsc() + 10);
    s.append(lost);
    m.feed(s);
    EXPECT_EQ(m.m.dec.st.lost_gaps, 5u);
    EXPECT_EQ(m.m.dec.st.lost_reported, 7u);
    EXPECT_EQ(m.m.lost_records, 1u);
    EXPECT_EQ(model_lost(&m.m), 12u);
    // The gap is kept with the record after it, for the log to show.
    EXPECT_EQ(model_log_back(&m.m, 1)->missing_before, 5u);
}

TEST(Model, DomainNamesFromDomainCreateArePrintableAndBounded)
{
    Model m;
    uint32_t name[3];
    memcpy(name, "guest\x1b[2Jxx", 12);     // an escape sequence in a name
    m.take(make_rec(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {3, 100, 200, 0, name[0], name[1], name[2]}));
    m.take(make_rec(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {5000, 1, 1, 0, 0, 0, 0}));  // out of range
    char buf[32];
    EXPECT_STREQ(model_dom_name(&m.m, 3, buf, sizeof(buf)), "d3 guest?[2Jxx");
    EXPECT_STREQ(model_dom_name(&m.m, 4, buf, sizeof(buf)), "d4");
    EXPECT_STREQ(model_dom_name(&m.m, DOMID_IDLE, buf, sizeof(buf)), "hv");
}

TEST(Model, CheckpointFollowsWaitingReleasedAndAuto)
{
    Model m;
    EXPECT_EQ(m.m.checkpoint.state, CP_NONE);
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {1, 2, 0}));
    EXPECT_EQ(m.m.checkpoint.state, CP_WAITING);
    EXPECT_EQ(m.m.checkpoint.step, 2u);
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {1, 2, 1}));
    EXPECT_EQ(m.m.checkpoint.state, CP_RELEASED);
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {1, 3, 2}));
    EXPECT_EQ(m.m.checkpoint.state, CP_AUTO);
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {1, 4, 9}));  // nonsense state
    EXPECT_EQ(m.m.checkpoint.step, 3u);
    EXPECT_EQ(m.m.checkpoint.seen, 3u);
}

TEST(Model, ResetForgetsEverythingButKeepsTheRouting)
{
    Model m;
    Stream s;
    s.add(TRC_XL_TLB_FLUSH, 1, {1, 2, 0, 1});
    m.feed(s);
    uint64_t gen = m.m.generation;
    model_reset(&m.m);
    EXPECT_EQ(m.m.records, 0u);
    EXPECT_EQ(m.m.log_head, 0u);
    EXPECT_EQ(m.m.generation, gen + 1);
    m.feed(s);
    EXPECT_EQ(m.m.records, 2u);
    EXPECT_NE(viz::screen(m.m, 80, 24, PANEL_TLB).find("1 flushes"), std::string::npos);
}

TEST(Model, ConsoleSplitsLinesAndShowsControlBytes)
{
    Model m;
    console_lines lines = {};
    m.m.console = &lines;
    const char text[] = "(hv) hello\r\n(d1) \x1b[31mred\n(d1) part";
    model_console(&m.m, (const uint8_t *)text, sizeof(text) - 1);
    ASSERT_EQ(lines.nr, 2u);
    EXPECT_STREQ(lines.lines[0], "(hv) hello");
    EXPECT_STREQ(lines.lines[1], "(d1) ?[31mred");
    EXPECT_EQ(std::string(lines.partial, lines.partial_len), "(d1) part");
}

}  // namespace

// control_test.cc - hv/common/control.c and lesson.c: the lines a trace
// reader sends back, and the lesson checkpoints they release.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include <hv/control.h>
#include <hv/lesson.h>
#include <hv/trace.h>
#include "harness.h"
}

namespace {

constexpr uint32_t kSlots = 64;
trace_rec slots[kSlots];

class ControlTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        harness_reset();
        trace_mask = TRACE_MASK_ALL;
        trace_buf_init(0, slots, kSlots);
        lesson_init("");
        // Ends any partial line a previous test left behind.
        feed("\n");
        records();
    }

    void feed(const std::string &s)
    {
        control_feed(0, reinterpret_cast<const uint8_t *>(s.data()), s.size());
    }

    // The records stored since the last call.
    std::vector<trace_rec> records()
    {
        std::vector<trace_rec> out;
        trace_buf *b = trace_buf_of(0);
        for (; b->cons != b->prod; b->cons++)
            out.push_back(b->slots[b->cons & b->size_mask]);
        return out;
    }
};

TEST_F(ControlTest, MaskLineChangesWhatIsRecorded)
{
    feed("mask 0x20\n");
    EXPECT_EQ(trace_mask, 0x20u);
    // The mask already governs the control record that reports it.
    auto r = records();
    EXPECT_TRUE(r.empty());
    TRACE(TRC_XL_TLB_FLUSH, 1);            // now filtered
    TRACE(TRC_PV_HYPERCALL, 1);            // class 0x20: kept
    r = records();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(TRACE_REC_ID(r[0].event), TRC_PV_HYPERCALL);
}

TEST_F(ControlTest, LinesMayArriveInPiecesAndWithCarriageReturns)
{
    feed("hea");
    EXPECT_TRUE(records().empty());
    feed("der\r\n");
    auto r = records();
    ASSERT_EQ(r.size(), 2u);               // the header, then the control record
    EXPECT_EQ(TRACE_REC_ID(r[0].event), TRC_XL_STREAM);
    EXPECT_EQ(r[0].data[0], TRACE_STREAM_MAGIC);
    EXPECT_EQ(r[1].data[0], 1u);
}

TEST_F(ControlTest, UnknownBadAndOverlongLinesAreRefusedAndTraced)
{
    uint32_t before = trace_mask;
    for (const char *bad : {"advanced\n", "mask\n", "mask zz\n", "mask 0x1ffffffff\n", "\n"}) {
        feed(bad);
        auto r = records();
        ASSERT_EQ(r.size(), 1u) << bad;
        EXPECT_EQ(r[0].data[0], 0u) << bad;
    }
    feed(std::string(500, 'a') + "\n");
    auto r = records();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].data[0], 0u);
    EXPECT_EQ(memcmp(&r[0].data[1], "aaaa", 4), 0);
    EXPECT_EQ(trace_mask, before);
}

TEST_F(ControlTest, ChannelsKeepTheirOwnLines)
{
    control_feed(0, reinterpret_cast<const uint8_t *>("mas"), 3);
    control_feed(1, reinterpret_cast<const uint8_t *>("balloon 3 10\n"), 13);
    EXPECT_EQ(harness_target_dom, 3);
    control_feed(0, reinterpret_cast<const uint8_t *>("k 0x7\n"), 6);
    EXPECT_EQ(trace_mask, 0x7u);
    control_feed(7, reinterpret_cast<const uint8_t *>("header\n"), 7);  // no such channel
}

TEST_F(ControlTest, BalloonLineSetsATarget)
{
    feed("balloon 2 4096\n");
    EXPECT_EQ(harness_target_dom, 2);
    EXPECT_EQ(harness_target_pages, 4096u);
    auto r = records();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].data[0], 1u);
    for (const char *bad : {"balloon\n", "balloon 2\n", "balloon x 5\n",
                            "balloon 99 5\n", "balloon 1 0x1ffffffff\n",
                            "balloon 123456789 1\n"}) {
        feed(bad);
        auto rr = records();
        ASSERT_EQ(rr.size(), 1u) << bad;
        EXPECT_EQ(rr[0].data[0], 0u) << bad;
    }
}

TEST_F(ControlTest, AdvanceReleasesTheWaitingCheckpointOnlyOnce)
{
    EXPECT_FALSE(lesson_checkpoint(1, 3, 2));
    EXPECT_TRUE(lesson_waiting());
    feed("advance\n");
    EXPECT_FALSE(lesson_waiting());
    auto r = records();
    ASSERT_EQ(r.size(), 3u);               // waiting, released, control
    EXPECT_EQ(TRACE_REC_ID(r[0].event), TRC_XL_LESSON_CHECKPOINT);
    EXPECT_EQ(r[0].dom, 1);
    EXPECT_EQ(r[0].data[1], 2u);
    EXPECT_EQ(r[0].data[2], 0u);
    EXPECT_EQ(r[1].data[2], 1u);
    feed("advance\n");                     // nothing waits: no release
    r = records();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(TRACE_REC_ID(r[0].event), TRC_XL_CONTROL);
}

// Scripts on COM4 are answered, line by line; COM2 (the trace) is not.
std::string answers;

void collect(const char *text, size_t len)
{
    answers.append(text, len);
}

TEST_F(ControlTest, ScriptsGetAnAnswerForEachLine)
{
    answers.clear();
    control_set_reply(1, collect);
    control_feed(1, reinterpret_cast<const uint8_t *>("balloon 3 10\nballoon 99 1\nbogus\n"), 32);
    EXPECT_EQ(answers, "ok\nrefused\nrefused\n");
    answers.clear();
    feed("balloon 3 10\n");              // channel 0 has no answer
    EXPECT_EQ(answers, "");
    control_set_reply(1, nullptr);
    control_set_reply(9, collect);         // no such channel: ignored
}

TEST_F(ControlTest, AWaitingCheckpointSaysHowToGoOn)
{
    EXPECT_FALSE(lesson_checkpoint(0, 7, 3));
    EXPECT_NE(std::string(harness_console).find("lesson 7: step 3 - press n"),
              std::string::npos) << harness_console;
    feed("advance\n");
}

TEST_F(ControlTest, AutomaticLessonsNeverWait)
{
    lesson_init("/boot/hv.elf lesson_auto");
    EXPECT_TRUE(lesson_checkpoint(2, 1, 1));
    EXPECT_FALSE(lesson_waiting());
    EXPECT_STREQ(harness_console, "");     // nothing to press
    auto r = records();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].data[2], 2u);
}

}  // namespace

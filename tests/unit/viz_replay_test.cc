// viz_replay_test.cc - visualizer/replay.c: a recording played back in
// trace time. The clock is driven by wall times the test chooses, so
// every case is exact: what is due is taken in, nothing else, nothing
// twice, and a seek backwards rebuilds the same model.
#include "viz_helpers.h"

extern "C" {
#include "visualizer/replay.h"
}

namespace {

using viz::Model;
using viz::Stream;

constexpr uint64_t kMs = 1000000;

// A recording: a header, then 100 marks, 10 ms apart (1 MHz TSC).
Stream recording()
{
    Stream s(1000);
    for (uint32_t i = 0; i < 100; i++)
        s.add(TRC_XL_LESSON_MARK, 0, {0, 1, i}, 10000);
    return s;
}

class Replay : public ::testing::Test {
protected:
    void SetUp() override
    {
        s = recording();
        replay_init(&r, &m.m, s.bytes.data(), s.bytes.size());
    }
    uint32_t last_mark() { return model_log_back(&m.m, 0)->rec.data[2]; }
    Stream s;
    Model m;
    replay r;
};

TEST_F(Replay, TakesInWhatIsDueAtOneTimesSpeed)
{
    // The first call starts the clock at the first record (the header).
    EXPECT_EQ(replay_run(&r, 1000 * kMs, 0), 1u);
    // The first mark is 10 ms later.
    EXPECT_EQ(replay_wait_ns(&r), 10 * kMs);
    EXPECT_EQ(replay_run(&r, 1009 * kMs, 0), 0u);
    EXPECT_EQ(replay_run(&r, 1010 * kMs, 0), 1u);
    EXPECT_EQ(replay_run(&r, 1105 * kMs, 0), 9u);      // marks 1..9
    EXPECT_EQ(last_mark(), 9u);
    EXPECT_EQ(m.m.records, 11u);
}

TEST_F(Replay, SpeedScalesTheClockAndMaxTakesEverything)
{
    replay_run(&r, 0, 0);
    EXPECT_STREQ(replay_speed(&r, +1), "2x");
    EXPECT_EQ(replay_run(&r, 50 * kMs, 0), 10u);       // 100 ms of trace
    EXPECT_EQ(replay_set_speed(&r, "0.1"), 0);
    EXPECT_STREQ(replay_speed_name(&r), "0.1x");
    EXPECT_EQ(replay_run(&r, 150 * kMs, 0), 1u);       // 10 ms of trace
    EXPECT_EQ(replay_set_speed(&r, "3"), -1);          // not a step
    EXPECT_EQ(replay_set_speed(&r, "max"), 0);
    replay_run(&r, 151 * kMs, 0);
    EXPECT_TRUE(replay_done(&r));
    EXPECT_EQ(m.m.records, 101u);
    EXPECT_DOUBLE_EQ(replay_progress(&r), 1.0);
    for (int i = 0; i < 20; i++)
        replay_speed(&r, -1);
    EXPECT_STREQ(replay_speed_name(&r), "0.01x");
}

TEST_F(Replay, PauseStopsTheClockAndStepTakesOneRecord)
{
    replay_run(&r, 0, 0);
    replay_pause(&r, true, 0);
    EXPECT_EQ(replay_run(&r, 10000 * kMs, 0), 0u);
    EXPECT_TRUE(replay_step(&r));
    EXPECT_TRUE(replay_step(&r));
    EXPECT_EQ(last_mark(), 1u);
    // Playing on from the step, not from where the wall clock got to.
    replay_pause(&r, false, 20000 * kMs);
    EXPECT_EQ(replay_run(&r, 20010 * kMs, 0), 1u);
    EXPECT_EQ(last_mark(), 2u);
}

TEST_F(Replay, SeekingBackRebuildsTheSameModel)
{
    replay_run(&r, 0, 0);
    replay_seek(&r, 505 * kMs, 0);
    EXPECT_EQ(last_mark(), 49u);
    uint64_t at_50 = m.m.records;
    replay_seek(&r, 805 * kMs, 0);
    EXPECT_EQ(last_mark(), 79u);
    replay_seek(&r, 505 * kMs, 0);                      // back: rebuilt
    EXPECT_EQ(last_mark(), 49u);
    EXPECT_EQ(m.m.records, at_50);
    // The decoder restarted too; it is always one record ahead.
    EXPECT_EQ(m.m.dec.st.records, at_50 + 1);
    EXPECT_EQ(m.m.dec.st.lost_gaps, 0u);
    replay_seek(&r, 0, 0);
    EXPECT_EQ(m.m.records, 1u);                        // just the header
    replay_to_end(&r);
    EXPECT_EQ(m.m.records, 101u);
    EXPECT_FALSE(replay_step(&r));
}

TEST(ReplayLesson, PausesAtEachCheckpointThatWaitedForTheStudent)
{
    Stream s(1000);
    s.add(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {0, 1, 0}, 1000);
    s.add(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {0, 1, 1}, 1000);
    s.add(TRC_XL_LESSON_CHECKPOINT, DOMID_IDLE, {0, 2, 2}, 1000);  // auto: no pause
    s.add(TRC_XL_LESSON_MARK, DOMID_IDLE, {0, 1, 0}, 1000);
    Model m;
    replay r;
    replay_init(&r, &m.m, s.bytes.data(), s.bytes.size());
    r.stop_at_checkpoints = true;
    ASSERT_EQ(replay_set_speed(&r, "max"), 0);
    replay_run(&r, 0, 0);
    EXPECT_TRUE(r.paused);
    EXPECT_EQ(m.m.checkpoint.state, CP_WAITING);
    EXPECT_EQ(m.m.records, 2u);
    replay_pause(&r, false, 0);                          // the student pressed n
    replay_run(&r, 0, 0);
    EXPECT_FALSE(r.paused);
    EXPECT_EQ(m.m.records, 5u);
}

TEST(ReplayGarbage, DamagedRecordingsAreCountedNotFatal)
{
    Stream s = recording();
    std::vector<uint8_t> bytes = s.bytes;
    for (size_t i = 100; i < bytes.size(); i += 97)
        bytes[i] ^= 0x5a;
    bytes.resize(bytes.size() - 7);                      // cut mid-frame
    Model m;
    replay r;
    replay_init(&r, &m.m, bytes.data(), bytes.size());
    replay_to_end(&r);
    EXPECT_TRUE(replay_done(&r));
    EXPECT_GT(m.m.dec.st.bad_frames, 0u);
    EXPECT_EQ(m.m.dec.st.bytes, bytes.size());
    EXPECT_EQ(m.m.dec.st.bytes, m.m.dec.st.good_bytes + m.m.dec.st.bytes_skipped);
    EXPECT_EQ(m.m.records, m.m.dec.st.records);
}

}  // namespace

// viz_logview_test.cc - visualizer/logview.c: the Events panel's filter
// language and its lazy index, including when the log wraps and when the
// model is rebuilt under it (a replay seeking backwards).
#include "viz_helpers.h"

#include <set>

extern "C" {
#include "visualizer/trace/events.h"
}

namespace {

using viz::make_rec;
using viz::Model;

int parse(filter *f, const char *spec, std::string *err = nullptr)
{
    char buf[600] = "";
    int rc = filter_parse(f, spec, buf, sizeof(buf));
    if (err)
        *err = buf;
    return rc;
}

log_entry entry(uint32_t id, uint16_t dom, std::initializer_list<uint32_t> w)
{
    log_entry e = {};
    e.rec = make_rec(id, dom, w);
    return e;
}

TEST(Filter, ClassesDomainsAndTextCombine)
{
    filter f;
    log_entry tlb1 = entry(TRC_XL_TLB_FLUSH, 1, {TLB_INVLPG, TLB_SCOPE_PAGE, 0x1000, 1});
    log_entry tlb2 = entry(TRC_XL_TLB_FLUSH, 2, {TLB_DOMAIN_SWITCH, TLB_SCOPE_LOCAL, 0, 2});
    log_entry trap = entry(TRC_PV_TRAP, 1, {13, 0, 0x1234, 1, TRAP_EMULATED, 0});
    log_entry boot = entry(TRC_XL_BOOT_PHASE, DOMID_IDLE, {BOOT_PHASE_DONE, 0, 0});

    ASSERT_EQ(parse(&f, "c:tlb"), 0);
    EXPECT_TRUE(filter_match(&f, &tlb1));
    EXPECT_TRUE(filter_match(&f, &tlb2));
    EXPECT_FALSE(filter_match(&f, &trap));

    ASSERT_EQ(parse(&f, "c:tlb d:2"), 0);
    EXPECT_FALSE(filter_match(&f, &tlb1));
    EXPECT_TRUE(filter_match(&f, &tlb2));

    ASSERT_EQ(parse(&f, "c:tlb c:pv.trap"), 0);         // any of the classes
    EXPECT_TRUE(filter_match(&f, &tlb1));
    EXPECT_TRUE(filter_match(&f, &trap));
    EXPECT_FALSE(filter_match(&f, &boot));

    ASSERT_EQ(parse(&f, "d:hv"), 0);
    EXPECT_TRUE(filter_match(&f, &boot));
    EXPECT_FALSE(filter_match(&f, &trap));

    // Text is matched against the line as --dump prints it, any case.
    ASSERT_EQ(parse(&f, "OUTCOME=emulated"), 0);
    EXPECT_TRUE(filter_match(&f, &trap));
    EXPECT_FALSE(filter_match(&f, &tlb1));
    ASSERT_EQ(parse(&f, "reason=invlpg scope=page"), 0);
    EXPECT_TRUE(filter_match(&f, &tlb1));
    ASSERT_EQ(parse(&f, "d1 tlb.flush"), 0);
    EXPECT_TRUE(filter_match(&f, &tlb1));
    EXPECT_FALSE(filter_match(&f, &tlb2));

    ASSERT_EQ(parse(&f, ""), 0);
    EXPECT_TRUE(filter_match(&f, &boot));
}

// is:failed lists the hypercalls that returned an error: the ones the
// Counters panel counts as failed. iret's result is the guest's own eax,
// restored from its frame, not a status.
TEST(Filter, IsFailedListsTheFailedHypercallsOnly)
{
    filter f;
    log_entry bad = entry(TRC_PV_HYPERCALL, 1, {1, (uint32_t)-22, 0, 0, 0, 0, 0});
    log_entry ok = entry(TRC_PV_HYPERCALL, 1, {17, 0, 0, 0, 0, 0, 0});
    log_entry big = entry(TRC_PV_HYPERCALL, 1, {17, 0x30002, 0, 0, 0, 0, 0});
    log_entry iret = entry(TRC_PV_HYPERCALL, 1, {23, (uint32_t)-1, 0, 0, 0, 0, 0});
    log_entry trap = entry(TRC_PV_TRAP, 1, {13, 0, 0x1234, 1, TRAP_EMULATED, 0});

    ASSERT_EQ(parse(&f, "is:failed"), 0);
    EXPECT_TRUE(filter_match(&f, &bad));
    EXPECT_FALSE(filter_match(&f, &ok));
    EXPECT_FALSE(filter_match(&f, &big));
    EXPECT_FALSE(filter_match(&f, &iret));
    EXPECT_FALSE(filter_match(&f, &trap));
    EXPECT_TRUE(event_hypercall_failed(&bad.rec));
    EXPECT_FALSE(event_hypercall_failed(&iret.rec));
    ASSERT_EQ(parse(&f, "is:failed d:2"), 0);          // combines like the rest
    EXPECT_FALSE(filter_match(&f, &bad));
    std::string err;
    EXPECT_EQ(parse(&f, "is:broken", &err), -1);
    EXPECT_NE(err.find("is: knows one word: failed"), std::string::npos) << err;
}

TEST(Filter, UnknownEventsHaveAClassToo)
{
    filter f;
    log_entry odd = entry(0x0400fabcu, 3, {1});
    ASSERT_EQ(parse(&f, "c:unknown"), 0);
    EXPECT_TRUE(filter_match(&f, &odd));
    ASSERT_EQ(parse(&f, "c:tlb"), 0);
    EXPECT_FALSE(filter_match(&f, &odd));
}

TEST(Filter, BadWordsAreNamedAndTheClassesListed)
{
    filter f;
    std::string err;
    EXPECT_EQ(parse(&f, "c:tlbx", &err), -1);
    EXPECT_NE(err.find("no event class \"tlbx\""), std::string::npos) << err;
    EXPECT_NE(err.find(" ring "), std::string::npos) << err;
    EXPECT_NE(err.find(" tlb "), std::string::npos) << err;
    EXPECT_EQ(parse(&f, "d:one", &err), -1);
    EXPECT_NE(err.find("d: takes a domain number or hv"), std::string::npos) << err;
    EXPECT_EQ(parse(&f, "d:70000", &err), -1);
    EXPECT_EQ(parse(&f, std::string(200, 'a').c_str(), &err), -1);
    EXPECT_NE(err.find("too long"), std::string::npos) << err;
}

TEST(Filter, ClassListHasEachPrefixOnce)
{
    std::set<std::string> seen;
    for (const char *const *c = filter_classes(); *c; c++)
        EXPECT_TRUE(seen.insert(*c).second) << *c;
    for (const char *want : {"gen", "hv", "sched", "pv", "mem", "hvm", "ring", "tlb",
                             "balloon", "evtchn", "ioring", "grant", "debug", "lesson",
                             "domain", "unknown"})
        EXPECT_TRUE(seen.count(want)) << want;
}

TEST(SourceMask, ClassesBecomeTheHypervisorsFilterBits)
{
    uint32_t mask;
    char err[600];
    const uint32_t keep = trace_filter_bit(TRC_XL_STREAM) | trace_filter_bit(TRC_LOST_RECORDS);
    ASSERT_EQ(filter_source_mask("ring", &mask, err, sizeof(err)), 0) << err;
    EXPECT_EQ(mask, keep | trace_filter_bit(TRC_XL_RING_TRANSITION));
    EXPECT_EQ(mask, 0x60001u);
    ASSERT_EQ(filter_source_mask("c:tlb pv sched", &mask, err, sizeof(err)), 0) << err;
    EXPECT_EQ(mask, keep | trace_filter_bit(TRC_XL_TLB_FLUSH) | trace_filter_bit(TRC_PV_TRAP) |
                        trace_filter_bit(TRC_SCHED_SWITCH));
    ASSERT_EQ(filter_source_mask("", &mask, err, sizeof(err)), 0);
    EXPECT_EQ(mask, TRACE_MASK_ALL);
    ASSERT_EQ(filter_source_mask("all", &mask, err, sizeof(err)), 0);
    EXPECT_EQ(mask, TRACE_MASK_ALL);
    EXPECT_EQ(filter_source_mask("rings", &mask, err, sizeof(err)), -1);
    EXPECT_NE(std::string(err).find("no event class \"rings\""), std::string::npos) << err;
}

class Index : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(logview_init(&lv), 0); }
    void TearDown() override { logview_free(&lv); }
    void set(const char *spec)
    {
        char err[256];
        ASSERT_EQ(logview_set(&lv, spec, err, sizeof(err)), 0) << err;
    }
    logview lv;
    Model m;
};

TEST_F(Index, FindsMatchesNewestFirstAndCatchesUpLazily)
{
    for (uint32_t i = 0; i < 100; i++)
        m.take(make_rec(i % 10 ? TRC_XL_LESSON_MARK : TRC_XL_TLB_FLUSH, 1, {i}, i));
    set("c:tlb");
    logview_update(&lv, &m.m);
    EXPECT_EQ(logview_count(&lv, &m.m), 10u);
    EXPECT_EQ(logview_back(&lv, &m.m, 0)->rec.seq, 90u);
    EXPECT_EQ(logview_back(&lv, &m.m, 9)->rec.seq, 0u);
    EXPECT_EQ(logview_back(&lv, &m.m, 10), nullptr);
    m.take(make_rec(TRC_XL_TLB_FLUSH, 1, {0}, 100));
    logview_update(&lv, &m.m);
    EXPECT_EQ(logview_count(&lv, &m.m), 11u);
    EXPECT_EQ(logview_back(&lv, &m.m, 0)->rec.seq, 100u);
    set("");
    EXPECT_FALSE(lv.active);
    EXPECT_EQ(logview_count(&lv, &m.m), 101u);
    EXPECT_EQ(logview_back(&lv, &m.m, 0)->rec.seq, 100u);
}

TEST_F(Index, ForgetsMatchesTheLogHasOverwritten)
{
    set("c:tlb");
    for (uint64_t i = 0; i < MODEL_LOG_SIZE + 5000; i++) {
        m.take(make_rec(i % 2 ? TRC_XL_LESSON_MARK : TRC_XL_TLB_FLUSH, 1, {0}, (uint32_t)i));
        if (i % 50000 == 0)
            logview_update(&lv, &m.m);
    }
    logview_update(&lv, &m.m);
    // Half of what the log still keeps.
    EXPECT_EQ(logview_count(&lv, &m.m), MODEL_LOG_SIZE / 2);
    const log_entry *oldest = logview_back(&lv, &m.m, MODEL_LOG_SIZE / 2 - 1);
    ASSERT_NE(oldest, nullptr);
    EXPECT_EQ(oldest->rec.seq, 5000u);
}

TEST_F(Index, StartsAgainWhenTheModelIsRebuilt)
{
    set("c:tlb");
    for (uint32_t i = 0; i < 20; i++)
        m.take(make_rec(TRC_XL_TLB_FLUSH, 1, {0}, i));
    logview_update(&lv, &m.m);
    EXPECT_EQ(logview_count(&lv, &m.m), 20u);
    model_reset(&m.m);
    for (uint32_t i = 0; i < 3; i++)
        m.take(make_rec(TRC_XL_TLB_FLUSH, 1, {0}, 100 + i));
    logview_update(&lv, &m.m);
    EXPECT_EQ(logview_count(&lv, &m.m), 3u);
    EXPECT_EQ(logview_back(&lv, &m.m, 0)->rec.seq, 102u);
}

}  // namespace

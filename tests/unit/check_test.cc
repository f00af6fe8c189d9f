// check_test.cc - visualizer/check.c: lesson expectations against records.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" {
#include "visualizer/check.h"
}

namespace {

std::string write_file(const std::string &text)
{
    std::string path = std::string(getenv("TEST_TMPDIR")) + "/expect";
    FILE *f = fopen(path.c_str(), "w");
    fputs(text.c_str(), f);
    fclose(f);
    return path;
}

trace_rec make(uint32_t id, uint16_t dom, std::initializer_list<uint32_t> words)
{
    trace_rec r = {};
    r.event = id | ((uint32_t)words.size() << TRACE_EXTRA_SHIFT);
    r.dom = dom;
    unsigned i = 0;
    for (uint32_t w : words)
        r.data[i++] = w;
    return r;
}

void feed(check_set *cs, trace_rec r)
{
    check_record(cs, &r);
}

TEST(Check, CountsMatchesByNameFieldsAndDomain)
{
    check_set cs;
    char err[256];
    ASSERT_EQ(check_load(&cs, write_file(
        "# comment\n"
        "\n"
        "hv.exception vector=#PF\n"
        "  hv.exception vector=#PF dom=hv == 2\n"
        "hv.exception vector=#GP <= 0\n"
        "hv.boot phase=memory >= 3\n"
        "hv.boot dom=4\n").c_str(), err, sizeof(err)), 0) << err;
    ASSERT_EQ(cs.nr_rules, 5u);

    feed(&cs, make(TRC_XL_EXCEPTION, DOMID_IDLE, {14, 0}));
    feed(&cs, make(TRC_XL_EXCEPTION, DOMID_IDLE, {14, 2}));
    feed(&cs, make(TRC_XL_EXCEPTION, 4, {14, 2}));
    feed(&cs, make(TRC_XL_BOOT_PHASE, 4, {BOOT_PHASE_MEMORY, 1, 2}));
    // "vector=#PF" must not match a longer value such as "vector=#PFX";
    // a field is a whole word of the description.
    EXPECT_EQ(cs.rules[0].seen, 3u);
    EXPECT_EQ(cs.rules[1].seen, 2u);
    EXPECT_EQ(cs.rules[2].seen, 0u);
    EXPECT_EQ(cs.rules[3].seen, 1u);
    EXPECT_EQ(cs.rules[4].seen, 1u);

    tdec_stats st = {};
    FILE *out = fopen("/dev/null", "w");
    EXPECT_FALSE(check_report(&cs, &st, out));     // phase=memory >= 3 fails
    cs.rules[3].want = 1;
    EXPECT_TRUE(check_report(&cs, &st, out));
    fclose(out);
}

TEST(Check, DomMeansTheEventsOwnFieldWhereItHasOne)
{
    check_set cs;
    char err[256];
    ASSERT_EQ(check_load(&cs, write_file(
        "tlb.flush reason=domain-switch dom=1\n"
        "tlb.flush reason=domain-switch dom=0\n").c_str(), err, sizeof(err)), 0) << err;
    // Recorded while domain 0 was current, for the switch to domain 1: the
    // dump shows "c0 d0 tlb.flush ... dom=1", and dom=1 is what matches.
    feed(&cs, make(TRC_XL_TLB_FLUSH, 0, {TLB_DOMAIN_SWITCH, TLB_SCOPE_LOCAL, 0, 1}));
    EXPECT_EQ(cs.rules[0].seen, 1u);
    EXPECT_EQ(cs.rules[1].seen, 0u);
}

TEST(Check, NameMustMatchWholly)
{
    check_set cs;
    char err[256];
    ASSERT_EQ(check_load(&cs, write_file("hv.boo\n").c_str(), err, sizeof(err)), 0);
    feed(&cs, make(TRC_XL_BOOT_PHASE, DOMID_IDLE, {1}));
    EXPECT_EQ(cs.rules[0].seen, 0u);
}

TEST(Check, NoLossFailsOnAnyLoss)
{
    check_set cs;
    char err[256];
    ASSERT_EQ(check_load(&cs, write_file("no-loss\n").c_str(), err, sizeof(err)), 0);
    FILE *out = fopen("/dev/null", "w");
    tdec_stats st = {};
    EXPECT_TRUE(check_report(&cs, &st, out));
    st.lost_gaps = 1;
    EXPECT_FALSE(check_report(&cs, &st, out));
    st = {};
    st.lost_reported = 3;
    EXPECT_FALSE(check_report(&cs, &st, out));
    fclose(out);
}

TEST(Check, MalformedFilesNameTheLine)
{
    const char *bad[] = {
        "hv.boot phase\n",                  // not FIELD=VALUE
        "hv.boot >= \n",                    // no count
        "hv.boot >= x\n",                   // not a number
        "hv.boot >= 1 extra\n",             // trailing words
        "# only a comment\n",               // no requirements
    };
    for (const char *text : bad) {
        check_set cs;
        char err[256] = "";
        EXPECT_EQ(check_load(&cs, write_file(text).c_str(), err, sizeof(err)), -1) << text;
        EXPECT_NE(std::string(err).find("expect"), std::string::npos) << err;
    }
    check_set cs;
    char err[256];
    EXPECT_EQ(check_load(&cs, "/nonexistent/expect", err, sizeof(err)), -1);
}

}  // namespace

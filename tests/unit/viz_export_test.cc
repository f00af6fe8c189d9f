// viz_export_test.cc - visualizer/export.c: Chrome trace-event JSON.
// The output must be valid JSON whatever the trace held (checked by a
// small strict parser below, not by eye), and must carry what Perfetto
// needs: phases, microsecond time stamps, ring and scheduler spans with
// durations, process names, and the losses.
#include "viz_helpers.h"

#include <cstdio>
#include <map>

extern "C" {
#include "visualizer/export.h"
}

namespace {

using viz::Stream;

// A strict JSON parser that only validates (RFC 8259 grammar) and counts
// the objects in the top-level "traceEvents" array by their "ph".
class Json {
public:
    explicit Json(const std::string &s) : s_(s) {}
    bool valid()
    {
        ws();
        if (!value(0))
            return false;
        ws();
        return i_ == s_.size();
    }
    std::map<std::string, int> phases;

private:
    bool value(int depth)
    {
        ws();
        if (i_ >= s_.size())
            return false;
        char c = s_[i_];
        if (c == '{')
            return object(depth);
        if (c == '[')
            return array(depth);
        if (c == '"')
            return string(nullptr);
        if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 4, "null") == 0) {
            i_ += 4;
            return true;
        }
        if (s_.compare(i_, 5, "false") == 0) {
            i_ += 5;
            return true;
        }
        return number();
    }
    bool object(int depth)
    {
        std::string ph;
        i_++;
        ws();
        if (peek('}'))
            return true;
        for (;;) {
            std::string key, val;
            ws();
            if (!string(&key))
                return false;
            ws();
            if (!peek(':'))
                return false;
            ws();
            size_t at = i_;
            if (!value(depth + 1))
                return false;
            if (key == "ph")
                ph = s_.substr(at + 1, i_ - at - 2);
            ws();
            if (peek('}'))
                break;
            if (!peek(','))
                return false;
        }
        if (depth == 2)
            phases[ph]++;
        return true;
    }
    bool array(int depth)
    {
        i_++;
        ws();
        if (peek(']'))
            return true;
        for (;;) {
            if (!value(depth + 1))
                return false;
            ws();
            if (peek(']'))
                return true;
            if (!peek(','))
                return false;
        }
    }
    bool string(std::string *out)
    {
        if (!peek('"'))
            return false;
        while (i_ < s_.size()) {
            unsigned char c = (unsigned char)s_[i_++];
            if (c == '"')
                return true;
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (i_ >= s_.size())
                    return false;
                char e = s_[i_++];
                if (e == 'u') {
                    for (int k = 0; k < 4; k++)
                        if (i_ >= s_.size() || !isxdigit((unsigned char)s_[i_++]))
                            return false;
                } else if (!strchr("\"\\/bfnrt", e)) {
                    return false;
                }
                continue;
            }
            if (out)
                *out += (char)c;
        }
        return false;
    }
    bool number()
    {
        size_t start = i_;
        if (peek('-')) {
        }
        if (i_ < s_.size() && s_[i_] == '0')
            i_++;
        else if (!digits())
            return false;
        if (peek('.') && !digits())
            return false;
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            i_++;
            if (!peek('+'))
                peek('-');
            if (!digits())
                return false;
        }
        return i_ > start;
    }
    bool digits()
    {
        size_t start = i_;
        while (i_ < s_.size() && isdigit((unsigned char)s_[i_]))
            i_++;
        return i_ > start;
    }
    bool peek(char c)
    {
        if (i_ < s_.size() && s_[i_] == c) {
            i_++;
            return true;
        }
        return false;
    }
    void ws()
    {
        while (i_ < s_.size() && strchr(" \t\r\n", s_[i_]))
            i_++;
    }
    const std::string &s_;
    size_t i_ = 0;
};

std::string export_of(const std::vector<uint8_t> &bytes)
{
    char *buf = nullptr;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    chrome_export x;
    tdec d;
    tdec_init(&d);
    chrome_begin(&x, f);
    tdec_feed(&d, bytes.data(), bytes.size(), chrome_record, &x);
    tdec_finish(&d);
    chrome_end(&x, &d.st);
    fclose(f);
    std::string out(buf, len);
    free(buf);
    return out;
}

TEST(Export, ValidJsonWithSpansNamesCountersAndLosses)
{
    Stream s(1000);                      // 1 MHz: 1000 ticks = 1 ms
    uint32_t name[3];
    memcpy(name, "we\"ird\\\x01name", 12);
    s.add(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {1, 10, 20, 0, name[0], name[1], name[2]});
    s.add(TRC_SCHED_SWITCH, DOMID_IDLE, {DOMID_IDLE, 0, 1, 0});
    s.add(TRC_XL_RING_TRANSITION, 1, {1, 0, RING_HYPERCALL, 0x82, 0});
    s.add(TRC_PV_HYPERCALL, 1, {17, (uint32_t)-38, 1, 2, 3, 4, 5});
    s.add(TRC_XL_RING_TRANSITION, 1, {0, 1, RING_IRET, 0x82, 0});
    s.add(TRC_XL_BALLOON_STEP, 1, {1, 0, 16, 1000, 500, 900, 2000});
    s.skip_seq(3);
    s.add(TRC_XL_LESSON_MARK, 1, {0, 1, 2});
    s.add(0x0400fabcu, 1, {1, 2});       // unknown to the table
    std::string json = export_of(s.bytes);

    Json j(json);
    ASSERT_TRUE(j.valid()) << json;
    // Spans: ring 0 (closed by the iret), ring 1 (closed at the end), and
    // d1 running on cpu0. Before its first transition a vCPU's ring is
    // unknown, so no span is made up for it.
    EXPECT_EQ(j.phases["X"], 3);
    EXPECT_EQ(j.phases["C"], 2);          // domain pages and the free pool
    EXPECT_EQ(j.phases["i"], 10);         // the 9 records, and the gap
    EXPECT_GE(j.phases["M"], 3);          // CPUs, hv, d1
    EXPECT_NE(json.find("\"name\":\"pv.hypercall\""), std::string::npos);
    EXPECT_NE(json.find("\"op\":\"xen_version\",\"result\":-38"), std::string::npos) << json;
    EXPECT_NE(json.find("\"name\":\"ring 0\",\"cat\":\"span\",\"pid\":1,\"tid\":0,\"ts\":3000.000,"
                        "\"dur\":2000.000"), std::string::npos) << json;
    EXPECT_NE(json.find("GAP 3 events missing"), std::string::npos);
    EXPECT_NE(json.find("\"lost_gaps\":3"), std::string::npos);
    EXPECT_NE(json.find("\"records\":9"), std::string::npos);
    EXPECT_NE(json.find("xenlab.0x400fabc"), std::string::npos) << json;
}

TEST(Export, GarbageInStillValidJsonOut)
{
    std::vector<uint8_t> bytes;
    uint64_t state = 42;
    for (int i = 0; i < 20000; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        bytes.push_back((uint8_t)(state >> 56) % 7 == 0 ? 0 : (uint8_t)(state >> 33));
    }
    Stream s;
    s.add(TRC_XL_LESSON_MARK, 0, {1});
    bytes.insert(bytes.end(), s.bytes.begin(), s.bytes.end());
    std::string json = export_of(bytes);
    Json j(json);
    EXPECT_TRUE(j.valid());
    EXPECT_NE(json.find("\"bad_frames\":"), std::string::npos);
}

}  // namespace

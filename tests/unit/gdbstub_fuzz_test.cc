// gdbstub_fuzz_test.cc - whatever arrives on the debugger's line, the GDB
// stub (hv/common/gdb*.c) neither crashes nor overruns a buffer nor stops
// answering. Built with AddressSanitizer (tests/unit/BUILD), so any read
// or write outside an object fails the test.
//
// Each round feeds one of: random bytes; a real packet with its payload
// mutated (and a correct checksum, so it reaches the parser); a real
// packet cut short; or an event from the machine (a breakpoint, a step, a
// watchpoint, a vCPU gone). After every round the stub's output must be
// well-formed packets and acks, and the pretend machine must never have
// been asked for memory outside what a request may cover. At the end
// the stub must still answer a plain question.
#include <gtest/gtest.h>

#include <random>

#include "gdb_fake.h"

using fake::feed;
using fake::m;
using fake::packet;

namespace {

const char *const corpus[] = {
    "?", "g", "G" "00000000000000000000000000000000" "00000000000000000000000000000000"
              "00000000000000000000000000000000" "00000000000000000000000000000000",
    "p8", "P0=01020304", "mc0000000,10", "Mc0000010,2:abcd", "Xc0000020,2:ab",
    "Z0,c0000040,1", "z0,c0000040,1", "Z2,c0000080,4", "z2,c0000080,4",
    "Z1,c0000090,1", "Z4,c00000a0,2", "vCont;c", "vCont;s:1;c", "vCont?", "c", "s",
    "C05", "S05;c0000000", "Hg1", "Hc-1", "Hgp1.2", "T1", "qC", "qfThreadInfo",
    "qsThreadInfo", "qThreadExtraInfo,2", "qSupported:swbreak+;hwbreak+",
    "qAttached", "qXfer:features:read:target.xml:0,100", "QStartNoAckMode",
    "qRcmd,646f6d61696e73", "qRcmd,6576656e74732035", "qRcmd,6f746865727320727560",
    "qRcmd,7472616365206f6666207076", "qSymbol::", "D", "k", "vMustReplyEmpty",
};

class GdbFuzz : public ::testing::Test {
protected:
    std::mt19937 rng{ 20261128 };

    uint32_t below(uint32_t n) { return n ? (uint32_t)(rng() % n) : 0; }

    std::string random_bytes(size_t n)
    {
        // Mostly protocol characters, so the state machine gets exercised.
        static const char alphabet[] = "$#}*+-:;,=0123456789abcdefxXmMgGpPzZcCsSvqQHT\x03";
        std::string s;
        for (size_t i = 0; i < n; i++)
            s += below(4) ? alphabet[below(sizeof(alphabet) - 1)] : (char)rng();
        return s;
    }

    std::string mutated(std::string p)
    {
        for (uint32_t k = below(4) + 1; k--;) {
            size_t at = p.empty() ? 0 : below((uint32_t)p.size());
            switch (below(4)) {
            case 0:
                if (!p.empty())
                    p[at] = (char)rng();
                break;
            case 1:
                p.insert(at, 1, (char)rng());
                break;
            case 2:
                if (!p.empty())
                    p.erase(at, 1 + below(8));
                break;
            case 3:
                p.insert(at, std::string(below(64), (char)('0' + below(10))));
                break;
            }
        }
        return p;
    }

    // Feed in chunks of random size, as a serial line delivers.
    void feed_chunked(const std::string &bytes)
    {
        size_t i = 0;
        while (i < bytes.size()) {
            size_t n = 1 + below(16);
            feed(bytes.substr(i, n));
            i += n;
        }
    }

    void machine_event()
    {
        int tid = (int)below(4);
        switch (below(6)) {
        case 0:
            gdb_breakpoint_hit(tid, fake::kBase + below(0x100));
            break;
        case 1:
            gdb_step_done(tid);
            break;
        case 2:
            gdb_hw_hit(tid, below(16));
            break;
        case 3:
            if (m.threads.size() > 1)
                m.threads.pop_back();       // a domain went away
            break;
        case 4:
            m.current = tid;
            feed("");                       // the periodic poll
            break;
        case 5:
            gdb_exiting((int)below(3));
            break;
        }
    }
};

TEST_F(GdbFuzz, NothingOnTheLineBreaksTheStub)
{
    fake::reset();
    for (int round = 0; round < 30000; round++) {
        const char *base = corpus[below(sizeof(corpus) / sizeof(corpus[0]))];
        switch (below(5)) {
        case 0:
            feed_chunked(random_bytes(below(300)));
            break;
        case 1:
            feed_chunked(packet(mutated(base)));
            break;
        case 2: {
            std::string p = packet(base);
            feed_chunked(p.substr(0, below((uint32_t)p.size())));
            feed_chunked(packet(base));
            break;
        }
        case 3:
            feed_chunked(packet(base));
            break;
        case 4:
            machine_event();
            break;
        }
        fake::Wire w = fake::parse(m.sent);
        ASSERT_TRUE(w.well_formed) << "round " << round << ": " << m.sent;
        ASSERT_EQ(m.out_of_bounds, 0) << "round " << round;
        m.sent.clear();
        if (round % 1000 == 999)
            fake::reset();                  // threads back, memory fresh
    }
    // Back in step after "#000", whatever state the line was left in.
    feed("#000");
    m.sent.clear();
    feed(packet("qAttached"));
    fake::Wire w = fake::parse(m.sent);
    ASSERT_TRUE(w.well_formed);
    ASSERT_FALSE(w.packets.empty());
    EXPECT_EQ(w.packets.back(), "1");
}

// Packets cut at every length and fed alone: no reply is ever malformed,
// and the next whole packet is answered. (A cut packet is never carried
// out, so one machine serves all the cuts of a packet.)
TEST_F(GdbFuzz, EveryTruncationRecovers)
{
    for (const char *base : corpus) {
        std::string p = packet(base);
        fake::reset();
        for (size_t cut = 0; cut < p.size(); cut++) {
            feed(p.substr(0, cut));
            feed("#000");
            m.sent.clear();
            feed(packet("qAttached"));
            fake::Wire w = fake::parse(m.sent);
            ASSERT_TRUE(w.well_formed) << base << " cut at " << cut;
            ASSERT_EQ(w.packets.size(), 1u) << base << " cut at " << cut;
            EXPECT_EQ(w.packets[0], "1");
        }
    }
}

}  // namespace

// gdbstub_test.cc - the hypervisor's GDB stub (hv/common/gdb*.c), packet by
// packet, against the pretend machine of gdb_fake.h: framing, checksums
// and acks; every packet GDB sends for registers, memory, threads,
// breakpoints and running; stops, steps over breakpoints, Ctrl-C; the
// monitor; and the debug.* records the visualizer shows. Malformed
// packets must get an error reply and a debug.refused record.
#include <gtest/gtest.h>

#include <algorithm>

#include "gdb_fake.h"

extern "C" {
#include "visualizer/trace/events.h"
}

using fake::feed;
using fake::hex;
using fake::m;
using fake::packet;

namespace {

class GdbStub : public ::testing::Test {
protected:
    void SetUp() override { fake::reset(); }

    // Send one packet; return the stub's replies (acks checked).
    std::vector<std::string> ask(const std::string &payload)
    {
        m.sent.clear();
        feed(packet(payload));
        fake::Wire w = fake::parse(m.sent);
        EXPECT_TRUE(w.well_formed) << m.sent;
        EXPECT_EQ(w.acks, "+") << "for " << payload;
        return w.packets;
    }

    // The single reply to a packet.
    std::string reply(const std::string &payload)
    {
        auto r = ask(payload);
        EXPECT_EQ(r.size(), 1u) << "for " << payload;
        return r.empty() ? "" : r.back();
    }

    // Records of one event id now in the trace ring.
    std::vector<trace_rec> records(uint32_t id)
    {
        std::vector<trace_rec> out;
        const trace_buf *b = trace_buf_of(0);
        for (uint32_t i = b->cons; i != b->prod; i++)
            if (TRACE_REC_ID(b->slots[i & b->size_mask].event) == id)
                out.push_back(b->slots[i & b->size_mask]);
        return out;
    }

    uint8_t byte(uint16_t dom, uint32_t va) { return m.mem[dom][va - fake::kBase]; }

    // GDB's first words, then a stop at a breakpoint on thread 1.
    void stopped_at_breakpoint(uint32_t addr)
    {
        reply("qSupported:multiprocess+;swbreak+;hwbreak+");
        EXPECT_EQ(reply("Z0," + hexnum(addr) + ",1"), "OK");
        m.sent.clear();
        fake::find(1)->regs[GDB_EIP] = addr;
        EXPECT_TRUE(gdb_breakpoint_hit(1, addr));
    }

    static std::string hexnum(uint32_t v)
    {
        char b[16];
        snprintf(b, sizeof(b), "%x", v);
        return b;
    }
};

// ---- Framing -----------------------------------------------------------

TEST_F(GdbStub, AcksAGoodPacketAndRepliesWithAGoodChecksum)
{
    feed("$?#3f");
    fake::Wire w = fake::parse(m.sent);
    ASSERT_TRUE(w.well_formed);
    EXPECT_EQ(w.acks, "+");
    ASSERT_EQ(w.packets.size(), 1u);
    EXPECT_EQ(w.packets[0], "T05thread:1;");
}

TEST_F(GdbStub, NaksABadChecksumAndTracesIt)
{
    feed("$?#00");
    EXPECT_EQ(m.sent, "-");
    auto r = records(TRC_XL_DEBUG_REFUSED);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].data[0], (uint32_t)DEBUG_BAD_CHECKSUM);
    EXPECT_EQ(r[0].data[1], (uint32_t)'?');
}

TEST_F(GdbStub, NaksAChecksumThatIsNotHex)
{
    feed("$?#zz");
    EXPECT_EQ(m.sent.substr(0, 1), "-");
}

TEST_F(GdbStub, SendsTheLastPacketAgainOnNak)
{
    std::string first = reply("qAttached");
    m.sent.clear();
    feed("-");
    fake::Wire w = fake::parse(m.sent);
    ASSERT_EQ(w.packets.size(), 1u);
    EXPECT_EQ(w.packets[0], first);
}

TEST_F(GdbStub, IgnoresNoiseBetweenPacketsAndRestartsOnDollar)
{
    m.sent.clear();
    feed("+++garbage\r\n$qAtt$qAttached#" + packet("qAttached").substr(11));
    fake::Wire w = fake::parse(m.sent);
    ASSERT_TRUE(w.well_formed);
    ASSERT_EQ(w.packets.size(), 1u);
    EXPECT_EQ(w.packets[0], "1");
    EXPECT_EQ(records(TRC_XL_DEBUG_REFUSED).size(), 1u);   // the cut one
}

TEST_F(GdbStub, AnswersAnOverlongPacketWithAnError)
{
    std::string big(GDB_PACKET_MAX + 100, 'm');
    EXPECT_EQ(reply(big), "E07");                       // E2BIG
    EXPECT_EQ(records(TRC_XL_DEBUG_REFUSED)[0].data[0],
              (uint32_t)DEBUG_TOO_LONG);
    EXPECT_EQ(reply("qAttached"), "1");                 // still in step
}

TEST_F(GdbStub, StopsAckingInNoAckMode)
{
    EXPECT_EQ(reply("QStartNoAckMode"), "OK");
    m.sent.clear();
    feed(packet("qAttached"));
    EXPECT_EQ(m.sent.substr(0, 1), "$");
    m.sent.clear();
    feed(packet("qSupported:swbreak+"));            // a new GDB: acks again
    EXPECT_EQ(m.sent.substr(0, 1), "+");
}

TEST_F(GdbStub, UnknownPacketsGetTheEmptyReply)
{
    for (const char *p : { "qOffsets", "vMustReplyEmpty", "qTStatus", "!",
                           "QNonStop:1", "vKill;1", "qCRC:0,4" })
        EXPECT_EQ(reply(p), "") << p;
}

// ---- Malformed packets: each an error reply and a refusal record -------

TEST_F(GdbStub, RefusesMalformedPackets)
{
    static const char *const bad[] = {
        "m", "mzz,4", "m10", "m10,", "m,4", "mc0000000,0", "m123456789,1",
        "M10,2:zz", "Mc0000000,2:00", "Mc0000000,1:0011", "Xc0000000,2:a",
        "Xc0000000,1:}", "g00", "G0011", "p", "pzz", "p20", "P8=", "P8=123",
        "Hx1", "Hg", "Hgzz", "H", "T", "Tzz", "Z", "Z0", "Z0,c0000000",
        "Z0,c0000000,2", "Z9,c0000000,1", "z0,c0000000,zz", "vCont", "vCont;",
        "vCont;x", "vCont;c:", "vCont;Czz", "qThreadExtraInfo", "qThreadExtraInfo,",
        "qXfer:features:read:target.xml:zz,4", "qXfer:features:read:other.xml:0,4",
        "qXfer:features:read", "qRcmd,6", "qRcmd,zz", "qRcmd,00", "C", "Szz",
        "c12345678901",
    };
    for (const char *p : bad) {
        uint32_t before = (uint32_t)records(TRC_XL_DEBUG_REFUSED).size();
        std::string r = reply(p);
        ASSERT_EQ(r.size(), 3u) << p << " -> " << r;
        EXPECT_EQ(r[0], 'E') << p << " -> " << r;
        EXPECT_EQ(records(TRC_XL_DEBUG_REFUSED).size(), before + 1) << p;
    }
    EXPECT_EQ(m.out_of_bounds, 0);
}

// ---- Threads -----------------------------------------------------------------

TEST_F(GdbStub, ListsEveryVcpuAsAThread)
{
    EXPECT_EQ(reply("qfThreadInfo"), "m1,2");
    EXPECT_EQ(reply("qsThreadInfo"), "l");
    EXPECT_EQ(fake::unhex(reply("qThreadExtraInfo,2")), "dom1 vcpu0 (ticker)");
    EXPECT_EQ(fake::unhex(reply("qThreadExtraInfo,p1.1")),
              "dom0 vcpu0 (debuggee)");
    EXPECT_EQ(reply("T2"), "OK");
    EXPECT_EQ(reply("T3"), "E03");                      // ESRCH
    EXPECT_EQ(reply("qThreadExtraInfo,3"), "E03");
}

TEST_F(GdbStub, SelectsTheThreadRegistersAndMemoryAreAbout)
{
    EXPECT_EQ(reply("Hg2"), "OK");
    EXPECT_EQ(reply("p0"), "00200000");                 // thread 2's eax
    EXPECT_EQ(reply("qC"), "QC2");
    EXPECT_EQ(reply("mc0000000,2"), "0102");            // dom1's memory
    EXPECT_EQ(reply("Hg0"), "OK");                       // any: the first
    EXPECT_EQ(reply("mc0000000,2"), "0001");
    EXPECT_EQ(reply("Hg9"), "E03");
    EXPECT_EQ(reply("Hc-1"), "OK");
}

TEST_F(GdbStub, ForgetsAThreadWhoseDomainWent)
{
    EXPECT_EQ(reply("Hg2"), "OK");
    m.threads.pop_back();
    EXPECT_EQ(reply("g"), "E03");
    EXPECT_EQ(reply("m0,1"), "E03");
    EXPECT_EQ(reply("qfThreadInfo"), "m1");
}

// ---- Registers -------------------------------------------------------------------

TEST_F(GdbStub, ReadsRegistersInGdbOrderAndX87AsUnavailable)
{
    std::string g = reply("g");
    ASSERT_EQ(g.size(), 16 * 8 + 8 * 20 + 8 * 8u);
    EXPECT_EQ(g.substr(0, 8), "00100000");              // eax = 0x1000, LE
    EXPECT_EQ(g.substr(8 * GDB_EIP, 8), "000100c0");    // eip = c0000100
    EXPECT_EQ(g.substr(16 * 8), std::string(8 * 20 + 8 * 8, 'x'));
    EXPECT_EQ(reply("p8"), "000100c0");
    EXPECT_EQ(reply("p10"), std::string(20, 'x'));      // st0
    EXPECT_EQ(reply("p1f"), std::string(8, 'x'));       // fop
}

TEST_F(GdbStub, WritesRegisters)
{
    std::string g = reply("g");
    g.replace(0, 8, "efbeadde");
    EXPECT_EQ(reply("G" + g), "OK");
    EXPECT_EQ(fake::find(1)->regs[GDB_EAX], 0xdeadbeefu);
    EXPECT_EQ(reply("P8=44332211"), "OK");
    EXPECT_EQ(fake::find(1)->regs[GDB_EIP], 0x11223344u);
    EXPECT_EQ(reply("P10=00000000000000000000"), "E16");  // x87: malformed
    EXPECT_EQ(reply("P18=00000000"), "E01");              // x87: read-only
}

TEST_F(GdbStub, DescribesTheTargetAsI386InPieces)
{
    std::string xml;
    for (unsigned int off = 0;; off += 100) {
        std::string r = reply("qXfer:features:read:target.xml:" + hexnum(off) + ",64");
        ASSERT_FALSE(r.empty());
        xml += r.substr(1);
        if (r[0] == 'l')
            break;
        ASSERT_EQ(r[0], 'm');
        ASSERT_EQ(r.size(), 0x64 + 1u);
        ASSERT_LT(off, 100000u);
    }
    EXPECT_NE(xml.find("<architecture>i386</architecture>"), std::string::npos);
    EXPECT_NE(xml.find("org.gnu.gdb.i386.core"), std::string::npos);
    size_t regs = 0;
    for (size_t p = 0; (p = xml.find("<reg ", p)) != std::string::npos; p++)
        regs++;
    EXPECT_EQ(regs, (size_t)GDB_NR_REGS);
    EXPECT_EQ(xml.substr(xml.size() - 10), "</target>\n");
    EXPECT_EQ(reply("qXfer:features:read:target.xml:ffff,10"), "l");
}

// ---- Memory ---------------------------------------------------------------------------

TEST_F(GdbStub, ReadsMemoryShortAtTheEndOfWhatIsMapped)
{
    EXPECT_EQ(reply("mc0000010,4"), "10111213");
    EXPECT_EQ(reply("mc000fffe,4"), "feff");            // 2 of 4 bytes
    EXPECT_EQ(reply("mf5800000,4"), "E0d");             // the hypervisor's
    EXPECT_EQ(reply("m1000,4"), "E0e");                 // unmapped
    EXPECT_EQ(records(TRC_XL_DEBUG_REFUSED).back().data[0],
              (uint32_t)DEBUG_BAD_ADDRESS);
    EXPECT_EQ(reply("mffffffff,10"), "E0d");            // no wrap past 4 GB
    std::string big = reply("mc0000000,ffff");          // capped, not refused
    EXPECT_EQ(big.size(), 2u * GDB_PACKET_MAX);
    EXPECT_EQ(m.out_of_bounds, 0);
}

TEST_F(GdbStub, WritesMemoryAsHexAndAsBinary)
{
    EXPECT_EQ(reply("Mc0000020,2:abcd"), "OK");
    EXPECT_EQ(byte(0, 0xc0000020), 0xab);
    EXPECT_EQ(byte(0, 0xc0000021), 0xcd);
    // X escapes '#', '$', '}' as '}' then the byte ^ 0x20.
    EXPECT_EQ(reply(std::string("Xc0000030,3:a}\x03}]")), "OK");
    EXPECT_EQ(byte(0, 0xc0000030), 'a');
    EXPECT_EQ(byte(0, 0xc0000031), '#');
    EXPECT_EQ(byte(0, 0xc0000032), '}');
    EXPECT_EQ(reply("Xc0000040,0:"), "OK");             // GDB's probe
    EXPECT_EQ(reply("Mc000f000,1:00"), "E01");          // read-only to us
    EXPECT_EQ(reply("Mf5800000,1:00"), "E0d");
    EXPECT_EQ(byte(1, 0xc0000020), 0x21);               // dom1 untouched
}

// ---- Breakpoints ------------------------------------------------------------------------

TEST_F(GdbStub, PlantsInt3InEveryDomainAndHidesIt)
{
    EXPECT_EQ(reply("Z0,c0000050,1"), "OK");
    EXPECT_EQ(byte(0, 0xc0000050), 0xcc);
    EXPECT_EQ(byte(1, 0xc0000050), 0xcc);
    EXPECT_EQ(reply("mc000004f,3"), "4f5051");          // GDB sees the guest's
    EXPECT_EQ(reply("Hg2"), "OK");
    EXPECT_EQ(reply("mc000004f,3"), "505152");          // dom1's own byte
    EXPECT_EQ(reply("Z0,c0000050,1"), "OK");            // twice: still one
    EXPECT_EQ(reply("z0,c0000050,1"), "OK");
    EXPECT_EQ(byte(0, 0xc0000050), 0x50);
    EXPECT_EQ(byte(1, 0xc0000050), 0x51);
    EXPECT_EQ(reply("z0,c0000050,1"), "E02");           // not there now
    EXPECT_EQ(reply("Z0,1000,1"), "E0e");               // nowhere mapped
    EXPECT_EQ(reply("Z0,c000f000,1"), "E01");           // read-only
}

TEST_F(GdbStub, KeepsTheInt3WhenGdbWritesOverIt)
{
    EXPECT_EQ(reply("Z0,c0000060,1"), "OK");
    EXPECT_EQ(reply("Mc000005f,3:aabbcc"), "OK");
    EXPECT_EQ(byte(0, 0xc0000060), 0xcc);
    EXPECT_EQ(reply("mc0000060,1"), "bb");
    EXPECT_EQ(reply("z0,c0000060,1"), "OK");
    EXPECT_EQ(byte(0, 0xc0000060), 0xbb);
}

TEST_F(GdbStub, StopsEveryoneAtABreakpointAndTracesIt)
{
    stopped_at_breakpoint(0xc0000070);
    fake::Wire w = fake::parse(m.sent);
    ASSERT_EQ(w.packets.size(), 1u);
    EXPECT_EQ(w.packets[0], "T05thread:1;swbreak:;");
    EXPECT_TRUE(fake::find(1)->paused);
    EXPECT_TRUE(fake::find(2)->paused);
    auto stops = records(TRC_XL_DEBUG_STOP);
    ASSERT_EQ(stops.size(), 2u);
    EXPECT_EQ(stops[0].dom, 0);
    EXPECT_EQ(stops[0].data[2], 1u);                    // breakpoint
    EXPECT_EQ(stops[0].data[3], 0xc0000070u);
    EXPECT_EQ(stops[1].dom, 1);
    EXPECT_EQ(stops[1].data[2], 3u);                    // held with it
    EXPECT_EQ(reply("?"), "T05thread:1;swbreak:;");
    EXPECT_FALSE(gdb_breakpoint_hit(1, 0xc0000071));    // the guest's own
}

TEST_F(GdbStub, StepsOverTheBreakpointItIsOnThenPutsItBack)
{
    stopped_at_breakpoint(0xc0000070);
    m.resumed.clear();
    EXPECT_TRUE(ask("vCont;c").empty());                // no reply: running
    ASSERT_EQ(m.resumed.size(), 2u);
    EXPECT_EQ(m.resumed[0].tid, 1);
    EXPECT_TRUE(m.resumed[0].step);                     // over the int3 first
    EXPECT_FALSE(m.resumed[1].step);
    EXPECT_EQ(byte(0, 0xc0000070), 0x70);               // uncovered meanwhile
    EXPECT_EQ(byte(1, 0xc0000070), 0xcc);               // only in its domain
    m.sent.clear();
    EXPECT_TRUE(gdb_step_done(1));
    EXPECT_EQ(m.sent, "");                              // not a stop for GDB
    EXPECT_EQ(byte(0, 0xc0000070), 0xcc);
    EXPECT_FALSE(m.resumed.back().step);                // and on it runs
    EXPECT_EQ(records(TRC_XL_DEBUG_RESUME).size(), 2u);
}

TEST_F(GdbStub, StepsOneThreadWhileTheOthersStayHeld)
{
    stopped_at_breakpoint(0xc0000070);
    EXPECT_EQ(reply("z0,c0000070,1"), "OK");
    m.resumed.clear();
    EXPECT_TRUE(ask("vCont;s:1").empty());
    ASSERT_EQ(m.resumed.size(), 1u);
    EXPECT_TRUE(m.resumed[0].step);
    EXPECT_TRUE(fake::find(2)->paused);
    m.sent.clear();
    fake::find(1)->regs[GDB_EIP] = 0xc0000072;
    EXPECT_TRUE(gdb_step_done(1));
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "T05thread:1;");
    auto stops = records(TRC_XL_DEBUG_STOP);
    EXPECT_EQ(stops.back().data[2], 2u);                // step
    EXPECT_EQ(stops.back().data[3], 0xc0000072u);
}

TEST_F(GdbStub, OldStyleContinueAndStep)
{
    stopped_at_breakpoint(0xc0000070);
    EXPECT_EQ(reply("z0,c0000070,1"), "OK");
    m.resumed.clear();
    EXPECT_TRUE(ask("s").empty());
    ASSERT_EQ(m.resumed.size(), 1u);
    gdb_step_done(1);
    m.resumed.clear();
    EXPECT_TRUE(ask("cc0000200").empty());              // at an address
    EXPECT_EQ(fake::find(1)->regs[GDB_EIP], 0xc0000200u);
    EXPECT_EQ(m.resumed.size(), 2u);
}

TEST_F(GdbStub, InterruptsOnCtrlC)
{
    reply("qSupported");
    m.current = 2;
    m.sent.clear();
    feed("\x03");
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "T02thread:2;");
    EXPECT_TRUE(fake::find(1)->paused);
    EXPECT_EQ(records(TRC_XL_DEBUG_STOP).at(0).data[2], 3u);
}

TEST_F(GdbStub, SaysSoWhenEveryThreadItLetRunHasGone)
{
    stopped_at_breakpoint(0xc0000070);
    EXPECT_EQ(reply("z0,c0000070,1"), "OK");
    EXPECT_TRUE(ask("vCont;c:2").empty());             // only the ticker
    m.threads.pop_back();                              // ... which exits
    m.sent.clear();
    feed("");                                          // the periodic poll
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "T00thread:1;");
}

// ---- Debug registers -------------------------------------------------------------------

TEST_F(GdbStub, WatchpointsTakeDebugRegisters)
{
    reply("qSupported:hwbreak+");
    EXPECT_EQ(reply("Z2,c0000080,4"), "OK");
    EXPECT_EQ(m.dr[0], 0xc0000080u);
    // L0, RW0 = 01 (write), LEN0 = 11 (4 bytes), LE.
    EXPECT_EQ(m.dr7, 0x1u | (0x1u | 0x3u << 2) << 16 | 0x100u);
    EXPECT_EQ(reply("Z1,c0000090,1"), "OK");
    EXPECT_EQ(m.dr7 & 0xf, 0x5u);
    EXPECT_EQ(reply("Z4,c00000a0,2"), "OK");
    EXPECT_EQ(reply("Z3,c00000b0,1"), "OK");
    EXPECT_EQ(reply("Z2,c00000c0,4"), "E1c");           // all four taken
    EXPECT_EQ(reply("Z2,c00000c1,4"), "E16");           // unaligned
    EXPECT_EQ(reply("Z2,c00000c0,3"), "E16");
    m.sent.clear();
    EXPECT_TRUE(gdb_hw_hit(2, 1u << 0));
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "T05thread:2;watch:c0000080;");
    EXPECT_EQ(records(TRC_XL_DEBUG_STOP).at(0).data[2], 4u);
    EXPECT_EQ(reply("z2,c0000080,4"), "OK");
    EXPECT_EQ(m.dr7 & 0x3, 0u);
    EXPECT_EQ(reply("z2,c0000080,4"), "E02");
    EXPECT_FALSE(gdb_hw_hit(1, 1u << 0));               // not ours any more
}

TEST_F(GdbStub, HardwareBreakpointStopSaysHwbreak)
{
    reply("qSupported:hwbreak+");
    EXPECT_EQ(reply("Z1,c0000090,1"), "OK");
    m.sent.clear();
    EXPECT_TRUE(gdb_hw_hit(1, 1u << 0));
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "T05thread:1;hwbreak:;");
}

// ---- Others run --------------------------------------------------------------------------

TEST_F(GdbStub, OthersKeepRunningWhenAskedAndLateStopsWait)
{
    reply("qSupported:swbreak+");
    auto out = ask("qRcmd," + hex("others run"));
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.back(), "OK");
    EXPECT_EQ(reply("Z0,c0000070,1"), "OK");
    EXPECT_TRUE(gdb_breakpoint_hit(1, 0xc0000070));
    EXPECT_TRUE(fake::find(1)->paused);
    EXPECT_FALSE(fake::find(2)->paused);                // the ticker runs on
    m.sent.clear();
    EXPECT_TRUE(gdb_breakpoint_hit(2, 0xc0000070));     // while GDB looks
    EXPECT_EQ(m.sent, "");                              // held back
    EXPECT_TRUE(fake::find(2)->paused);
    m.resumed.clear();
    auto r = ask("vCont;c");
    ASSERT_EQ(r.size(), 1u);                            // at once: thread 2
    EXPECT_EQ(r[0], "T05thread:2;swbreak:;");
    EXPECT_TRUE(fake::find(2)->paused);                 // its domain held
    ASSERT_EQ(m.resumed.size(), 1u);                    // the other runs
    EXPECT_EQ(m.resumed[0].tid, 1);
    out = ask("qRcmd," + hex("others stop"));
    EXPECT_EQ(out.back(), "OK");
}

// ---- Monitor -----------------------------------------------------------------------------

TEST_F(GdbStub, MonitorCommandsAnswerInText)
{
    auto text = [&](const std::string &cmd, std::string *end) {
        std::string t;
        for (auto &p : ask("qRcmd," + hex(cmd))) {
            if (p[0] == 'O' && p != "OK")
                t += fake::unhex(p.substr(1));
            else
                *end = p;
        }
        return t;
    };
    std::string end;
    EXPECT_NE(text("help", &end).find("monitor events"), std::string::npos);
    EXPECT_EQ(end, "OK");
    EXPECT_EQ(text("domains", &end), "dom0 debuggee\ndom1 ticker\n");
    EXPECT_NE(text("trace off pv tlb", &end).find("-pv"), std::string::npos);
    EXPECT_EQ(end, "OK");
    EXPECT_FALSE(trace_mask & trace_filter_bit(TRC_PV_HYPERCALL));
    EXPECT_FALSE(trace_mask & trace_filter_bit(TRC_XL_TLB_FLUSH));
    EXPECT_TRUE(trace_mask & trace_filter_bit(TRC_XL_STREAM));  // always
    text("trace on all", &end);
    EXPECT_EQ(trace_mask, (uint32_t)TRACE_MASK_ALL);
    EXPECT_NE(text("trace off nosuch", &end).find("nosuch"), std::string::npos);
    EXPECT_EQ(end, "E16");
    EXPECT_NE(text("frobnicate", &end).find("monitor help"), std::string::npos);
    EXPECT_EQ(end, "E16");
    EXPECT_NE(text("events 0", &end).find("1 to 200"), std::string::npos);
    EXPECT_EQ(end, "E16");
    std::string ev = text("events 2", &end);
    EXPECT_EQ(end, "OK");
    EXPECT_EQ(std::count(ev.begin(), ev.end(), '\n'), 2);
}

// Each event the monitor names, it names as hvviz does, field for field.
TEST_F(GdbStub, MonitorEventsUseTheVisualizersNames)
{
    int named = 0;
    for (size_t i = 0; i < nr_event_formats; i++) {
        const struct event_format &f = event_formats[i];
        uint32_t words[TRACE_EXTRA_MAX] = { 1, 2, 3, 4, 5, 6, 7 };
        unsigned int n = 0;
        while (n < TRACE_EXTRA_MAX && f.fields[n].name)
            n++;
        fake::reset();
        trace_event_dom(f.id, 0, 0, words, n);
        char ours[512], theirs[512];
        gdb_format_events(1, ours, sizeof(ours));
        event_describe(&fake::trace_slots[0], theirs, sizeof(theirs));
        std::string o(ours), t(theirs);
        if (o.find(" event=0x") != std::string::npos)
            continue;                                   // not in our table
        named++;
        // Same event name, and the same field names in the same order.
        std::string name = t.substr(0, t.find(' '));
        EXPECT_NE(o.find(" " + name + " "), std::string::npos) << o << " / " << t;
        size_t po = o.find(name), pt = 0;
        for (unsigned int k = 0; k < n && f.fields[k].kind != F_STR; k++) {
            std::string key = std::string(" ") + f.fields[k].name + "=";
            po = o.find(key, po);
            pt = t.find(key, pt);
            EXPECT_NE(po, std::string::npos) << key << " in " << o;
            EXPECT_NE(pt, std::string::npos) << key << " in " << t;
        }
    }
    EXPECT_GE(named, 25);
}

TEST_F(GdbStub, TraceClassNamesAreTheVisualizers)
{
    for (size_t i = 0; i < nr_event_formats; i++) {
        std::string cls = event_formats[i].name;
        cls = cls.substr(0, cls.find('.'));
        uint32_t bits = gdb_trace_class_bits(cls.c_str());
        if (bits) {
            EXPECT_EQ(bits, trace_filter_bit(event_formats[i].id)) << cls;
        }
    }
    EXPECT_EQ(gdb_trace_class_bits("pv"), trace_filter_bit(TRC_PV_TRAP));
    EXPECT_EQ(gdb_trace_class_bits("nope"), 0u);
}

// ---- Leaving ---------------------------------------------------------------------------

TEST_F(GdbStub, DetachLeavesNothingBehindAndLetsEveryoneRun)
{
    stopped_at_breakpoint(0xc0000070);
    EXPECT_EQ(reply("Z2,c0000080,4"), "OK");
    EXPECT_EQ(reply("D"), "OK");
    EXPECT_EQ(byte(0, 0xc0000070), 0x70);
    EXPECT_EQ(byte(1, 0xc0000070), 0x71);
    EXPECT_EQ(m.dr7, 0u);
    EXPECT_FALSE(fake::find(1)->paused);
    EXPECT_FALSE(fake::find(2)->paused);
    EXPECT_FALSE(gdb_attached());
    EXPECT_FALSE(gdb_breakpoint_hit(1, 0xc0000070));
}

TEST_F(GdbStub, KillEndsTheDomainsWithoutAReply)
{
    reply("qSupported");
    EXPECT_TRUE(ask("k").empty());
    EXPECT_EQ(m.kills, 1);
}

TEST_F(GdbStub, TellsAWaitingGdbThatTheMachineStops)
{
    stopped_at_breakpoint(0xc0000070);
    ask("vCont;c");
    m.sent.clear();
    gdb_exiting(0);
    EXPECT_EQ(fake::parse(m.sent).packets.at(0), "W00");
    m.sent.clear();
    gdb_exiting(0);                                     // said once
    EXPECT_EQ(m.sent, "");
}

TEST_F(GdbStub, HoldsEveryoneUntilGdbComes)
{
    gdb_hold_all();
    EXPECT_TRUE(fake::find(1)->paused);
    EXPECT_TRUE(fake::find(2)->paused);
    EXPECT_EQ(reply("?"), "T05thread:1;");
    m.resumed.clear();
    EXPECT_TRUE(ask("vCont;c").empty());
    EXPECT_EQ(m.resumed.size(), 2u);
}

TEST_F(GdbStub, ANewSessionClearsWhatTheLastOneLeft)
{
    EXPECT_EQ(reply("Z0,c0000070,1"), "OK");
    EXPECT_EQ(reply("Z2,c0000080,4"), "OK");
    reply("qSupported:swbreak+");
    EXPECT_EQ(byte(0, 0xc0000070), 0x70);
    EXPECT_EQ(m.dr7, 0u);
}

}  // namespace

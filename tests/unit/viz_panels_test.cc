// viz_panels_test.cc - the panels and the layout, read back as text.
// What each panel must show after a known story of records, that every
// panel renders at 80x24 and 200x50 (and tiny sizes without drawing
// outside its rectangle), and that losses are shown, never hidden.
#include "viz_helpers.h"

#include <algorithm>
#include <string>

extern "C" {
#include <public/vcpu.h>
#include <public/xenlab.h>
#include "visualizer/panels/panel.h"
#include "visualizer/steps.h"
#include "visualizer/trace/events.h"
}

namespace {

using viz::make_rec;
using viz::Model;
using viz::Stream;

bool has(const std::string &text, const std::string &what)
{
    return text.find(what) != std::string::npos;
}

// One panel alone in a w x h view of a larger canvas whose border cells
// hold a sentinel: anything drawn outside the view would overwrite one.
std::string panel_alone(const model &m, int p, int w, int h, bool full, int scroll = 0)
{
    canvas c;
    EXPECT_EQ(canvas_init(&c, w + 4, h + 4, true), 0);
    for (int i = 0; i < c.w * c.h; i++)
        c.cells[i].ch = '@';
    view all = canvas_view(&c);
    view v = view_sub(&all, 2, 2, w, h);
    for (int y = 0; y < h; y++)
        view_fill(&v, y, 0, w, AT_NORMAL, ' ');
    logview lv;
    EXPECT_EQ(logview_init(&lv), 0);
    panel_ui ui = {};
    ui.log = &lv;
    ui.scroll = scroll;
    const panel *pn = panel_table[p];
    if (full)
        pn->full(model_panel_state(&m, p), &m, &v, &ui);
    else
        pn->summary(model_panel_state(&m, p), &m, &v);
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++) {
            bool inside = x >= 2 && x < 2 + w && y >= 2 && y < 2 + h;
            if (!inside) {
                EXPECT_EQ(c.cells[y * c.w + x].ch, (uint32_t)'@')
                    << pn->name << " drew outside its " << w << "x" << h << " view at "
                    << x << "," << y;
            }
        }
    std::string text;
    char line[4096];
    for (int y = 2; y < 2 + h; y++) {
        canvas_row_text(&c, y, line, sizeof(line));
        std::string row(line);
        text += row.substr(2 < row.size() ? 2 : row.size()) + "\n";
    }
    logview_free(&lv);
    canvas_free(&c);
    return text;
}

// A small machine: two named domains, ring moves, a flush storm, balloon
// steps, an I/O ring, hypercalls, traps, exits, scheduling.
void story(Stream &s)
{
    uint32_t n1[3], n2[3];
    memcpy(n1, "dom0\0\0\0\0\0\0\0\0", 12);
    memcpy(n2, "guest1\0\0\0\0\0\0", 12);
    s.add(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {0, 1000, 2000, 1, n1[0], n1[1], n1[2]});
    s.add(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {1, 3000, 4096, 0, n2[0], n2[1], n2[2]});
    s.add(TRC_SCHED_SWITCH, DOMID_IDLE, {DOMID_IDLE, 0, 1, 0});
    s.add(TRC_SCHED_RUNSTATE_CHANGE, DOMID_IDLE, {1, 0, RUNSTATE_runnable, RUNSTATE_running});
    // d1: a hypercall, there and back; then a bounced user page fault.
    s.add(TRC_XL_RING_TRANSITION, 1, {1, 0, RING_HYPERCALL, 0x82, 0xc0001000});
    s.add(TRC_PV_HYPERCALL, 1, {17, 0, 0, 0, 0, 0, 0});         // xen_version
    s.add(TRC_XL_RING_TRANSITION, 1, {0, 1, RING_IRET, 0x82, 0xc0001000});
    s.add(TRC_XL_RING_TRANSITION, 1, {1, 3, RING_IRET, 0, 0});
    // iret's result is the guest's own eax, restored: -1 is no failure.
    s.add(TRC_PV_HYPERCALL, 1, {23, (uint32_t)-1, 0, 0, 0, 0, 0});
    s.add(TRC_XL_RING_TRANSITION, 1, {3, 0, RING_TRAP, 14, 0x08048000});
    s.add(TRC_PV_PAGE_FAULT, 1, {0x0804a000, 6, 0x08048000, 3, TRAP_BOUNCED});
    // d0 left in ring 0 by a hypercall that has not returned yet.
    s.add(TRC_XL_RING_TRANSITION, 0, {1, 0, RING_HYPERCALL, 0x82, 0xc0002000});
    for (int i = 0; i < 5; i++)
        s.add(TRC_PV_HYPERCALL, 0, {1, (uint32_t)-22, 0, 0, 0, 0, 0});  // mmu_update
    s.add(TRC_PV_EMULATE_PRIVOP, 1, {0xc0001234, 0xfa, PRIVOP_CLI, TRAP_EMULATED, 0});
    s.add(TRC_HVM_VMEXIT, 2, {0x72, 0x1000, 0, 0, 2});
    s.add(TRC_HVM_VMEXIT, 2, {0x72, 0x1000, 0, 0, 2});
    s.add(TRC_HVM_VMEXIT, 2, {0x1234, 0x1000, 0, 0, 2});
    // Balloon: d1 gives 500 pages back toward a target of 2500.
    s.add(TRC_XL_BALLOON_STEP, 1, {1, 0, 500, 2500, 7000, 2500, 4096});
    // An I/O ring of 8: 3 requests produced, 2 taken, 1 answered.
    s.add(TRC_XL_IORING_SETUP, 1, {(1u << 16) | 0, 1, 0, 8, IORING_NET_TX});
    s.add(TRC_XL_IORING_OP, 1, {1u << 16, 3, 2, 1, 0, IORING_REQ_PRODUCE, 8});
    s.add(TRC_XL_IORING_OP, 1, {1u << 16, 3, 2, 1, 0, IORING_NOTIFY, 8});
    // TLB: 40 domain switches by d1 within the first second (a 1 MHz TSC,
    // 20000 ticks = 20 ms apart), then a flush a second later.
    for (int i = 0; i < 40; i++)
        s.add(TRC_XL_TLB_FLUSH, 1, {TLB_DOMAIN_SWITCH, TLB_SCOPE_LOCAL, 0, 1}, 20000);
    s.add(TRC_XL_TLB_FLUSH, 0, {TLB_INVLPG, TLB_SCOPE_PAGE, 0x1000, 0}, 1000000);
    s.add(TRC_SCHED_SWITCH, DOMID_IDLE, {1, 0, 0, 0});
}

class Panels : public ::testing::Test {
protected:
    void SetUp() override
    {
        Stream s(1000);
        story(s);
        m.feed(s);
    }
    Model m;
};

TEST_F(Panels, RingsShowWhereEachVcpuIsAndWhy)
{
    std::string t = panel_alone(m.m, PANEL_RINGS, 80, 14, true);
    EXPECT_TRUE(has(t, "d1v0 guest1")) << t;
    EXPECT_TRUE(has(t, "d0v0 dom0")) << t;
    // d1's code runs in ring 3 and trapped into the hypervisor; d0's in
    // ring 1, in the hypervisor for a hypercall that has not returned:
    // the guest's own ring, and what holds it in ring 0, apart.
    // (In 80 columns, the short form: never a cut sentence.)
    EXPECT_TRUE(has(t, "in hv: trap #PF ")) << t;
    EXPECT_TRUE(has(t, "in hv: hypercall mmu_update ")) << t;
    std::string wide = panel_alone(m.m, PANEL_RINGS, 120, 14, true);
    EXPECT_TRUE(has(wide, "in the hypervisor: trap #PF (from ring 3)")) << wide;
    EXPECT_TRUE(has(wide, "in the hypervisor: hypercall mmu_update (from ring 1)")) << wide;
    EXPECT_TRUE(has(t, "by cause: hypercall 2 trap 1 iret 2")) << t;
    std::string sum = panel_alone(m.m, PANEL_RINGS, 70, 1, false);
    EXPECT_TRUE(has(sum, "d1v0:r3[in #PF] d0v0:r1[in mmu_update]")) << sum;
    // d2 is hardware-assisted: no rings, its VM exits instead.
    EXPECT_TRUE(has(t, "guest mode (SVM)  3 VM exits, last: 0x1234")) << t;
    EXPECT_TRUE(has(sum, "d2v0:svm")) << sum;
}

TEST(PanelsHvm, AHardwareAssistedVcpuShowsItsExitsNotRings)
{
    viz::Stream s(1000);
    uint32_t name[3];
    memcpy(name, "unmodified\0\0", 12);
    s.add(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, {0, 1024, 1100, 2, name[0], name[1], name[2]});
    s.add(TRC_HVM_VMEXIT, 0, {0x7b, 0x100000, 0x3f80010, 0x100002, 0});
    s.add(TRC_HVM_VMEXIT, 0, {0x72, 0x100010, 0, 0, 0});
    viz::Model m;
    m.feed(s);
    std::string sum = panel_alone(m.m, PANEL_RINGS, 70, 2, false);
    EXPECT_TRUE(has(sum, "d0v0:svm")) << sum;
    EXPECT_TRUE(has(sum, "last: d0v0 unmodified exit cpuid")) << sum;
    EXPECT_TRUE(has(sum, "2 VM exits, 0 ring moves")) << sum;
    std::string full = panel_alone(m.m, PANEL_RINGS, 80, 8, true);
    EXPECT_TRUE(has(full, "guest mode (SVM)  2 VM exits, last: cpuid")) << full;
    EXPECT_FALSE(has(full, "no ring transitions yet")) << full;
}

// At a lesson checkpoint the vCPU waits inside the checkpoint hypercall:
// its code is ring 1's (lesson 01 step 1 says so), ring 0 only holds it.
TEST(PanelsRings, AVcpuParkedInAHypercallKeepsItsOwnRing)
{
    Stream s(1000);
    Model m;
    s.add(TRC_XL_RING_TRANSITION, 0, {0, 1, RING_START, 0, 0xc0001000});
    s.add(TRC_XL_RING_TRANSITION, 0, {1, 0, RING_HYPERCALL, 0x82, 0xc0001787});
    s.add(TRC_XL_LESSON_CHECKPOINT, 0, {1, 1, 0});
    s.add(TRC_SCHED_RUNSTATE_CHANGE, 0, {0, 0, RUNSTATE_running, RUNSTATE_blocked});
    s.add(TRC_PV_HYPERCALL, 0, {__HYPERVISOR_xenlab_op, 0, 1, 1, 1, 0, 0});
    m.feed(s);
    std::string sum = panel_alone(m.m, PANEL_RINGS, 70, 1, false);
    EXPECT_TRUE(has(sum, "d0v0:r1[in xenlab_op, waiting]")) << sum;
    std::string t = panel_alone(m.m, PANEL_RINGS, 140, 8, true);
    EXPECT_TRUE(has(t, "in the hypervisor: hypercall xenlab_op (from ring 1), waiting at the checkpoint"))
        << t;
    // Released: back in ring 1, running its own code.
    s.bytes.clear();
    s.add(TRC_SCHED_RUNSTATE_CHANGE, 0, {0, 0, RUNSTATE_blocked, RUNSTATE_running});
    s.add(TRC_XL_RING_TRANSITION, 0, {0, 1, RING_IRET, 0x82, 0xc0001787});
    m.feed(s);
    sum = panel_alone(m.m, PANEL_RINGS, 70, 1, false);
    EXPECT_TRUE(has(sum, "d0v0:r1 ")) << sum;
    EXPECT_FALSE(has(sum, "[in ")) << sum;
    t = panel_alone(m.m, PANEL_RINGS, 80, 8, true);
    EXPECT_TRUE(has(t, "running (iret from 0)")) << t;
}

TEST_F(Panels, CountersNameHypercallsTrapsAndExits)
{
    std::string t = panel_alone(m.m, PANEL_COUNTERS, 100, 12, true);
    EXPECT_TRUE(has(t, "mmu_update")) << t;
    EXPECT_TRUE(has(t, "xen_version")) << t;
    EXPECT_TRUE(has(t, "5 failed hypercalls (/is:failed lists them)")) << t;
    EXPECT_TRUE(has(t, "#PF")) << t;
    EXPECT_TRUE(has(t, "#GP")) << t;       // the emulated cli
    EXPECT_TRUE(has(t, "cpuid")) << t;
    EXPECT_TRUE(has(t, "0x1234")) << t;    // an exit code without a name
    // Sorted: mmu_update (5) above xen_version (1).
    EXPECT_LT(t.find("mmu_update"), t.find("xen_version"));
}

TEST_F(Panels, MemoryShowsCurrentTargetMaximumAndConservation)
{
    std::string t = panel_alone(m.m, PANEL_MEMORY, 100, 10, true);
    EXPECT_TRUE(has(t, "2500 / target   2500 / max   4096")) << t;
    EXPECT_TRUE(has(t, "1000 / target   1000 / max   2000")) << t;
    // 1000 + 2500 + 7000 free.
    EXPECT_TRUE(has(t, "free pool 7000 pages; domains + free = 10500 pages")) << t;
    EXPECT_TRUE(has(t, "inflate: - 500 pages")) << t;
}

TEST_F(Panels, MemoryFollowsDomainsAsTheyGo)
{
    // d1 crashes: its pages go back, and the free pool says so at once,
    // without waiting for a balloon step.
    Stream s(1000);
    s.skip_seq(1000);
    s.add(TRC_XL_DOMAIN_DESTROY, 1, {1, 3 /* crash */, 9500});
    m.feed(s);
    std::string t = panel_alone(m.m, PANEL_MEMORY, 100, 10, true);
    EXPECT_TRUE(has(t, "free pool 9500 pages")) << t;
    EXPECT_FALSE(has(t, "2500 / target")) << t;
    // Then d0: nobody is left, and the panel says that rather than "yet".
    Stream s2(1000);
    s2.skip_seq(2000);
    s2.add(TRC_XL_DOMAIN_DESTROY, 0, {0, 0 /* poweroff */, 10500});
    m.feed(s2);
    t = panel_alone(m.m, PANEL_MEMORY, 100, 10, true);
    EXPECT_TRUE(has(t, "every domain has gone")) << t;
    EXPECT_TRUE(has(t, "free pool 10500 pages")) << t;
    std::string sum = panel_alone(m.m, PANEL_MEMORY, 70, 1, false);
    EXPECT_TRUE(has(sum, "every domain has gone")) << sum;
    EXPECT_TRUE(has(sum, "free 10500")) << sum;
}

TEST_F(Panels, TlbCountsPerSecondByReasonAndDomain)
{
    std::string t = panel_alone(m.m, PANEL_TLB, 100, 12, true);
    // 40 in second 0; the trace is now in second 1, so "/s" is second 0's.
    EXPECT_TRUE(has(t, "41 flushes")) << t;
    EXPECT_TRUE(has(t, "domain-switch          40       40")) << t;
    EXPECT_TRUE(has(t, "invlpg                  0        1")) << t;
    EXPECT_TRUE(has(t, "domain 1               40       40")) << t;
}

TEST_F(Panels, IoRingDrawsSlotsAndIndices)
{
    std::string t = panel_alone(m.m, PANEL_IORING, 80, 8, true);
    EXPECT_TRUE(has(t, "ring d1:0 net-tx  d1 -> d0")) << t;
    EXPECT_TRUE(has(t, "notifies 1")) << t;
    // rsp_cons 0, rsp_prod 1, req_cons 2, req_prod 3, size 8.
    EXPECT_TRUE(has(t, "RwQ.....")) << t;
    EXPECT_TRUE(has(t, "cpCP")) << t;
}

TEST_F(Panels, SchedulerShowsWhoRunsAndATimeline)
{
    std::string t = panel_alone(m.m, PANEL_SCHED, 80, 6, true);
    EXPECT_TRUE(has(t, "cpu0")) << t;
    EXPECT_TRUE(has(t, "d0 dom0")) << t;            // the last switch
    EXPECT_TRUE(has(t, "2 switches")) << t;
    EXPECT_TRUE(has(t, "d1 running")) << t;
    EXPECT_TRUE(has(t, "1")) << t;
}

TEST(PanelsEmpty, EveryPanelSaysSoBeforeItsData)
{
    Model m;
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_IORING, 60, 5, true), "no rings yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_IORING, 60, 1, false), "no rings yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_TLB, 60, 5, true), "no TLB flushes yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_MEMORY, 60, 5, true), "no domains yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_RINGS, 60, 5, true), "no ring transitions yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_SCHED, 60, 5, true), "no scheduling yet"));
    EXPECT_TRUE(has(panel_alone(m.m, PANEL_EVENTS, 60, 5, true), "waiting for events"));
}

TEST_F(Panels, EveryPanelStaysInsideItsViewAtAnySize)
{
    const int sizes[][2] = {{1, 1}, {2, 1}, {5, 2}, {12, 3}, {39, 7}, {80, 22}, {200, 48}};
    for (int p = 0; p < PANEL_NR; p++)
        for (auto &sz : sizes) {
            panel_alone(m.m, p, sz[0], sz[1], true);
            panel_alone(m.m, p, sz[0], sz[1], false);
            panel_alone(m.m, p, sz[0], sz[1], true, 1000000);   // scrolled far
        }
}

// Every panel, by name, somewhere on the screen.
void expect_all_panels(const std::string &screen, bool lesson)
{
    for (int p = 0; p < PANEL_NR; p++) {
        if (p == PANEL_CONSOLE || (p == PANEL_LESSON && !lesson))
            continue;
        std::string name = panel_table[p]->name;
        if (p == PANEL_LESSON)
            name = "Lesson";
        EXPECT_TRUE(has(screen, name)) << "no " << name << " on\n" << screen;
    }
}

TEST_F(Panels, ScreenShowsEveryPanelAt80x24And200x50)
{
    std::string small = viz::screen(m.m, 80, 24);
    expect_all_panels(small, false);
    EXPECT_TRUE(has(small, "snapshot")) << small;     // the status line
    EXPECT_TRUE(has(small, "? help")) << small;
    std::string big = viz::screen(m.m, 200, 50);
    expect_all_panels(big, false);
    // In the large layout every panel is drawn in full, titles and all.
    EXPECT_TRUE(has(big, "I/O rings  1 event-channel sends") ||
                has(big, "I/O rings  0 event-channel sends")) << big;
    EXPECT_TRUE(has(big, "vCPU")) << big;
    EXPECT_TRUE(has(big, "VM exits by reason")) << big;
    // Rows are exactly the terminal's: nothing scrolls off.
    EXPECT_EQ(std::count(big.begin(), big.end(), '\n'), 50);
}

TEST_F(Panels, TabFocusGivesEachPanelTheBigAreaInSmallTerminals)
{
    frame_state fs;
    frame_state_init(&fs, nullptr);
    for (int p = 0; p < PANEL_NR; p++) {
        if (!fs.enabled[p])
            continue;
        std::string s = viz::screen(m.m, 80, 24, p);
        // The focused panel's title bar starts a row (summary tiles start
        // with their number) and carries its full-view information.
        EXPECT_TRUE(has(s, std::string("\n ") + panel_table[p]->name + "  ")) << s;
    }
    int p = PANEL_EVENTS, visits = 0;
    do {
        p = frame_next_panel(&fs, p, 1);
        visits++;
    } while (p != PANEL_EVENTS && visits < 20);
    EXPECT_EQ(visits, 7);           // the optional lesson and console are skipped
}

TEST_F(Panels, LayoutTilesCoverTheScreenWithoutOverlap)
{
    frame_state fs;
    frame_state_init(&fs, nullptr);
    fs.enabled[PANEL_LESSON] = true;
    const int sizes[][2] = {{80, 24}, {100, 30}, {132, 43}, {200, 50}, {40, 10}, {20, 5}};
    for (auto &sz : sizes) {
        placement pl[PANEL_NR * 2];
        int n = frame_layout(sz[0], sz[1], &fs, pl, PANEL_NR * 2);
        std::vector<int> owner(sz[0] * sz[1], -1);
        EXPECT_GT(n, 0);
        for (int i = 0; i < n; i++)
            for (int y = pl[i].y; y < pl[i].y + pl[i].h; y++)
                for (int x = pl[i].x; x < pl[i].x + pl[i].w; x++) {
                    ASSERT_TRUE(x >= 0 && x < sz[0] && y >= 1 && y < sz[1] - 1)
                        << "panel " << pl[i].panel << " leaves the body at " << sz[0] << "x" << sz[1];
                    EXPECT_EQ(owner[y * sz[0] + x], -1)
                        << "panels " << owner[y * sz[0] + x] << " and " << pl[i].panel
                        << " overlap at " << x << "," << y << " on " << sz[0] << "x" << sz[1];
                    owner[y * sz[0] + x] = pl[i].panel;
                }
    }
}

TEST_F(Panels, LessonPaneShowsTheStepAndWhatToDo)
{
    lesson_steps ls;
    char err[256];
    const char text[] = "title: Rings\nstep 1: First\nLook at the rings.\nstep 2: Second\n"
                        "Now the traps.\n";
    ASSERT_EQ(steps_parse(&ls, text, sizeof(text) - 1, "steps", err, sizeof(err)), 0) << err;
    ls.number = 1;
    m.m.steps = &ls;
    std::string before = viz::screen(m.m, 80, 24, PANEL_EVENTS, nullptr, true);
    EXPECT_TRUE(has(before, "Lesson 01")) << before;
    EXPECT_TRUE(has(before, "waiting for the lesson to reach its first step")) << before;
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, 1, {1, 2, 0}));
    std::string waiting = viz::screen(m.m, 80, 24, PANEL_EVENTS, nullptr, true);
    EXPECT_TRUE(has(waiting, "Step 2: Second")) << waiting;
    EXPECT_TRUE(has(waiting, "Now the traps.")) << waiting;
    EXPECT_TRUE(has(waiting, "press n to run step 2")) << waiting;
    EXPECT_TRUE(has(waiting, "step 2 of 2")) << waiting;
    EXPECT_TRUE(model_lesson_next(&m.m));       // watching: n lets it run
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, 1, {1, 2, 1}));
    std::string running = viz::screen(m.m, 200, 50, PANEL_EVENTS, nullptr, true);
    EXPECT_TRUE(has(running, "running step 2...")) << running;
    // It reaches the next checkpoint: step 2's text stays, marked done.
    m.take(make_rec(TRC_XL_LESSON_CHECKPOINT, 1, {1, 7, 0}));
    std::string saw = viz::screen(m.m, 80, 24, PANEL_EVENTS, nullptr, true);
    EXPECT_TRUE(has(saw, "step 2 of 2: done")) << saw;
    EXPECT_TRUE(has(saw, "Now the traps.")) << saw;
    EXPECT_TRUE(has(saw, "step 2 done, its events marked >; n: step 7")) << saw;
    EXPECT_FALSE(model_lesson_next(&m.m));      // n: the next text, the guest stays
    EXPECT_TRUE(has(viz::screen(m.m, 80, 24, PANEL_EVENTS, nullptr, true),
                    "(this step is not in the steps file)"));
    EXPECT_TRUE(model_lesson_next(&m.m));
    m.take(make_rec(TRC_XL_SHUTDOWN, DOMID_IDLE, {0}));
    EXPECT_TRUE(has(viz::screen(m.m, 80, 24, PANEL_EVENTS, nullptr, true), "lesson finished"));
    m.m.steps = nullptr;
    steps_free(&ls);
}

TEST(PanelsLosses, LostRecordsAndGapsAreOnScreen)
{
    Model m;
    Stream s;
    s.add(TRC_XL_LESSON_MARK, 0, {0, 1, 0});
    s.skip_seq(4);
    s.add(TRC_XL_LESSON_MARK, 0, {0, 1, 1});
    s.append(make_rec(TRC_LOST_RECORDS, DOMID_IDLE, {9}, 7, s.tsc() + 5));
    m.feed(s);
    std::string t = viz::screen(m.m, 80, 24);
    EXPECT_TRUE(has(t, "LOST 13 (hv 9 gap 4 bad 0)")) << t;
    EXPECT_TRUE(has(t, "-- 4 events missing (sequence gap) --")) << t;
    EXPECT_TRUE(has(t, "gen.lost count=9")) << t;
}

TEST_F(Panels, FilterShowsOnlyMatchingEvents)
{
    std::string t = viz::screen(m.m, 120, 30, PANEL_EVENTS, "c:pv d:1");
    EXPECT_TRUE(has(t, "filter: c:pv d:1")) << t;
    EXPECT_TRUE(has(t, "pv.page_fault")) << t;
    EXPECT_TRUE(has(t, "pv.privop")) << t;
    EXPECT_FALSE(has(t, "pv.hypercall op=mmu_update")) << t;    // d0's
    EXPECT_FALSE(has(t, "tlb.flush")) << t;
    std::string none = viz::screen(m.m, 80, 24, PANEL_EVENTS, "no-such-text");
    EXPECT_TRUE(has(none, "(no event matches the filter)")) << none;
}

}  // namespace

/*
 * gdb_run.c - stopping and resuming guest vCPUs for GDB.
 *
 * GDB's all-stop model: the whole program runs, or the whole program is
 * stopped and GDB looks at it. A vCPU stops when it hits a breakpoint
 * GDB planted, finishes a step GDB asked for, trips a watchpoint, or when
 * GDB interrupts (Ctrl-C); the stub then holds every vCPU (the target's
 * pause: the scheduler skips it) and sends one stop reply,
 *
 *   T05thread:1;swbreak:;      signal 5 (SIGTRAP), which thread, why
 *
 * and everything waits for GDB's next c, s or vCont. The hypervisor
 * itself never stops: the timer ticks, the trace drains, and with
 * `monitor others run` the other domains go on while one is held.
 *
 *   running --stop event--> stopped (reply sent) --c/s/vCont--> running
 *
 * Each vCPU that stops or resumes leaves a debug.stop / debug.resume
 * record, so the visualizer shows the debugger at work. A stop that
 * comes while GDB is already looking at another (others run) is held
 * back and reported at the next resume instead.
 */
#include <klib.h>
#include <hv/trace.h>
#include "gdb_private.h"

/* ---- Threads --------------------------------------------------------------- */

bool gdb_alive(int tid)
{
    struct gdb_thread_info ti;

    return tid > 0 && gdb.t->thread_info(tid, &ti);
}

uint16_t gdb_dom_of(int tid)
{
    struct gdb_thread_info ti = { 0 };

    gdb.t->thread_info(tid, &ti);
    return ti.dom;
}

uint32_t gdb_eip_of(int tid)
{
    uint32_t r[GDB_NR_GPRS] = { 0 };

    gdb.t->get_regs(tid, r);
    return r[GDB_EIP];
}

int gdb_first_thread(void)
{
    return gdb.t->next_thread(0);
}

/* The thread register and memory packets are about (Hg, else the one
 * that stopped, else the first). */
int gdb_general_thread(void)
{
    if (gdb.g_tid > 0)
        return gdb_alive(gdb.g_tid) ? gdb.g_tid : 0;
    if (gdb_alive(gdb.stop_tid))
        return gdb.stop_tid;
    return gdb_first_thread();
}

void gdb_trace_debug(uint32_t id, int tid, unsigned int why, uint32_t eip)
{
    struct gdb_thread_info ti;

    if (!gdb.t->thread_info(tid, &ti))
        return;
    trace_event_dom(id, ti.dom, ti.vcpu,
                    (const uint32_t[]){ ti.dom, ti.vcpu, why, eip }, 4);
}

static void hold(int tid, unsigned int why, uint32_t eip)
{
    gdb.t->pause(tid);
    gdb_trace_debug(TRC_XL_DEBUG_STOP, tid, why, eip);
}

/* Hold the vCPUs the mode says must stop with tid: all, or its domain's. */
static void hold_the_others(int tid)
{
    for (int t = gdb_first_thread(); t; t = gdb.t->next_thread(t)) {
        if (t == tid || gdb.t->is_paused(t) ||
            (gdb.others_run && gdb_dom_of(t) != gdb_dom_of(tid)))
            continue;
        hold(t, STOP_INTERRUPT, gdb_eip_of(t));
    }
}

/* ---- Stopping ----------------------------------------------------------------- */

void gdb_report_stop(int tid, int sig, const char *why, unsigned int reason,
                     uint32_t eip)
{
    gdb_end_step_over();
    hold(tid, reason, eip);
    hold_the_others(tid);
    gdb.stopped = true;
    gdb.stop_tid = tid;
    gdb.g_tid = gdb.c_tid = 0;
    snprintf(gdb.stop_reply, sizeof(gdb.stop_reply), "T%02xthread:%x;%s",
             sig, (unsigned int)tid, why);
    gdb_send_packet(gdb.stop_reply, strlen(gdb.stop_reply));
}

/* Ctrl-C: stop whoever is on the CPU (or the last one that stopped). */
void gdb_interrupt(void)
{
    int tid = gdb.t->current_thread();

    gdb.attached = true;
    if (gdb.stopped) {
        gdb_send_packet(gdb.stop_reply, strlen(gdb.stop_reply));
        return;
    }
    if (!gdb_alive(tid))
        tid = gdb_alive(gdb.stop_tid) ? gdb.stop_tid : gdb_first_thread();
    if (tid)
        gdb_report_stop(tid, GDB_SIGINT, "", STOP_INTERRUPT, gdb_eip_of(tid));
}

/* A stop while GDB looks at another one: hold it back for later. */
static void hold_pending(int tid, unsigned int why, uint32_t addr,
                         const char *reply)
{
    struct gdb_pending *p = &gdb.pending[gdb.nr_pending];

    hold(tid, why, gdb_eip_of(tid));
    if (gdb.nr_pending == GDB_MAX_PENDING)
        return;                     /* it will run into it again */
    p->tid = tid;
    p->addr = addr;
    snprintf(p->reply, sizeof(p->reply), "%s", reply);
    gdb.nr_pending++;
}

static void stop_event(int tid, const char *why, unsigned int reason,
                       uint32_t addr)
{
    char reply[48];

    if (gdb.stopped) {
        snprintf(reply, sizeof(reply), "T%02xthread:%x;%s", GDB_SIGTRAP,
                 (unsigned int)tid, why);
        hold_pending(tid, reason, reason == STOP_BREAKPOINT ? addr : 0, reply);
        return;
    }
    gdb_report_stop(tid, GDB_SIGTRAP, why, reason, gdb_eip_of(tid));
}

bool gdb_breakpoint_hit(int tid, uint32_t addr)
{
    if (!gdb_find_site(gdb_dom_of(tid), addr))
        return false;               /* the guest's own int3 */
    stop_event(tid, gdb.swbreak ? "swbreak:;" : "", STOP_BREAKPOINT, addr);
    return true;
}

bool gdb_step_done(int tid)
{
    if (gdb.step_over.active && gdb.step_over.tid == tid) {
        bool then_continue = gdb.step_over.then_continue;

        gdb_end_step_over();
        if (then_continue) {
            gdb.t->resume(tid, false);
            return true;
        }
    }
    if (!gdb.attached)
        return false;
    if (!gdb.stopped)
        gdb_report_stop(tid, GDB_SIGTRAP, "", STOP_STEP, gdb_eip_of(tid));
    return true;
}

bool gdb_hw_hit(int tid, unsigned int slots)
{
    static const char *const kind[] = { [GDB_HW_WRITE] = "watch",
                                        [GDB_HW_READ] = "rwatch",
                                        [GDB_HW_ACCESS] = "awatch" };
    char why[32];

    for (unsigned int i = 0; i < GDB_HW_SLOTS; i++) {
        const struct gdb_hw_slot *h = &gdb.hw[i];

        if (!(slots & (1u << i)) || !h->used || h->suspended)
            continue;
        if (h->type == GDB_HW_EXEC) {
            stop_event(tid, gdb.hwbreak ? "hwbreak:;" : "", STOP_BREAKPOINT, 0);
        } else {
            snprintf(why, sizeof(why), "%s:%x;", kind[h->type], h->addr);
            stop_event(tid, why, STOP_WATCHPOINT, 0);
        }
        return true;
    }
    return false;
}

/* Every vCPU GDB let run has gone (its domain shut down): say so. */
void gdb_check_all_held(void)
{
    int first = gdb_first_thread();

    if (!gdb.attached || gdb.stopped || !first)
        return;
    for (int tid = first; tid; tid = gdb.t->next_thread(tid))
        if (!gdb.t->is_paused(tid))
            return;
    gdb_report_stop(first, 0, "", STOP_INTERRUPT, gdb_eip_of(first));
}

void gdb_hold_all(void)
{
    int first = gdb_first_thread();

    if (!first)
        return;
    for (int tid = first; tid; tid = gdb.t->next_thread(tid))
        hold(tid, STOP_INTERRUPT, gdb_eip_of(tid));
    gdb.stopped = true;
    gdb.stop_tid = first;
    snprintf(gdb.stop_reply, sizeof(gdb.stop_reply), "T%02xthread:%x;",
             GDB_SIGTRAP, (unsigned int)first);
}

/* ---- Resuming ------------------------------------------------------------------- */

static const struct gdb_action *action_for(int tid,
                                           const struct gdb_action *acts,
                                           unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (acts[i].tid == tid || acts[i].tid <= 0)
            return &acts[i];
    return NULL;
}

/* The oldest stop GDB has not heard of yet whose breakpoint is still
 * there (GDB may have removed it since); false if none. */
static bool take_pending(struct gdb_pending *p)
{
    while (gdb.nr_pending) {
        *p = gdb.pending[0];
        gdb.nr_pending--;
        memmove(gdb.pending, gdb.pending + 1, gdb.nr_pending * sizeof(*p));
        if (gdb_alive(p->tid) &&
            (!p->addr || gdb_find_site(gdb_dom_of(p->tid), p->addr)))
            return true;
    }
    return false;
}

/*
 * Run what the actions say. A stop held back (others run) is reported at
 * once instead: its domain stays held, and in all-stop mode so does
 * everyone else.
 */
void gdb_resume(const struct gdb_action *acts, unsigned int n)
{
    struct gdb_pending p;
    bool pending = take_pending(&p);

    gdb.no_reply = true;            /* the answer is the next stop */
    gdb.stopped = false;
    for (int tid = gdb_first_thread(); tid; tid = gdb.t->next_thread(tid)) {
        const struct gdb_action *a = action_for(tid, acts, n);
        bool step;

        if (!a || (a->type == 'c' && !gdb.t->is_paused(tid)))
            continue;               /* stays held, or runs already */
        if (pending && (!gdb.others_run ||
                        gdb_dom_of(tid) == gdb_dom_of(p.tid)))
            continue;
        step = a->type == 's';
        if (gdb_begin_step_over(tid, !step))
            step = true;
        gdb_trace_debug(TRC_XL_DEBUG_RESUME, tid,
                        a->type == 's' ? RESUME_STEP : RESUME_CONTINUE,
                        gdb_eip_of(tid));
        gdb.t->resume(tid, step);
    }
    if (pending) {
        gdb.stopped = true;
        gdb.stop_tid = p.tid;
        snprintf(gdb.stop_reply, sizeof(gdb.stop_reply), "%s", p.reply);
        gdb_send_packet(gdb.stop_reply, strlen(gdb.stop_reply));
    }
}

/* GDB leaves: nothing of ours stays in the guests, and they all run. */
void gdb_detach(void)
{
    gdb_clear_breakpoints();
    gdb.nr_pending = 0;
    for (int tid = gdb_first_thread(); tid; tid = gdb.t->next_thread(tid)) {
        if (!gdb.t->is_paused(tid))
            continue;
        gdb_trace_debug(TRC_XL_DEBUG_RESUME, tid, RESUME_CONTINUE,
                        gdb_eip_of(tid));
        gdb.t->resume(tid, false);
    }
    gdb.attached = gdb.stopped = gdb.no_ack = false;
}

/* `monitor others` changed while GDB looks: apply it now. */
void gdb_others_changed(void)
{
    if (!gdb.stopped || !gdb_alive(gdb.stop_tid))
        return;
    if (!gdb.others_run) {
        hold_the_others(gdb.stop_tid);
        return;
    }
    for (int t = gdb_first_thread(); t; t = gdb.t->next_thread(t)) {
        if (!gdb.t->is_paused(t) || gdb_dom_of(t) == gdb_dom_of(gdb.stop_tid))
            continue;
        gdb_trace_debug(TRC_XL_DEBUG_RESUME, t, RESUME_CONTINUE, gdb_eip_of(t));
        gdb.t->resume(t, false);
    }
}

bool gdb_attached(void)
{
    return gdb.attached;
}

void gdb_exiting(int code)
{
    char buf[8];

    if (!gdb.attached || gdb.stopped)
        return;
    /* W: the program exited with a status; X: a signal (6, abort) ended it. */
    if (code == 2)
        snprintf(buf, sizeof(buf), "X06");
    else
        snprintf(buf, sizeof(buf), "W%02x", code);
    gdb_send_packet(buf, strlen(buf));
    gdb.attached = false;
}

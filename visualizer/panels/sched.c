/*
 * sched.c - the Scheduler panel: which domain runs on which CPU, over time.
 *
 * sched.switch records say "CPU c now runs domain d"; each CPU keeps a
 * history of them, drawn as a timeline where a column is a slice of time
 * and shows the domain that was running at its end:
 *
 *   cpu0 d2 guest2  since 1.204s  (57 switches)
 *        0000001111112222223333330000001111|   1 col = 2ms
 *
 * The scale adapts so that roughly the last (width / 4) switches are in
 * view. sched.runstate records give each domain's state (running,
 * runnable, blocked, offline), listed below the timelines.
 */
#include <stdio.h>
#include <string.h>
#include <public/vcpu.h>
#include "panel.h"

#define SCHED_CPUS 8
#define SCHED_HIST 512

struct sched_cpu {
    uint64_t switches;
    struct {
        uint64_t t_ns;
        uint16_t dom;
    } hist[SCHED_HIST];
};

struct sched {
    struct sched_cpu cpu[SCHED_CPUS];
    uint8_t runstate[MODEL_MAX_DOMS];
    bool runstate_known[MODEL_MAX_DOMS];
    uint64_t yields, switches;
};

static void on_switch(void *st, struct model *m, const struct log_entry *e)
{
    struct sched *s = st;
    struct sched_cpu *c;

    (void)m;
    s->switches++;
    if (e->rec.cpu >= SCHED_CPUS)
        return;
    c = &s->cpu[e->rec.cpu];
    c->hist[c->switches % SCHED_HIST].t_ns = e->t_ns;
    c->hist[c->switches % SCHED_HIST].dom = (uint16_t)e->rec.data[2];
    c->switches++;
}

static void on_runstate(void *st, struct model *m, const struct log_entry *e)
{
    struct sched *s = st;
    uint32_t dom = e->rec.data[0];

    (void)m;
    if (dom < MODEL_MAX_DOMS && e->rec.data[3] <= RUNSTATE_offline) {
        s->runstate[dom] = (uint8_t)e->rec.data[3];
        s->runstate_known[dom] = true;
    }
}

static void on_yield(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    ((struct sched *)st)->yields++;
}

static const struct panel_sub sched_subs[] = {
    { TRC_SCHED_SWITCH, on_switch },
    { TRC_SCHED_RUNSTATE_CHANGE, on_runstate },
    { TRC_SCHED_YIELD, on_yield },
    { 0, NULL },
};

static const struct sched_cpu *cpu_current(const struct sched *s, unsigned int i,
                                           uint16_t *dom, uint64_t *since)
{
    const struct sched_cpu *c = &s->cpu[i];

    if (!c->switches)
        return NULL;
    *dom = c->hist[(c->switches - 1) % SCHED_HIST].dom;
    *since = c->hist[(c->switches - 1) % SCHED_HIST].t_ns;
    return c;
}

/* The domain running on c at time t, or -1 if before what we kept. */
static int running_at(const struct sched_cpu *c, uint64_t t)
{
    uint64_t kept = c->switches < SCHED_HIST ? c->switches : SCHED_HIST;

    for (uint64_t i = 0; i < kept; i++) {
        uint64_t k = (c->switches - 1 - i) % SCHED_HIST;

        if (c->hist[k].t_ns <= t)
            return c->hist[k].dom;
    }
    return -1;
}

/* A 1-2-5 step of nanoseconds per column. */
static uint64_t nice_step(uint64_t ns)
{
    uint64_t step = 1000;       /* 1 us */

    while (step < ns) {
        if (step * 2 >= ns)
            return step * 2;
        if (step * 5 >= ns)
            return step * 5;
        step *= 10;
    }
    return step;
}

static void draw_timeline(const struct sched_cpu *c, const struct model *m,
                          const struct view *v, int row, int col, int width)
{
    uint64_t kept = c->switches < SCHED_HIST ? c->switches : SCHED_HIST;
    uint64_t back = (uint64_t)(width / 4) < kept ? (uint64_t)(width / 4) : kept;
    uint64_t first = c->hist[(c->switches - back) % SCHED_HIST].t_ns;
    uint64_t span = m->now_ns > first ? m->now_ns - first : 1;
    uint64_t step = nice_step(span / (uint64_t)(width > 0 ? width : 1) + 1);
    char scale[32];

    for (int x = 0; x < width; x++) {
        uint64_t ago = (uint64_t)(width - 1 - x) * step;
        int dom = ago > m->now_ns ? -1 : running_at(c, m->now_ns - ago);

        if (dom < 0)
            view_fill(v, row, col + x, 1, AT_DIM, ' ');
        else if (dom == DOMID_IDLE)
            view_glyphs(v, row, col + x, 1, AT_DIM, GL_DOT);
        else
            view_fill(v, row, col + x, 1, AT_DOM0 + dom % 8, '0' + dom % 10);
    }
    if (step >= 1000000)
        snprintf(scale, sizeof(scale), "1 col = %llums", (unsigned long long)(step / 1000000));
    else
        snprintf(scale, sizeof(scale), "1 col = %lluus", (unsigned long long)(step / 1000));
    view_text(v, row + 1, col + width - (int)strlen(scale), AT_DIM, scale);
}

static void sched_summary(const void *st, const struct model *m,
                          const struct view *v)
{
    const struct sched *s = st;
    int col = 0;
    bool any = false;

    for (unsigned int i = 0; i < SCHED_CPUS; i++) {
        uint16_t dom;
        uint64_t since;
        char d[24];

        if (!cpu_current(s, i, &dom, &since))
            continue;
        any = true;
        col = view_printf(v, 0, col, AT_NORMAL, "cpu%u:", i);
        col = view_printf(v, 0, col, AT_DOM0 + dom % 8, "%s  ",
                          model_dom_name(m, dom, d, sizeof(d)));
    }
    if (!any) {
        view_text(v, 0, 0, AT_DIM, "no scheduling yet");
        return;
    }
    {
        char n[16];

        view_printf(v, 1, 0, AT_NORMAL, "%s switches, %llu yields",
                    fmt_count(s->switches, n, sizeof(n)),
                    (unsigned long long)s->yields);
    }
}

static void sched_full(const void *st, const struct model *m,
                       const struct view *v, const struct panel_ui *ui)
{
    static const char *const state_names[] = { "running", "runnable", "blocked", "offline" };
    const struct sched *s = st;
    char n[16], info[48];
    int row = 1;
    bool any = false;

    snprintf(info, sizeof(info), "%s switches",
             fmt_count(s->switches, n, sizeof(n)));
    view_title(v, 0, ui && ui->focused, "Scheduler", info);
    for (unsigned int i = 0; i < SCHED_CPUS && row < v->h; i++) {
        uint16_t dom;
        uint64_t since;
        char d[24];
        const struct sched_cpu *c = cpu_current(s, i, &dom, &since);

        if (!c)
            continue;
        any = true;
        view_printf(v, row, 1, AT_BOLD, "cpu%u", i);
        view_printf(v, row, 7, AT_DOM0 + dom % 8, "%s", model_dom_name(m, dom, d, sizeof(d)));
        {
            char at[64];

            /* The switch count only if it fits whole (the title has it too). */
            if (snprintf(at, sizeof(at), "since %.3fs  (%llu switches)", (since - m->first_ns) / 1e9,
                         (unsigned long long)c->switches) > v->w - 25)
                snprintf(at, sizeof(at), "since %.3fs", (since - m->first_ns) / 1e9);
            view_text(v, row, 24, AT_DIM, at);
        }
        draw_timeline(c, m, v, row + 1, 7, v->w - 8);
        view_text(v, row + 1, 1, AT_DIM, "time");
        row += 3;
    }
    if (!any) {
        view_text(v, 1, 1, AT_DIM, "no scheduling yet");
        row = 2;
    }
    if (row < v->h) {
        int col = view_text(v, row, 1, AT_BOLD, "domains:");

        for (unsigned int d = 0; d < MODEL_MAX_DOMS; d++)
            if (s->runstate_known[d])
                col = view_printf(v, row, col + 1, AT_DOM0 + d % 8, "d%u %s", d,
                                  state_names[s->runstate[d]]);
    }
}

const struct panel panel_sched = {
    .name = "Scheduler",
    .help = "which domain runs on which CPU, and a timeline of switches",
    .state_size = sizeof(struct sched),
    .subs = sched_subs,
    .summary = sched_summary,
    .full = sched_full,
};

/*
 * tlb.c - the TLB panel: flushes per second, by reason and by domain.
 *
 * A TLB flush is the price of changing address spaces. The lecture's
 * point: with the hypervisor mapped in every address space a hypercall
 * costs none, while a domain switch costs one; lesson 06 turns the merged
 * space off and the domain-switch row explodes. Each tlb.flush is counted
 * in one-second buckets of trace time (a ring of TLB_SECS seconds), per
 * reason and per domain, and drawn as rates with a sparkline:
 *
 *   reason           /s    total  last 30 s
 *   domain-switch    12      345  __.,-=+*#
 *
 * "/s" is the last complete second (or the average, while the trace is
 * younger than a second).
 */
#include <stdio.h>
#include <string.h>
#include "panel.h"

#define TLB_SECS    64
#define TLB_REASONS (TLB_STALE + 1)         /* row 0: unknown reasons */
#define TLB_DOMS    9                       /* d0..d7, then "others" */
#define TLB_SCOPES  (TLB_SCOPE_ALL + 1)

struct tlb {
    uint64_t total;
    uint64_t by_reason[TLB_REASONS];
    uint64_t by_dom[TLB_DOMS];
    uint64_t by_scope[TLB_SCOPES];
    uint64_t sec_of[TLB_SECS];              /* which second a slot holds, +1 */
    uint32_t sec_reason[TLB_SECS][TLB_REASONS];
    uint32_t sec_dom[TLB_SECS][TLB_DOMS];
};

static void on_flush(void *st, struct model *m, const struct log_entry *e)
{
    struct tlb *s = st;
    uint64_t sec = (e->t_ns - m->first_ns) / 1000000000u;
    unsigned int slot = sec % TLB_SECS;
    uint32_t reason = e->rec.data[0] < TLB_REASONS ? e->rec.data[0] : 0;
    uint32_t scope = e->rec.data[1] < TLB_SCOPES ? e->rec.data[1] : 0;
    uint32_t dom = e->rec.data[3] < TLB_DOMS - 1 ? e->rec.data[3] : TLB_DOMS - 1;

    if (s->sec_of[slot] != sec + 1) {
        s->sec_of[slot] = sec + 1;
        memset(s->sec_reason[slot], 0, sizeof(s->sec_reason[slot]));
        memset(s->sec_dom[slot], 0, sizeof(s->sec_dom[slot]));
    }
    s->sec_reason[slot][reason]++;
    s->sec_dom[slot][dom]++;
    s->by_reason[reason]++;
    s->by_dom[dom]++;
    s->by_scope[scope]++;
    s->total++;
}

static const struct panel_sub tlb_subs[] = {
    { TRC_XL_TLB_FLUSH, on_flush },
    { 0, NULL },
};

/* Flushes in second `sec` for a reason (kind 0) or a domain (kind 1);
 * row -1 sums them all. */
static uint32_t in_second(const struct tlb *s, uint64_t sec, int kind, int row)
{
    unsigned int slot = sec % TLB_SECS;
    uint32_t n = 0;

    if (s->sec_of[slot] != sec + 1)
        return 0;
    for (int r = 0; r < (kind ? TLB_DOMS : TLB_REASONS); r++)
        if (row < 0 || r == row)
            n += kind ? s->sec_dom[slot][r] : s->sec_reason[slot][r];
    return n;
}

static double rate(const struct tlb *s, const struct model *m, int kind,
                   int row, uint64_t total)
{
    uint64_t now = (m->now_ns - m->first_ns) / 1000000000u;

    if (now == 0)
        return m->now_ns > m->first_ns ? total * 1e9 / (m->now_ns - m->first_ns) : 0;
    return in_second(s, now - 1, kind, row);
}

static void spark(const struct tlb *s, const struct model *m,
                  const struct view *v, int row, int col, int n, int kind,
                  int which, int attr)
{
    uint64_t now = (m->now_ns - m->first_ns) / 1000000000u;
    uint32_t values[TLB_SECS];

    if (n > TLB_SECS - 1)
        n = TLB_SECS - 1;
    /* Seconds before the trace began are left blank, not drawn as zero. */
    if ((uint64_t)n > now + 1) {
        col += n - (int)(now + 1);
        n = (int)(now + 1);
    }
    for (int i = 0; i < n; i++)
        values[i] = in_second(s, now - (uint64_t)(n - 1 - i), kind, which);
    view_sparkline(v, row, col, values, n, attr);
}

static const char *reason_name(int r)
{
    static char buf[24];

    if (r == 0)
        return "other";
    event_field_value(event_format(TRC_XL_TLB_FLUSH), 0, (uint32_t)r, buf, sizeof(buf));
    return buf;
}

static void tlb_summary(const void *st, const struct model *m,
                        const struct view *v)
{
    const struct tlb *s = st;
    int top = 0, col;
    char n[16];

    if (!s->total) {
        view_text(v, 0, 0, AT_DIM, "no TLB flushes yet");
        return;
    }
    for (int r = 1; r < TLB_REASONS; r++)
        if (s->by_reason[r] > s->by_reason[top])
            top = r;
    col = view_printf(v, 0, 0, AT_BOLD, "%.0f/s ", rate(s, m, 0, -1, s->total));
    spark(s, m, v, 0, col, 16, 0, -1, AT_GROUP0 + G_MEM);
    view_printf(v, 0, col + 17, AT_NORMAL, "total %s, most: %s",
                fmt_count(s->total, n, sizeof(n)), reason_name(top));
    col = view_text(v, 1, 0, AT_DIM, "by domain:");
    for (int d = 0; d < TLB_DOMS; d++)
        if (s->by_dom[d])
            col = view_printf(v, 1, col + 1, AT_DIM, "%s%d %.0f/s",
                              d == TLB_DOMS - 1 ? ">=d" : "d", d,
                              rate(s, m, 1, d, s->by_dom[d]));
}

static void tlb_full(const void *st, const struct model *m,
                     const struct view *v, const struct panel_ui *ui)
{
    const struct tlb *s = st;
    int row = 1, sw = v->w - 36;
    char n[16], info[64];

    if (sw > 60)
        sw = 60;
    snprintf(info, sizeof(info), "%s flushes, %.0f/s", fmt_count(s->total, n, sizeof(n)),
             rate(s, m, 0, -1, s->total));
    view_title(v, 0, ui && ui->focused, "TLB", info);
    if (!s->total) {
        view_text(v, 1, 1, AT_DIM, "no TLB flushes yet");
        return;
    }
    view_printf(v, row++, 1, AT_BOLD, "%-16s %8s %8s  per second, last %d s", "reason",
                "/s", "total", sw > TLB_SECS - 1 ? TLB_SECS - 1 : sw > 0 ? sw : 0);
    for (int r = 0; r < TLB_REASONS && row < v->h; r++) {
        if (!s->by_reason[r])
            continue;
        view_printf(v, row, 1, AT_NORMAL, "%-16s %8.0f %8s", reason_name(r),
                    rate(s, m, 0, r, s->by_reason[r]),
                    fmt_count(s->by_reason[r], n, sizeof(n)));
        if (sw > 0)
            spark(s, m, v, row, 37, sw, 0, r, AT_GROUP0 + G_MEM);
        row++;
    }
    for (int d = 0; d < TLB_DOMS && row < v->h; d++) {
        char name[16];

        if (!s->by_dom[d])
            continue;
        if (d == TLB_DOMS - 1)
            snprintf(name, sizeof(name), "other domains");
        else
            snprintf(name, sizeof(name), "domain %d", d);
        view_printf(v, row, 1, AT_DOM0 + d % 8, "%-16s %8.0f %8s", name,
                    rate(s, m, 1, d, s->by_dom[d]), fmt_count(s->by_dom[d], n, sizeof(n)));
        if (sw > 0)
            spark(s, m, v, row, 37, sw, 1, d, AT_DOM0 + d % 8);
        row++;
    }
    if (row < v->h)
        view_printf(v, row, 1, AT_DIM, "scope: page %llu, local %llu, all %llu",
                    (unsigned long long)s->by_scope[TLB_SCOPE_PAGE],
                    (unsigned long long)s->by_scope[TLB_SCOPE_LOCAL],
                    (unsigned long long)s->by_scope[TLB_SCOPE_ALL]);
}

const struct panel panel_tlb = {
    .name = "TLB",
    .help = "TLB flushes per second by reason and domain, with sparklines",
    .state_size = sizeof(struct tlb),
    .subs = tlb_subs,
    .summary = tlb_summary,
    .full = tlb_full,
};

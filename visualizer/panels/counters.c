/*
 * counters.c - the Counters panel: hypercalls by name, guest traps by
 * vector, VM exits by reason, as xentop would list them.
 *
 * These are the lecture's three ways into the hypervisor: a
 * paravirtualized guest asks (hypercall), a guest does something it may
 * not and traps (exception, privileged instruction, page fault), a
 * hardware-assisted guest is stopped by the CPU (VM exit). Names come
 * from the event table (the op and vector names --dump prints) and, for
 * exits, from svm_exit_name(). Columns are sorted by count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "panel.h"

#define NR_OPS     64           /* hypercall numbers we name; more: "other" */
#define NR_VECTORS 32
#define NR_EXITS   32

struct counters {
    uint64_t hypercalls, hc[NR_OPS + 1], hc_failed;
    uint64_t traps, trap[NR_VECTORS + 1];
    uint64_t hv_exceptions;
    uint64_t exits, npf;
    struct {
        uint32_t code;
        uint64_t n;
    } exit[NR_EXITS];
    unsigned int nr_exit;
    uint64_t exit_other;
};

static void on_hypercall(void *st, struct model *m, const struct log_entry *e)
{
    struct counters *c = st;
    uint32_t op = e->rec.data[0];

    (void)m;
    c->hypercalls++;
    c->hc[op < NR_OPS ? op : NR_OPS]++;
    if (event_hypercall_failed(&e->rec))
        c->hc_failed++;
}

static void count_trap(struct counters *c, uint32_t vector)
{
    c->traps++;
    c->trap[vector < NR_VECTORS ? vector : NR_VECTORS]++;
}

static void on_trap(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    count_trap(st, e->rec.data[0]);
}

static void on_page_fault(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    count_trap(st, 14);
}

static void on_privop(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    count_trap(st, 13);        /* a privileged instruction is a #GP */
}

static void on_exception(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    ((struct counters *)st)->hv_exceptions++;
}

static void on_vmexit(void *st, struct model *m, const struct log_entry *e)
{
    struct counters *c = st;
    uint32_t code = e->rec.data[0];

    (void)m;
    c->exits++;
    for (unsigned int i = 0; i < c->nr_exit; i++)
        if (c->exit[i].code == code) {
            c->exit[i].n++;
            return;
        }
    if (c->nr_exit == NR_EXITS) {
        c->exit_other++;
        return;
    }
    c->exit[c->nr_exit].code = code;
    c->exit[c->nr_exit++].n = 1;
}

static void on_npf(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    ((struct counters *)st)->npf++;
}

static const struct panel_sub counters_subs[] = {
    { TRC_PV_HYPERCALL, on_hypercall },
    { TRC_PV_TRAP, on_trap },
    { TRC_PV_PAGE_FAULT, on_page_fault },
    { TRC_PV_EMULATE_PRIVOP, on_privop },
    { TRC_XL_EXCEPTION, on_exception },
    { TRC_HVM_VMEXIT, on_vmexit },
    { TRC_HVM_NPF, on_npf },
    { 0, NULL },
};

/* One column: (name, count) rows sorted by count, largest first. */
struct row {
    char name[24];
    uint64_t n;
};

static int by_count(const void *a, const void *b)
{
    const struct row *x = a, *y = b;

    return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->name, y->name);
}

/* Rows for counts[0..nr], named by field `field` of event `id` as --dump
 * names its values; counts[nr] is "other". */
static int named_rows(const uint64_t *counts, uint32_t nr, uint32_t id,
                      unsigned int field, struct row *rows)
{
    const struct event_format *f = event_format(id);
    int n = 0;

    for (uint32_t v = 0; v <= nr; v++) {
        if (!counts[v])
            continue;
        if (v == nr)
            snprintf(rows[n].name, sizeof(rows[n].name), "other");
        else
            event_field_value(f, field, v, rows[n].name, sizeof(rows[n].name));
        rows[n++].n = counts[v];
    }
    qsort(rows, (size_t)n, sizeof(*rows), by_count);
    return n;
}

static int hypercall_rows(const struct counters *c, struct row *rows)
{
    return named_rows(c->hc, NR_OPS, TRC_PV_HYPERCALL, 0, rows);
}

static int trap_rows(const struct counters *c, struct row *rows)
{
    return named_rows(c->trap, NR_VECTORS, TRC_PV_TRAP, 0, rows);
}

static int exit_rows(const struct counters *c, struct row *rows)
{
    int n = 0;

    for (unsigned int i = 0; i < c->nr_exit; i++) {
        const char *name = svm_exit_name(c->exit[i].code);

        if (name)
            snprintf(rows[n].name, sizeof(rows[n].name), "%s", name);
        else
            snprintf(rows[n].name, sizeof(rows[n].name), "0x%x", c->exit[i].code);
        rows[n++].n = c->exit[i].n;
    }
    if (c->exit_other) {
        snprintf(rows[n].name, sizeof(rows[n].name), "other");
        rows[n++].n = c->exit_other;
    }
    qsort(rows, (size_t)n, sizeof(*rows), by_count);
    return n;
}

/* A titled list of (name, count) rows in a rectangle of v. */
static void column(const struct view *v, int row, int col, int width, int height,
                   const char *title, uint64_t total, const struct row *rows, int n,
                   int scroll)
{
    struct view c = view_sub(v, row, col, width, height);
    char t[16];

    view_printf(&c, 0, 0, AT_BOLD, "%-*s%7s", width - 8, title,
                fmt_count(total, t, sizeof(t)));
    if (!n)
        view_text(&c, 1, 0, AT_DIM, "none yet");
    if (scroll >= n)
        scroll = 0;
    for (int i = scroll; i < n && 1 + i - scroll < c.h; i++)
        view_printf(&c, 1 + i - scroll, 0, AT_NORMAL, "%-*.*s%7s", width - 8,
                    width - 9, rows[i].name, fmt_count(rows[i].n, t, sizeof(t)));
}

static void counters_summary(const void *st, const struct model *m,
                             const struct view *v)
{
    const struct counters *c = st;
    struct row rows[NR_OPS + 1];
    char a[16], b[16], d[16];
    int n, col;

    (void)m;
    col = view_printf(v, 0, 0, AT_NORMAL, "hypercalls %s  traps %s  exits %s",
                      fmt_count(c->hypercalls, a, sizeof(a)),
                      fmt_count(c->traps, b, sizeof(b)), fmt_count(c->exits, d, sizeof(d)));
    n = hypercall_rows(c, rows);
    if (n)
        view_printf(v, 0, col + 2, AT_DIM, "top: %s %s", rows[0].name,
                    fmt_count(rows[0].n, a, sizeof(a)));
    n = trap_rows(c, rows);
    col = 0;
    for (int i = 0; i < n && i < 6; i++)
        col = view_printf(v, 1, col, AT_DIM, "%s %s  ", rows[i].name,
                          fmt_count(rows[i].n, a, sizeof(a)));
}

/* The title's numbers in the longest form that fits in room columns:
 * every number whole; zero exceptions and NPFs go unsaid before a cut. */
static void counters_info(const struct counters *c, int room, char *buf, size_t size)
{
    unsigned long long f = c->hc_failed, x = c->hv_exceptions, n = c->npf;
    const char *s = f == 1 ? "" : "s";

    if (snprintf(buf, size, "%llu failed hypercall%s%s, %llu hypervisor exceptions, %llu NPF",
                 f, s, f ? " (/is:failed lists them)" : "", x, n) <= room)
        return;
    if (x || n) {
        snprintf(buf, size, "%llu failed%s, %llu hv exceptions, %llu NPF", f,
                 f ? " (f)" : "", x, n);
        return;
    }
    snprintf(buf, size, "%llu failed hypercall%s%s", f, s, f ? " (f lists)" : "");
}

/* Hypercalls down the left half; traps and VM exits share the right. */
static void counters_full(const void *st, const struct model *m,
                          const struct view *v, const struct panel_ui *ui)
{
    const struct counters *c = st;
    struct row rows[NR_OPS + 1];
    int half = v->w / 2, n, scroll = ui ? ui->scroll : 0, body = v->h - 1;
    int traps_h = body / 2;
    char info[128];

    (void)m;
    counters_info(c, v->w - 11, info, sizeof(info));
    view_title(v, 0, ui && ui->focused, "Counters", info);
    n = hypercall_rows(c, rows);
    column(v, 1, 1, half - 2, body, "hypercalls", c->hypercalls, rows, n, scroll);
    n = trap_rows(c, rows);
    column(v, 1, half + 1, v->w - half - 2, traps_h, "traps by vector", c->traps, rows, n,
           scroll);
    n = exit_rows(c, rows);
    column(v, 1 + traps_h, half + 1, v->w - half - 2, body - traps_h, "VM exits by reason",
           c->exits, rows, n, scroll);
}

const struct panel panel_counters = {
    .name = "Counters",
    .help = "hypercalls by name, guest traps by vector, VM exits by reason",
    .state_size = sizeof(struct counters),
    .subs = counters_subs,
    .summary = counters_summary,
    .full = counters_full,
};

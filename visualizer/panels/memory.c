/*
 * memory.c - the Memory panel: each domain's pages, its balloon target and
 * maximum, and the hypervisor's free pool.
 *
 * The lecture's overcommit story ("how 1 GB is used for 2 GB") is a
 * balloon driver giving pages back to the hypervisor in one domain and
 * taking them in another. Each domain gets a bar, all bars on one scale:
 *
 *   d1 guest1  ######------v---------   4096 / target 3000 / max 8192
 *              used   room to max, v marks the target
 *
 * Pages are conserved: the sum of the domains and the free pool stays
 * the same as the balloons move, and the panel prints that sum so the
 * student can check it. Data comes from domain.create (initial pages,
 * maximum) and balloon.step (pages now, target, maximum, free pool).
 */
#include <stdio.h>
#include <string.h>
#include "panel.h"

#define MEM_HIST 32

struct mem_dom {
    bool known;
    uint32_t pages, target, max;
    uint64_t steps;
};

struct mem_step {
    uint64_t t_ns;
    uint16_t dom;
    uint8_t deflate;
    uint32_t pages, total;
};

struct memory {
    struct mem_dom d[MODEL_MAX_DOMS];
    bool any_gone;                      /* a domain has been destroyed */
    bool free_known;
    uint32_t free_pages;
    struct mem_step hist[MEM_HIST];
    uint64_t steps;
};

static void on_create(void *st, struct model *m, const struct log_entry *e)
{
    struct memory *s = st;
    uint32_t dom = e->rec.data[0];

    (void)m;
    if (dom >= MODEL_MAX_DOMS)
        return;
    s->d[dom].known = true;
    s->d[dom].pages = s->d[dom].target = e->rec.data[1];
    s->d[dom].max = e->rec.data[2];
}

static void on_step(void *st, struct model *m, const struct log_entry *e)
{
    struct memory *s = st;
    uint32_t w[TRACE_EXTRA_MAX];
    struct mem_step *h = &s->hist[s->steps++ % MEM_HIST];

    (void)m;
    memcpy(w, e->rec.data, sizeof(w));     /* the record is packed */
    h->t_ns = e->t_ns;
    h->dom = (uint16_t)w[0];
    h->deflate = w[1] != 0;
    h->pages = w[2];
    h->total = w[3];
    s->free_known = true;
    s->free_pages = w[4];
    if (w[0] >= MODEL_MAX_DOMS)
        return;
    s->d[w[0]].known = true;
    s->d[w[0]].pages = w[3];
    s->d[w[0]].target = w[5];
    s->d[w[0]].max = w[6];
    s->d[w[0]].steps++;
}

static void on_destroy(void *st, struct model *m, const struct log_entry *e)
{
    struct memory *s = st;

    (void)m;
    if (e->rec.data[0] < MODEL_MAX_DOMS)
        s->d[e->rec.data[0]].known = false;
    s->any_gone = true;
    if (TRACE_REC_NDATA(e->rec.event) >= 3) {  /* the pool it returned to */
        s->free_known = true;
        s->free_pages = e->rec.data[2];
    }
}

static const struct panel_sub memory_subs[] = {
    { TRC_XL_DOMAIN_CREATE, on_create },
    { TRC_XL_BALLOON_STEP, on_step },
    { TRC_XL_DOMAIN_DESTROY, on_destroy },
    { 0, NULL },
};

static uint32_t scale_of(const struct memory *s)
{
    uint32_t top = 1;

    for (unsigned int i = 0; i < MODEL_MAX_DOMS; i++)
        if (s->d[i].known) {
            if (s->d[i].max > top)
                top = s->d[i].max;
            if (s->d[i].pages > top)
                top = s->d[i].pages;
        }
    return top;
}

static void draw_bar(const struct view *v, int row, int col, int width,
                     const struct mem_dom *d, uint32_t scale, int attr)
{
    int used = (int)((uint64_t)d->pages * width / scale);
    int room = (int)((uint64_t)d->max * width / scale);
    int target = (int)((uint64_t)d->target * width / scale);

    if (room > width)
        room = width;
    if (used > width)
        used = width;
    view_glyphs(v, row, col, used, attr, GL_FULL);
    if (room > used)
        view_glyphs(v, row, col + used, room - used, AT_DIM, GL_LIGHT);
    if (target < width && d->target != d->pages)
        view_glyphs(v, row, col + target, 1, AT_SELECT, GL_TARGET);
}

static void memory_summary(const void *st, const struct model *m,
                           const struct view *v)
{
    const struct memory *s = st;
    uint32_t scale = scale_of(s);
    int col = 0;
    bool any = false;

    (void)m;
    for (unsigned int i = 0; i < MODEL_MAX_DOMS && col < v->w; i++) {
        if (!s->d[i].known)
            continue;
        any = true;
        col = view_printf(v, 0, col, AT_DOM0 + i % 8, "d%u ", i);
        draw_bar(v, 0, col, 8, &s->d[i], scale, AT_DOM0 + i % 8);
        col += 9;
    }
    if (!any) {
        view_text(v, 0, 0, AT_DIM, s->any_gone ? "every domain has gone" : "no domains yet");
        if (s->any_gone && s->free_known)
            view_printf(v, 0, 23, AT_NORMAL, "free %u", s->free_pages);
        return;
    }
    if (s->free_known)
        view_printf(v, 0, col, AT_NORMAL, "free %u", s->free_pages);
    if (s->steps) {
        const struct mem_step *h = &s->hist[(s->steps - 1) % MEM_HIST];

        view_printf(v, 1, 0, AT_DIM, "%llu balloon steps; last: d%u %s %u pages",
                    (unsigned long long)s->steps, h->dom,
                    h->deflate ? "deflate +" : "inflate -", h->pages);
    } else {
        view_text(v, 1, 0, AT_DIM, "no balloon steps yet");
    }
}

static void memory_full(const void *st, const struct model *m,
                        const struct view *v, const struct panel_ui *ui)
{
    const struct memory *s = st;
    uint32_t scale = scale_of(s);
    uint64_t sum = 0;
    int row = 1, bar_w = v->w - 52;
    bool any = false;
    char info[64];

    snprintf(info, sizeof(info), "pages (4 KiB); %llu balloon steps",
             (unsigned long long)s->steps);
    view_title(v, 0, ui && ui->focused, "Memory", info);
    if (bar_w < 8)
        bar_w = v->w - 16 > 8 ? v->w - 16 : 8;
    for (unsigned int i = 0; i < MODEL_MAX_DOMS && row < v->h; i++) {
        char name[24];
        int col;

        if (!s->d[i].known)
            continue;
        any = true;
        sum += s->d[i].pages;
        view_printf(v, row, 1, AT_DOM0 + i % 8, "%-13.13s",
                    model_dom_name(m, (uint16_t)i, name, sizeof(name)));
        draw_bar(v, row, 15, bar_w, &s->d[i], scale, AT_DOM0 + i % 8);
        col = 15 + bar_w + 1;
        if (col + 36 > v->w) {
            row++;      /* numbers under the bar on narrow screens */
            col = 15;
        }
        view_printf(v, row, col, AT_NORMAL, "%6u / target %6u / max %6u",
                    s->d[i].pages, s->d[i].target, s->d[i].max);
        row++;
    }
    if (!any) {
        view_text(v, 1, 1, AT_DIM, s->any_gone ? "every domain has gone" : "no domains yet");
        if (s->any_gone && s->free_known)
            view_printf(v, 2, 1, AT_NORMAL, "free pool %u pages", s->free_pages);
        return;
    }
    if (row < v->h) {
        if (s->free_known)
            view_printf(v, row++, 1, AT_BOLD,
                        "free pool %u pages; domains + free = %llu pages", s->free_pages,
                        (unsigned long long)(sum + s->free_pages));
        else
            view_text(v, row++, 1, AT_DIM, "free pool: no balloon steps yet");
    }
    for (uint64_t i = 0; row < v->h && i < MEM_HIST && i < s->steps; i++, row++) {
        const struct mem_step *h = &s->hist[(s->steps - 1 - i) % MEM_HIST];

        view_printf(v, row, 1, AT_DIM, "%10.6f", (h->t_ns - m->first_ns) / 1e9);
        view_printf(v, row, 12, AT_DOM0 + h->dom % 8, "d%u", h->dom);
        view_printf(v, row, 17, h->deflate ? AT_OK : AT_WARN, "%s %u pages",
                    h->deflate ? "deflate: +" : "inflate: -", h->pages);
        view_printf(v, row, 40, AT_NORMAL, "now %u", h->total);
    }
}

const struct panel panel_memory = {
    .name = "Memory",
    .help = "pages per domain, balloon target and maximum, the free pool",
    .state_size = sizeof(struct memory),
    .subs = memory_subs,
    .summary = memory_summary,
    .full = memory_full,
};

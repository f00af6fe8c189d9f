/*
 * ioring.c - the I/O rings panel: a split driver's shared ring, slot by
 * slot, with its four indices.
 *
 * A Xen I/O ring is an array of slots in a page shared by a frontend
 * (the guest) and a backend (domain 0). Four free-running counters say
 * who owns which slot: the frontend produces requests (req_prod), the
 * backend consumes them (req_cons) and produces responses (rsp_prod),
 * the frontend consumes those (rsp_cons). Slot k of a ring of size n is
 * k mod n. So, reading from rsp_cons upwards:
 *
 *   [rsp_cons, rsp_prod)   responses waiting for the frontend   R
 *   [rsp_prod, req_cons)   requests the backend is working on   w
 *   [req_cons, req_prod)   requests waiting for the backend     Q
 *   the rest               free                                 .
 *
 *   ring d1:0 block  d1 -> d0  size 32  notifies 12
 *   ..RRwwQQQ.......................
 *     c p c P                         (c/p: rsp cons/prod, C/P: req)
 *
 * Each ioring.op record carries all four indices, so the picture is
 * always the frontend's and backend's latest view, whatever was lost.
 * The rings that moved last come first: a lesson's disk and network
 * rings, not the consoles that were set up before them.
 */
#include <stdio.h>
#include <string.h>
#include "panel.h"

#define IO_RINGS 16

struct io_ring {
    bool used;
    bool set_up;                /* we saw ioring.setup */
    uint32_t id;
    uint16_t front, back;
    uint32_t size, kind;
    uint32_t req_prod, req_cons, rsp_prod, rsp_cons;
    uint32_t last_op;
    uint64_t ops, notifies;
    uint64_t last_moved;            /* when it last moved (for ordering) */
};

struct ioring {
    struct io_ring r[IO_RINGS];
    uint64_t untracked;
    uint64_t evtchn_sends;
    uint64_t moves;                 /* ioring records seen */
};

static struct io_ring *ring_of(struct ioring *s, uint32_t id)
{
    for (int i = 0; i < IO_RINGS; i++)
        if (s->r[i].used && s->r[i].id == id)
            return &s->r[i];
    for (int i = 0; i < IO_RINGS; i++)
        if (!s->r[i].used) {
            memset(&s->r[i], 0, sizeof(s->r[i]));
            s->r[i].used = true;
            s->r[i].id = id;
            s->r[i].front = (uint16_t)(id >> 16);
            return &s->r[i];
        }
    return NULL;
}

static void on_setup(void *st, struct model *m, const struct log_entry *e)
{
    struct io_ring *r = ring_of(st, e->rec.data[0]);

    (void)m;
    if (!r) {
        ((struct ioring *)st)->untracked++;
        return;
    }
    r->set_up = true;
    r->front = (uint16_t)e->rec.data[1];
    r->back = (uint16_t)e->rec.data[2];
    r->size = e->rec.data[3];
    r->kind = e->rec.data[4];
}

static void on_op(void *st, struct model *m, const struct log_entry *e)
{
    uint32_t w[TRACE_EXTRA_MAX];
    struct io_ring *r;

    (void)m;
    memcpy(w, e->rec.data, sizeof(w));     /* the record is packed */
    r = ring_of(st, w[0]);
    if (!r) {
        ((struct ioring *)st)->untracked++;
        return;
    }
    r->req_prod = w[1];
    r->req_cons = w[2];
    r->rsp_prod = w[3];
    r->rsp_cons = w[4];
    r->last_op = w[5];
    r->size = w[6];
    r->ops++;
    r->last_moved = ++((struct ioring *)st)->moves;
    if (w[5] == IORING_NOTIFY)
        r->notifies++;
}

/* The n-th most recently moved ring (rings that never moved come last,
 * in the order they appeared): the busy rings get the panel's room. */
static const struct io_ring *nth_recent(const struct ioring *s, int n)
{
    bool taken[IO_RINGS] = { false };
    const struct io_ring *best = NULL;

    for (int k = 0; k <= n; k++) {
        int pick = -1;

        for (int i = 0; i < IO_RINGS; i++)
            if (s->r[i].used && !taken[i] &&
                (pick < 0 || s->r[i].last_moved > s->r[pick].last_moved))
                pick = i;
        if (pick < 0)
            return NULL;
        taken[pick] = true;
        best = &s->r[pick];
    }
    return best;
}

static void on_send(void *st, struct model *m, const struct log_entry *e)
{
    (void)m;
    (void)e;
    ((struct ioring *)st)->evtchn_sends++;
}

static const struct panel_sub ioring_subs[] = {
    { TRC_XL_IORING_SETUP, on_setup },
    { TRC_XL_IORING_OP, on_op },
    { TRC_XL_EVTCHN_SEND, on_send },
    { 0, NULL },
};

static const char *field_text(uint32_t id, unsigned int field, uint32_t v)
{
    static char buf[24];

    event_field_value(event_format(id), field, v, buf, sizeof(buf));
    return buf;
}

/* Are the indices a possible ring state? (Garbage or a reset may not be.) */
static bool consistent(const struct io_ring *r)
{
    return r->size && r->size <= 4096 &&
           r->req_prod - r->rsp_cons <= r->size &&
           r->req_cons - r->rsp_cons <= r->req_prod - r->rsp_cons &&
           r->rsp_prod - r->rsp_cons <= r->req_cons - r->rsp_cons;
}

/* What slot k (0 .. size-1) holds: 'R', 'w', 'Q' or '.'. */
static char slot_state(const struct io_ring *r, uint32_t k)
{
    /* Distance from rsp_cons's slot (size need not divide 2^32). */
    uint32_t rel = (k + r->size - r->rsp_cons % r->size) % r->size;

    if (rel < r->rsp_prod - r->rsp_cons)
        return 'R';
    if (rel < r->req_cons - r->rsp_cons)
        return 'w';
    if (rel < r->req_prod - r->rsp_cons)
        return 'Q';
    return '.';
}

static int slot_attr(char c)
{
    return c == 'R' ? AT_OK : c == 'w' ? AT_WARN : c == 'Q' ? AT_GROUP0 + G_IO : AT_DIM;
}

/* Slots drawn at (row, col); markers under them. Rows used: 2. */
static void draw_slots(const struct view *v, int row, int col, int width,
                       const struct io_ring *r)
{
    static const struct {
        char mark;
        size_t off;
    } markers[] = {
        { 'c', offsetof(struct io_ring, rsp_cons) },
        { 'p', offsetof(struct io_ring, rsp_prod) },
        { 'C', offsetof(struct io_ring, req_cons) },
        { 'P', offsetof(struct io_ring, req_prod) },
    };
    uint32_t per = (r->size + (uint32_t)width - 1) / (uint32_t)(width > 0 ? width : 1);

    if (!consistent(r)) {
        view_printf(v, row, col, AT_BAD,
                    "indices not a ring state: req %u/%u rsp %u/%u size %u",
                    r->req_prod, r->req_cons, r->rsp_prod, r->rsp_cons, r->size);
        return;
    }
    if (per == 0)
        per = 1;
    /* Several slots per cell on narrow screens: show the busiest state. */
    for (uint32_t k = 0; k < r->size; k += per) {
        char best = '.';

        for (uint32_t j = k; j < k + per && j < r->size; j++) {
            char c = slot_state(r, j);

            if (c != '.' && best == '.')
                best = c;
        }
        view_fill(v, row, col + (int)(k / per), 1, slot_attr(best), (uint32_t)best);
    }
    for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
        uint32_t idx = *(const uint32_t *)((const char *)r + markers[i].off);

        view_fill(v, row + 1, col + (int)(idx % r->size / per), 1, AT_BOLD,
                  (uint32_t)markers[i].mark);
    }
}

/* The ring's name and numbers, as items that go on to a second row
 * rather than be cut (a cut "req 28" would read as a wrong number).
 * Returns the rows used. */
static int ring_header(const struct view *v, int row, const struct io_ring *r)
{
    char item[64], f[8], b[8];
    int col, first = row;

    col = view_printf(v, row, 1, AT_BOLD, "ring d%u:%u", r->id >> 16, r->id & 0xffff);
    if (r->set_up) {
        snprintf(item, sizeof(item), "%s  %s -> %s",
                 field_text(TRC_XL_IORING_SETUP, 4, r->kind),
                 panel_dom((uint16_t)r->front, f, sizeof(f)),
                 panel_dom((uint16_t)r->back, b, sizeof(b)));
        col = view_flow(v, &row, col, 3, AT_NORMAL, item);
    }
    snprintf(item, sizeof(item), " size %u", r->size);
    col = view_flow(v, &row, col, 3, AT_NORMAL, item);
    snprintf(item, sizeof(item), " req %u/%u", r->req_prod, r->req_cons);
    col = view_flow(v, &row, col, 3, AT_NORMAL, item);
    snprintf(item, sizeof(item), " rsp %u/%u", r->rsp_prod, r->rsp_cons);
    col = view_flow(v, &row, col, 3, AT_NORMAL, item);
    snprintf(item, sizeof(item), " notifies %llu", (unsigned long long)r->notifies);
    col = view_flow(v, &row, col, 3, AT_NORMAL, item);
    snprintf(item, sizeof(item), " last %s",
             r->ops ? field_text(TRC_XL_IORING_OP, 5, r->last_op) : "-");
    view_flow(v, &row, col, 3, AT_NORMAL, item);
    return row - first + 1;
}

static void ioring_summary(const void *st, const struct model *m,
                           const struct view *v)
{
    const struct ioring *s = st;
    const struct io_ring *r = nth_recent(s, 0);
    uint64_t notifies = 0;
    int n = 0, col;

    (void)m;
    for (int i = 0; i < IO_RINGS; i++)
        if (s->r[i].used) {
            n++;
            notifies += s->r[i].notifies;
        }
    if (!r) {
        view_text(v, 0, 0, AT_DIM, "no rings yet");
        return;
    }
    col = view_printf(v, 0, 0, AT_NORMAL, "d%u:%u req %u/%u rsp %u/%u ", r->id >> 16,
                      r->id & 0xffff, r->req_prod, r->req_cons, r->rsp_prod, r->rsp_cons);
    if (consistent(r)) {
        int width = v->w - col < 32 ? v->w - col : 32;
        uint32_t per = width > 0 ? (r->size + (uint32_t)width - 1) / (uint32_t)width : 0;

        for (uint32_t k = 0; per && k < r->size; k += per) {
            char c = slot_state(r, k);

            view_fill(v, 0, col + (int)(k / per), 1, slot_attr(c), (uint32_t)c);
        }
    }
    view_printf(v, 1, 0, AT_DIM, "%d ring%s, %llu notifies, %llu event-channel sends", n,
                n > 1 ? "s" : "", (unsigned long long)notifies,
                (unsigned long long)s->evtchn_sends);
}

static void ioring_full(const void *st, const struct model *m,
                        const struct view *v, const struct panel_ui *ui)
{
    const struct ioring *s = st;
    char info[64];
    int row = 1, shown = 0;

    (void)m;
    snprintf(info, sizeof(info), "%llu event-channel sends",
             (unsigned long long)s->evtchn_sends);
    view_title(v, 0, ui && ui->focused, "I/O rings", info);
    for (const struct io_ring *r; row + 2 < v->h + 1 &&
                                  (r = nth_recent(s, shown)) != NULL;) {
        shown++;
        row += ring_header(v, row, r) - 1;
        draw_slots(v, row + 1, 3, v->w - 4, r);
        row += 4;
    }
    if (!shown) {
        view_text(v, 1, 1, AT_DIM, "no rings yet");
        return;
    }
    if (row - 1 < v->h)
        view_text(v, row - 1, 1, AT_DIM,
                  "Q request waiting  w backend working  R response waiting  "
                  "P/C req prod/cons  p/c rsp prod/cons");
}

const struct panel panel_ioring = {
    .name = "I/O rings",
    .help = "shared rings as slots: producer and consumer indices",
    .state_size = sizeof(struct ioring),
    .subs = ioring_subs,
    .summary = ioring_summary,
    .full = ioring_full,
};

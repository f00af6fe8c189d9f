/*
 * model.c - taking records in: the log, the clock, the counts, and
 * routing each record to the panels that asked for it.
 *
 * The per-record path (model_record) is the hot loop of a replay and of
 * `hvviz --stats`: one table lookup for the event's row, a copy into the
 * log ring, a counter, and the handlers from the routing table. It must
 * stay cheap (the bench wants a million records a second) and must never
 * drop a record: the log overwrites its oldest entries, but every count
 * and every panel sees every record.
 *
 * The core's own bookkeeping (stream header, domain names, checkpoint,
 * shutdown) is routed the same way as the panels', through core_subs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "panels/panel.h"
#include "trace/events.h"

/* ---- Clock ---- */

void tclock_init(struct tclock *c)
{
    memset(c, 0, sizeof(*c));
    c->khz = TCLOCK_DEFAULT_KHZ;
}

uint64_t tclock_ns(struct tclock *c, const struct trace_rec *rec)
{
    uint64_t d, ns;

    if (TRACE_REC_ID(rec->event) == TRC_XL_STREAM &&
        TRACE_REC_NDATA(rec->event) >= 3 && rec->data[0] == TRACE_STREAM_MAGIC) {
        /* A new stream: its TSC starts over; our time does not. */
        c->base_ns = c->last_ns;
        c->tsc0 = rec->tsc;
        c->started = true;
        if (rec->data[2]) {
            c->khz = rec->data[2];
            c->khz_known = true;
        }
    } else if (!c->started || rec->tsc < c->tsc0) {
        /* No header yet, or the TSC went back without one. */
        c->base_ns = c->last_ns;
        c->tsc0 = rec->tsc;
        c->started = true;
    }
    d = rec->tsc - c->tsc0;
    ns = c->base_ns + d / c->khz * 1000000u + d % c->khz * 1000000u / c->khz;
    if (ns < c->last_ns)
        ns = c->last_ns;        /* CPUs' TSCs may disagree a little */
    c->last_ns = ns;
    return ns;
}

/* ---- The core's own subscriptions ---- */

static void on_stream(void *st, struct model *m, const struct log_entry *e)
{
    (void)st;
    if (TRACE_REC_NDATA(e->rec.event) < 4 || e->rec.data[0] != TRACE_STREAM_MAGIC)
        return;
    m->streams++;
    m->tsc_khz = e->rec.data[2];
    m->cpus = e->rec.data[3];
    m->shutdown_seen = false;
}

static void on_lost(void *st, struct model *m, const struct log_entry *e)
{
    (void)st;
    (void)e;
    m->lost_records++;
}

static void on_shutdown(void *st, struct model *m, const struct log_entry *e)
{
    (void)st;
    m->shutdown_seen = true;
    m->shutdown_code = e->rec.data[0];
}

static void on_domain_create(void *st, struct model *m,
                             const struct log_entry *e)
{
    uint32_t dom = e->rec.data[0];
    struct domain_info *d;

    (void)st;
    if (dom >= MODEL_MAX_DOMS)
        return;
    d = &m->doms[dom];
    d->known = true;
    d->flags = e->rec.data[3];
    memset(d->name, 0, sizeof(d->name));
    for (unsigned int i = 0; i < 12 && 4 + i / 4 < TRACE_REC_NDATA(e->rec.event); i++) {
        char ch = (char)(e->rec.data[4 + i / 4] >> (8 * (i % 4)));

        if (!ch)
            break;
        d->name[i] = ch > ' ' && ch < 0x7f ? ch : '?';
    }
}

/* The three moments of a step (model.h): a step that was running and
 * reaches the next checkpoint is shown as done, not replaced at once. */
static void on_checkpoint(void *st, struct model *m, const struct log_entry *e)
{
    struct checkpoint *cp = &m->checkpoint;

    (void)st;
    if (TRACE_REC_NDATA(e->rec.event) < 3 || e->rec.data[2] > CP_AUTO)
        return;
    cp->lesson = e->rec.data[0];
    cp->step = e->rec.data[1];
    cp->state = (enum checkpoint_state)e->rec.data[2];
    cp->seen++;
    if (cp->state != CP_WAITING) {
        cp->phase = LP_RUNNING;
        cp->shown = cp->step;
        cp->ran_from_ns = e->t_ns;
    } else if (cp->phase == LP_RUNNING && cp->seen > 1) {
        cp->phase = LP_SAW;
        cp->ran_to_ns = e->t_ns;
    } else {
        cp->phase = LP_WATCH;
        cp->shown = cp->step;
    }
}

bool model_lesson_next(struct model *m)
{
    struct checkpoint *cp = &m->checkpoint;

    if (cp->state != CP_WAITING)
        return false;
    if (cp->phase == LP_SAW) {
        cp->phase = LP_WATCH;
        cp->shown = cp->step;
        return false;
    }
    return true;
}

static const struct panel_sub core_subs[] = {
    { TRC_XL_STREAM, on_stream },
    { TRC_LOST_RECORDS, on_lost },
    { TRC_XL_SHUTDOWN, on_shutdown },
    { TRC_XL_DOMAIN_CREATE, on_domain_create },
    { TRC_XL_LESSON_CHECKPOINT, on_checkpoint },
    { 0, NULL },
};

/* ---- Routing ---- */

static void build_routes(struct model *m)
{
    unsigned int n = 0;

    /* Counting sort by event row: routes of row r are contiguous. */
    for (unsigned int row = 0; row <= nr_event_formats; row++) {
        m->route_first[row] = (uint16_t)n;
        if (row == nr_event_formats)
            break;
        for (int p = -1; p < PANEL_NR; p++) {
            const struct panel_sub *s = p < 0 ? core_subs : panel_table[p]->subs;

            for (; s && s->id; s++) {
                if (event_index(s->id) != (int)row)
                    continue;
                if (n == sizeof(m->routes) / sizeof(m->routes[0]))
                    abort();    /* a table grew past MODEL_MAX_EVENTS * 4 */
                m->routes[n].fn = s->fn;
                m->routes[n].state = p < 0 ? m : m->panel_state[p];
                n++;
            }
        }
    }
    m->route_first[nr_event_formats + 1] = (uint16_t)n;
}

static void init_state(struct model *m)
{
    tdec_init(&m->dec);
    tclock_init(&m->clock);
    m->now_ns = m->first_ns = 0;
    m->records = 0;
    memset(m->counts, 0, sizeof(m->counts));
    m->lost_records = 0;
    m->tsc_khz = m->cpus = 0;
    m->streams = 0;
    m->shutdown_seen = false;
    m->log_head = 0;
    memset(m->doms, 0, sizeof(m->doms));
    memset(&m->checkpoint, 0, sizeof(m->checkpoint));
    m->checkpoint.state = CP_NONE;
    for (unsigned int p = 0; p < PANEL_NR; p++) {
        memset(m->panel_state[p], 0, panel_table[p]->state_size);
        if (panel_table[p]->init)
            panel_table[p]->init(m->panel_state[p]);
    }
}

int model_init(struct model *m)
{
    _Static_assert(PANEL_NR <= MODEL_MAX_PANELS, "grow MODEL_MAX_PANELS");
    memset(m, 0, sizeof(*m));
    if (nr_event_formats > MODEL_MAX_EVENTS)
        abort();                /* events.c grew: raise MODEL_MAX_EVENTS */
    m->log = calloc(MODEL_LOG_SIZE, sizeof(*m->log));
    if (!m->log)
        return -1;
    for (unsigned int p = 0; p < PANEL_NR; p++) {
        m->panel_state[p] = calloc(1, panel_table[p]->state_size + 1);
        if (!m->panel_state[p]) {
            model_free(m);
            return -1;
        }
    }
    init_state(m);
    build_routes(m);
    return 0;
}

void model_free(struct model *m)
{
    free(m->log);
    m->log = NULL;
    for (unsigned int p = 0; p < PANEL_NR; p++) {
        free(m->panel_state[p]);
        m->panel_state[p] = NULL;
    }
}

void model_reset(struct model *m)
{
    init_state(m);
    m->generation++;
}

void model_record(struct model *m, const struct trace_rec *rec,
                  const struct tdec_info *info)
{
    struct log_entry *e = &m->log[m->log_head++ & (MODEL_LOG_SIZE - 1)];
    int row = event_index(TRACE_REC_ID(rec->event));
    unsigned int r = row < 0 ? nr_event_formats : (unsigned int)row;

    e->rec = *rec;
    e->missing_before = info ? info->missing_before : 0;
    e->t_ns = tclock_ns(&m->clock, rec);
    if (m->records++ == 0)
        m->first_ns = e->t_ns;
    m->now_ns = e->t_ns;
    m->counts[row < 0 ? MODEL_MAX_EVENTS : (unsigned int)row]++;
    if (rec->dom < MODEL_MAX_DOMS)
        m->doms[rec->dom].seen = true;
    for (unsigned int i = m->route_first[r]; i < m->route_first[r + 1]; i++)
        m->routes[i].fn(m->routes[i].state, m, e);
}

static void feed_cb(void *arg, const struct trace_rec *rec,
                    const struct tdec_info *info)
{
    model_record(arg, rec, info);
}

void model_feed(struct model *m, const uint8_t *bytes, size_t n)
{
    tdec_feed(&m->dec, bytes, n, feed_cb, m);
}

uint64_t model_log_tail(const struct model *m)
{
    return m->log_head > MODEL_LOG_SIZE ? m->log_head - MODEL_LOG_SIZE : 0;
}

const struct log_entry *model_log_at(const struct model *m, uint64_t n)
{
    if (n >= m->log_head || n < model_log_tail(m))
        return NULL;
    return &m->log[n & (MODEL_LOG_SIZE - 1)];
}

const struct log_entry *model_log_back(const struct model *m, uint64_t i)
{
    return i >= m->log_head ? NULL : model_log_at(m, m->log_head - 1 - i);
}

const char *model_dom_name(const struct model *m, uint16_t dom, char *buf,
                           size_t size)
{
    if (dom == DOMID_IDLE)
        snprintf(buf, size, "hv");
    else if (dom < MODEL_MAX_DOMS && m->doms[dom].name[0])
        snprintf(buf, size, "d%u %s", dom, m->doms[dom].name);
    else
        snprintf(buf, size, "d%u", dom);
    return buf;
}

uint64_t model_lost(const struct model *m)
{
    return m->dec.st.lost_reported + m->dec.st.lost_gaps;
}

void model_console(struct model *m, const uint8_t *bytes, size_t n)
{
    struct console_lines *c = m->console;

    if (!c)
        return;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = bytes[i];

        if (b == '\r')
            continue;
        if (b == '\n' || c->partial_len == sizeof(c->partial) - 1) {
            c->partial[c->partial_len] = '\0';
            memcpy(c->lines[c->nr++ % MODEL_CONSOLE_LINES], c->partial,
                   c->partial_len + 1);
            c->partial_len = 0;
            if (b == '\n')
                continue;
        }
        /* Keep printable ASCII and UTF-8 bytes; show the rest as '?'. */
        c->partial[c->partial_len++] = (char)(b == '\t' ? ' ' :
                                              b < 0x20 || b == 0x7f ? '?' : b);
    }
}

/*
 * log.c - the Events panel: the trace as a scrolling, colour-coded log.
 *
 * Each line is what `hvviz --dump` prints for the record (sequence number,
 * seconds, CPU, domain, event, fields), the event's name coloured by its
 * group in the event table. Losses are never hidden: a gen.lost record is
 * drawn as a warning, and a sequence gap the decoder found before a
 * record gets a line of its own, "-- N events missing --".
 *
 * In a lesson, while the pane shows what a step did, the step's own events
 * are marked '>' in the first column: the evidence beside the text.
 *
 * The log itself is the model's; the filter and the scroll position are
 * the front end's (panel_ui), so this panel has no state of its own.
 */
#include <stdio.h>
#include <string.h>
#include "../logview.h"
#include "panel.h"

static int entry_attr(const struct log_entry *e, int *name_attr)
{
    uint32_t id = TRACE_REC_ID(e->rec.event);
    const struct event_format *f = event_format(id);

    *name_attr = f ? AT_GROUP0 + (int)f->group : AT_DIM;
    return id == TRC_LOST_RECORDS ? AT_BAD : AT_NORMAL;
}

/* One entry, starting `skip` columns into its line. The line is ASCII
 * (event_describe() makes it so), so bytes and columns agree. */
static void draw_entry(const struct model *m, const struct view *v, int row,
                       const struct log_entry *e, int skip)
{
    char line[400], name[64];
    const char *at = NULL;
    int words = 0, attr, name_attr, len;

    len = logview_line(m, e, line, sizeof(line));
    if (len < 0)
        return;
    len = (int)strlen(line);
    if (skip > len)
        skip = len;
    attr = entry_attr(e, &name_attr);
    view_text(v, row, 0, attr, line + skip);
    /* The name is the fifth word: seq, seconds, cpu, domain, name. */
    for (const char *q = line; *q && !at; q++)
        if (*q != ' ' && (q == line || q[-1] == ' ') && words++ == 4)
            at = q;
    if (at && attr != AT_BAD && at - line >= skip) {
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(at, " "), at);
        view_text(v, row, (int)(at - line) - skip, name_attr, name);
    }
}

/* In a lesson, once a step has run: was this entry one of its events?
 * (Marked '>' while the lesson pane shows what the step did.) */
static bool ran_in_step(const struct model *m, const struct log_entry *e)
{
    const struct checkpoint *cp = &m->checkpoint;

    return m->steps && cp->phase == LP_SAW && e->t_ns >= cp->ran_from_ns &&
           e->t_ns <= cp->ran_to_ns;
}

static void events_full(const void *st, const struct model *m,
                        const struct view *v, const struct panel_ui *ui)
{
    struct logview *lv = ui ? ui->log : NULL;
    char info[200], n1[16], n2[16];
    uint64_t shown, i;
    int row;

    (void)st;
    if (lv)
        logview_update(lv, m);
    shown = logview_count(lv, m);
    snprintf(info, sizeof(info), "%s of %s%s%s%s%s",
             fmt_count(shown, n1, sizeof(n1)),
             fmt_count(m->records, n2, sizeof(n2)),
             lv && lv->active ? "  filter: " : "",
             lv && lv->active ? lv->filter.spec : "",
             ui && ui->scroll ? "  (scrolled back; End follows)" : "",
             ui && ui->paused ? "  PAUSED" : "");
    view_title(v, 0, ui && ui->focused, "Events", info);
    if (!m->records) {
        view_text(v, 1, 1, AT_DIM, "waiting for events...");
        return;
    }
    i = ui ? (uint64_t)ui->scroll : 0;
    for (row = v->h - 1; row >= 1; i++) {
        const struct log_entry *e = logview_back(lv, m, i);

        if (!e) {
            if (i < shown || (lv && lv->active && !shown))
                view_text(v, row, 1, AT_DIM, shown ? "(older entries no longer kept)"
                                                   : "(no event matches the filter)");
            break;
        }
        draw_entry(m, v, row, e, 0);
        if (ran_in_step(m, e))
            view_text(v, row, 0, AT_SELECT, ">");
        row--;
        if (e->missing_before && row >= 1)
            view_printf(v, row--, 0, AT_BAD,
                        "%8s -- %u events missing (sequence gap) --", "",
                        e->missing_before);
    }
}

static void events_summary(const void *st, const struct model *m,
                           const struct view *v)
{
    (void)st;
    if (!m->records) {
        view_text(v, 0, 0, AT_DIM, "waiting for events...");
        return;
    }
    for (int r = 0; r < v->h; r++) {
        const struct log_entry *e = model_log_back(m, (uint64_t)(v->h - 1 - r));

        if (e)
            draw_entry(m, v, r, e, 9);
    }
}

const struct panel panel_events = {
    .name = "Events",
    .help = "every record as --dump prints it; / filters, arrows scroll",
    .summary = events_summary,
    .full = events_full,
};

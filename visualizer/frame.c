/*
 * frame.c - placing the panels and drawing the status line, the key bar
 * and the help screen.
 *
 * The large layout is a table: each row says where a panel goes, in
 * thousandths of the body (left of the lesson column, if any). The small
 * layout is computed: summaries in as many 40-column tiles as fit, the
 * focused panel below them, the lesson strip at the bottom.
 */
#include <stdio.h>
#include <string.h>
#include "frame.h"

#define LARGE_W 160
#define LARGE_H 40
#define TILE_W  60
#define LABEL_W 12

static const struct {
    int panel;
    int x0, y0, x1, y1;         /* per mille of the body */
} layout_large[] = {
    { PANEL_RINGS, 0, 0, 333, 300 },
    { PANEL_COUNTERS, 333, 0, 666, 300 },
    { PANEL_MEMORY, 666, 0, 1000, 300 },
    { PANEL_TLB, 0, 300, 333, 550 },
    { PANEL_IORING, 333, 300, 666, 550 },
    { PANEL_SCHED, 666, 300, 1000, 550 },
    { PANEL_EVENTS, 0, 550, 1000, 1000 },
};

void frame_state_init(struct frame_state *fs, struct logview *log)
{
    memset(fs, 0, sizeof(*fs));
    fs->focus = PANEL_EVENTS;
    fs->log = log;
    for (int p = 0; p < PANEL_NR; p++)
        fs->enabled[p] = !(panel_table[p]->flags & PANEL_OPTIONAL);
}

int frame_next_panel(const struct frame_state *fs, int from, int dir)
{
    for (int i = 1; i <= PANEL_NR; i++) {
        int p = ((from + dir * i) % PANEL_NR + PANEL_NR) % PANEL_NR;

        if (fs->enabled[p])
            return p;
    }
    return from;
}

static int add(struct placement *out, int n, int max, int panel, bool full,
               int x, int y, int w, int h)
{
    if (n < max && w > 0 && h > 0)
        out[n++] = (struct placement){ panel, full, x, y, w, h };
    return n;
}

static int layout_big(int w, int h, const struct frame_state *fs,
                      struct placement *out, int max)
{
    int body_h = h - 2, body_w = w, n = 0;

    if (fs->enabled[PANEL_LESSON]) {
        int lw = w / 4 > 44 ? w / 4 : 44;

        body_w = w - lw;
        n = add(out, n, max, PANEL_LESSON, true, body_w, 1, lw, body_h);
    }
    for (size_t i = 0; i < sizeof(layout_large) / sizeof(layout_large[0]); i++) {
        int x0 = layout_large[i].x0 * body_w / 1000;
        int x1 = layout_large[i].x1 * body_w / 1000;
        int y0 = layout_large[i].y0 * body_h / 1000;
        int y1 = layout_large[i].y1 * body_h / 1000;

        if (layout_large[i].panel == PANEL_EVENTS && fs->enabled[PANEL_CONSOLE]) {
            /* The console shares the bottom band with the log. */
            n = add(out, n, max, PANEL_CONSOLE, true, x0 + (x1 - x0) * 3 / 5, 1 + y0,
                    (x1 - x0) - (x1 - x0) * 3 / 5, y1 - y0);
            x1 = x0 + (x1 - x0) * 3 / 5;
        }
        /* One column gap between neighbours. */
        n = add(out, n, max, layout_large[i].panel, true, x0, 1 + y0,
                x1 - x0 - (x1 < body_w ? 1 : 0), y1 - y0);
    }
    return n;
}

static int layout_small(int w, int h, const struct frame_state *fs,
                        struct placement *out, int max)
{
    int body_y = 1, body_h = h - 2, n = 0, lesson_h = 0, sum_rows = 1;
    int tiles[PANEL_NR], nr_tiles = 0, cols, rows, main_h;

    if (body_h < 1)
        return 0;
    for (int p = 0; p < PANEL_NR; p++)
        if (fs->enabled[p] && p != fs->focus && p != PANEL_LESSON)
            tiles[nr_tiles++] = p;
    cols = w / TILE_W > 0 ? w / TILE_W : 1;
    rows = (nr_tiles + cols - 1) / cols;
    if (fs->enabled[PANEL_LESSON] && fs->focus != PANEL_LESSON) {
        lesson_h = body_h / 3 < 5 ? 5 : body_h / 3 > 9 ? 9 : body_h / 3;
        /* The whole step, if the focused panel keeps 4 rows beside the
         * one-line summaries: a sentence of the step is never cut off. */
        if (fs->lesson_rows > lesson_h)
            lesson_h = fs->lesson_rows < body_h - rows - 4 ? fs->lesson_rows
                                                           : body_h - rows - 4;
        if (lesson_h < 5)
            lesson_h = 5;
        if (body_h - lesson_h < 4)
            lesson_h = 0;
    }
    /* One row per summary; two where the screen is tall enough. */
    if (body_h - lesson_h - 2 * rows >= 14)
        sum_rows = 2;
    main_h = body_h - lesson_h - rows * sum_rows;
    if (main_h < 4 || h < 10) {
        rows = 0;               /* tiny: the focused panel alone */
        main_h = body_h - lesson_h;
    }
    for (int i = 0; i < nr_tiles && rows; i++) {
        int cw = w / cols, col = i % cols, row = i / cols;

        n = add(out, n, max, tiles[i], false, col * cw, body_y + row * sum_rows,
                col == cols - 1 ? w - col * cw : cw - 1, sum_rows);
    }
    n = add(out, n, max, fs->focus, true, 0, body_y + rows * sum_rows, w, main_h);
    if (lesson_h)
        n = add(out, n, max, PANEL_LESSON, true, 0, body_y + body_h - lesson_h, w,
                lesson_h);
    return n;
}

int frame_layout(int w, int h, const struct frame_state *fs,
                 struct placement *out, int max)
{
    if (fs->zoom)
        return add(out, 0, max, fs->focus, true, 0, 1, w, h - 2);
    if (w >= LARGE_W && h >= LARGE_H)
        return layout_big(w, h, fs, out, max);
    return layout_small(w, h, fs, out, max);
}

/* ---- Status line and key bar ---- */

/* Most important first, so a narrow terminal cuts the least: where the
 * trace comes from and whether it flows, then what was lost (never cut:
 * it comes before everything that could push it off), then counts. */
static void draw_status(struct canvas *c, const struct model *m,
                        const struct frame_state *fs)
{
    struct view v = canvas_view(c);
    const struct tdec_stats *st = &m->dec.st;
    char n1[16], n2[16];
    int col;

    v = view_sub(&v, 0, 0, c->w, 1);
    view_fill(&v, 0, 0, v.w, AT_STATUS, ' ');
    col = view_printf(&v, 0, 1, AT_STATUS, "%s", fs->source);
    col = view_printf(&v, 0, col + 1, fs->state_attr, "%s", fs->state);
    if (model_lost(m) || st->bad_frames)
        col = view_printf(&v, 0, col + 2, AT_BAD, "LOST %llu (hv %llu gap %llu bad %llu)",
                          (unsigned long long)model_lost(m),
                          (unsigned long long)st->lost_reported,
                          (unsigned long long)st->lost_gaps,
                          (unsigned long long)st->bad_frames);
    else
        col = view_text(&v, 0, col + 2, AT_STATUS, "lost 0");
    col = view_printf(&v, 0, col + 2, AT_STATUS, "%s ev %s/s",
                      fmt_count(m->records, n1, sizeof(n1)),
                      fmt_count((uint64_t)fs->rate, n2, sizeof(n2)));
    if (fs->replay[0])
        col = view_printf(&v, 0, col + 2, AT_STATUS, "%s", fs->replay);
    else
        col = view_printf(&v, 0, col + 2, AT_STATUS, "t %.1fs",
                          (m->now_ns - m->first_ns) / 1e9);
    if (fs->paused)
        view_text(&v, 0, col + 1, AT_WARN, "PAUSED");
}

static const struct {
    const char *key, *what;
} keybar[] = {
    { "?", "help" }, { "q", "quit" }, { "spc", "pause" }, { "/", "filter" },
    { "Tab", "panel" }, { "z", "zoom" }, { "+-", "speed" }, { "n", "next step" },
};

static void draw_keys(struct canvas *c, const struct frame_state *fs)
{
    struct view v = canvas_view(c);
    int col = 0;

    v = view_sub(&v, c->h - 1, 0, c->w, 1);
    view_fill(&v, 0, 0, v.w, AT_KEYS, ' ');
    if (fs->prompting) {
        col = view_text(&v, 0, 0, AT_KEY, fs->prompt_label);
        view_printf(&v, 0, col + 1, AT_KEYS, "%s_", fs->prompt);
        return;
    }
    if (fs->message[0]) {
        view_text(&v, 0, 1, fs->message_attr, fs->message);
        return;
    }
    for (size_t i = 0; i < sizeof(keybar) / sizeof(keybar[0]); i++) {
        if (!strcmp(keybar[i].key, "n") && !fs->enabled[PANEL_LESSON])
            continue;
        col = view_text(&v, 0, col + 1, AT_KEY, keybar[i].key);
        col = view_text(&v, 0, col, AT_KEYS, " ");
        col = view_text(&v, 0, col, AT_KEYS, keybar[i].what);
    }
}

static const char *const help_keys[][2] = {
    { "? F1", "this help (any key closes it)" },
    { "q F10", "quit (so does Ctrl-C)" },
    { "space", "pause: hold the log (live), stop the clock (replay)" },
    { "/ Esc", "filter the log (c:CLASS d:DOM is:failed text); Esc clears" },
    { "c d", "filter on one class, one domain at a time, in turn" },
    { "f", "the failed hypercalls in the log (filter is:failed)" },
    { "Tab 1-9", "focus the next panel (S-Tab: previous), or panel N" },
    { "z", "zoom: the focused panel alone, whole screen (z: back)" },
    { "arrows", "scroll the focused panel; PgUp PgDn Home End" },
    { "+ - .", "replay faster, slower; . one event while paused" },
    { "Left Right", "replay: seek back / forward 5 s; g start, G end" },
    { "n", "lesson: release the checkpoint, on to the next step" },
    { "a", "autoplay (--autoplay): stop or restart its clock" },
    { "m", "live: record only these classes at the source (mask)" },
    { "b", "live: a balloon target for a domain (DOM PAGES)" },
};

#define HELP_MAX_W 100
#define HELP_KEY_W 12           /* the key column, inside the border */

/* The help's lines: what a key or panel is called, and what it does. */
struct help_line {
    char key[24];
    const char *text;
    int attr;
};

static int help_lines(const struct frame_state *fs, int page, struct help_line *out)
{
    int n = 0;

    if (page == 1)
        for (size_t i = 0; i < sizeof(help_keys) / sizeof(help_keys[0]); i++, n++) {
            snprintf(out[n].key, sizeof(out[n].key), "%s", help_keys[i][0]);
            out[n].text = help_keys[i][1];
            out[n].attr = AT_KEY;
        }
    if (page == 2) {
        out[n] = (struct help_line){ "Panels", "", AT_BOLD };
        n++;
        for (int p = 0; p < PANEL_NR; p++) {
            if (!fs->enabled[p])
                continue;
            snprintf(out[n].key, sizeof(out[n].key), "%d %s", p + 1, panel_table[p]->name);
            out[n].text = panel_table[p]->help;
            out[n++].attr = AT_KEY;
        }
    }
    return n;
}

/* Rows the lines take inside a border w wide, each text wrapped whole. */
static int help_rows(const struct help_line *l, int n, int w)
{
    int rows = 0;

    for (int i = 0; i < n; i++)
        rows += l[i].text[0] ? wrap_rows(l[i].text, w - 4 - HELP_KEY_W) : 1;
    return rows;
}

static void help_border(const struct view *v)
{
    view_glyphs(v, 0, 0, 1, AT_TITLE, GL_CORNER_TL);
    view_glyphs(v, 0, 1, v->w - 2, AT_TITLE, GL_HLINE);
    view_glyphs(v, 0, v->w - 1, 1, AT_TITLE, GL_CORNER_TR);
    view_text(v, 0, 2, AT_TITLE, " hvviz help: xenlab's trace viewer ");
    for (int r = 1; r < v->h - 1; r++) {
        view_fill(v, r, 1, v->w - 2, AT_NORMAL, ' ');
        view_glyphs(v, r, 0, 1, AT_TITLE, GL_VLINE);
        view_glyphs(v, r, v->w - 1, 1, AT_TITLE, GL_VLINE);
    }
    view_glyphs(v, v->h - 1, 0, 1, AT_TITLE, GL_CORNER_BL);
    view_glyphs(v, v->h - 1, 1, v->w - 2, AT_TITLE, GL_HLINE);
    view_glyphs(v, v->h - 1, v->w - 1, 1, AT_TITLE, GL_CORNER_BR);
}

/*
 * The keys, then what each panel shows, in a bordered box, every line
 * whole (wrapped, never cut). Where the screen is too short for both,
 * the panels are a second page: ? turns to it.
 */
static void draw_help(struct canvas *c, const struct frame_state *fs)
{
    struct help_line lines[64];
    int w = c->w < HELP_MAX_W ? c->w : HELP_MAX_W, n, rows, row = 1;
    struct view all = canvas_view(c), v, inner;
    bool two_pages;
    const char *foot;

    n = help_lines(fs, 1, lines);
    n += help_lines(fs, 2, lines + n);
    two_pages = help_rows(lines, n, w) + 3 > c->h;
    if (two_pages)
        n = help_lines(fs, fs->help == 2 ? 2 : 1, lines);
    foot = two_pages && fs->help != 2 ? "? again: what each panel shows; any other key closes"
                                      : "any key closes the help";
    rows = help_rows(lines, n, w) + 3;
    if (rows > c->h)
        rows = c->h;
    v = view_sub(&all, (c->h - rows) / 2, (c->w - w) / 2, w, rows);
    help_border(&v);
    inner = view_sub(&v, 0, 0, w - 2, rows);    /* a blank column before the border */
    for (int i = 0; i < n && row < v.h - 2; i++) {
        view_text(&inner, row, 2, lines[i].attr, lines[i].key);
        row += lines[i].text[0] ? view_wrap(&inner, row, 2 + HELP_KEY_W, AT_NORMAL,
                                            lines[i].text, v.h - 2 - row) : 1;
    }
    view_text(&v, v.h - 2, 2, AT_DIM, foot);
}

void frame_draw(struct canvas *c, const struct model *m,
                const struct frame_state *fs)
{
    struct placement pl[PANEL_NR * 2];
    struct view all = canvas_view(c);
    struct frame_state with = *fs;
    int n;

    if (fs->enabled[PANEL_LESSON])
        with.lesson_rows = lesson_rows(m, c->w);
    n = frame_layout(c->w, c->h, &with, pl, PANEL_NR * 2);

    canvas_clear(c);
    for (int i = 0; i < n; i++) {
        const struct panel *p = panel_table[pl[i].panel];
        const void *st = model_panel_state(m, (unsigned int)pl[i].panel);
        struct view v = view_sub(&all, pl[i].y, pl[i].x, pl[i].w, pl[i].h);

        if (pl[i].full) {
            struct panel_ui ui = {
                .focused = pl[i].panel == fs->focus,
                .paused = fs->paused,
                .scroll = fs->scroll[pl[i].panel],
                .log = fs->log,
            };

            p->full(st, m, &v, &ui);
        } else {
            struct view body = view_sub(&v, 0, LABEL_W, v.w - LABEL_W, v.h);

            for (int r = 0; r < v.h; r++)
                view_fill(&v, r, 0, LABEL_W - 1, AT_TITLE, ' ');
            view_printf(&v, 0, 0, AT_TITLE, "%d %.*s", pl[i].panel + 1, LABEL_W - 3, p->name);
            p->summary(st, m, &body);
        }
    }
    draw_status(c, m, fs);
    draw_keys(c, fs);
    if (fs->help)
        draw_help(c, fs);
}

/*
 * console.c - the Console panel: the hypervisor's and guests' console
 * (COM1) next to the trace, when hvviz is given --console.
 *
 * The text is the model's (model_console() splits it into lines and
 * makes control bytes visible); this panel shows the newest lines, each
 * wrapped whole (a number at the end of a long line is never cut off).
 */
#include <stdio.h>
#include "panel.h"

static void console_summary(const void *st, const struct model *m,
                            const struct view *v)
{
    const struct console_lines *c = m->console;

    (void)st;
    for (int r = 0; c && r < v->h; r++) {
        uint64_t back = (uint64_t)(v->h - r);

        if (back <= c->nr && back <= MODEL_CONSOLE_LINES)
            view_text(v, r, 0, AT_NORMAL, c->lines[(c->nr - back) % MODEL_CONSOLE_LINES]);
    }
}

static void console_full(const void *st, const struct model *m,
                         const struct view *v, const struct panel_ui *ui)
{
    const struct console_lines *c = m->console;
    int scroll = ui ? ui->scroll : 0;

    (void)st;
    view_title(v, 0, ui && ui->focused, "Console", "COM1");
    if (!c || !c->nr) {
        view_text(v, 1, 1, AT_DIM, "no console output yet");
        return;
    }
    /* Newest at the bottom, each line wrapped whole; one that would not
     * fit whole at the top is left out rather than shown cut. */
    for (uint64_t back = 1 + (uint64_t)scroll, bottom = (uint64_t)v->h - 1;
         back <= c->nr && back <= MODEL_CONSOLE_LINES; back++) {
        const char *line = c->lines[(c->nr - back) % MODEL_CONSOLE_LINES];
        uint64_t rows = line[0] ? (uint64_t)wrap_rows(line, v->w) : 1;

        if (rows > bottom)
            break;
        view_wrap(v, (int)(bottom - rows + 1), 0, AT_NORMAL, line, (int)rows);
        bottom -= rows;
    }
}

const struct panel panel_console = {
    .name = "Console",
    .help = "the console (COM1): what the hypervisor and the guests print",
    .flags = PANEL_OPTIONAL,
    .summary = console_summary,
    .full = console_full,
};

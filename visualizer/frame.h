/*
 * frame.h - one whole screen of hvviz, drawn into a canvas.
 *
 *   +--------------------------------------------------------------+
 *   | status: source, connection, events, rate, LOSSES, paused     |
 *   | panels, placed by the layout for this terminal size          |
 *   | ...                                                          |
 *   | keys (or the filter prompt, or a message)                    |
 *   +--------------------------------------------------------------+
 *
 * Small terminals (the 80x24 a student has): the focused panel gets the
 * big area, every other panel a two-row summary strip, the lesson pane a
 * strip at the bottom; Tab moves the focus, so each panel can be seen in
 * full. Large terminals (160x40 and up): every panel in full, in a fixed
 * grid (layout_large), the lesson pane in a column on the right.
 *
 * The frame knows nothing of ncurses: tui.c draws frames to the terminal,
 * `hvviz --snapshot` prints one as text, and the tests read them.
 */
#ifndef XENLAB_VIZ_FRAME_H
#define XENLAB_VIZ_FRAME_H

#include <stdbool.h>
#include "canvas.h"
#include "logview.h"
#include "model.h"
#include "panels/panel.h"

struct frame_state {
    int focus;                      /* enum panel_id */
    int scroll[PANEL_NR];
    bool enabled[PANEL_NR];         /* optional panels in use */
    bool paused;
    int help;                       /* the help screen: 0 off, page 1 or 2 */
    bool zoom;                      /* z: the focused panel alone, full screen */
    bool prompting;                 /* a prompt is up in the key bar */
    const char *prompt_label;       /* what it asks for */
    char prompt[128];               /* what has been typed */
    char message[200];              /* shown in the key bar until cleared */
    int message_attr;
    struct logview *log;

    /* The status line, filled in by the front end. */
    char source[64];                /* "trace.sock", "runs/x/trace.bin" */
    char state[64];                 /* "live", "disconnected (retrying)" */
    int state_attr;
    double rate;                    /* events per second, as measured */
    char replay[80];                /* "2x 3.2s/10.0s", or "" if live */

    /* Set by frame_draw: rows the lesson pane needs for its whole step. */
    int lesson_rows;
};

void frame_state_init(struct frame_state *fs, struct logview *log);

/* Which panel a placement shows and how. */
struct placement {
    int panel;
    bool full;
    int x, y, w, h;
};

/* Place the panels for a w x h screen; returns how many placements. */
int frame_layout(int w, int h, const struct frame_state *fs,
                 struct placement *out, int max);

/* Draw everything. */
void frame_draw(struct canvas *c, const struct model *m,
                const struct frame_state *fs);

/* The next/previous enabled panel after `from` (Tab order). */
int frame_next_panel(const struct frame_state *fs, int from, int dir);

#endif /* XENLAB_VIZ_FRAME_H */

/*
 * panel.h - what a panel of hvviz is: a row in a table, not a case in
 * a switch.
 *
 * A panel owns a piece of the model (its state) and two ways of drawing
 * it. It says which events it wants in a subscription table:
 *
 *   static const struct panel_sub subs[] = {
 *       { TRC_XL_TLB_FLUSH, on_flush },
 *       { 0 },
 *   };
 *
 * and model_init() routes each of those events to its handler. Nothing
 * else in hvviz knows what a TLB flush is. The layout (frame.c) gives
 * each panel either a summary strip (one or two rows, for small
 * terminals) or a full rectangle; the panel draws into that view and
 * nothing outside it (canvas.h clips).
 *
 * To add a panel: write panels/NAME.c with its state, handlers and two
 * renderers, and add it to panel_table[] in panels/panels.c.
 */
#ifndef XENLAB_VIZ_PANEL_H
#define XENLAB_VIZ_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include "../canvas.h"
#include "../model.h"

struct logview;

struct panel_sub {
    uint32_t id;                /* 0 ends the table */
    model_handler fn;
};

/* What the interactive front end tells a renderer. */
struct panel_ui {
    bool focused;
    bool paused;                /* the log is held where it is */
    int scroll;                 /* rows back from the newest; 0 = follow */
    struct logview *log;        /* the Events panel's filter and index */
};

enum panel_flags {
    PANEL_OPTIONAL = 1,         /* only when its data source was asked for */
};

struct panel {
    const char *name;           /* title and key in help: "TLB" */
    const char *help;           /* one line for the help screen */
    unsigned int flags;
    size_t state_size;          /* zeroed, then init() */
    void (*init)(void *state);
    const struct panel_sub *subs;
    /* The compact view for small terminals: the essentials in row 0,
     * more in row 1 when the layout gives two rows. */
    void (*summary)(const void *state, const struct model *m,
                    const struct view *v);
    /* The full view; row 0 is the panel's title bar. */
    void (*full)(const void *state, const struct model *m,
                 const struct view *v, const struct panel_ui *ui);
};

/* Indices into panel_table (the order of Tab and of the help screen). */
enum panel_id {
    PANEL_EVENTS, PANEL_RINGS, PANEL_SCHED, PANEL_MEMORY, PANEL_TLB,
    PANEL_IORING, PANEL_COUNTERS, PANEL_LESSON, PANEL_CONSOLE, PANEL_NR
};

extern const struct panel *const panel_table[PANEL_NR];

/* The panels, each defined in its own file. */
extern const struct panel panel_events, panel_rings, panel_sched,
    panel_memory, panel_tlb, panel_ioring, panel_counters, panel_lesson,
    panel_console;

/* The rows the lesson pane needs, w wide, to show its current step whole
 * (the layout gives it that many where it can). */
int lesson_rows(const struct model *m, int w);

/* Shared by renderers: a record's domain as "hv" or "d3". */
const char *panel_dom(uint16_t dom, char *buf, size_t size);

#endif /* XENLAB_VIZ_PANEL_H */

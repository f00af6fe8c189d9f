/*
 * tui.h - the interactive viewer: `hvviz [options] SOURCE`.
 */
#ifndef XENLAB_VIZ_TUI_H
#define XENLAB_VIZ_TUI_H

#include <stdbool.h>
#include "steps.h"

struct tui_opts {
    const char *spec;                   /* the trace source */
    const struct lesson_steps *steps;   /* --lesson, or NULL */
    const char *console;                /* --console, or NULL */
    const char *speed;                  /* --speed, or NULL (1x) */
    bool paused;                        /* --paused: replay starts paused */
    double autoplay;                    /* --autoplay SECS: 0 = off */
    bool mono;                          /* --mono */
    int focus;                          /* --focus: a panel id */
    const char *report;                 /* --report FILE, or NULL */
    const char *record;                 /* --record FILE, or NULL */
};

/* Run until q; returns the exit status. */
int tui_run(const struct tui_opts *o);

#endif /* XENLAB_VIZ_TUI_H */

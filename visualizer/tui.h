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

/* Run until q, Ctrl-C, SIGTERM or SIGHUP; returns the exit status
 * (128 + the signal if one ended it). */
int tui_run(const struct tui_opts *o);

/* The signal that ended tui_run, or 0: hvviz then ends by it too. */
int tui_stop_signal(void);

#endif /* XENLAB_VIZ_TUI_H */

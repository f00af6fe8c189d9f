/*
 * screen.h - the terminal: ncurses set up, canvases shown, keys read.
 *
 * The only file that talks to ncurses. It owns the mapping from the
 * canvas's semantic attributes to what the terminal can show: colour
 * pairs, or - with NO_COLOR set, --mono, or a terminal without colours -
 * bold, dim, reverse and underline only.
 */
#ifndef XENLAB_VIZ_SCREEN_H
#define XENLAB_VIZ_SCREEN_H

#include <stdbool.h>
#include "canvas.h"

/* Start curses on the controlling terminal (so stdin may carry a trace).
 * 0, or -1 with a message. */
int screen_open(bool mono, char *err, size_t errlen);
void screen_close(void);

/* The terminal's size now. */
void screen_size(int *w, int *h);

/* Can it show UTF-8? (The locale says so.) */
bool screen_unicode(void);

/* File descriptor to poll for keys. */
int screen_input_fd(void);

/* Next key (curses KEY_* or a character), or -1 if none is waiting. */
int screen_key(void);

/* Show a canvas of the terminal's size; only changed cells are sent. */
void screen_show(const struct canvas *c);

#endif /* XENLAB_VIZ_SCREEN_H */

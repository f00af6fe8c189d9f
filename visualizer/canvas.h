/*
 * canvas.h - a grid of character cells the panels draw on.
 *
 * Panels never call ncurses. They draw into a canvas - one cell per
 * screen position, each a Unicode code point and a semantic attribute
 * ("title", "warning", "domain 2") - through a view, a rectangle of the
 * canvas that clips everything drawn into it. The terminal layer
 * (screen.c) copies the canvas to ncurses and decides what an attribute
 * looks like (colour, or bold/reverse in monochrome); the tests and
 * `hvviz --snapshot` read the same canvas back as text.
 *
 *   canvas (w x h)
 *   +------------------------------------------+
 *   |   view (x, y, w, h): row 0 .. h-1,       |
 *   |   col 0 .. w-1; outside is clipped       |
 *   +------------------------------------------+
 *
 * Glyphs that need Unicode (blocks, arrows, sparkline steps) have ASCII
 * stand-ins, chosen when the terminal cannot show UTF-8.
 */
#ifndef XENLAB_VIZ_CANVAS_H
#define XENLAB_VIZ_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "trace/events.h"

/* What a cell means; screen.c maps each to colours or mono attributes. */
enum attr {
    AT_NORMAL,
    AT_DIM,
    AT_BOLD,
    AT_TITLE,           /* a panel's title bar */
    AT_TITLE_FOCUS,     /* the focused panel's title bar */
    AT_STATUS,          /* the top status line */
    AT_KEYS,            /* the bottom key bar */
    AT_KEY,             /* a key's name in the key bar or help */
    AT_OK,
    AT_WARN,
    AT_BAD,             /* losses, faults, disconnection */
    AT_SELECT,          /* the current step, a marked slot */
    AT_GROUP0,          /* + enum event_group: event colours */
    AT_DOM0 = AT_GROUP0 + G_NR,     /* + dom % 8: a domain's colour */
    AT_NR = AT_DOM0 + 8
};

enum glyph {
    GL_FULL,            /* full block: a used page, a busy slot */
    GL_LIGHT,           /* light shade: room up to a maximum */
    GL_SPARK0,          /* .. GL_SPARK0 + 7: sparkline steps, low to high */
    GL_ARROW = GL_SPARK0 + 8,       /* right arrow: from -> to */
    GL_UP,              /* up arrow: an index marker */
    GL_DOT,             /* middle dot: empty */
    GL_BULLET,          /* filled circle: "here" */
    GL_HLINE,
    GL_VLINE,
    GL_TARGET,          /* a target marker on a bar */
    GL_CORNER_TL,       /* box corners: top left, top right, */
    GL_CORNER_TR,
    GL_CORNER_BL,       /* bottom left, bottom right */
    GL_CORNER_BR,
    GL_NR
};

struct cell {
    uint32_t ch;
    uint8_t attr;
};

struct canvas {
    int w, h;
    bool unicode;       /* the terminal shows UTF-8 */
    struct cell *cells;
};

struct view {
    struct canvas *c;
    int x, y, w, h;
};

/* 0, or -1 if out of memory. Cells start blank. */
int canvas_init(struct canvas *c, int w, int h, bool unicode);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);

/* The whole canvas as a view. */
struct view canvas_view(struct canvas *c);

/* Row y as UTF-8 text, trailing blanks removed; returns the length. */
size_t canvas_row_text(const struct canvas *c, int y, char *buf, size_t size);

/* A rectangle of v (clipped to it). */
struct view view_sub(const struct view *v, int row, int col, int w, int h);

/* UTF-8 text at (row, col), clipped; returns the column after it. Control
 * bytes and malformed UTF-8 show as '?': input cannot move the cursor. */
int view_text(const struct view *v, int row, int col, int attr,
              const char *s);
int view_printf(const struct view *v, int row, int col, int attr,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* n copies of a glyph or a character from (row, col). */
void view_glyphs(const struct view *v, int row, int col, int n, int attr,
                 enum glyph g);
void view_fill(const struct view *v, int row, int col, int n, int attr,
               uint32_t ch);

/* A whole-width title bar: " name  info". */
void view_title(const struct view *v, int row, bool focused,
                const char *name, const char *info);

/* Word-wrapped text from row; returns the rows used (at most max_rows). */
int view_wrap(const struct view *v, int row, int col, int attr,
              const char *s, int max_rows);

/* One item of a row of items (counts, fields): after a space from col,
 * or, if it would not fit whole, at indent on the next row (*row moves).
 * Returns the column after it. A number is never cut this way. */
int view_flow(const struct view *v, int *row, int col, int indent, int attr,
              const char *item);

/* The rows view_wrap would take for s in width columns, unlimited. */
int wrap_rows(const char *s, int width);

/* A sparkline of n values at (row, col), scaled to the largest. */
void view_sparkline(const struct view *v, int row, int col,
                    const uint32_t *values, int n, int attr);

/* Compact numbers: 999, 1.2k, 34k, 5.6M. */
const char *fmt_count(uint64_t n, char *buf, size_t size);

/* The glyph as a code point for this canvas. */
uint32_t canvas_glyph(const struct canvas *c, enum glyph g);

#endif /* XENLAB_VIZ_CANVAS_H */

/*
 * canvas.c - drawing text and glyphs into a clipped grid of cells.
 *
 * Every write goes through put(), which drops anything outside the view:
 * a panel given a 1x1 rectangle, or a negative column, cannot corrupt its
 * neighbours. Text is decoded as UTF-8 here, once; bytes that are not
 * printable become '?', so trace data (domain names, console lines) can
 * never smuggle an escape sequence to the terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canvas.h"

static const uint32_t glyph_utf8[GL_NR] = {
    [GL_FULL] = 0x2588, [GL_LIGHT] = 0x2591,
    [GL_SPARK0] = 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587,
    0x2588,
    [GL_ARROW] = 0x2192, [GL_UP] = 0x2191, [GL_DOT] = 0x00b7,
    [GL_BULLET] = 0x25cf, [GL_HLINE] = 0x2500, [GL_VLINE] = 0x2502,
    [GL_TARGET] = 0x25bc, [GL_CORNER_TL] = 0x250c, [GL_CORNER_TR] = 0x2510,
    [GL_CORNER_BL] = 0x2514, [GL_CORNER_BR] = 0x2518,
};

static const uint32_t glyph_ascii[GL_NR] = {
    [GL_FULL] = '#', [GL_LIGHT] = '-',
    [GL_SPARK0] = '_', '.', ',', '-', '=', '+', '*', '#',
    [GL_ARROW] = '>', [GL_UP] = '^', [GL_DOT] = '.', [GL_BULLET] = '*',
    [GL_HLINE] = '-', [GL_VLINE] = '|', [GL_TARGET] = 'v',
    [GL_CORNER_TL] = '+', [GL_CORNER_TR] = '+', [GL_CORNER_BL] = '+', [GL_CORNER_BR] = '+',
};

int canvas_init(struct canvas *c, int w, int h, bool unicode)
{
    c->w = w > 0 ? w : 1;
    c->h = h > 0 ? h : 1;
    c->unicode = unicode;
    c->cells = calloc((size_t)c->w * c->h, sizeof(*c->cells));
    if (!c->cells)
        return -1;
    canvas_clear(c);
    return 0;
}

void canvas_free(struct canvas *c)
{
    free(c->cells);
    c->cells = NULL;
}

void canvas_clear(struct canvas *c)
{
    for (int i = 0; i < c->w * c->h; i++) {
        c->cells[i].ch = ' ';
        c->cells[i].attr = AT_NORMAL;
    }
}

struct view canvas_view(struct canvas *c)
{
    return (struct view){ c, 0, 0, c->w, c->h };
}

uint32_t canvas_glyph(const struct canvas *c, enum glyph g)
{
    return c->unicode ? glyph_utf8[g] : glyph_ascii[g];
}

static size_t put_utf8(uint32_t ch, char *out)
{
    if (ch < 0x80) {
        out[0] = (char)ch;
        return 1;
    }
    if (ch < 0x800) {
        out[0] = (char)(0xc0 | ch >> 6);
        out[1] = (char)(0x80 | (ch & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | ch >> 12);
    out[1] = (char)(0x80 | (ch >> 6 & 0x3f));
    out[2] = (char)(0x80 | (ch & 0x3f));
    return 3;
}

size_t canvas_row_text(const struct canvas *c, int y, char *buf, size_t size)
{
    size_t len = 0, keep = 0;

    if (size == 0)
        return 0;
    for (int x = 0; y >= 0 && y < c->h && x < c->w; x++) {
        char u[4];
        size_t n = put_utf8(c->cells[y * c->w + x].ch, u);

        if (len + n >= size)
            break;
        memcpy(buf + len, u, n);
        len += n;
        if (c->cells[y * c->w + x].ch != ' ')
            keep = len;
    }
    buf[keep] = '\0';
    return keep;
}

struct view view_sub(const struct view *v, int row, int col, int w, int h)
{
    struct view s = { v->c, v->x + col, v->y + row, w, h };

    if (col < 0) {
        s.w += col;
        s.x = v->x;
    }
    if (row < 0) {
        s.h += row;
        s.y = v->y;
    }
    if (s.x + s.w > v->x + v->w)
        s.w = v->x + v->w - s.x;
    if (s.y + s.h > v->y + v->h)
        s.h = v->y + v->h - s.y;
    if (s.w < 0)
        s.w = 0;
    if (s.h < 0)
        s.h = 0;
    return s;
}

static void put(const struct view *v, int row, int col, int attr, uint32_t ch)
{
    if (row < 0 || col < 0 || row >= v->h || col >= v->w)
        return;
    struct cell *cell = &v->c->cells[(v->y + row) * v->c->w + v->x + col];
    cell->ch = ch;
    cell->attr = (uint8_t)attr;
}

/* Next code point of s; printable or '?'. Advances *s. */
static uint32_t next_char(const char **s, bool unicode)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t ch;
    int more;

    if (p[0] < 0x80) {
        *s += 1;
        return p[0] >= 0x20 && p[0] < 0x7f ? p[0] : '?';
    }
    if ((p[0] & 0xe0) == 0xc0) {
        ch = p[0] & 0x1f;
        more = 1;
    } else if ((p[0] & 0xf0) == 0xe0) {
        ch = p[0] & 0x0f;
        more = 2;
    } else {
        *s += 1;
        return '?';
    }
    for (int i = 1; i <= more; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *s += i;
            return '?';
        }
        ch = ch << 6 | (p[i] & 0x3f);
    }
    *s += 1 + more;
    /* Overlong forms, C1 controls and surrogates are not text. */
    if (ch < 0xa0 || (ch >= 0xd800 && ch < 0xe000) || !unicode)
        return '?';
    return ch;
}

int view_text(const struct view *v, int row, int col, int attr, const char *s)
{
    while (*s) {
        uint32_t ch = next_char(&s, v->c->unicode);

        put(v, row, col++, attr, ch);
        if (col >= v->w)
            break;
    }
    return col;
}

int view_printf(const struct view *v, int row, int col, int attr,
                const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return view_text(v, row, col, attr, buf);
}

void view_fill(const struct view *v, int row, int col, int n, int attr,
               uint32_t ch)
{
    for (int i = 0; i < n; i++)
        put(v, row, col + i, attr, ch);
}

void view_glyphs(const struct view *v, int row, int col, int n, int attr,
                 enum glyph g)
{
    view_fill(v, row, col, n, attr, canvas_glyph(v->c, g));
}

void view_title(const struct view *v, int row, bool focused, const char *name,
                const char *info)
{
    int attr = focused ? AT_TITLE_FOCUS : AT_TITLE;
    int col;

    view_fill(v, row, 0, v->w, attr, ' ');
    col = view_text(v, row, 1, attr, name);
    if (info && *info)
        view_text(v, row, col + 2, attr, info);
}

int view_flow(const struct view *v, int *row, int col, int indent, int attr,
              const char *item)
{
    int len = (int)strlen(item);

    if (col > indent && col + 1 + len > v->w) {
        (*row)++;
        col = indent - 1;
    }
    return view_text(v, *row, col + 1, attr, item);
}

/* Where view_wrap ends a line of s in width columns: at the last space
 * of the second half of the line, or at the width. */
static int wrap_cut(const char *s, int width)
{
    int len = (int)strlen(s), cut = len;

    if (len > width) {
        cut = width;
        for (int i = width; i > width / 2; i--)
            if (s[i] == ' ') {
                cut = i;
                break;
            }
    }
    return cut;
}

int wrap_rows(const char *s, int width)
{
    int rows = 0;

    if (width < 1)
        return 0;
    while (*s) {
        s += wrap_cut(s, width);
        while (*s == ' ')
            s++;
        rows++;
    }
    return rows;
}

int view_wrap(const struct view *v, int row, int col, int attr, const char *s,
              int max_rows)
{
    int width = v->w - col, used = 0;

    if (width < 1)
        return 0;
    while (*s && used < max_rows) {
        int cut = wrap_cut(s, width);
        char line[512];

        if (cut > (int)sizeof(line) - 1)
            cut = (int)sizeof(line) - 1;
        memcpy(line, s, (size_t)cut);
        line[cut] = '\0';
        view_text(v, row + used++, col, attr, line);
        s += cut;
        while (*s == ' ')
            s++;
    }
    return used;
}

void view_sparkline(const struct view *v, int row, int col,
                    const uint32_t *values, int n, int attr)
{
    uint32_t top = 0;

    for (int i = 0; i < n; i++)
        if (values[i] > top)
            top = values[i];
    for (int i = 0; i < n; i++) {
        enum glyph g = GL_SPARK0;

        if (values[i] && top)
            g = GL_SPARK0 + (int)(((uint64_t)values[i] * 7 + top - 1) / top);
        /* A zero is the lowest step, dimmed: "nothing", not "no data". */
        put(v, row, col + i, values[i] ? attr : AT_DIM, canvas_glyph(v->c, g));
    }
}

const char *fmt_count(uint64_t n, char *buf, size_t size)
{
    if (n < 1000)
        snprintf(buf, size, "%llu", (unsigned long long)n);
    else if (n < 10000)
        snprintf(buf, size, "%.1fk", n / 1000.0);
    else if (n < 1000000)
        snprintf(buf, size, "%lluk", (unsigned long long)(n / 1000));
    else if (n < 10000000)
        snprintf(buf, size, "%.1fM", n / 1e6);
    else
        snprintf(buf, size, "%lluM", (unsigned long long)(n / 1000000));
    return buf;
}

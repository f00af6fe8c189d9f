/*
 * screen.c - ncurses under the canvas.
 *
 * Two tables say what each attribute looks like: one in colour, one in
 * monochrome. Colour is used when the terminal has it and neither NO_COLOR
 * (no-color.org) nor --mono asks otherwise. The terminal is opened on
 * /dev/tty, not stdin, so `hvviz -` can read a trace from a pipe while the
 * student types.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <langinfo.h>
#include <locale.h>
#include <ncursesw/curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include "screen.h"

static const struct {
    short fg, bg;
    attr_t extra;
} colour_of[AT_NR] = {
    [AT_NORMAL] = { -1, -1, 0 },
    [AT_DIM] = { -1, -1, A_DIM },
    [AT_BOLD] = { -1, -1, A_BOLD },
    [AT_TITLE] = { COLOR_BLACK, COLOR_CYAN, 0 },
    [AT_TITLE_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
    [AT_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
    [AT_KEYS] = { COLOR_BLACK, COLOR_CYAN, 0 },
    [AT_KEY] = { COLOR_WHITE, COLOR_BLACK, A_BOLD },
    [AT_OK] = { COLOR_GREEN, -1, A_BOLD },
    [AT_WARN] = { COLOR_YELLOW, -1, A_BOLD },
    [AT_BAD] = { COLOR_WHITE, COLOR_RED, A_BOLD },
    [AT_SELECT] = { COLOR_YELLOW, -1, A_BOLD },
    [AT_GROUP0 + G_META] = { COLOR_WHITE, -1, A_BOLD },
    [AT_GROUP0 + G_BOOT] = { COLOR_CYAN, -1, 0 },
    [AT_GROUP0 + G_FAULT] = { COLOR_RED, -1, A_BOLD },
    [AT_GROUP0 + G_RING] = { COLOR_MAGENTA, -1, 0 },
    [AT_GROUP0 + G_HYPERCALL] = { COLOR_GREEN, -1, 0 },
    [AT_GROUP0 + G_SCHED] = { COLOR_BLUE, -1, A_BOLD },
    [AT_GROUP0 + G_MEM] = { COLOR_YELLOW, -1, 0 },
    [AT_GROUP0 + G_IO] = { COLOR_CYAN, -1, A_BOLD },
    [AT_GROUP0 + G_HVM] = { COLOR_MAGENTA, -1, A_BOLD },
    [AT_GROUP0 + G_DEBUG] = { COLOR_RED, -1, 0 },
    [AT_GROUP0 + G_LESSON] = { COLOR_GREEN, -1, A_BOLD },
    [AT_DOM0 + 0] = { COLOR_CYAN, -1, 0 },
    [AT_DOM0 + 1] = { COLOR_GREEN, -1, 0 },
    [AT_DOM0 + 2] = { COLOR_YELLOW, -1, 0 },
    [AT_DOM0 + 3] = { COLOR_MAGENTA, -1, 0 },
    [AT_DOM0 + 4] = { COLOR_BLUE, -1, A_BOLD },
    [AT_DOM0 + 5] = { COLOR_RED, -1, 0 },
    [AT_DOM0 + 6] = { COLOR_WHITE, -1, A_BOLD },
    [AT_DOM0 + 7] = { COLOR_CYAN, -1, A_BOLD },
};

static const attr_t mono_of[AT_NR] = {
    [AT_DIM] = A_DIM,
    [AT_BOLD] = A_BOLD,
    [AT_TITLE] = A_REVERSE,
    [AT_TITLE_FOCUS] = A_REVERSE | A_BOLD | A_UNDERLINE,
    [AT_STATUS] = A_REVERSE,
    [AT_KEYS] = A_REVERSE,
    [AT_KEY] = A_BOLD,
    [AT_OK] = A_BOLD,
    [AT_WARN] = A_BOLD,
    [AT_BAD] = A_BOLD | A_REVERSE,
    [AT_SELECT] = A_BOLD | A_UNDERLINE,
    [AT_GROUP0 + G_META] = A_BOLD,
    [AT_GROUP0 + G_FAULT] = A_BOLD,
    [AT_GROUP0 + G_LESSON] = A_BOLD,
};

static SCREEN *scr;
static FILE *tty_in, *tty_out;
static bool use_colour;
static attr_t look[AT_NR];
static short pair_of[AT_NR];
static struct canvas shown;     /* what the terminal shows now */

int screen_open(bool mono, char *err, size_t errlen)
{
    const char *no_color = getenv("NO_COLOR");

    setlocale(LC_ALL, "");
    tty_in = fopen("/dev/tty", "r");
    tty_out = fopen("/dev/tty", "w");
    if (!tty_in || !tty_out) {
        snprintf(err, errlen, "no terminal to draw on (/dev/tty); use --dump or --stats");
        return -1;
    }
    scr = newterm(NULL, tty_out, tty_in);
    if (!scr) {
        snprintf(err, errlen, "cannot start curses on this terminal (TERM=%s)",
                 getenv("TERM") ? getenv("TERM") : "unset");
        return -1;
    }
    set_term(scr);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    use_colour = !mono && !(no_color && *no_color) && has_colors();
    if (use_colour) {
        start_color();
        use_default_colors();
        for (int a = 0; a < AT_NR; a++) {
            pair_of[a] = (short)(a + 1);
            init_pair(pair_of[a], colour_of[a].fg, colour_of[a].bg);
            look[a] = colour_of[a].extra;
        }
    } else {
        for (int a = 0; a < AT_NR; a++)
            look[a] = mono_of[a];
    }
    memset(&shown, 0, sizeof(shown));
    return 0;
}

void screen_close(void)
{
    if (!scr)
        return;
    endwin();
    delscreen(scr);
    scr = NULL;
    canvas_free(&shown);
    fclose(tty_in);
    fclose(tty_out);
}

void screen_size(int *w, int *h)
{
    getmaxyx(stdscr, *h, *w);
}

bool screen_unicode(void)
{
    const char *cs = nl_langinfo(CODESET);

    return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int screen_input_fd(void)
{
    return fileno(tty_in);
}

int screen_key(void)
{
    int k = getch();

    return k == ERR ? -1 : k;
}

void screen_show(const struct canvas *c)
{
    bool full = !shown.cells || shown.w != c->w || shown.h != c->h;

    if (full) {
        canvas_free(&shown);
        if (canvas_init(&shown, c->w, c->h, c->unicode) < 0)
            return;
        clearok(stdscr, TRUE);
    }
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++) {
            const struct cell *cell = &c->cells[y * c->w + x];
            struct cell *old = &shown.cells[y * c->w + x];
            wchar_t wc[2] = { (wchar_t)cell->ch, 0 };
            cchar_t cc;

            if (!full && old->ch == cell->ch && old->attr == cell->attr)
                continue;
            *old = *cell;
            setcchar(&cc, wc, look[cell->attr], use_colour ? pair_of[cell->attr] : 0,
                     NULL);
            /* The bottom-right cell cannot be written without scrolling
             * on some terminals; curses handles it with insert. */
            if (y == c->h - 1 && x == c->w - 1)
                mvins_wch(y, x, &cc);
            else
                mvadd_wch(y, x, &cc);
        }
    refresh();
}

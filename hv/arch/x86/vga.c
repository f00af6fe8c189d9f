/*
 * vga.c - the console on a PC's screen (VGA text mode, 80x25).
 *
 * For the class demo on a spare PC there may be no serial cable: the same
 * console lines appear on the monitor. Under QEMU with no display it is
 * written and never seen, which costs nothing.
 */
#include <hv/console.h>
#include <klib.h>
#include <hv/page.h>
#include "x86.h"

#define VGA_COLS    80
#define VGA_ROWS    25
#define VGA_ATTR    0x0700      /* light grey on black */

static uint16_t *const screen = (uint16_t *)(DIRECTMAP_START + 0xb8000);
static unsigned int row, col;

static void scroll(void)
{
    memmove(screen, screen + VGA_COLS,
            (VGA_ROWS - 1) * VGA_COLS * sizeof(*screen));
    for (unsigned int c = 0; c < VGA_COLS; c++)
        screen[(VGA_ROWS - 1) * VGA_COLS + c] = VGA_ATTR | ' ';
    row = VGA_ROWS - 1;
}

static void vga_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n' || col == VGA_COLS) {
            col = 0;
            if (++row == VGA_ROWS)
                scroll();
            if (s[i] == '\n')
                continue;
        }
        screen[row * VGA_COLS + col++] = VGA_ATTR | (uint8_t)s[i];
    }
}

static const struct console_sink vga_sink = { vga_write };

void vga_init(void)
{
    for (unsigned int i = 0; i < VGA_COLS * VGA_ROWS; i++)
        screen[i] = VGA_ATTR | ' ';
    row = col = 0;
    console_add_sink(&vga_sink);
}

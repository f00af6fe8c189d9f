/*
 * keyboard.c - the PC keyboard, for a class demo on a spare PC.
 *
 * Under QEMU the student moves a lesson on from the visualizer, which
 * sends "advance" over COM2. A spare PC booted from the ISO has no
 * visualizer attached: there, n, space or Enter on the PC's own keyboard
 * releases the checkpoint the lesson waits at.
 *
 * The i8042 controller is polled from the idle loop (a lesson waiting at
 * a checkpoint leaves the CPU idle), never by interrupt: its IRQ stays
 * masked. Scancodes are set 1, as the controller translates them after
 * the BIOS; key releases and mouse bytes are ignored.
 */
#include <hv/lesson.h>
#include "x86.h"

#define I8042_DATA      0x60
#define I8042_STATUS    0x64
#define STATUS_FULL     0x01            /* a byte waits in DATA */
#define STATUS_AUX      0x20            /* ... and it is the mouse's */

#define SC_ENTER        0x1c
#define SC_N            0x31
#define SC_SPACE        0x39
#define SC_RELEASE      0x80

void keyboard_poll(void)
{
    for (int i = 0; i < 16; i++) {
        uint8_t status = inb(I8042_STATUS), sc;

        if (!(status & STATUS_FULL))
            return;
        sc = inb(I8042_DATA);
        if (status & STATUS_AUX || sc & SC_RELEASE)
            continue;
        if (sc == SC_N || sc == SC_SPACE || sc == SC_ENTER)
            lesson_advance();
    }
}

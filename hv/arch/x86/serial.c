/*
 * serial.c - the 16550 UARTs: COM1 console, COM2 trace, COM3 debugger,
 * COM4 control lines from scripts.
 *
 * Polled output: we wait for "transmit holding register empty" before
 * each byte. Under QEMU this is also what makes the trace lossless: when
 * the reader falls behind, QEMU keeps the register full and we wait,
 * instead of the byte being dropped. On a PC without the port, LSR reads
 * as 0xFF ("empty") and bytes go nowhere, so we never hang.
 */
#include <hv/console.h>
#include <hv/control.h>
#include <hv/gdbstub.h>
#include <hv/trace.h>
#include "x86.h"

#define COM1 0x3f8
#define COM2 0x2f8
#define COM3 0x3e8
#define COM4 0x2e8

#define UART_THR 0      /* transmit holding register */
#define UART_IER 1      /* interrupt enable */
#define UART_FCR 2      /* FIFO control */
#define UART_LCR 3      /* line control */
#define UART_MCR 4      /* modem control */
#define UART_LSR 5      /* line status */
#define UART_DLL 0      /* divisor latch, when LCR.DLAB */
#define UART_DLM 1
#define LSR_DR   0x01   /* data ready */
#define LSR_THRE 0x20

static void uart_init(uint16_t base)
{
    outb(base + UART_IER, 0x00);
    outb(base + UART_LCR, 0x80);        /* DLAB: set the divisor */
    outb(base + UART_DLL, 1);           /* 115200 baud */
    outb(base + UART_DLM, 0);
    outb(base + UART_LCR, 0x03);        /* 8 bits, no parity, 1 stop */
    outb(base + UART_FCR, 0x07);        /* FIFOs on and cleared */
    outb(base + UART_MCR, 0x03);        /* DTR, RTS */
}

static void uart_putc(uint16_t base, uint8_t c)
{
    while (!(inb(base + UART_LSR) & LSR_THRE))
        ;
    outb(base + UART_THR, c);
}

static void com1_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            uart_putc(COM1, '\r');
        uart_putc(COM1, (uint8_t)s[i]);
    }
}

static void com2_write(const uint8_t *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        uart_putc(COM2, bytes[i]);
}

/* Bytes waiting on a port (at most max); a missing port reads as 0xFF
 * everywhere, which is "no data", not an endless stream of 0xFF. */
static size_t uart_read(uint16_t base, uint8_t *buf, size_t max)
{
    size_t n = 0;

    if (inb(base + UART_LSR) == 0xff)
        return 0;
    while (n < max && (inb(base + UART_LSR) & LSR_DR))
        buf[n++] = inb(base + UART_THR);
    return n;
}

/*
 * Input, polled from the tick and the idle loop: keys typed on the
 * console (COM1) and control lines from a trace reader (COM2).
 */
void serial_poll(void)
{
    uint8_t buf[16];
    size_t n;

    n = uart_read(COM1, buf, sizeof(buf));
    for (size_t i = 0; i < n; i++)
        console_input((char)buf[i]);
    n = uart_read(COM2, buf, sizeof(buf));
    if (n)
        control_feed(0, buf, n);
    n = uart_read(COM4, buf, sizeof(buf));
    if (n)
        control_feed(1, buf, n);
    n = uart_read(COM3, buf, sizeof(buf));
    gdb_rx(buf, n);                 /* also when none came: it keeps watch */
}

static void com4_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        uart_putc(COM4, (uint8_t)s[i]);
}

void serial_debug_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        uart_putc(COM3, (uint8_t)s[i]);
}

static const struct console_sink com1_sink = { com1_write };
static const struct trace_sink com2_sink = { com2_write };

void serial_init(void)
{
    uart_init(COM1);
    uart_init(COM2);
    uart_init(COM3);
    uart_init(COM4);
    console_add_sink(&com1_sink);
    control_set_reply(1, com4_write);
    trace_set_sink(&com2_sink);
}

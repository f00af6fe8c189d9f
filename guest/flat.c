/*
 * flat.c - start of day and serial output for unmodified kernels (flat.h).
 */
#include "flat.h"
#include "port_io.h"

#define COM1    0x3f8

__asm__(".section .text.start, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "    mov $0x180000, %esp\n"     /* FLAT_STACK_TOP */
        "    call kernel_main\n"
        "1:  cli\n"                     /* nothing left to do: halt for good */
        "    hlt\n"
        "    jmp 1b\n"
        ".text\n");

_Static_assert(FLAT_STACK_TOP == 0x180000u, "_start's stack");

void com1_putc(char c)
{
    while (!(inb(COM1 + 5) & 0x20))     /* line status: ready to send? */
        ;
    outb(COM1, (uint8_t)c);
}

void com1_puts(const char *s)
{
    while (*s)
        com1_putc(*s++);
}

void com1_put_dec(uint64_t v)
{
    char buf[24];
    int n = 0;

    do
        buf[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        com1_putc(buf[--n]);
}

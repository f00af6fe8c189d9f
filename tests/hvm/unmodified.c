/*
 * unmodified.c - a kernel that does not know it is virtualized.
 *
 * No hypercalls, no Xen ABI: it starts in protected mode at 1 MB with
 * paging off, as a boot loader would leave it, and uses the machine the
 * way any small kernel does - a serial port (COM1) for output, cpuid to
 * ask what it runs on, and memory. Under xenlab's SVM (hvm.h) each of
 * those is a VM exit or a nested page fault; the guest cannot tell.
 */
#include <stdint.h>
#include "guest/port_io.h"

#define COM1        0x3f8
#define TOUCH_BASE  0x200000u           /* 2 MB: above the image and stack */
#define TOUCH_PAGES 256                 /* 1 MB of memory it has not used */

__asm__(".section .text.start, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "    mov $0x180000, %esp\n"     /* a stack below 1.5 MB */
        "    call kernel_main\n"
        "1:  cli\n"
        "    hlt\n"
        "    jmp 1b\n"
        ".text\n");

static void putc_serial(char c)
{
    while (!(inb(COM1 + 5) & 0x20))     /* wait until it can send */
        ;
    outb(COM1, (uint8_t)c);
}

static void puts_serial(const char *s)
{
    while (*s)
        putc_serial(*s++);
}

static void put_hex(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4)
        putc_serial("0123456789abcdef"[(v >> i) & 15]);
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

void kernel_main(void);
void kernel_main(void)
{
    uint32_t r[4], sig[4] = { 0 }, bad = 0;

    puts_serial("hello from an unmodified kernel, in ring 0 of a machine of its own\n");
    cpuid(1, r);
    puts_serial(r[2] & (1u << 31) ? "cpuid: a hypervisor is underneath: "
                                  : "cpuid: no hypervisor bit\n");
    if (r[2] & (1u << 31)) {
        cpuid(0x40000000u, r);
        sig[0] = r[1];
        sig[1] = r[2];
        sig[2] = r[3];
        puts_serial((const char *)sig);
        putc_serial('\n');
    }
    /* Memory nobody has given a machine frame yet: each first touch of a
     * page is a nested page fault the guest never sees. */
    for (uint32_t i = 0; i < TOUCH_PAGES; i++)
        *(volatile uint32_t *)(TOUCH_BASE + i * 4096) = 0x5eed0000u + i;
    for (uint32_t i = 0; i < TOUCH_PAGES; i++)
        bad += *(volatile uint32_t *)(TOUCH_BASE + i * 4096) != 0x5eed0000u + i;
    /* Then read it all again, many times over: long enough for the
     * hypervisor's timer to take the CPU away now and then. */
    for (uint32_t pass = 0; pass < 24; pass++)
        for (uint32_t i = 0; i < TOUCH_PAGES * 1024; i++)
            bad += ((volatile uint32_t *)TOUCH_BASE)[i] != ((i & 1023) ? 0 : 0x5eed0000u + i / 1024);
    puts_serial("touched ");
    put_hex(TOUCH_PAGES);
    puts_serial(" new pages, ");
    put_hex(bad);
    puts_serial(" wrong\n");
    puts_serial(bad ? "Test result: FAILURE: memory did not keep its words\n"
                    : "Test result: SUCCESS: an unmodified kernel ran under SVM\n");
}

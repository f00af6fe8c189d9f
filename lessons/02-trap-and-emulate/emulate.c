/*
 * emulate.c - lesson 02: the same work done two ways.
 *
 * Before paravirtualization, a hypervisor ran an unmodified kernel and
 * caught each privileged instruction as it trapped ("trap and emulate").
 * It works, but every such instruction costs a trip into ring 0 and back.
 * A paravirtual kernel asks once, with a hypercall, or avoids the
 * hypervisor entirely (the event mask is a plain memory write).
 *
 * This guest turns on xenlab's classic mode for itself (XENLAB_trap_emulate)
 * and then does each job both ways, timing them with rdtsc:
 *   - writing a line to a 16550 UART with out/in, one byte at a time,
 *     versus one console_io hypercall;
 *   - turning interrupts off and on with cli/sti, versus writing the
 *     event mask in shared_info.
 */
#include "guest/libguest.h"
#include "guest/port_io.h"

#define LESSON 2
#define ROUNDS 200
#define COM1 0x3f8

enum { MARK_UART_CLASSIC = 1, MARK_UART_PV, MARK_CLI_CLASSIC, MARK_CLI_PV };

/* No newline: the hypervisor prints a guest's console line when it ends,
 * and printing is not what we time. */
static const char line[] = "hello through the emulated UART.";

/* What a native kernel's serial driver does for each byte. */
static void uart_puts(const char *s)
{
    for (; *s; s++) {
        while (!(inb(COM1 + 5) & 0x20))
            ;
        outb(COM1, (uint8_t)*s);
    }
}

void guest_main(void)
{
    uint64_t t0, classic, pv;
    unsigned int n = sizeof(line) - 1;

    guest_checkpoint(LESSON, 1);
    printf("Step 1: classic mode on: privileged instructions are trapped and "
           "emulated\n");
    HYPERVISOR_xenlab_op(XENLAB_trap_emulate, 1, 0, 0, 0);

    guest_checkpoint(LESSON, 2);
    t0 = rdtsc();
    uart_puts(line);
    classic = rdtsc() - t0;
    printf("\n");                       /* ends the line: now it prints */
    printf("Step 2: %u bytes through the UART: %u in + %u out traps, "
           "%llu cycles\n", n, n, n, (unsigned long long)classic);
    guest_mark(LESSON, MARK_UART_CLASSIC, (uint32_t)classic, n);

    guest_checkpoint(LESSON, 3);
    t0 = rdtsc();
    HYPERVISOR_console_io(CONSOLEIO_write, (int)n, (char *)line);
    pv = rdtsc() - t0;
    printf("\n");
    printf("Step 3: the same bytes with one console_io hypercall: "
           "%llu cycles (%llu times cheaper)\n", (unsigned long long)pv,
           (unsigned long long)(pv ? classic / pv : 0));
    guest_mark(LESSON, MARK_UART_PV, (uint32_t)pv, n);

    guest_checkpoint(LESSON, 4);
    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++)
        __asm__ volatile("cli; sti" ::: "memory");
    classic = rdtsc() - t0;
    printf("Step 4: %u x cli+sti, each trapped and emulated: %llu cycles\n",
           ROUNDS, (unsigned long long)classic);
    guest_mark(LESSON, MARK_CLI_CLASSIC, (uint32_t)classic, ROUNDS);

    guest_checkpoint(LESSON, 5);
    t0 = rdtsc();
    for (int i = 0; i < ROUNDS; i++) {
        guest_events_disable();
        guest_events_enable();
    }
    pv = rdtsc() - t0;
    printf("Step 5: %u x event mask off+on in shared_info: %llu cycles, "
           "no trap (%llu times cheaper)\n", ROUNDS, (unsigned long long)pv,
           (unsigned long long)(pv ? classic / pv : 0));
    guest_mark(LESSON, MARK_CLI_PV, (uint32_t)pv, ROUNDS);

    guest_checkpoint(LESSON, 6);
    HYPERVISOR_xenlab_op(XENLAB_trap_emulate, 0, 0, 0, 0);
    guest_exit(RESULT_SUCCESS, "lesson 2 done");
}

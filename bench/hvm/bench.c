/*
 * bench.c - what a VM exit costs, from inside an unmodified kernel.
 *
 * A flat kernel like lesson 12's (no Xen ABI), timing with rdtsc, which
 * SVM lets it run without an exit. Under QEMU -icount shift=0,sleep=off
 * rdtsc counts instructions - the guest's and the hypervisor's on the
 * way out and back - so the figures are exact. bench/hvm.sh puts them
 * beside a PV null hypercall (bench/pv):
 *
 *   cpuid     a cpuid the hypervisor answers: exit, handler, VMRUN
 *   ioio      an out to an unused port (0x80): exit, decoded, ignored
 *   npf       the first touch of a page: a nested page fault, a frame
 *             given and the access done again
 *
 * Each figure is the best of several rounds, per operation, with the
 * cost of an empty loop taken away. Results are "bench: NAME VALUE"
 * lines on COM1 (guest/flat.c).
 */
#include <stdint.h>
#include "guest/flat.h"
#include "guest/port_io.h"

#define N       1000
#define ROUNDS  7
#define PAGES   256
#define FRESH   0x200000u               /* 2 MB up: pages never touched */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static void report(const char *name, uint64_t v)
{
    com1_puts("bench: ");
    com1_puts(name);
    com1_putc(' ');
    com1_put_dec(v);
    com1_putc('\n');
}

enum op { NOTHING, CPUID, IOIO };

static uint64_t per_op(enum op op)
{
    uint64_t best = ~0ull;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = rdtsc();

        for (int i = 0; i < N; i++) {
            uint32_t a = 0x40000000u, b, c = 0, d;

            if (op == CPUID)
                __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
            else if (op == IOIO)
                outb(0x80, 0);
            else
                __asm__ volatile("" : "+a"(a) : : "memory");
        }
        t0 = rdtsc() - t0;
        if (t0 < best)
            best = t0;
    }
    return best / N;
}

/* Each fresh page once: the nested page fault and the store. */
static uint64_t first_touch(void)
{
    uint64_t t0 = rdtsc();

    for (uint32_t i = 0; i < PAGES; i++)
        *(volatile uint32_t *)(FRESH + i * 4096) = i;
    return (rdtsc() - t0) / PAGES;
}

/* The same stores again: the pages have frames now. */
static uint64_t touch_again(void)
{
    uint64_t t0 = rdtsc();

    for (uint32_t i = 0; i < PAGES; i++)
        *(volatile uint32_t *)(FRESH + i * 4096) = i + 1;
    return (rdtsc() - t0) / PAGES;
}

void kernel_main(void)
{
    uint64_t nothing = per_op(NOTHING), npf = first_touch(), again = touch_again();

    report("cpuid", per_op(CPUID) - nothing);
    report("ioio", per_op(IOIO) - nothing);
    report("npf", npf - again);
    com1_puts("bench: done\n");
}

/*
 * time.c - how fast the time stamp counter runs.
 *
 * Trace records carry TSC values; readers turn them into seconds with the
 * rate measured here: count TSC ticks while the PIT (a 1.193182 MHz
 * counter every PC has) counts down 10 ms. Under QEMU -icount both clocks
 * advance with instructions, so costs come out instruction-exact.
 */
#include "x86.h"
#include <hv/arch.h>

#define PIT_HZ          1193182u
#define PIT_CH2         0x42
#define PIT_MODE        0x43
#define PIT_GATE        0x61        /* bit 0 gate, bit 5 channel 2 output */
#define CALIBRATE_MS    10

static uint32_t tsc_khz;

uint32_t time_calibrate_tsc(void)
{
    uint16_t latch = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t t0, t1;
    unsigned long spins = 0;

    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);
    outb(PIT_MODE, 0xb0);           /* channel 2, lo/hi byte, mode 0 */
    outb(PIT_CH2, latch & 0xff);
    outb(PIT_CH2, latch >> 8);

    t0 = arch_rdtsc();
    while (!(inb(PIT_GATE) & 0x20))
        if (++spins == 100000000ul)
            return 0;               /* no PIT: rate unknown */
    t1 = arch_rdtsc();
    tsc_khz = (uint32_t)((t1 - t0) / CALIBRATE_MS);
    return tsc_khz;
}

void time_delay_us(uint32_t us)
{
    uint64_t end = arch_rdtsc() + (uint64_t)us * (tsc_khz ? tsc_khz : 1000000) / 1000;

    while (arch_rdtsc() < end)
        __asm__ volatile("pause");
}

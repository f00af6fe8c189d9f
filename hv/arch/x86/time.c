/*
 * time.c - how fast the time stamp counter runs.
 *
 * Trace records carry TSC values; readers turn them into seconds with the
 * rate measured here: count TSC ticks while the PIT (a 1.193182 MHz
 * counter every PC has) counts down 10 ms. Under QEMU -icount both clocks
 * advance with instructions, so costs come out instruction-exact.
 *
 * The PIT's channel 0 then ticks 1000 times a second on IRQ 0: the
 * scheduler's time slices, the vCPUs' timers, and the moments at which
 * the trace moves out and input is read while guests run.
 *
 * A long hypercall runs with interrupts off and asks every few dozen
 * entries whether a tick is waiting (arch_tick_pending, hypercall.h).
 * Only the PIC knows for sure, but asking it is a port read: a
 * microsecond on a real PC, as long as a dozen page-table updates. So
 * each tick notes, in TSC units, when the next one is nearly due (90% of
 * a period: a tick handled late leaves less until the next), and the PIC
 * is asked only from then on; reading the TSC costs a few cycles.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/lesson.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/trace.h>
#include "x86.h"

#define PIT_HZ          1193182u
#define PIT_CH2         0x42
#define PIT_MODE        0x43
#define PIT_GATE        0x61        /* bit 0 gate, bit 5 channel 2 output */
#define CALIBRATE_MS    10
#define PIT_CH0         0x40
#define TIMER_HZ        1000
/*
 * Moving the trace out through a UART costs two port accesses per byte,
 * each a trip into QEMU: it would steal most of every tick from the
 * guests and spoil what they measure. So while guests run, the tick only
 * drains when the ring is filling up; the idle loop and lesson
 * checkpoints drain the rest.
 */
#define TICK_DRAIN_ABOVE 50         /* percent full */
#define TICK_DRAIN      64          /* records per tick when above it */

static uint32_t tsc_khz;
static uint64_t tick_watch_tsc;     /* from when to ask the PIC; 0: now */

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

void timer_init(void)
{
    uint16_t divisor = PIT_HZ / TIMER_HZ;

    outb(PIT_MODE, 0x34);           /* channel 0, lo/hi byte, rate generator */
    outb(PIT_CH0, divisor & 0xff);
    outb(PIT_CH0, divisor >> 8);
    i8259_unmask(0);
}

bool arch_tick_pending(void)
{
    return arch_rdtsc() >= tick_watch_tsc && i8259_pending(0);
}

void timer_interrupt(struct cpu_user_regs *regs)
{
    uint64_t now = time_now_ns();

    tick_watch_tsc = arch_rdtsc() + tsc_khz * 900ull / TIMER_HZ;
    i8259_eoi(0);
    sched_tick(now);
    lesson_tick(now);
    if (current)
        time_update_vcpu(current);
    if (trace_backlog_percent() > TICK_DRAIN_ABOVE)
        trace_drain(TICK_DRAIN);
    serial_poll();
}

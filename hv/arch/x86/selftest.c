/*
 * selftest.c - the hypervisor exercising itself, for tests and demos.
 *
 * selftest=KIND on the command line, after boot:
 *
 *   ud bp de pf gp df   fault on purpose (invalid opcode, breakpoint,
 *                       divide error, page fault, general protection,
 *                       double fault): what a broken hypervisor looks
 *                       like - a trace record, a register dump, a stop
 *   idle                stay up, answering trace control lines, with a
 *                       heartbeat (lesson.mark what=1) every 100 ms
 *   flood               record events as fast as possible, forever: more
 *                       than COM2 can carry, so LOST records appear
 *   lesson              walk three checkpoints of "lesson 0", each
 *                       waiting for "advance" (or lesson_auto), then stop
 *
 * The events of flood and idle are synthetic and say so: each begins
 * with a lesson.mark whose lesson number is 0.
 */
#include <hv/console.h>
#include <hv/lesson.h>
#include <klib.h>
#include <hv/trace.h>
#include <public/xenlab.h>
#include "x86.h"

#define MARK_HEARTBEAT  1
#define MARK_FLOOD      2

/* One round of the idle loop: move some trace out, read control lines. */
static void idle_once(unsigned int drain)
{
    trace_drain(drain);
    serial_poll();
}

static void __attribute__((noreturn)) idle_forever(void)
{
    uint32_t beats = 0;

    printk("selftest: idling; the trace line takes control commands\n");
    for (;;) {
        TRACE(TRC_XL_LESSON_MARK, 0, MARK_HEARTBEAT, beats++);
        for (int i = 0; i < 100; i++) {
            idle_once(64);
            time_delay_us(1000);
        }
    }
}

/* A mix of every event class, so each panel of hvviz has work to do. */
static void __attribute__((noreturn)) flood_forever(void)
{
    uint32_t i = 0;

    printk("selftest: flooding the trace with synthetic events\n");
    TRACE(TRC_XL_LESSON_MARK, 0, MARK_FLOOD, 0);
    for (;; i++) {
        uint16_t dom = (uint16_t)(i % 3);

        trace_event_dom(TRC_XL_RING_TRANSITION, dom, 0,
                        (const uint32_t[]){ 1, 0, RING_HYPERCALL, 0x82,
                                            0xc0001000 + i % 64 }, 5);
        trace_event_dom(TRC_PV_HYPERCALL, dom, 0,
                        (const uint32_t[]){ i % 40, 0, i, 0, 0, 0, 0 }, 7);
        trace_event_dom(TRC_XL_RING_TRANSITION, dom, 0,
                        (const uint32_t[]){ 0, 1, RING_IRET, 0x82,
                                            0xc0001000 + i % 64 }, 5);
        if (i % 8 == 0)
            trace_event_dom(TRC_XL_TLB_FLUSH, dom, 0,
                            (const uint32_t[]){ 1 + i / 8 % 7, 1 + i % 3,
                                                0, dom }, 4);
        if (i % 16 == 0)
            trace_event_dom(TRC_XL_BALLOON_STEP, dom, 0,
                            (const uint32_t[]){ dom, i / 16 % 2, 16,
                                                1000 + i % 512, 5000, 1200,
                                                2048 }, 7);
        if (i % 4 == 0)
            trace_event_dom(TRC_XL_IORING_OP, dom, 0,
                            (const uint32_t[]){ dom << 16, i, i - 1, i - 2,
                                                i - 3, 1 + i / 4 % 5, 32 }, 7);
        if (i % 32 == 0)
            trace_event_dom(TRC_SCHED_SWITCH, DOMID_IDLE, 0,
                            (const uint32_t[]){ dom, 0, (dom + 1u) % 3, 0 },
                            4);
        idle_once(2);   /* drains less than it records: the ring fills */
    }
}

static void lesson_walk(void)
{
    printk("selftest: lesson 0, three checkpoints\n");
    for (uint32_t step = 1; step <= 3; step++) {
        if (!lesson_checkpoint(DOMID_IDLE, 0, step)) {
            printk("selftest: waiting at step %u for \"advance\"\n", step);
            while (lesson_waiting())
                idle_once(64);
        }
        printk("selftest: step %u done\n", step);
    }
}

void selftest(const char *kind)
{
    if (!strcmp(kind, "idle"))
        idle_forever();
    if (!strcmp(kind, "flood"))
        flood_forever();
    if (!strcmp(kind, "lesson")) {
        lesson_walk();
        return;
    }
    printk("selftest: causing a %s exception on purpose\n", kind);
    if (!strcmp(kind, "ud"))
        __asm__ volatile("ud2");
    else if (!strcmp(kind, "bp"))
        __asm__ volatile("int3");
    else if (!strcmp(kind, "de"))
        __asm__ volatile("xor %%ecx, %%ecx; div %%ecx" : : : "eax", "ecx", "edx");
    else if (!strcmp(kind, "pf"))
        (void)*(volatile uint32_t *)(uintptr_t)0x1000;   /* unmapped */
    else if (!strcmp(kind, "gp"))
        __asm__ volatile("mov %0, %%ds" : : "r"(0x0808)); /* empty GDT slot */
    else if (!strcmp(kind, "df"))
        __asm__ volatile("mov $0x1000, %%esp; push %%eax" : : : "memory");
    printk("selftest: unknown kind \"%s\" (ud bp de pf gp df idle flood lesson)\n",
           kind);
}

/*
 * lesson.c - the checkpoint a lesson is waiting at, if any.
 *
 * One checkpoint can be open at a time: lessons are a single story told
 * in order, even when several domains take part in it.
 *
 * autoplay=SECS on the command line (the ISO's "autoplay" menu, for a
 * class demo on a PC with nobody at the keyboard) releases a waiting
 * checkpoint by itself SECS seconds after it opened; n still goes on at
 * once. The timer tick keeps the clock (lesson_tick).
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/lesson.h>
#include <hv/trace.h>

static bool automatic;
static void (*release_hook)(uint16_t dom);
static bool waiting;
static uint32_t wait_lesson, wait_step;
static uint16_t wait_dom;
static uint64_t autoplay_ns;            /* 0: wait for the student */
static uint64_t deadline;               /* 0: not set yet for this wait */

void lesson_init(const char *cmdline)
{
    char v[4], secs[8];
    uint32_t s = 0;

    automatic = cmdline_get(cmdline, "lesson_auto", v, sizeof(v));
    waiting = false;
    autoplay_ns = 0;
    if (cmdline_get(cmdline, "autoplay", secs, sizeof(secs))) {
        for (const char *c = secs; *c >= '0' && *c <= '9' && s <= 3600; c++)
            s = s * 10 + (uint32_t)(*c - '0');
        if (s >= 1 && s <= 3600)
            autoplay_ns = (uint64_t)s * 1000000000u;
        else
            printk("lesson: autoplay=%s ignored (whole seconds, 1 to 3600)\n", secs);
    }
}

bool lesson_checkpoint(uint16_t dom, uint32_t lesson, uint32_t step)
{
    if (automatic) {
        trace_event_dom(TRC_XL_LESSON_CHECKPOINT, dom, 0,
                        (const uint32_t[]){ lesson, step, 2 }, 3);
        return true;
    }
    if (autoplay_ns)
        printk("lesson %u: step %u - going on in %u s (or press n)\n", lesson,
               step, (uint32_t)(autoplay_ns / 1000000000u));
    else
        printk("lesson %u: step %u - press n in the visualizer (or on this "
               "PC's keyboard) to go on\n", lesson, step);
    deadline = 0;
    waiting = true;
    wait_dom = dom;
    wait_lesson = lesson;
    wait_step = step;
    trace_event_dom(TRC_XL_LESSON_CHECKPOINT, dom, 0,
                    (const uint32_t[]){ lesson, step, 0 }, 3);
    return false;
}

bool lesson_waiting(void)
{
    return waiting;
}

void lesson_set_release_hook(void (*hook)(uint16_t dom))
{
    release_hook = hook;
}

void lesson_advance(void)
{
    if (!waiting)
        return;
    waiting = false;
    trace_event_dom(TRC_XL_LESSON_CHECKPOINT, wait_dom, 0,
                    (const uint32_t[]){ wait_lesson, wait_step, 1 }, 3);
    if (release_hook)
        release_hook(wait_dom);
}

void lesson_tick(uint64_t now_ns)
{
    if (!waiting || !autoplay_ns)
        return;
    if (!deadline)
        deadline = now_ns + autoplay_ns;
    else if (now_ns >= deadline)
        lesson_advance();
}

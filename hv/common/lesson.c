/*
 * lesson.c - the checkpoint a lesson is waiting at, if any.
 *
 * One checkpoint can be open at a time: lessons are a single story told
 * in order, even when several domains take part in it.
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

void lesson_init(const char *cmdline)
{
    char v[4];

    automatic = cmdline_get(cmdline, "lesson_auto", v, sizeof(v));
    waiting = false;
}

bool lesson_checkpoint(uint16_t dom, uint32_t lesson, uint32_t step)
{
    if (automatic) {
        trace_event_dom(TRC_XL_LESSON_CHECKPOINT, dom, 0,
                        (const uint32_t[]){ lesson, step, 2 }, 3);
        return true;
    }
    printk("lesson %u: step %u - press n in the visualizer (or on this "
           "PC's keyboard) to go on\n", lesson, step);
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

/*
 * manager.c - lesson 08, domain 0: the one who moves memory around.
 *
 * Two worker domains each start with 8 MB and may grow to 96 MB: together
 * they are promised 192 MB on a machine of 128 MB. That is overcommit, and
 * it works as long as they take turns. This manager (domain 0, so it may
 * set other domains' targets) gives most of the free memory to one
 * worker, then takes it back and gives it to the other, watching their
 * reservations move.
 */
#include "guest/libguest.h"

#define LESSON 8
#define SMALL (8u * 256)                /* 8 MB in pages */
#define LARGE (88u * 256)               /* 88 MB */

static unsigned long held(domid_t dom)
{
    long pages = HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);

    if (pages < 0)
        guest_exit(RESULT_FAILURE, "d%u is gone (current_reservation: %ld)", dom, pages);
    return (unsigned long)pages;
}

static void show(const char *when)
{
    printf("%-32s d1 holds %5lu pages, d2 holds %5lu pages\n", when, held(1), held(2));
}

static void set_target(domid_t dom, unsigned long pages)
{
    if (HYPERVISOR_xenlab_op(XENLAB_set_target, dom, (long)pages, 0, 0))
        guest_exit(RESULT_ERROR, "cannot set d%u's target", dom);
}

/* The workers never stop by themselves; the manager ends them. */
static void power_off(domid_t dom)
{
    struct sched_remote_shutdown rs = { .domain_id = dom, .reason = SHUTDOWN_poweroff };

    if (HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs))
        guest_exit(RESULT_ERROR, "cannot power d%u off", dom);
}

/* A toolstack waits for a balloon the same way: it looks, and looks again. */
static void wait_for(domid_t dom, unsigned long pages)
{
    for (int tries = 0; held(dom) != pages; tries++) {
        if (tries == 2000)
            guest_exit(RESULT_FAILURE, "d%u stuck at %lu pages, target %lu",
                       dom, held(dom), pages);
        guest_sleep_ms(5);
    }
}

void guest_main(void)
{
    guest_checkpoint(LESSON, 1);
    show("Step 1: at the start");

    guest_checkpoint(LESSON, 2);
    set_target(1, LARGE);
    wait_for(1, LARGE);
    show("Step 2: d1 deflated:");
    guest_mark(LESSON, 1, (uint32_t)held(1), (uint32_t)held(2));

    guest_checkpoint(LESSON, 3);
    set_target(1, SMALL);
    wait_for(1, SMALL);
    set_target(2, LARGE);
    wait_for(2, LARGE);
    show("Step 3: d1 gave it back to d2:");
    guest_mark(LESSON, 2, (uint32_t)held(1), (uint32_t)held(2));

    guest_checkpoint(LESSON, 4);
    set_target(2, SMALL);
    wait_for(2, SMALL);
    show("Step 4: both small again:");
    guest_mark(LESSON, 3, (uint32_t)held(1), (uint32_t)held(2));
    power_off(1);
    power_off(2);
    guest_exit(RESULT_SUCCESS, "lesson 8 done");
}

/*
 * worker.c - lesson 08, domains 1 and 2: a guest with a balloon driver.
 *
 * It does nothing but follow its target: each time the hypervisor says
 * the target changed (VIRQ_XENLAB_BALLOON), the balloon driver inflates
 * (gives pages back) or deflates (takes pages) until the domain holds the
 * target. It never stops by itself: the manager powers it off when the
 * lesson is over (sched_op remote_shutdown, as a toolstack would).
 */
#include "guest/libguest.h"

#define LESSON 8

void guest_main(void)
{
    balloon_init();
    printf("balloon driver ready; holding %lu pages\n", balloon_current_pages());
    for (;;) {
        unsigned long target, now;

        while (!balloon_target_changed())
            guest_block();
        target = balloon_target();
        now = balloon_to(target);
        printf("target %lu pages: now holding %lu\n", target, now);
        if (now != target)
            guest_exit(RESULT_FAILURE, "could only reach %lu of %lu pages", now, target);
    }
}

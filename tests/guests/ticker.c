/*
 * ticker.c - domain 0 of the hog test: a peer that only counts its ticks.
 *
 * Its periodic timer (VIRQ_TIMER, 100 Hz) wakes it; each wake-up it
 * publishes how many timer upcalls it has had into a page the hog
 * (hog.c, domain 1) grants it. The hog reads that counter just before
 * and just after each of its huge hypercalls: if the number moved, this
 * domain ran while the hypercall was in flight. Nothing here measures
 * time; the counter only says "it ran, this many times".
 *
 *   hog: grant page Q to d0 (reference 8, its first grant)
 *   ticker: map it (retried on every tick until the hog has granted it)
 *   ticker: Q.ticks := timer upcalls so far, after every wake-up
 *   hog: Q.finished := 1 when done; the ticker unmaps and ends
 *
 * If the hog dies first (VIRQ_DOM_EXC), the ticker ends too: the hog's
 * own verdict says what went wrong.
 */
#include "guest/io.h"
#include "tests/guests/hog.h"

static uint8_t window[4096] __attribute__((aligned(4096)));
static volatile bool hog_gone;

static void dom_exc(evtchn_port_t port)
{
    hog_gone = true;
}

void guest_main(void)
{
    struct hog_mailbox *q = (struct hog_mailbox *)window;
    grant_handle_t handle;

    guest_bind_virq(VIRQ_DOM_EXC, dom_exc);
    while (gnttab_map(HOG_DOMID, HOG_MAILBOX_REF, window, false, &handle) != GNTST_okay) {
        if (hog_gone)
            guest_exit(RESULT_SUCCESS, "the hog ended before granting");
        guest_block();                  /* not granted yet: next tick */
    }
    while (!q->finished && !hog_gone) {
        q->ticks = timer_ticks;
        guest_block();
    }
    if (!hog_gone && gnttab_unmap(window, handle) != GNTST_okay)
        guest_exit(RESULT_ERROR, "cannot unmap the hog's mailbox");
    guest_exit(RESULT_SUCCESS, "%u ticks counted", timer_ticks);
}

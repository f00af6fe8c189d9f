/*
 * hog.h - what the hog (hog.c) and its ticking peer (ticker.c) share: a
 * page the hog grants the peer, where the peer publishes its tick count.
 */
#ifndef TESTS_GUESTS_HOG_H
#define TESTS_GUESTS_HOG_H

#include <stdint.h>

#include "guest/io.h"

#define HOG_DOMID       1       /* booted second, after the ticker */
#define HOG_MAILBOX_REF 8       /* the hog's first grant reference */
#define HOG_MARK        40      /* lesson.mark "what" of the first batch */

struct hog_mailbox {
    volatile uint32_t ticks;    /* written by the ticker: upcalls so far */
    volatile uint32_t finished; /* written by the hog: stop counting */
};

/* The hog's side: grant the mailbox page to the peer (domain 0), and
 * wait until the peer has mapped it and ticks. */
static inline struct hog_mailbox *hog_share_mailbox(void)
{
    struct hog_mailbox *m = guest_alloc_page();

    if (gnttab_grant(0, virt_to_mfn(m), false) != HOG_MAILBOX_REF)
        guest_exit(RESULT_ERROR, "the mailbox is not grant reference %u",
                   HOG_MAILBOX_REF);
    while (m->ticks < 2)
        guest_block();
    return m;
}

#endif

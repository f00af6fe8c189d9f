/*
 * lesson09.h - what alice (domain 0) and bob (domain 1) agree on.
 *
 * They meet in xenstore. Each publishes under its own home and lets the
 * other read it; alice says which step she is at, bob answers there.
 *
 *   /local/domain/0/lesson/step     alice: the step she is at (1-6)
 *   /local/domain/1/lesson/port     bob: his unbound event-channel port
 *   /local/domain/1/lesson/ref      bob: a page lent to alice, writable
 *   /local/domain/1/lesson/ro-ref   bob: a page lent read-only
 *   /local/domain/1/lesson/<name>   bob: results alice reports
 *   /local/domain/1/lesson/done     bob: the last step he finished
 */
#ifndef LESSON09_H
#define LESSON09_H

#include "guest/io.h"

#define LESSON      9
#define PINGS       10
#define ALICE_DIR   "/local/domain/0/lesson"
#define BOB_DIR     "/local/domain/1/lesson"

/* Where in the shared page each message goes. */
#define MSG_BOB     0                   /* bob's greeting */
#define MSG_ALICE   128                 /* alice's reply, through a mapping */
#define MSG_COPY    512                 /* alice's copy, through grant copy */
#define COPY_LEN    64

static inline void copy_pattern(uint8_t *p)
{
    for (int i = 0; i < COPY_LEN; i++)
        p[i] = (uint8_t)(0xa0 + i);
}

#endif /* LESSON09_H */

/*
 * internal.h - the parts of libguest that talk to each other, not to
 * guests.
 */
#ifndef GUEST_INTERNAL_H
#define GUEST_INTERNAL_H

void traps_init(void);
void mm_init(void);
void events_init(void);
void guest_crash_now(void) __attribute__((noreturn));

#endif /* GUEST_INTERNAL_H */

/*
 * ticker.c - a PV domain that only counts its timer ticks.
 *
 * Beside hostile hardware-assisted guests it shows that the host still
 * takes its timer interrupt: an unmodified kernel that could clear the
 * global interrupt flag (CLGI) or run with the host's task register in
 * a state of its own making would stop this count, or the machine. It
 * blocks until each tick and ends once it has reached TICKS of them
 * ("reached", never "exactly": ticks may come faster than it wakes).
 */
#include "guest/libguest.h"

#define TICKS 100

void guest_main(void)
{
    while (timer_ticks < TICKS)
        guest_block();
    guest_exit(RESULT_SUCCESS, "reached %u ticks", TICKS);
}

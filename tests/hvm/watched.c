/*
 * watched.c - a PV domain whose one variable a debugger watches.
 *
 * It bumps `beats` once per timer tick, BEATS times, and ends. GDB
 * watches it with a hardware watchpoint (the stub loads DR0 and DR7);
 * beside it an unmodified kernel runs under SVM (debugregs.c), which
 * exits all the time and writes debug registers of its own. Each write
 * to `beats` must still stop GDB (tests/hvm/debugregs_test.sh): the
 * guest's DR0-DR3 must not replace the host's, and the host's DR7 must
 * survive #VMEXIT, which turns every breakpoint in it off.
 */
#include "guest/libguest.h"

#define BEATS 5

volatile uint32_t beats;

void guest_main(void)
{
    while (beats < BEATS) {
        uint32_t ticks = timer_ticks;

        while (timer_ticks == ticks)    /* a tick or more has passed */
            guest_block();
        beats++;
    }
    guest_exit(RESULT_SUCCESS, "beat %u times", BEATS);
}

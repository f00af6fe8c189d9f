/*
 * other.c - lesson 05, domain 1: someone to switch to.
 *
 * It yields whenever it runs, so domain 0's yields really do switch
 * domains, until domain 0 has finished (VIRQ_DOM_EXC tells dom0, not us:
 * we simply stop after a fixed number of turns).
 */
#include "guest/libguest.h"

void guest_main(void)
{
    for (int i = 0; i < 400; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    guest_exit(RESULT_SUCCESS, "yielded 400 times");
}

/*
 * partner.c - the other half of the domain-switch bench: it gives the CPU
 * straight back, until the bench domain powers it off.
 */
#include "guest/libguest.h"

void guest_main(void)
{
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

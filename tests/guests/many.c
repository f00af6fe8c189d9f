/*
 * many.c - one of many identical domains: the scheduler test guest.
 *
 * Each copy says hello, yields, sleeps on its timer (so the others run),
 * checks that time moved and that it really was descheduled, and powers
 * off with SUCCESS. Sixteen of them run at once in tests/guests:many_test.
 */
#include "guest/libguest.h"

void guest_main(void)
{
    uint64_t t0 = guest_now_ns(), slept;
    struct vcpu_runstate_info ri;

    printf("hello; %lu pages\n", start_info->nr_pages);
    for (int i = 0; i < 3; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    guest_sleep_ms(20);
    slept = guest_now_ns() - t0;
    if (slept < 20000000)
        guest_exit(RESULT_FAILURE, "slept only %llu ns", (unsigned long long)slept);
    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri))
        guest_exit(RESULT_ERROR, "no runstate info");
    if (ri.time[RUNSTATE_blocked] == 0)
        guest_exit(RESULT_FAILURE, "never blocked while sleeping");
    guest_exit(RESULT_SUCCESS, "ran %llu ns, blocked %llu ns, waited %llu ns",
               (unsigned long long)ri.time[RUNSTATE_running],
               (unsigned long long)ri.time[RUNSTATE_blocked],
               (unsigned long long)ri.time[RUNSTATE_runnable]);
}

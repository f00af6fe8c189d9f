/*
 * time.c - a guest's clock, read without asking the hypervisor.
 *
 * The hypervisor keeps vcpu_info.time up to date: a TSC stamp, the system
 * time at that stamp, and how to scale TSC ticks to nanoseconds. Reading
 * is lock-free: retry while the version is odd (an update is under way)
 * or changed while we read.
 */
#include "libguest.h"

uint64_t guest_now_ns(void)
{
    const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t version, mul;
    uint64_t tsc0, sys, delta;
    int8_t shift;

    do {
        version = t->version;
        __asm__ volatile("" ::: "memory");
        tsc0 = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        __asm__ volatile("" ::: "memory");
    } while ((version & 1) || version != t->version);

    delta = rdtsc() - tsc0;
    delta = shift < 0 ? delta >> -shift : delta << shift;
    return sys + ((uint64_t)(uint32_t)delta * mul >> 32) +
           (uint64_t)(uint32_t)(delta >> 32) * mul;
}

void guest_sleep_ms(unsigned int ms)
{
    uint64_t until = guest_now_ns() + (uint64_t)ms * 1000000;

    while (guest_now_ns() < until) {
        HYPERVISOR_set_timer_op(until);
        guest_block();
    }
}

/*
 * time.h - system time: nanoseconds since the hypervisor booted.
 *
 * Counted from the TSC (whose rate boot measured), published to every
 * vCPU in its vcpu_time_info, and used for the vCPU timers that deliver
 * VIRQ_TIMER.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include "domain.h"
#include "types.h"

void time_init(uint32_t tsc_khz);
uint64_t time_now_ns(void);

/* Refresh v's vcpu_time_info (a guest reads it without a hypercall). */
void time_update_vcpu(struct vcpu *v);

#endif /* HV_TIME_H */

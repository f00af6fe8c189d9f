/*
 * machine.h - see machine.c.
 */
#ifndef XENLAB_MACHINE_H
#define XENLAB_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <public/trace.h>

#define HOST_MACHINE_FRAMES 4096            /* 16 MB */
#define HOST_GUEST_BYTES    65536

#ifdef __cplusplus
extern "C" {
#endif

extern uint8_t host_machine[];
extern uint8_t host_guest[];
extern unsigned int host_flushes;
extern enum trace_tlb_reason host_last_flush;
extern bool host_preempt;               /* every preemption check's answer */
extern unsigned int host_preempt_at;    /* ... but yes to the check numbered */
extern unsigned int host_preempt_checks;/* this (counted from 1 here) */
extern uint32_t host_continuation[5];   /* the last continuation's arguments */

/* Power on: memory cleared, no domains, the trace recording everything
 * into slots[nr], the frame allocator and the PV MMU over the machine's
 * RAM (from 1 MB), the balloon's books checked at every step. */
struct trace_rec;
void machine_boot(struct trace_rec *slots, uint32_t nr);

#ifdef __cplusplus
}
#endif

#endif

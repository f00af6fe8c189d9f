/*
 * sched.h - which vCPU runs next, and what happens while none can.
 *
 * Round robin over runnable vCPUs with a time slice; a vCPU that blocks
 * (sched_op block, poll, a lesson checkpoint) leaves the run queue until
 * something wakes it. Every change of runstate is traced.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include "domain.h"

#define SCHED_SLICE_NS  10000000ull      /* 10 ms */

/* Put a new vCPU on the run queue. */
void sched_add_vcpu(struct vcpu *v);

/* The vCPU stops for good (its domain is going away). */
void sched_remove_vcpu(struct vcpu *v);

/* The current vCPU sleeps until vcpu_wake(). */
void vcpu_block(struct vcpu *v);

/* Make v runnable again if it was blocked. */
void vcpu_wake(struct vcpu *v);

/* An event arrived on port for v: wake it, unless it polls other ports. */
void vcpu_wake_for_port(struct vcpu *v, evtchn_port_t port);

/* The debugger holds v: it does not run until vcpu_unpause(), whatever
 * its runstate (a blocked vCPU that wakes stays held). */
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);

/* The current vCPU gives the CPU away but stays runnable. */
void vcpu_yield(struct vcpu *v);

/* Ask for a scheduling decision before the next return to a guest. */
void sched_request(void);

/* Must the scheduler run before we return to a guest? (Hot path.) */
extern bool resched;
static inline bool sched_requested(void)
{
    return resched || !current || current->runstate != RUNSTATE_running;
}

/* The same, from a hypercall: current is set, and stops running only
 * through set_runstate(), which raises resched. */
static inline bool sched_requested_in_hypercall(void)
{
    return resched;
}

/*
 * Decide who runs next and switch to it. Called on the way back to a
 * guest; runs the idle loop while nobody is runnable. Returns the vCPU
 * now current (it never returns if every domain has gone).
 */
struct vcpu *schedule(void);

/* The timer tick: time slices and vCPU timers. */
void sched_tick(uint64_t now_ns);

#endif /* HV_SCHED_H */

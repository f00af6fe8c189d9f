/*
 * vcpu.h - vcpu_op(cmd, vcpu, arg): a virtual CPU's own timers and state.
 */
#ifndef XENLAB_PUBLIC_VCPU_H
#define XENLAB_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise            0
#define VCPUOP_up                    1
#define VCPUOP_down                  2
#define VCPUOP_is_up                 3  /* returns 1 if running */
#define VCPUOP_get_runstate_info     4  /* arg: struct vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer    6  /* arg: struct vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer   7
#define VCPUOP_set_singleshot_timer  8  /* arg: struct vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info   10
#define VCPUOP_send_nmi             11
#define VCPUOP_get_physid           12

/* What a vCPU is doing. */
#define RUNSTATE_running    0   /* on a CPU */
#define RUNSTATE_runnable   1   /* ready, waiting for a CPU */
#define RUNSTATE_blocked    2   /* waiting for an event */
#define RUNSTATE_offline    3   /* not running at all */

/* Time spent in each runstate, in ns. */
struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
};

struct vcpu_set_periodic_timer {
    uint64_t period_ns;         /* IN: VIRQ_TIMER every period_ns */
};

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* IN: system time to fire at */
    uint32_t flags;             /* IN: VCPU_SSHOTTMR_* */
};

#define VCPU_SSHOTTMR_future (1u << 0)  /* -ETIME if already past */

#endif /* XENLAB_PUBLIC_VCPU_H */

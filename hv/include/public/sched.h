/*
 * sched.h - sched_op(cmd, arg): a vCPU talks to the scheduler.
 *
 * A PV guest never spins waiting for something: it blocks, and the
 * hypervisor runs someone else until an event arrives for it.
 */
#ifndef XENLAB_PUBLIC_SCHED_H
#define XENLAB_PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield       0   /* let others run; stay runnable */
#define SCHEDOP_block       1   /* sleep until an event is pending */
#define SCHEDOP_shutdown    2   /* arg: struct sched_shutdown */
#define SCHEDOP_poll        3   /* arg: struct sched_poll */
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5
#define SCHEDOP_watchdog    6

struct sched_shutdown {
    unsigned int reason;        /* IN: SHUTDOWN_* */
};

/* Sleep until one of the ports is pending, or the timeout (absolute
 * system time in ns, 0 = none) passes. */
struct sched_poll {
    evtchn_port_t *ports;       /* IN */
    unsigned int nr_ports;      /* IN */
    uint64_t timeout;           /* IN */
};

struct sched_remote_shutdown {
    domid_t domain_id;          /* IN */
    unsigned int reason;        /* IN */
};

#define SHUTDOWN_poweroff   0   /* done, cleanly */
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3   /* something went wrong */
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5

#endif /* XENLAB_PUBLIC_SCHED_H */

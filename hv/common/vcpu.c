/*
 * vcpu.c - vcpu_op: a virtual CPU's timers and accounts.
 *
 * Every vCPU gets VIRQ_TIMER 100 times a second unless it asks otherwise
 * (VCPUOP_set_periodic_timer / stop_periodic_timer), and can arm a
 * one-shot timer for an absolute time (set_singleshot_timer, or the older
 * set_timer_op). get_runstate_info tells how long it has been running,
 * runnable (waiting for the CPU), blocked and offline.
 */
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/time.h>
#include <public/trace.h>
#include <public/vcpu.h>

#define MIN_PERIOD_NS 1000000ull        /* 1 ms: the tick */

long do_vcpu_op(uint32_t cmd, uint32_t vcpuid, uint32_t arg, uint32_t a4,
                uint32_t a5)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->nr_vcpus)
        return -ENOENT;
    v = d->vcpu[vcpuid];

    switch (cmd) {
    case VCPUOP_is_up:
        return v->runstate != RUNSTATE_offline;
    case VCPUOP_get_runstate_info: {
        struct vcpu_runstate_info ri;
        uint64_t now = time_now_ns();

        ri.state = v->runstate;
        ri.state_entry_time = v->runstate_entry_ns;
        for (int i = 0; i < 4; i++)
            ri.time[i] = v->runstate_time_ns[i];
        ri.time[v->runstate] += now - v->runstate_entry_ns;
        return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
    }
    case VCPUOP_set_periodic_timer: {
        struct vcpu_set_periodic_timer pt;

        if (copy_from_guest(&pt, arg, sizeof(pt)))
            return -EFAULT;
        if (pt.period_ns < MIN_PERIOD_NS)
            return -EINVAL;
        v->periodic_period_ns = pt.period_ns;
        v->periodic_next_ns = time_now_ns() + pt.period_ns;
        return 0;
    }
    case VCPUOP_stop_periodic_timer:
        v->periodic_period_ns = 0;
        return 0;
    case VCPUOP_set_singleshot_timer: {
        struct vcpu_set_singleshot_timer st;

        if (copy_from_guest(&st, arg, sizeof(st)))
            return -EFAULT;
        if ((st.flags & VCPU_SSHOTTMR_future) && st.timeout_abs_ns < time_now_ns())
            return -ETIME;
        v->singleshot_ns = st.timeout_abs_ns;
        return 0;
    }
    case VCPUOP_stop_singleshot_timer:
        v->singleshot_ns = 0;
        return 0;
    case VCPUOP_up:
    case VCPUOP_down:
    case VCPUOP_initialise:
        return -EINVAL;                 /* one vCPU per domain, always up */
    default:
        return -ENOSYS;
    }
}

/*
 * sched.c - sharing the CPU between vCPUs: a round-robin scheduler.
 *
 * The lecture's hypervisor multiplexes one machine between many guests.
 * Here that is a queue of runnable vCPUs; the one at the head runs for a
 * time slice, then goes to the tail. A vCPU with nothing to do blocks
 * (sched_op block) and leaves the queue until an event wakes it. When the
 * queue is empty the CPU idles, still moving the trace out and listening
 * for control lines, until an interrupt makes someone runnable.
 *
 *   runnable --schedule--> running --slice over / yield--> runnable
 *                             |
 *                             +--block--> blocked --event--> runnable
 *                             +--shutdown--> offline (then destroyed)
 *
 * Each runstate change is a sched.runstate record; each switch between
 * vCPUs a sched.switch record.
 */
#include <hv/arch.h>
#include <klib.h>
#include <hv/console.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/trace.h>
#include <public/sched.h>
#include <public/xenlab.h>

static struct vcpu *runq_head, *runq_tail;
bool resched;
static uint64_t slice_end_ns;

static void set_runstate(struct vcpu *v, int state)
{
    uint64_t now = time_now_ns();

    if (v->runstate == state)
        return;
    v->runstate_time_ns[v->runstate] += now - v->runstate_entry_ns;
    trace_event_dom(TRC_SCHED_RUNSTATE_CHANGE, v->domain->domain_id,
                    (uint8_t)v->vcpu_id,
                    (const uint32_t[]){ v->domain->domain_id, v->vcpu_id,
                                        (uint32_t)v->runstate,
                                        (uint32_t)state }, 4);
    v->runstate = state;
    v->runstate_entry_ns = now;
    /* The running vCPU stops only here, and always asks for the
     * scheduler: so the hypercall fast path need only look at resched. */
    if (v == current && state != RUNSTATE_running)
        resched = true;
}

static void enqueue(struct vcpu *v)
{
    if (v->on_runq || v->paused)
        return;
    v->next_runnable = NULL;
    if (runq_tail)
        runq_tail->next_runnable = v;
    else
        runq_head = v;
    runq_tail = v;
    v->on_runq = true;
}

static struct vcpu *dequeue(void)
{
    struct vcpu *v = runq_head;

    if (v) {
        runq_head = v->next_runnable;
        if (!runq_head)
            runq_tail = NULL;
        v->on_runq = false;
    }
    return v;
}

static void unlink(struct vcpu *v)
{
    struct vcpu **pp = &runq_head, *prev = NULL;

    for (; *pp; prev = *pp, pp = &(*pp)->next_runnable) {
        if (*pp == v) {
            *pp = v->next_runnable;
            if (runq_tail == v)
                runq_tail = prev;
            v->on_runq = false;
            return;
        }
    }
}

void sched_add_vcpu(struct vcpu *v)
{
    v->runstate_entry_ns = time_now_ns();
    set_runstate(v, RUNSTATE_runnable);
    enqueue(v);
}

void sched_remove_vcpu(struct vcpu *v)
{
    unlink(v);
    set_runstate(v, RUNSTATE_offline);
    if (v == current)
        resched = true;
}

void vcpu_block(struct vcpu *v)
{
    set_runstate(v, RUNSTATE_blocked);
    resched = true;
}

void vcpu_wake(struct vcpu *v)
{
    /* A vCPU at a lesson checkpoint waits for the student, not for an
     * event; xenlab_checkpoint_released() clears checkpoint_wait first. */
    if (v->runstate != RUNSTATE_blocked || v->domain->shutting_down ||
        v->checkpoint_wait)
        return;
    v->polling = false;
    set_runstate(v, RUNSTATE_runnable);
    enqueue(v);
    if (!current)
        resched = true;
}

void vcpu_wake_for_port(struct vcpu *v, evtchn_port_t port)
{
    if (v->polling) {
        unsigned int i;

        for (i = 0; i < v->nr_poll_ports && v->poll_ports[i] != port; i++)
            ;
        if (i == v->nr_poll_ports)
            return;                 /* not one it polls for */
    }
    vcpu_wake(v);
}

void vcpu_pause(struct vcpu *v)
{
    v->paused = true;
    unlink(v);
    if (v == current)
        resched = true;
}

void vcpu_unpause(struct vcpu *v)
{
    if (!v->paused)
        return;
    v->paused = false;
    if (v->runstate == RUNSTATE_runnable)
        enqueue(v);
    if (!current)
        resched = true;
}

void vcpu_yield(struct vcpu *v)
{
    trace_event_dom(TRC_SCHED_YIELD, v->domain->domain_id, (uint8_t)v->vcpu_id,
                    (const uint32_t[]){ v->domain->domain_id, v->vcpu_id }, 2);
    resched = true;
}

void sched_request(void)
{
    resched = true;
}

/* Free domains that have shut down, once no CPU runs on their tables. */
static void reap(void)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domains[i];

        if (d && d->shutting_down && (!current || current->domain != d)) {
            arch_leave_page_tables(d);
            domain_destroy(d);
        }
    }
}

struct vcpu *schedule(void)
{
    struct vcpu *prev = current, *next;

    if (prev && prev->runstate == RUNSTATE_running) {
        set_runstate(prev, RUNSTATE_runnable);
        enqueue(prev);
    }
    while (!(next = dequeue())) {
        current = NULL;
        reap();
        if (domains_alive() == 0) {
            printk("all domains have finished\n");
            memory_check_at_exit();
            arch_exit(domains_failed() ? HV_EXIT_DOMAIN_FAILED
                                       : HV_EXIT_SUCCESS);
        }
        arch_idle();
    }
    if (next != prev) {
        trace_event_dom(TRC_SCHED_SWITCH, DOMID_IDLE, 0,
                        (const uint32_t[]){
                            prev ? prev->domain->domain_id : DOMID_IDLE,
                            prev ? prev->vcpu_id : 0,
                            next->domain->domain_id, next->vcpu_id }, 4);
        arch_context_switch(prev, next);
    }
    current = next;
    time_update_vcpu(next);             /* it may have slept: fresh time */
    set_runstate(next, RUNSTATE_running);
    trace_set_context(next->domain->domain_id, (uint8_t)next->vcpu_id);
    slice_end_ns = time_now_ns() + SCHED_SLICE_NS;
    resched = false;
    reap();
    return next;
}

static void check_timers(struct vcpu *v, uint64_t now)
{
    if (v->periodic_period_ns && now >= v->periodic_next_ns) {
        send_guest_virq(v, VIRQ_TIMER);
        v->periodic_next_ns += v->periodic_period_ns;
        if (v->periodic_next_ns <= now)     /* fell behind: skip ahead */
            v->periodic_next_ns = now + v->periodic_period_ns;
    }
    if (v->singleshot_ns && now >= v->singleshot_ns) {
        v->singleshot_ns = 0;
        send_guest_virq(v, VIRQ_TIMER);
    }
    if (v->polling && v->poll_timeout_ns && now >= v->poll_timeout_ns)
        vcpu_wake(v);
}

void sched_tick(uint64_t now_ns)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domains[i];

        if (!d || d->shutting_down)
            continue;
        for (unsigned int n = 0; n < d->nr_vcpus; n++)
            check_timers(d->vcpu[n], now_ns);
    }
    if (current && now_ns >= slice_end_ns && runq_head)
        resched = true;
}

/* ---- sched_op -------------------------------------------------------------- */

static long sched_poll(struct vcpu *v, uint32_t arg)
{
    struct sched_poll p;
    evtchn_port_t ports[16];

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > ARRAY_SIZE(ports))
        return -EINVAL;
    if (copy_from_guest(ports, (uint32_t)(uintptr_t)p.ports,
                        p.nr_ports * sizeof(ports[0])))
        return -EFAULT;
    if (evtchn_any_pending(v->domain, ports, p.nr_ports))
        return 0;
    if (p.timeout && p.timeout <= time_now_ns())
        return 0;
    v->polling = true;
    v->poll_timeout_ns = p.timeout;
    memcpy(v->poll_ports, ports, p.nr_ports * sizeof(ports[0]));
    v->nr_poll_ports = p.nr_ports;
    vcpu_block(v);
    return 0;
}

long do_sched_op(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                 uint32_t a5)
{
    struct vcpu *v = current;
    struct sched_shutdown sd;
    struct sched_remote_shutdown rs;
    struct domain *d;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield(v);
        return 0;
    case SCHEDOP_block:
        /* Events the guest has not seen yet: no sleep at all. */
        v->vcpu_info->evtchn_upcall_mask = 0;
        if (!evtchn_has_pending(v))
            vcpu_block(v);
        return 0;
    case SCHEDOP_shutdown:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        domain_shutdown(v->domain, sd.reason);
        return 0;
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_remote_shutdown:
        if (!is_privileged(v->domain))
            return -EPERM;
        if (copy_from_guest(&rs, arg, sizeof(rs)))
            return -EFAULT;
        d = domain_lookup(rs.domain_id);
        if (!d)
            return -ESRCH;
        domain_shutdown(d, rs.reason);
        return 0;
    default:
        return -ENOSYS;
    }
}

/* The old form: the shutdown reason is the argument itself. */
long do_sched_op_compat(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                        uint32_t a5)
{
    switch (cmd) {
    case SCHEDOP_yield:
    case SCHEDOP_block:
        return do_sched_op(cmd, 0, 0, 0, 0);
    case SCHEDOP_shutdown:
        domain_shutdown(current->domain, arg);
        return 0;
    default:
        return -ENOSYS;
    }
}

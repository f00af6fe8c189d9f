/*
 * evtchn.c - event channels between domains, from the guest's side, and
 * how a guest kernel waits for one.
 *
 * Domain A offers a port to domain B (alloc_unbound), tells B the port
 * number (through xenstore), and B connects to it (bind_interdomain).
 * Either side then sends on its own port; the other gets an event (an
 * upcall, then the handler bound with guest_bind_port).
 *
 * Waiting is the classic race: check, then sleep - but an event arriving
 * between the two must not be slept through. So the check runs with
 * events masked; SCHEDOP_block unmasks and sleeps in one step, and
 * returns at once if anything is pending.
 */
#include "io.h"

evtchn_port_t evtchn_alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };

    if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a))
        guest_exit(RESULT_ERROR, "cannot allocate a port for d%u", remote);
    return a.port;
}

long evtchn_bind(domid_t remote, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain b = { .remote_dom = remote,
                                         .remote_port = remote_port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : (long)b.local_port;
}

long evtchn_notify(evtchn_port_t port)
{
    struct evtchn_send s = { port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = { port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

void guest_wait(bool (*cond)(void *arg), void *arg)
{
    guest_events_disable();
    while (!cond(arg)) {
        guest_block();
        guest_events_disable();
    }
    guest_events_enable();
}

bool guest_wait_ms(bool (*cond)(void *arg), void *arg, unsigned int timeout_ms)
{
    uint64_t deadline = guest_now_ns() + (uint64_t)timeout_ms * 1000000;
    bool ok;

    guest_events_disable();
    while (!(ok = cond(arg)) && guest_now_ns() < deadline) {
        HYPERVISOR_set_timer_op(deadline);
        guest_block();
        guest_events_disable();
    }
    guest_events_enable();
    return ok;
}

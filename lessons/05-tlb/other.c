/*
 * other.c - lesson 05, domain 1: someone to switch to.
 *
 * Step 4 needs a second domain that is runnable exactly when domain 0
 * yields, however long the student lingers over steps 1-3. So this
 * domain sleeps until domain 0 calls for it: domain 0 made an event
 * channel port for us at boot (alloc_unbound, remote domain 1); we find
 * it by trying to bind its ports in turn (only a port made for us binds),
 * then block. At step 4 domain 0 sends an event, and we yield back and
 * forth with it.
 */
#include "guest/libguest.h"

#define TURNS 25                        /* a few more than domain 0's 20 */

static volatile bool called;

static void on_call(evtchn_port_t port)
{
    called = true;
}

static evtchn_port_t bind_to_dom0(void)
{
    for (int tries = 0; tries < 1000; tries++) {
        for (evtchn_port_t p = 1; p < 32; p++) {
            struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = p };

            if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b) == 0)
                return b.local_port;
        }
        guest_sleep_ms(5);              /* domain 0 has not made it yet */
    }
    guest_exit(RESULT_ERROR, "domain 0 made no event channel port for us");
}

void guest_main(void)
{
    guest_bind_port(bind_to_dom0(), on_call);
    guest_events_enable();
    while (!called)
        guest_block();
    for (int i = 0; i < TURNS; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    guest_exit(RESULT_SUCCESS, "yielded %d times when called", TURNS);
}

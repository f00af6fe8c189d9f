/*
 * events.c - a guest's side of event channels: the upcall handler.
 *
 * When an event arrives the hypervisor enters event_callback (head.asm)
 * with events masked. guest_do_events() then does the two-level scan
 * every Xen guest does: clear the upcall flag, take the selector word
 * (which 32-port groups have news), and for each group the pending and
 * not-masked ports; clear each pending bit and call its handler.
 */
#include "libguest.h"
#include "internal.h"

static event_fn handlers[NR_EVENT_CHANNELS];
volatile uint32_t timer_ticks;
void (*volatile guest_tick_hook)(void);

void guest_bind_port(evtchn_port_t port, event_fn fn)
{
    handlers[port] = fn;
}

evtchn_port_t guest_bind_virq(unsigned int virq, event_fn fn)
{
    struct evtchn_bind_virq b = { virq, 0, 0 };

    if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b))
        guest_exit(RESULT_ERROR, "cannot bind virq %u", virq);
    handlers[b.port] = fn;
    return b.port;
}

void guest_do_events(void);
void guest_do_events(void)
{
    struct vcpu_info *vi = &shared_info->vcpu_info[0];
    uint32_t sel;

    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctz(sel);
        uint32_t bits;

        sel &= sel - 1;
        bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
        while (bits) {
            unsigned int port = w * 32 + __builtin_ctz(bits);

            bits &= bits - 1;
            __atomic_fetch_and(&shared_info->evtchn_pending[w],
                               ~(1u << (port % 32)), __ATOMIC_SEQ_CST);
            if (handlers[port])
                handlers[port](port);
        }
    }
}

void guest_block(void)
{
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static void timer_event(evtchn_port_t port)
{
    timer_ticks++;
    if (guest_tick_hook)
        guest_tick_hook();
}

void events_init(void)
{
    guest_bind_virq(VIRQ_TIMER, timer_event);
    guest_events_enable();
}

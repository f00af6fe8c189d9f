/*
 * event.h - event channels inside the hypervisor.
 *
 * The hypervisor raises virtual interrupts (VIRQ_TIMER, VIRQ_CONSOLE) on
 * the ports a domain bound to them; domains signal each other through
 * interdomain ports. Either way the effect is the same: a pending bit in
 * the receiver's shared_info and, unless masked, an upcall.
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include "domain.h"

int evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);

/* Raise a virtual interrupt on v if it bound a port to it. */
void send_guest_virq(struct vcpu *v, unsigned int virq);

/* Is any port of v's domain both pending and unmasked? */
bool evtchn_has_pending(const struct vcpu *v);

/* Is one of the given ports pending? (sched_op poll) */
bool evtchn_any_pending(const struct domain *d, const evtchn_port_t *ports,
                        unsigned int nr);

long do_event_channel_op(int cmd, uint32_t arg);
long do_event_channel_op_compat(uint32_t arg);

#endif /* HV_EVENT_H */

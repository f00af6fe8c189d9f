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

/* Record the upcall v is about to receive (port, from, to). */
void evtchn_trace_upcall(const struct vcpu *v);

/*
 * Ports whose other end is the hypervisor. A consumer is what runs when
 * the guest sends on one; it answers with evtchn_notify_from_xen().
 */
enum xen_consumer {
    XEN_CONSUMER_XENSTORE = 1,          /* xenstore.c */
    XEN_CONSUMER_BACKEND,               /* hv_backend.c: Xen 1.0 drivers */
    NR_XEN_CONSUMERS
};
typedef void (*xen_consumer_fn)(struct domain *d, evtchn_port_t port);

void evtchn_set_xen_consumer(unsigned int consumer, xen_consumer_fn fn);

/* A new port of d waiting for `remote` to bind (the toolstack's). */
long evtchn_alloc_unbound_in(struct domain *d, domid_t remote);

/* A new port of d connected to the hypervisor; returns it (or -errno). */
long evtchn_alloc_xen(struct domain *d, unsigned int consumer);

/* d's unbound port for DOMID_XEN (alloc_unbound) is taken up by consumer. */
long evtchn_bind_xen(struct domain *d, evtchn_port_t port,
                     unsigned int consumer);

/* The hypervisor signals d on one of those ports. */
void evtchn_notify_from_xen(struct domain *d, evtchn_port_t port);

#endif /* HV_EVENT_H */

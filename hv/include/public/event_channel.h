/*
 * event_channel.h - event_channel_op(cmd, arg): the virtual interrupts
 * of a paravirtual machine.
 *
 * An event channel is a port number in a domain. Its two ends can be
 * two domains (interdomain), a virtual interrupt source (virq), or two
 * vCPUs of one domain (ipi). Sending sets the port's bit in the
 * receiver's shared_info.evtchn_pending and, unless masked, makes an
 * upcall to the receiver's event callback.
 */
#ifndef XENLAB_PUBLIC_EVENT_CHANNEL_H
#define XENLAB_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10

/* Make a port that domain remote_dom may later bind to. */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN: DOMID_SELF (or another, privileged) */
    domid_t remote_dom;         /* IN */
    evtchn_port_t port;         /* OUT */
};

/* Connect a new local port to remote_dom's unbound port. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN */
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};

struct evtchn_bind_virq {
    uint32_t virq;              /* IN: VIRQ_* */
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};

struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};

struct evtchn_close {
    evtchn_port_t port;         /* IN */
};

struct evtchn_send {
    evtchn_port_t port;         /* IN */
};

struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};

#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

struct evtchn_status {
    domid_t dom;                /* IN */
    evtchn_port_t port;         /* IN */
    uint32_t status;            /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT: the vCPU it notifies */
    union {
        struct { domid_t dom; } unbound;
        struct { domid_t dom; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                        /* OUT */
};

/* The compat form: event_channel_op_compat(&op). */
struct evtchn_op {
    uint32_t cmd;
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_unmask unmask;
    } u;
};

#endif /* XENLAB_PUBLIC_EVENT_CHANNEL_H */

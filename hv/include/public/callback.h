/*
 * callback.h - callback_op(cmd, arg): where the hypervisor enters the
 * guest kernel for events (the "virtual interrupt" entry point) and for
 * a failed segment reload on return (the failsafe entry point).
 * set_callbacks(event_cs, event_eip, failsafe_cs, failsafe_eip) is the
 * older form of the same thing.
 */
#ifndef XENLAB_PUBLIC_CALLBACK_H
#define XENLAB_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event      0
#define CALLBACKTYPE_failsafe   1
#define CALLBACKTYPE_nmi        4

#define CALLBACKOP_register     0
#define CALLBACKOP_unregister   1

#define CALLBACKF_mask_events   (1u << 0)

struct xen_callback {
    unsigned long cs;
    unsigned long eip;
};

struct callback_register {
    uint16_t type;              /* IN: CALLBACKTYPE_* */
    uint16_t flags;             /* IN: CALLBACKF_* */
    struct xen_callback address;
};

struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};

#endif /* XENLAB_PUBLIC_CALLBACK_H */

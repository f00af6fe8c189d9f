/*
 * ioring.c - telling the trace how our shared rings move.
 *
 * The hypervisor never looks inside a ring page, so each end reports its
 * moves with XENLAB_ioring (see public/xenlab.h): a hypercall each. When
 * nobody records ring traffic (trace_mask without the ioring class, as
 * in benchmarks) the hypervisor says so, and we skip the next reports,
 * asking again now and then in case recording starts.
 */
#include "io.h"

#define SKIP_WHILE_OFF 256

static unsigned int skip;

uint32_t ioring_setup(unsigned int index, domid_t back, unsigned int size,
                      unsigned int kind)
{
    long id = HYPERVISOR_xenlab_op(XENLAB_ioring_setup, (long)index, back,
                                   (long)size, (long)kind);

    return id < 0 ? 0 : (uint32_t)id;
}

void ioring_report(uint32_t id, uint32_t op, uint32_t moved, uint32_t other_prod)
{
    if (skip) {
        skip--;
        return;
    }
    if (HYPERVISOR_xenlab_op(XENLAB_ioring, (long)id, (long)op, (long)moved,
                             (long)other_prod) == 0)
        skip = SKIP_WHILE_OFF - 1;
}

void ioring_pushed(uint32_t id, uint32_t prod, uint32_t other_prod, bool notify,
                   evtchn_port_t port)
{
    ioring_report(id, IORING_REQ_PRODUCE, prod, other_prod);
    if (notify) {
        evtchn_notify(port);
        ioring_report(id, IORING_NOTIFY, 0, 0);
    }
}

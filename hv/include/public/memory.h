/*
 * memory.h - memory_op(cmd, arg): a domain's reservation of memory.
 *
 * A PV domain owns machine frames and knows it. It can give frames back
 * (decrease_reservation: the balloon inflates) and ask for more, up to its
 * maximum (increase_reservation or populate_physmap: the balloon
 * deflates). The hypervisor keeps the books: every frame is free, the
 * hypervisor's, or exactly one domain's.
 */
#ifndef XENLAB_PUBLIC_MEMORY_H
#define XENLAB_PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation 0   /* arg: struct xen_memory_reservation */
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2   /* returns the highest machine frame */
#define XENMEM_current_reservation  3   /* arg: domid_t *; returns pages */
#define XENMEM_maximum_reservation  4   /* arg: domid_t *; returns pages */
#define XENMEM_populate_physmap     6

/*
 * The reservation commands continue where they stopped: when a long one
 * lets other work run, the guest re-enters it with the extents done so
 * far in cmd's high bits (cmd = XENMEM_* | start << MEMOP_EXTENT_SHIFT).
 * Its result is still the total number of extents done.
 */
#define MEMOP_EXTENT_SHIFT          6
#define MEMOP_CMD_MASK              ((1u << MEMOP_EXTENT_SHIFT) - 1)

/*
 * increase_reservation: extent_start receives the new machine frames.
 * decrease_reservation: extent_start lists the machine frames to give up.
 * populate_physmap: extent_start lists pseudo-physical frames to fill,
 *                   and receives the machine frames put there.
 * Each returns how many extents it completed.
 */
struct xen_memory_reservation {
    xen_pfn_t *extent_start;    /* IN/OUT: a guest array of frame numbers */
    xen_ulong_t nr_extents;     /* IN */
    unsigned int extent_order;  /* IN: 2^order pages each (xenlab: 0) */
    unsigned int mem_flags;     /* IN: address-bits limit etc. (ignored) */
    domid_t domid;              /* IN: DOMID_SELF */
};

#endif /* XENLAB_PUBLIC_MEMORY_H */

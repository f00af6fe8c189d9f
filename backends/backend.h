/*
 * backend.h - the backends of xenlab's split drivers, and what they need
 * from the place they run in.
 *
 * The lecture's two designs differ in one thing: where the backend runs.
 * In Xen 2.0 it is a driver in domain 0, reaching the frontend's pages
 * with grant-copy hypercalls and waking it with event-channel sends. In
 * Xen 1.0 it was part of the hypervisor, which did the same work with
 * plain function calls. The request handling is the same either way, so
 * it is written once (blkback.c, netback.c) and linked into both
 * libguest (domain 0) and the hypervisor (hv_backend.c), each supplying
 * the four functions below.
 *
 * A backend trusts nothing in the ring: it takes a private copy of each
 * request (RING_COPY_REQUEST) before looking at it, checks every field,
 * answers a bad request with an error status (and an ioring.bad record),
 * and gives up on a ring whose producer index claims more requests than
 * the ring can hold. The frontend's memory is touched only through grant
 * copies, which the hypervisor checks.
 */
#ifndef XENLAB_BACKEND_H
#define XENLAB_BACKEND_H

#include <stdbool.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/trace.h>

/* One ring of one device, as its backend knows it. */
struct backend_ring {
    domid_t front;                      /* the frontend's domain */
    evtchn_port_t port;                 /* the backend's end of the channel */
    uint32_t id;                        /* ring id in the trace */
};

/* The ring id both ends use: frontend << 16 | kind << 8 | device. */
static inline uint32_t backend_ring_id(domid_t front, unsigned int kind,
                                       unsigned int devid)
{
    return (uint32_t)front << 16 | (kind & 0xff) << 8 | (devid & 0xff);
}

/* ---- What the environment provides ------------------------------------------ */

/* Do n grant copies (the backend's own pages named by frame, domid
 * DOMID_SELF); each op gets its own status. */
void backend_copy(struct gnttab_copy *ops, unsigned int n);

/* Send an event to the frontend of ring r. */
void backend_notify(const struct backend_ring *r);

/* Report a ring move (enum trace_ioring_op; see XENLAB_ioring). */
void backend_report(const struct backend_ring *r, uint32_t op, uint32_t moved,
                    uint32_t other_prod);

/* Report a refused request (enum trace_ioring_problem). */
void backend_bad(const struct backend_ring *r, uint32_t problem, uint32_t slot,
                 uint32_t value);

/* Fill one copy op; the side with a frame (gref == false) is the backend's. */
static inline void backend_copy_op(struct gnttab_copy *op, bool src_gref,
                                   uint32_t src, domid_t src_dom, uint16_t src_off,
                                   bool dst_gref, uint32_t dst, domid_t dst_dom,
                                   uint16_t dst_off, uint16_t len)
{
    op->source.u.ref = src;
    op->source.domid = src_gref ? src_dom : DOMID_SELF;
    op->source.offset = src_off;
    op->dest.u.ref = dst;
    op->dest.domid = dst_gref ? dst_dom : DOMID_SELF;
    op->dest.offset = dst_off;
    op->len = len;
    op->flags = (src_gref ? GNTCOPY_source_gref : 0) |
                (dst_gref ? GNTCOPY_dest_gref : 0);
    op->status = GNTST_okay;
}

#endif /* XENLAB_BACKEND_H */

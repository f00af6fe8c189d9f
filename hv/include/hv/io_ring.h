/*
 * io_ring.h - the hypervisor's record of shared I/O rings (io_ring.c).
 *
 * Rings live in guest memory; each end reports its moves (XENLAB_ioring
 * from guests, these calls from the hypervisor's own backends), and this
 * record keeps the four indices so every ioring.op record carries all of
 * them.
 */
#ifndef HV_IO_RING_H
#define HV_IO_RING_H

#include <public/trace.h>
#include "types.h"

#define IO_RINGS 128
#define IO_RINGS_PER_DOM 16         /* no domain takes the whole table */

/* A frontend set up ring `index` with `back`: returns the ring id. */
long io_ring_setup(uint16_t front, uint32_t index, uint16_t back,
                   uint32_t size, uint32_t kind);

/* `who` moved an index of ring `id` (see XENLAB_ioring). */
long io_ring_report(uint16_t who, uint32_t id, uint32_t op, uint32_t moved,
                    uint32_t other_prod);

/* `who` (the backend) refused something on ring `id`. */
long io_ring_bad(uint16_t who, uint32_t id, uint32_t problem, uint32_t slot,
                 uint32_t value);

/* The hypervisor moved a ring it sees whole (xenstore, its backends). */
void io_ring_trace(uint32_t id, uint32_t op, uint32_t req_prod,
                   uint32_t req_cons, uint32_t rsp_prod, uint32_t rsp_cons);

/* Forget the rings a dying domain was the frontend of. */
void io_ring_domain_destroy(uint16_t dom);

#endif /* HV_IO_RING_H */

/*
 * io_ring.c - following the shared rings of split drivers in the trace.
 *
 * The lecture's "send packet / receive packet": a frontend puts requests
 * on a ring in a page it shares with a backend, the backend answers on
 * the same ring. The ring is guest memory (or, for the hypervisor's own
 * Xen 1.0 backends, guest memory the hypervisor maps), so the hypervisor
 * learns about it only because both ends report what they do. Each end
 * knows the two producer indices (they are in the shared page) and only
 * its own consumer index:
 *
 *   frontend: req_prod (own), rsp_prod (shared), rsp_cons (own)
 *   backend:  req_prod (shared), req_cons (own), rsp_prod (own)
 *
 * so this file keeps, per ring, the latest of each and emits every
 * ioring.op record with all four: the picture hvviz draws.
 *
 * Only the two ends of a ring may report on it, so a guest cannot draw
 * someone else's ring. Recording costs a hypercall per report; callers
 * learn from the result whether anyone records ring traffic right now.
 */
#include <hv/domain.h>
#include <hv/io_ring.h>
#include <klib.h>
#include <hv/trace.h>

struct io_ring {
    bool used;
    uint32_t id;                        /* front << 16 | index */
    domid_t front, back;
    uint32_t size, kind;
    uint32_t req_prod, req_cons, rsp_prod, rsp_cons;
};

static struct io_ring rings[IO_RINGS];

static struct io_ring *find(uint32_t id)
{
    for (unsigned int i = 0; i < IO_RINGS; i++)
        if (rings[i].used && rings[i].id == id)
            return &rings[i];
    return NULL;
}

static unsigned int rings_of(uint16_t front)
{
    unsigned int k = 0;

    for (unsigned int i = 0; i < IO_RINGS; i++)
        k += rings[i].used && rings[i].front == front;
    return k;
}

long io_ring_setup(uint16_t front, uint32_t index, uint16_t back,
                   uint32_t size, uint32_t kind)
{
    uint32_t id = (uint32_t)front << 16 | (index & 0xffff);
    struct io_ring *r = find(id);

    if (index > 0xffff || !size || (size & (size - 1)) || kind < IORING_CONSOLE ||
        kind > IORING_STORE)
        return -EINVAL;
    for (unsigned int i = 0; i < IO_RINGS && !r; i++)
        if (!rings[i].used)
            r = &rings[i];
    if (!r || (!find(id) && rings_of(front) >= IO_RINGS_PER_DOM))
        return -ENOSPC;
    *r = (struct io_ring){ .used = true, .id = id, .front = front,
                           .back = back, .size = size, .kind = kind };
    TRACE(TRC_XL_IORING_SETUP, id, front, back, size, kind);
    return id;
}

static bool recording(void)
{
    return trace_mask & trace_filter_bit(TRC_XL_IORING_OP);
}

long io_ring_report(uint16_t who, uint32_t id, uint32_t op, uint32_t moved,
                    uint32_t other_prod)
{
    struct io_ring *r = find(id);
    bool front;

    if (!r)
        return -ESRCH;
    if (who != r->front && who != r->back)
        return -EPERM;
    front = who == r->front;
    switch (op) {
    case IORING_REQ_PRODUCE:
        r->req_prod = moved;
        break;
    case IORING_REQ_CONSUME:
        r->req_cons = moved;
        break;
    case IORING_RSP_PRODUCE:
        r->rsp_prod = moved;
        break;
    case IORING_RSP_CONSUME:
        r->rsp_cons = moved;
        break;
    case IORING_NOTIFY:
        break;
    default:
        return -EINVAL;
    }
    /* What the caller sees of the other direction's producer. */
    if (op != IORING_NOTIFY) {
        if (front)
            r->rsp_prod = other_prod;
        else
            r->req_prod = other_prod;
    }
    if (!recording())
        return 0;
    TRACE(TRC_XL_IORING_OP, id, r->req_prod, r->req_cons, r->rsp_prod,
          r->rsp_cons, op, r->size);
    return 1;
}

long io_ring_bad(uint16_t who, uint32_t id, uint32_t problem, uint32_t slot,
                 uint32_t value)
{
    struct io_ring *r = find(id);

    if (!r)
        return -ESRCH;
    if (who != r->back)
        return -EPERM;
    TRACE(TRC_XL_IORING_BAD, id, problem, slot, value);
    return 0;
}

void io_ring_domain_destroy(uint16_t dom)
{
    for (unsigned int i = 0; i < IO_RINGS; i++)
        if (rings[i].used && rings[i].front == dom)
            rings[i].used = false;
}

void io_ring_trace(uint32_t id, uint32_t op, uint32_t req_prod,
                   uint32_t req_cons, uint32_t rsp_prod, uint32_t rsp_cons)
{
    struct io_ring *r = find(id);

    if (!r)
        return;
    r->req_prod = req_prod;
    r->req_cons = req_cons;
    r->rsp_prod = rsp_prod;
    r->rsp_cons = rsp_cons;
    TRACE(TRC_XL_IORING_OP, id, req_prod, req_cons, rsp_prod, rsp_cons, op,
          r->size);
}

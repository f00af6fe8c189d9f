/*
 * io/ring.h - the shared request/response ring of every split driver.
 *
 * A frontend (in the guest) and a backend (in domain 0, or in the
 * hypervisor) share one page. Requests travel front -> back, responses
 * back -> front, in the same array of slots: a slot holds a request until
 * the backend has read it, then that slot's response. Four free-running
 * 32-bit counters (they wrap; only differences matter) say where each
 * side is; slot k is ring[k & (size - 1)]:
 *
 *   shared page                          private to each end
 *   +-----------------------------+
 *   | req_prod   req_event        |      front: req_prod_pvt, rsp_cons
 *   | rsp_prod   rsp_event        |      back:  rsp_prod_pvt, req_cons
 *   | (pad to 64 bytes)           |
 *   | ring[0 .. size-1]           |      size: a power of two, as many
 *   +-----------------------------+      slots as fit in the page
 *
 *   rsp_cons <= rsp_prod <= req_cons <= req_prod      (modulo 2^32)
 *
 * Producers fill slots privately, then publish them all at once by
 * storing the producer index (after a write barrier). Notifications
 * (event-channel sends) are sent only when the other side asked for one:
 * each side sleeps after writing into *_event the index whose arrival
 * should wake it, and a producer notifies only if its push moved the
 * index across that value. A busy ring therefore costs few events.
 *
 * A driver declares its ring types with DEFINE_RING_TYPES(name, req, rsp)
 * and gets name_sring_t (the page), name_front_ring_t and
 * name_back_ring_t (each end's private view). The names and the layout
 * are Xen's, so the same frontends work against Xen's backends.
 */
#ifndef XENLAB_PUBLIC_IO_RING_H
#define XENLAB_PUBLIC_IO_RING_H

#include <stddef.h>
#include <stdint.h>

typedef unsigned int RING_IDX;

/* Barriers: x86 keeps stores in order (and loads), so only the compiler
 * must not reorder them; a full barrier orders a store before a later
 * load, which x86 alone does not. */
#define xen_wmb()   __asm__ volatile("" ::: "memory")
#define xen_rmb()   __asm__ volatile("" ::: "memory")
#define xen_mb()    __sync_synchronize()

/* The largest power of two <= x (x < 2^32), as a constant expression. */
#define __RD2(x)  (((x) & 0x00000002u) ? 0x2u : ((x) & 0x1u))
#define __RD4(x)  (((x) & 0x0000000cu) ? __RD2((x) >> 2) << 2 : __RD2(x))
#define __RD8(x)  (((x) & 0x000000f0u) ? __RD4((x) >> 4) << 4 : __RD4(x))
#define __RD16(x) (((x) & 0x0000ff00u) ? __RD8((x) >> 8) << 8 : __RD8(x))
#define __RD32(x) (((x) & 0xffff0000u) ? __RD16((x) >> 16) << 16 : __RD16(x))

/* Slots of ring type `name` that fit in `bytes` of shared memory. */
#define __CONST_RING_SIZE(name, bytes)                                  \
    __RD32(((bytes) - offsetof(struct name##_sring, ring)) /            \
           sizeof(((struct name##_sring *)0)->ring[0]))

/* The same, from a pointer to the shared page. */
#define __RING_SIZE(s, bytes)                                           \
    __RD32(((bytes) - ((uintptr_t)(s)->ring - (uintptr_t)(s))) /        \
           sizeof((s)->ring[0]))

#define DEFINE_RING_TYPES(name, req_t, rsp_t)                           \
union name##_sring_entry {                                              \
    req_t req;                                                          \
    rsp_t rsp;                                                          \
};                                                                      \
struct name##_sring {                                                   \
    RING_IDX req_prod, req_event;                                       \
    RING_IDX rsp_prod, rsp_event;                                       \
    uint8_t pvt_pad[4];                                                 \
    uint8_t __pad[44];                                                  \
    union name##_sring_entry ring[1];   /* as many as fit */            \
};                                                                      \
struct name##_front_ring {                                              \
    RING_IDX req_prod_pvt;                                              \
    RING_IDX rsp_cons;                                                  \
    unsigned int nr_ents;                                               \
    struct name##_sring *sring;                                         \
};                                                                      \
struct name##_back_ring {                                               \
    RING_IDX rsp_prod_pvt;                                              \
    RING_IDX req_cons;                                                  \
    unsigned int nr_ents;                                               \
    struct name##_sring *sring;                                         \
};                                                                      \
typedef struct name##_sring name##_sring_t;                             \
typedef struct name##_front_ring name##_front_ring_t;                   \
typedef struct name##_back_ring name##_back_ring_t

/* ---- Setting up ------------------------------------------------------------ */

/* Only the frontend initialises the shared page. */
#define SHARED_RING_INIT(s) do {                                        \
    (s)->req_prod = (s)->rsp_prod = 0;                                  \
    (s)->req_event = (s)->rsp_event = 1;                                \
    memset((s)->pvt_pad, 0, sizeof((s)->pvt_pad));                      \
    memset((s)->__pad, 0, sizeof((s)->__pad));                          \
} while (0)

#define FRONT_RING_INIT(r, s, bytes) do {                               \
    (r)->req_prod_pvt = 0;                                              \
    (r)->rsp_cons = 0;                                                  \
    (r)->nr_ents = __RING_SIZE(s, bytes);                               \
    (r)->sring = (s);                                                   \
} while (0)

#define BACK_RING_INIT(r, s, bytes) do {                                \
    (r)->rsp_prod_pvt = 0;                                              \
    (r)->req_cons = 0;                                                  \
    (r)->nr_ents = __RING_SIZE(s, bytes);                               \
    (r)->sring = (s);                                                   \
} while (0)

#define RING_SIZE(r)            ((r)->nr_ents)

/* Front only: slots not holding an unanswered request or unread response. */
#define RING_FREE_REQUESTS(r)                                           \
    (RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r)            (RING_FREE_REQUESTS(r) == 0)

/* Responses the front has not read yet. */
#define RING_HAS_UNCONSUMED_RESPONSES(r)                                \
    ((r)->sring->rsp_prod - (r)->rsp_cons)

/* Requests the back has not read yet, never more than free slots for
 * their responses (a frontend that lies about req_prod gets no more). */
#define RING_HAS_UNCONSUMED_REQUESTS(r) ({                              \
    unsigned int req_ = (r)->sring->req_prod - (r)->req_cons;           \
    unsigned int rsp_ = RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt); \
    req_ < rsp_ ? req_ : rsp_; })

#define RING_GET_REQUEST(r, idx)                                        \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx)                                       \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/*
 * Take a private copy of a slot before looking at it: the other end can
 * rewrite shared memory at any moment, so a value checked in the shared
 * slot might not be the value used. Backends must always do this.
 */
#define RING_COPY_REQUEST(r, idx, dst)                                  \
    (*(dst) = *(volatile __typeof__(dst))RING_GET_REQUEST(r, idx))
#define RING_COPY_RESPONSE(r, idx, dst)                                 \
    (*(dst) = *(volatile __typeof__(dst))RING_GET_RESPONSE(r, idx))

/* Back: would reading request `cons` overrun the responses? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons)                             \
    (((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))

/* A frontend that claims more requests than the ring holds is broken. */
#define RING_REQUEST_PROD_OVERFLOW(r, prod)                             \
    (((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))

/* A backend that claims more responses than requests is broken. */
#define RING_RESPONSE_PROD_OVERFLOW(r, prod)                            \
    (((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* ---- Publishing, and whether to notify ------------------------------------- */

#define RING_PUSH_REQUESTS(r) do {                                      \
    xen_wmb();                                                          \
    (r)->sring->req_prod = (r)->req_prod_pvt;                           \
} while (0)

#define RING_PUSH_RESPONSES(r) do {                                     \
    xen_wmb();                                                          \
    (r)->sring->rsp_prod = (r)->rsp_prod_pvt;                           \
} while (0)

/*
 * Publish, and set notify if the other side asked to be woken by an
 * index in (old, new]: it is asleep waiting for one of these.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) do {             \
    RING_IDX old_ = (r)->sring->req_prod;                               \
    RING_IDX new_ = (r)->req_prod_pvt;                                  \
    xen_wmb();                                                          \
    (r)->sring->req_prod = new_;                                        \
    xen_mb();                                                           \
    (notify) = (RING_IDX)(new_ - (r)->sring->req_event) <               \
               (RING_IDX)(new_ - old_);                                 \
} while (0)

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) do {            \
    RING_IDX old_ = (r)->sring->rsp_prod;                               \
    RING_IDX new_ = (r)->rsp_prod_pvt;                                  \
    xen_wmb();                                                          \
    (r)->sring->rsp_prod = new_;                                        \
    xen_mb();                                                           \
    (notify) = (RING_IDX)(new_ - (r)->sring->rsp_event) <               \
               (RING_IDX)(new_ - old_);                                 \
} while (0)

/*
 * Before going to sleep: ask to be woken by the next request (or
 * response), then look once more, since one may have arrived just before
 * the request to be woken was visible. more_to_do says: do not sleep.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, more_to_do) do {               \
    (more_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                     \
    if (more_to_do)                                                     \
        break;                                                          \
    (r)->sring->req_event = (r)->req_cons + 1;                          \
    xen_mb();                                                           \
    (more_to_do) = RING_HAS_UNCONSUMED_REQUESTS(r);                     \
} while (0)

#define RING_FINAL_CHECK_FOR_RESPONSES(r, more_to_do) do {              \
    (more_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                    \
    if (more_to_do)                                                     \
        break;                                                          \
    (r)->sring->rsp_event = (r)->rsp_cons + 1;                          \
    xen_mb();                                                           \
    (more_to_do) = RING_HAS_UNCONSUMED_RESPONSES(r);                    \
} while (0)

#endif /* XENLAB_PUBLIC_IO_RING_H */

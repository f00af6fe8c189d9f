/*
 * io/console.h - the PV console ring of a domU.
 *
 * Not a request/response ring: two byte pipes in one page (the page
 * start_info.console.domU.mfn names, with the event channel beside it).
 * The guest produces output bytes (out_prod) that the console backend in
 * domain 0 consumes (out_cons), and consumes input (in_cons) the backend
 * produces (in_prod). Indices run freely; MASK_XENCONS_IDX folds them
 * into a pipe, whose size is a power of two.
 */
#ifndef XENLAB_PUBLIC_IO_CONSOLE_H
#define XENLAB_PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* backend -> guest (keyboard) */
    char out[2048];             /* guest -> backend (screen) */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

#endif /* XENLAB_PUBLIC_IO_CONSOLE_H */

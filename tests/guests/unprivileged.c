/*
 * unprivileged.c - what xenlab's own hypercall lets an ordinary domain do.
 *
 * xenlab_op (public/xenlab.h) is the course's hypercall: checkpoints,
 * marks, counters a guest reads about itself. A few of its commands reach
 * further than the caller: where the hypervisor runs for everyone, a
 * long loop inside the hypervisor, another domain's memory target, the
 * shared table of traced rings. Domain 1 tries each; only domain 0 may
 * do the first three, and the table gives each domain a share, so none
 * of these can change the machine for the others.
 */
#include "guest/io.h"
#include "guest/libguest.h"

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond))                                                      \
            guest_exit(RESULT_FAILURE, __VA_ARGS__);                      \
    } while (0)

#define RING_TRIES 200

static void try_global_switches(void)
{
    long rc = HYPERVISOR_xenlab_op(XENLAB_hv_space, 1, 0, 0, 0);

    CHECK(rc == -XEN_EPERM, "moving the hypervisor's address space: %ld", rc);
    rc = HYPERVISOR_xenlab_op(XENLAB_native_pte, 100000, 0, 0, 0);
    CHECK(rc == -XEN_EPERM, "100000 native PTE writes in ring 0: %ld", rc);
    rc = HYPERVISOR_xenlab_op(XENLAB_set_target, 0, 1, 0, 0);
    CHECK(rc == -XEN_EPERM, "shrinking domain 0's target: %ld", rc);
}

/* Ask for traced rings until the hypervisor says no: a share, not all. */
static void try_ring_table(void)
{
    unsigned int got = 0;
    long rc = 0;

    while (got < RING_TRIES) {
        rc = HYPERVISOR_xenlab_op(XENLAB_ioring_setup, 100 + got, 0, 32,
                                  IORING_BLOCK);
        if (rc < 0)
            break;
        got++;
    }
    CHECK(rc == -XEN_ENOSPC, "ring %u of the table: %ld", got, rc);
    CHECK(got <= 16, "one domain took %u traced rings", got);
    printf("traced rings: %u, then -ENOSPC\n", got);
}

void guest_main(void)
{
    try_global_switches();
    try_ring_table();
    guest_exit(RESULT_SUCCESS, "every machine-wide xenlab_op refused");
}

/*
 * dom0.c - lesson 10, domain 0: the driver domain.
 *
 * Domain 0 runs the backends (libguest's driver_domain.c): the console
 * backend for every domU, a ramdisk for the client's disk, and the bridge
 * that connects the client's and the echo domain's network interfaces.
 * It serves until both have gone, then says what it did.
 */
#include "guest/io.h"

#define LESSON 10

static void count_domu(unsigned long id, void *arg)
{
    *(unsigned int *)arg += id != 0 && id < DOMID_FIRST_RESERVED;
}

/* Serve as long as some other domain is still in xenstore. */
static bool domus_alive(void)
{
    unsigned int n = 0;

    xenbus_each_id("/local/domain", count_domu, &n);
    return n != 0;
}

void guest_main(void)
{
    const struct backend_totals *t;

    printf("domain 0: serving consoles, disks and network interfaces\n");
    backends_run(domus_alive);
    t = backends_totals();
    printf("domain 0: %u block requests served (%u refused), %u packets "
           "bridged, %u console lines\n", t->blk_requests, t->blk_refused,
           t->net_forwarded, t->console_lines);
    guest_mark(LESSON, 3, t->blk_requests, t->net_forwarded);
    guest_exit(RESULT_SUCCESS, "driver domain");
}

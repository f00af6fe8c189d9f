/*
 * serve.c - a domain 0 that is only a driver domain (Xen 2.0).
 *
 * It runs libguest's backends (driver_domain.c, consback.c) for every
 * other domain - consoles, ramdisks, the network bridge - until all of
 * them have gone, then prints what it did. Lessons 10 and 11, the I/O
 * tests and the I/O bench boot it as domain 0 beside their own domUs.
 */
#include "guest/io.h"

void guest_main(void)
{
    const struct backend_totals *t;

    printf("domain 0: serving consoles, disks and network interfaces\n");
    backends_run(backends_others_alive);
    t = backends_totals();
    printf("domain 0: %u block requests served (%u refused), %u packets "
           "bridged, %u answered, %u dropped, %u refused, %u console lines\n",
           t->blk_requests, t->blk_refused, t->net_forwarded, t->net_answered,
           t->net_dropped, t->net_refused, t->console_lines);
    guest_exit(RESULT_SUCCESS, "driver domain");
}

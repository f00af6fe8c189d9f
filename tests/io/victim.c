/*
 * victim.c - the domain hostile.c attacks, and the proof that it failed.
 *
 * It fills its disk with a pattern, lets the hostile domain know it is
 * there, and waits while it attacks. Then it reads its whole disk back
 * and pings its bridge: the data must be intact and domain 0's backends
 * must still be serving it, whatever the hostile domain did to its own
 * rings on the way out.
 */
#include "guest/io.h"

#define PINGS 100

static void pattern(uint32_t page, uint8_t *p, void *arg)
{
    for (unsigned int i = 0; i < 4096; i++)
        p[i] = (uint8_t)(page * 31u + i * 7u + 1u);
}

void guest_main(void)
{
    struct net_ping_result r;
    uint32_t pages, written, intact;

    if (blkfront_connect() || netfront_connect())
        guest_exit(RESULT_ERROR, "a device did not connect");
    pages = (uint32_t)(blkfront_sectors() / 8);
    written = blkfront_pages(true, 0, pages, pattern, NULL);
    xenbus_mkdir("victim");
    xenbus_set_perms("victim", 1, 2);
    xenbus_printf("victim", "ready", "1");
    printf("victim: %u pages written; waiting for the attack\n", written);
    /* The hostile domain's directory goes when it has finished. */
    xenbus_wait_read("/local/domain/2/attack/started");
    xenbus_wait_gone("/local/domain/2/attack");

    intact = blkfront_pages(false, 0, pages, pattern, NULL);
    net_ping(net_bridge_mac, PINGS, 200, 8, &r);
    printf("victim: %u of %u pages intact, %u of %u pings answered\n", intact,
           pages, r.received, PINGS);
    blkfront_disconnect();
    netfront_disconnect();
    if (written != pages || intact != pages || r.received != PINGS)
        guest_exit(RESULT_FAILURE, "the attack got through");
    guest_exit(RESULT_SUCCESS, "disk intact, network served");
}

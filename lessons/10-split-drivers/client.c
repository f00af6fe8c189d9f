/*
 * client.c - lesson 10, domain 1: a guest with a disk, a network
 * interface and a PV console, all served by domain 0.
 *
 * Step 1 connects the three frontends (watch xenstore.op and
 * ioring.setup records); step 2 writes sectors to the disk and reads
 * them back (the block ring moving); step 3 pings the echo domain through
 * domain 0's bridge (the two network rings of both domains); step 4
 * closes the devices.
 */
#include "guest/io.h"
#include "backends/netback.h"

#define LESSON   10
#define REQUESTS 64                     /* block requests each way */
#define PINGS    100

static void fill(uint32_t page, uint8_t *p, void *arg)
{
    for (unsigned int i = 0; i < 4096; i++)
        p[i] = (uint8_t)(page * 13u + i);
}

void guest_main(void)
{
    struct net_ping_result r;
    uint8_t echo_mac[ETH_ALEN];
    uint32_t written, verified;

    guest_checkpoint(LESSON, 1);
    if (xencons_init())
        guest_exit(RESULT_ERROR, "no console ring");
    printf("this line went through my console ring and domain 0\n");
    if (blkfront_connect() || netfront_connect())
        guest_exit(RESULT_FAILURE, "a device did not connect");
    printf("disk: %llu sectors, backend in d%u; network: backend in d%u\n",
           (unsigned long long)blkfront_sectors(), blkfront_backend(),
           netfront_backend());

    guest_checkpoint(LESSON, 2);
    written = blkfront_pages(true, 0, REQUESTS, fill, NULL);
    verified = blkfront_pages(false, 0, REQUESTS, fill, NULL);
    printf("disk: %u pages written, %u read back intact\n", written, verified);
    guest_mark(LESSON, 1, written, verified);

    guest_checkpoint(LESSON, 3);
    netback_mac_for(2, echo_mac);
    net_ping(echo_mac, PINGS, 256, 8, &r);
    printf("ping d2: %u sent, %u replies intact, %u corrupt; %llu bytes both "
           "ways in %llu us (%llu KB/s)\n", r.sent, r.received, r.corrupt,
           (unsigned long long)r.bytes, (unsigned long long)(r.ns / 1000),
           (unsigned long long)(r.ns ? r.bytes * 1000000 / r.ns : 0));
    guest_mark(LESSON, 2, r.received, r.corrupt);
    net_echo_done(echo_mac);

    guest_checkpoint(LESSON, 4);
    blkfront_disconnect();
    netfront_disconnect();
    if (written != REQUESTS || verified != REQUESTS || r.received != PINGS)
        guest_exit(RESULT_FAILURE, "lost or damaged I/O");
    guest_exit(RESULT_SUCCESS, "split drivers");
}

/*
 * stress.c - 100,000 block requests and 100,000 pings, every byte checked.
 *
 * Booted as two domains beside a driver domain (or with io_backend=hv):
 *   role=load   writes and reads back its disk, 200 rounds of 250 pages
 *               (100,000 requests), then pings the echo domain 100,000
 *               times with payloads of changing sizes;
 *   role=echo   answers pings until the load domain says it is done.
 * Each prints its counts; the test script checks them against each other
 * and against what the backends counted. Nothing lost, nothing damaged.
 */
#include "guest/io.h"
#include "backends/netback.h"

#define ROUNDS      200
#define PAGES       250                 /* of the 1 MB disk (256) */
#define PINGS       100000u
#define BATCH       1000u

/* Round r's contents of a page: different every round. */
static void pattern(uint32_t page, uint8_t *p, void *arg)
{
    uint32_t r = *(uint32_t *)arg, x = page * 2654435761u ^ r * 40503u;

    for (unsigned int i = 0; i < 4096; i += 4) {
        x = x * 1103515245u + 12345u;
        memcpy(p + i, &x, 4);
    }
}

static void load(void)
{
    uint32_t requests = 0, intact = 0, sent = 0, received = 0, corrupt = 0;
    uint64_t bytes = 0, ns = 0;
    uint8_t echo[ETH_ALEN];

    for (uint32_t r = 0; r < ROUNDS; r++) {
        intact += blkfront_pages(true, 0, PAGES, pattern, &r);
        intact += blkfront_pages(false, 0, PAGES, pattern, &r);
        requests += 2 * PAGES;
    }
    printf("stress: block %u requests, %u intact\n", requests, intact);

    netback_mac_for(2, echo);
    for (uint32_t b = 0; b < PINGS / BATCH; b++) {
        struct net_ping_result res;

        net_ping(echo, BATCH, 46 + (b * 131) % 1400, 16, &res);
        sent += res.sent;
        received += res.received;
        corrupt += res.corrupt;
        bytes += res.bytes;
        ns += res.ns;
    }
    net_echo_done(echo);
    printf("stress: ping %u sent, %u intact, %u corrupt, %llu bytes in %llu ms\n",
           sent, received, corrupt, (unsigned long long)bytes,
           (unsigned long long)(ns / 1000000));
    guest_mark(0, 1, requests, intact);
    guest_mark(0, 2, sent, received);
    if (intact != requests || received != PINGS || corrupt)
        guest_exit(RESULT_FAILURE, "lost or damaged I/O");
}

/* Is `word` one of the words of our command line? */
static bool has_word(const char *word)
{
    size_t n = strlen(word);

    for (const char *p = start_info->cmd_line; *p; p++)
        if ((p == start_info->cmd_line || p[-1] == ' ') && !strncmp(p, word, n) &&
            (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

void guest_main(void)
{
    bool echo = has_word("role=echo");

    if (netfront_connect() || (!echo && blkfront_connect()))
        guest_exit(RESULT_ERROR, "a device did not connect");
    if (echo) {
        printf("stress: echo answered %u pings\n", net_echo_serve());
    } else {
        load();
        blkfront_disconnect();
    }
    netfront_disconnect();
    guest_exit(RESULT_SUCCESS, "%s", echo ? "echo" : "load");
}

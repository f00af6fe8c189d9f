/*
 * bench.c - what inter-domain I/O costs, measured from a domU.
 *
 * Domain 1 ("bench") measures, with rdtsc (instructions under QEMU
 * -icount shift=0, where time is virtual: one instruction, one
 * nanosecond):
 *   pingpong    an event to domain 2 and one back, per round trip;
 *   block       4 KB reads and writes of its ramdisk, 32 in flight;
 *   net         1024-byte echo requests to its bridge, 16 in flight;
 * touching the data as little as it can (the lessons and tests check
 * every byte; here it would be most of what is measured).
 * and prints "bench: KEY VALUE" lines for bench/io.sh. Where the disk
 * and network backends run (domain 0 or the hypervisor) is the boot's
 * io_backend= option: the same kernel measures both designs.
 * Domain 2 ("partner", role=partner) answers each event with one.
 */
#include "guest/io.h"

#define ROUND_TRIPS 2000
#define DISK_PASSES 4
#define DISK_PAGES  256                 /* the 1 MB ramdisk */
#define PINGS       4000
#define PAYLOAD     1024
#define MINE        "bench"

static volatile uint32_t events;
static evtchn_port_t port;

static void count_event(evtchn_port_t p)
{
    events++;
}

static void answer_event(evtchn_port_t p)
{
    evtchn_notify(port);
}

static bool reached(void *want)
{
    return events >= *(uint32_t *)want;
}

static void report(const char *key, uint64_t value)
{
    printf("bench: %s %llu\n", key, (unsigned long long)value);
}

/* Per-second and per-item figures from a count, bytes, cycles and ns. */
static void rates(const char *what, uint64_t items, uint64_t bytes,
                  uint64_t cycles, uint64_t ns)
{
    char key[32];

    snprintf(key, sizeof(key), "%s_per_s", what);
    report(key, items * 1000000000ull / ns);
    snprintf(key, sizeof(key), "%s_bytes_per_s", what);
    report(key, bytes * 1000000000ull / ns);
    snprintf(key, sizeof(key), "%s_cycles", what);
    report(key, cycles / items);
}

static void pingpong(void)
{
    uint64_t t0;

    port = evtchn_alloc_unbound(2);
    guest_bind_port(port, count_event);
    xenbus_mkdir(MINE);
    xenbus_set_perms(MINE, 1, 2);
    xenbus_printf(MINE, "port", "%u", port);
    guest_wait(reached, &(uint32_t){ 1 });      /* the partner's hello */
    events = 0;
    t0 = rdtsc();
    for (uint32_t i = 1; i <= ROUND_TRIPS; i++) {
        evtchn_notify(port);
        guest_wait(reached, &i);
    }
    report("pingpong_cycles", (rdtsc() - t0) / ROUND_TRIPS);
}

static void disk(void)
{
    uint32_t queued = 0, done = 0, good = 0, n = 2 * DISK_PASSES * DISK_PAGES;
    uint64_t t0 = rdtsc(), n0 = guest_now_ns();

    while (done < n) {
        int16_t status;

        /* Each pass over the disk writes it, the next one reads it. */
        while (queued < n && blkfront_queue((queued / DISK_PAGES) % 2 == 0,
                                            (queued % DISK_PAGES) * 8ull, 8) >= 0)
            queued++;
        blkfront_push();
        while (blkfront_complete(&status) >= 0) {
            done++;
            good += status == BLKIF_RSP_OKAY;
        }
        if (done < queued)
            blkfront_wait();
    }
    if (good != n)
        guest_exit(RESULT_FAILURE, "block requests failed");
    rates("blk", n, (uint64_t)n * 4096, rdtsc() - t0, guest_now_ns() - n0);
}

/* Echo requests to the bridge, 16 in flight; every reply counted. */
static void network(void)
{
    static uint8_t frame[ETH_HLEN + PAYLOAD], in[ETH_FRAME_MAX];
    uint32_t sent = 0, got = 0;
    uint64_t t0 = rdtsc(), n0 = guest_now_ns();
    const uint32_t request = 1;         /* NET_ECHO_REQUEST */

    memcpy(frame, net_bridge_mac, ETH_ALEN);
    memcpy(frame + ETH_ALEN, netfront_mac(), ETH_ALEN);
    frame[12] = 0x88;                   /* ETH_P_XENLAB_ECHO */
    frame[13] = 0xb5;
    memcpy(frame + ETH_HLEN, &request, sizeof(request));
    while (got < PINGS) {
        int len;

        while (sent < PINGS && sent - got < 16 && netfront_send(frame, sizeof(frame)) == 0)
            sent++;
        len = netfront_recv(in, sizeof(in));
        if (len == (int)sizeof(frame))
            got++;
        else if (len == 0)
            netfront_wait();
        else
            guest_exit(RESULT_FAILURE, "a bad reply (%d bytes)", len);
    }
    rates("net", got, 2ull * got * sizeof(frame), rdtsc() - t0, guest_now_ns() - n0);
}

static void partner(void)
{
    long local;

    port = 0;
    local = evtchn_bind(1, (evtchn_port_t)xenbus_wait_read("/local/domain/1/" MINE "/port"));
    if (local < 0)
        guest_exit(RESULT_ERROR, "cannot bind to the bench's port");
    port = (evtchn_port_t)local;
    guest_bind_port(port, answer_event);
    evtchn_notify(port);                        /* hello: bound */
    xenbus_wait_gone("/local/domain/1/" MINE);  /* until the bench ends */
    guest_exit(RESULT_SUCCESS, "partner");
}

void guest_main(void)
{
    if (strcmp(start_info->cmd_line, "role=partner") == 0)
        partner();
    if (blkfront_connect() || netfront_connect())
        guest_exit(RESULT_ERROR, "a device did not connect");
    report("backend_in_hypervisor", blkfront_backend() == DOMID_XEN);
    pingpong();
    disk();
    network();
    blkfront_disconnect();
    netfront_disconnect();
    guest_exit(RESULT_SUCCESS, "bench");
}

/*
 * net_echo.c - ping, the way xenlab's lessons send and receive packets.
 *
 * Not ICMP (that needs IP and ARP around it) but the same idea on bare
 * Ethernet: an echo request (ethertype 0x88b5, IEEE's "local
 * experimental") carries a sequence number and a payload whose every byte
 * follows from the sequence number, with a checksum; whoever it is sent
 * to sends it back as a reply. The pinger checks each reply byte for
 * byte, so a packet lost, duplicated, reordered or corrupted on the way
 * through a backend is caught and counted.
 *
 *   | dst mac | src mac | 88 b5 | kind seq len sum | payload ... |
 *
 * The pinger keeps at most `window` requests in flight, fewer than the
 * empty pages each side has posted, so no bridge ever has to drop one.
 * Backends' bridges answer requests sent to their own address
 * (fe:ff:ff:ff:ff:ff) themselves; net_echo_serve() answers in a guest.
 */
#include "io.h"
#include "backends/netback.h"

#define HDR (ETH_HLEN + sizeof(struct net_echo))

const uint8_t net_bridge_mac[ETH_ALEN] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t frame[ETH_FRAME_MAX];

static uint8_t pattern(uint32_t seq, uint32_t i)
{
    return (uint8_t)(seq * 31u + i * 7u + (i >> 8));
}

static uint32_t checksum(const uint8_t *p, uint32_t len)
{
    uint32_t s = 0;

    for (uint32_t i = 0; i < len; i++)
        s = (s << 5 | s >> 27) ^ p[i];
    return s;
}

static unsigned int build(const uint8_t *dst, uint32_t kind, uint32_t seq,
                          uint32_t len)
{
    struct net_echo e = { kind, seq, len, 0 };

    memcpy(frame, dst, ETH_ALEN);
    memcpy(frame + ETH_ALEN, netfront_mac(), ETH_ALEN);
    frame[12] = ETH_P_XENLAB_ECHO >> 8;
    frame[13] = ETH_P_XENLAB_ECHO & 0xff;
    for (uint32_t i = 0; i < len; i++)
        frame[HDR + i] = pattern(seq, i);
    e.sum = checksum(frame + HDR, len);
    memcpy(frame + ETH_HLEN, &e, sizeof(e));
    return (unsigned int)(HDR + len);
}

/* Send, waiting for a free tx buffer if all are in flight. */
static void send(unsigned int len)
{
    while (netfront_send(frame, len) == -XEN_EAGAIN)
        netfront_wait();
}

static bool is_echo(const uint8_t *p, int len, struct net_echo *e)
{
    if (len < (int)HDR || p[12] != ETH_P_XENLAB_ECHO >> 8 ||
        p[13] != (ETH_P_XENLAB_ECHO & 0xff))
        return false;
    memcpy(e, p + ETH_HLEN, sizeof(*e));
    return true;
}

int net_ping(const uint8_t *dst, uint32_t count, uint32_t payload,
             uint32_t window, struct net_ping_result *r)
{
    static uint8_t in[ETH_FRAME_MAX];
    uint64_t start = guest_now_ns(), last_progress = start;
    uint32_t next = 0;

    memset(r, 0, sizeof(*r));
    if (payload > ETH_FRAME_MAX - HDR || window == 0 || window >= NETFRONT_RX)
        return -XEN_EINVAL;
    while (r->received + r->corrupt < count) {
        struct net_echo e;
        int len;

        while (next < count && next - (r->received + r->corrupt) < window &&
               netfront_send(frame, build(dst, NET_ECHO_REQUEST, next, payload)) == 0)
            next++;
        len = netfront_recv(in, sizeof(in));
        if (len == 0) {
            if (guest_now_ns() - last_progress > 2000000000ull)
                break;                  /* two seconds and nothing: lost */
            netfront_wait();
            continue;
        }
        last_progress = guest_now_ns();
        if (!is_echo(in, len, &e) || e.kind != NET_ECHO_REPLY)
            continue;                   /* not ours (a broadcast...) */
        if (e.seq != r->received + r->corrupt || e.len != payload ||
            (uint32_t)len != HDR + payload ||
            checksum(in + HDR, e.len) != e.sum ||
            memcmp(in, frame + ETH_ALEN, ETH_ALEN) ||
            memcmp(in + ETH_ALEN, dst, ETH_ALEN)) {
            r->corrupt++;
            continue;
        }
        for (uint32_t i = 0; i < payload; i++)
            if (in[HDR + i] != pattern(e.seq, i)) {
                r->corrupt++;
                goto next_reply;
            }
        r->received++;
        r->bytes += 2ull * len;
next_reply:;
    }
    r->sent = next;
    r->ns = guest_now_ns() - start;
    return 0;
}

void net_echo_done(const uint8_t *dst)
{
    send(build(dst, NET_ECHO_DONE, 0, 0));
}

uint32_t net_echo_serve(void)
{
    static uint8_t in[ETH_FRAME_MAX];
    uint32_t answered = 0;

    for (;;) {
        struct net_echo e;
        int len = netfront_recv(in, sizeof(in));

        if (len == 0) {
            netfront_wait();
            continue;
        }
        if (!is_echo(in, len, &e) || memcmp(in, netfront_mac(), ETH_ALEN))
            continue;
        if (e.kind == NET_ECHO_DONE)
            return answered;
        if (e.kind != NET_ECHO_REQUEST)
            continue;
        e.kind = NET_ECHO_REPLY;
        memcpy(frame, in + ETH_ALEN, ETH_ALEN);
        memcpy(frame + ETH_ALEN, netfront_mac(), ETH_ALEN);
        memcpy(frame + 12, in + 12, (size_t)len - 12);
        memcpy(frame + ETH_HLEN, &e, sizeof(e));
        send((unsigned int)len);
        answered++;
    }
}

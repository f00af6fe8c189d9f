/*
 * tracegen.c - a synthetic but well-formed trace, for replay, benches and
 * fuzzing, made by the hypervisor's own trace code.
 *
 * Nothing here encodes a record by hand: events go through
 * trace_event_dom() into the real per-CPU ring (hv/common/trace.c), and
 * trace_drain() frames them with the real COBS + CRC encoder
 * (hv/common/trace_wire.c) into a sink that writes stdout. So the stream
 * has exactly the shape a booted hypervisor produces, LOST records
 * included: with --lossy the ring is drained more slowly than it fills.
 *
 * The story it tells is a small, consistent machine: four domains (dom0,
 * two PV guests, one HVM guest) on one CPU, taking turns; each turn makes
 * hypercalls, traps, page faults and privileged instructions with their
 * ring transitions; TLB flushes with every reason; balloon steps that
 * move pages between the guests and the free pool (pages are conserved);
 * an I/O ring whose indices advance as a frontend and backend would move
 * them, with event-channel notifications; grants; SVM exits.
 *
 *   tracegen [--events N] [--rate EV_PER_S] [--seed S] [--lossy]
 *            [--flood] [--garbage PER_MILLE] > trace.bin
 *
 * Time: the TSC runs at 2 GHz; events are spaced randomly so that the
 * trace has about --rate events per second of trace time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hv/arch.h>
#include <hv/trace.h>
#include <public/vcpu.h>
#include <public/xenlab.h>

#define TSC_KHZ     2000000u
#define RING_SLOTS  4096u
#define NR_DOMS     4
#define IORING_SIZE 32u

/* ---- The architecture under hv/common: a TSC we advance ourselves ---- */

static uint64_t fake_tsc = 1000000;

uint64_t arch_rdtsc(void)
{
    return fake_tsc;
}

unsigned int arch_cpu_id(void)
{
    return 0;
}

const void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    (void)pa;
    (void)len;
    return NULL;
}

void arch_exit(int code)
{
    exit(code);
}

/* ---- Output: frames to stdout, optionally damaged ---- */

static uint8_t outbuf[1 << 16];
static size_t outlen;
static unsigned int garbage_per_mille;
static uint64_t rng_state = 88172645463325252ull;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static void flush_out(void)
{
    size_t off = 0;

    /* No <errno.h> here: the hypervisor's headers define Xen's errno
     * names. A reader that goes away ends us with SIGPIPE. */
    while (off < outlen) {
        ssize_t n = write(1, outbuf + off, outlen - off);

        if (n <= 0)
            exit(1);
        off += (size_t)n;
    }
    outlen = 0;
}

static void sink_write(const uint8_t *bytes, size_t len)
{
    if (outlen + len > sizeof(outbuf))
        flush_out();
    memcpy(outbuf + outlen, bytes, len);
    if (garbage_per_mille && rnd() % 1000 < garbage_per_mille)
        outbuf[outlen + rnd() % len] ^= (uint8_t)(1 + rnd() % 255);
    outlen += len;
}

static const struct trace_sink stdout_sink = { sink_write };

/* ---- The story ---- */

struct dom {
    uint32_t pages, target, max;
    uint8_t ring;               /* where its vCPU is now: 0, 1 or 3 */
};

static struct dom doms[NR_DOMS];
static uint32_t free_pages = 20000;
static uint32_t mean_gap;       /* TSC ticks between events */
static uint64_t emitted, wanted;
static int lossy;
static uint32_t req_prod, req_cons, rsp_prod, rsp_cons;

static void ev(uint32_t id, uint16_t dom, const uint32_t *d, unsigned int n)
{
    fake_tsc += mean_gap / 2 + rnd() % (mean_gap + 1);
    trace_event_dom(id, dom, 0, d, n);
    emitted++;
    /* A healthy hypervisor drains everything; a lossy one drains 3/4 of
     * what it records, so the ring fills and LOST records appear. */
    if (!lossy)
        trace_drain(0);
    else if (emitted % 64 == 0)
        trace_drain(48);
}

#define EV(id, dom, ...)                                                \
    ev((id), (dom), (const uint32_t[]){ __VA_ARGS__ },                  \
       sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static void ring_to(uint16_t dom, uint32_t to, uint32_t cause, uint32_t vec)
{
    EV(TRC_XL_RING_TRANSITION, dom, doms[dom].ring, to, cause, vec,
       0xc0100000u + rnd() % 0x10000);
    doms[dom].ring = (uint8_t)to;
}

static void hypercall(uint16_t dom, uint32_t op, int32_t result)
{
    uint32_t back = doms[dom].ring;

    ring_to(dom, 0, RING_HYPERCALL, 0x82);
    EV(TRC_PV_HYPERCALL, dom, op, (uint32_t)result, rnd(), rnd() % 64, 0, 0, 0);
    ring_to(dom, back, RING_IRET, 0x82);
}

static void tlb(uint16_t dom, uint32_t reason, uint32_t scope)
{
    EV(TRC_XL_TLB_FLUSH, dom, reason, scope,
       scope == TLB_SCOPE_PAGE ? 0x08048000u + (rnd() % 256) * 4096 : 0, dom);
}

static void pv_turn(uint16_t dom)
{
    static const uint32_t ops[] = { 1, 14, 17, 18, 26, 29, 32, 20, 12, 60 };
    uint32_t r = rnd() % 100;

    if (r < 50) {
        uint32_t op = ops[rnd() % (sizeof(ops) / sizeof(ops[0]))];

        hypercall(dom, op, rnd() % 16 ? 0 : -22);
        if (op == 1)
            EV(TRC_MEM_MMU_UPDATE, dom, 0x1234000u | (rnd() % 512) * 8, 0,
               0x5678067u, 0, 0, MM_OK);
        if (op == 26) {
            EV(TRC_MEM_MMUEXT_OP, dom, 5, 0x100000u, 0, 0, MM_OK);
            tlb(dom, TLB_NEW_BASEPTR, TLB_SCOPE_LOCAL);
        }
        if (op == 14)
            tlb(dom, TLB_UPDATE_VA, TLB_SCOPE_PAGE);
    } else if (r < 65) {
        /* A user process faults; the fault is bounced to the guest kernel. */
        ring_to(dom, 3, RING_IRET, 0);
        ring_to(dom, 0, RING_TRAP, 14);
        EV(TRC_PV_PAGE_FAULT, dom, 0x0804a000u + rnd() % 0x4000, 6,
           0x08048123u, 3, TRAP_BOUNCED);
        ring_to(dom, 1, RING_BOUNCE, 14);
    } else if (r < 75) {
        ring_to(dom, 0, RING_TRAP, 13);
        EV(TRC_PV_EMULATE_PRIVOP, dom, 0xc0101234u, 0xfa, 1 + rnd() % 6,
           TRAP_EMULATED, rnd() % 0x400);
        ring_to(dom, 1, RING_IRET, 13);
    } else if (r < 80) {
        ring_to(dom, 0, RING_TRAP, 6);
        EV(TRC_PV_TRAP, dom, 6, 0, 0xc0105555u, 1, TRAP_BOUNCED, 0xc0100200u);
        ring_to(dom, 1, RING_BOUNCE, 6);
    } else if (r < 86) {
        tlb(dom, TLB_INVLPG + rnd() % 2, TLB_SCOPE_PAGE + rnd() % 3);
    } else if (r < 88) {
        tlb(dom, TLB_STALE, TLB_SCOPE_LOCAL);
    } else if (r < 90) {
        ring_to(dom, 0, RING_INTERRUPT, 0x20);
        EV(TRC_XL_EVTCHN_UPCALL, dom, dom, 0, 1, 0xc0100300u);
        ring_to(dom, 1, RING_UPCALL, 0x20);
    } else {
        EV(TRC_XL_LESSON_MARK, dom, 0, 7, rnd() % 1000, 0, 0, 0, 0);
    }
}

static void balloon(uint16_t dom)
{
    struct dom *d = &doms[dom];
    uint32_t pages = 16 + rnd() % 48, dir;

    /* Move toward the target; pages leave or join the free pool. */
    if (d->pages > d->target) {
        dir = 0;
        if (pages > d->pages - d->target)
            pages = d->pages - d->target;
        d->pages -= pages;
        free_pages += pages;
    } else {
        dir = 1;
        if (pages > d->target - d->pages)
            pages = d->target - d->pages;
        if (pages > free_pages)
            pages = free_pages;
        d->pages += pages;
        free_pages -= pages;
    }
    if (d->pages == d->target)
        d->target = d->max / 4 + rnd() % (d->max * 3 / 4);
    EV(TRC_XL_BALLOON_STEP, dom, dom, dir, pages, d->pages, free_pages,
       d->target, d->max);
}

static void io(void)
{
    uint32_t ring = 1u << 16;   /* dom 1's ring 0 */
    uint32_t op;

    /* The frontend (d1) produces, the backend (d0) consumes and answers. */
    switch (rnd() % 4) {
    case 0:
        if (req_prod - rsp_cons >= IORING_SIZE)
            return;
        req_prod++;
        op = IORING_REQ_PRODUCE;
        break;
    case 1:
        if (req_cons == req_prod)
            return;
        req_cons++;
        op = IORING_REQ_CONSUME;
        break;
    case 2:
        if (rsp_prod == req_cons)
            return;
        rsp_prod++;
        op = IORING_RSP_PRODUCE;
        break;
    default:
        if (rsp_cons == rsp_prod)
            return;
        rsp_cons++;
        op = IORING_RSP_CONSUME;
        break;
    }
    /* Requests are produced and responses consumed by the frontend. */
    EV(TRC_XL_IORING_OP,
       op == IORING_REQ_PRODUCE || op == IORING_RSP_CONSUME ? 1 : 0,
       ring, req_prod, req_cons, rsp_prod, rsp_cons, op, IORING_SIZE);
    if (op == IORING_REQ_PRODUCE || op == IORING_RSP_PRODUCE) {
        uint16_t from = op == IORING_REQ_PRODUCE ? 1 : 0;

        EV(TRC_XL_IORING_OP, from, ring, req_prod, req_cons, rsp_prod,
           rsp_cons, IORING_NOTIFY, IORING_SIZE);
        EV(TRC_XL_EVTCHN_SEND, from, from, 3, 1u - from, 3, 1);
    }
}

static void hvm_turn(void)
{
    static const uint32_t codes[] = { 0x72, 0x78, 0x7b, 0x7c, 0x81, 0x400 };
    uint32_t code = codes[rnd() % 6];

    EV(TRC_HVM_VMEXIT, 3, code, 0x100000u + rnd() % 0x1000, rnd(), 0, 2);
    if (code == 0x400)
        EV(TRC_HVM_NPF, 3, 0x200000u + (rnd() % 64) * 4096, 0, 4, TRAP_FIXED);
}

static void create_domains(void)
{
    static const char names[NR_DOMS][12] = { "dom0", "guest1", "guest2", "hvm3" };

    for (uint16_t d = 0; d < NR_DOMS; d++) {
        uint32_t w[3];

        doms[d].max = d == 0 ? 4096 : 8192;
        doms[d].pages = doms[d].target = doms[d].max / 2;
        doms[d].ring = 0;
        free_pages -= doms[d].pages;
        memcpy(w, names[d], sizeof(w));
        EV(TRC_XL_DOMAIN_CREATE, DOMID_IDLE, d, doms[d].pages, doms[d].max,
           d == 0 ? 1 : d == 3 ? 2 : 0, w[0], w[1], w[2]);
        EV(TRC_SCHED_RUNSTATE_CHANGE, DOMID_IDLE, d, 0, RUNSTATE_offline,
           RUNSTATE_runnable);
        if (d != 3)
            ring_to(d, 1, RING_START, 0);
    }
    EV(TRC_XL_IORING_SETUP, 1, 1u << 16, 1, 0, IORING_SIZE, IORING_BLOCK);
    EV(TRC_XL_EVTCHN_BIND, 1, 1, 3, 2, 0, 3);
    EV(TRC_XL_GRANT_MAP, 0, 1, 8, 0, 1, 0, 0x4321);
}

static void generate(void)
{
    uint16_t cur = 0;

    create_domains();
    EV(TRC_SCHED_SWITCH, DOMID_IDLE, DOMID_IDLE, 0, 0, 0);
    while (wanted == 0 || emitted < wanted) {
        uint32_t r = rnd() % 1000;

        if (r < 8) {
            uint16_t next = (uint16_t)((cur + 1) % NR_DOMS);

            EV(TRC_SCHED_RUNSTATE_CHANGE, cur, cur, 0, RUNSTATE_running,
               RUNSTATE_runnable);
            EV(TRC_SCHED_SWITCH, DOMID_IDLE, cur, 0, next, 0);
            EV(TRC_SCHED_RUNSTATE_CHANGE, next, next, 0, RUNSTATE_runnable,
               RUNSTATE_running);
            tlb(next, TLB_DOMAIN_SWITCH, TLB_SCOPE_LOCAL);
            cur = next;
        } else if (r < 30) {
            balloon(1 + rnd() % 2);
        } else if (r < 120) {
            io();
        } else if (r < 125) {
            EV(TRC_XL_GRANT_COPY, 0, 1, 0, 512 * (1 + rnd() % 8), 0);
        } else if (cur == 3) {
            hvm_turn();
        } else {
            pv_turn(cur);
        }
    }
    trace_drain(0);
    flush_out();
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: tracegen [--events N] [--rate EV_PER_S] [--seed S] [--lossy]\n"
        "                [--flood] [--garbage PER_MILLE] > trace.bin\n"
        "Writes a synthetic xenlab trace, framed by the hypervisor's own code.\n"
        "  --events N        about N events (default 100000)\n"
        "  --rate R          events per second of trace time (default 100000)\n"
        "  --seed S          random seed (default 1)\n"
        "  --lossy           drain slower than recording: LOST records appear\n"
        "  --flood           never stop (until the reader goes away)\n"
        "  --garbage P       damage P of every 1000 frames (bad frames, gaps)\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "events", required_argument, NULL, 'n' },
        { "rate", required_argument, NULL, 'r' },
        { "seed", required_argument, NULL, 's' },
        { "lossy", no_argument, NULL, 'l' },
        { "flood", no_argument, NULL, 'f' },
        { "garbage", required_argument, NULL, 'g' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static struct trace_rec slots[RING_SLOTS];
    unsigned long rate = 100000;
    int c;

    wanted = 100000;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            wanted = strtoull(optarg, NULL, 10);
            break;
        case 'r':
            rate = strtoul(optarg, NULL, 10);
            break;
        case 's':
            rng_state ^= strtoull(optarg, NULL, 10) * 0x9e3779b97f4a7c15ull;
            break;
        case 'l':
            lossy = 1;
            break;
        case 'f':
            wanted = 0;
            break;
        case 'g':
            garbage_per_mille = (unsigned int)strtoul(optarg, NULL, 10);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc || rate == 0) {
        usage(stderr);
        return 2;
    }
    mean_gap = (uint32_t)(TSC_KHZ * 1000ull / rate);
    trace_buf_init(0, slots, RING_SLOTS);
    trace_set_sink(&stdout_sink);
    trace_start(TSC_KHZ);
    generate();
    return 0;
}

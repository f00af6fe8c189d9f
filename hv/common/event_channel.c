/*
 * event_channel.c - virtual interrupts between the hypervisor and domains.
 *
 * The lecture: Xen replaces a machine's interrupt lines with event
 * channels. Each domain has NR_EVENT_CHANNELS ports; a port is closed,
 * unbound (waiting for a peer), interdomain (wired to a peer's port),
 * virq (wired to a hypervisor source such as the timer) or ipi. Sending
 * on a port marks the other end pending in its domain's shared_info:
 *
 *   shared_info.evtchn_pending[port / 32] |= bit    (the event)
 *   unless evtchn_mask has the bit:
 *     vcpu_info.evtchn_pending_sel |= 1 << (port / 32)
 *     vcpu_info.evtchn_upcall_pending = 1          (the "interrupt line")
 *
 * and, on the way back to that guest, an upcall to its event callback
 * (traps.c). A blocked vCPU is woken. Every send, bind and upcall is
 * traced with the port and both ends.
 *
 * A port's other end may also be the hypervisor itself (remote_dom
 * DOMID_XEN): the store's port (xenstore.c) and the rings of the Xen 1.0
 * backends (hv_backend.c). A send on such a port runs the hypervisor's
 * consumer for it at once; the consumer answers with
 * evtchn_notify_from_xen().
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/trace.h>

#define EVTCHN_PAGES ((NR_EVTCHN_PORTS * sizeof(struct evtchn) + PAGE_SIZE - 1) / PAGE_SIZE)
#define WORD_BITS    32

static xen_consumer_fn xen_consumers[NR_XEN_CONSUMERS];

int evtchn_init(struct domain *d)
{
    d->evtchn = alloc_xenheap_pages(EVTCHN_PAGES);
    return d->evtchn ? 0 : -ENOMEM;
}

void evtchn_destroy(struct domain *d)
{
    /* Peers of our interdomain ports go back to "unbound". */
    for (evtchn_port_t p = 1; p < NR_EVTCHN_PORTS; p++) {
        struct evtchn *c = &d->evtchn[p];
        struct domain *peer;

        if (c->state != EVTCHNSTAT_interdomain)
            continue;
        peer = domain_lookup(c->remote_dom);
        if (peer && peer != d && peer->evtchn[c->remote_port].state ==
                                     EVTCHNSTAT_interdomain)
            peer->evtchn[c->remote_port].state = EVTCHNSTAT_unbound;
    }
    free_xenheap_pages(d->evtchn, EVTCHN_PAGES);
}

static bool test_bit(const xen_ulong_t *words, unsigned int bit)
{
    return words[bit / WORD_BITS] & (1u << (bit % WORD_BITS));
}

static bool test_and_set_bit(xen_ulong_t *words, unsigned int bit)
{
    bool was = test_bit(words, bit);

    words[bit / WORD_BITS] |= 1u << (bit % WORD_BITS);
    return was;
}

/* Mark port pending in d; make v's upcall pending unless masked. */
static void set_pending(struct domain *d, struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *si = d->shared_info;

    if (test_and_set_bit(si->evtchn_pending, port))
        return;
    if (test_bit(si->evtchn_mask, port))
        return;
    if (!test_and_set_bit(&v->vcpu_info->evtchn_pending_sel, port / WORD_BITS))
        v->vcpu_info->evtchn_upcall_pending = 1;
    vcpu_wake_for_port(v, port);
}

void send_guest_virq(struct vcpu *v, unsigned int virq)
{
    evtchn_port_t port = v->virq_to_port[virq];

    if (port)
        set_pending(v->domain, v, port);
}

bool evtchn_has_pending(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending;
}

bool evtchn_any_pending(const struct domain *d, const evtchn_port_t *ports,
                        unsigned int nr)
{
    for (unsigned int i = 0; i < nr; i++)
        if (ports[i] < NR_EVTCHN_PORTS &&
            test_bit(d->shared_info->evtchn_pending, ports[i]))
            return true;
    return false;
}

static struct vcpu *notify_vcpu(struct domain *d, const struct evtchn *c)
{
    return d->vcpu[c->notify_vcpu < d->nr_vcpus ? c->notify_vcpu : 0];
}

/* The upcall v is about to get: which port (the lowest), from whom. */
void evtchn_trace_upcall(const struct vcpu *v)
{
    const struct shared_info *si = v->domain->shared_info;
    uint32_t sel = v->vcpu_info->evtchn_pending_sel, first = 0, n = 0;
    uint32_t from = DOMID_XEN;

    if (!(trace_mask & trace_filter_bit(TRC_XL_EVTCHN_UPCALL)))
        return;
    for (unsigned int w = 0; w < WORD_BITS; w++) {
        uint32_t bits = (sel >> w & 1) ? si->evtchn_pending[w] &
                                             ~si->evtchn_mask[w] : 0;

        if (bits && !n)
            first = w * WORD_BITS + (uint32_t)__builtin_ctz(bits);
        n += (uint32_t)__builtin_popcount(bits);
    }
    if (n && v->domain->evtchn[first].state == EVTCHNSTAT_interdomain)
        from = v->domain->evtchn[first].remote_dom;
    TRACE(TRC_XL_EVTCHN_UPCALL, v->domain->domain_id, v->vcpu_id, sel,
          v->event_cb.eip, first, from, n);
}

/* ---- Operations ------------------------------------------------------------ */

static long get_free_port(struct domain *d)
{
    for (evtchn_port_t p = 1; p < NR_EVTCHN_PORTS; p++)
        if (d->evtchn[p].state == EVTCHNSTAT_closed)
            return p;
    return -ENOSPC;
}

static void trace_bind(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn *c = &d->evtchn[port];

    TRACE(TRC_XL_EVTCHN_BIND, d->domain_id, port, c->state, c->remote_dom,
          c->remote_port);
}

long evtchn_alloc_unbound_in(struct domain *d, domid_t remote)
{
    long port = get_free_port(d);

    if (port < 0)
        return port;
    d->evtchn[port].state = EVTCHNSTAT_unbound;
    d->evtchn[port].remote_dom = remote;
    d->evtchn[port].notify_vcpu = 0;
    trace_bind(d, (evtchn_port_t)port);
    return port;
}

static long alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d = domain_lookup(a->dom);
    long port;

    if (!d)
        return -ESRCH;
    if (d != current->domain && !is_privileged(current->domain))
        return -EPERM;
    port = evtchn_alloc_unbound_in(d, a->remote_dom == DOMID_SELF
                                          ? current->domain->domain_id
                                          : a->remote_dom);
    if (port < 0)
        return port;
    a->port = (evtchn_port_t)port;
    return 0;
}

static long bind_interdomain(struct evtchn_bind_interdomain *b)
{
    struct domain *ld = current->domain;
    struct domain *rd = domain_lookup(b->remote_dom);
    struct evtchn *rc;
    long port;

    if (!rd)
        return -ESRCH;
    if (b->remote_port == 0 || b->remote_port >= NR_EVTCHN_PORTS)
        return -EINVAL;
    rc = &rd->evtchn[b->remote_port];
    /* The remote end must be waiting for exactly us. */
    if (rc->state != EVTCHNSTAT_unbound || rc->remote_dom != ld->domain_id)
        return -EINVAL;
    port = get_free_port(ld);
    if (port < 0)
        return port;
    ld->evtchn[port].state = EVTCHNSTAT_interdomain;
    ld->evtchn[port].remote_dom = rd->domain_id;
    ld->evtchn[port].remote_port = (uint16_t)b->remote_port;
    ld->evtchn[port].notify_vcpu = 0;
    rc->state = EVTCHNSTAT_interdomain;
    rc->remote_dom = ld->domain_id;
    rc->remote_port = (uint16_t)port;
    b->local_port = (evtchn_port_t)port;
    trace_bind(ld, (evtchn_port_t)port);
    /* Like Xen: the new connection starts pending on our side. */
    set_pending(ld, notify_vcpu(ld, &ld->evtchn[port]), (evtchn_port_t)port);
    return 0;
}

static long bind_virq(struct evtchn_bind_virq *b)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    long port;

    if (b->virq >= NR_VIRQS)
        return -EINVAL;
    if (b->vcpu >= d->nr_vcpus)
        return -ENOENT;
    v = d->vcpu[b->vcpu];
    if (v->virq_to_port[b->virq])
        return -EEXIST;
    port = get_free_port(d);
    if (port < 0)
        return port;
    d->evtchn[port].state = EVTCHNSTAT_virq;
    d->evtchn[port].remote_port = (uint16_t)b->virq;
    d->evtchn[port].remote_dom = DOMID_XEN;
    d->evtchn[port].notify_vcpu = (uint8_t)b->vcpu;
    v->virq_to_port[b->virq] = (evtchn_port_t)port;
    b->port = (evtchn_port_t)port;
    trace_bind(d, (evtchn_port_t)port);
    return 0;
}

static long bind_ipi(struct evtchn_bind_ipi *b)
{
    struct domain *d = current->domain;
    long port;

    if (b->vcpu >= d->nr_vcpus)
        return -ENOENT;
    port = get_free_port(d);
    if (port < 0)
        return port;
    d->evtchn[port].state = EVTCHNSTAT_ipi;
    d->evtchn[port].remote_dom = d->domain_id;
    d->evtchn[port].notify_vcpu = (uint8_t)b->vcpu;
    b->port = (evtchn_port_t)port;
    trace_bind(d, (evtchn_port_t)port);
    return 0;
}

static long evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;

    if (port == 0 || port >= NR_EVTCHN_PORTS)
        return -EINVAL;
    c = &d->evtchn[port];
    switch (c->state) {
    case EVTCHNSTAT_closed:
        return -EINVAL;
    case EVTCHNSTAT_virq:
        notify_vcpu(d, c)->virq_to_port[c->remote_port] = 0;
        break;
    case EVTCHNSTAT_interdomain: {
        struct domain *peer = domain_lookup(c->remote_dom);

        if (peer && peer->evtchn[c->remote_port].state == EVTCHNSTAT_interdomain)
            peer->evtchn[c->remote_port].state = EVTCHNSTAT_unbound;
        break;
    }
    default:
        break;
    }
    memset(c, 0, sizeof(*c));
    TRACE(TRC_XL_EVTCHN_CLOSE, d->domain_id, port);
    return 0;
}

static long evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;
    struct domain *rd;
    bool was;

    if (port == 0 || port >= NR_EVTCHN_PORTS)
        return -EINVAL;
    c = &d->evtchn[port];
    switch (c->state) {
    case EVTCHNSTAT_interdomain:
        if (c->remote_dom == DOMID_XEN) {
            TRACE(TRC_XL_EVTCHN_SEND, d->domain_id, port, DOMID_XEN,
                  c->remote_port, 1);
            if (c->remote_port < NR_XEN_CONSUMERS &&
                xen_consumers[c->remote_port])
                xen_consumers[c->remote_port](d, port);
            return 0;
        }
        rd = domain_lookup(c->remote_dom);
        if (!rd)
            return -EINVAL;
        was = test_bit(rd->shared_info->evtchn_pending, c->remote_port);
        set_pending(rd, notify_vcpu(rd, &rd->evtchn[c->remote_port]),
                    c->remote_port);
        TRACE(TRC_XL_EVTCHN_SEND, d->domain_id, port, rd->domain_id,
              c->remote_port, !was);
        return 0;
    case EVTCHNSTAT_ipi:
        was = test_bit(d->shared_info->evtchn_pending, port);
        set_pending(d, notify_vcpu(d, c), port);
        TRACE(TRC_XL_EVTCHN_SEND, d->domain_id, port, d->domain_id, port, !was);
        return 0;
    case EVTCHNSTAT_unbound:
        return 0;                       /* nobody listens yet: dropped */
    default:
        return -EINVAL;
    }
}

static long evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct shared_info *si = d->shared_info;
    struct vcpu *v;

    if (port >= NR_EVTCHN_PORTS)
        return -EINVAL;
    v = notify_vcpu(d, &d->evtchn[port]);
    si->evtchn_mask[port / WORD_BITS] &= ~(1u << (port % WORD_BITS));
    /* An event that arrived while masked now reaches the vCPU. */
    if (test_bit(si->evtchn_pending, port) &&
        !test_and_set_bit(&v->vcpu_info->evtchn_pending_sel, port / WORD_BITS))
        v->vcpu_info->evtchn_upcall_pending = 1;
    return 0;
}

static long evtchn_status(struct evtchn_status *s)
{
    struct domain *d = domain_lookup(s->dom);
    struct evtchn *c;

    if (!d)
        return -ESRCH;
    if (d != current->domain && !is_privileged(current->domain))
        return -EPERM;
    if (s->port >= NR_EVTCHN_PORTS)
        return -EINVAL;
    c = &d->evtchn[s->port];
    s->status = c->state;
    s->vcpu = c->notify_vcpu;
    memset(&s->u, 0, sizeof(s->u));
    if (c->state == EVTCHNSTAT_unbound)
        s->u.unbound.dom = c->remote_dom;
    else if (c->state == EVTCHNSTAT_interdomain) {
        s->u.interdomain.dom = c->remote_dom;
        s->u.interdomain.port = c->remote_port;
    } else if (c->state == EVTCHNSTAT_virq)
        s->u.virq = c->remote_port;
    return 0;
}

/* ---- Ports served by the hypervisor ------------------------------------- */

void evtchn_set_xen_consumer(unsigned int consumer, xen_consumer_fn fn)
{
    if (consumer < NR_XEN_CONSUMERS)
        xen_consumers[consumer] = fn;
}

static void connect_xen(struct domain *d, evtchn_port_t port,
                        unsigned int consumer)
{
    d->evtchn[port].state = EVTCHNSTAT_interdomain;
    d->evtchn[port].remote_dom = DOMID_XEN;
    d->evtchn[port].remote_port = (uint16_t)consumer;
    trace_bind(d, port);
}

long evtchn_alloc_xen(struct domain *d, unsigned int consumer)
{
    long port = get_free_port(d);

    if (port > 0)
        connect_xen(d, (evtchn_port_t)port, consumer);
    return port;
}

long evtchn_bind_xen(struct domain *d, evtchn_port_t port,
                     unsigned int consumer)
{
    if (port == 0 || port >= NR_EVTCHN_PORTS ||
        d->evtchn[port].state != EVTCHNSTAT_unbound ||
        d->evtchn[port].remote_dom != DOMID_XEN)
        return -EINVAL;
    connect_xen(d, port, consumer);
    return 0;
}

void evtchn_notify_from_xen(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;
    bool was;

    if (port == 0 || port >= NR_EVTCHN_PORTS)
        return;
    c = &d->evtchn[port];
    if (c->state != EVTCHNSTAT_interdomain || c->remote_dom != DOMID_XEN)
        return;                         /* the guest closed it: dropped */
    was = test_bit(d->shared_info->evtchn_pending, port);
    set_pending(d, notify_vcpu(d, c), port);
    TRACE(TRC_XL_EVTCHN_SEND, DOMID_XEN, c->remote_port, d->domain_id, port,
          !was);
}

/* One operation on an argument already copied in; copied back after. */
static long evtchn_op(uint32_t cmd, void *arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return alloc_unbound(arg);
    case EVTCHNOP_bind_interdomain:
        return bind_interdomain(arg);
    case EVTCHNOP_bind_virq:
        return bind_virq(arg);
    case EVTCHNOP_bind_ipi:
        return bind_ipi(arg);
    case EVTCHNOP_close:
        return evtchn_close(d, ((struct evtchn_close *)arg)->port);
    case EVTCHNOP_send:
        return evtchn_send(d, ((struct evtchn_send *)arg)->port);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, ((struct evtchn_unmask *)arg)->port);
    case EVTCHNOP_status:
        return evtchn_status(arg);
    default:
        return -ENOSYS;
    }
}

static const size_t op_size[] = {
    [EVTCHNOP_bind_interdomain] = sizeof(struct evtchn_bind_interdomain),
    [EVTCHNOP_bind_virq] = sizeof(struct evtchn_bind_virq),
    [EVTCHNOP_close] = sizeof(struct evtchn_close),
    [EVTCHNOP_send] = sizeof(struct evtchn_send),
    [EVTCHNOP_status] = sizeof(struct evtchn_status),
    [EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
    [EVTCHNOP_bind_ipi] = sizeof(struct evtchn_bind_ipi),
    [EVTCHNOP_unmask] = sizeof(struct evtchn_unmask),
};

long do_evtchn_op(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                  uint32_t a5)
{
    union {
        struct evtchn_op op;
        uint8_t bytes[sizeof(struct evtchn_op)];
    } buf;
    long rc;

    if (cmd >= ARRAY_SIZE(op_size) || !op_size[cmd])
        return -ENOSYS;
    if (copy_from_guest(&buf, arg, op_size[cmd]))
        return -EFAULT;
    rc = evtchn_op(cmd, &buf);
    if (rc == 0 && copy_to_guest(arg, &buf, op_size[cmd]))
        return -EFAULT;
    return rc;
}

/* The old form: one struct with the command inside. */
long do_evtchn_op_compat(uint32_t arg, uint32_t a2, uint32_t a3, uint32_t a4,
                         uint32_t a5)
{
    struct evtchn_op op;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.cmd >= ARRAY_SIZE(op_size) || !op_size[op.cmd])
        return -ENOSYS;
    rc = evtchn_op(op.cmd, &op.u);
    if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
        return -EFAULT;
    return rc;
}

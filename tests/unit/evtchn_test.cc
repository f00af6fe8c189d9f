// evtchn_test.cc - event channels on the real hv/common/event_channel.c:
// every operation of the ABI through the real hypercall, the pending and
// selector bits an upcall is made from, the trace of each send and
// upcall, misuse (bad ports, ports not offered to you, closed ports), and
// ports whose other end is the hypervisor.
#include "io_fixture.h"

namespace {

constexpr uint32_t kArg = 0x1000;

class EvtchnTest : public IoTest {
public:
    template <typename Op>
    long op(uint32_t cmd, Op &o, domid_t as)
    {
        current = dom[as].v;
        memcpy(host_guest + kArg, &o, sizeof(o));
        long rc = do_evtchn_op(cmd, kArg, 0, 0, 0);
        memcpy(&o, host_guest + kArg, sizeof(o));
        return rc;
    }

    evtchn_port_t alloc_unbound(domid_t as, domid_t remote)
    {
        evtchn_alloc_unbound a = {};
        a.dom = DOMID_SELF;
        a.remote_dom = remote;
        EXPECT_EQ(op(EVTCHNOP_alloc_unbound, a, as), 0);
        return a.port;
    }

    long bind(domid_t as, domid_t remote, evtchn_port_t rport, evtchn_port_t *local)
    {
        evtchn_bind_interdomain b = {};
        b.remote_dom = remote;
        b.remote_port = rport;
        long rc = op(EVTCHNOP_bind_interdomain, b, as);
        *local = b.local_port;
        return rc;
    }

    long send(domid_t as, evtchn_port_t port)
    {
        evtchn_send s = {port};
        return op(EVTCHNOP_send, s, as);
    }

    long close(domid_t as, evtchn_port_t port)
    {
        evtchn_close c = {port};
        return op(EVTCHNOP_close, c, as);
    }

    evtchn_status status(domid_t as, domid_t of, evtchn_port_t port, long *rc = nullptr)
    {
        evtchn_status s = {};
        s.dom = of;
        s.port = port;
        long r = op(EVTCHNOP_status, s, as);
        if (rc)
            *rc = r;
        return s;
    }

    bool pending(domid_t id, evtchn_port_t port)
    {
        return dom[id].d->shared_info->evtchn_pending[port / 32] & (1u << (port % 32));
    }

    void clear(domid_t id)
    {
        shared_info *si = dom[id].d->shared_info;
        memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
        si->vcpu_info[0].evtchn_pending_sel = 0;
        si->vcpu_info[0].evtchn_upcall_pending = 0;
    }

    // A connected pair: d1's port p1 <-> d0's port p0.
    void connect(evtchn_port_t *p0, evtchn_port_t *p1)
    {
        *p1 = alloc_unbound(1, 0);
        ASSERT_EQ(bind(0, 1, *p1, p0), 0);
        clear(0);
        clear(1);
        io_wakes = 0;
    }
};

TEST_F(EvtchnTest, UnboundThenInterdomain)
{
    evtchn_port_t p1 = alloc_unbound(1, 0), p0;

    EXPECT_NE(p1, 0u);
    evtchn_status s = status(1, DOMID_SELF, p1);
    EXPECT_EQ(s.status, (uint32_t)EVTCHNSTAT_unbound);
    EXPECT_EQ(s.u.unbound.dom, 0);
    ASSERT_EQ(bind(0, 1, p1, &p0), 0);
    s = status(0, DOMID_SELF, p0);
    EXPECT_EQ(s.status, (uint32_t)EVTCHNSTAT_interdomain);
    EXPECT_EQ(s.u.interdomain.dom, 1);
    EXPECT_EQ(s.u.interdomain.port, p1);
    s = status(1, DOMID_SELF, p1);
    EXPECT_EQ(s.u.interdomain.dom, 0);
    EXPECT_EQ(s.u.interdomain.port, p0);
    // Like Xen: the binder's new port starts pending.
    EXPECT_TRUE(pending(0, p0));
    const trace_rec *r = last(TRC_XL_EVTCHN_BIND);
    EXPECT_EQ(r->data[0], 0u);
    EXPECT_EQ(r->data[1], p0);
    EXPECT_EQ(r->data[2], (uint32_t)EVTCHNSTAT_interdomain);
    EXPECT_EQ(r->data[3], 1u);
    EXPECT_EQ(r->data[4], p1);
}

TEST_F(EvtchnTest, SendMakesThePeerPendingAndTracesBothEnds)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);
    vcpu_info *vi = &dom[1].d->shared_info->vcpu_info[0];

    ASSERT_EQ(send(0, p0), 0);
    EXPECT_TRUE(pending(1, p1));
    EXPECT_EQ(vi->evtchn_pending_sel, 1u << (p1 / 32));
    EXPECT_EQ(vi->evtchn_upcall_pending, 1);
    EXPECT_EQ(io_wakes, 1u);
    const trace_rec *r = last(TRC_XL_EVTCHN_SEND);
    EXPECT_EQ(r->data[0], 0u);                  // from
    EXPECT_EQ(r->data[1], p0);
    EXPECT_EQ(r->data[2], 1u);                  // to
    EXPECT_EQ(r->data[3], p1);
    EXPECT_EQ(r->data[4], 1u);                  // newly pending
    ASSERT_EQ(send(0, p0), 0);
    EXPECT_EQ(last(TRC_XL_EVTCHN_SEND)->data[4], 0u);   // already was

    // The upcall d1 would get names the port and who sent it.
    dom[1].v->event_cb.eip = 0xc0001000;
    evtchn_trace_upcall(dom[1].v);
    r = last(TRC_XL_EVTCHN_UPCALL);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->data[0], 1u);
    EXPECT_EQ(r->data[3], 0xc0001000u);
    EXPECT_EQ(r->data[4], p1);
    EXPECT_EQ(r->data[5], 0u);
    EXPECT_EQ(r->data[6], 1u);
}

TEST_F(EvtchnTest, AMaskedPortWaitsForItsUnmask)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);
    shared_info *si = dom[1].d->shared_info;

    si->evtchn_mask[p1 / 32] |= 1u << (p1 % 32);
    ASSERT_EQ(send(0, p0), 0);
    EXPECT_TRUE(pending(1, p1));
    EXPECT_EQ(si->vcpu_info[0].evtchn_upcall_pending, 0);
    EXPECT_EQ(io_wakes, 0u);
    evtchn_unmask u = {p1};
    ASSERT_EQ(op(EVTCHNOP_unmask, u, 1), 0);
    EXPECT_EQ(si->vcpu_info[0].evtchn_upcall_pending, 1);
    EXPECT_FALSE(si->evtchn_mask[p1 / 32] & (1u << (p1 % 32)));
}

TEST_F(EvtchnTest, OnlyTheOfferedDomainMayBind)
{
    evtchn_port_t p1 = alloc_unbound(1, 0), got;

    auto before = status(1, DOMID_SELF, p1);
    EXPECT_EQ(bind(2, 1, p1, &got), -EINVAL);    // offered to 0, not 2
    EXPECT_EQ(bind(0, 1, 0, &got), -EINVAL);
    EXPECT_EQ(bind(0, 1, NR_EVENT_CHANNELS, &got), -EINVAL);
    EXPECT_EQ(bind(0, 1, p1 + 1, &got), -EINVAL);    // closed
    EXPECT_EQ(bind(0, 9, p1, &got), -ESRCH);
    EXPECT_EQ(bind(0, DOMID_XEN, 1, &got), -ESRCH);
    EXPECT_EQ(status(1, DOMID_SELF, p1).status, before.status);
    // Once bound, nobody else can take it.
    ASSERT_EQ(bind(0, 1, p1, &got), 0);
    EXPECT_EQ(bind(0, 1, p1, &got), -EINVAL);
}

TEST_F(EvtchnTest, BadPortsAreRefused)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);

    EXPECT_EQ(send(0, 0), -EINVAL);
    EXPECT_EQ(send(0, NR_EVENT_CHANNELS), -EINVAL);
    EXPECT_EQ(send(0, 0xffffffffu), -EINVAL);
    EXPECT_EQ(send(0, p0 + 5), -EINVAL);         // closed
    EXPECT_EQ(close(0, p0 + 5), -EINVAL);
    EXPECT_EQ(close(0, 0), -EINVAL);
    evtchn_unmask u = {NR_EVENT_CHANNELS};
    EXPECT_EQ(op(EVTCHNOP_unmask, u, 0), -EINVAL);
    long rc;
    status(1, 2, 1, &rc);                       // another's, unprivileged
    EXPECT_EQ(rc, -EPERM);
    status(0, 1, p1, &rc);                      // domain 0 may look
    EXPECT_EQ(rc, 0);
    status(0, 9, 1, &rc);
    EXPECT_EQ(rc, -ESRCH);
    evtchn_alloc_unbound a = {};
    a.dom = 2;                                  // a port in another domain
    a.remote_dom = 1;
    EXPECT_EQ(op(EVTCHNOP_alloc_unbound, a, 1), -EPERM);
    EXPECT_EQ(do_evtchn_op(EVTCHNOP_reset, kArg, 0, 0, 0), -ENOSYS);
    EXPECT_EQ(do_evtchn_op(EVTCHNOP_send, HOST_GUEST_BYTES - 2, 0, 0, 0), -EFAULT);
    EXPECT_FALSE(pending(1, p1));               // nothing reached the peer
}

TEST_F(EvtchnTest, ClosingOneEndLeavesTheOtherUnbound)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);

    ASSERT_EQ(close(1, p1), 0);
    EXPECT_EQ(status(1, DOMID_SELF, p1).status, (uint32_t)EVTCHNSTAT_closed);
    EXPECT_EQ(status(0, DOMID_SELF, p0).status, (uint32_t)EVTCHNSTAT_unbound);
    EXPECT_EQ(send(0, p0), 0);                  // nobody listens: dropped
    EXPECT_FALSE(pending(1, p1));
    EXPECT_EQ(close(1, p1), -EINVAL);
}

TEST_F(EvtchnTest, ADyingDomainsPeersGoBackToUnbound)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);

    evtchn_destroy(dom[1].d);
    EXPECT_EQ(status(0, DOMID_SELF, p0).status, (uint32_t)EVTCHNSTAT_unbound);
    ASSERT_EQ(evtchn_init(dom[1].d), 0);        // TearDown frees it again
}

TEST_F(EvtchnTest, VirqAndIpi)
{
    evtchn_bind_virq v = {};
    v.virq = VIRQ_TIMER;
    ASSERT_EQ(op(EVTCHNOP_bind_virq, v, 1), 0);
    EXPECT_EQ(op(EVTCHNOP_bind_virq, v, 1), -EEXIST);
    v.virq = NR_VIRQS;
    EXPECT_EQ(op(EVTCHNOP_bind_virq, v, 1), -EINVAL);
    v.virq = VIRQ_CONSOLE;
    v.vcpu = 5;
    EXPECT_EQ(op(EVTCHNOP_bind_virq, v, 1), -ENOENT);

    send_guest_virq(dom[1].v, VIRQ_TIMER);
    EXPECT_TRUE(pending(1, dom[1].v->virq_to_port[VIRQ_TIMER]));
    send_guest_virq(dom[1].v, VIRQ_CONSOLE);    // not bound: nothing

    evtchn_bind_ipi i = {};
    ASSERT_EQ(op(EVTCHNOP_bind_ipi, i, 1), 0);
    ASSERT_EQ(send(1, i.port), 0);
    EXPECT_TRUE(pending(1, i.port));
    i.vcpu = 3;
    EXPECT_EQ(op(EVTCHNOP_bind_ipi, i, 1), -ENOENT);
}

TEST_F(EvtchnTest, TheCompatFormDoesTheSame)
{
    evtchn_port_t p0, p1;
    connect(&p0, &p1);
    evtchn_op o = {};
    o.cmd = EVTCHNOP_send;
    o.u.send.port = p0;
    memcpy(host_guest + kArg, &o, sizeof(o));
    current = dom[0].v;
    EXPECT_EQ(do_evtchn_op_compat(kArg, 0, 0, 0, 0), 0);
    EXPECT_TRUE(pending(1, p1));
    o.cmd = 77;
    memcpy(host_guest + kArg, &o, sizeof(o));
    EXPECT_EQ(do_evtchn_op_compat(kArg, 0, 0, 0, 0), -ENOSYS);
}

// ---- ports whose other end is the hypervisor -------------------------------

struct Consumed {
    domain *d;
    evtchn_port_t port;
    int calls;
} consumed;

void consumer(domain *d, evtchn_port_t port)
{
    consumed.d = d;
    consumed.port = port;
    consumed.calls++;
}

TEST_F(EvtchnTest, APortServedByTheHypervisor)
{
    consumed = {};
    evtchn_set_xen_consumer(XEN_CONSUMER_BACKEND, consumer);
    long p = evtchn_alloc_xen(dom[1].d, XEN_CONSUMER_BACKEND);
    ASSERT_GT(p, 0);
    evtchn_status s = status(1, DOMID_SELF, (evtchn_port_t)p);
    EXPECT_EQ(s.status, (uint32_t)EVTCHNSTAT_interdomain);
    EXPECT_EQ(s.u.interdomain.dom, DOMID_XEN);

    ASSERT_EQ(send(1, (evtchn_port_t)p), 0);
    EXPECT_EQ(consumed.calls, 1);
    EXPECT_EQ(consumed.d, dom[1].d);
    EXPECT_EQ(consumed.port, (evtchn_port_t)p);
    EXPECT_EQ(last(TRC_XL_EVTCHN_SEND)->data[2], (uint32_t)DOMID_XEN);

    evtchn_notify_from_xen(dom[1].d, (evtchn_port_t)p);
    EXPECT_TRUE(pending(1, (evtchn_port_t)p));
    EXPECT_EQ(last(TRC_XL_EVTCHN_SEND)->data[0], (uint32_t)DOMID_XEN);
    // Not on a port the guest owns otherwise (or closed).
    clear(1);
    evtchn_port_t other = alloc_unbound(1, 0);
    evtchn_notify_from_xen(dom[1].d, other);
    evtchn_notify_from_xen(dom[1].d, NR_EVENT_CHANNELS);
    EXPECT_FALSE(pending(1, other));
}

TEST_F(EvtchnTest, TheHypervisorTakesUpOnlyPortsOfferedToIt)
{
    evtchn_port_t to_xen = alloc_unbound(1, DOMID_XEN), to_d0 = alloc_unbound(1, 0);

    EXPECT_EQ(evtchn_bind_xen(dom[1].d, to_d0, XEN_CONSUMER_BACKEND), -EINVAL);
    EXPECT_EQ(evtchn_bind_xen(dom[1].d, 0, XEN_CONSUMER_BACKEND), -EINVAL);
    ASSERT_EQ(evtchn_bind_xen(dom[1].d, to_xen, XEN_CONSUMER_BACKEND), 0);
    EXPECT_EQ(evtchn_bind_xen(dom[1].d, to_xen, XEN_CONSUMER_BACKEND), -EINVAL);
    EXPECT_EQ(status(1, DOMID_SELF, to_xen).u.interdomain.dom, DOMID_XEN);
}

}  // namespace

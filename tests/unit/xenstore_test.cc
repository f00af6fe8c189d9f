// xenstore_test.cc - xenstore-lite on the real hv/common/xenstore.c, spoken
// to the way a guest speaks to it: bytes in the store page's request pipe,
// an event on the store port (the real event_channel.c runs the store),
// replies and watch events read back from the response pipe. Covers the
// operations frontends and backends use, the permissions that keep one
// domain out of another's keys, watches, and domains that break the
// protocol (which only cut themselves off).
#include "io_fixture.h"

#include <map>
#include <string>

extern "C" {
#include <hv/xenstore.h>
#include <public/io/xs_wire.h>
}

namespace {

struct Msg {
    uint32_t type;
    std::string body;
};

class XenstoreTest : public IoTest {
public:
    evtchn_port_t port[3];
    uint32_t next_id = 1;
    std::map<domid_t, std::vector<Msg>> events;

    void SetUp() override
    {
        IoTest::SetUp();
        xenstore_init();
        for (domid_t i = 0; i < 3; i++)
            ASSERT_EQ(xenstore_introduce(dom[i].d, dom[i].frames[3], &port[i]), 0);
    }

    xenstore_domain_interface *ring(domid_t id)
    {
        return reinterpret_cast<xenstore_domain_interface *>(frame(dom[id].frames[3]));
    }

    void put(domid_t id, const std::string &bytes)
    {
        xenstore_domain_interface *r = ring(id);
        for (char c : bytes)
            r->req[MASK_XENSTORE_IDX(r->req_prod++)] = c;
    }

    void kick(domid_t id)
    {
        evtchn_send s = {port[id]};
        current = dom[id].v;
        memcpy(host_guest, &s, sizeof(s));
        ASSERT_EQ(do_evtchn_op(EVTCHNOP_send, 0, 0, 0, 0), 0);
    }

    static std::string header(uint32_t type, uint32_t id, size_t len)
    {
        xsd_sockmsg h = {type, id, 0, (uint32_t)len};
        return std::string(reinterpret_cast<char *>(&h), sizeof(h));
    }

    // Every whole message in the response pipe.
    std::vector<std::pair<xsd_sockmsg, std::string>> take(domid_t id)
    {
        std::vector<std::pair<xsd_sockmsg, std::string>> out;
        xenstore_domain_interface *r = ring(id);
        while (r->rsp_prod - r->rsp_cons >= sizeof(xsd_sockmsg)) {
            xsd_sockmsg h;
            char *p = reinterpret_cast<char *>(&h);
            for (size_t i = 0; i < sizeof(h); i++)
                p[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
            if (r->rsp_prod - r->rsp_cons < sizeof(h) + h.len)
                break;
            std::string body;
            for (size_t i = 0; i < h.len; i++)
                body += r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + sizeof(h) + i)];
            r->rsp_cons += sizeof(h) + h.len;
            out.push_back({h, body});
        }
        return out;
    }

    // A request from domain `id`; its reply (watch events are kept aside).
    Msg req(domid_t id, uint32_t type, const std::string &payload)
    {
        uint32_t rid = next_id++;
        put(id, header(type, rid, payload.size()) + payload);
        kick(id);
        Msg reply = {XS_INVALID, ""};
        for (auto &m : take(id)) {
            if (m.first.type == XS_WATCH_EVENT)
                events[id].push_back({m.first.type, m.second});
            else if (m.first.req_id == rid)
                reply = {m.first.type, m.second};
        }
        return reply;
    }

    Msg read(domid_t id, const std::string &path)
    {
        return req(id, XS_READ, path + std::string(1, '\0'));
    }

    Msg write(domid_t id, const std::string &path, const std::string &value)
    {
        return req(id, XS_WRITE, path + std::string(1, '\0') + value);
    }

    static std::string s(const char *lit) { return std::string(lit, strlen(lit) + 1); }
};

const Msg kOk = {XS_WRITE, std::string("OK", 3)};

bool is_error(const Msg &m, const char *name)
{
    return m.type == XS_ERROR && m.body == std::string(name, strlen(name) + 1);
}

TEST_F(XenstoreTest, TheToolstacksKeysAreThere)
{
    Msg m = read(1, "/local/domain/1/domid");
    EXPECT_EQ(m.type, (uint32_t)XS_READ);
    EXPECT_EQ(m.body, "1");
    EXPECT_EQ(read(1, "domid").body, "1");     // relative to home
    EXPECT_EQ(req(1, XS_GET_DOMAIN_PATH, s("2")).body, s("/local/domain/2"));
}

TEST_F(XenstoreTest, WriteReadDirectoryRemove)
{
    Msg ok = write(1, "device/vbd/0/state", "3");
    EXPECT_EQ(ok.type, (uint32_t)XS_WRITE);
    EXPECT_EQ(ok.body, std::string("OK", 3));
    EXPECT_EQ(read(1, "device/vbd/0/state").body, "3");
    write(1, "device/vbd/0/ring-ref", "8");
    EXPECT_EQ(req(1, XS_DIRECTORY, s("device/vbd/0")).body,
              std::string("state\0ring-ref\0", 15));
    EXPECT_EQ(req(1, XS_DIRECTORY, s("device")).body, s("vbd"));
    EXPECT_EQ(req(1, XS_RM, s("device")).body, std::string("OK", 3));
    EXPECT_TRUE(is_error(read(1, "device/vbd/0/state"), "ENOENT"));
    EXPECT_TRUE(is_error(req(1, XS_RM, s("device")), "ENOENT"));
    EXPECT_EQ(req(1, XS_MKDIR, s("empty")).body, std::string("OK", 3));
    EXPECT_EQ(read(1, "empty").body, "");
    // Each request is traced with its result.
    const trace_rec *r = last(TRC_XL_XENSTORE_OP);
    EXPECT_EQ(r->data[0], 1u);
    EXPECT_EQ(r->data[1], (uint32_t)XS_READ);
    EXPECT_EQ(r->data[2], 0u);
}

TEST_F(XenstoreTest, ADomainStaysOutOfAnothersKeys)
{
    write(2, "secret", "42");
    EXPECT_TRUE(is_error(read(1, "/local/domain/2/secret"), "EACCES"));
    EXPECT_TRUE(is_error(write(1, "/local/domain/2/secret", "0"), "EACCES"));
    EXPECT_TRUE(is_error(write(1, "/local/domain/2/new", "0"), "EACCES"));
    EXPECT_TRUE(is_error(req(1, XS_RM, s("/local/domain/2")), "EACCES"));
    EXPECT_TRUE(is_error(req(1, XS_DIRECTORY, s("/local/domain/2")), "EACCES"));
    EXPECT_TRUE(is_error(write(1, "/tool/x", "0"), "EACCES"));
    EXPECT_EQ(read(2, "secret").body, "42");
    // Domain 0 reads and writes anywhere.
    EXPECT_EQ(read(0, "/local/domain/2/secret").body, "42");
    EXPECT_EQ(write(0, "/local/domain/2/secret", "7").body, std::string("OK", 3));
    EXPECT_EQ((int32_t)last(TRC_XL_XENSTORE_OP)->data[2], 0);
}

TEST_F(XenstoreTest, TheOwnerMayLetOneOtherDomainRead)
{
    write(2, "shared/port", "5");
    EXPECT_TRUE(is_error(read(1, "/local/domain/2/shared/port"), "EACCES"));
    std::string perms = s("shared") + s("n2") + s("r1");
    EXPECT_EQ(req(2, XS_SET_PERMS, perms).body, std::string("OK", 3));
    EXPECT_EQ(req(2, XS_GET_PERMS, s("shared")).body, s("n2") + s("r1"));
    // New keys below inherit the parent's permissions.
    write(2, "shared/ref", "9");
    EXPECT_EQ(read(1, "/local/domain/2/shared/ref").body, "9");
    EXPECT_TRUE(is_error(write(1, "/local/domain/2/shared/ref", "0"), "EACCES"));
    // Nobody but the owner sets them; the owner cannot give nodes away.
    EXPECT_TRUE(is_error(req(1, XS_SET_PERMS, s("/local/domain/2/shared") + s("n1")),
                         "EACCES"));
    EXPECT_TRUE(is_error(req(2, XS_SET_PERMS, s("shared") + s("n1")), "EACCES"));
    EXPECT_TRUE(is_error(req(2, XS_SET_PERMS, s("shared") + s("x2")), "EINVAL"));
}

TEST_F(XenstoreTest, WatchesFireOnceAtOnceThenOnEachChange)
{
    EXPECT_EQ(req(1, XS_WATCH, s("/local/domain/2/state") + s("tok")).body,
              std::string("OK", 3));
    ASSERT_EQ(events[1].size(), 1u);            // at once, as in Xen
    EXPECT_EQ(events[1][0].body, s("/local/domain/2/state") + s("tok"));
    // d2 lets d1 read its home, then changes the watched node.
    req(2, XS_SET_PERMS, s("/local/domain/2") + s("n2") + s("r1"));
    write(2, "state", "4");
    auto got = take(1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].first.type, (uint32_t)XS_WATCH_EVENT);
    EXPECT_EQ(got[0].second, s("/local/domain/2/state") + s("tok"));
    // Removing a parent fires the watch below it too.
    req(0, XS_RM, s("/local/domain/2/state"));
    EXPECT_EQ(take(1).size(), 1u);
    EXPECT_EQ(req(1, XS_UNWATCH, s("/local/domain/2/state") + s("tok")).body,
              std::string("OK", 3));
    write(2, "state", "5");
    EXPECT_EQ(take(1).size(), 0u);
    EXPECT_TRUE(is_error(req(1, XS_UNWATCH, s("/local/domain/2/state") + s("tok")),
                         "ENOENT"));
}

TEST_F(XenstoreTest, WatchersOnlyHearOfWhatTheyMayRead)
{
    req(1, XS_WATCH, s("/local/domain/2") + s("peek"));
    take(1);
    events[1].clear();
    write(2, "private", "1");
    EXPECT_EQ(take(1).size(), 0u);
}

TEST_F(XenstoreTest, RelativeWatchesReportRelativePaths)
{
    req(1, XS_WATCH, s("device") + s("t"));
    events[1].clear();
    write(1, "device/vif/0/state", "1");        // the event comes before the reply
    ASSERT_EQ(events[1].size(), 1u);
    EXPECT_EQ(events[1][0].body, s("device/vif/0/state") + s("t"));
}

TEST_F(XenstoreTest, HypervisorWatchesRunAfterTheChange)
{
    static std::vector<std::string> seen;
    seen.clear();
    auto fn = [](const char *path, void *arg) {
        char v[16] = "";
        xs_read(path, v, sizeof(v));
        seen.push_back(std::string(path) + "=" + v);
    };
    ASSERT_EQ(xs_watch("/local/domain/1/device", fn, nullptr), 0);
    write(1, "device/vbd/0/state", "3");
    ASSERT_EQ(seen.size(), 2u);                 // at once, and the write
    EXPECT_EQ(seen[1], "/local/domain/1/device/vbd/0/state=3");
    xs_unwatch(fn, nullptr);
    write(1, "device/vbd/0/state", "4");
    EXPECT_EQ(seen.size(), 2u);
}

// One guest request can fire many hypervisor watches (removing a
// directory of devices). None may be dropped: a backend that misses its
// frontend's state change never connects or never lets go.
TEST_F(XenstoreTest, NoHypervisorWatchIsDroppedWhenManyFireAtOnce)
{
    static int fired[40];
    memset(fired, 0, sizeof(fired));
    auto fn = [](const char *, void *arg) { fired[(intptr_t)arg]++; };
    for (intptr_t k = 0; k < 40; k++) {
        ASSERT_EQ(write(1, "dev/" + std::to_string(k), "1").body, std::string("OK", 3));
        ASSERT_EQ(xs_watch(("/local/domain/1/dev/" + std::to_string(k)).c_str(), fn,
                           (void *)k), 0);
    }
    memset(fired, 0, sizeof(fired));            // forget the first firing
    EXPECT_EQ(req(1, XS_RM, s("dev")).body, std::string("OK", 3));
    for (int k = 0; k < 40; k++)
        EXPECT_GE(fired[k], 1) << "watch " << k << " never fired";
    for (intptr_t k = 0; k < 40; k++)
        xs_unwatch(fn, (void *)k);
}

TEST_F(XenstoreTest, BadPathsAndValues)
{
    EXPECT_TRUE(is_error(write(1, "a//b", "x"), "EINVAL"));
    EXPECT_TRUE(is_error(write(1, "a/", "x"), "EINVAL"));
    EXPECT_TRUE(is_error(write(1, "a b", "x"), "EINVAL"));
    EXPECT_TRUE(is_error(write(1, std::string(200, 'a'), "x"), "E2BIG"));
    EXPECT_TRUE(is_error(write(1, "v", std::string(200, 'x')), "E2BIG"));
    EXPECT_TRUE(is_error(req(1, XS_RM, s("/")), "EACCES"));
    EXPECT_TRUE(is_error(req(1, XS_WATCH, s("w")), "EINVAL"));   // no token
    EXPECT_TRUE(is_error(req(1, XS_INTRODUCE, s("x")), "ENOSYS"));
    EXPECT_TRUE(is_error(req(1, 999, ""), "ENOSYS"));
    EXPECT_TRUE(is_error(req(1, XS_GET_DOMAIN_PATH, s("x")), "EINVAL"));
    EXPECT_EQ(read(1, "domid").body, "1");      // still talking
}

TEST_F(XenstoreTest, ADomainCannotFillTheStore)
{
    std::string err;
    int made = 0;
    for (; made < 1000; made++) {
        Msg m = write(1, "k" + std::to_string(made), "v");
        if (m.type == XS_ERROR) {
            err = m.body;
            break;
        }
    }
    EXPECT_EQ(err, s("ENOSPC"));
    EXPECT_LT(made, 100);
    EXPECT_EQ(write(2, "mine", "1").body, std::string("OK", 3));   // others still can
}

// The attack: each write of a deep path makes one node per missing
// component. A quota checked once per write, against the nodes owned
// before it, let one domain take the whole shared pool in a few writes.
TEST_F(XenstoreTest, ADeepPathCountsEveryNodeItCreates)
{
    std::string deep;
    for (int c = 0; c < 40; c++)
        deep += "/x";                            // 40 components below dN
    int refused_at = -1;
    for (int i = 0; i < 20 && refused_at < 0; i++)
        if (write(1, "d" + std::to_string(i) + deep, "v").type == XS_ERROR)
            refused_at = i;
    ASSERT_GE(refused_at, 0) << "20 deep writes of 41 nodes all accepted";
    EXPECT_LE(refused_at, 1);                    // the quota is 64 nodes
    // A refused write leaves none of its parents behind.
    EXPECT_TRUE(is_error(read(1, "d" + std::to_string(refused_at)), "ENOENT"));
    // And the pool is still there for everyone else.
    for (int k = 0; k < 40; k++)
        ASSERT_EQ(write(2, "k" + std::to_string(k), "1").body, std::string("OK", 3))
            << "domain 2's write " << k;
}

TEST_F(XenstoreTest, MessagesSplitAcrossEventsAndTheRingsWrap)
{
    std::string msg = header(XS_WRITE, 500, 6) + std::string("x\0" "1234", 6);
    put(1, msg.substr(0, 10));
    kick(1);
    EXPECT_EQ(take(1).size(), 0u);              // half a header: waits
    put(1, msg.substr(10));
    kick(1);
    auto got = take(1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].first.req_id, 500u);
    // Many requests: both pipes wrap many times.
    for (int i = 0; i < 300; i++)
        ASSERT_EQ(write(1, "w", std::to_string(i)).body, std::string("OK", 3));
    EXPECT_EQ(read(1, "w").body, "299");
    EXPECT_GT(ring(1)->req_prod, 4u * XENSTORE_RING_SIZE);
}

TEST_F(XenstoreTest, AProtocolBreakerOnlyCutsItselfOff)
{
    // A header claiming more than XENSTORE_PAYLOAD_MAX bytes.
    put(1, header(XS_WRITE, 1, XENSTORE_PAYLOAD_MAX + 1));
    kick(1);
    const trace_rec *bad = last(TRC_XL_IORING_BAD);
    ASSERT_NE(bad, nullptr);
    EXPECT_EQ(bad->data[1], (uint32_t)IORING_BAD_MESSAGE);
    EXPECT_EQ(read(1, "domid").type, (uint32_t)XS_INVALID);   // no answer now
    EXPECT_EQ(read(2, "domid").body, "2");                    // others fine

    // Indices that claim more bytes than the pipe holds.
    ring(2)->req_prod = ring(2)->req_cons + XENSTORE_RING_SIZE + 1;
    kick(2);
    EXPECT_EQ(last(TRC_XL_IORING_BAD)->data[1], (uint32_t)IORING_OVERFLOW);
    EXPECT_EQ(read(0, "/local/domain/0/domid").body, "0");
}

TEST_F(XenstoreTest, AReaderThatNeverReadsGetsBackpressure)
{
    // Requests whose replies nobody takes: the store stops taking requests
    // once replies would not fit, and carries on when there is room.
    std::string many;
    write(1, "big", std::string(120, 'b'));
    for (int i = 0; i < 60; i++)
        many += header(XS_READ, 1000 + i, 4) + s("big");
    put(1, many.substr(0, 1000));
    kick(1);
    auto first = take(1).size();
    EXPECT_GT(first, 0u);
    put(1, many.substr(1000));
    kick(1);
    size_t total = first + take(1).size();
    for (int i = 0; i < 10 && total < 60; i++) {
        kick(1);
        total += take(1).size();
    }
    EXPECT_EQ(total, 60u);
}

TEST_F(XenstoreTest, ADyingDomainLeavesTheStore)
{
    req(0, XS_WATCH, s("/local/domain") + s("doms"));
    take(0);
    events[0].clear();
    xenstore_domain_destroy(dom[2].d);
    EXPECT_TRUE(is_error(read(0, "/local/domain/2/domid"), "ENOENT"));
    EXPECT_FALSE(events[0].empty() && take(0).empty());
    // Its store page is its own again: it may give it back.
    EXPECT_EQ(frame_table[dom[2].frames[3]].count, 1u);
    EXPECT_EQ(frame_table[dom[2].frames[3]].type_info & PGT_count_mask, 0u);
}

TEST_F(XenstoreTest, TheStorePageCannotBeTurnedIntoAPageTable)
{
    EXPECT_EQ(get_page_and_type(dom[1].frames[3], dom[1].d, PGT_l1_page_table),
              -EBUSY);
    EXPECT_GE(frame_table[dom[1].frames[3]].count, 2u);   // nor given back
}

}  // namespace

// io_fixture.h - two domains on the io_harness machine, for the tests of
// event channels, grants, xenstore and the backends: each with its
// shared_info, event channels, grant table and a few frames; domain 0
// also with page tables (VA 0xC0000000: data frames, then empty L1
// slots where grants can be mapped).
#ifndef XENLAB_IO_FIXTURE_H
#define XENLAB_IO_FIXTURE_H

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/trace.h>
#include <public/memory.h>
long do_memory_op(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
#include "io_harness.h"
}

constexpr pte_t kP = _PAGE_PRESENT, kRW = _PAGE_RW, kUS = _PAGE_USER,
                kA = _PAGE_ACCESSED, kD = _PAGE_DIRTY;
constexpr uint32_t kVa = 0xC0000000;       // domain 0's data frames
constexpr uint32_t kMapVa = 0xC0010000;     // free L1 slots for grants

static trace_rec io_trace_slots[4096];

struct IoDom {
    domain *d;
    vcpu *v;
    std::vector<mfn_t> frames;              // data frames it owns
};

class IoTest : public ::testing::Test {
public:
    IoDom dom[3];
    mfn_t l3 = 0, l2 = 0, l1 = 0;

    void SetUp() override
    {
        machine_boot(io_trace_slots, 4096);
        for (domid_t i = 0; i < 3; i++)
            make_domain(i);

        // Domain 0's page tables: L3 -> L2 (slot 3) -> L1 -> data frames.
        l3 = alloc(0);
        l2 = alloc(0);
        l1 = alloc(0);
        table(l3)[3] = entry(l2, kP);
        table(l2)[0] = entry(l1, kP | kRW | kUS | kA);
        for (int i = 0; i < 4; i++)
            table(l1)[i] = entry(dom[0].frames[i], kP | kRW | kUS | kA | kD);
        EXPECT_EQ(get_page_and_type(l3, dom[0].d, PGT_l3_page_table), 0);
        dom[0].v->cr3_mfn = l3;
        current = dom[0].v;
        host_flushes = io_wakes = 0;
    }

    void TearDown() override
    {
        for (auto &x : dom) {
            if (!x.d)
                continue;
            domains[x.d->domain_id] = nullptr;
            delete x.v;
            delete x.d;
        }
        current = nullptr;
    }

    void make_domain(domid_t id)
    {
        IoDom &x = dom[id];
        x.d = new domain();
        x.v = new vcpu();
        x.d->domain_id = id;
        x.d->flags = id == 0 ? DOMF_PRIVILEGED | DOMF_INITDOMAIN : 0;
        x.d->max_pages = 64;
        x.d->vcpu[0] = x.v;
        x.d->nr_vcpus = 1;
        x.v->domain = x.d;
        x.d->shared_info = static_cast<shared_info *>(alloc_xenheap_pages(1));
        x.d->shared_info_mfn = (mfn_t)(__pa(x.d->shared_info) >> PAGE_SHIFT);
        mm_lend_frame(x.d, x.d->shared_info_mfn);   // as domain_create does
        x.v->vcpu_info = &x.d->shared_info->vcpu_info[0];
        domains[id] = x.d;
        ASSERT_EQ(evtchn_init(x.d), 0);
        ASSERT_EQ(gnttab_init(x.d), 0);
        for (int i = 0; i < 4; i++)
            x.frames.push_back(alloc(id));
    }

    mfn_t alloc(domid_t id)
    {
        mfn_t m = mm_alloc_domain_frame(dom[id].d);
        EXPECT_NE(m, INVALID_MFN);
        return m;
    }

    static pte_t *table(mfn_t m)
    {
        return reinterpret_cast<pte_t *>(host_machine + (size_t)m * 4096);
    }

    static uint8_t *frame(mfn_t m)
    {
        return host_machine + (size_t)m * 4096;
    }

    static pte_t entry(mfn_t m, pte_t flags)
    {
        return ((pte_t)m << 12) | flags;
    }

    // The shared grant table of a domain, as its guest sees it.
    grant_entry_v1 *gnttab(domid_t id)
    {
        return gnttab_shared(dom[id].d);
    }

    void grant(domid_t granter, grant_ref_t ref, domid_t to, mfn_t f, uint16_t flags)
    {
        grant_entry_v1 &e = gnttab(granter)[ref];
        e.domid = to;
        e.frame = f;
        e.flags = flags;
    }

    // The last trace record with this id (nullptr if none).
    static const trace_rec *last(uint32_t id)
    {
        trace_buf *b = trace_buf_of(0);
        for (uint32_t i = b->prod; i-- != b->cons;) {
            const trace_rec &r = b->slots[i & b->size_mask];
            if (TRACE_REC_ID(r.event) == id)
                return &r;
        }
        return nullptr;
    }

    static unsigned count(uint32_t id)
    {
        trace_buf *b = trace_buf_of(0);
        unsigned n = 0;
        for (uint32_t i = b->cons; i != b->prod; i++)
            n += TRACE_REC_ID(b->slots[i & b->size_mask].event) == id;
        return n;
    }

    // Every frame's counts: an operation that failed must leave them alone.
    static std::vector<std::pair<uint32_t, uint32_t>> snapshot()
    {
        std::vector<std::pair<uint32_t, uint32_t>> s;
        for (mfn_t m = 0; m < max_mfn; m++)
            s.push_back({frame_table[m].count, frame_table[m].type_info});
        return s;
    }
};

#endif

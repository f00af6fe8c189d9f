// mm_test.cc - the PV MMU's rules, on the real hv/arch/x86/mm.c and
// hv/common/memory.c: every update the hypervisor must refuse is refused
// with its reason and leaves every reference count as it was; accepted
// updates move references exactly; random abuse never breaks the two
// promises (no writable mapping of a page table, no foreign frame) nor
// the memory books.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include <public/memory.h>
#include <public/xen.h>
long do_mmu_update(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
long do_mmuext_op(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
long do_memory_op(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
#include "mm_harness.h"
}

namespace {

constexpr pte_t P = _PAGE_PRESENT, RW = _PAGE_RW, US = _PAGE_USER,
                A = _PAGE_ACCESSED, D = _PAGE_DIRTY;
constexpr uint32_t kVa = 0xC0000000;
constexpr uint32_t kReq = 0x1000;           // where requests go in guest memory

trace_rec trace_slots[1024];

struct Dom {
    domain *d;
    vcpu *v;
};

Dom make_domain(domid_t id)
{
    Dom x;
    x.d = new domain();
    x.v = new vcpu();
    x.d->domain_id = id;
    x.d->max_pages = 64;
    x.d->vcpu[0] = x.v;
    x.d->nr_vcpus = 1;
    x.v->domain = x.d;
    domains[id] = x.d;
    return x;
}

pte_t *table(mfn_t m)
{
    return reinterpret_cast<pte_t *>(host_machine + (size_t)m * 4096);
}

pte_t entry(mfn_t m, pte_t flags)
{
    return ((pte_t)m << 12) | flags;
}

// The trace records the reason of a refused mmu_update / mmuext_op.
trace_mm_reason last_reason(uint32_t id)
{
    trace_buf *b = trace_buf_of(0);
    for (uint32_t i = b->prod; i-- != b->cons;) {
        const trace_rec &r = b->slots[i & b->size_mask];
        if (TRACE_REC_ID(r.event) == id)
            return (trace_mm_reason)r.data[id == TRC_MEM_MMUEXT_OP ? 4 : 5];
    }
    return (trace_mm_reason)-1;
}

class MmTest : public ::testing::Test {
public:
    void SetUp() override
    {
        machine_boot(trace_slots, 1024);

        a = make_domain(1);
        b = make_domain(2);
        // Domain 1's tables: L3 -> L2 (slot 3) -> L1 -> data, VA 0xC0000000.
        l3 = alloc(a);
        l2 = alloc(a);
        l1 = alloc(a);
        for (auto &f : data)
            f = alloc(a);
        spare = alloc(a);
        foreign = alloc(b);
        table(l3)[3] = entry(l2, P);
        table(l2)[0] = entry(l1, P | RW | US | A);
        for (int i = 0; i < 4; i++)
            table(l1)[i] = entry(data[i], P | RW | US | A | D);
        table(l1)[4] = entry(l1, P | US | A);       // its own L1, read-only
        table(l1)[5] = entry(l2, P | US | A);
        table(l1)[6] = entry(l3, P | US | A);
        ASSERT_EQ(get_page_and_type(l3, a.d, PGT_l3_page_table), 0);
        a.v->cr3_mfn = l3;
        current = a.v;
        host_flushes = mm_baseptr_loads = 0;
        tlb_maybe_stale = false;
    }

    void TearDown() override
    {
        for (Dom *x : {&a, &b}) {
            delete x->v;
            delete x->d;
        }
        current = nullptr;
    }

    mfn_t alloc(Dom &x)
    {
        mfn_t m = mm_alloc_domain_frame(x.d);
        EXPECT_NE(m, INVALID_MFN);
        return m;
    }

    // The counts of every frame, to prove an operation left them alone.
    std::vector<std::pair<uint32_t, uint32_t>> snapshot()
    {
        std::vector<std::pair<uint32_t, uint32_t>> s;
        for (mfn_t m = 0; m < max_mfn; m++)
            s.push_back({frame_table[m].count, frame_table[m].type_info});
        return s;
    }

    long mmu_update(uint64_t ptr, uint64_t val)
    {
        struct ::mmu_update r = {ptr, val};
        memcpy(host_guest + kReq, &r, sizeof(r));
        return do_mmu_update(kReq, 1, 0, DOMID_SELF, 0);
    }

    long mmuext(unsigned int cmd, unsigned long arg1, unsigned int arg2 = 0)
    {
        mmuext_op op = {};
        op.cmd = cmd;
        op.arg1.mfn = arg1;
        op.arg2.nr_ents = arg2;
        memcpy(host_guest + kReq, &op, sizeof(op));
        return do_mmuext_op(kReq, 1, 0, DOMID_SELF, 0);
    }

    // A one-frame memory_op reservation (decrease or increase).
    long reserve_one(unsigned int cmd, xen_pfn_t f)
    {
        memcpy(host_guest + 0x2000, &f, sizeof(f));
        xen_memory_reservation r = {};
        r.extent_start = reinterpret_cast<xen_pfn_t *>(0x2000);
        r.nr_extents = 1;
        r.domid = DOMID_SELF;
        memcpy(host_guest + kReq, &r, sizeof(r));
        return do_memory_op(cmd, kReq, 0, 0, 0);
    }

    Dom a, b;
    mfn_t l3, l2, l1, data[4], spare, foreign;
};

TEST_F(MmTest, BootstrapTablesAreTypedAndCounted)
{
    EXPECT_EQ(frame_table[l3].type_info & PGT_type_mask, PGT_l3_page_table);
    EXPECT_EQ(frame_table[l2].type_info & (PGT_type_mask | PGT_pae_xen_l2),
              PGT_l2_page_table | PGT_pae_xen_l2);
    EXPECT_EQ(frame_table[l1].type_info & PGT_type_mask, PGT_l1_page_table);
    EXPECT_EQ(frame_table[data[0]].type_info & PGT_type_mask, PGT_writable_page);
    // The top L2 got the hypervisor's slots filled in.
    EXPECT_EQ(table(l2)[428], MM_XEN_SLOT_MARK);
    EXPECT_EQ(table(l2)[511], MM_XEN_SLOT_MARK);
    // Each mapping holds one reference on top of the owner's.
    EXPECT_EQ(frame_table[data[0]].count, 2u);
    EXPECT_EQ(frame_table[l1].count, 3u);           // owner, L2 entry, L1[4]
}

struct Refusal {
    const char *what;
    std::function<long(MmTest &)> op;
    uint32_t traced_as;                             // 0: returned as `why`
    trace_mm_reason reason;
};

// A fixture-aware table: each op returns rc and leaves the reason where
// the test reads it (trace for the batch hypercalls, `why` otherwise).
trace_mm_reason g_why;

class MmRefusals : public MmTest {
public:
    long uva(uint32_t va, pte_t val, uint32_t flags = 0)
    {
        return mm_update_va_mapping(a.v, va, val, flags, &g_why);
    }
};

TEST_F(MmRefusals, EveryRuleRefusesWithItsReasonAndChangesNothing)
{
    const mfn_t l1_ = l1, l2_ = l2, l3_ = l3, d0 = data[0], fr = foreign, sp = spare;
    const std::vector<Refusal> cases = {
        {"map another domain's frame",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, entry(fr, P | RW)); },
         0, MM_NOT_OWNER},
        {"map our own L1 writable",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, entry(l1_, P | RW)); },
         0, MM_WRITABLE_PAGETABLE},
        {"map our L3 writable",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, entry(l3_, P | RW)); },
         0, MM_WRITABLE_PAGETABLE},
        {"a global mapping",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, entry(sp, P | _PAGE_GLOBAL)); },
         0, MM_BAD_FLAGS},
        {"a frame that does not exist",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, entry(0xfffff, P)); },
         0, MM_BAD_FRAME},
        {"a mapping in the hypervisor's slice",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(0xF5800000, entry(sp, P)); },
         0, MM_HYPERVISOR_SLOT},
        {"an address with no L1",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(0x1000, entry(sp, P)); },
         0, MM_NOT_PAGETABLE},
        {"update_va_mapping with unknown flags",
         [=](MmTest &t) { return static_cast<MmRefusals &>(t).uva(kVa + 0x9000, 0, 0x100); },
         0, MM_BAD_COMMAND},
        {"write the hypervisor's L2 slots",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l2_ << 12) + 430 * 8, entry(sp, P)); },
         TRC_MEM_MMU_UPDATE, MM_HYPERVISOR_SLOT},
        {"a misaligned entry address",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l1_ << 12) + 4, 0); },
         TRC_MEM_MMU_UPDATE, MM_BAD_ADDRESS},
        {"an unknown mmu_update command",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l1_ << 12) | 3, 0); },
         TRC_MEM_MMU_UPDATE, MM_BAD_COMMAND},
        {"update another domain's page",
         [=](MmTest &t) { return t.mmu_update((uint64_t)fr << 12, 0); },
         TRC_MEM_MMU_UPDATE, MM_NOT_OWNER},
        {"an L2 entry to a writable data frame",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l2_ << 12) + 8, entry(d0, P | RW)); },
         TRC_MEM_MMU_UPDATE, MM_BAD_TYPE},
        {"a 2 MB superpage in an L2",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l2_ << 12) + 8, entry(sp, P | _PAGE_PSE)); },
         TRC_MEM_MMU_UPDATE, MM_BAD_FLAGS},
        {"a PAE L3 entry with reserved flags",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l3_ << 12) + 8, entry(sp, P | RW)); },
         TRC_MEM_MMU_UPDATE, MM_BAD_FLAGS},
        {"an L1 entry to another domain's frame",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l1_ << 12) + 8 * 9, entry(fr, P)); },
         TRC_MEM_MMU_UPDATE, MM_NOT_OWNER},
        {"M2P for another domain's frame",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)fr << 12) | MMU_MACHPHYS_UPDATE, 7); },
         TRC_MEM_MMU_UPDATE, MM_NOT_OWNER},
        {"pin a writable-mapped frame as an L1",
         [=](MmTest &t) { return t.mmuext(MMUEXT_PIN_L1_TABLE, d0); },
         TRC_MEM_MMUEXT_OP, MM_BAD_TYPE},
        {"pin another domain's frame",
         [=](MmTest &t) { return t.mmuext(MMUEXT_PIN_L2_TABLE, fr); },
         TRC_MEM_MMUEXT_OP, MM_NOT_OWNER},
        {"pin the L3 twice",
         [=](MmTest &t) {
             frame_table[l3_].type_info |= PGT_pinned;
             long rc = t.mmuext(MMUEXT_PIN_L3_TABLE, l3_);
             frame_table[l3_].type_info &= ~PGT_pinned;
             return rc;
         },
         TRC_MEM_MMUEXT_OP, MM_IN_USE},
        {"unpin what is not pinned",
         [=](MmTest &t) { return t.mmuext(MMUEXT_UNPIN_TABLE, sp); },
         TRC_MEM_MMUEXT_OP, MM_BAD_FRAME},
        {"invlpg in the hypervisor's slice",
         [=](MmTest &t) { return t.mmuext(MMUEXT_INVLPG_LOCAL, 0xF8000000); },
         TRC_MEM_MMUEXT_OP, MM_HYPERVISOR_SLOT},
        {"an unknown mmuext command",
         [=](MmTest &t) { return t.mmuext(99, 0); },
         TRC_MEM_MMUEXT_OP, MM_BAD_COMMAND},
        {"a base pointer to an L3 without the hypervisor's slot",
         [=](MmTest &t) { return t.mmuext(MMUEXT_NEW_BASEPTR, sp); },
         TRC_MEM_MMUEXT_OP, MM_HYPERVISOR_SLOT},
        {"pin an L3 without the hypervisor's slot",
         [=](MmTest &t) { return t.mmuext(MMUEXT_PIN_L3_TABLE, sp); },
         TRC_MEM_MMUEXT_OP, MM_HYPERVISOR_SLOT},
        {"clear slot 3 of the L3 in use",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l3_ << 12) + 3 * 8, 0); },
         TRC_MEM_MMU_UPDATE, MM_HYPERVISOR_SLOT},
        {"point slot 3 of the L3 in use at another L2",
         [=](MmTest &t) { return t.mmu_update(((uint64_t)l3_ << 12) + 3 * 8, entry(l2_, P)); },
         TRC_MEM_MMU_UPDATE, MM_HYPERVISOR_SLOT},
        {"a base pointer in another domain",
         [=](MmTest &t) { return t.mmuext(MMUEXT_NEW_BASEPTR, fr); },
         TRC_MEM_MMUEXT_OP, MM_NOT_OWNER},
    };
    for (const Refusal &c : cases) {
        auto before = snapshot();
        g_why = MM_OK;
        long rc = c.op(*this);
        EXPECT_LT(rc, 0) << c.what;
        trace_mm_reason why = c.traced_as ? last_reason(c.traced_as) : g_why;
        EXPECT_EQ(why, c.reason) << c.what;
        EXPECT_TRUE(snapshot() == before) << c.what << ": references changed";
        EXPECT_EQ(a.v->cr3_mfn, l3) << c.what;
    }
}

TEST_F(MmTest, AcceptedMappingsMoveReferencesExactly)
{
    trace_mm_reason why;
    auto before = snapshot();
    ASSERT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(spare, P | RW | US),
                                   UVMF_INVLPG, &why), 0);
    EXPECT_EQ(frame_table[spare].count, 2u);
    EXPECT_EQ(frame_table[spare].type_info, PGT_writable_page | 1);
    EXPECT_EQ(host_flushes, 1u);
    // Read-only now: the writable type goes, the reference stays.
    ASSERT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(spare, P | US), 0, &why), 0);
    EXPECT_EQ(frame_table[spare].count, 2u);
    EXPECT_EQ(frame_table[spare].type_info & PGT_count_mask, 0u);
    ASSERT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, 0, 0, &why), 0);
    EXPECT_TRUE(snapshot() == before);
}

TEST_F(MmTest, APinnedTableCannotBeMappedWritableUntilUnpinned)
{
    trace_mm_reason why;
    ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, spare), 0);
    EXPECT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(spare, P | RW), 0, &why),
              -EBUSY);
    EXPECT_EQ(why, MM_WRITABLE_PAGETABLE);
    // Read-only is fine: that is how a PV kernel looks at its tables.
    EXPECT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(spare, P), 0, &why), 0);
    ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, spare), 0);
    EXPECT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(spare, P | RW), 0, &why), 0);
}

TEST_F(MmTest, MmuUpdateOfAnL1EntryTakesAndDropsReferences)
{
    uint64_t ptr = ((uint64_t)l1 << 12) + 8 * 12;
    ASSERT_EQ(mmu_update(ptr, entry(spare, P | RW)), 0);
    EXPECT_EQ(frame_table[spare].count, 2u);
    ASSERT_EQ(mmu_update(ptr, entry(data[1], P)), 0);
    EXPECT_EQ(frame_table[spare].count, 1u);
    EXPECT_EQ(frame_table[data[1]].count, 3u);
    EXPECT_EQ(mmu_update(ptr, 0), 0);
    EXPECT_EQ(frame_table[data[1]].count, 2u);
}

// mmu_update leaves flushing to the guest, as Xen does; the hypervisor
// flushes only when a frame it unmapped changes role (tlb.h).
TEST_F(MmTest, AnUnmappedFrameIsFlushedBeforeItBecomesAPageTable)
{
    uint64_t ptr = ((uint64_t)l1 << 12) + 8 * 12;
    tlb_maybe_stale = false;
    ASSERT_EQ(mmu_update(ptr, entry(spare, P | RW)), 0);
    EXPECT_FALSE(tlb_maybe_stale);                  // nothing was removed
    ASSERT_EQ(mmu_update(ptr, 0), 0);
    EXPECT_EQ(host_flushes, 0u);
    EXPECT_TRUE(tlb_maybe_stale);   // the TLB may still write to spare
    ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, spare), 0);
    EXPECT_EQ(host_flushes, 1u);
    EXPECT_EQ(host_last_flush, TLB_STALE);
    EXPECT_FALSE(tlb_maybe_stale);
    // Once flushed, the next new page table costs nothing.
    ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, spare), 0);
    ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, spare), 0);
    EXPECT_EQ(host_flushes, 1u);
}

TEST_F(MmTest, AGuestFlushClearsTheStaleMark)
{
    uint64_t ptr = ((uint64_t)l1 << 12) + 8 * 12;
    ASSERT_EQ(mmu_update(ptr, entry(spare, P | RW)), 0);
    ASSERT_EQ(mmu_update(ptr, entry(data[1], P | RW)), 0);    // spare replaced
    EXPECT_TRUE(tlb_maybe_stale);
    ASSERT_EQ(mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
    EXPECT_EQ(host_flushes, 1u);
    EXPECT_EQ(host_last_flush, TLB_MMUEXT_FLUSH);
    ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, spare), 0);
    EXPECT_EQ(host_flushes, 1u);                      // no second flush
}

TEST_F(MmTest, AnUnmappedFrameIsFlushedBeforeItLeavesTheDomain)
{
    uint64_t ptr = ((uint64_t)l1 << 12) + 8 * 12;
    ASSERT_EQ(mmu_update(ptr, entry(spare, P | RW)), 0);
    // update_va_mapping without a flush flag leaves the mark too.
    enum trace_mm_reason why;
    ASSERT_EQ(mm_update_va_mapping(a.v, kVa + 12 * 4096, 0, UVMF_NONE, &why), 0);
    EXPECT_EQ(host_flushes, 0u);
    EXPECT_TRUE(tlb_maybe_stale);
    ASSERT_EQ(reserve_one(XENMEM_decrease_reservation, spare), 1);
    EXPECT_TRUE(frame_is_free(spare));
    EXPECT_EQ(host_flushes, 1u);
    EXPECT_EQ(host_last_flush, TLB_STALE);
}

TEST_F(MmTest, NewBaseptrValidatesANewTreeAndReleasesTheOld)
{
    // A second tree: L3' -> the same top L2 (shared) - then switch to it.
    // Its entry was copied from a live one, accessed bit and all.
    mfn_t l3b = spare;
    table(l3b)[3] = entry(l2, P | A);
    uint32_t l2_before = frame_table[l2].type_info & PGT_count_mask;
    ASSERT_EQ(mmuext(MMUEXT_NEW_BASEPTR, l3b), 0);
    EXPECT_EQ(a.v->cr3_mfn, l3b);
    EXPECT_EQ(mm_baseptr_loads, 1u);
    EXPECT_EQ(frame_table[l3b].type_info & PGT_type_mask, PGT_l3_page_table);
    // The old L3 had only the vCPU's reference: its type is gone, and with
    // it the reference it held on the L2, which the new L3 now holds.
    EXPECT_EQ(frame_table[l3].type_info & PGT_count_mask, 0u);
    EXPECT_EQ(frame_table[l2].type_info & PGT_count_mask, l2_before);
    EXPECT_EQ(frame_table[l2].count, 3u);   // owner, L1's read-only view, new L3
}

TEST_F(MmTest, BalloonReleasesOnlyUnusedFramesAndBooksBalance)
{
    xen_pfn_t frames[2] = {data[0], spare};       // mapped, and unused
    memcpy(host_guest + 0x2000, frames, sizeof(frames));
    xen_memory_reservation r = {};
    r.extent_start = reinterpret_cast<xen_pfn_t *>(0x2000);
    r.nr_extents = 2;
    r.domid = DOMID_SELF;
    memcpy(host_guest + kReq, &r, sizeof(r));
    // data[0] is mapped: nothing is released, the error says why.
    EXPECT_EQ(do_memory_op(XENMEM_decrease_reservation, kReq, 0, 0, 0), -EBUSY);
    frames[0] = spare;
    memcpy(host_guest + 0x2000, frames, sizeof(frames));
    r.nr_extents = 1;
    memcpy(host_guest + kReq, &r, sizeof(r));
    uint32_t held = a.d->tot_pages;
    EXPECT_EQ(do_memory_op(XENMEM_decrease_reservation, kReq, 0, 0, 0), 1);
    EXPECT_EQ(a.d->tot_pages, held - 1);
    EXPECT_TRUE(frame_is_free(spare));
    memory_check_books();                           // aborts if unbalanced
    // Growing stops at the maximum.
    r.nr_extents = 1000;
    r.extent_start = nullptr;
    memcpy(host_guest + kReq, &r, sizeof(r));
    long got = do_memory_op(XENMEM_increase_reservation, kReq, 0, 0, 0);
    EXPECT_EQ(a.d->tot_pages, a.d->max_pages);
    EXPECT_EQ((uint32_t)got, a.d->max_pages - (held - 1));
    memory_check_books();
}

// Thousands of random operations with plausible and hostile arguments.
// Afterwards: no page table of ours is writable anywhere in our tables,
// the other domain's frames are untouched, and the books balance.
TEST_F(MmTest, RandomAbuseKeepsThePromises)
{
    std::mt19937 rng(99);
    std::vector<mfn_t> ours = {l3, l2, l1, data[0], data[1], data[2], data[3], spare};
    for (int i = 0; i < 8; i++)
        ours.push_back(alloc(a));
    const uint32_t foreign_count = frame_table[foreign].count;
    const uint32_t foreign_type = frame_table[foreign].type_info;
    auto frame = [&]() -> mfn_t {
        switch (rng() % 4) {
        case 0: return foreign;
        case 1: return rng() % max_mfn;
        default: return ours[rng() % ours.size()];
        }
    };
    auto flags = [&]() -> pte_t {
        static const pte_t f[] = {P, P | RW, P | RW | US, P | _PAGE_PSE, P | _PAGE_GLOBAL, 0};
        return f[rng() % 6];
    };
    trace_mm_reason why;
    unsigned int accepted = 0;
    for (int i = 0; i < 20000; i++) {
        switch (rng() % 4) {
        case 0:
            accepted += mmu_update(((uint64_t)frame() << 12) + (rng() % 512) * 8 +
                                       (rng() % 8 ? 0 : rng() % 2),
                                   entry(frame(), flags())) == 0;
            break;
        case 1:
            accepted += mmuext(rng() % 16, rng() % 3 ? frame() : rng(), rng() % 4) == 0;
            break;
        case 2:
            accepted += mm_update_va_mapping(a.v, kVa + (rng() % 64) * 4096,
                                             entry(frame(), flags()), rng() % 8,
                                             &why) == 0;
            break;
        default:
            reserve_one(rng() % 2 ? XENMEM_decrease_reservation
                                  : XENMEM_increase_reservation, frame());
        }
    }
    // Not a test of refusals only: a good share went through.
    EXPECT_GT(accepted, 2000u);
    EXPECT_EQ(frame_table[foreign].count, foreign_count);
    EXPECT_EQ(frame_table[foreign].type_info, foreign_type);
    memory_check_books();
    // Every present, writable entry of every L1 of ours maps a frame that
    // is ours and typed writable - never a page table.
    for (mfn_t m = 0; m < max_mfn; m++) {
        if (frame_table[m].owner != 1 ||
            (frame_table[m].type_info & PGT_type_mask) != PGT_l1_page_table ||
            !(frame_table[m].type_info & PGT_count_mask))
            continue;
        for (int i = 0; i < 512; i++) {
            pte_t e = table(m)[i];
            if (!(e & P))
                continue;
            mfn_t t = (mfn_t)((e & PTE_ADDR_MASK) >> 12);
            ASSERT_EQ(frame_table[t].owner, 1u) << "L1 " << m << "[" << i << "]";
            if (e & RW) {
                ASSERT_EQ(frame_table[t].type_info & PGT_type_mask, PGT_writable_page)
                    << "L1 " << m << "[" << i << "] writable to a typed frame";
            }
        }
    }
}

// ---- Continuations: long batches in parts, with exact results ------------

constexpr uint32_t kDone = 0x3000;         // the guest's *done

// Run a hypercall the way a guest would under constant preemption: every
// chunk ends in a continuation, and the guest re-enters with the
// arguments the hypervisor left in its registers. Returns the final
// result; parts counts the continuations.
long run_in_parts(long (*call)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t),
                  std::vector<uint32_t> args, int &parts)
{
    long rc;

    host_preempt = true;
    parts = 0;
    while ((rc = call(args[0], args[1], args[2], args[3], args[4])) == -ERESTART) {
        args.assign(host_continuation, host_continuation + 5);
        if (++parts > 100)
            break;
    }
    host_preempt = false;
    return rc;
}

TEST_F(MmTest, AnMmuUpdateBatchContinuesAndStopsAtTheExactFailingIndex)
{
    const uint32_t n = 100, bad = 70;

    for (uint32_t i = 0; i < n; i++) {
        struct ::mmu_update r = {(uint64_t)l1 << 12 | (8 + i % 64) * 8,
                                 entry(data[i % 4], P | RW | US | A)};
        if (i == bad)
            r.ptr = (uint64_t)foreign << 12;        // not ours: refused
        memcpy(host_guest + kReq + i * sizeof(r), &r, sizeof(r));
    }
    host_preempt = true;
    ASSERT_EQ(do_mmu_update(kReq, n, kDone, DOMID_SELF, 0x1234), -ERESTART);
    // Progress is in the arguments: pointer, count left | PREEMPTED, and
    // the untouched ones (edi included) come back as they were.
    EXPECT_EQ(host_continuation[0], kReq + HYPERCALL_CHUNK * 16);
    EXPECT_EQ(host_continuation[1], (n - HYPERCALL_CHUNK) | MMU_UPDATE_PREEMPTED);
    EXPECT_EQ(host_continuation[2], kDone);
    EXPECT_EQ(host_continuation[3], (uint32_t)DOMID_SELF);
    EXPECT_EQ(host_continuation[4], 0x1234u);
    int parts;
    EXPECT_EQ(run_in_parts(do_mmu_update, {host_continuation[0], host_continuation[1],
                                           kDone, DOMID_SELF, 0x1234}, parts), -EPERM);
    EXPECT_EQ(parts, 1);                        // 32 + 32, then 6 and the refusal
    uint32_t done;
    memcpy(&done, host_guest + kDone, 4);
    EXPECT_EQ(done, bad);
    EXPECT_EQ(table(l1)[8 + (bad - 1) % 64], entry(data[(bad - 1) % 4], P | RW | US | A));
    memory_check_books();
}

TEST_F(MmTest, AContinuedBatchWithABadDonePointerGetsEfault)
{
    for (uint32_t i = 0; i < 64; i++) {
        struct ::mmu_update r = {(uint64_t)l1 << 12 | 8 * 8, 0};
        memcpy(host_guest + kReq + i * sizeof(r), &r, sizeof(r));
    }
    int parts;
    EXPECT_EQ(run_in_parts(do_mmu_update, {kReq, 64, HOST_GUEST_BYTES, DOMID_SELF, 0},
                           parts), -EFAULT);
    EXPECT_EQ(parts, 0);                        // never sent back to carry on
    // Coming back with a *done it cannot read: -EFAULT, nothing done.
    EXPECT_EQ(do_mmu_update(kReq, 1 | MMU_UPDATE_PREEMPTED, HOST_GUEST_BYTES,
                            DOMID_SELF, 0), -EFAULT);
}

TEST_F(MmTest, MmuextAndMemoryOpBatchesContinueToTheSameResult)
{
    for (uint32_t i = 0; i < 40; i++) {
        mmuext_op op = {};
        op.cmd = MMUEXT_FLUSH_CACHE;
        memcpy(host_guest + kReq + i * sizeof(op), &op, sizeof(op));
    }
    int parts;
    EXPECT_EQ(run_in_parts(do_mmuext_op, {kReq, 40, kDone, DOMID_SELF, 0}, parts), 0);
    EXPECT_EQ(parts, 1);
    uint32_t done;
    memcpy(&done, host_guest + kDone, 4);
    EXPECT_EQ(done, 40u);

    xen_memory_reservation r = {};
    r.extent_start = reinterpret_cast<xen_pfn_t *>(0x2000);
    r.nr_extents = 40;
    r.domid = DOMID_SELF;
    memcpy(host_guest + kReq, &r, sizeof(r));
    uint32_t before = a.d->tot_pages;
    host_preempt = true;
    ASSERT_EQ(do_memory_op(XENMEM_increase_reservation, kReq, 7, 8, 9), -ERESTART);
    EXPECT_EQ(host_continuation[0], XENMEM_increase_reservation | 32u << MEMOP_EXTENT_SHIFT);
    EXPECT_EQ(host_continuation[2], 7u);
    EXPECT_EQ(run_in_parts(do_memory_op, {host_continuation[0], kReq, 7, 8, 9}, parts), 40);
    EXPECT_EQ(a.d->tot_pages, before + 40);
    // And all 40 back, in parts too: the total comes back as the result.
    EXPECT_EQ(run_in_parts(do_memory_op, {XENMEM_decrease_reservation, kReq, 0, 0, 0},
                           parts), 40);
    EXPECT_EQ(parts, 1);
    EXPECT_EQ(a.d->tot_pages, before);
    memory_check_books();
}

}  // namespace

// A table that maps itself writable, or names itself as its own child,
// is refused while it is being validated: it is not yet typed, but it
// cannot take a second type meanwhile.
TEST_F(MmTest, ATableBeingValidatedCannotTakeAnotherTypeMeanwhile)
{
    auto before = snapshot();
    table(spare)[7] = entry(spare, P | RW | US);
    EXPECT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, spare), -EBUSY);
    EXPECT_EQ(snapshot(), before);
    table(spare)[7] = entry(spare, P | RW | US);    // as an L2 naming itself
    EXPECT_EQ(mmuext(MMUEXT_PIN_L2_TABLE, spare), -EBUSY);
    EXPECT_EQ(snapshot(), before);
}

// ---- Validating a tree in parts (mm.h) --------------------------------------

// A small tree for domain x: L3 -> (slot 0) an L2 with two L1s, and
// (slot 3) the top L2 with one; every L1 entry maps one of x's data
// frames read-only. Returns the L3; frames gets every frame used.
mfn_t build_tree(MmTest &t, Dom &x, std::vector<mfn_t> &frames)
{
    mfn_t f[10];
    for (auto &m : f)
        m = t.alloc(x);
    frames.assign(f, f + 10);
    mfn_t l3 = f[0], l2a = f[1], l2b = f[2], *l1 = &f[3], *data = &f[6];
    table(l3)[0] = entry(l2a, P);
    table(l3)[3] = entry(l2b, P);
    table(l2a)[0] = entry(l1[0], P | RW | US);
    table(l2a)[1] = entry(l1[1], P | RW | US);
    table(l2b)[5] = entry(l1[2], P | RW | US);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 512; i++)
            table(l1[k])[i] = entry(data[i % 4], P | US);
    return l3;
}

bool any_partial()
{
    for (mfn_t m = 0; m < max_mfn; m++)
        if (frame_table[m].partial)
            return true;
    return false;
}

// Domain 3, current, with a tree of its own: to die half-way.
mfn_t doomed_tree(MmTest &t, Dom &c, std::vector<mfn_t> &mine)
{
    c = make_domain(3);
    c.d->max_pages = 16;
    current = c.v;
    return build_tree(t, c, mine);
}

// Domain c (id 3), caught half-way, dies: every frame of it comes back.
void dies_giving_every_frame_back(Dom &c, const std::vector<mfn_t> &mine)
{
    EXPECT_TRUE(any_partial());
    domains[3] = nullptr;
    mm_release_domain(c.d);
    memory_check_books();
    for (mfn_t m : mine)
        EXPECT_TRUE(frame_is_free(m)) << "frame " << m;
    EXPECT_FALSE(any_partial());
    delete c.v;
    delete c.d;
}

// Pin, re-entering while it is continued; returns the parts it took.
int pin_in_parts(MmTest &t, mfn_t l3, unsigned int preempt_at)
{
    long rc;
    int parts = 0;

    host_preempt_checks = 0;
    host_preempt_at = preempt_at;
    while ((rc = t.mmuext(MMUEXT_PIN_L3_TABLE, l3)) == -ERESTART && parts < 100)
        parts++;
    EXPECT_EQ(rc, 0);
    host_preempt_at = 0;
    return parts;
}

TEST_F(MmTest, ATreeValidatedInPartsEndsExactlyAsInOneGo)
{
    std::vector<mfn_t> frames;
    mfn_t t3 = build_tree(*this, a, frames);
    auto untyped = snapshot();
    ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
    unsigned int checks = host_preempt_checks;
    auto pinned = snapshot();
    ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, t3), 0);
    ASSERT_EQ(snapshot(), untyped);
    ASSERT_GT(checks, 40u);     // 3 L1s x 15 points, at least

    // Stop at every point where validation may stop, once.
    for (unsigned int k = 1; k <= checks; k++) {
        SCOPED_TRACE("preempted at check " + std::to_string(k));
        EXPECT_EQ(pin_in_parts(*this, t3, k), 1);
        EXPECT_EQ(snapshot(), pinned);
        EXPECT_FALSE(any_partial());
        ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, t3), 0);
        EXPECT_EQ(snapshot(), untyped);
    }
    // Stopped at every chance, it still gets there.
    host_preempt = true;
    EXPECT_GT(pin_in_parts(*this, t3, 0), 10);
    host_preempt = false;
    EXPECT_EQ(snapshot(), pinned);
}

TEST_F(MmTest, AHalfValidatedTableIsNoTypeAtAllUntilFinished)
{
    std::vector<mfn_t> frames;
    mfn_t t3 = build_tree(*this, a, frames);
    trace_mm_reason why;

    host_preempt_checks = 0;
    host_preempt_at = 20;               // inside the second L1
    ASSERT_EQ(mmuext(MMUEXT_PIN_L3_TABLE, t3), -ERESTART);
    host_preempt_at = 0;
    mfn_t l1b = frames[4];
    ASSERT_EQ(frame_table[l1b].partial & PGT_partial_type, PGT_l1_page_table);
    EXPECT_EQ(frame_table[l1b].type_info, 0u);
    // Not writable, not another table, not ballooned away, not an L1 for
    // update_va_mapping; each refusal leaves it as it was.
    uint32_t partial = frame_table[l1b].partial;
    EXPECT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(l1b, P | RW), 0, &why),
              -EBUSY);
    EXPECT_EQ(mmuext(MMUEXT_PIN_L2_TABLE, l1b), -EBUSY);
    EXPECT_EQ(mmu_update((uint64_t)l1b << 12, 0), -EBUSY);
    EXPECT_EQ(reserve_one(XENMEM_decrease_reservation, l1b), -EBUSY);
    EXPECT_EQ(frame_table[l1b].partial, partial);
    // Another path asking for the same type finishes it: pin it as an L1.
    ASSERT_EQ(mmuext(MMUEXT_PIN_L1_TABLE, l1b), 0);
    EXPECT_EQ(frame_table[l1b].partial, 0u);
    EXPECT_EQ(frame_table[l1b].type_info & PGT_count_mask, 1u);
    ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
    EXPECT_EQ(frame_table[l1b].type_info & PGT_count_mask, 2u);
    EXPECT_FALSE(any_partial());
}

TEST_F(MmTest, ADomainDyingWithAHalfValidatedTreeGivesEveryFrameBack)
{
    std::vector<mfn_t> frames;
    build_tree(*this, a, frames);
    host_preempt_checks = 0;
    host_preempt_at = 0;
    ASSERT_EQ(pin_in_parts(*this, frames[0], 0), 0);
    unsigned int checks = host_preempt_checks;
    ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, frames[0]), 0);

    for (unsigned int k = 1; k <= checks; k += 3) {
        SCOPED_TRACE("died after check " + std::to_string(k));
        Dom c;
        std::vector<mfn_t> mine;
        mfn_t t3 = doomed_tree(*this, c, mine);
        host_preempt_checks = 0;
        host_preempt_at = k;
        ASSERT_EQ(mmuext(MMUEXT_PIN_L3_TABLE, t3), -ERESTART);
        host_preempt_at = 0;
        dies_giving_every_frame_back(c, mine);
        current = a.v;
    }
}

TEST_F(MmTest, AnMmuUpdateHookingALargeL2IsContinuedToTheSameResult)
{
    std::vector<mfn_t> frames;
    build_tree(*this, a, frames);
    mfn_t l2a = frames[1];
    struct ::mmu_update r = {(uint64_t)l3 << 12, entry(l2a, P)};
    memcpy(host_guest + kReq, &r, sizeof(r));
    auto before = snapshot();

    ASSERT_EQ(do_mmu_update(kReq, 1, 0, DOMID_SELF, 0), 0);
    auto hooked = snapshot();
    ASSERT_EQ(mmu_update((uint64_t)l3 << 12, 0), 0);
    ASSERT_EQ(snapshot(), before);
    memcpy(host_guest + kReq, &r, sizeof(r));
    int parts;
    EXPECT_EQ(run_in_parts(do_mmu_update, {kReq, 1, 0, DOMID_SELF, 0}, parts), 0);
    EXPECT_GT(parts, 10);
    EXPECT_EQ(snapshot(), hooked);
    EXPECT_FALSE(any_partial());
}

// ---- Releasing a tree in parts (mm.h) ---------------------------------------

// Call as a guest would, re-entering with the continuation's arguments;
// the check numbered preempt_at (0: none) says "stop". Returns the result.
long call_in_parts(long (*call)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t),
                   std::vector<uint32_t> args, unsigned int preempt_at, int &parts)
{
    long rc;

    host_preempt_checks = 0;
    host_preempt_at = preempt_at;
    parts = 0;
    while ((rc = call(args[0], args[1], args[2], args[3], args[4])) == -ERESTART &&
           parts < 1000) {
        args.assign(host_continuation, host_continuation + 5);
        parts++;
    }
    host_preempt_at = 0;
    return rc;
}

long unpin_in_parts(MmTest &t, mfn_t m, unsigned int preempt_at, int &parts)
{
    mmuext_op op = {};
    op.cmd = MMUEXT_UNPIN_TABLE;
    op.arg1.mfn = m;
    memcpy(host_guest + kReq, &op, sizeof(op));
    return call_in_parts(do_mmuext_op, {kReq, 1, 0, DOMID_SELF, 0}, preempt_at, parts);
}

TEST_F(MmTest, ATreeReleasedInPartsEndsExactlyAsInOneGo)
{
    std::vector<mfn_t> frames;
    mfn_t t3 = build_tree(*this, a, frames);
    auto untyped = snapshot();
    ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
    auto pinned = snapshot();
    int parts;
    ASSERT_EQ(unpin_in_parts(*this, t3, 0, parts), 0);
    unsigned int checks = host_preempt_checks;
    ASSERT_EQ(snapshot(), untyped);
    ASSERT_GT(checks, 40u);

    for (unsigned int k = 1; k <= checks; k++) {
        SCOPED_TRACE("preempted at check " + std::to_string(k));
        ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
        ASSERT_EQ(snapshot(), pinned);
        EXPECT_EQ(unpin_in_parts(*this, t3, k, parts), 0);
        EXPECT_EQ(parts, 1);
        EXPECT_EQ(snapshot(), untyped);
        EXPECT_FALSE(any_partial());
        EXPECT_EQ(a.v->old_table, 0u);
    }
    ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
    host_preempt = true;
    EXPECT_EQ(unpin_in_parts(*this, t3, 0, parts), 0);
    host_preempt = false;
    EXPECT_GT(parts, 10);
    EXPECT_EQ(snapshot(), untyped);
}

TEST_F(MmTest, AHalfReleasedTableIsUnusableUntilTheNextMmuCallFinishesIt)
{
    std::vector<mfn_t> frames;
    mfn_t t3 = build_tree(*this, a, frames);
    auto untyped = snapshot();
    trace_mm_reason why;
    ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);

    host_preempt_checks = 0;
    host_preempt_at = 20;
    ASSERT_EQ(mmuext(MMUEXT_UNPIN_TABLE, t3), -ERESTART);
    host_preempt_at = 0;
    ASSERT_NE(a.v->old_table, 0u);
    EXPECT_TRUE(frame_table[t3].partial & PGT_partial_releasing);
    // Neither the L3 nor a half-released L1 can be used meanwhile.
    EXPECT_EQ(get_page_and_type(t3, a.d, PGT_l3_page_table), -EBUSY);
    mfn_t l1x = 0;
    for (mfn_t m : frames)
        if (frame_table[m].partial & PGT_partial_releasing &&
            (frame_table[m].partial & PGT_type_mask) == PGT_l1_page_table)
            l1x = m;
    ASSERT_NE(l1x, 0u);
    EXPECT_EQ(mm_update_va_mapping(a.v, kVa + 0x9000, entry(l1x, P | RW), 0, &why),
              -EBUSY);
    EXPECT_EQ(get_page_and_type(l1x, a.d, PGT_l1_page_table), -EBUSY);
    EXPECT_EQ(reserve_one(XENMEM_decrease_reservation, l1x), -EBUSY);
    // Any mmu_update finishes it first.
    ASSERT_EQ(mmu_update(((uint64_t)l1 << 12) + 8 * 12, 0), 0);
    EXPECT_EQ(a.v->old_table, 0u);
    EXPECT_EQ(snapshot(), untyped);
    EXPECT_FALSE(any_partial());
}

TEST_F(MmTest, AnMmuUpdateDroppingALargeL2ReleasesItInParts)
{
    std::vector<mfn_t> frames;
    build_tree(*this, a, frames);
    mfn_t l2a = frames[1];
    auto before = snapshot();
    ASSERT_EQ(mmu_update((uint64_t)l3 << 12, entry(l2a, P)), 0);
    struct ::mmu_update r = {(uint64_t)l3 << 12, 0};
    memcpy(host_guest + kReq, &r, sizeof(r));
    int parts;
    host_preempt = true;
    EXPECT_EQ(call_in_parts(do_mmu_update, {kReq, 1, 0, DOMID_SELF, 0}, 0, parts), 0);
    host_preempt = false;
    EXPECT_GT(parts, 10);
    EXPECT_EQ(snapshot(), before);
    EXPECT_FALSE(any_partial());
    EXPECT_EQ(a.v->old_table, 0u);
}

TEST_F(MmTest, ADomainDyingWhileReleasingATreeGivesEveryFrameBack)
{
    unsigned int died = 0;
    for (unsigned int k = 1; k <= 60; k += 4, died++) {
        SCOPED_TRACE("died after check " + std::to_string(k));
        Dom c;
        std::vector<mfn_t> mine;
        mfn_t t3 = doomed_tree(*this, c, mine);
        ASSERT_EQ(pin_in_parts(*this, t3, 0), 0);
        host_preempt_checks = 0;
        host_preempt_at = k;
        long rc = mmuext(MMUEXT_UNPIN_TABLE, t3);
        host_preempt_at = 0;
        if (rc == 0)
            break;                      // past the last check
        ASSERT_EQ(rc, -ERESTART);
        dies_giving_every_frame_back(c, mine);
        current = a.v;
    }
    EXPECT_GE(died, 10u);
}

long switch_in_parts(MmTest &t, mfn_t m, int &parts)
{
    mmuext_op op = {};
    op.cmd = MMUEXT_NEW_BASEPTR;
    op.arg1.mfn = m;
    memcpy(host_guest + kReq, &op, sizeof(op));
    host_preempt = true;
    long rc = call_in_parts(do_mmuext_op, {kReq, 1, 0, DOMID_SELF, 0}, 0, parts);
    host_preempt = false;
    return rc;
}

TEST_F(MmTest, NewBaseptrValidatesTheNewTreeAndReleasesTheOldInParts)
{
    std::vector<mfn_t> frames;
    mfn_t t3 = build_tree(*this, a, frames);
    table(t3)[3] = entry(l2, P);        // the same top L2: the guest's own
    auto before = snapshot();
    int parts;

    ASSERT_EQ(switch_in_parts(*this, t3, parts), 0);
    EXPECT_GT(parts, 10);               // the new tree, validated in parts
    EXPECT_EQ(a.v->cr3_mfn, t3);
    EXPECT_FALSE(any_partial());
    ASSERT_EQ(switch_in_parts(*this, l3, parts), 0);
    EXPECT_GT(parts, 10);               // the old tree, released in parts
    EXPECT_EQ(a.v->cr3_mfn, l3);
    EXPECT_EQ(a.v->old_table, 0u);
    EXPECT_FALSE(any_partial());
    EXPECT_EQ(snapshot(), before);
}

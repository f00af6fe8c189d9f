// grant_table_test.cc - grant tables on the real hv/common/grant_table.c,
// with the real PV MMU (mm.c) and balloon (memory.c) beside them: what a
// grant lets the grantee do, everything it must not, and the promise that
// a granted page stays alive (and out of the balloon, and out of page
// tables) while mapped - even when its owner dies.
#include "io_fixture.h"

#include <functional>

namespace {

constexpr uint32_t kOps = 0x1000;          // where ops go in guest memory
constexpr uint32_t kList = 0x2000;         // setup_table's frame list

class GrantTest : public IoTest {
public:
    // One op through the real hypercall, from guest memory and back.
    template <typename Op>
    int16_t op(uint32_t cmd, Op &o, domid_t as = 0)
    {
        current = dom[as].v;
        memcpy(host_guest + kOps, &o, sizeof(o));
        EXPECT_EQ(do_grant_table_op(cmd, kOps, 1, 0, 0), 0);
        memcpy(&o, host_guest + kOps, sizeof(o));
        return o.status;
    }

    int16_t map(domid_t granter, grant_ref_t ref, uint32_t flags,
                grant_handle_t *h = nullptr, uint64_t va = kMapVa)
    {
        gnttab_map_grant_ref m = {};
        m.host_addr = va;
        m.flags = flags;
        m.ref = ref;
        m.dom = granter;
        int16_t st = op(GNTTABOP_map_grant_ref, m);
        if (h)
            *h = m.handle;
        return st;
    }

    int16_t unmap(grant_handle_t h, uint64_t va = kMapVa)
    {
        gnttab_unmap_grant_ref u = {};
        u.host_addr = va;
        u.handle = h;
        return op(GNTTABOP_unmap_grant_ref, u);
    }

    pte_t &map_pte(uint32_t va = kMapVa)
    {
        return table(l1)[(va >> 12) & 511];
    }

    // Domain id dies, in domain_destroy's order.
    void kill(domid_t id)
    {
        domain *d = dom[id].d;
        domains[id] = nullptr;
        gnttab_destroy(d);
        evtchn_destroy(d);
        mm_reclaim_lent_frame(d->shared_info_mfn);
        mm_release_domain(d);
        memory_check_books();
        delete dom[id].v;
        delete d;
        dom[id] = IoDom{};
    }

    long give_back(domid_t id, mfn_t f)
    {
        xen_pfn_t list = f;
        xen_memory_reservation r = {};
        memcpy(host_guest + kList, &list, sizeof(list));
        r.extent_start = reinterpret_cast<xen_pfn_t *>(kList);
        r.nr_extents = 1;
        r.domid = DOMID_SELF;
        memcpy(host_guest + kOps, &r, sizeof(r));
        current = dom[id].v;
        return do_memory_op(XENMEM_decrease_reservation, kOps, 0, 0, 0);
    }
};

TEST_F(GrantTest, MapsWritableAndUnmaps)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;

    grant(1, 10, 0, f, GTF_permit_access);
    frame(f)[0] = 0x5a;
    ASSERT_EQ(map(1, 10, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(map_pte(), entry(f, kP | kRW | kA | kD));
    EXPECT_EQ(frame_table[f].count, 2u);        // owner + this mapping
    EXPECT_EQ(frame_table[f].type_info, PGT_writable_page | 1);
    EXPECT_EQ(gnttab(1)[10].flags, GTF_permit_access | GTF_reading | GTF_writing);
    const trace_rec *r = last(TRC_XL_GRANT_MAP);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->data[0], 1u);                  // granter
    EXPECT_EQ(r->data[1], 10u);                 // ref
    EXPECT_EQ(r->data[2], 0u);                  // mapped by
    EXPECT_EQ(r->data[4], 0u);                  // status
    EXPECT_EQ(r->data[5], f);

    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_EQ(map_pte(), 0u);
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_EQ(frame_table[f].type_info & PGT_count_mask, 0u);
    EXPECT_EQ(gnttab(1)[10].flags, GTF_permit_access);
    EXPECT_GT(host_flushes, 0u);
    // The same handle again: gone.
    EXPECT_EQ(unmap(h), GNTST_bad_handle);
    EXPECT_EQ((int16_t)last(TRC_XL_GRANT_UNMAP)->data[4], GNTST_bad_handle);
}

TEST_F(GrantTest, ReadOnlyGrantMapsOnlyReadOnly)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;

    grant(1, 11, 0, f, GTF_permit_access | GTF_readonly);
    auto before = snapshot();
    EXPECT_EQ(map(1, 11, GNTMAP_host_map), GNTST_permission_denied);
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(map_pte(), 0u);
    ASSERT_EQ(map(1, 11, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    EXPECT_EQ(map_pte(), entry(f, kP | kA | kD));
    EXPECT_EQ(gnttab(1)[11].flags, GTF_permit_access | GTF_readonly | GTF_reading);
    EXPECT_EQ(frame_table[f].type_info & PGT_count_mask, 0u);   // no writable type
    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(GrantTest, OnlyWhatWasGrantedToTheCaller)
{
    mfn_t f = dom[1].frames[0];

    grant(1, 12, 2, f, GTF_permit_access);          // to domain 2, not us
    grant(1, 13, 0, dom[2].frames[0], GTF_permit_access);   // not bob's frame
    auto before = snapshot();
    EXPECT_EQ(map(1, 12, GNTMAP_host_map), GNTST_permission_denied);
    EXPECT_EQ(map(1, 14, GNTMAP_host_map), GNTST_permission_denied); // empty
    EXPECT_EQ(map(1, 13, GNTMAP_host_map), GNTST_bad_page);
    EXPECT_EQ(map(1, GNTTAB_PER_FRAME, GNTMAP_host_map), GNTST_bad_gntref);
    EXPECT_EQ(map(1, 0xffffffffu, GNTMAP_host_map), GNTST_bad_gntref);
    EXPECT_EQ(map(7, 12, GNTMAP_host_map), GNTST_bad_domain);
    EXPECT_EQ(map(DOMID_SELF, 12, GNTMAP_host_map), GNTST_bad_domain);
    EXPECT_EQ(map(DOMID_XEN, 12, GNTMAP_host_map), GNTST_bad_domain);
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(map_pte(), 0u);
    EXPECT_EQ(count(TRC_XL_GRANT_MAP), 8u);        // each refusal traced
}

TEST_F(GrantTest, BadHostAddressesAreRefused)
{
    grant(1, 15, 0, dom[1].frames[0], GTF_permit_access);
    auto before = snapshot();
    EXPECT_EQ(map(1, 15, GNTMAP_host_map, nullptr, HYPERVISOR_VIRT_START),
              GNTST_bad_virt_addr);
    EXPECT_EQ(map(1, 15, GNTMAP_host_map, nullptr, 0x40000000), GNTST_bad_virt_addr);
    EXPECT_EQ(map(1, 15, GNTMAP_host_map, nullptr, kMapVa + 8), GNTST_bad_virt_addr);
    // A PTE address that is not in one of our L1 tables.
    EXPECT_EQ(map(1, 15, GNTMAP_host_map | GNTMAP_contains_pte, nullptr,
                  (uint64_t)dom[0].frames[0] << 12), GNTST_bad_virt_addr);
    EXPECT_EQ(map(1, 15, GNTMAP_device_map), GNTST_general_error);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(GrantTest, ContainsPteMapsAtThatEntry)
{
    grant_handle_t h;
    uint64_t pte = ((uint64_t)l1 << 12) + 20 * 8;

    grant(1, 16, 0, dom[1].frames[1], GTF_permit_access);
    ASSERT_EQ(map(1, 16, GNTMAP_host_map | GNTMAP_contains_pte, &h, pte), GNTST_okay);
    EXPECT_EQ(table(l1)[20], entry(dom[1].frames[1], kP | kRW | kA | kD));
    EXPECT_EQ(unmap(h, pte), GNTST_okay);
    EXPECT_EQ(table(l1)[20], 0u);
}

TEST_F(GrantTest, APageTableIsNeverMappedWritable)
{
    mfn_t f = dom[1].frames[2];

    ASSERT_EQ(get_page_and_type(f, dom[1].d, PGT_l1_page_table), 0);
    grant(1, 17, 0, f, GTF_permit_access);
    auto before = snapshot();
    EXPECT_EQ(map(1, 17, GNTMAP_host_map), GNTST_general_error);
    EXPECT_EQ(snapshot(), before);
    grant_handle_t h;
    EXPECT_EQ(map(1, 17, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    EXPECT_EQ(unmap(h), GNTST_okay);
}

TEST_F(GrantTest, AMappedPageCannotBecomeAPageTable)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;

    grant(1, 18, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 18, GNTMAP_host_map, &h), GNTST_okay);
    EXPECT_EQ(get_page_and_type(f, dom[1].d, PGT_l1_page_table), -EBUSY);
    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_EQ(get_page_and_type(f, dom[1].d, PGT_l1_page_table), 0);
    put_page_and_type(f);
}

TEST_F(GrantTest, AMappedPageCannotBeBallooned)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;
    uint32_t pages = dom[1].d->tot_pages;

    grant(1, 19, 0, f, GTF_permit_access | GTF_readonly);
    ASSERT_EQ(map(1, 19, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    EXPECT_EQ(give_back(1, f), -EBUSY);
    EXPECT_EQ(dom[1].d->tot_pages, pages);
    EXPECT_EQ(frame_table[f].owner, 1);
    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_EQ(give_back(1, f), 1);
    EXPECT_EQ(dom[1].d->tot_pages, pages - 1);
    EXPECT_EQ(frame_table[f].owner, DOMID_INVALID);
    // The grant now names a frame that is nobody's: mapping it fails.
    EXPECT_EQ(map(1, 19, GNTMAP_host_map | GNTMAP_readonly), GNTST_bad_page);
}

TEST_F(GrantTest, TheGrantTableItselfCannotBeGivenBack)
{
    struct gnttab_setup_table st = {};
    st.dom = DOMID_SELF;
    st.nr_frames = 1;
    st.frame_list = reinterpret_cast<xen_pfn_t *>(kList);
    ASSERT_EQ(op(GNTTABOP_setup_table, st, 1), GNTST_okay);
    uint32_t gt;                                // a 32-bit guest's frame list
    memcpy(&gt, host_guest + kList, sizeof(gt));
    EXPECT_EQ(frame_table[gt].owner, 1);
    EXPECT_EQ(give_back(1, (mfn_t)gt), -EBUSY);
    EXPECT_EQ(get_page_and_type((mfn_t)gt, dom[1].d, PGT_l1_page_table), -EBUSY);
}

// The books are per mapping: a mapping whose L1 entry goes any other way
// than unmap ends at once - the grant entry is free to end, the frame's
// references and mapping count are back, and the handle is gone.
TEST_F(GrantTest, AMappingEndsHoweverItsEntryGoes)
{
    const uint64_t pte = (uint64_t)l1 << 12 | ((kMapVa >> 12) & 511) * 8;
    const struct {
        const char *how;
        uint16_t grant_flags;
        std::function<void()> drop;
    } ways[] = {
        {"update_va_mapping over it", GTF_permit_access, [&] {
             trace_mm_reason why;
             EXPECT_EQ(mm_update_va_mapping(dom[0].v, kMapVa, 0, 0, &why), 0);
         }},
        {"mmu_update clearing it", GTF_permit_access | GTF_readonly, [&] {
             mmu_update req = { pte, 0 };
             int rc;
             EXPECT_EQ(mm_update_entries(dom[0].v, &req, 1, &rc), 1u);
         }},
        // Its L1 loses its type (unhooked from the L2): last, as it
        // leaves domain 0 without its data mappings.
        {"its L1 unhooked", GTF_permit_access, [&] {
             mmu_update req = { (uint64_t)l2 << 12, 0 };
             int rc;
             EXPECT_EQ(mm_update_entries(dom[0].v, &req, 1, &rc), 1u);
             EXPECT_EQ(frame_table[l1].type_info & PGT_count_mask, 0u);
         }},
    };
    mfn_t f = dom[1].frames[0];
    grant_ref_t ref = 20;

    for (const auto &w : ways) {
        SCOPED_TRACE(w.how);
        grant_handle_t h;
        bool ro = w.grant_flags & GTF_readonly;
        grant(1, ref, 0, f, w.grant_flags);
        ASSERT_EQ(map(1, ref, GNTMAP_host_map | (ro ? GNTMAP_readonly : 0), &h),
                  GNTST_okay);
        EXPECT_EQ(frame_table[f].grant_maps, 1u);
        current = dom[0].v;
        w.drop();
        EXPECT_EQ(frame_table[f].count, 1u);
        EXPECT_EQ(frame_table[f].type_info & PGT_count_mask, 0u);
        EXPECT_EQ(frame_table[f].grant_maps, 0u);
        EXPECT_EQ(gnttab(1)[ref].flags, w.grant_flags);
        EXPECT_EQ(unmap(h), GNTST_bad_handle);
        ref++;
    }
}

TEST_F(GrantTest, TheSameGrantMappedTwiceAtOneAddress)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h1, h2;

    grant(1, 21, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 21, GNTMAP_host_map, &h1), GNTST_okay);
    ASSERT_EQ(map(1, 21, GNTMAP_host_map, &h2), GNTST_okay);
    EXPECT_EQ(frame_table[f].count, 2u);        // the first mapping's went
    EXPECT_EQ(frame_table[f].grant_maps, 1u);   // and its books with it
    EXPECT_EQ(unmap(h1), GNTST_bad_handle);
    EXPECT_EQ(unmap(h2), GNTST_okay);
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_EQ(frame_table[f].type_info & PGT_count_mask, 0u);
    EXPECT_EQ(gnttab(1)[21].flags, GTF_permit_access);
}

TEST_F(GrantTest, MappingSlotsRunOut)
{
    grant(1, 22, 0, dom[1].frames[0], GTF_permit_access | GTF_readonly);
    std::vector<grant_handle_t> hs(GNTTAB_MAPTRACK);
    for (size_t i = 0; i < hs.size(); i++)
        ASSERT_EQ(map(1, 22, GNTMAP_host_map | GNTMAP_readonly, &hs[i],
                      kMapVa + i * 4096), GNTST_okay);
    EXPECT_EQ(map(1, 22, GNTMAP_host_map | GNTMAP_readonly, nullptr,
                  kMapVa + hs.size() * 4096), GNTST_no_device_space);
    for (size_t i = 0; i < hs.size(); i++)
        EXPECT_EQ(unmap(hs[i], kMapVa + i * 4096), GNTST_okay);
    EXPECT_EQ(frame_table[dom[1].frames[0]].count, 1u);
    EXPECT_EQ(gnttab(1)[22].flags, GTF_permit_access | GTF_readonly);
}

// ---- the granter dies first ---------------------------------------------
//
// Whatever it granted stays allocated while the grantee maps it, whoever
// lent the frame, and goes back to the allocator exactly once, when the
// last mapping goes - however it goes.

TEST_F(GrantTest, APageOutlivesItsOwnerWhileMapped)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;

    grant(1, 23, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 23, GNTMAP_host_map, &h), GNTST_okay);
    frame(f)[100] = 0x77;
    kill(1);
    EXPECT_EQ(frame_table[f].owner, DOMID_XEN);    // the hypervisor's, not freed
    EXPECT_EQ(frame_table[f].count, 1u);           // the mapping's reference
    EXPECT_EQ(frame(f)[100], 0x77);
    EXPECT_EQ(map_pte(), entry(f, kP | kRW | kA | kD));
    // Its last user lets go: now it is freed.
    unsigned long free_before = frames_free();
    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_EQ(frame_table[f].owner, DOMID_INVALID);
    EXPECT_EQ(frames_free(), free_before + 1);
    memory_check_books();
}

// The pages the hypervisor lends (shared_info, the grant table's own
// frames) may be granted, as in Xen, and live by the same count.
TEST_F(GrantTest, LentFramesOutliveTheirDomainWhileMapped)
{
    mfn_t si = dom[1].d->shared_info_mfn;
    mfn_t gt = (mfn_t)(__pa(gnttab(1)) >> PAGE_SHIFT);
    grant_handle_t h1, h2;

    grant(1, 27, 0, si, GTF_permit_access);
    grant(1, 28, 0, gt, GTF_permit_access);
    ASSERT_EQ(map(1, 27, GNTMAP_host_map, &h1), GNTST_okay);
    ASSERT_EQ(map(1, 28, GNTMAP_host_map, &h2, kMapVa + 4096), GNTST_okay);
    kill(1);
    for (mfn_t m : {si, gt}) {
        EXPECT_EQ(frame_table[m].owner, DOMID_XEN);
        EXPECT_EQ(frame_table[m].count, 1u);
        EXPECT_EQ(frame_table[m].type_info, PGT_writable_page | 1);
        EXPECT_FALSE(frame_is_free(m));
    }
    // The grant table's other frames were nobody's: freed.
    for (mfn_t m = gt + 1; m < gt + GNTTAB_MAX_FRAMES; m++)
        EXPECT_TRUE(frame_is_free(m));
    // Nobody can make them a page table while they are mapped writable.
    EXPECT_EQ(get_page_type(si, PGT_l1_page_table), -EBUSY);
    unsigned long free_before = frames_free();
    EXPECT_EQ(unmap(h1), GNTST_okay);
    EXPECT_EQ(unmap(h2, kMapVa + 4096), GNTST_okay);
    EXPECT_TRUE(frame_is_free(si));
    EXPECT_TRUE(frame_is_free(gt));
    EXPECT_EQ(frames_free(), free_before + 2);
    memory_check_books();
}

// A page table of the granter, granted read-only: its type goes with the
// granter's pins, the frame stays with the mapping.
TEST_F(GrantTest, AGrantedPageTableOutlivesItsOwnerAsAPlainFrame)
{
    mfn_t f = dom[1].frames[1], data = dom[1].frames[2];
    grant_handle_t h;

    table(f)[0] = entry(data, kP | kRW);
    ASSERT_EQ(get_page_and_type(f, dom[1].d, PGT_l1_page_table), 0);
    frame_table[f].type_info |= PGT_pinned;
    EXPECT_EQ(frame_table[data].count, 2u);
    grant(1, 29, 0, f, GTF_permit_access | GTF_readonly);
    ASSERT_EQ(map(1, 29, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    kill(1);
    EXPECT_EQ(frame_table[f].type_info, 0u);
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_TRUE(frame_is_free(data));           // its entry's reference went
    EXPECT_EQ(unmap(h), GNTST_okay);
    EXPECT_TRUE(frame_is_free(f));
    memory_check_books();
}

// The grantee clears the entry itself after the granter died: the frame
// is freed then, once.
TEST_F(GrantTest, AnOrphanFrameIsFreedByTheEntryThatHeldIt)
{
    mfn_t f = dom[1].frames[0];
    grant_handle_t h;
    trace_mm_reason why;

    grant(1, 31, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 31, GNTMAP_host_map, &h), GNTST_okay);
    kill(1);
    unsigned long free_before = frames_free();
    current = dom[0].v;
    ASSERT_EQ(mm_update_va_mapping(dom[0].v, kMapVa, 0, 0, &why), 0);
    EXPECT_TRUE(frame_is_free(f));
    EXPECT_EQ(frames_free(), free_before + 1);
    EXPECT_EQ(unmap(h), GNTST_bad_handle);
    EXPECT_EQ(frames_free(), free_before + 1);
    memory_check_books();
}

// Both die, the granter first: the grantee's death frees the frame.
TEST_F(GrantTest, AnOrphanFrameGoesWithTheLastDomainThatMapsIt)
{
    mfn_t f = dom[1].frames[0];

    grant(1, 33, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 33, GNTMAP_host_map), GNTST_okay);
    kill(1);
    EXPECT_FALSE(frame_is_free(f));
    kill(0);
    EXPECT_TRUE(frame_is_free(f));
}

// The hypervisor (a Xen 1.0 backend) still maps a dead granter's page:
// its unmap frees the page, and touches nobody's marks.
TEST_F(GrantTest, TheHypervisorsMappingOutlivesTheGranterToo)
{
    mfn_t f = dom[1].frames[0], got = 0;
    grant_handle_t h;

    grant(1, 34, DOMID_XEN, f, GTF_permit_access);
    ASSERT_EQ(gnttab_xen_map(1, 34, false, &h, &got), GNTST_okay);
    kill(1);
    EXPECT_EQ(frame_table[f].owner, DOMID_XEN);
    EXPECT_EQ(frame_table[f].type_info, PGT_writable_page | 1);
    make_domain(1);
    grant(1, 34, DOMID_XEN, dom[1].frames.back(), GTF_permit_access);
    grant_handle_t h2;
    ASSERT_EQ(gnttab_xen_map(1, 34, false, &h2, &got), GNTST_okay);
    gnttab_xen_unmap(h);
    EXPECT_TRUE(frame_is_free(f));
    EXPECT_EQ(gnttab(1)[34].flags, GTF_permit_access | GTF_reading | GTF_writing);
    gnttab_xen_unmap(h2);
    EXPECT_EQ(gnttab(1)[34].flags, GTF_permit_access);
    memory_check_books();
}

// A new domain with a dead granter's id starts clean: the old mappings
// of d1's grants neither mark nor unmark the new d1's entries.
TEST_F(GrantTest, ADomainIdReusedInheritsNoGrantState)
{
    grant_handle_t old_h, new_h;

    grant(1, 30, 0, dom[1].frames[0], GTF_permit_access);
    ASSERT_EQ(map(1, 30, GNTMAP_host_map, &old_h), GNTST_okay);
    kill(1);
    make_domain(1);
    EXPECT_EQ(gnttab(1)[30].flags, 0u);
    grant(1, 30, 0, dom[1].frames.back(), GTF_permit_access);
    ASSERT_EQ(map(1, 30, GNTMAP_host_map, &new_h, kMapVa + 4096), GNTST_okay);
    EXPECT_EQ(unmap(old_h), GNTST_okay);
    EXPECT_EQ(gnttab(1)[30].flags, GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(unmap(new_h, kMapVa + 4096), GNTST_okay);
    EXPECT_EQ(gnttab(1)[30].flags, GTF_permit_access);
    memory_check_books();
}

TEST_F(GrantTest, AGranteeThatDiesLetsGo)
{
    mfn_t f = dom[1].frames[0];

    grant(1, 24, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 24, GNTMAP_host_map), GNTST_okay);
    domains[0] = nullptr;
    gnttab_destroy(dom[0].d);
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_EQ(frame_table[f].type_info & PGT_count_mask, 0u);
    EXPECT_EQ(gnttab(1)[24].flags, GTF_permit_access);
    domains[0] = dom[0].d;
}

// The grantee dies whole (its page tables taken down, CR3 and all): every
// frame it held is free, the granter's page is the granter's alone again.
TEST_F(GrantTest, ADyingGranteeGivesEverythingBack)
{
    mfn_t f = dom[1].frames[0];
    std::vector<mfn_t> mine = dom[0].frames;
    mine.insert(mine.end(), {l1, l2, l3});

    grant(1, 32, 0, f, GTF_permit_access);
    ASSERT_EQ(map(1, 32, GNTMAP_host_map), GNTST_okay);
    kill(0);
    for (mfn_t m : mine)
        EXPECT_TRUE(frame_is_free(m)) << m;
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_EQ(frame_table[f].grant_maps, 0u);
    EXPECT_EQ(gnttab(1)[32].flags, GTF_permit_access);
}

// ---- copy -------------------------------------------------------------

gnttab_copy copy_op(bool src_gref, uint32_t src, domid_t src_dom, uint16_t src_off,
                    bool dst_gref, uint32_t dst, domid_t dst_dom, uint16_t dst_off,
                    uint16_t len)
{
    gnttab_copy c = {};
    c.source.u.ref = src;
    c.source.domid = src_dom;
    c.source.offset = src_off;
    c.dest.u.ref = dst;
    c.dest.domid = dst_dom;
    c.dest.offset = dst_off;
    c.len = len;
    c.flags = (src_gref ? GNTCOPY_source_gref : 0) | (dst_gref ? GNTCOPY_dest_gref : 0);
    return c;
}

TEST_F(GrantTest, CopiesIntoAndOutOfGrantedPages)
{
    mfn_t mine = dom[0].frames[0], bobs = dom[1].frames[0], carols = dom[2].frames[0];

    grant(1, 30, 0, bobs, GTF_permit_access);
    grant(2, 31, 0, carols, GTF_permit_access | GTF_readonly);
    for (int i = 0; i < 100; i++)
        frame(mine)[i] = (uint8_t)i;
    auto c = copy_op(false, mine, DOMID_SELF, 0, true, 30, 1, 200, 100);
    ASSERT_EQ(op(GNTTABOP_copy, c), GNTST_okay);
    EXPECT_EQ(memcmp(frame(bobs) + 200, frame(mine), 100), 0);
    // Between two other domains' pages, both lent to us.
    frame(carols)[7] = 0xee;
    c = copy_op(true, 31, 2, 7, true, 30, 1, 0, 1);
    EXPECT_EQ(op(GNTTABOP_copy, c), GNTST_okay);
    EXPECT_EQ(frame(bobs)[0], 0xee);
    const trace_rec *r = last(TRC_XL_GRANT_COPY);
    EXPECT_EQ(r->data[0], 2u);
    EXPECT_EQ(r->data[1], 1u);
    EXPECT_EQ(r->data[2], 1u);
    // Nothing stays pinned or referenced after a copy.
    EXPECT_EQ(frame_table[bobs].count, 1u);
    EXPECT_EQ(gnttab(1)[30].flags, GTF_permit_access);
}

TEST_F(GrantTest, CopyRefusals)
{
    mfn_t mine = dom[0].frames[0], bobs = dom[1].frames[0];

    grant(1, 32, 0, bobs, GTF_permit_access | GTF_readonly);
    grant(1, 33, 2, bobs, GTF_permit_access);
    frame(bobs)[0] = 1;
    auto before = snapshot();
    struct { gnttab_copy c; int16_t want; } cases[] = {
        // Into a read-only grant.
        { copy_op(false, mine, DOMID_SELF, 0, true, 32, 1, 0, 8), GNTST_permission_denied },
        // A grant to someone else.
        { copy_op(true, 33, 1, 0, false, mine, DOMID_SELF, 0, 8), GNTST_permission_denied },
        // Past the end of a page, on either side.
        { copy_op(true, 32, 1, 4090, false, mine, DOMID_SELF, 0, 8), GNTST_bad_copy_arg },
        { copy_op(true, 32, 1, 0, false, mine, DOMID_SELF, 4095, 2), GNTST_bad_copy_arg },
        // Someone else's frame, named directly.
        { copy_op(false, bobs, DOMID_SELF, 0, false, mine, DOMID_SELF, 0, 8), GNTST_bad_page },
        { copy_op(false, bobs, 1, 0, false, mine, DOMID_SELF, 0, 8), GNTST_permission_denied },
        // No such frame; no such domain; unknown flags.
        { copy_op(false, 0xfffff, DOMID_SELF, 0, false, mine, DOMID_SELF, 0, 8), GNTST_bad_page },
        { copy_op(true, 32, 9, 0, false, mine, DOMID_SELF, 0, 8), GNTST_bad_domain },
    };
    for (auto &k : cases) {
        EXPECT_EQ(op(GNTTABOP_copy, k.c), k.want);
        EXPECT_EQ(snapshot(), before);
    }
    auto c = copy_op(true, 32, 1, 0, false, mine, DOMID_SELF, 0, 8);
    c.flags |= 0x80;
    EXPECT_EQ(op(GNTTABOP_copy, c), GNTST_bad_copy_arg);
    EXPECT_EQ(frame(mine)[0], 0);               // nothing was copied
}

// ---- setup_table, query_size, the hypercall itself ----------------------

TEST_F(GrantTest, SetupTableAndQuerySize)
{
    gnttab_setup_table st = {};
    st.dom = DOMID_SELF;
    st.nr_frames = 2;
    st.frame_list = reinterpret_cast<xen_pfn_t *>(kList);
    ASSERT_EQ(op(GNTTABOP_setup_table, st, 1), GNTST_okay);
    uint32_t f[2];                              // a 32-bit guest's frame list
    memcpy(f, host_guest + kList, sizeof(f));
    EXPECT_EQ(frame(f[0]), reinterpret_cast<uint8_t *>(gnttab(1)));
    EXPECT_EQ(f[1], f[0] + 1);

    gnttab_query_size q = {};
    q.dom = DOMID_SELF;
    ASSERT_EQ(op(GNTTABOP_query_size, q, 1), GNTST_okay);
    EXPECT_EQ(q.nr_frames, 2u);
    EXPECT_EQ(q.max_nr_frames, (uint32_t)GNTTAB_MAX_FRAMES);
    // Now refs in the second frame are valid.
    grant(1, GNTTAB_PER_FRAME + 1, 0, dom[1].frames[0], GTF_permit_access);
    EXPECT_EQ(map(1, GNTTAB_PER_FRAME + 1, GNTMAP_host_map), GNTST_okay);

    st.nr_frames = GNTTAB_MAX_FRAMES + 1;
    EXPECT_EQ(op(GNTTABOP_setup_table, st, 1), GNTST_general_error);
    st.nr_frames = 1;
    st.dom = 2;                                 // another domain's: not ours to see
    EXPECT_EQ(op(GNTTABOP_setup_table, st, 1), GNTST_permission_denied);
    EXPECT_EQ(op(GNTTABOP_setup_table, st, 0), GNTST_okay);   // dom0 may
    st.dom = 9;
    EXPECT_EQ(op(GNTTABOP_setup_table, st, 0), GNTST_bad_domain);
    st.dom = DOMID_SELF;
    st.frame_list = reinterpret_cast<xen_pfn_t *>(HOST_GUEST_BYTES - 2);
    EXPECT_EQ(op(GNTTABOP_setup_table, st, 1), GNTST_bad_virt_addr);
}

TEST_F(GrantTest, TheHypercallRefusesWhatItCannotRead)
{
    EXPECT_EQ(do_grant_table_op(99, kOps, 1, 0, 0), -ENOSYS);
    EXPECT_EQ(do_grant_table_op(GNTTABOP_transfer, kOps, 1, 0, 0), -ENOSYS);
    EXPECT_EQ(do_grant_table_op(GNTTABOP_copy, kOps, 0x80000000u, 0, 0), -EINVAL);
    EXPECT_EQ(do_grant_table_op(GNTTABOP_copy, HOST_GUEST_BYTES - 4, 1, 0, 0), -EFAULT);
    EXPECT_EQ(do_grant_table_op(GNTTABOP_copy, kOps, 0, 0, 0), 0);
}

TEST_F(GrantTest, ALongBatchContinuesWhereItStopped)
{
    gnttab_query_size q = {};
    q.dom = DOMID_SELF;
    for (uint32_t i = 0; i < 40; i++)
        memcpy(host_guest + kOps + i * sizeof(q), &q, sizeof(q));
    current = dom[1].v;
    host_preempt = true;
    ASSERT_EQ(do_grant_table_op(GNTTABOP_query_size, kOps, 40, 5, 6), -ERESTART);
    // Back with the ops advanced and the count reduced; the rest as it was.
    EXPECT_EQ(host_continuation[0], (uint32_t)GNTTABOP_query_size);
    EXPECT_EQ(host_continuation[1], kOps + HYPERCALL_CHUNK * sizeof(q));
    EXPECT_EQ(host_continuation[2], 40u - HYPERCALL_CHUNK);
    EXPECT_EQ(host_continuation[3], 5u);
    EXPECT_EQ(host_continuation[4], 6u);
    EXPECT_EQ(do_grant_table_op(host_continuation[0], host_continuation[1],
                                host_continuation[2], 5, 6), 0);
    host_preempt = false;
    for (uint32_t i = 0; i < 40; i++) {
        memcpy(&q, host_guest + kOps + i * sizeof(q), sizeof(q));
        EXPECT_EQ(q.status, GNTST_okay) << "op " << i;
        EXPECT_GT(q.nr_frames, 0u) << "op " << i;
    }
}

// ---- the hypervisor as grantee (Xen 1.0 backends) -----------------------

TEST_F(GrantTest, TheHypervisorMapsOnlyWhatIsGrantedToIt)
{
    mfn_t f = dom[1].frames[0], got = 0;
    grant_handle_t h;

    grant(1, 40, DOMID_XEN, f, GTF_permit_access);
    grant(1, 41, 0, f, GTF_permit_access);
    EXPECT_EQ(gnttab_xen_map(1, 41, false, &h, &got), GNTST_permission_denied);
    ASSERT_EQ(gnttab_xen_map(1, 40, false, &h, &got), GNTST_okay);
    EXPECT_EQ(got, f);
    EXPECT_EQ(frame_table[f].count, 2u);
    EXPECT_EQ(give_back(1, f), -EBUSY);
    EXPECT_EQ(gnttab(1)[40].flags, GTF_permit_access | GTF_reading | GTF_writing);
    gnttab_xen_unmap(h);
    EXPECT_EQ(frame_table[f].count, 1u);
    EXPECT_EQ(gnttab(1)[40].flags, GTF_permit_access);
    gnttab_xen_unmap(h);                        // twice: nothing happens
    EXPECT_EQ(frame_table[f].count, 1u);
}

}  // namespace

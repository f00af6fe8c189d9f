/*
 * granter.c - a domain that lends one kind of frame and dies first.
 *
 * The attack this test keeps out (issue 12): a domain grants a frame
 * writable, the grantee maps it, the granter powers off. If the
 * hypervisor then frees the frame while the grantee still maps it, the
 * grantee can get it back from the allocator as its own page, make it a
 * page table and write page-table entries through the old mapping: all
 * of machine memory. Each granter of the boot lends one kind of frame
 * (grants.h, kind=NAME on its command line) to the grantee (to=ID):
 *
 *   page         an ordinary page of its memory
 *   shared_info  the hypervisor's page lent to it (start_info says where)
 *   grant_table  frame 0 of its grant table (setup_table says which)
 *   pagetable    a page it pinned as an L1 table (granted read-only)
 *   balloon      a frame fresh from increase_reservation, which it then
 *                tries to give back while it is mapped
 *   clear        three pages whose mappings the grantee drops behind the
 *                grant table's back (mmu_update, update_va_mapping, and
 *                unpinning the L1 that holds one): the grant entries must
 *                show them unused at once
 *
 * It waits (polling, for a step *reached*) until the grantee has mapped
 * everything, checks what it can see from its side, says so in the
 * mailbox and powers off with its verdict.
 */
#include "guest/io.h"
#include "tests/grants/grants.h"

static struct mailbox mb __attribute__((aligned(4096)));
static uint8_t pages[3][4096] __attribute__((aligned(4096)));

static unsigned long setup_table_frame(void)
{
    xen_pfn_t frame;
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1,
                                     .frame_list = &frame };

    gnttab_entry(0);                    /* libguest maps the table first */
    if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) || st.status)
        guest_exit(RESULT_ERROR, "setup_table failed");
    return frame;
}

static unsigned long balloon_in(void)
{
    xen_pfn_t frame;
    struct xen_memory_reservation r = { .extent_start = &frame,
                                        .nr_extents = 1, .domid = DOMID_SELF };

    if (HYPERVISOR_memory_op(XENMEM_increase_reservation, &r) != 1)
        guest_exit(RESULT_ERROR, "increase_reservation failed");
    return frame;
}

static long balloon_out(unsigned long frame)
{
    xen_pfn_t f = frame;
    struct xen_memory_reservation r = { .extent_start = &f,
                                        .nr_extents = 1, .domid = DOMID_SELF };

    return HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
}

/* Page p becomes a pinned L1 table: mapped read-only first, as it must. */
static unsigned long pinned_l1(void *p)
{
    unsigned long mfn = virt_to_mfn(p);

    if (HYPERVISOR_update_va_mapping((unsigned long)p, (uint64_t)mfn << 12 | 0x21,
                                     UVMF_INVLPG) ||
        guest_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0))
        guest_exit(RESULT_ERROR, "cannot pin a page as L1");
    return mfn;
}

/* What to lend, by kind: the mailbox says which frames, how. */
static void choose(enum kind k)
{
    mb.kind = k;
    mb.nr_refs = 1;
    mb.frame[0] = (uint32_t)virt_to_mfn(pages[0]);
    switch (k) {
    case KIND_SHARED_INFO:
        mb.frame[0] = (uint32_t)(start_info->shared_info >> 12);
        break;
    case KIND_GRANT_TABLE:
        mb.frame[0] = (uint32_t)setup_table_frame();
        break;
    case KIND_PAGETABLE:
        mb.frame[0] = (uint32_t)pinned_l1(pages[0]);
        mb.readonly = 1;
        break;
    case KIND_BALLOON:
        mb.frame[0] = (uint32_t)balloon_in();
        break;
    case KIND_CLEAR:
        mb.nr_refs = 3;
        mb.frame[1] = (uint32_t)virt_to_mfn(pages[1]);
        mb.frame[2] = (uint32_t)virt_to_mfn(pages[2]);
        break;
    default:
        break;
    }
}

static void wait_for_grantee(uint32_t step)
{
    while (mb.grantee_step < step)
        guest_sleep_ms(1);
}

void guest_main(void)
{
    enum kind k = guest_kind(start_info->cmd_line);
    domid_t to = (domid_t)guest_arg(start_info->cmd_line, "to", 0);

    if (k == NR_KINDS || !to)
        guest_exit(RESULT_ERROR, "needs kind=NAME and to=DOMID");
    choose(k);
    if (gnttab_grant(to, virt_to_mfn(&mb), false) != MAILBOX_REF)
        guest_exit(RESULT_ERROR, "mailbox is not reference %u", MAILBOX_REF);
    for (uint32_t i = 0; i < mb.nr_refs; i++)
        if (gnttab_grant(to, mb.frame[i], mb.readonly) != TEST_REF + i)
            guest_exit(RESULT_ERROR, "test frame is not reference %u", TEST_REF + i);
    printf("lending %s frame %x to d%u\n", kind_names[k], mb.frame[0], to);

    wait_for_grantee(STEP_MAPPED);
    if (!(gnttab_entry(TEST_REF)->flags & GTF_reading) && k != KIND_CLEAR)
        guest_exit(RESULT_ERROR, "the grantee's mapping is not marked");
    if (k == KIND_BALLOON)
        printf("giving the mapped frame back: %ld\n", balloon_out(mb.frame[0]));
    if (k == KIND_CLEAR) {
        wait_for_grantee(STEP_CLEARED);
        for (uint32_t i = 0; i < mb.nr_refs; i++)
            if (gnttab_end(TEST_REF + i))
                guest_exit(RESULT_FAILURE, "ref %u still in use, its PTE gone",
                           TEST_REF + i);
    }
    mb.granter_step = STEP_CHECKED;
    guest_exit(RESULT_SUCCESS, "%s lent, dying first", kind_names[k]);
}

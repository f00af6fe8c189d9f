/*
 * grant.c - a guest's grant table: lending its pages to other domains,
 * and using pages lent to it.
 *
 * Our grant table is a few pages the hypervisor owns and lends to us
 * (setup_table gives their frames; we map them over pages of our own
 * image, as with shared_info). Lending a page is writing an entry:
 *
 *   entry = { domid: who may use it, frame: which, flags: permit_access
 *             [| readonly] }       written in that order (flags last)
 *
 * and ending it is clearing flags - but only while the hypervisor has not
 * marked it reading or writing, i.e. while nobody has it mapped; one
 * compare-and-swap on the flags makes that check and the clearing one
 * step. References below GNTTAB_NR_RESERVED_ENTRIES belong to the
 * toolstack (the console's page is reference 0).
 */
#include "io.h"

#define FRAMES      4
#define PER_FRAME   (4096 / sizeof(struct grant_entry_v1))
#define ENTRIES     (FRAMES * PER_FRAME)

static struct grant_entry_v1 table[ENTRIES] __attribute__((aligned(4096)));
static bool mapped;
static grant_ref_t next_free = GNTTAB_NR_RESERVED_ENTRIES;

static void map_table(void)
{
    xen_pfn_t frames[FRAMES];
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = FRAMES,
                                     .frame_list = frames };

    if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) || st.status)
        guest_exit(RESULT_ERROR, "grant table: setup_table failed (%d)", st.status);
    for (unsigned int i = 0; i < FRAMES; i++) {
        unsigned long va = (unsigned long)&table[i * PER_FRAME];

        if (HYPERVISOR_update_va_mapping(va, (uint64_t)frames[i] << 12 | 0x7,
                                         UVMF_INVLPG))
            guest_exit(RESULT_ERROR, "grant table: cannot map frame %lu", frames[i]);
    }
    mapped = true;
}

const struct grant_entry_v1 *gnttab_entry(grant_ref_t ref)
{
    if (!mapped)
        map_table();
    return ref < ENTRIES ? &table[ref] : NULL;
}

grant_ref_t gnttab_grant(domid_t to, unsigned long mfn, bool readonly)
{
    grant_ref_t ref;

    if (!mapped)
        map_table();
    /* The next entry not in use (flags 0), round the table. */
    for (unsigned int tries = 0; tries < ENTRIES; tries++) {
        ref = next_free++;
        if (next_free >= ENTRIES)
            next_free = GNTTAB_NR_RESERVED_ENTRIES;
        if (ref >= GNTTAB_NR_RESERVED_ENTRIES && table[ref].flags == 0) {
            table[ref].domid = to;
            table[ref].frame = (uint32_t)mfn;
            __asm__ volatile("" ::: "memory");  /* flags last */
            table[ref].flags = (uint16_t)(GTF_permit_access |
                                          (readonly ? GTF_readonly : 0));
            return ref;
        }
    }
    guest_exit(RESULT_ERROR, "grant table full");
}

int gnttab_end(grant_ref_t ref)
{
    uint16_t flags = table[ref].flags;

    do {
        if (flags & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
    } while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    return 0;
}

int16_t gnttab_map(domid_t dom, grant_ref_t ref, void *va, bool readonly,
                   grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (unsigned long)va,
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };

    if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1))
        return GNTST_general_error;
    *handle = op.handle;
    return op.status;
}

int16_t gnttab_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = (unsigned long)va,
        .handle = handle,
    };

    if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1))
        return GNTST_general_error;
    return op.status;
}

long gnttab_copy(struct gnttab_copy *ops, unsigned int n)
{
    return HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n);
}

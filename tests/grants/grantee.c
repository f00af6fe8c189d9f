/*
 * grantee.c - maps what every granter lends, outlives them all, then
 * tries to get their frames back as its own.
 *
 * For each granter d2..d(granters=N + 1): map its mailbox and its test
 * frames (grants.h), drop the "clear" kind's mappings behind the grant
 * table's back (mmu_update clearing one entry, update_va_mapping
 * overwriting another, unpinning the L1 that holds the third), and say
 * so. Then wait until every granter is
 * gone, keeping the other mappings, and attack as issue 12 describes:
 *
 *   1. sweep the allocator: increase_reservation in batches, look at
 *      every frame it hands us, give the batch back, until the allocator
 *      has gone round all of free memory. A frame we still map through a
 *      dead granter's grant must never be among them: that frame would be
 *      freed under a live mapping.
 *   2. if one is (the hypervisor is broken), go on as the attacker would:
 *      pin it as an L1 table and write an entry into it through the old
 *      writable grant mapping - machine memory of our choosing.
 *
 * Last, every mapping is unmapped (those of dead granters too); the
 * hypervisor must then have every frame back (checked at exit).
 */
#include "guest/io.h"
#include "tests/grants/grants.h"

#define MAX_GRANTERS 8
#define MAPS (1 + 3)                    /* mailbox and up to three frames */
#define BATCH 64

struct held {
    unsigned int nr;                    /* mappings made */
    grant_handle_t handle[MAPS];
    unsigned long frame[MAPS];
    bool writable[MAPS], dropped[MAPS];
};

static uint8_t slots[MAX_GRANTERS][MAPS][4096] __attribute__((aligned(4096)));
static uint8_t spare[4096] __attribute__((aligned(4096)));
static uint8_t sandbox_l1[4096] __attribute__((aligned(4096)));
static struct held held[MAX_GRANTERS];
static unsigned int nr_granters;

static struct mailbox *mailbox_of(unsigned int g)
{
    return (struct mailbox *)slots[g][0];
}

/* Map ref of granter g (domain g + 2) at slot i, waiting until it is granted. */
static void map(unsigned int g, unsigned int i, grant_ref_t ref, bool readonly)
{
    struct held *h = &held[g];
    int16_t st;

    while ((st = gnttab_map((domid_t)(g + 2), ref, slots[g][i], readonly,
                            &h->handle[i])) != GNTST_okay) {
        if (st != GNTST_permission_denied && st != GNTST_bad_gntref)
            guest_exit(RESULT_ERROR, "map d%u ref %u: %d", g + 2, ref, st);
        guest_sleep_ms(1);
    }
    h->writable[i] = !readonly;
    h->nr = i + 1;
}

/* Map the clear kind's third frame into an L1 of ours that only a pin
 * holds (GNTMAP_contains_pte names the entry by machine address). */
static void map_into_sandbox(unsigned int g)
{
    unsigned long l1 = virt_to_mfn(sandbox_l1);
    struct gnttab_map_grant_ref op = {
        .host_addr = (uint64_t)l1 << 12,
        .flags = GNTMAP_host_map | GNTMAP_contains_pte,
        .ref = TEST_REF + 2, .dom = (domid_t)(g + 2),
    };

    if (HYPERVISOR_update_va_mapping((unsigned long)sandbox_l1,
                                     (uint64_t)l1 << 12 | 0x21, UVMF_INVLPG) ||
        guest_mmuext(MMUEXT_PIN_L1_TABLE, l1, 0))
        guest_exit(RESULT_ERROR, "cannot pin the sandbox L1");
    do {
        if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1))
            guest_exit(RESULT_ERROR, "map into the sandbox");
        if (op.status != GNTST_okay)
            guest_sleep_ms(1);
    } while (op.status == GNTST_permission_denied || op.status == GNTST_bad_gntref);
    if (op.status != GNTST_okay)
        guest_exit(RESULT_ERROR, "map into the sandbox: %d", op.status);
    held[g].handle[3] = op.handle;
    held[g].nr = 4;
}

/* The "clear" kind: the mappings go by rewriting their PTEs, and with
 * the L1 that holds one. */
static void drop_behind_the_back(unsigned int g)
{
    uint64_t pte = guest_l1e_ma((unsigned long)slots[g][1]);

    if (!pte || guest_mmu_update(pte, 0))
        guest_exit(RESULT_ERROR, "mmu_update could not clear the entry");
    if (HYPERVISOR_update_va_mapping((unsigned long)slots[g][2],
                                     (uint64_t)virt_to_mfn(spare) << 12 | 0x63,
                                     UVMF_INVLPG))
        guest_exit(RESULT_ERROR, "update_va_mapping could not overwrite it");
    if (guest_mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(sandbox_l1), 0))
        guest_exit(RESULT_ERROR, "cannot unpin the sandbox L1");
    held[g].dropped[1] = held[g].dropped[2] = held[g].dropped[3] = true;
}

static void map_everything(unsigned int g)
{
    struct mailbox *mb = mailbox_of(g);

    map(g, 0, MAILBOX_REF, false);
    for (unsigned int i = 0; i < mb->nr_refs && i < 3; i++) {
        if (mb->kind == KIND_CLEAR && i == 2)
            map_into_sandbox(g);
        else
            map(g, 1 + i, TEST_REF + i, mb->readonly);
        held[g].frame[1 + i] = mb->frame[i];
    }
    held[g].frame[0] = (unsigned long)-1;   /* the mailbox: not checked */
    if (mb->kind == KIND_CLEAR) {
        drop_behind_the_back(g);
        mb->grantee_step = STEP_CLEARED;
    } else {
        mb->grantee_step = STEP_MAPPED;
    }
}

static bool gone(unsigned int g)
{
    struct gnttab_query_size q = { .dom = (domid_t)(g + 2) };

    HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
    return q.status == GNTST_bad_domain;
}

/* Step 2: what an attacker does with a frame freed under its mapping. */
static void escape(unsigned int g, unsigned int i, unsigned long mfn)
{
    long rc;

    if (!held[g].writable[i])
        guest_exit(RESULT_FAILURE, "%s frame %lx freed while mapped",
                   kind_names[mailbox_of(g)->kind], mfn);
    rc = guest_mmuext(MMUEXT_PIN_L1_TABLE, mfn, 0);
    if (rc == 0)
        ((volatile uint64_t *)slots[g][i])[0] = 0x100ull << 12 | 0x67;
    guest_exit(RESULT_FAILURE, "%s frame %lx freed while mapped, pin %ld",
               kind_names[mailbox_of(g)->kind], mfn, rc);
}

static void check(unsigned long mfn)
{
    for (unsigned int g = 0; g < nr_granters; g++)
        for (unsigned int i = 1; i < held[g].nr; i++)
            if (!held[g].dropped[i] && held[g].frame[i] == mfn)
                escape(g, i, mfn);
}

/* Step 1: every free frame passes through our hands once. */
static unsigned long sweep(void)
{
    static xen_pfn_t got[BATCH];
    struct xen_memory_reservation r = { .extent_start = got, .domid = DOMID_SELF };
    unsigned long rounds = (unsigned long)HYPERVISOR_memory_op(
                               XENMEM_maximum_ram_page, NULL) / BATCH + 2;
    unsigned long seen = 0;

    for (unsigned long round = 0; round < rounds; round++) {
        long n;

        r.nr_extents = BATCH;
        n = HYPERVISOR_memory_op(XENMEM_increase_reservation, &r);
        if (n <= 0)
            guest_exit(RESULT_ERROR, "increase_reservation: %ld", n);
        for (long i = 0; i < n; i++)
            check(got[i]);
        seen += (unsigned long)n;
        r.nr_extents = (xen_ulong_t)n;
        if (HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r) != n)
            guest_exit(RESULT_ERROR, "decrease_reservation refused our own");
    }
    return seen;
}

static void unmap_everything(void)
{
    for (unsigned int g = 0; g < nr_granters; g++)
        for (unsigned int i = 0; i < held[g].nr; i++) {
            int16_t st = gnttab_unmap(slots[g][i], held[g].handle[i]);

            if (!held[g].dropped[i] && st != GNTST_okay)
                guest_exit(RESULT_FAILURE, "unmap d%u #%u: %d", g + 2, i, st);
        }
}

void guest_main(void)
{
    unsigned long seen;

    nr_granters = guest_arg(start_info->cmd_line, "granters", 0);
    if (!nr_granters || nr_granters > MAX_GRANTERS)
        guest_exit(RESULT_ERROR, "needs granters=1..%u", MAX_GRANTERS);
    for (unsigned int g = 0; g < nr_granters; g++)
        map_everything(g);
    for (unsigned int g = 0; g < nr_granters; g++)
        while (!gone(g))
            guest_sleep_ms(1);
    printf("every granter is gone; sweeping the allocator\n");
    seen = sweep();
    unmap_everything();
    guest_exit(RESULT_SUCCESS, "%lu frames swept, none mapped", seen);
}

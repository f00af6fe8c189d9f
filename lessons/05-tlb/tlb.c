/*
 * tlb.c - lesson 05: the TLB, locality, and what flushes it.
 *
 * Every memory access needs a page-table walk, unless the TLB remembers
 * the translation. Touching memory with good locality reuses TLB entries;
 * switching page tables throws them away. This guest (domain 0, with a
 * second domain beside it) measures locality, then makes each kind of
 * flush happen on purpose and asks the hypervisor how many it counted:
 *
 *   new-baseptr    switching between two address spaces ("processes")
 *   invlpg         dropping one page's translation
 *   mmuext-flush   dropping them all
 *   domain-switch  the hypervisor running another domain
 */
#include "guest/libguest.h"
#include <public/trace.h>         /* the TLB flush reasons */

#define LESSON 5
#define ROUNDS 200
#define PAGES 32

enum { MARK_SEQUENTIAL = 1, MARK_STRIDED, MARK_FLUSHES };

static uint8_t region[PAGES * 4096] __attribute__((aligned(4096)));

static uint64_t touch(unsigned int stride)
{
    volatile uint8_t *p = region;
    uint64_t t0 = rdtsc();
    unsigned int n = sizeof(region);

    /* The same number of accesses either way; only the order differs. */
    for (unsigned int i = 0; i < n; i += 64) {
        unsigned int off = stride == 1 ? i : (i / 64 % PAGES) * 4096 + (i / 64 / PAGES) * 64;

        p[off]++;
    }
    return rdtsc() - t0;
}

static long flushes(unsigned int reason)
{
    return HYPERVISOR_xenlab_op(XENLAB_tlb_count, reason, 0, 0, 0);
}

/* A second address space: a copy of our top-level table. */
static unsigned long second_l3(void)
{
    uint64_t *l3 = guest_alloc_page();
    unsigned long mfn = virt_to_mfn(l3);

    memcpy(l3, (void *)start_info->pt_base, 32);
    /* A page table may not stay writable anywhere: map it read-only. */
    HYPERVISOR_update_va_mapping((unsigned long)l3, ((uint64_t)mfn << 12) | 0x5,
                                 UVMF_INVLPG);
    if (guest_mmuext(MMUEXT_PIN_L3_TABLE, mfn, 0))
        guest_exit(RESULT_ERROR, "the hypervisor refused our second L3");
    return mfn;
}

/* A port domain 1 binds to (other.c), to wake it up for step 4. */
static evtchn_port_t port_for_other(void)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 1 };

    if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a))
        guest_exit(RESULT_ERROR, "cannot make an event channel port for d1");
    return a.port;
}

void guest_main(void)
{
    unsigned long mine = virt_to_mfn((void *)start_info->pt_base), other;
    uint64_t seq, strided;
    long before;
    evtchn_port_t other_port = port_for_other();

    guest_checkpoint(LESSON, 1);
    touch(1);                           /* warm up */
    seq = touch(1);
    strided = touch(4096);
    printf("Step 1: %u accesses in order: %llu cycles; hopping between pages: "
           "%llu cycles\n", (unsigned)(sizeof(region) / 64), (unsigned long long)seq,
           (unsigned long long)strided);
    guest_mark(LESSON, MARK_SEQUENTIAL, (uint32_t)seq, 0);
    guest_mark(LESSON, MARK_STRIDED, (uint32_t)strided, 0);

    guest_checkpoint(LESSON, 2);
    other = second_l3();
    before = flushes(TLB_NEW_BASEPTR);
    for (int i = 0; i < ROUNDS; i++) {
        guest_mmuext(MMUEXT_NEW_BASEPTR, other, 0);
        guest_mmuext(MMUEXT_NEW_BASEPTR, mine, 0);
    }
    printf("Step 2: %d switches between two address spaces: %ld flushes "
           "(new-baseptr)\n", 2 * ROUNDS, flushes(TLB_NEW_BASEPTR) - before);

    guest_checkpoint(LESSON, 3);
    for (int i = 0; i < ROUNDS; i++)
        guest_mmuext(MMUEXT_INVLPG_LOCAL, (unsigned long)region, 0);
    for (int i = 0; i < ROUNDS; i++)
        guest_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    printf("Step 3: %ld single-page flushes (invlpg), %ld full flushes\n",
           flushes(TLB_INVLPG), flushes(TLB_MMUEXT_FLUSH));

    guest_checkpoint(LESSON, 4);
    {
        struct evtchn_send call = { .port = other_port };
        struct evtchn_status st = { .dom = DOMID_SELF, .port = other_port };

        /* Domain 1 binds the port at boot; an event before that is lost. */
        for (int tries = 0; !HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) &&
                            st.status != EVTCHNSTAT_interdomain; tries++) {
            if (tries == 1000)
                guest_exit(RESULT_ERROR, "domain 1 never bound our port");
            guest_sleep_ms(5);
        }
        HYPERVISOR_event_channel_op(EVTCHNOP_send, &call);  /* d1: your turn */
    }
    before = flushes(TLB_DOMAIN_SWITCH);
    for (int i = 0; i < ROUNDS / 10; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    printf("Step 4: %d yields to the other domain: %ld flushes when the "
           "hypervisor switched to us (domain-switch)\n", ROUNDS / 10,
           flushes(TLB_DOMAIN_SWITCH) - before);

    guest_checkpoint(LESSON, 5);
    guest_mark(LESSON, MARK_FLUSHES, (uint32_t)flushes(TLB_NEW_BASEPTR),
               (uint32_t)flushes(TLB_DOMAIN_SWITCH));
    guest_exit(RESULT_SUCCESS, "lesson 5 done");
}

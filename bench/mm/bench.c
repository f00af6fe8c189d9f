/*
 * bench.c - what the PV MMU and a domain switch cost, from inside a guest.
 *
 * Under QEMU -icount shift=0,sleep=off rdtsc counts instructions; without
 * it, TCG time. bench/mm.sh runs both and prints the ratios:
 *
 *   native    the hypervisor itself changing one of its own PTEs in
 *             ring 0: a store and an invlpg (XENLAB_native_pte) - what a
 *             kernel without a hypervisor pays
 *   native_batched  the same, 64 stores and then one full flush
 *   batched   one entry of a 64-entry mmu_update batch: validated, the
 *             old frame's reference dropped, the new one's taken; and
 *             its share of the flush the guest then asks for (as in
 *             Xen, mmu_update leaves flushing to the guest, and a native
 *             kernel changing 64 pages would flush them all too)
 *   single    one update_va_mapping with UVMF_INVLPG: a whole hypercall
 *             per entry
 *   hypercall a null hypercall, for scale
 *   switch    one domain switch: this domain and a partner yield to each
 *             other; a round trip is two switches
 *
 * and counts TLB flushes: per domain switch (all reasons, counted by the
 * hypervisor) and per null hypercall (the shared address space: none).
 * Results are "bench: NAME VALUE" lines on the console; each figure is
 * the best of several rounds.
 */
#include "guest/libguest.h"
#include <public/trace.h>

#define ROUNDS   7
#define BATCH    64
#define BATCHES  16
#define CALLS    1000
#define YIELDS   200
#define SANDBOX  0xd0000000ul

__asm__(".text\n"
        "mm_nothing_stub: mov $0, %eax; ret\n"
        "mm_null_hcall:   mov $63, %eax; int $0x82; ret\n");
void mm_nothing_stub(void), mm_null_hcall(void);

static unsigned long sandbox_l1, frame[2];

static uint64_t best_of(uint64_t (*fn)(void))
{
    uint64_t best = ~0ull;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t = fn();

        if (t < best)
            best = t;
    }
    return best;
}

static uint64_t calls(void (*stub)(void))
{
    uint64_t t0 = rdtsc();

    for (int i = 0; i < CALLS; i++)
        __asm__ volatile("call *%0" : : "r"(stub) : "eax", "memory");
    return rdtsc() - t0;
}

static uint64_t nothing_round(void) { return calls(mm_nothing_stub); }
static uint64_t hypercall_round(void) { return calls(mm_null_hcall); }

static uint64_t native_round(void)
{
    return (uint64_t)HYPERVISOR_xenlab_op(XENLAB_native_pte, BATCH * BATCHES, 0, 0, 0);
}

static uint64_t native_batched_round(void)
{
    return (uint64_t)HYPERVISOR_xenlab_op(XENLAB_native_pte, BATCH * BATCHES, BATCH, 0, 0);
}

/* Each round maps every sandbox slot to the other frame: real changes. */
static unsigned int flip;

static uint64_t batched_round(void)
{
    static struct mmu_update req[BATCH];
    uint64_t t0;

    flip ^= 1;
    for (int i = 0; i < BATCH; i++) {
        req[i].ptr = ((uint64_t)sandbox_l1 << 12) + (uint64_t)i * 8;
        req[i].val = (uint64_t)frame[(i + flip) & 1] << 12 | 0x7;
    }
    t0 = rdtsc();
    for (int b = 0; b < BATCHES; b++) {
        for (int i = 0; i < BATCH; i++)
            req[i].val = (uint64_t)frame[(i + flip + b) & 1] << 12 | 0x7;
        if (HYPERVISOR_mmu_update(req, BATCH, NULL, DOMID_SELF) ||
            guest_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0))
            guest_exit(RESULT_ERROR, "a batched update was refused");
    }
    return rdtsc() - t0;
}

static uint64_t single_round(void)
{
    uint64_t t0 = rdtsc();

    flip ^= 1;
    for (int i = 0; i < BATCH * BATCHES; i++)
        if (HYPERVISOR_update_va_mapping(SANDBOX + (i % BATCH) * 4096,
                                         (uint64_t)frame[(i + flip) & 1] << 12 | 0x7,
                                         UVMF_INVLPG))
            guest_exit(RESULT_ERROR, "update_va_mapping was refused");
    return rdtsc() - t0;
}

static uint64_t switch_round(void)
{
    uint64_t t0 = rdtsc();

    for (int i = 0; i < YIELDS; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    return rdtsc() - t0;
}

static unsigned long all_flushes(void)
{
    unsigned long n = 0;

    for (unsigned int r = TLB_DOMAIN_SWITCH; r <= TLB_STALE; r++)
        n += (unsigned long)HYPERVISOR_xenlab_op(XENLAB_tlb_count, r, 0, 0, 0);
    return n;
}

static void set_up(void)
{
    uint64_t *l3 = (uint64_t *)start_info->pt_base;
    unsigned long l2 = (unsigned long)(l3[3] >> 12);
    void *page = guest_alloc_page();

    sandbox_l1 = virt_to_mfn(page);
    frame[0] = pfn_to_mfn(guest_nr_pfns() - 1);
    frame[1] = pfn_to_mfn(guest_nr_pfns() - 2);
    if (HYPERVISOR_update_va_mapping((unsigned long)page, (uint64_t)sandbox_l1 << 12 | 0x5,
                                     UVMF_INVLPG) ||
        guest_mmuext(MMUEXT_PIN_L1_TABLE, sandbox_l1, 0) ||
        guest_mmu_update(((uint64_t)l2 << 12) + ((SANDBOX >> 21) & 511) * 8,
                         (uint64_t)sandbox_l1 << 12 | 0x7))
        guest_exit(RESULT_ERROR, "cannot set up the sandbox L1");
}

static void report(const char *name, uint64_t value)
{
    printf("bench: %s %llu\n", name, (unsigned long long)value);
}

void guest_main(void)
{
    uint64_t nothing, entries = BATCH * BATCHES;
    unsigned long before;
    struct sched_remote_shutdown partner = { .domain_id = 1, .reason = SHUTDOWN_poweroff };

    guest_events_disable();             /* no upcalls inside the loops */
    set_up();
    nothing = best_of(nothing_round);
    report("hypercall", (best_of(hypercall_round) - nothing) / CALLS);
    report("native_pte", best_of(native_round) / entries);
    report("native_batched_pte", best_of(native_batched_round) / entries);
    report("batched_pte", best_of(batched_round) / entries);
    report("single_pte", best_of(single_round) / entries);

    before = all_flushes();
    hypercall_round();
    report("flushes_per_1000_hypercalls", all_flushes() - before);

    /* The partner yields back at once: a yield is two domain switches. */
    report("switch", best_of(switch_round) / (2 * YIELDS));
    before = all_flushes();
    switch_round();
    report("flushes_x100_per_switch_in", (all_flushes() - before) * 100 / YIELDS);

    if (HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &partner))
        guest_exit(RESULT_ERROR, "cannot power the partner off");
    guest_events_enable();
    guest_exit(RESULT_SUCCESS, "bench done");
}

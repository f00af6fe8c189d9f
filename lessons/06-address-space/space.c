/*
 * space.c - lesson 06: one address space for the guest and the hypervisor.
 *
 * Xen maps itself into the top of every guest's address space, so a
 * hypercall is a ring change and nothing more: no CR3 load, no TLB
 * flush. The price is that the guest's kernel (ring 1, which paging
 * counts as "supervisor") could read the hypervisor's pages - so Xen cuts
 * the guest's segments short: they reach the read-only machine-to-physical
 * table at the bottom of the slice (guests read it), and nothing above.
 *
 * This guest measures hypercalls in the shared space, asks the hypervisor
 * to move into an address space of its own (XENLAB_hv_space) and measures
 * again, then reaches for the hypervisor: once through a plain load
 * (stopped by the segment limit - on a real CPU; QEMU's TCG does not
 * check limits), once by asking for a mapping (refused by the PV MMU).
 */
#include "guest/libguest.h"
#include <public/trace.h>               /* the TLB flush reasons */

#define LESSON 6
#define CALLS 500
#define HV_IMAGE 0xf8100000ul           /* where the hypervisor's code is */

enum { MARK_SHARED = 1, MARK_OWN, MARK_LIMIT, MARK_MAPPING };

static long hv_space_flushes(void)
{
    return HYPERVISOR_xenlab_op(XENLAB_tlb_count, TLB_HV_OWN_SPACE, 0, 0, 0);
}

/* CALLS null hypercalls: their cycles, and the flushes they caused. */
static void hypercalls(const char *space, unsigned int mark)
{
    long before = hv_space_flushes();
    uint64_t t0 = rdtsc(), cycles;
    long flushes;

    for (int i = 0; i < CALLS; i++)
        HYPERVISOR_xen_version(XENVER_version, NULL);
    cycles = rdtsc() - t0;
    flushes = hv_space_flushes() - before;
    printf("%d hypercalls, hypervisor in %s: %llu cycles each, %ld TLB flushes\n",
           CALLS, space, (unsigned long long)(cycles / CALLS), flushes);
    guest_mark(LESSON, mark, (uint32_t)(cycles / CALLS), (uint32_t)flushes);
}

/* ---- Reaching into the hypervisor's slice -------------------------------- */

static volatile uint32_t gp_faults;
static volatile uint32_t resume_eip;

static void on_gp(struct guest_frame *f)
{
    if (!resume_eip)
        guest_exit(RESULT_FAILURE, "unexpected #GP at %08x", f->eip);
    gp_faults++;
    printf("  #GP at eip %08x, error %u: the segment limit said no\n", f->eip, f->error);
    f->eip = resume_eip;
    resume_eip = 0;
}

/* Load a word from va through DS into *value; true if it faulted. */
static bool peek_faults(unsigned long va, uint32_t *value)
{
    uint32_t before = gp_faults;

    *value = 0;
    __asm__ volatile("movl $1f, %[resume]\n\t"
                     "movl (%[va]), %[value]\n"
                     "1:"
                     : [value] "+r"(*value), [resume] "=m"(resume_eip)
                     : [va] "r"(va)
                     : "memory");
    return gp_faults != before;
}

static uint32_t segment_limit(uint16_t sel)
{
    uint32_t limit;

    __asm__("lsl %1, %0" : "=r"(limit) : "r"((uint32_t)sel));
    return limit;
}

void guest_main(void)
{
    uint16_t ds;
    uint32_t limit, value;
    long rc;

    guest_checkpoint(LESSON, 1);
    hypercalls("the guest's address space", MARK_SHARED);

    guest_checkpoint(LESSON, 2);
    if (HYPERVISOR_xenlab_op(XENLAB_hv_space, 1, 0, 0, 0))
        guest_exit(RESULT_ERROR, "the hypervisor cannot move out");
    hypercalls("its own address space", MARK_OWN);
    HYPERVISOR_xenlab_op(XENLAB_hv_space, 0, 0, 0, 0);

    guest_checkpoint(LESSON, 3);
    __asm__("mov %%ds, %0" : "=r"(ds));
    limit = segment_limit(ds);
    printf("DS is %04x; its limit is %08x: the hypervisor's slice starts at %08lx,\n"
           "  and only its first part, the read-only M2P table, is within reach\n",
           ds, limit, (unsigned long)HYPERVISOR_VIRT_START);
    guest_set_trap(13, on_gp, 1);
    if (peek_faults((unsigned long)_start_of_image, &value))
        guest_exit(RESULT_FAILURE, "our own memory faulted");
    if (limit >= MACH2PHYS_VIRT_END)
        guest_exit(RESULT_FAILURE, "DS reaches the hypervisor (limit %08x)", limit);
    if (peek_faults(MACH2PHYS_VIRT_START, &value))
        guest_exit(RESULT_FAILURE, "the read-only M2P table is out of reach");
    /*
     * A real CPU checks every access against the limit: #GP. QEMU's TCG
     * emulator leaves the check out (it trusts flat segments), so there
     * the load succeeds - the protection is the processor's, not ours.
     */
    if (peek_faults(HV_IMAGE, &value))
        printf("reading %08lx: #GP, as the limit demands\n", HV_IMAGE);
    else
        printf("reading %08lx: got %08x - this CPU does not check segment limits\n"
               "  (QEMU's TCG skips the check; a real PC raises #GP here)\n",
               HV_IMAGE, value);
    guest_mark(LESSON, MARK_LIMIT, limit, gp_faults);

    guest_checkpoint(LESSON, 4);
    /* Ask for a mapping of a frame of ours at the hypervisor's address. */
    rc = HYPERVISOR_update_va_mapping(HV_IMAGE,
                                      ((uint64_t)virt_to_mfn(_start_of_image) << 12) | 0x3,
                                      UVMF_INVLPG);
    printf("update_va_mapping at %08lx: %ld (%s)\n", HV_IMAGE, rc,
           rc ? "refused" : "accepted!");
    if (rc == 0)
        guest_exit(RESULT_FAILURE, "mapped a page into the hypervisor's slice");
    guest_mark(LESSON, MARK_MAPPING, (uint32_t)-rc, 0);
    guest_exit(RESULT_SUCCESS, "lesson 6 done");
}

/*
 * hostile.c - a guest that throws garbage at the hypervisor.
 *
 * Thousands of hypercalls with random numbers and random arguments, the
 * arguments drawn from values that hurt: 0, -1, addresses in the
 * hypervisor's slice, unmapped addresses, our own memory, and machine
 * frames that belong to other domains. The hypervisor must answer every
 * one with a result, never crash, never touch another domain's memory.
 * The test runs two of us beside the victim, so each also aims at the
 * other's frames.
 *
 * The iret hypercall is among them, with plausible frames: a random
 * EFLAGS (VM, IOPL, NT, TF, AC, RF and every other bit included) to a
 * landing place of ours in ring 1 or in ring 3 (iret_frame.c), which
 * reports what EFLAGS it found there: a forbidden bit kept is FAILURE.
 *
 * A few calls would only hurt this guest itself: shutting down, blocking,
 * unmapping its own code. Those are skipped or their arguments steered;
 * calls that replace its entry points (trap table, callbacks, stack, GDT)
 * go through and are undone at once. So the test reaches its full count.
 * Progress is reported as lesson.mark what=1, the irets made and the
 * single steps they caused as what=2, the verdict as a trace record
 * (verdict.h: v1 = the hypercalls made).
 *
 * The default build is repeatable (a fixed seed mixed with seed=N from
 * the command line, 20000 calls); the long fuzz (./xenlab test --long)
 * builds with -DCALLS=... -DRANDOM_SEED. Each prints the seed it ended up
 * with: a failure replays with -DSEED=<that> and no seed= (or seed=0).
 */
#include "guest/libguest.h"
#include "iret_frame.h"
#include "verdict.h"

#ifndef CALLS
#define CALLS 20000                     /* the long fuzz builds with more */
#endif

extern char _end_of_image[], kernel_stack_top[];
#ifndef SEED
#define SEED 2463534242u
#endif
static uint32_t rng = SEED;             /* or a fresh one: RANDOM_SEED */
static uint8_t scratch[8192] __attribute__((aligned(4096)));
static uint32_t irets;
#define IRET_MARK 2                     /* lesson.mark what=2 v0=irets v1=steps */

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t nasty(void)
{
    switch (next() % 10) {
    case 0: return 0;
    case 1: return ~0u;
    case 2: return 0xf5800000u + next() % 0x0a800000u;  /* the hypervisor */
    case 3: return next() % 0x1000u;                     /* page zero */
    case 4: return 0x40000000u + next() % 0x1000000u;    /* unmapped */
    case 5: return (uint32_t)(uintptr_t)scratch + next() % sizeof(scratch);
    case 6: return (next() % 32768u) << 12;              /* any machine frame */
    case 7: return next() % 64;                          /* small numbers */
    default: return next();
    }
}

/* Is va in our image (code, data, stacks) but not in the scratch pages? */
static bool in_image(uint32_t va)
{
    uint32_t s = (uint32_t)(uintptr_t)scratch;

    return va >= (uint32_t)(uintptr_t)_start_of_image &&
           va < (uint32_t)(uintptr_t)_end_of_image &&
           (va < s || va >= s + sizeof(scratch));
}

/*
 * A batch (mmu_update, mmuext_op, grant_table_op) whose array lies in
 * our image (scratch included: a long one runs on into our stacks): the
 * hypervisor writes results into it (statuses, handles). Move the array
 * into scratch, and keep it there: at
 * most 85 entries of up to 48 bytes, from an offset in its first page.
 * Long batches still happen, and still cross the preemption points.
 */
static void batch_into_scratch(uint32_t *array, uint32_t *count)
{
    uint32_t va = *array;

    if (va < (uint32_t)(uintptr_t)_start_of_image ||
        va >= (uint32_t)(uintptr_t)_end_of_image)
        return;                         /* not ours: the hypervisor refuses */
    *array = (uint32_t)(uintptr_t)scratch + *array % 4096u;
    *count %= 4096u / 48u;
}

/* Would this call only hurt us? Then steer or skip it. */
static bool self_harm(uint32_t op, uint32_t *a)
{
    switch (op) {
    case __HYPERVISOR_mmu_update:
    case __HYPERVISOR_mmuext_op:
        batch_into_scratch(&a[0], &a[1]);
        return false;
    case __HYPERVISOR_grant_table_op:
        batch_into_scratch(&a[1], &a[2]);
        return false;
    case __HYPERVISOR_sched_op:
    case __HYPERVISOR_sched_op_compat:
        return a[0] == SCHEDOP_shutdown || a[0] == SCHEDOP_block ||
               a[0] == SCHEDOP_poll || a[0] == SCHEDOP_remote_shutdown;
    case __HYPERVISOR_update_va_mapping:
        /* Never over our own image, except the scratch pages. */
        if (in_image(a[0]))
            a[0] = (uint32_t)(uintptr_t)scratch;
        return false;
    case __HYPERVISOR_xenlab_op:
        if (a[0] == XENLAB_mark && a[2] == VERDICT_MARK)
            a[2]++;                     /* no forged verdicts */
        return a[0] == XENLAB_checkpoint || a[0] == XENLAB_trap_emulate;
    default:
        return false;
    }
}

/*
 * An iret with a random EFLAGS (but DF: our C code needs it clear) to
 * ring 1 or 3; the landing code must find IF set and no forbidden bit.
 */
static void fuzz_iret(void)
{
    uint32_t eflags = next() & ~EFLAGS_DF;
    bool ring3 = next() & 1;
    uint32_t seen = ring3 ? iret_to_ring3(eflags, NULL)
                          : iret_to_ring1(eflags, FLAT_KERNEL_CS);

    if (!eflags_allowed(seen))
        test_verdict(RESULT_FAILURE, irets, "iret to ring %u with eflags %08x "
                     "arrived with %08x", ring3 ? 3 : 1, eflags, seen);
    irets++;
}

/* seed=N on the command line: two of us in one test differ. */
static uint32_t seed_word(void)
{
    const char *p = start_info->cmd_line;
    uint32_t n = 0;

    while (*p && strncmp(p, "seed=", 5))
        p++;
    for (p += *p ? 5 : 0; *p >= '0' && *p <= '9'; p++)
        n = n * 10 + (uint32_t)(*p - '0');
    return n;
}

/* One random hypercall; whatever entry points it replaced, put back.
 * Events off: an upcall must not reach a callback we are about to
 * replace with garbage, before we can put ours back. */
static long one_call(uint32_t op, const uint32_t a[5])
{
    long rc;

    guest_events_disable();
    rc = _hypercall5_any(op, a[0], a[1], a[2], a[3], a[4]);
    if (op == __HYPERVISOR_set_trap_table || op == __HYPERVISOR_stack_switch ||
        op == __HYPERVISOR_set_callbacks || op == __HYPERVISOR_callback_op ||
        op == __HYPERVISOR_set_gdt) {
        HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kernel_stack_top);
        guest_restore_entry_points();
        _hypercall2(__HYPERVISOR_set_gdt, 0, 0);
    }
    guest_events_enable();
    return rc;
}

void guest_main(void)
{
    uint32_t done = 0, refused = 0;

#ifdef RANDOM_SEED
    rng = (uint32_t)rdtsc();
#endif
    rng ^= seed_word() * 2654435761u;
    rng |= 1;                           /* xorshift must not start at 0 */
    iret_frame_init();
    printf("%u hypercalls from seed %u\n", CALLS, rng);
    while (done < CALLS) {
        uint32_t op = next() % 64, a[5];

        for (int i = 0; i < 5; i++)
            a[i] = nasty();
        if (op == __HYPERVISOR_sched_op || op == __HYPERVISOR_xenlab_op)
            a[0] %= 8;
        if (op == __HYPERVISOR_iret)
            fuzz_iret();                /* events: as its frame's IF says */
        else if (self_harm(op, a))
            continue;
        else
            refused += one_call(op, a) < 0;
        guest_events_enable();
        if (++done % 2000 == 0)
            guest_mark(0, 1, done, refused);
    }
    /* Our scratch pages may be unmapped now; our image must still work.
     * Random console writes may have left half a line: end it first. */
    printf("\n");
    guest_mark(0, IRET_MARK, irets, iret_steps);
    test_verdict(RESULT_SUCCESS, done, "%u hypercalls (%u irets, %u steps), "
                 "%u refused", done, irets, iret_steps, refused);
}

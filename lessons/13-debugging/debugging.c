/*
 * debugging.c - lesson 13: a guest kernel under a debugger.
 *
 * Two domains boot this same kernel. Domain 0, "debuggee", is the one an
 * instructor stops in GDB: it asks the hypervisor a few questions
 * (collect_facts, the function to break in), keeps the answers in a
 * structure (facts, the global to print), and makes the hypercalls one
 * steps into. Domain 1, "ticker", only counts heartbeats: it shows the
 * other domains stopping with the debugged one, or running on
 * (`monitor others run`).
 *
 * The lesson must also run with no debugger at all (./xenlab lesson 13
 * --check), so its last steps show the two mechanisms GDB relies on,
 * with the guest as its own debugger:
 *
 *   int3         a breakpoint: #BP, which the hypervisor hands back to the
 *                guest because it did not plant it itself
 *   EFLAGS.TF    a single step: #DB after every instruction, except that
 *                int $0x82 clears TF and its iret restores it, so the CPU
 *                traps only after the instruction that follows the
 *                hypercall (GDB's stepi, which the hypervisor knows about,
 *                stops right after the hypercall instead)
 */
#include "guest/libguest.h"

#define LESSON 13
#define X86_EFLAGS_TF 0x100u

enum { MARK_INT3 = 1, MARK_STEPS = 2 };

/* What the debuggee learns about the machine it runs on. */
struct hv_facts {
    long version;                       /* major << 16 | minor */
    char extra[16];                     /* the version's suffix */
    unsigned long virt_start;           /* where the hypervisor begins */
    unsigned int hypercalls;            /* how many questions that took */
};

struct hv_facts facts;
volatile unsigned int heartbeats;       /* the ticker's count */

/* The guest's own debugger: what its #BP and #DB handlers saw. */
static volatile unsigned int breakpoints_seen, steps_seen;
static volatile uint32_t step_eip[16];

/* ---- Domain 0: the debuggee ------------------------------------------------ */

/* Break here: `break collect_facts`, then `finish` and `print facts`. */
__attribute__((noinline)) void collect_facts(struct hv_facts *f)
{
    struct xen_platform_parameters pp;

    f->version = HYPERVISOR_xen_version(XENVER_version, NULL);
    f->hypercalls++;
    HYPERVISOR_xen_version(XENVER_extraversion, f->extra);
    f->hypercalls++;
    HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    f->virt_start = pp.virt_start;
    f->hypercalls++;
}

static void on_breakpoint(struct guest_frame *f)
{
    breakpoints_seen++;
    printf("  #BP handler: int3 at %08x, resuming after it\n", f->eip - 1);
}

static void on_single_step(struct guest_frame *f)
{
    if (steps_seen < ARRAY_SIZE(step_eip))
        step_eip[steps_seen] = f->eip;
    steps_seen++;
}

/* xen_version(XENVER_version) with EFLAGS.TF set around the call. */
static long stepped_version(void)
{
    long v;

    __asm__ volatile("pushfl\n\t"
                     "orl %[tf], (%%esp)\n\t"
                     "popfl\n\t"                    /* TF on from here */
                     "call hypercall_page + %c[nr] * 32\n\t"
                     "pushfl\n\t"
                     "andl %[not_tf], (%%esp)\n\t"
                     "popfl\n\t"                    /* the last step */
                     : "=a"(v)
                     : "b"(XENVER_version), "c"(0), [tf] "i"(X86_EFLAGS_TF),
                       [not_tf] "i"(~X86_EFLAGS_TF),
                       [nr] "i"(__HYPERVISOR_xen_version)
                     : "memory", "cc");
    return v;
}

static void show_steps(void)
{
    static const char *const what[] = {
        "call          -> the stub's mov $17,%eax",
        "mov           -> the stub's int $0x82",
        "int $0x82 ret -> back in stepped_version: ONE #DB for both",
        "pushfl        -> andl",
        "andl          -> popfl",
        "popfl         -> TF off, but it was on as popfl began",
    };
    uint32_t stub = (uint32_t)(uintptr_t)hypercall_page +
                    __HYPERVISOR_xen_version * 32;

    for (unsigned int i = 0; i < steps_seen && i < ARRAY_SIZE(what); i++)
        printf("  step %u: eip=%08x  %s\n", i + 1, step_eip[i], what[i]);
    /* The third #DB is past the stub's ret: at the pushfl (1 byte) that
     * the fourth steps over. */
    if (steps_seen != ARRAY_SIZE(what) || step_eip[1] != stub + 5 ||
        step_eip[2] + 1 != step_eip[3])
        guest_exit(RESULT_FAILURE, "%u single steps, the second at %08x, the "
                   "third at %08x (expected 6, at %08x, then after the ret)",
                   steps_seen, step_eip[1], step_eip[2], stub + 5);
}

static void stop_ticker(void)
{
    struct sched_remote_shutdown rs = { 1, SHUTDOWN_poweroff };

    HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs);
}

static void debuggee(void)
{
    long v;

    guest_checkpoint(LESSON, 1);
    printf("Step 1: a function to break in: collect_facts\n");
    collect_facts(&facts);

    guest_checkpoint(LESSON, 2);
    v = HYPERVISOR_xen_version(XENVER_version, NULL);
    facts.hypercalls++;
    printf("Step 2: into a hypercall: xen_version returned %lx in eax\n", v);

    guest_checkpoint(LESSON, 3);
    printf("Step 3: the structure: facts = { version %ld.%ld%s, hypervisor "
           "at %08lx, %u hypercalls }\n", facts.version >> 16,
           facts.version & 0xffff, facts.extra, facts.virt_start,
           facts.hypercalls);

    guest_checkpoint(LESSON, 4);
    printf("Step 4: int3 in the guest, with the guest's own #BP handler\n");
    guest_set_trap(3, on_breakpoint, 3);
    __asm__ volatile("int3");
    guest_mark(LESSON, MARK_INT3, breakpoints_seen, 0);

    guest_checkpoint(LESSON, 5);
    printf("Step 5: single steps (EFLAGS.TF) over a hypercall\n");
    guest_set_trap(1, on_single_step, 0);
    v = stepped_version();
    show_steps();
    guest_mark(LESSON, MARK_STEPS, steps_seen, (uint32_t)v);

    guest_checkpoint(LESSON, 6);
    printf("Step 6: done; powering the ticker off\n");
    stop_ticker();
    guest_exit(RESULT_SUCCESS, "lesson 13 done");
}

/* ---- Domain 1: the ticker --------------------------------------------------- */

static void ticker(void)
{
    for (;;) {
        heartbeats++;
        if (heartbeats % 100 == 0)
            printf("heartbeat %u\n", heartbeats);
        guest_sleep_ms(10);
    }
}

void guest_main(void)
{
    if (start_info->flags & SIF_INITDOMAIN)
        debuggee();
    else
        ticker();
}

/*
 * bench.c - what a ring transition costs, measured from inside a guest.
 *
 * Run under QEMU with -icount shift=0,sleep=off, rdtsc counts executed
 * instructions, so the numbers are exact and repeatable. Each operation
 * is called through a stub of the same shape as a hypercall-page stub
 * (mov $n,%eax; <op>; ret), so subtracting the "nothing" stub leaves the
 * cost of the operation alone:
 *
 *   bare      int $0x83: into ring 0 and straight back (a lone iret)
 *   entry     int $0x84: the hypervisor's whole entry and exit path,
 *             registers saved and restored, an empty handler
 *   hypercall a null hypercall (number 63 has no handler: -ENOSYS)
 *   direct    int $0x80 from ring 3 through the direct trap gate into
 *             the guest kernel's handler (no hypervisor at all)
 *   bounced   int $0x81 from ring 3: #GP into the hypervisor, bounced
 *             into the same handler
 *
 * Each figure is the best of several rounds (a timer tick landing in a
 * round only makes that round slower). Results go to the console as
 * "bench: NAME VALUE" lines for bench/pv.sh.
 */
#include "guest/libguest.h"

#define N       1000
#define ROUNDS  7

__asm__(".text\n"
        "nothing_stub: mov $0, %eax; ret\n"
        "bare_stub:    mov $0, %eax; int $0x83; ret\n"
        "entry_stub:   mov $0, %eax; int $0x84; ret\n"
        "null_hcall:   mov $63, %eax; int $0x82; ret\n");
void nothing_stub(void), bare_stub(void), entry_stub(void), null_hcall(void);

static uint64_t per_op(void (*fn)(void))
{
    uint64_t best = ~0ull;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = rdtsc();

        for (int i = 0; i < N; i++)
            __asm__ volatile("call *%0" : : "r"(fn) : "eax", "memory");
        t0 = rdtsc() - t0;
        if (t0 < best)
            best = t0;
    }
    return best / N;
}

/* ---- Ring 3: system calls through the direct gate and bounced ---------- */

static uint8_t user_stack[8192] __attribute__((aligned(16)));
static volatile uint64_t user_direct, user_bounced, user_nothing;

static void null_syscall(struct guest_frame *f)
{
    if (f->eax == 1)
        guest_user_exit(0);
}

static uint64_t user_loop(int vector)
{
    uint64_t best = ~0ull;

    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = rdtsc();

        for (int i = 0; i < N; i++) {
            if (vector == 0x80)
                __asm__ volatile("int $0x80" : : "a"(0) : "memory");
            else if (vector == 0x81)
                __asm__ volatile("int $0x81" : : "a"(0) : "memory");
            else
                __asm__ volatile("nop" : : "a"(0) : "memory");
        }
        t0 = rdtsc() - t0;
        if (t0 < best)
            best = t0;
    }
    return best / N;
}

static void user_process(void)
{
    user_nothing = user_loop(0);
    user_direct = user_loop(0x80);
    user_bounced = user_loop(0x81);
    __asm__ volatile("int $0x80" : : "a"(1) : "memory");
    for (;;)
        ;
}

void guest_main(void)
{
    uint64_t nothing, bare, entry, hcall;
    long entries80;

    guest_events_disable();             /* no upcalls inside the loops */
    nothing = per_op(nothing_stub);
    bare = per_op(bare_stub) - nothing;
    entry = per_op(entry_stub) - nothing;
    hcall = per_op(null_hcall) - nothing;
    printf("bench: bare %llu\n", (unsigned long long)bare);
    printf("bench: entry %llu\n", (unsigned long long)entry);
    printf("bench: hypercall %llu\n", (unsigned long long)hcall);
    /* Ring 0 executes everything but the guest's own `int`: the whole
     * trip minus the bare one, plus the bare one's iret. */
    printf("bench: hypercall_hv_insns %llu\n", (unsigned long long)(hcall - bare + 1));

    guest_set_trap(0x80, null_syscall, 3);
    guest_set_trap(0x81, null_syscall, 3);
    entries80 = HYPERVISOR_xenlab_op(XENLAB_trap_count, 0x80, 0, 0, 0);
    guest_run_user(user_process, user_stack + sizeof(user_stack));
    entries80 = HYPERVISOR_xenlab_op(XENLAB_trap_count, 0x80, 0, 0, 0) - entries80;
    printf("bench: direct %llu\n", (unsigned long long)(user_direct - user_nothing));
    printf("bench: bounced %llu\n", (unsigned long long)(user_bounced - user_nothing));
    printf("bench: direct_hv_entries %ld\n", entries80);
    guest_events_enable();
    guest_exit(RESULT_SUCCESS, "bench done");
}

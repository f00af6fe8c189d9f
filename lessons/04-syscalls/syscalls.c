/*
 * syscalls.c - lesson 04: fast system calls, and traps that must bounce.
 *
 * A PV kernel runs its processes in ring 3. When a process makes a system
 * call with int $0x80, the hypervisor can get out of the way entirely: it
 * installed a real trap gate that takes the CPU from ring 3 straight to
 * the guest kernel's handler in ring 1. A page fault is different: the
 * CPU always delivers it to ring 0, so the hypervisor must "bounce" it
 * into the guest kernel. This guest runs a small process that makes both
 * happen, and a third kind, int $0x81, which has no direct gate and
 * bounces like a fault.
 */
#include "guest/libguest.h"

#define LESSON 4
#define CALLS 500

enum { SYS_EXIT = 0, SYS_WRITE = 1, SYS_NULL = 2 };
enum { MARK_DIRECT = 1, MARK_BOUNCED, MARK_FAULTS };

static uint8_t user_stack[8192] __attribute__((aligned(16)));
static uint8_t lazy_page[4096] __attribute__((aligned(4096)));
static volatile uint32_t direct_calls, bounced_calls, faults;
static unsigned long lazy_mfn;

/* ---- The kernel's side ---------------------------------------------------- */

static void syscall(struct guest_frame *f)
{
    if (f->vector == 0x80)
        direct_calls++;
    else
        bounced_calls++;
    switch (f->eax) {
    case SYS_EXIT:
        guest_user_exit((int)f->ebx);
    case SYS_WRITE:
        guest_write((const char *)f->ebx, f->ecx);
        f->eax = f->ecx;
        return;
    case SYS_NULL:
        f->eax = 0;
        return;
    default:
        f->eax = (uint32_t)-38;
    }
}

/* Demand paging: map the page the process touched, then let it retry. */
static void page_fault(struct guest_frame *f)
{
    unsigned long addr = guest_cr2();

    faults++;
    if ((addr & ~0xfffu) != (unsigned long)lazy_page)
        guest_exit(RESULT_ERROR, "page fault at %08lx, eip %08x", addr, f->eip);
    HYPERVISOR_update_va_mapping((unsigned long)lazy_page,
                                 ((uint64_t)lazy_mfn << 12) | 0x7, UVMF_INVLPG);
}

/* ---- The process (ring 3) ------------------------------------------------- */

static inline long sys(unsigned int vector, long nr, long a, long b)
{
    long ret;

    if (vector == 0x80)
        __asm__ volatile("int $0x80" : "=a"(ret) : "0"(nr), "b"(a), "c"(b) : "memory");
    else
        __asm__ volatile("int $0x81" : "=a"(ret) : "0"(nr), "b"(a), "c"(b) : "memory");
    return ret;
}

static void process(void)
{
    static const char hello[] = "  (ring 3) hello from a process\n";
    static const char touched[] = "  (ring 3) the lazy page now reads back what I wrote\n";
    uint64_t t0, direct, bounced;
    volatile uint32_t *p = (volatile uint32_t *)lazy_page;

    sys(0x80, SYS_WRITE, (long)hello, sizeof(hello) - 1);

    t0 = rdtsc();
    for (int i = 0; i < CALLS; i++)
        sys(0x80, SYS_NULL, 0, 0);
    direct = rdtsc() - t0;

    t0 = rdtsc();
    for (int i = 0; i < CALLS; i++)
        sys(0x81, SYS_NULL, 0, 0);
    bounced = rdtsc() - t0;

    *p = 0x12345678;                    /* not mapped: a page fault */
    if (*p == 0x12345678)
        sys(0x80, SYS_WRITE, (long)touched, sizeof(touched) - 1);

    /* Report the costs through the kernel, which may use hypercalls. */
    sys(0x80, SYS_EXIT, (long)(bounced / (direct ? direct : 1)), 0);
    for (;;)
        ;
}

void guest_main(void)
{
    int ratio;

    guest_set_trap(0x80, syscall, 3);   /* direct gate: DPL 3, events left on */
    guest_set_trap(0x81, syscall, 3);   /* no direct gate for this one */
    guest_set_trap(14, page_fault, 0);

    guest_checkpoint(LESSON, 1);
    printf("Step 1: vector 0x80 registered with DPL 3: the hypervisor installs "
           "a direct trap gate\n");
    lazy_mfn = virt_to_mfn(lazy_page);
    HYPERVISOR_update_va_mapping((unsigned long)lazy_page, 0, UVMF_INVLPG);
    printf("  and the kernel unmaps one page, to be mapped on first touch\n");

    guest_checkpoint(LESSON, 2);
    printf("Step 2: a process in ring 3 makes %u + %u system calls and touches "
           "the page\n", CALLS, CALLS);
    ratio = guest_run_user(process, user_stack + sizeof(user_stack));
    printf("  process exited: %u direct int $0x80, %u bounced int $0x81, %u "
           "page fault(s)\n", direct_calls, bounced_calls, faults);

    guest_checkpoint(LESSON, 3);
    printf("Step 3: a bounced system call costs %d times a direct one\n", ratio);
    guest_mark(LESSON, MARK_DIRECT, direct_calls, 0);
    guest_mark(LESSON, MARK_BOUNCED, bounced_calls, (uint32_t)ratio);
    guest_mark(LESSON, MARK_FAULTS, faults, 0);
    if (direct_calls != CALLS + 3 || bounced_calls != CALLS || faults != 1)
        guest_exit(RESULT_FAILURE, "counts are off");
    guest_exit(RESULT_SUCCESS, "lesson 4 done");
}

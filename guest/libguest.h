/*
 * libguest.h - a small runtime for xenlab's paravirtual guest kernels.
 *
 * A lesson guest is a kernel of its own: it starts in ring 1 with esi
 * pointing at start_info, and owns nothing but what the hypervisor gave
 * it. libguest does the start of day every PV kernel does (a stack, the
 * trap table, the event callback, shared_info mapped), then calls the
 * guest's guest_main(). When guest_main returns, the domain powers off.
 *
 *   void guest_main(void)
 *   {
 *       printf("hello from ring %u\n", current_ring());
 *   }
 *
 * Tests end with one line, in XTF's manner: guest_exit(RESULT_SUCCESS, ...)
 * prints "Test result: SUCCESS ..." and shuts the domain down (a failure
 * or error shuts it down as crashed, so the run's exit status says so).
 */
#ifndef GUEST_LIBGUEST_H
#define GUEST_LIBGUEST_H

#include <klib.h>
#include "hypercall.h"

/* ---- What the hypervisor gave us ----------------------------------------- */

extern struct start_info *start_info;
extern struct shared_info *shared_info;
extern char _start_of_image[];          /* VIRT_BASE: pseudo-physical 0 */

/* Each guest kernel defines this. */
void guest_main(void);

/* ---- Console and results --------------------------------------------------- */

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_write(const char *s, size_t len);

enum guest_result {
    RESULT_SUCCESS,     /* the test passed */
    RESULT_SKIP,        /* nothing to test here */
    RESULT_ERROR,       /* the test itself went wrong */
    RESULT_FAILURE,     /* the thing under test is wrong */
};

void guest_exit(enum guest_result r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void guest_poweroff(void) __attribute__((noreturn));

/* ---- Traps ---------------------------------------------------------------- */

/* What a trap handler sees: the registers as head.asm saved them. */
struct guest_frame {
    uint32_t es, ds;
    uint32_t edi, esi, ebp, esp_at_trap, ebx, edx, ecx, eax;
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;                   /* valid when (cs & 3) == 3 */
};

typedef void (*trap_fn)(struct guest_frame *f);

/*
 * Handle `vector` with fn. dpl: the outermost ring that may raise it with
 * `int` (3 for a system call). A handler returns normally to resume;
 * the vector 0x80 handler with dpl 3 gets the hypervisor's direct gate.
 */
void guest_set_trap(unsigned int vector, trap_fn fn, unsigned int dpl);

/* Register the trap table and callbacks again (after tests that broke them). */
void guest_restore_entry_points(void);

/* Which ring is this code running in (1 for the kernel)? */
static inline unsigned int current_ring(void)
{
    uint16_t cs;

    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    return cs & 3;
}

/*
 * Run fn in ring 3 on stack_top until a handler calls guest_user_exit(code);
 * returns code. fn must not return.
 */
int guest_run_user(void (*fn)(void), void *stack_top);
void guest_user_exit(int code) __attribute__((noreturn));

/* Read cr2 of the last page fault (the hypervisor saves it for us). */
static inline unsigned long guest_cr2(void)
{
    return shared_info->vcpu_info[0].arch.cr2;
}

/* ---- Events ---------------------------------------------------------------- */

typedef void (*event_fn)(evtchn_port_t port);

/* Bind a virtual interrupt; fn runs (events masked) when it fires. */
evtchn_port_t guest_bind_virq(unsigned int virq, event_fn fn);
void guest_bind_port(evtchn_port_t port, event_fn fn);

static inline void guest_events_enable(void)
{
    shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
    __asm__ volatile("" ::: "memory");
}

static inline void guest_events_disable(void)
{
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    __asm__ volatile("" ::: "memory");
}

/* Sleep until any event arrives (sched_op block). */
void guest_block(void);

/* ---- Time ------------------------------------------------------------------- */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint64_t guest_now_ns(void);
void guest_sleep_ms(unsigned int ms);
extern volatile uint32_t timer_ticks;   /* VIRQ_TIMER upcalls so far */
extern void (*volatile guest_tick_hook)(void);  /* run on each, if set */

/* ---- Memory (mm.c) ----------------------------------------------------------- */

#define INVALID_FRAME (~0ul)

unsigned long pfn_to_mfn(unsigned long pfn);     /* INVALID_FRAME if none */
void set_pfn_to_mfn(unsigned long pfn, unsigned long mfn);
unsigned long mfn_to_pfn(unsigned long mfn);     /* the hypervisor's M2P */
unsigned long virt_to_pfn(const void *va);
unsigned long virt_to_mfn(const void *va);
void *pfn_to_virt(unsigned long pfn);
unsigned long guest_nr_pfns(void);
unsigned long guest_first_free_pfn(void);

/* A zeroed page from the boot padding (mapped, writable, ours). */
void *guest_alloc_page(void);

/* Machine address of the L1 entry mapping va (0: none), and one-entry
 * wrappers of mmu_update and mmuext_op. */
uint64_t guest_l1e_ma(unsigned long va);
long guest_mmu_update(uint64_t ptr, uint64_t val);
long guest_mmuext(unsigned int cmd, unsigned long arg1, unsigned int arg2);

/* ---- The balloon (balloon.c) ------------------------------------------------- */

void balloon_init(void);                        /* binds VIRQ_XENLAB_BALLOON */
bool balloon_target_changed(void);              /* since the last call? */
unsigned long balloon_target(void);             /* pages we are asked to hold */
unsigned long balloon_current_pages(void);
unsigned long balloon_to(unsigned long target); /* returns the pages held */

/* ---- Lessons ------------------------------------------------------------------ */

/* Wait at step `step` of `lesson` until the student moves on in hvviz. */
static inline void guest_checkpoint(unsigned int lesson, unsigned int step)
{
    HYPERVISOR_xenlab_op(XENLAB_checkpoint, lesson, step, 0, 0);
}

/* Put a measured value into the trace (lesson.mark). */
static inline void guest_mark(unsigned int lesson, unsigned int what,
                              uint32_t a, uint32_t b)
{
    HYPERVISOR_xenlab_op(XENLAB_mark, lesson, what, a, b);
}

#endif /* GUEST_LIBGUEST_H */

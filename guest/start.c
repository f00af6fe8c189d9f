/*
 * start.c - the start of day of a PV guest kernel.
 *
 * What every paravirtual kernel does before it can do anything else, in
 * the order it must:
 *   1. keep start_info (esi at entry): our memory, shared_info's address;
 *   2. tell the hypervisor our ring-1 stack (stack_switch);
 *   3. map shared_info, the page we share with the hypervisor, over a
 *      page of our own image reserved for it (update_va_mapping);
 *   4. register the trap table and the event and failsafe callbacks;
 *   5. bind VIRQ_TIMER, enable events, and run guest_main().
 */
#include "libguest.h"
#include "internal.h"

struct start_info *start_info;
struct shared_info *shared_info;

static uint8_t shared_info_page[4096] __attribute__((aligned(4096)));
extern char kernel_stack_top[];

void guest_start(struct start_info *si);
void guest_start(struct start_info *si)
{
    long rc;

    start_info = si;
    mm_init();
    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kernel_stack_top);

    rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
                                      (uint64_t)si->shared_info | 0x7 /* P RW US */,
                                      UVMF_INVLPG);
    if (rc) {
        static const char msg[] = "libguest: cannot map shared_info\n";

        HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, (char *)msg);
        guest_crash_now();
    }
    shared_info = (struct shared_info *)shared_info_page;

    traps_init();
    events_init();
    guest_main();
    guest_poweroff();
}

void guest_poweroff(void)
{
    struct sched_shutdown sd = { SHUTDOWN_poweroff };

    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for (;;)
        ;
}

void guest_crash_now(void)
{
    struct sched_shutdown sd = { SHUTDOWN_crash };

    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for (;;)
        ;
}

static const char *const result_names[] = {
    "SUCCESS", "SKIP", "ERROR", "FAILURE",
};

void guest_exit(enum guest_result r, const char *fmt, ...)
{
    char msg[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printf("Test result: %s%s%s\n", result_names[r], msg[0] ? ": " : "", msg);
    if (r == RESULT_SUCCESS || r == RESULT_SKIP)
        guest_poweroff();
    guest_crash_now();
}

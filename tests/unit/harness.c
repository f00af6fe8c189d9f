/*
 * harness.c - stand-ins for hv/include/hv/arch.h on the host.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/mm.h>
#include "harness.h"

uint8_t harness_phys[HARNESS_PHYS_SIZE];
uint64_t harness_phys_limit = HARNESS_PHYS_SIZE;
int harness_exit_code = -1;
static uint64_t fake_tsc;

void harness_reset(void)
{
    memset(harness_phys, 0, sizeof(harness_phys));
    harness_phys_limit = HARNESS_PHYS_SIZE;
    harness_exit_code = -1;
    fake_tsc = 0;
    harness_console[0] = '\0';
}

/* Console messages of the code under test (lesson.c's hints), kept for
 * the tests to read. */
char harness_console[4096];

void printk(const char *fmt, ...)
{
    size_t used = strlen(harness_console);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(harness_console + used, sizeof(harness_console) - used, fmt, ap);
    va_end(ap);
}

uint64_t arch_rdtsc(void)
{
    return fake_tsc += 100;
}

unsigned int arch_cpu_id(void)
{
    return 0;
}

const void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    if (pa >= harness_phys_limit || len > harness_phys_limit - pa)
        return NULL;
    return harness_phys + pa;
}

/* What the last "balloon D P" control line asked for (control.c). */
int harness_target_dom = -1;
uint32_t harness_target_pages;

int memory_set_target(domid_t id, uint32_t pages)
{
    if (id >= 32)
        return -ESRCH;
    harness_target_dom = id;
    harness_target_pages = pages;
    return 0;
}

void arch_exit(int code)
{
    harness_exit_code = code;
    abort();
}

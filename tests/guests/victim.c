/*
 * victim.c - domain 0 of the hostile-guest test: memory that must survive.
 *
 * It fills 2 MB of its memory with a pattern derived from each word's
 * address, then waits until every other domain is gone (destroyed, not
 * just shut down: it looks every 10 ms, as nothing tells it when the
 * hypervisor has reaped one), and checks every word again. Any change means a hostile guest reached our
 * memory through the hypervisor: FAILURE.
 */
#include "guest/libguest.h"

#define WORDS (2 * 1024 * 1024 / 4)

static uint32_t data[WORDS];

static uint32_t pattern(uint32_t i)
{
    return (i * 2654435761u) ^ 0x5a5a5a5au;
}

/* Is any domain but us still there? (We are domain 0, privileged.) */
static bool others_alive(void)
{
    for (domid_t id = 1; id < 32; id++)
        if (HYPERVISOR_memory_op(XENMEM_current_reservation, &id) != -XEN_ESRCH)
            return true;
    return false;
}

void guest_main(void)
{
    uint32_t bad = 0;

    for (uint32_t i = 0; i < WORDS; i++)
        data[i] = pattern(i);
    printf("2 MB written; waiting for the other domains to finish\n");
    while (others_alive())
        guest_sleep_ms(10);
    for (uint32_t i = 0; i < WORDS; i++)
        if (data[i] != pattern(i))
            bad++;
    if (bad)
        guest_exit(RESULT_FAILURE, "%u words of my memory changed", bad);
    guest_exit(RESULT_SUCCESS, "all %u words intact", WORDS);
}

/*
 * victim.c - domain 0 of the hostile-guest test: memory that must survive.
 *
 * It fills 2 MB of its memory with a pattern derived from each word's
 * address, then sleeps until the hypervisor tells it (VIRQ_DOM_EXC) that
 * the hostile domain has shut down, and checks every word again. Any
 * change means the hostile guest reached our memory through the
 * hypervisor: FAILURE.
 */
#include "guest/libguest.h"

#define WORDS (2 * 1024 * 1024 / 4)

static uint32_t data[WORDS];
static volatile bool other_gone;

static uint32_t pattern(uint32_t i)
{
    return (i * 2654435761u) ^ 0x5a5a5a5au;
}

static void dom_exc(evtchn_port_t port)
{
    other_gone = true;
}

void guest_main(void)
{
    uint32_t bad = 0;

    guest_bind_virq(VIRQ_DOM_EXC, dom_exc);
    for (uint32_t i = 0; i < WORDS; i++)
        data[i] = pattern(i);
    printf("2 MB written; waiting for the other domain to finish\n");
    while (!other_gone)
        guest_block();
    for (uint32_t i = 0; i < WORDS; i++)
        if (data[i] != pattern(i))
            bad++;
    if (bad)
        guest_exit(RESULT_FAILURE, "%u words of my memory changed", bad);
    guest_exit(RESULT_SUCCESS, "all %u words intact", WORDS);
}

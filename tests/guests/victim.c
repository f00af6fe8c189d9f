/*
 * victim.c - domain 0 of the hostile-guest test: memory that must survive.
 *
 * It fills 2 MB of its memory with a pattern derived from each word's
 * address, then sleeps until every other domain has gone (VIRQ_DOM_EXC
 * wakes it when one shuts down, and it asks the hypervisor which are
 * still there), and checks every word again. Any change means a hostile
 * guest reached our memory through the hypervisor: FAILURE. The verdict
 * is a trace record too (verdict.h): v1 = the words found intact.
 */
#include "guest/libguest.h"
#include "verdict.h"

#define WORDS (2 * 1024 * 1024 / 4)
#define MAX_DOMAINS 32                  /* the hypervisor's domain ids */

static uint32_t data[WORDS];

static uint32_t pattern(uint32_t i)
{
    return (i * 2654435761u) ^ 0x5a5a5a5au;
}

static void dom_exc(evtchn_port_t port)
{
}

/* Is any other domain still there? (We are domain 0: we may ask.) */
static bool others_left(void)
{
    for (uint32_t id = 1; id < MAX_DOMAINS; id++)
        if (HYPERVISOR_xenlab_op(XENLAB_get_target, id, 0, 0, 0) >= 0)
            return true;
    return false;
}

void guest_main(void)
{
    uint32_t bad = 0;

    guest_bind_virq(VIRQ_DOM_EXC, dom_exc);
    for (uint32_t i = 0; i < WORDS; i++)
        data[i] = pattern(i);
    printf("2 MB written; waiting for the other domains to finish\n");
    while (others_left())
        guest_block();
    for (uint32_t i = 0; i < WORDS; i++)
        if (data[i] != pattern(i))
            bad++;
    if (bad)
        test_verdict(RESULT_FAILURE, WORDS - bad, "%u words of my memory changed", bad);
    test_verdict(RESULT_SUCCESS, WORDS, "all %u words intact", WORDS);
}

/*
 * bob.c - lesson 09, domain 1: the domain that lends.
 *
 * Bob offers alice an event-channel port and answers every event she
 * sends with one of his own; then lends her a page (and a second one,
 * read-only), and watches what the hypervisor lets him do with a page
 * while she has it mapped.
 */
#include "lesson09.h"

static evtchn_port_t port;
static volatile uint32_t pings;

/* Each event from alice: count it and send one back (ping-pong). */
static void ping(evtchn_port_t p)
{
    pings++;
    evtchn_notify(port);
}

static void wait_step(unsigned int step)
{
    xenbus_wait_reached(ALICE_DIR "/step", step);
}

static void done(unsigned int step)
{
    xenbus_printf(BOB_DIR, "done", "%u", step);
}

/* Give a page back to the hypervisor: first stop mapping it ourselves. */
static long give_back(void *page)
{
    xen_pfn_t mfn = virt_to_mfn(page);
    struct xen_memory_reservation r = {
        .extent_start = &mfn, .nr_extents = 1, .domid = DOMID_SELF,
    };

    HYPERVISOR_update_va_mapping((unsigned long)page, 0, UVMF_INVLPG);
    return HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
}

void guest_main(void)
{
    char *page = guest_alloc_page(), *ro_page = guest_alloc_page();
    grant_ref_t ref, ro_ref;
    long rc;

    /* Our directory, readable by alice (she is domain 0: she could anyway). */
    xenbus_mkdir(BOB_DIR);
    xenbus_set_perms(BOB_DIR, 1, 0);

    /* Step 1: a port for alice to bind to. */
    port = evtchn_alloc_unbound(0);
    guest_bind_port(port, ping);
    xenbus_printf(BOB_DIR, "port", "%u", port);
    printf("bob: port %u waits for domain 0 to bind it\n", port);

    /* Step 2 happens in ping(): alice sends, we answer. */
    wait_step(3);
    printf("bob: answered %u pings\n", pings);

    /* Step 3: lend a page, writable, with a greeting in it. */
    strlcpy(page + MSG_BOB, "hello alice, this page is bob's", 64);
    ref = gnttab_grant(0, virt_to_mfn(page), false);
    xenbus_printf(BOB_DIR, "ref", "%u", ref);
    wait_step(4);
    printf("bob: alice wrote \"%s\" into my page\n", page + MSG_ALICE);
    rc = gnttab_end(ref);
    printf("bob: ending the grant while alice maps it: %ld (EBUSY: the "
           "hypervisor marked it in use)\n", rc);
    xenbus_printf(BOB_DIR, "end-while-mapped", "%ld", -rc);

    /* Step 4: a read-only page; and try to give the lent page away. */
    strlcpy(ro_page, "read me, do not write me", 64);
    ro_ref = gnttab_grant(0, virt_to_mfn(ro_page), true);
    xenbus_printf(BOB_DIR, "ro-ref", "%u", ro_ref);
    wait_step(5);

    /* Step 5: alice copies into our page without mapping it. */
    wait_step(6);
    {
        uint8_t want[COPY_LEN];

        copy_pattern(want);
        xenbus_printf(BOB_DIR, "copy-ok", "%u",
                      !memcmp(page + MSG_COPY, want, COPY_LEN));
    }
    rc = give_back(page);
    printf("bob: giving the lent page back while alice maps it: %ld\n", rc);
    xenbus_printf(BOB_DIR, "balloon-while-mapped", "%ld", -rc);
    done(6);

    /* Step 6 (alice unmapped): now the grants end and the page can go. */
    xenbus_wait_reached(ALICE_DIR "/step", 7);
    rc = gnttab_end(ref) ?: gnttab_end(ro_ref);
    printf("bob: grants ended: %ld; page given back: %ld extent(s)\n", rc,
           give_back(page));
    guest_exit(RESULT_SUCCESS, "bob");
}

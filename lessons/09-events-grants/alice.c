/*
 * alice.c - lesson 09, domain 0: the domain that borrows.
 *
 * Alice binds to the port bob offers and sends him events; maps the page
 * he lends her and writes into it; finds out what his grants do not allow
 * (writing a read-only grant, using a reference he never filled in);
 * copies into his page without mapping it; and finally lets go, after
 * which bob can take his page back from the hypervisor. Each step is a
 * checkpoint; the trace shows evtchn.* and grant.* records for each.
 */
#include "lesson09.h"

static volatile uint32_t pongs;

static void pong(evtchn_port_t p)
{
    pongs++;
}

static bool got_pong(void *want)
{
    return pongs >= *(uint32_t *)want;
}

static void step(unsigned int n)
{
    guest_checkpoint(LESSON, n);
    xenbus_printf(ALICE_DIR, "step", "%u", n);
}

/* A number bob published (waiting until he has). */
static uint32_t from_bob(const char *key)
{
    char path[64];

    snprintf(path, sizeof(path), BOB_DIR "/%s", key);
    return (uint32_t)xenbus_wait_read(path);
}

/* One grant copy: len bytes from our own frame into bob's grant `ref`. */
static int16_t copy_to_bob(const void *src, grant_ref_t ref, uint16_t offset,
                           uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.gmfn = virt_to_mfn(src), .domid = DOMID_SELF },
        .dest = { .u.ref = ref, .domid = 1, .offset = offset },
        .len = len,
        .flags = GNTCOPY_dest_gref,
    };

    gnttab_copy(&op, 1);
    return op.status;
}

static const char *status_name(int16_t s)
{
    static const char *const names[] = {
        "okay", "general_error", "bad_domain", "bad_gntref", "bad_handle",
        "bad_virt_addr", "bad_dev_addr", "no_device_space",
        "permission_denied", "bad_page", "bad_copy_arg",
    };

    return s <= 0 && -s < (int)ARRAY_SIZE(names) ? names[-s] : "?";
}

void guest_main(void)
{
    char *map = guest_alloc_page(), *ro_map = guest_alloc_page();
    uint8_t *mine = guest_alloc_page();
    grant_handle_t h, ro_h, h2;
    int16_t rw_denied, unknown_ref, out_of_table, copied, too_far;
    evtchn_port_t port;
    long local;

    xenbus_mkdir(ALICE_DIR);
    xenbus_set_perms(ALICE_DIR, 0, 1);  /* bob may read our step */

    /* 1. Bind to bob's port: an interdomain event channel. */
    step(1);
    local = evtchn_bind(1, (evtchn_port_t)from_bob("port"));
    if (local < 0)
        guest_exit(RESULT_FAILURE, "bind_interdomain: %ld", local);
    port = (evtchn_port_t)local;
    guest_bind_port(port, pong);
    printf("alice: my port %u is wired to bob's\n", port);

    /* 2. Ping-pong: each send is an upcall in bob, who sends one back. */
    step(2);
    pongs = 0;
    for (uint32_t i = 1; i <= PINGS; i++) {
        evtchn_notify(port);
        guest_wait(got_pong, &i);
    }
    printf("alice: %u pings, %u pongs\n", PINGS, pongs);
    guest_mark(LESSON, 1, PINGS, pongs);

    /* 3. Map the page bob lends us, read it, write into it. */
    step(3);
    if (gnttab_map(1, (grant_ref_t)from_bob("ref"), map, false, &h) != GNTST_okay)
        guest_exit(RESULT_FAILURE, "cannot map bob's page");
    printf("alice: bob's page says \"%s\"\n", map + MSG_BOB);
    strlcpy(map + MSG_ALICE, "hello bob, alice was here", 64);

    /* 4. What bob's grants do not allow. */
    step(4);
    guest_mark(LESSON, 2, from_bob("end-while-mapped"), 0);
    rw_denied = gnttab_map(1, (grant_ref_t)from_bob("ro-ref"), ro_map, false, &h2);
    if (gnttab_map(1, (grant_ref_t)from_bob("ro-ref"), ro_map, true, &ro_h))
        guest_exit(RESULT_FAILURE, "cannot map bob's read-only page");
    unknown_ref = gnttab_map(1, 200, ro_map, true, &h2);
    out_of_table = gnttab_map(1, 100000, ro_map, true, &h2);
    printf("alice: read-only page says \"%s\"; writable map of it: %s; "
           "ref 200: %s; ref 100000: %s\n", ro_map, status_name(rw_denied),
           status_name(unknown_ref), status_name(out_of_table));
    guest_mark(LESSON, 3, (uint32_t)-rw_denied, (uint32_t)-unknown_ref);

    /* 5. Copy into bob's page without mapping it; and a copy that would
     * run off the end of a page. */
    step(5);
    copy_pattern(mine);
    copied = copy_to_bob(mine, from_bob("ref"), MSG_COPY, COPY_LEN);
    too_far = copy_to_bob(mine, from_bob("ref"), 4090, COPY_LEN);
    printf("alice: grant copy: %s; past the page's end: %s\n",
           status_name(copied), status_name(too_far));
    guest_mark(LESSON, 4, (uint32_t)-copied, (uint32_t)-too_far);

    /* 6. Bob checks the copy and tries to give his lent page away: while
     * we map it, the hypervisor says no. Then we let go, and it can go. */
    step(6);
    xenbus_wait_reached(BOB_DIR "/done", 6);
    guest_mark(LESSON, 5, from_bob("copy-ok"), from_bob("balloon-while-mapped"));
    printf("alice: unmap: %s, %s\n", status_name(gnttab_unmap(map, h)),
           status_name(gnttab_unmap(ro_map, ro_h)));
    printf("alice: unmap again: %s\n", status_name(gnttab_unmap(map, h)));
    xenbus_printf(ALICE_DIR, "step", "%u", 7);
    xenbus_wait_gone("/local/domain/1");    /* bob has finished */
    guest_exit(RESULT_SUCCESS, "alice");
}

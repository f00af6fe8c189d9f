/*
 * consfront.c - the PV console: printf through a ring that domain 0 reads.
 *
 * A domU's console is not the hypervisor's to print (Xen keeps its own
 * console for itself and domain 0). The toolstack gave us a page
 * (start_info.console.domU.mfn) lent to domain 0 as grant reference 0,
 * and an event channel (start_info.console.domU.evtchn) that domain 0's
 * console backend binds to. We put output bytes in out[] and notify;
 * the backend prints them, tagged with our domain, and moves out_cons.
 *
 *   out[2048]:  ...already printed...[out_cons ... out_prod)...free...
 *
 * Each line waits until the backend has read it, so that the last words
 * before a shutdown are not lost with our memory. If the backend never
 * comes (no domain 0 serving consoles), after a second we go back to the
 * hypervisor's console_io and say so.
 */
#include "io.h"

extern void (*guest_console_ring)(const char *s, size_t len);

static struct xencons_interface *cons;
static evtchn_port_t cons_port;
static uint32_t ring_id;

static bool drained(void *arg)
{
    return cons->out_cons == cons->out_prod;
}

static bool room(void *arg)
{
    return cons->out_prod - cons->out_cons < sizeof(cons->out);
}

static void fall_back(void)
{
    static const char msg[] = "console ring: no backend is reading it; "
                              "back to console_io\n";

    guest_console_ring = NULL;
    HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, (char *)msg);
}

static void ring_write(const char *s, size_t len)
{
    bool line = false;

    while (len && guest_console_ring) {
        XENCONS_RING_IDX prod;

        if (!guest_wait_ms(room, NULL, 1000)) {
            fall_back();
            break;
        }
        prod = cons->out_prod;
        while (len && prod - cons->out_cons < sizeof(cons->out)) {
            line |= *s == '\n';
            cons->out[MASK_XENCONS_IDX(prod++, cons->out)] = *s++;
            len--;
        }
        __asm__ volatile("" ::: "memory");  /* bytes before the index */
        cons->out_prod = prod;
        ioring_report(ring_id, IORING_REQ_PRODUCE, prod, cons->out_cons);
        evtchn_notify(cons_port);
        ioring_report(ring_id, IORING_NOTIFY, 0, 0);
    }
    if (line && guest_console_ring && !guest_wait_ms(drained, NULL, 1000))
        fall_back();
    if (len)
        HYPERVISOR_console_io(CONSOLEIO_write, (int)len, (char *)s);
}

static void console_event(evtchn_port_t port)
{
    (void)port;                         /* the waits look at the indices */
}

int xencons_init(void)
{
    if (!start_info->console.domU.mfn || !start_info->console.domU.evtchn)
        return -XEN_ENOENT;             /* domain 0 has no console ring */
    cons = pfn_to_virt(mfn_to_pfn(start_info->console.domU.mfn));
    cons_port = start_info->console.domU.evtchn;
    guest_bind_port(cons_port, console_event);
    ring_id = ioring_setup(IORING_CONSOLE << 8, 0, sizeof(cons->out),
                           IORING_CONSOLE);
    guest_console_ring = ring_write;
    return 0;
}

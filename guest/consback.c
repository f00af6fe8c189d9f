/*
 * consback.c - domain 0's console backend: every domU's PV console,
 * printed on ours, tagged with the domain it came from.
 *
 * Xen's xenconsoled, in small. The toolstack lent each domU's console
 * page to us as grant reference 0 and left a port for us to bind; both
 * are in /local/domain/<id>/console. We map the page, bind the port, and
 * on each event take the bytes between out_cons and out_prod, print whole
 * lines as "[d<id>] ...", move out_cons, and notify the domU (it waits
 * for its lines to be read before it goes on).
 *
 * The page is the domU's: it may write anything there. out_prod beyond
 * out_cons + the pipe's size is a broken ring; we stop reading it.
 */
#include "io.h"

#define CONSOLES    16
#define LINE_MAX    160

struct console {
    bool used, broken;
    domid_t dom;
    evtchn_port_t port;
    struct xencons_interface *intf;
    grant_handle_t handle;
    uint32_t ring_id;
    char line[LINE_MAX];
    unsigned int len;
};

static struct console consoles[CONSOLES];

static void emit(struct console *c)
{
    c->line[c->len] = '\0';
    printf("[d%u] %s\n", c->dom, c->line);
    c->len = 0;
    backends_count_console_line();
}

static void drain(struct console *c)
{
    XENCONS_RING_IDX cons = c->intf->out_cons, prod = c->intf->out_prod;

    xen_rmb();
    if (prod - cons > sizeof(c->intf->out)) {
        c->broken = true;
        HYPERVISOR_xenlab_op(XENLAB_ioring_bad, (long)c->ring_id, IORING_OVERFLOW,
                             (long)cons, (long)prod);
        return;
    }
    while (cons != prod) {
        char ch = c->intf->out[MASK_XENCONS_IDX(cons++, c->intf->out)];

        if (ch == '\n')
            emit(c);
        else if (ch != '\r') {
            c->line[c->len++] = ch;
            if (c->len == LINE_MAX - 1)
                emit(c);
        }
    }
    xen_mb();
    c->intf->out_cons = cons;
    ioring_report(c->ring_id, IORING_REQ_CONSUME, cons, prod);
    evtchn_notify(c->port);
}

static void console_event(evtchn_port_t port)
{
    for (unsigned int i = 0; i < CONSOLES; i++)
        if (consoles[i].used && !consoles[i].broken && consoles[i].port == port)
            drain(&consoles[i]);
}

static void drop(struct console *c)
{
    if (c->len)
        emit(c);
    guest_bind_port(c->port, NULL);
    evtchn_close(c->port);
    gnttab_unmap(c->intf, c->handle);
    backend_map_slot_put(c->intf);
    c->used = false;
}

static void connect(domid_t dom)
{
    struct console *c = NULL;
    unsigned long ref, port;
    char dir[64], path[96];
    long local;

    for (unsigned int i = 0; i < CONSOLES; i++) {
        if (consoles[i].used && consoles[i].dom == dom)
            return;                     /* already ours */
        if (!consoles[i].used && !c)
            c = &consoles[i];
    }
    snprintf(dir, sizeof(dir), "/local/domain/%u/console", dom);
    snprintf(path, sizeof(path), "%s/ring-ref", dir);
    if (!c || xenbus_read_ulong(path, &ref))
        return;
    snprintf(path, sizeof(path), "%s/port", dir);
    if (xenbus_read_ulong(path, &port))
        return;
    memset(c, 0, sizeof(*c));
    c->dom = dom;
    c->intf = backend_map_slot();
    if (gnttab_map(dom, (grant_ref_t)ref, c->intf, false, &c->handle) != GNTST_okay) {
        backend_map_slot_put(c->intf);
        return;
    }
    local = evtchn_bind(dom, (evtchn_port_t)port);
    if (local < 0) {
        gnttab_unmap(c->intf, c->handle);
        backend_map_slot_put(c->intf);
        return;
    }
    c->port = (evtchn_port_t)local;
    c->ring_id = (uint32_t)dom << 16 | IORING_CONSOLE << 8;
    c->used = true;
    guest_bind_port(c->port, console_event);
    drain(c);
}

static void found_domain(unsigned long id, void *arg)
{
    if (id != 0 && id < DOMID_FIRST_RESERVED)
        connect((domid_t)id);
}

void consback_scan(void)
{
    xenbus_each_id("/local/domain", found_domain, NULL);
    /* Consoles of domains that are gone: print what is left, let go. */
    for (unsigned int i = 0; i < CONSOLES; i++) {
        char path[64], v[8];

        if (!consoles[i].used)
            continue;
        snprintf(path, sizeof(path), "/local/domain/%u/domid", consoles[i].dom);
        if (xenbus_read(path, v, sizeof(v)) == -XEN_ENOENT) {
            if (!consoles[i].broken)
                drain(&consoles[i]);
            drop(&consoles[i]);
        }
    }
}

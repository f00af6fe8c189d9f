/*
 * xenstore_wire.c - xenstore's wire: the messages on each domain's store
 * page (the store itself, its tree and watches, is xenstore.c).
 *
 * A domain reaches the store through one page and one event channel,
 * both named in start_info (public/io/xs_wire.h). The page holds two byte
 * pipes with free-running indices:
 *
 *   req[1024]  domain -> store    req_prod (domain)   req_cons (here)
 *   rsp[1024]  store -> domain    rsp_prod (here)     rsp_cons (domain)
 *
 * and each message is a header (type, req_id, tx_id, len) then len bytes.
 * A send on the domain's store port runs serve() at once, inside the
 * domain's hypercall: whole messages are taken off req[] (a message may
 * arrive in pieces, over several events) and answered; answers and watch
 * events queue in `out` and move to rsp[] as far as it has room, with an
 * event. When `out` could not take another answer, requests wait in the
 * ring: a domain that never reads its answers only stalls itself.
 *
 * Everything in the page is the domain's to scribble on: indices are read
 * once and checked, bytes copied one by one. A message longer than
 * XENSTORE_PAYLOAD_MAX, or indices claiming more than the pipe holds, cut
 * the domain off (ioring.bad); no other domain notices.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/trace.h>
#include <public/io/xs_wire.h>
#include "xenstore_private.h"

#define XS_OUT_BYTES        8192        /* replies and events not yet sent */
#define XS_HDR              sizeof(struct xsd_sockmsg)
#define XS_RING_INDEX       (IORING_STORE << 8) /* its ring id in ioring.bad */

/* A domain's connection: its ring, and what is half-read or unsent. */
struct conn {
    domid_t dom;
    evtchn_port_t port;
    mfn_t ring;
    bool broken;
    bool dirty;                         /* out has bytes for the ring */
    uint32_t in_len;
    uint8_t in[XS_HDR + XENSTORE_PAYLOAD_MAX + 1];
    uint32_t out_len;
    uint8_t out[XS_OUT_BYTES];
};

#define CONN_PAGES ((sizeof(struct conn) + PAGE_SIZE - 1) / PAGE_SIZE)

static struct conn *conns[MAX_DOMAINS];

static struct conn *conn_of(domid_t dom)
{
    return dom < MAX_DOMAINS ? conns[dom] : NULL;
}

static void append(struct conn *c, uint32_t type, uint32_t req_id,
                   uint32_t tx_id, const void *data, uint32_t len)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, len };

    memcpy(c->out + c->out_len, &h, XS_HDR);
    memcpy(c->out + c->out_len + XS_HDR, data, len);
    c->out_len += XS_HDR + len;
    c->dirty = true;
}

bool xs_wire_event(domid_t dom, const void *body, uint32_t len)
{
    struct conn *c = conn_of(dom);

    if (!c || c->broken)
        return true;                    /* nobody to tell */
    if (c->out_len + XS_HDR + len > XS_OUT_BYTES)
        return false;                   /* it does not read its ring */
    append(c, XS_WATCH_EVENT, 0, 0, body, len);
    return true;
}

static const char *errno_name(int e)
{
    switch (e) {
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case E2BIG: return "E2BIG";
    case ENOSPC: return "ENOSPC";
    case ENOSYS: return "ENOSYS";
    default: return "EINVAL";
    }
}

/* One whole message from c's domain: answer it into c->out. */
static void handle(struct conn *c)
{
    static struct xs_request r;
    const struct xsd_sockmsg *h = (const struct xsd_sockmsg *)c->in;
    int rc;

    memset(&r, 0, sizeof(r));
    r.who = c->dom;
    r.type = h->type;
    r.arg = (const char *)c->in + XS_HDR;
    r.len = h->len;
    c->in[XS_HDR + h->len] = '\0';
    rc = xs_request(&r);
    if (rc < 0) {
        const char *e = errno_name(-rc);

        append(c, XS_ERROR, h->req_id, h->tx_id, e, (uint32_t)strlen(e) + 1);
        return;
    }
    append(c, h->type, h->req_id, h->tx_id, r.reply, r.reply_len);
    xs_request_done(&r);
}

static void cut_off(struct conn *c, uint32_t problem, uint32_t value)
{
    c->broken = true;
    TRACE(TRC_XL_IORING_BAD, (uint32_t)c->dom << 16 | XS_RING_INDEX, problem,
          0, value);
}

/* Move what c has to say into its rsp ring, as far as it fits. */
static bool flush_out(struct conn *c, struct xenstore_domain_interface *intf)
{
    XENSTORE_RING_IDX cons = intf->rsp_cons, prod = intf->rsp_prod;
    uint32_t room = XENSTORE_RING_SIZE - (prod - cons), n, i;

    if (prod - cons > XENSTORE_RING_SIZE) {
        cut_off(c, IORING_OVERFLOW, prod - cons);
        return false;
    }
    n = MIN(room, c->out_len);
    for (i = 0; i < n; i++)
        intf->rsp[MASK_XENSTORE_IDX(prod + i)] = (char)c->out[i];
    __asm__ volatile("" ::: "memory");      /* bytes before the index */
    intf->rsp_prod = prod + n;
    memmove(c->out, c->out + n, c->out_len - n);
    c->out_len -= n;
    c->dirty = c->out_len != 0;
    return n != 0;
}

/* Take whole messages off c's req ring while replies have room. */
static bool take_requests(struct conn *c, struct xenstore_domain_interface *intf)
{
    XENSTORE_RING_IDX cons = intf->req_cons, prod = intf->req_prod;
    bool moved = false;

    if (prod - cons > XENSTORE_RING_SIZE) {
        cut_off(c, IORING_OVERFLOW, prod - cons);
        return false;
    }
    __asm__ volatile("" ::: "memory");      /* the index before the bytes */
    while (cons != prod && c->out_len + XS_HDR + XS_REPLY_MAX <= XS_OUT_BYTES) {
        const struct xsd_sockmsg *h = (const struct xsd_sockmsg *)c->in;
        uint32_t need = c->in_len < XS_HDR ? XS_HDR : XS_HDR + h->len;

        c->in[c->in_len++] = (uint8_t)intf->req[MASK_XENSTORE_IDX(cons)];
        cons++;
        moved = true;
        if (c->in_len == XS_HDR && h->len > XENSTORE_PAYLOAD_MAX) {
            cut_off(c, IORING_BAD_MESSAGE, h->len);
            break;
        }
        if (c->in_len == need && (need > XS_HDR || h->len == 0)) {
            handle(c);
            c->in_len = 0;
        }
    }
    intf->req_cons = cons;
    return moved;
}

/* The domain sent on its store port: serve it. */
static void serve(struct domain *d, evtchn_port_t port)
{
    struct conn *c = conn_of(d->domain_id);
    struct xenstore_domain_interface *intf;

    if (!c || c->broken || port != c->port)
        return;
    intf = map_domain_page(c->ring);
    /* Room first (the domain may have read answers), then requests. */
    flush_out(c, intf);
    if (take_requests(c, intf))
        c->dirty = true;                /* at least the consumer moved */
    unmap_domain_page(intf);
    xs_changed();
}

static void flush_conn(struct conn *c)
{
    struct xenstore_domain_interface *intf;

    if (c->broken)
        return;
    intf = map_domain_page(c->ring);
    flush_out(c, intf);
    unmap_domain_page(intf);
    evtchn_notify_from_xen(domain_lookup(c->dom), c->port);
}

void xs_wire_flush(void)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (conns[i] && conns[i]->dirty && domain_lookup((domid_t)i))
            flush_conn(conns[i]);
}

void xs_wire_init(void)
{
    memset(conns, 0, sizeof(conns));
    evtchn_set_xen_consumer(XEN_CONSUMER_XENSTORE, serve);
}

int xs_wire_open(struct domain *d, mfn_t ring, evtchn_port_t *port)
{
    struct conn *c;
    long p;
    int rc;

    /* The page stays the domain's, but can neither be given back nor
     * become a page table while the store writes into it. */
    rc = get_page_and_type(ring, d, PGT_writable_page);
    if (rc)
        return rc;
    c = alloc_xenheap_pages(CONN_PAGES);
    p = c ? evtchn_alloc_xen(d, XEN_CONSUMER_XENSTORE) : -ENOMEM;
    if (p < 0) {
        if (c)
            free_xenheap_pages(c, CONN_PAGES);
        put_page_and_type(ring);
        return (int)p;
    }
    c->dom = d->domain_id;
    c->ring = ring;
    c->port = (evtchn_port_t)p;
    conns[d->domain_id] = c;
    *port = c->port;
    return 0;
}

void xs_wire_close(domid_t dom)
{
    struct conn *c = conn_of(dom);

    if (!c)
        return;
    conns[dom] = NULL;
    put_page_and_type(c->ring);
    free_xenheap_pages(c, CONN_PAGES);
}

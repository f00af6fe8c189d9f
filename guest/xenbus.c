/*
 * xenbus.c - the xenstore client: requests and watches over our store
 * ring (start_info.store_mfn, start_info.store_evtchn).
 *
 * The ring is two byte pipes in one page (io/xs_wire.h). A request is a
 * header (type, req_id, tx_id, len) and len bytes of payload written into
 * req[], then an event to the store. The reply comes back in rsp[] with
 * the same req_id - possibly after watch events, which arrive in rsp[]
 * whenever a watched node changes. Events read while waiting for a reply
 * are kept in a small queue for xenbus_event().
 *
 *   xenbus_write("device/vbd/0/state", "3")
 *     -> [XS_WRITE id=7 len=24] "device/vbd/0/state\0" "3"
 *     <- [XS_WRITE id=7 len=3]  "OK\0"
 *
 * One request at a time: a guest kernel here has one vCPU, and callers
 * must not use xenbus from an event handler.
 */
#include "io.h"

#define HDR         sizeof(struct xsd_sockmsg)
#define EVENTS      32

static struct xenstore_domain_interface *intf;
static evtchn_port_t port;
static uint32_t next_id = 1;

/* The message being read, possibly half-read. */
static uint8_t msg[HDR + XENSTORE_PAYLOAD_MAX + 1];
static uint32_t msg_len;

static struct { char path[128]; char token[64]; } events[EVENTS];
static unsigned int ev_head, ev_count, ev_lost;

static void store_event(evtchn_port_t p)
{
    (void)p;                            /* the waits look at the ring */
}

static void connect(void)
{
    intf = pfn_to_virt(mfn_to_pfn(start_info->store_mfn));
    port = start_info->store_evtchn;
    guest_bind_port(port, store_event);
}

static bool req_room(void *arg)
{
    return intf->req_prod - intf->req_cons < XENSTORE_RING_SIZE;
}

static void put_bytes(const void *data, uint32_t len)
{
    const uint8_t *p = data;

    while (len) {
        uint32_t prod, room;

        guest_wait(req_room, NULL);
        prod = intf->req_prod;
        room = XENSTORE_RING_SIZE - (prod - intf->req_cons);
        for (; room && len; room--, len--)
            intf->req[MASK_XENSTORE_IDX(prod++)] = (char)*p++;
        __asm__ volatile("" ::: "memory");  /* bytes before the index */
        intf->req_prod = prod;
        evtchn_notify(port);
    }
}

static bool rsp_ready(void *arg)
{
    return intf->rsp_prod != intf->rsp_cons;
}

/* Read what has arrived of the next message; true once it is whole. */
static bool pump(bool block)
{
    const struct xsd_sockmsg *h = (const struct xsd_sockmsg *)msg;

    for (;;) {
        uint32_t need = msg_len < HDR ? HDR : HDR + h->len;
        uint32_t cons, prod;
        bool took = false;

        if (msg_len >= HDR && h->len > XENSTORE_PAYLOAD_MAX)
            guest_exit(RESULT_ERROR, "xenstore sent a %u-byte message", h->len);
        if (msg_len == need && (msg_len > HDR || h->len == 0)) {
            msg[msg_len] = '\0';
            return true;
        }
        if (!rsp_ready(NULL)) {
            if (!block)
                return false;
            guest_wait(rsp_ready, NULL);
        }
        cons = intf->rsp_cons;
        prod = intf->rsp_prod;
        __asm__ volatile("" ::: "memory");  /* the index before the bytes */
        while (cons != prod && msg_len < need) {
            msg[msg_len++] = (uint8_t)intf->rsp[MASK_XENSTORE_IDX(cons++)];
            took = true;
        }
        intf->rsp_cons = cons;
        if (took)
            evtchn_notify(port);        /* room for more */
    }
}

static void keep_event(void)
{
    const char *path = (const char *)msg + HDR;
    const char *token = path + strnlen(path, XENSTORE_PAYLOAD_MAX) + 1;
    unsigned int slot;

    if (ev_count == EVENTS) {           /* full: the oldest goes */
        ev_head = (ev_head + 1) % EVENTS;
        ev_count--;
        ev_lost++;
    }
    slot = (ev_head + ev_count++) % EVENTS;
    strlcpy(events[slot].path, path, sizeof(events[slot].path));
    strlcpy(events[slot].token, token, sizeof(events[slot].token));
}

static int error_number(const char *name)
{
    static const struct { const char *name; int e; } names[] = {
        { "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES },
        { "EEXIST", XEN_EEXIST }, { "ENOENT", XEN_ENOENT },
        { "ENOMEM", XEN_ENOMEM }, { "ENOSPC", XEN_ENOSPC },
        { "EIO", XEN_EIO }, { "ENOSYS", XEN_ENOSYS }, { "EBUSY", XEN_EBUSY },
        { "EAGAIN", XEN_EAGAIN }, { "E2BIG", XEN_E2BIG },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(name, names[i].name))
            return -names[i].e;
    return -XEN_EIO;
}

int xenbus_request(uint32_t type, const void *payload, uint32_t len,
                   char *reply, size_t size)
{
    struct xsd_sockmsg h = { type, next_id++, 0, len };
    const struct xsd_sockmsg *r = (const struct xsd_sockmsg *)msg;
    int rc;

    if (!intf)
        connect();
    if (len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    put_bytes(&h, HDR);
    put_bytes(payload, len);
    for (;;) {
        pump(true);
        msg_len = 0;
        if (r->type == XS_WATCH_EVENT) {
            keep_event();
            continue;
        }
        if (r->req_id != h.req_id)
            continue;                   /* an answer nobody waits for */
        if (r->type == XS_ERROR)
            return error_number((const char *)msg + HDR);
        rc = (int)MIN(r->len, size ? size - 1 : 0);
        if (size) {
            memcpy(reply, msg + HDR, (size_t)rc);
            reply[rc] = '\0';
        }
        return rc;
    }
}

/* "path\0" [value] as one payload. */
static int path_request(uint32_t type, const char *path, const char *extra,
                        uint32_t extra_len, char *reply, size_t size)
{
    static char payload[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(path) + 1;

    if (pl + extra_len > sizeof(payload))
        return -XEN_E2BIG;
    memcpy(payload, path, pl);
    memcpy(payload + pl, extra, extra_len);
    return xenbus_request(type, payload, (uint32_t)(pl + extra_len), reply, size);
}

int xenbus_read(const char *path, char *value, size_t size)
{
    return path_request(XS_READ, path, "", 0, value, size);
}

int xenbus_read_ulong(const char *path, unsigned long *v)
{
    char buf[24];
    int rc = xenbus_read(path, buf, sizeof(buf));
    unsigned long n = 0;

    if (rc < 0)
        return rc;
    if (rc == 0)
        return -XEN_EINVAL;
    for (int i = 0; i < rc; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return -XEN_EINVAL;
        n = n * 10 + (unsigned long)(buf[i] - '0');
    }
    *v = n;
    return 0;
}

int xenbus_write(const char *path, const char *value)
{
    char ok[4];
    int rc = path_request(XS_WRITE, path, value, (uint32_t)strlen(value), ok,
                          sizeof(ok));

    return rc < 0 ? rc : 0;
}

int xenbus_printf(const char *dir, const char *key, const char *fmt, ...)
{
    char path[128], value[128];
    va_list ap;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    va_start(ap, fmt);
    vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    return xenbus_write(path, value);
}

int xenbus_rm(const char *path)
{
    char ok[4];
    int rc = path_request(XS_RM, path, "", 0, ok, sizeof(ok));

    return rc < 0 ? rc : 0;
}

int xenbus_mkdir(const char *path)
{
    char ok[4];
    int rc = path_request(XS_MKDIR, path, "", 0, ok, sizeof(ok));

    return rc < 0 ? rc : 0;
}

int xenbus_directory(const char *path, char *names, size_t size)
{
    return path_request(XS_DIRECTORY, path, "", 0, names, size);
}

int xenbus_watch(const char *path, const char *token)
{
    char ok[4];
    int rc = path_request(XS_WATCH, path, token, (uint32_t)strlen(token) + 1,
                          ok, sizeof(ok));

    return rc < 0 ? rc : 0;
}

int xenbus_unwatch(const char *path, const char *token)
{
    char ok[4];
    int rc = path_request(XS_UNWATCH, path, token, (uint32_t)strlen(token) + 1,
                          ok, sizeof(ok));

    /* Events of that watch already queued are of no use to anyone. */
    for (unsigned int i = 0, n = ev_count; i < n; i++) {
        unsigned int slot = (ev_head + i) % EVENTS;

        if (!strcmp(events[slot].token, token))
            events[slot].token[0] = '\0';
    }
    return rc < 0 ? rc : 0;
}

int xenbus_set_perms(const char *path, domid_t owner, domid_t reader)
{
    char perms[32], ok[4];
    int n = snprintf(perms, sizeof(perms), "n%u", owner) + 1;
    int rc;

    n += snprintf(perms + n, sizeof(perms) - (size_t)n, "r%u", reader) + 1;
    rc = path_request(XS_SET_PERMS, path, perms, (uint32_t)n, ok, sizeof(ok));
    return rc < 0 ? rc : 0;
}

/* Move watch events waiting in the ring into the queue, without blocking. */
static void drain_ring(void)
{
    if (!intf)
        connect();
    while (pump(false)) {
        if (((const struct xsd_sockmsg *)msg)->type == XS_WATCH_EVENT)
            keep_event();
        msg_len = 0;
    }
}

bool xenbus_has_event(void)
{
    drain_ring();
    return ev_count != 0 || ev_lost != 0;
}

bool xenbus_event(char *path, size_t size, char *token, size_t tsize)
{
    drain_ring();
    if (ev_lost) {                      /* tell the caller to look again */
        ev_lost = 0;
        strlcpy(path, "", size);
        strlcpy(token, "lost", tsize);
        return true;
    }
    while (ev_count) {
        unsigned int slot = ev_head;

        ev_head = (ev_head + 1) % EVENTS;
        ev_count--;
        if (!events[slot].token[0])
            continue;                   /* its watch is gone */
        strlcpy(path, events[slot].path, size);
        strlcpy(token, events[slot].token, tsize);
        return true;
    }
    return false;
}

/* Until the watch with this token fires again; other events wait in
 * the queue for xenbus_next_event(). */
static void wait_watch_event(const char *token)
{
    for (;;) {
        pump(true);
        msg_len = 0;
        if (((const struct xsd_sockmsg *)msg)->type != XS_WATCH_EVENT)
            continue;
        if (!strcmp((const char *)msg + HDR + strlen((const char *)msg + HDR) + 1,
                    token))
            return;
        keep_event();
    }
}

/*
 * What a wait waits for. Numbers in the store only grow while someone
 * waits on them (a step counter, a handshake state), and the writer may
 * move on before the reader looks: so a wait asks "reached", never
 * "equal", or a reader that looks late would wait for ever.
 */
enum wait_for {
    WAIT_REACHED,                       /* a number >= want, once it exists */
    WAIT_STATE,                         /* the same, but the node must exist */
    WAIT_GONE,                          /* the node not there any more */
};

/* Has the value read (r = the read's result) ended the wait? */
static bool wait_done(int r, unsigned long v, unsigned long want,
                      enum wait_for how)
{
    if (how == WAIT_GONE)
        return r == -XEN_ENOENT;
    return !r && v >= want;
}

/* Watch path until `how` is satisfied; -errno if the store says no. */
static long wait_number(const char *path, unsigned long want, enum wait_for how)
{
    static const char token[] = "xenbus_wait";
    unsigned long v = ~0ul;
    int rc = xenbus_watch(path, token);

    while (!rc) {
        char any[8];
        int r = how == WAIT_GONE ? MIN(xenbus_read(path, any, sizeof(any)), 0)
                                 : xenbus_read_ulong(path, &v);

        if (wait_done(r, v, want, how))
            break;
        if (r && (r != -XEN_ENOENT || how == WAIT_STATE))
            rc = r;
        else
            wait_watch_event(token);
    }
    xenbus_unwatch(path, token);
    return rc ? rc : (how == WAIT_GONE ? 0 : (long)v);
}

long xenbus_wait_state(const char *path, enum xenbus_state want)
{
    return wait_number(path, want, WAIT_STATE);
}

long xenbus_wait_reached(const char *path, unsigned long at_least)
{
    return wait_number(path, at_least, WAIT_REACHED);
}

long xenbus_wait_read(const char *path)
{
    return wait_number(path, 0, WAIT_REACHED);
}

long xenbus_wait_gone(const char *path)
{
    return wait_number(path, 0, WAIT_GONE);
}

void xenbus_each_id(const char *dir, void (*fn)(unsigned long id, void *arg),
                    void *arg)
{
    char names[512];                    /* fn may list directories too */
    int len = xenbus_directory(dir, names, sizeof(names));

    for (int i = 0; i < len; i += (int)strlen(names + i) + 1) {
        const char *p = names + i;
        unsigned long n = 0;

        for (; *p >= '0' && *p <= '9'; p++)
            n = n * 10 + (unsigned long)(*p - '0');
        if (!*p && p != names + i)
            fn(n, arg);
    }
}

/* ---- A frontend's side of the xenbus handshake (io/xenbus.h) ------------- */

int xenbus_front_find(const char *dir, domid_t *backend, char *back, size_t size)
{
    char path[128];
    unsigned long id;
    int rc;

    snprintf(path, sizeof(path), "%s/backend-id", dir);
    if ((rc = xenbus_read_ulong(path, &id)))
        return rc;
    *backend = (domid_t)id;
    snprintf(path, sizeof(path), "%s/backend", dir);
    rc = xenbus_read(path, back, size);
    return rc < 0 ? rc : 0;
}

int xenbus_front_connect(const char *dir, const char *back)
{
    char path[128];
    long state;
    int rc = xenbus_printf(dir, "state", "%u", XenbusStateInitialised);

    if (rc)
        return rc;
    snprintf(path, sizeof(path), "%s/state", back);
    state = xenbus_wait_state(path, XenbusStateConnected);
    if (state != XenbusStateConnected)
        return state < 0 ? (int)state : -XEN_EIO;
    return 0;
}

void xenbus_front_close(const char *dir, const char *back)
{
    char path[128];

    xenbus_printf(dir, "state", "%u", XenbusStateClosing);
    snprintf(path, sizeof(path), "%s/state", back);
    xenbus_wait_state(path, XenbusStateClosed);
    xenbus_printf(dir, "state", "%u", XenbusStateClosed);
}

/*
 * xenstore.c - xenstore-lite: the directory where split drivers meet.
 *
 * A frontend in a guest and its backend need to agree on a ring page
 * (a grant reference) and an event channel before any I/O can happen.
 * In Xen they meet in xenstore, a small tree of short strings shared by
 * all domains. The toolstack writes, for each device, a frontend
 * directory and a backend directory that point at each other:
 *
 *   /local/domain/1/device/vbd/0/       (owned by d1, readable by d0)
 *       backend     = /local/domain/0/backend/vbd/1/0
 *       backend-id  = 0
 *       state       = 1 -> 3 (Initialised)   ring-ref, event-channel
 *   /local/domain/0/backend/vbd/1/0/    (owned by d0, readable by d1)
 *       frontend    = /local/domain/1/device/vbd/0
 *       state       = 1 -> 2 (InitWait) -> 4 (Connected)
 *
 * and each end watches the other's state (io/xenbus.h).
 *
 * In Xen the store is a daemon in domain 0. Here it lives in the
 * hypervisor, so that it is there from every domain's first instruction
 * and the Xen 1.0 backends (hv_backend.c) can use it too. A guest cannot
 * tell: it talks Xen's wire protocol (io/xs_wire.h) over its store page
 * and event channel, both named in start_info (xenstore_wire.c carries
 * the messages; this file answers them and keeps the tree).
 *
 * "lite": values up to 127 bytes, paths up to 127; permissions are an
 * owner (may write; dom0 and the hypervisor may always) and one other
 * domain that may read; transactions are accepted but every write takes
 * effect at once. Every request is a xenstore.op record.
 */
#include <hv/cmdline.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/trace.h>
#include <hv/xenstore.h>
#include <public/io/xs_wire.h>
#include "xenstore_private.h"

#define XS_NODES            384
#define XS_NODES_PER_DOM    64          /* a domU's quota of nodes */
#define XS_WATCHES          96
#define XS_WATCHES_PER_DOM  24
#define XS_TOKEN_LEN        64

struct node {
    bool used;
    domid_t owner;                      /* may write (and read) */
    domid_t peer;                       /* may read; DOMID_INVALID: none */
    char path[XS_PATH_LEN];
    char value[XS_VALUE_LEN];
    uint16_t len;
};

struct watch {
    bool used;
    bool relative;                      /* report paths relative to home */
    domid_t dom;                        /* DOMID_XEN: fn is called */
    xs_watch_fn fn;
    void *arg;
    char path[XS_PATH_LEN];
    char token[XS_TOKEN_LEN];
};

static struct node nodes[XS_NODES];
static struct watch watches[XS_WATCHES];

/* Hypervisor watches fire after the change, from a queue (see finish).
 * A watch waits there at most once (with the newest path): its handler
 * reads the state afresh, and the queue can never overflow, however many
 * nodes a guest's request changes at once. */
static struct { struct watch *w; char path[XS_PATH_LEN]; } pending[XS_WATCHES];
static unsigned int nr_pending;
static unsigned int depth;

static void finish(void);

/* ---- Paths and nodes ------------------------------------------------------- */

static bool valid_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '@' ||
           c == '/' || c == '.';
}

/* An absolute, checked path from what domain `who` wrote. */
static int canon(domid_t who, const char *in, char *out)
{
    int n = in[0] == '/' ? snprintf(out, XS_PATH_LEN, "%s", in)
                         : snprintf(out, XS_PATH_LEN, "/local/domain/%u/%s",
                                    who, in);

    if (n < 0 || n >= XS_PATH_LEN || !in[0])
        return -E2BIG;
    for (int i = 0; i < n; i++)
        if (!valid_char(out[i]) || (out[i] == '/' && out[i + 1] == '/'))
            return -EINVAL;
    if (n > 1 && out[n - 1] == '/')
        return -EINVAL;
    return 0;
}

/* Is path `p` the node `anc` or below it? */
static bool below(const char *anc, const char *p)
{
    size_t n = strlen(anc);

    if (n == 1)
        return true;                    /* "/" */
    return !strncmp(p, anc, n) && (p[n] == '\0' || p[n] == '/');
}

/* Is `p` a direct child of `parent`? Returns its name, or NULL. */
static const char *child_name(const char *parent, const char *p)
{
    size_t n = strlen(parent) == 1 ? 0 : strlen(parent);

    if (strncmp(p, parent, n) || p[n] != '/' || !p[n + 1] ||
        strchr(p + n + 1, '/'))
        return NULL;
    return p + n + 1;
}

static struct node *lookup(const char *path)
{
    for (unsigned int i = 0; i < XS_NODES; i++)
        if (nodes[i].used && !strcmp(nodes[i].path, path))
            return &nodes[i];
    return NULL;
}

/* The node itself, or the nearest ancestor that exists. */
static struct node *nearest(const char *path)
{
    char p[XS_PATH_LEN];
    struct node *n;

    strlcpy(p, path, sizeof(p));
    while (!(n = lookup(p))) {
        char *slash = strchr(p, '\0');

        while (slash > p && *slash != '/')
            slash--;
        if (slash == p) {
            p[1] = '\0';                /* "/" always exists */
            return lookup(p);
        }
        *slash = '\0';
    }
    return n;
}

static bool privileged(domid_t who)
{
    struct domain *d = who == DOMID_XEN ? NULL : domain_lookup(who);

    return who == DOMID_XEN || (d && is_privileged(d));
}

static bool may_read(domid_t who, const struct node *n)
{
    return privileged(who) || n->owner == who || n->peer == who;
}

static bool may_write(domid_t who, const struct node *n)
{
    return privileged(who) || n->owner == who;
}

static unsigned int nodes_owned(domid_t dom)
{
    unsigned int k = 0;

    for (unsigned int i = 0; i < XS_NODES; i++)
        k += nodes[i].used && nodes[i].owner == dom;
    return k;
}

static unsigned int nodes_owned_by_anyone(void)
{
    unsigned int k = 0;

    for (unsigned int i = 0; i < XS_NODES; i++)
        k += nodes[i].used;
    return k;
}

/* ---- Watches --------------------------------------------------------------- */

static void queue_event(struct watch *w, const char *path);

/* `path` changed (perms: the node's): tell who watches it or above it. */
static void fire(const char *path, const struct node *perms)
{
    for (unsigned int i = 0; i < XS_WATCHES; i++) {
        struct watch *w = &watches[i];

        if (w->used && below(w->path, path) &&
            (w->dom == DOMID_XEN || may_read(w->dom, perms)))
            queue_event(w, path);
    }
}

/* The subtree at `path` goes: who watches inside it hears of its node. */
static void fire_below(const char *path, const struct node *perms)
{
    for (unsigned int i = 0; i < XS_WATCHES; i++) {
        struct watch *w = &watches[i];
        const struct node *n;

        if (!w->used || below(w->path, path) || !below(path, w->path))
            continue;
        n = lookup(w->path);
        if (w->dom == DOMID_XEN || may_read(w->dom, n ? n : perms))
            queue_event(w, w->path);
    }
}

static void queue_xen_event(struct watch *w, const char *path)
{
    unsigned int i = 0;

    while (i < nr_pending && pending[i].w != w)
        i++;
    nr_pending += i == nr_pending;
    pending[i].w = w;
    strlcpy(pending[i].path, path, XS_PATH_LEN);
}

static void queue_event(struct watch *w, const char *path)
{
    static const char home_fmt[] = "/local/domain/%u/";
    char home[32], body[XS_PATH_LEN + XS_TOKEN_LEN];
    size_t hl, pl, tl;

    if (w->dom == DOMID_XEN) {
        queue_xen_event(w, path);
        return;
    }
    hl = (size_t)snprintf(home, sizeof(home), home_fmt, w->dom);
    if (w->relative && !strncmp(path, home, hl))
        path += hl;
    pl = strlen(path) + 1;
    tl = strlen(w->token) + 1;
    memcpy(body, path, pl);
    memcpy(body + pl, w->token, tl);
    /* A domain that does not read its ring misses the event. */
    if (!xs_wire_event(w->dom, body, (uint32_t)(pl + tl)))
        TRACE(TRC_XL_XENSTORE_OP, w->dom, XS_WATCH_EVENT, (uint32_t)-ENOSPC);
}

/* ---- Changing the tree ----------------------------------------------------- */

/* How many nodes a write of `path` creates below its nearest existing
 * ancestor `anc`: each missing component is a node of its own. */
static unsigned int nodes_missing(const char *anc, const char *path)
{
    unsigned int k = 1;

    for (size_t i = strlen(anc) == 1 ? 1 : strlen(anc) + 1; path[i]; i++)
        k += path[i] == '/';
    return k;
}

static unsigned int nodes_free(void)
{
    return XS_NODES - nodes_owned_by_anyone();
}

/*
 * May `who` create `count` nodes for `owner`? The quota counts every
 * node a write makes, the implicit parents too (a 60-component path is
 * 60 nodes, not one), and is checked before the first is made, so a
 * refused write leaves nothing behind.
 */
static int may_create(domid_t who, domid_t owner, unsigned int count)
{
    if (count > nodes_free())
        return -ENOSPC;
    if (!privileged(who) && nodes_owned(owner) + count > XS_NODES_PER_DOM)
        return -ENOSPC;
    return 0;
}

/* Make one node; the caller checked there is room. */
static struct node *new_node(const char *path, size_t len, domid_t owner,
                             domid_t peer)
{
    for (unsigned int k = 0; k < XS_NODES; k++)
        if (!nodes[k].used) {
            nodes[k] = (struct node){ .used = true, .owner = owner, .peer = peer };
            memcpy(nodes[k].path, path, len);
            nodes[k].path[len] = '\0';
            return &nodes[k];
        }
    return NULL;
}

static void set_value(struct node *n, const char *value, size_t len)
{
    memcpy(n->value, value, len);
    n->value[len] = '\0';
    n->len = (uint16_t)len;
}

/* Create path (and missing parents) or set its value. */
static int write_node(domid_t who, const char *path, const char *value,
                      size_t len, domid_t owner, domid_t peer, bool create_only)
{
    struct node *n = nearest(path);
    int rc;

    if (len >= XS_VALUE_LEN)
        return -E2BIG;
    if (!may_write(who, n))
        return -EACCES;
    if (!strcmp(n->path, path)) {       /* exists */
        if (!create_only) {
            set_value(n, value, len);
            fire(path, n);
        }
        return 0;
    }
    if (who != DOMID_XEN || owner == DOMID_INVALID) {
        owner = n->owner;               /* inherit from the parent */
        peer = n->peer;
    }
    rc = may_create(who, owner, nodes_missing(n->path, path));
    if (rc)
        return rc;
    /* Each missing component, top down. */
    for (size_t i = strlen(n->path) == 1 ? 1 : strlen(n->path) + 1;; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        n = new_node(path, i, owner, peer);
        if (path[i] == '\0')
            break;
    }
    set_value(n, value, len);
    fire(path, n);
    return 0;
}

static int rm_node(domid_t who, const char *path)
{
    struct node *n = lookup(path), perms;

    if (!n)
        return -ENOENT;
    if (!may_write(who, n))
        return -EACCES;
    if (strlen(path) == 1)
        return -EINVAL;                 /* not the root */
    perms = *n;
    fire_below(path, &perms);
    for (unsigned int i = 0; i < XS_NODES; i++)
        if (nodes[i].used && below(path, nodes[i].path))
            nodes[i].used = false;
    fire(path, &perms);
    return 0;
}

/* ---- Requests from domains ---------------------------------------------------- */

static int ok(struct xs_request *r)
{
    memcpy(r->reply, "OK", 3);
    r->reply_len = 3;
    return 0;
}

static int op_read(struct xs_request *r)
{
    struct node *n = lookup(r->path);

    if (!n)
        return -ENOENT;
    if (!may_read(r->who, n))
        return -EACCES;
    memcpy(r->reply, n->value, n->len);
    r->reply_len = n->len;
    return 0;
}

static int op_write(struct xs_request *r)
{
    size_t pl = strlen(r->arg) + 1;

    if (pl > r->len)
        return -EINVAL;
    return write_node(r->who, r->path, r->arg + pl, r->len - pl,
                      DOMID_INVALID, DOMID_INVALID, false) ?: ok(r);
}

static int op_mkdir(struct xs_request *r)
{
    return write_node(r->who, r->path, "", 0, DOMID_INVALID, DOMID_INVALID,
                      true) ?: ok(r);
}

static int op_rm(struct xs_request *r)
{
    return rm_node(r->who, r->path) ?: ok(r);
}

static int op_directory(struct xs_request *r)
{
    struct node *n = lookup(r->path);

    if (!n)
        return -ENOENT;
    if (!may_read(r->who, n))
        return -EACCES;
    for (unsigned int i = 0; i < XS_NODES; i++) {
        const char *name = nodes[i].used ? child_name(r->path, nodes[i].path)
                                         : NULL;
        size_t l = name ? strlen(name) + 1 : 0;

        if (r->reply_len + l > XS_REPLY_MAX)
            return -E2BIG;
        memcpy(r->reply + r->reply_len, name, l);
        r->reply_len += (uint32_t)l;
    }
    return 0;
}

/* The second NUL-terminated string of the payload, or NULL. */
static const char *second_arg(const struct xs_request *r)
{
    size_t pl = strlen(r->arg) + 1;

    if (pl >= r->len || strnlen(r->arg + pl, r->len - pl) == r->len - pl)
        return NULL;
    return r->arg + pl;
}

static int op_watch(struct xs_request *r)
{
    const char *token = second_arg(r);
    struct watch *w = NULL;
    unsigned int mine = 0;

    if (!token || strlen(token) >= XS_TOKEN_LEN)
        return -EINVAL;
    for (unsigned int i = 0; i < XS_WATCHES; i++) {
        mine += watches[i].used && watches[i].dom == r->who;
        if (!watches[i].used && !w)
            w = &watches[i];
    }
    if (!w || mine >= XS_WATCHES_PER_DOM)
        return -ENOSPC;
    *w = (struct watch){ .used = true, .dom = r->who,
                         .relative = r->arg[0] != '/' };
    strlcpy(w->path, r->path, sizeof(w->path));
    strlcpy(w->token, token, sizeof(w->token));
    r->new_watch = w;
    return ok(r);
}

static int op_unwatch(struct xs_request *r)
{
    const char *token = second_arg(r);

    if (!token)
        return -EINVAL;
    for (unsigned int i = 0; i < XS_WATCHES; i++)
        if (watches[i].used && watches[i].dom == r->who &&
            !strcmp(watches[i].path, r->path) && !strcmp(watches[i].token, token)) {
            watches[i].used = false;
            return ok(r);
        }
    return -ENOENT;
}

static int op_get_domain_path(struct xs_request *r)
{
    unsigned long id;

    if (!parse_ulong(r->arg, &id) || id >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    r->reply_len = (uint32_t)snprintf(r->reply, XS_REPLY_MAX,
                                      "/local/domain/%lu", id) + 1;
    return 0;
}

static int op_get_perms(struct xs_request *r)
{
    struct node *n = lookup(r->path);
    int len;

    if (!n)
        return -ENOENT;
    if (!may_read(r->who, n))
        return -EACCES;
    len = snprintf(r->reply, XS_REPLY_MAX, "n%u", n->owner) + 1;
    if (n->peer != DOMID_INVALID)
        len += snprintf(r->reply + len, XS_REPLY_MAX - (size_t)len, "r%u",
                        n->peer) + 1;
    r->reply_len = (uint32_t)len;
    return 0;
}

/* "path\0n<owner>\0[r<dom>\0]": the owner may let one domain read. */
static int op_set_perms(struct xs_request *r)
{
    const char *owner = second_arg(r), *peer;
    struct node *n = lookup(r->path);
    unsigned long o, p = DOMID_INVALID;

    if (!n)
        return -ENOENT;
    if (!may_write(r->who, n))
        return -EACCES;
    if (!owner || owner[0] != 'n' || !parse_ulong(owner + 1, &o))
        return -EINVAL;
    peer = owner + strlen(owner) + 1;
    if (peer < r->arg + r->len) {
        if (peer[0] != 'r' || !parse_ulong(peer + 1, &p) ||
            peer + strlen(peer) + 1 < r->arg + r->len)
            return -EINVAL;             /* xenlab keeps one reader */
    }
    if (o != n->owner && !privileged(r->who))
        return -EACCES;
    n->owner = (domid_t)o;
    n->peer = (domid_t)p;
    return ok(r);
}

static int op_transaction_start(struct xs_request *r)
{
    memcpy(r->reply, "1", 2);           /* writes apply at once anyway */
    r->reply_len = 2;
    return 0;
}

static int op_transaction_end(struct xs_request *r)
{
    return ok(r);
}

static const struct {
    int (*fn)(struct xs_request *r);
    bool path;                          /* the first argument is a path */
} ops[] = {
    [XS_DIRECTORY] = { op_directory, true },
    [XS_READ] = { op_read, true },
    [XS_GET_PERMS] = { op_get_perms, true },
    [XS_WATCH] = { op_watch, true },
    [XS_UNWATCH] = { op_unwatch, true },
    [XS_TRANSACTION_START] = { op_transaction_start, false },
    [XS_TRANSACTION_END] = { op_transaction_end, false },
    [XS_GET_DOMAIN_PATH] = { op_get_domain_path, false },
    [XS_WRITE] = { op_write, true },
    [XS_MKDIR] = { op_mkdir, true },
    [XS_RM] = { op_rm, true },
    [XS_SET_PERMS] = { op_set_perms, true },
};

static void trace_op(domid_t who, uint32_t type, int rc, const char *path)
{
    uint32_t tail[4] = { 0 };
    size_t n = strnlen(path, XS_PATH_LEN);
    size_t take = MIN(n, sizeof(tail));

    memcpy(tail, path + n - take, take);
    TRACE(TRC_XL_XENSTORE_OP, who, type, (uint32_t)rc, tail[0], tail[1],
          tail[2], tail[3]);
}

/* ---- After every change: run hypervisor watches, flush every ring ------ */

static void finish(void)
{
    static bool running;

    if (depth || running)
        return;
    running = true;
    while (nr_pending) {                /* handlers may queue more */
        struct watch *w = pending[0].w;
        char path[XS_PATH_LEN];

        strlcpy(path, pending[0].path, sizeof(path));
        memmove(&pending[0], &pending[1], --nr_pending * sizeof(pending[0]));
        if (w->used && w->fn)
            w->fn(path, w->arg);
    }
    xs_wire_flush();
    running = false;
}

void xs_changed(void)
{
    finish();
}

int xs_request(struct xs_request *r)
{
    int rc;

    if (r->type >= ARRAY_SIZE(ops) || !ops[r->type].fn)
        rc = -ENOSYS;
    else if (ops[r->type].path && (rc = canon(r->who, r->arg, r->path)))
        ;
    else
        rc = ops[r->type].fn(r);
    trace_op(r->who, r->type, rc < 0 ? rc : 0, r->path);
    return rc;
}

void xs_request_done(struct xs_request *r)
{
    struct watch *w = r->new_watch;

    /* Like Xen: a new watch fires once, so the watcher looks right away. */
    if (w)
        queue_event(w, w->path);
}

/* ---- The hypervisor's side: the toolstack and the Xen 1.0 backends ----- */

static struct node *make_root(void)
{
    struct node *n = &nodes[0];

    *n = (struct node){ .used = true, .owner = 0, .peer = DOMID_INVALID };
    strlcpy(n->path, "/", sizeof(n->path));
    return n;
}

void xenstore_init(void)
{
    memset(nodes, 0, sizeof(nodes));
    memset(watches, 0, sizeof(watches));
    nr_pending = 0;
    make_root();
    write_node(DOMID_XEN, "/local/domain", "", 0, 0, DOMID_INVALID, true);
    xs_wire_init();
}

int xenstore_introduce(struct domain *d, mfn_t ring, evtchn_port_t *port)
{
    char home[32], path[XS_PATH_LEN], id[8];
    int rc = xs_wire_open(d, ring, port);

    if (rc)
        return rc;
    snprintf(home, sizeof(home), "/local/domain/%u", d->domain_id);
    snprintf(id, sizeof(id), "%u", d->domain_id);
    xs_write(home, "", d->domain_id, DOMID_INVALID);
    snprintf(path, sizeof(path), "%s/name", home);
    xs_write(path, d->name, d->domain_id, DOMID_INVALID);
    snprintf(path, sizeof(path), "%s/domid", home);
    xs_write(path, id, d->domain_id, DOMID_INVALID);
    return 0;
}

void xenstore_domain_destroy(struct domain *d)
{
    char home[XS_PATH_LEN];

    for (unsigned int i = 0; i < XS_WATCHES; i++)
        if (watches[i].used && watches[i].dom == d->domain_id)
            watches[i].used = false;
    xs_wire_close(d->domain_id);
    snprintf(home, sizeof(home), "/local/domain/%u", d->domain_id);
    xs_rm(home);
}

int xs_write(const char *path, const char *value, domid_t owner, domid_t peer)
{
    char p[XS_PATH_LEN];
    int rc = canon(DOMID_XEN, path, p);

    if (rc || path[0] != '/')
        return rc ? rc : -EINVAL;
    depth++;
    rc = write_node(DOMID_XEN, p, value, strlen(value), owner, peer, false);
    depth--;
    finish();
    return rc;
}

int xs_read(const char *path, char *value, size_t size)
{
    struct node *n = lookup(path);

    if (!n)
        return -ENOENT;
    if (n->len >= size)
        return -E2BIG;
    memcpy(value, n->value, n->len + 1u);
    return 0;
}

int xs_rm(const char *path)
{
    int rc;

    depth++;
    rc = rm_node(DOMID_XEN, path);
    depth--;
    finish();
    return rc;
}

int xs_watch(const char *path, xs_watch_fn fn, void *arg)
{
    for (unsigned int i = 0; i < XS_WATCHES; i++)
        if (!watches[i].used) {
            watches[i] = (struct watch){ .used = true, .dom = DOMID_XEN,
                                         .fn = fn, .arg = arg };
            strlcpy(watches[i].path, path, sizeof(watches[i].path));
            queue_event(&watches[i], watches[i].path);
            finish();
            return 0;
        }
    return -ENOSPC;
}

void xs_unwatch(xs_watch_fn fn, void *arg)
{
    for (unsigned int i = 0; i < XS_WATCHES; i++)
        if (watches[i].used && watches[i].fn == fn && watches[i].arg == arg)
            watches[i].used = false;
    /* Events already queued for it are dropped with it. */
    for (unsigned int i = 0, k = 0, n = nr_pending; i < n; i++) {
        if (pending[i].w->fn == fn && pending[i].w->arg == arg) {
            nr_pending--;
            continue;
        }
        pending[k++] = pending[i];
    }
}

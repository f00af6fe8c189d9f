/*
 * xenstore_private.h - between xenstore's tree (xenstore.c) and its wire
 * (xenstore_wire.c).
 */
#ifndef HV_XENSTORE_PRIVATE_H
#define HV_XENSTORE_PRIVATE_H

#include <hv/domain.h>
#include <hv/xenstore.h>

#define XS_REPLY_MAX    4096

/* One request, as the wire hands it to the tree. */
struct xs_request {
    domid_t who;
    uint32_t type;                      /* XS_* */
    const char *arg;                    /* payload, NUL-terminated at len */
    uint32_t len;
    char path[XS_PATH_LEN];             /* the first argument, canonical */
    char reply[XS_REPLY_MAX];           /* OUT */
    uint32_t reply_len;                 /* OUT */
    void *new_watch;                    /* XS_WATCH: to fire once, after */
};

/* xenstore.c: answer r (0 or -errno, traced); once its reply is queued,
 * xs_request_done(); after a batch of them, xs_changed() runs the
 * hypervisor's watches and flushes every domain's ring. */
int xs_request(struct xs_request *r);
void xs_request_done(struct xs_request *r);
void xs_changed(void);

/* xenstore_wire.c: the domains' connections. */
void xs_wire_init(void);
int xs_wire_open(struct domain *d, mfn_t ring, evtchn_port_t *port);
void xs_wire_close(domid_t dom);
/* Queue a watch event for dom (false: no room, it does not read). */
bool xs_wire_event(domid_t dom, const void *body, uint32_t len);
void xs_wire_flush(void);

#endif /* HV_XENSTORE_PRIVATE_H */

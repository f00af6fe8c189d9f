/*
 * io/xs_wire.h - the xenstore protocol: messages on a domain's store ring.
 *
 * xenstore is a small tree of keys ("/local/domain/1/device/vbd/0/state")
 * holding short strings, shared by all domains: how frontends and
 * backends find each other. A domain reaches it through one page (the
 * one start_info.store_mfn names) and one event channel
 * (start_info.store_evtchn). The page holds two byte pipes:
 *
 *   req[1024]  domain -> store    req_prod (domain), req_cons (store)
 *   rsp[1024]  store -> domain    rsp_prod (store), rsp_cons (domain)
 *
 * Each message is a header (struct xsd_sockmsg) then len bytes of
 * payload: NUL-separated strings. A reply carries the request's req_id;
 * errors come back as XS_ERROR with the error's name ("ENOENT"). A watch
 * (XS_WATCH "path\0token\0") makes the store send XS_WATCH_EVENT
 * "path\0token\0" whenever path or anything below it changes, and once
 * when the watch is set. Paths not starting with '/' are relative to the
 * domain's home, /local/domain/<id>.
 */
#ifndef XENLAB_PUBLIC_IO_XS_WIRE_H
#define XENLAB_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL,                 /* (formerly XS_DEBUG) */
    XS_DIRECTORY,               /* "path\0" -> "child\0child\0..." */
    XS_READ,                    /* "path\0" -> value (no NUL) */
    XS_GET_PERMS,
    XS_WATCH,                   /* "path\0token\0" -> "OK\0" */
    XS_UNWATCH,                 /* "path\0token\0" -> "OK\0" */
    XS_TRANSACTION_START,       /* "\0" -> "id\0" */
    XS_TRANSACTION_END,         /* "T\0" or "F\0" -> "OK\0" */
    XS_INTRODUCE,
    XS_RELEASE,
    XS_GET_DOMAIN_PATH,         /* "domid\0" -> "/local/domain/<domid>\0" */
    XS_WRITE,                   /* "path\0value" -> "OK\0" */
    XS_MKDIR,                   /* "path\0" -> "OK\0" */
    XS_RM,                      /* "path\0" -> "OK\0" (and all below) */
    XS_SET_PERMS,
    XS_WATCH_EVENT,             /* store -> domain: "path\0token\0" */
    XS_ERROR,                   /* store -> domain: "EINVAL\0" etc. */
    XS_IS_DOMAIN_INTRODUCED,
    XS_RESUME,
    XS_SET_TARGET,
    XS_RESTRICT,
    XS_RESET_WATCHES,
    XS_DIRECTORY_PART,
    XS_INVALID = 0xffff
};

struct xsd_sockmsg {
    uint32_t type;              /* XS_* */
    uint32_t req_id;            /* echoed in the reply */
    uint32_t tx_id;             /* transaction, 0 if none */
    uint32_t len;               /* payload bytes that follow */
};

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* requests to the store */
    char rsp[XENSTORE_RING_SIZE];   /* replies and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;
    uint32_t connection;
};

/* The longest payload either side may send; longer breaks the connection. */
#define XENSTORE_PAYLOAD_MAX    4096
#define XENSTORE_ABS_PATH_MAX   3072
#define XENSTORE_REL_PATH_MAX   2048

#endif /* XENLAB_PUBLIC_IO_XS_WIRE_H */

/*
 * xenstore.h - xenstore-lite inside the hypervisor (xenstore.c).
 *
 * Domains reach the store through their store page and event channel
 * (start_info), speaking the protocol of public/io/xs_wire.h. The
 * hypervisor's own parts - the builder acting as toolstack, the Xen 1.0
 * backends - use these calls instead, unchecked: they are trusted.
 */
#ifndef HV_XENSTORE_H
#define HV_XENSTORE_H

#include "domain.h"
#include "types.h"

#define XS_PATH_LEN     128         /* longest path + NUL */
#define XS_VALUE_LEN    128         /* longest value + NUL */

/* The empty tree: /, /local, /local/domain. */
void xenstore_init(void);

/*
 * Connect d through its store page (frame ring, d's own): creates
 * /local/domain/<id> (owned by d) with name and domid, and a port of d
 * bound to the store, returned in *port.
 */
int xenstore_introduce(struct domain *d, mfn_t ring, evtchn_port_t *port);

/* d is gone: its watches, its connection, /local/domain/<id>. */
void xenstore_domain_destroy(struct domain *d);

/*
 * Trusted access. xs_write creates missing parents; a new node is owned
 * by `owner` and readable by `peer` (DOMID_INVALID: nobody else), which
 * also apply to parents it creates. Returns 0 or -errno.
 */
int xs_write(const char *path, const char *value, domid_t owner, domid_t peer);
int xs_read(const char *path, char *value, size_t size);
int xs_rm(const char *path);

/*
 * A hypervisor watch: fn(path, arg) runs when path or anything below it
 * changes - after the change that caused it is complete, never nested
 * inside it.
 */
typedef void (*xs_watch_fn)(const char *path, void *arg);
int xs_watch(const char *path, xs_watch_fn fn, void *arg);
void xs_unwatch(xs_watch_fn fn, void *arg);

#endif /* HV_XENSTORE_H */

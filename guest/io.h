/*
 * io.h - inter-domain I/O for xenlab's guest kernels: what a PV kernel
 * needs to share pages, notify other domains, find devices in xenstore,
 * and drive (or, in domain 0, serve) split-driver devices.
 *
 *   grant.c        the grant table: lend pages, map and copy others'
 *   evtchn.c       event channels between domains, and waiting for them
 *   xenbus.c       the xenstore client (read, write, watch) over the ring
 *   ioring.c       telling the trace how our rings move
 *   consfront.c    the PV console ring (printf through domain 0)
 *   blkfront.c     a disk: sectors read and written through a backend
 *   netfront.c     a network interface: frames sent and received
 *   driver_domain.c, consback.c
 *                  domain 0's side: the console, block and network
 *                  backends for every domain that has such devices
 *
 * Everything here speaks Xen's ABI (public/grant_table.h and public/io/), so the
 * frontends would work against Xen's own backends too.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include "libguest.h"
#include <public/io/blkif.h>
#include <public/io/console.h>
#include <public/io/netif.h>
#include <public/io/xenbus.h>
#include <public/io/xs_wire.h>
#include <public/trace.h>          /* ring kinds and moves, for reports */

/* ---- Grant tables (grant.c) ---------------------------------------------- */

/* Lend frame mfn to domain `to`; the reference to hand over. */
grant_ref_t gnttab_grant(domid_t to, unsigned long mfn, bool readonly);

/* Take it back: 0, or -EBUSY while `to` still has it mapped. */
int gnttab_end(grant_ref_t ref);

/* Our grant table's entry, to look at (lessons). */
const struct grant_entry_v1 *gnttab_entry(grant_ref_t ref);

/* Map another domain's grant at va (one of our pages); status GNTST_*. */
int16_t gnttab_map(domid_t dom, grant_ref_t ref, void *va, bool readonly,
                   grant_handle_t *handle);
int16_t gnttab_unmap(void *va, grant_handle_t handle);

/* n copies at once (the statuses are in the ops); a negative errno only
 * if the ops could not be read. */
long gnttab_copy(struct gnttab_copy *ops, unsigned int n);

/* ---- Event channels (evtchn.c) --------------------------------------------- */

/* A port for `remote` to bind to (exits the test on failure). */
evtchn_port_t evtchn_alloc_unbound(domid_t remote);
/* Connect to remote's unbound port; returns our port, or -errno. */
long evtchn_bind(domid_t remote, evtchn_port_t remote_port);
long evtchn_notify(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);

/*
 * Sleep until cond(arg) is true. Events are delivered (and their
 * handlers run) while we sleep; cond is checked with events masked, so
 * an event that arrives just before we would block still wakes us.
 */
void guest_wait(bool (*cond)(void *arg), void *arg);

/* The same, but give up after timeout_ms: returns cond's last value. */
bool guest_wait_ms(bool (*cond)(void *arg), void *arg, unsigned int timeout_ms);

/* ---- xenstore (xenbus.c) --------------------------------------------------- */

/* Each returns 0 (or a length) on success, -errno (the store's answer) if not. */
int xenbus_read(const char *path, char *value, size_t size);
int xenbus_read_ulong(const char *path, unsigned long *v);
int xenbus_write(const char *path, const char *value);
int xenbus_printf(const char *dir, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xenbus_rm(const char *path);
int xenbus_mkdir(const char *path);
/* Child names, NUL-separated, into names; returns the bytes used. */
int xenbus_directory(const char *path, char *names, size_t size);
/* fn(id) for each child of dir whose name is a number (domain ids...). */
void xenbus_each_id(const char *dir, void (*fn)(unsigned long id, void *arg),
                    void *arg);
int xenbus_watch(const char *path, const char *token);
int xenbus_unwatch(const char *path, const char *token);
/* Let `reader` read path (we stay the owner). */
int xenbus_set_perms(const char *path, domid_t owner, domid_t reader);
/* Any request, raw: type XS_*, payload of len bytes; the reply's bytes. */
int xenbus_request(uint32_t type, const void *payload, uint32_t len,
                   char *reply, size_t size);

/* One watch event that has arrived (path, token), or false if none. */
bool xenbus_event(char *path, size_t size, char *token, size_t tsize);
bool xenbus_has_event(void);

/* Wait until the xenbus state at path has reached `want` (watching it):
 * the handshake only moves forward, so a later state (the other end
 * connected already, or giving up: Closing, Closed) ends the wait too.
 * Returns the state it finally read, or -errno if the node went away. */
long xenbus_wait_state(const char *path, enum xenbus_state want);

/* Wait until path exists and holds a number >= at_least (watching it),
 * and return that number: "reached", never "equal", because the writer
 * may already have moved past the value we hoped to see. */
long xenbus_wait_reached(const char *path, unsigned long at_least);
/* Wait until path exists and holds any number, and return it. */
long xenbus_wait_read(const char *path);
/* Wait until path is gone (e.g. a domain's home, when it has ended). */
long xenbus_wait_gone(const char *path);

/*
 * A frontend's handshake, for the device directory `dir` (relative, e.g.
 * "device/vbd/0"): find the backend (its domain and directory), say
 * Initialised and wait for Connected (after writing ring-ref and
 * event-channel), and close (Closing, wait for Closed, Closed).
 */
int xenbus_front_find(const char *dir, domid_t *backend, char *back, size_t size);
int xenbus_front_connect(const char *dir, const char *back);
void xenbus_front_close(const char *dir, const char *back);

/* ---- Ring traces (ioring.c) -------------------------------------------------- */

/* A frontend's new ring: returns its id for ioring_report. */
uint32_t ioring_setup(unsigned int index, domid_t back, unsigned int size,
                      unsigned int kind);
/* One move (see XENLAB_ioring); cheap while nobody records the trace. */
void ioring_report(uint32_t id, uint32_t op, uint32_t moved, uint32_t other_prod);
/* A frontend published requests up to prod: report it, and notify the
 * backend on port if the ring said it wants to know. */
void ioring_pushed(uint32_t id, uint32_t prod, uint32_t other_prod, bool notify,
                   evtchn_port_t port);

/* ---- The PV console (consfront.c) ---------------------------------------------- */

/* From now on printf goes through our console ring to domain 0's console
 * backend; each line waits (up to a second) until domain 0 has read it. */
int xencons_init(void);

/* ---- Block frontend (blkfront.c) ------------------------------------------------- */

#define BLKFRONT_SLOTS 32               /* requests in flight; a page each */

/* Find device/vbd/0, share a ring with its backend, and connect. */
int blkfront_connect(void);
uint64_t blkfront_sectors(void);
domid_t blkfront_backend(void);

/*
 * Queue one request for nsect (1-8) sectors from `sector`; returns its
 * slot (or -EAGAIN if all are in flight). Its data is blkfront_buffer(slot):
 * fill it before blkfront_push() for a write, read it after completion.
 */
int blkfront_queue(bool write, uint64_t sector, unsigned int nsect);
void *blkfront_buffer(int slot);
void blkfront_push(void);               /* publish, notify if asked to */
/* A completed request's slot and status, or -1 if none is complete. */
int blkfront_complete(int16_t *status);
unsigned int blkfront_in_flight(void);
void blkfront_wait(void);               /* sleep until one completes */

/* One request, start to finish: 0 or BLKIF_RSP_* status. */
int blkfront_rw(bool write, uint64_t sector, void *data, unsigned int nsect);

/*
 * Write (or read back and check) disk pages [first, first + n), a request
 * of 8 sectors each, up to BLKFRONT_SLOTS in flight. pattern fills the
 * page for a write, and gives what a read must find. Returns how many
 * pages were written, or read back intact.
 */
typedef void (*blk_pattern_fn)(uint32_t page, uint8_t *data, void *arg);
uint32_t blkfront_pages(bool write, uint32_t first, uint32_t n,
                        blk_pattern_fn pattern, void *arg);

/* Close the device (states Closing, Closed) and take the grants back. */
void blkfront_disconnect(void);

/* The ring itself, slot k's grant and our port: for tests that write
 * requests of their own (tests/io/hostile.c). */
blkif_front_ring_t *blkfront_ring(void);
grant_ref_t blkfront_buffer_ref(int slot);
evtchn_port_t blkfront_port(void);

/* ---- Network frontend (netfront.c) ------------------------------------------------ */

#define NETFRONT_TX 32                  /* frames queued to send */
#define NETFRONT_RX 32                  /* empty pages posted to receive */

int netfront_connect(void);
const uint8_t *netfront_mac(void);
domid_t netfront_backend(void);

/* Queue a frame (14..1514 bytes) and push it: 0, or -EAGAIN if all tx
 * buffers are in flight. */
int netfront_send(const void *frame, unsigned int len);
/* Take the next frame received (copied to buf; its length), 0 if none,
 * negative if the backend reported an error for it. */
int netfront_recv(void *buf, unsigned int size);
void netfront_wait(void);               /* sleep until something arrives */
struct netfront_stats {
    uint32_t sent, received, tx_errors, rx_errors;
};
const struct netfront_stats *netfront_stats(void);
void netfront_disconnect(void);

/* The rings and our port, for tests that write requests of their own. */
netif_tx_front_ring_t *netfront_tx_ring(void);
netif_rx_front_ring_t *netfront_rx_ring(void);
evtchn_port_t netfront_port(void);

/* ---- Ping over the network (net_echo.c) ------------------------------------------ */

/* Every bridge answers echo requests sent to this address itself. */
extern const uint8_t net_bridge_mac[ETH_ALEN];

struct net_ping_result {
    uint32_t sent, received, corrupt;   /* received: intact replies */
    uint64_t bytes;                     /* both ways, intact */
    uint64_t ns;                        /* from first send to last reply */
};

/* count echo requests of `payload` bytes to dst, at most `window` in
 * flight (< NETFRONT_RX); every reply checked byte for byte. */
int net_ping(const uint8_t *dst, uint32_t count, uint32_t payload,
             uint32_t window, struct net_ping_result *r);
/* Tell dst's net_echo_serve() to return. */
void net_echo_done(const uint8_t *dst);
/* Answer echo requests to our address until told we are done; returns
 * how many were answered. */
uint32_t net_echo_serve(void);

/* ---- Domain 0: the backends (driver_domain.c, consback.c) -------------------------- */

/*
 * Serve every console, disk and network interface whose backend is this
 * domain, as they appear in xenstore, until keep_going() returns false
 * (checked after every event). Prints each device's counts as it goes.
 */
void backends_run(bool (*keep_going)(void));

/* A keep_going for backends_run: is any other domain still in xenstore? */
bool backends_others_alive(void);

/* Counts of what the backends did, summed over all devices so far. */
struct backend_totals {
    uint32_t blk_requests, blk_refused;
    uint32_t net_forwarded, net_answered, net_dropped, net_refused;
    uint32_t console_lines;
};
const struct backend_totals *backends_totals(void);

/* The console backend's part (consback.c), driven by backends_run. */
void consback_scan(void);
void backends_count_console_line(void);

/* A frame of ours nothing else uses, named only by its number (ramdisks). */
unsigned long guest_alloc_frame(void);

/* A page of our address space to map a grant at, and back again. */
void *backend_map_slot(void);
void backend_map_slot_put(void *va);

#endif /* GUEST_IO_H */

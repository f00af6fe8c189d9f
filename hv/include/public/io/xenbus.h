/*
 * io/xenbus.h - the states a split driver's two ends go through.
 *
 * Each end writes its state into its own xenstore directory ("state")
 * and watches the other's. A connection is made like this:
 *
 *   backend:  Initialising -> InitWait            (ready for details)
 *   frontend: Initialising -> Initialised         (ring-ref, event-channel
 *                                                  written)
 *   backend:  InitWait -> Connected               (ring mapped, bound)
 *   frontend: Initialised -> Connected            (I/O may start)
 *
 * and closed by either end going Closing -> Closed.
 */
#ifndef XENLAB_PUBLIC_IO_XENBUS_H
#define XENLAB_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2,
    XenbusStateInitialised = 3,
    XenbusStateConnected = 4,
    XenbusStateClosing = 5,
    XenbusStateClosed = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured = 8,
};

#endif /* XENLAB_PUBLIC_IO_XENBUS_H */

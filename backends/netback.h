/*
 * netback.h - the network backend: a bridge between virtual interfaces.
 */
#ifndef XENLAB_NETBACK_H
#define XENLAB_NETBACK_H

#include <public/io/netif.h>
#include "backend.h"

#define NETBACK_VIFS        16
#define NETBACK_BATCH       32          /* packets moved per pass */
#define NETBACK_SLOT        2048        /* scratch bytes per packet */

/* The ping-like echo every bridge answers (and guests speak): an
 * Ethernet frame of this type whose payload starts with struct net_echo. */
#define ETH_P_XENLAB_ECHO   0x88b5      /* IEEE local experimental */
#define NET_ECHO_REQUEST    1
#define NET_ECHO_REPLY      2
#define NET_ECHO_DONE       3           /* the pinger is done: stop serving */

struct net_echo {
    uint32_t kind;                      /* NET_ECHO_* */
    uint32_t seq;
    uint32_t len;                       /* payload bytes after this */
    uint32_t sum;                       /* a checksum of them */
};

/* One virtual interface: a frontend's tx and rx rings. */
struct netback_vif {
    bool used;
    bool broken;
    domid_t front;
    uint8_t mac[ETH_ALEN];
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    struct backend_ring tx_link, rx_link;
    bool rx_pushed;                     /* rx responses to publish */
    uint32_t tx_packets, rx_packets, dropped, refused;
};

/* The bridge: every vif of one backend, and the bridge's own address. */
struct netback_bridge {
    struct netback_vif vif[NETBACK_VIFS];
    uint8_t mac[ETH_ALEN];              /* answers NET_ECHO_REQUESTs */
    uint32_t scratch[NETBACK_BATCH / 2];    /* our frames, 2 slots each */
    uint8_t *scratch_va[NETBACK_BATCH / 2];
    uint32_t forwarded, answered, dropped;
};

/* A new interface on the bridge, its rings mapped at tx_sring, rx_sring. */
struct netback_vif *netback_attach(struct netback_bridge *br, domid_t front,
                                   unsigned int devid, const uint8_t *mac,
                                   evtchn_port_t port, void *tx_sring,
                                   void *rx_sring);
void netback_detach(struct netback_vif *vif);

/* The frontend of vif notified: move its packets; returns how many. */
unsigned int netback_work(struct netback_bridge *br, struct netback_vif *vif);

/* "00:16:3e:00:00:01" (Xen's prefix, then the domain) as text and bytes. */
void netback_mac_for(domid_t dom, uint8_t *mac);
bool netback_parse_mac(const char *s, uint8_t *mac);

#endif /* XENLAB_NETBACK_H */

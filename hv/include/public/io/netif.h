/*
 * io/netif.h - the network split driver: two rings per interface.
 *
 * Transmit (tx): the frontend puts a packet in a page it granted to the
 * backend and queues a tx request (gref, offset, size); the backend
 * takes the packet (copying it out), and answers with a tx response.
 *
 * Receive (rx): the frontend keeps the rx ring stocked with empty pages
 * granted to the backend (rx requests). When a packet arrives for it,
 * the backend copies the packet into the next such page and answers with
 * an rx response whose status is the packet's length.
 *
 *   tx ring:  front --[gref,offset,size,id]--> back --[id,status]--> front
 *   rx ring:  front --[id,gref]--> back --[id,offset,flags,status=len]--> front
 *
 * One event channel serves both rings. The frontend writes tx-ring-ref,
 * rx-ring-ref and event-channel into xenstore; the backend writes the
 * interface's MAC address (mac) there for it.
 */
#ifndef XENLAB_PUBLIC_IO_NETIF_H
#define XENLAB_PUBLIC_IO_NETIF_H

#include "../grant_table.h"
#include "ring.h"

/* tx request flags */
#define NETTXF_csum_blank       (1u << 0)
#define NETTXF_data_validated   (1u << 1)
#define NETTXF_more_data        (1u << 2)   /* more fragments follow */
#define NETTXF_extra_info       (1u << 3)

struct netif_tx_request {
    grant_ref_t gref;           /* page holding the packet */
    uint16_t offset;            /* where in it the packet starts */
    uint16_t flags;             /* NETTXF_* */
    uint16_t id;                /* echoed in the response */
    uint16_t size;              /* packet length in bytes */
};

struct netif_tx_response {
    uint16_t id;
    int16_t status;             /* NETIF_RSP_* */
};

struct netif_rx_request {
    uint16_t id;                /* echoed in the response */
    uint16_t pad;
    grant_ref_t gref;           /* an empty page for one packet */
};

/* rx response flags */
#define NETRXF_data_validated   (1u << 0)
#define NETRXF_csum_blank       (1u << 1)
#define NETRXF_more_data        (1u << 2)
#define NETRXF_extra_info       (1u << 3)

struct netif_rx_response {
    uint16_t id;
    uint16_t offset;            /* where in the page the packet starts */
    uint16_t flags;             /* NETRXF_* */
    int16_t status;             /* > 0: length; <= 0: NETIF_RSP_* */
};

#define NETIF_RSP_DROPPED     (-2)
#define NETIF_RSP_ERROR       (-1)
#define NETIF_RSP_OKAY          0
#define NETIF_RSP_NULL          1

/* Ethernet, as far as the bridge needs it. */
#define ETH_ALEN                6
#define ETH_HLEN                14
#define ETH_FRAME_MAX           1514

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#endif /* XENLAB_PUBLIC_IO_NETIF_H */

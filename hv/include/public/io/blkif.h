/*
 * io/blkif.h - the block device split driver: requests and responses on
 * its ring (io/ring.h).
 *
 * The frontend asks for whole sectors (512 bytes) to be read or written.
 * Data never travels through the ring: each request names up to 11
 * segments, each a page the frontend granted to the backend and the
 * range of sectors in that page (first_sect..last_sect, 0..7). The
 * backend copies between the disk and those pages, then answers with the
 * request's id and a status.
 *
 *   request:  op  nr_segments  handle  id  sector_number  seg[0..10]
 *   response: id  op  status (BLKIF_RSP_*)
 *
 * Found through xenstore: the frontend writes ring-ref (the ring page's
 * grant reference) and event-channel under its device directory; the
 * backend writes sectors and sector-size under its own.
 */
#ifndef XENLAB_PUBLIC_IO_BLKIF_H
#define XENLAB_PUBLIC_IO_BLKIF_H

#include "../grant_table.h"
#include "ring.h"

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

#define BLKIF_OP_READ               0
#define BLKIF_OP_WRITE              1
#define BLKIF_OP_WRITE_BARRIER      2
#define BLKIF_OP_FLUSH_DISKCACHE    3

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_SECTOR_SIZE           512     /* sector_number's unit */

struct blkif_request_segment {
    grant_ref_t gref;           /* a page granted to the backend */
    uint8_t first_sect;         /* first sector of it to transfer (0-7) */
    uint8_t last_sect;          /* last sector, inclusive (0-7) */
};

struct blkif_request {
    uint8_t operation;          /* BLKIF_OP_* */
    uint8_t nr_segments;        /* 1 .. BLKIF_MAX_SEGMENTS_PER_REQUEST */
    blkif_vdev_t handle;        /* the device (ignored: one per ring) */
    uint64_t id;                /* echoed in the response */
    blkif_sector_t sector_number; /* start on the disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_response {
    uint64_t id;                /* the request's */
    uint8_t operation;          /* the request's */
    int16_t status;             /* BLKIF_RSP_* */
};

#define BLKIF_RSP_EOPNOTSUPP  (-2)  /* operation not supported */
#define BLKIF_RSP_ERROR       (-1)  /* refused or failed */
#define BLKIF_RSP_OKAY          0

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

#endif /* XENLAB_PUBLIC_IO_BLKIF_H */

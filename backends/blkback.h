/*
 * blkback.h - the block backend: a ramdisk served over a blkif ring.
 */
#ifndef XENLAB_BLKBACK_H
#define XENLAB_BLKBACK_H

#include <public/io/blkif.h>
#include "backend.h"

#define BLKBACK_PAGES_MAX   1024        /* ramdisk up to 4 MB */

struct blkback {
    blkif_back_ring_t ring;
    struct backend_ring link;
    const uint32_t *disk;               /* the ramdisk's frames (ours) */
    uint64_t sectors;                   /* its size in 512-byte sectors */
    uint32_t requests;                  /* answered OKAY */
    uint32_t refused;                   /* answered with an error */
    bool broken;                        /* the frontend broke the ring */
};

/* Attach to a frontend's ring page (already mapped at sring). */
void blkback_init(struct blkback *b, void *sring, const struct backend_ring *link,
                  const uint32_t *disk, uint32_t disk_pages);

/* Answer every request waiting on the ring; returns how many. */
unsigned int blkback_work(struct blkback *b);

#endif /* XENLAB_BLKBACK_H */

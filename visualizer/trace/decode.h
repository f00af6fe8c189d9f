/*
 * decode.h - reading a trace stream: frames in, records out, losses counted.
 *
 * The one decoder every reader shares (hvviz, the tests, the benches).
 * Feed it bytes as they arrive, in pieces of any size; it calls back with
 * each record that passed the frame check, and keeps an exact account of
 * what it could not deliver:
 *
 *   bytes fed = bytes in good frames + bytes skipped + bytes still pending
 *
 * and, per CPU, of events that never arrived: those the hypervisor
 * reported (TRC_LOST_RECORDS) and those missing from the sequence without
 * a report (lost in transport, or in a damaged frame).
 */
#ifndef XENLAB_TRACE_DECODE_H
#define XENLAB_TRACE_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <public/trace.h>

struct tdec_stats {
    uint64_t bytes;             /* fed so far */
    uint64_t records;           /* delivered (good frames) */
    uint64_t good_bytes;        /* bytes of delivered frames, ends included */
    uint64_t bad_frames;        /* rejected: COBS, length or CRC */
    uint64_t bytes_skipped;     /* every byte not in a good frame */
    uint64_t lost_reported;     /* sum of TRC_LOST_RECORDS counts */
    uint64_t lost_gaps;         /* missing by sequence, never reported */
    uint64_t seq_restarts;      /* sequence went backwards (new stream) */
    uint64_t streams;           /* TRC_XL_STREAM headers seen */
};

/* Per-record facts the decoder worked out, passed with each record. */
struct tdec_info {
    uint32_t missing_before;    /* unreported gap just before this record */
};

typedef void (*tdec_cb)(void *arg, const struct trace_rec *rec,
                        const struct tdec_info *info);

#define TDEC_MAX_CPUS 256

struct tdec {
    uint8_t frame[TRACE_FRAME_MAX_BYTES];
    size_t len;                 /* bytes of the current frame so far */
    bool overlong;              /* current frame too long: skipping it */
    uint32_t tsc_khz;           /* from the stream header, 0 if unknown */
    bool seq_known[TDEC_MAX_CPUS];
    uint32_t next_seq[TDEC_MAX_CPUS];
    struct tdec_stats st;
};

void tdec_init(struct tdec *d);

/* Decode n bytes; calls cb for every good record. */
void tdec_feed(struct tdec *d, const uint8_t *bytes, size_t n,
               tdec_cb cb, void *arg);

/* The stream ended: a partial frame left over counts as skipped. */
void tdec_finish(struct tdec *d);

/* Decode one frame without its 0x00 ender; 0 on success. (For tests.) */
int tdec_frame(const uint8_t *frame, size_t len, struct trace_rec *rec);

#endif /* XENLAB_TRACE_DECODE_H */

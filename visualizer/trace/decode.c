/*
 * decode.c - COBS frames to trace records, with the loss accounting.
 *
 * The wire format is defined in hv/include/public/trace.h: record bytes
 * and their CRC-32, COBS-encoded, ended by 0x00. We collect bytes up to a
 * 0x00, undo COBS, check the length against the record's own word count
 * and the CRC, and only then believe the record. Anything else is counted
 * as skipped, so garbage can cost us records but never our place.
 *
 * Sequence numbers are checked per CPU. A TRC_LOST_RECORDS record says
 * "data[0] events from seq onwards were dropped in the hypervisor"; a jump
 * nobody explained is a gap (lost between the hypervisor and us).
 */
#include <string.h>
#include "decode.h"

static uint32_t crc_table[256];

static void crc_table_init(void)
{
    for (unsigned int i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int bit = 0; bit < 8; bit++)
            c = (c >> 1) ^ (TRACE_CRC32_POLY & (0u - (c & 1)));
        crc_table[i] = c;
    }
}

void tdec_init(struct tdec *d)
{
    memset(d, 0, sizeof(*d));
    if (!crc_table[1])
        crc_table_init();
}

int tdec_frame(const uint8_t *frame, size_t len, struct trace_rec *rec)
{
    uint8_t raw[TRACE_REC_MAX_BYTES + 4];
    size_t in = 0, out = 0, nbytes;
    uint32_t crc = 0xffffffffu, want;

    if (!crc_table[1])
        crc_table_init();

    /* Undo COBS: each code byte c is followed by c-1 data bytes, then a
     * zero that was removed (except after the final block). */
    while (in < len) {
        uint8_t code = frame[in++];

        if (code == 0 || in + code - 1 > len)
            return -1;
        if (out + code - 1 > sizeof(raw))
            return -1;
        memcpy(raw + out, frame + in, code - 1);
        out += code - 1;
        in += code - 1;
        if (in < len) {
            if (out == sizeof(raw))
                return -1;
            raw[out++] = 0;
        }
    }
    if (out < TRACE_HDR_BYTES + 4)
        return -1;
    memcpy(&rec->event, raw, 4);
    nbytes = TRACE_REC_BYTES(rec->event);
    if (out != nbytes + 4)
        return -1;
    for (size_t i = 0; i < nbytes; i++)
        crc = (crc >> 8) ^ crc_table[(crc ^ raw[i]) & 0xff];
    crc ^= 0xffffffffu;
    memcpy(&want, raw + nbytes, 4);
    if (crc != want)
        return -1;
    memset(rec, 0, sizeof(*rec));
    memcpy(rec, raw, nbytes);
    return 0;
}

static void account(struct tdec *d, const struct trace_rec *rec,
                    struct tdec_info *info)
{
    unsigned int cpu = rec->cpu;
    uint32_t id = TRACE_REC_ID(rec->event);

    info->missing_before = 0;
    if (id == TRC_XL_STREAM && TRACE_REC_NDATA(rec->event) >= 3 &&
        rec->data[0] == TRACE_STREAM_MAGIC) {
        /* A new stream (the hypervisor booted): start counting afresh. */
        d->st.streams++;
        d->tsc_khz = rec->data[2];
        memset(d->seq_known, 0, sizeof(d->seq_known));
    }
    if (d->seq_known[cpu] && rec->seq != d->next_seq[cpu]) {
        uint32_t gap = rec->seq - d->next_seq[cpu];

        if (gap < 0x80000000u) {
            info->missing_before = gap;
            d->st.lost_gaps += gap;
        } else {
            d->st.seq_restarts++;
        }
    }
    if (id == TRC_LOST_RECORDS && TRACE_REC_NDATA(rec->event) >= 1) {
        d->st.lost_reported += rec->data[0];
        d->next_seq[cpu] = rec->seq + rec->data[0];
    } else {
        d->next_seq[cpu] = rec->seq + 1;
    }
    d->seq_known[cpu] = true;
}

static void end_frame(struct tdec *d, tdec_cb cb, void *arg)
{
    struct trace_rec rec;
    struct tdec_info info;

    if (d->overlong || d->len == 0 || tdec_frame(d->frame, d->len, &rec)) {
        if (d->overlong || d->len)
            d->st.bad_frames++;
        d->st.bytes_skipped += d->len + 1;  /* the 0x00 too */
    } else {
        d->st.records++;
        d->st.good_bytes += d->len + 1;
        account(d, &rec, &info);
        if (cb)
            cb(arg, &rec, &info);
    }
    d->len = 0;
    d->overlong = false;
}

void tdec_feed(struct tdec *d, const uint8_t *bytes, size_t n,
               tdec_cb cb, void *arg)
{
    d->st.bytes += n;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = bytes[i];

        if (b == 0) {
            end_frame(d, cb, arg);
        } else if (d->overlong) {
            d->st.bytes_skipped++;
        } else if (d->len == sizeof(d->frame)) {
            /* No frame is this long: drop what we have, skip to a 0x00. */
            d->overlong = true;
            d->st.bytes_skipped += d->len + 1;
            d->len = 0;
        } else {
            d->frame[d->len++] = b;
        }
    }
}

void tdec_finish(struct tdec *d)
{
    if (d->len || d->overlong) {
        d->st.bad_frames++;
        d->st.bytes_skipped += d->len;
    }
    d->len = 0;
    d->overlong = false;
}

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
 *
 * Speed matters here (a replay decodes millions of records a second), so:
 * a frame that lies whole in the bytes fed is decoded where it lies (only
 * frames cut by a read boundary are copied), the 0x00 ender is found with
 * memchr(), and the CRC is computed eight bytes at a time.
 */
#include <string.h>
#include "decode.h"

/*
 * CRC-32 by "slicing by 8". crc_table[0] is the classic byte-at-a-time
 * table, built from the bitwise definition in public/trace.h; table k
 * carries a byte k positions further on through k more zero bytes, so the
 * main loop folds eight bytes in with eight independent lookups.
 */
static uint32_t crc_table[8][256];

static void crc_table_init(void)
{
    for (unsigned int i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int bit = 0; bit < 8; bit++)
            c = (c >> 1) ^ (TRACE_CRC32_POLY & (0u - (c & 1)));
        crc_table[0][i] = c;
    }
    for (unsigned int k = 1; k < 8; k++)
        for (unsigned int i = 0; i < 256; i++) {
            uint32_t c = crc_table[k - 1][i];

            crc_table[k][i] = (c >> 8) ^ crc_table[0][c & 0xff];
        }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xffffffffu;

    while (n >= 8) {
        uint32_t a, b;

        memcpy(&a, p, 4);       /* the wire is little endian, like x86 */
        memcpy(&b, p + 4, 4);
        a ^= crc;
        crc = crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^
              crc_table[5][(a >> 16) & 0xff] ^ crc_table[4][a >> 24] ^
              crc_table[3][b & 0xff] ^ crc_table[2][(b >> 8) & 0xff] ^
              crc_table[1][(b >> 16) & 0xff] ^ crc_table[0][b >> 24];
        p += 8;
        n -= 8;
    }
    while (n--)
        crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
    return crc ^ 0xffffffffu;
}

void tdec_init(struct tdec *d)
{
    memset(d, 0, sizeof(*d));
    if (!crc_table[0][1])
        crc_table_init();
}

int tdec_frame(const uint8_t *frame, size_t len, struct trace_rec *rec)
{
    uint8_t raw[TRACE_REC_MAX_BYTES + 4];
    size_t out, nbytes, at;
    uint32_t want;

    if (!crc_table[0][1])
        crc_table_init();

    /*
     * Undo COBS. Each code byte c is followed by c-1 data bytes and
     * stands for the zero after them (none after the last block). So
     * the decoded bytes are the frame shifted left by one, with a zero
     * wherever the shifted-in byte was the next code byte:
     *
     *   frame  [3][a][b][2][c][1]        codes at 0, 3, 5; end at 6
     *   raw       [a][b][0][c][0]
     */
    if (len < 1 || len - 1 > sizeof(raw))
        return -1;
    out = len - 1;
    memcpy(raw, frame + 1, out);
    for (at = frame[0]; at < len; at += frame[at]) {
        if (frame[at] == 0)
            return -1;
        raw[at - 1] = 0;
    }
    if (frame[0] == 0 || at != len)
        return -1;      /* a code points past the end of the frame */
    if (out < TRACE_HDR_BYTES + 4)
        return -1;
    memcpy(&rec->event, raw, 4);
    nbytes = TRACE_REC_BYTES(rec->event);
    if (out != nbytes + 4)
        return -1;
    memcpy(&want, raw + nbytes, 4);
    if (crc32(raw, nbytes) != want)
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

/* A 0x00 ended the frame `frame[0..len)`; overlong frames were already
 * counted byte by byte. */
static void end_frame(struct tdec *d, const uint8_t *frame, size_t len,
                      tdec_cb cb, void *arg)
{
    struct trace_rec rec;
    struct tdec_info info;

    if (d->overlong || len == 0 || tdec_frame(frame, len, &rec)) {
        if (d->overlong || len)
            d->st.bad_frames++;
        d->st.bytes_skipped += (d->overlong ? 0 : len) + 1;  /* the 0x00 too */
    } else {
        d->st.records++;
        d->st.good_bytes += len + 1;
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
    const uint8_t *p = bytes, *end = bytes + n;

    d->st.bytes += n;
    while (p < end) {
        const uint8_t *zero = memchr(p, 0, (size_t)(end - p));
        size_t run = (size_t)((zero ? zero : end) - p);

        if (d->overlong) {
            d->st.bytes_skipped += run;
        } else if (zero && d->len == 0 && run <= sizeof(d->frame)) {
            /* The whole frame is here: decode it in place. */
            end_frame(d, p, run, cb, arg);
            p += run + 1;
            continue;
        } else if (run > sizeof(d->frame) - d->len) {
            /* No frame is this long: drop it, skip to the next 0x00. */
            d->overlong = true;
            d->st.bytes_skipped += d->len + run;
            d->len = 0;
        } else {
            memcpy(d->frame + d->len, p, run);
            d->len += run;
        }
        if (zero)
            end_frame(d, d->frame, d->len, cb, arg);
        p += run + (zero ? 1 : 0);
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

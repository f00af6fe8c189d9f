/*
 * trace_wire.c - turning a trace record into bytes on a wire.
 *
 * A serial line has no message boundaries and may start mid-stream or
 * carry noise, so each record travels as a self-delimiting frame:
 *
 *   record bytes (20 + 4n) | CRC-32 (4, LE)      -- then COBS-encoded,
 *   [code][ .. no zero bytes .. ][code][ .. ] 00 -- 0x00 ends the frame
 *
 * COBS (consistent overhead byte stuffing) replaces every zero byte with
 * the distance to the next one, so 0x00 can only mean "end of frame". A
 * reader that loses its place discards bytes up to the next 0x00 and is
 * in step again; the CRC rejects frames damaged in between.
 */
#include <hv/trace.h>

size_t trace_frame_encode(const struct trace_rec *rec, uint8_t *out)
{
    uint8_t raw[TRACE_REC_MAX_BYTES + 4];
    size_t n = TRACE_REC_BYTES(rec->event);
    const uint8_t *src = (const uint8_t *)rec;
    uint32_t crc = 0xffffffffu;
    size_t code_at = 0, o = 1;
    uint8_t code = 1;

    for (size_t i = 0; i < n; i++) {
        raw[i] = src[i];
        crc = trace_crc32_byte(crc, src[i]);
    }
    crc ^= 0xffffffffu;
    for (int i = 0; i < 4; i++)
        raw[n++] = (uint8_t)(crc >> (8 * i));

    /* Frames are shorter than 254 bytes, so one code byte per zero. */
    for (size_t i = 0; i < n; i++) {
        if (raw[i] == 0) {
            out[code_at] = code;
            code_at = o++;
            code = 1;
        } else {
            out[o++] = raw[i];
            code++;
        }
    }
    out[code_at] = code;
    out[o++] = 0;
    return o;
}

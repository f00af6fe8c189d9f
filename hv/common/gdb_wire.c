/*
 * gdb_wire.c - GDB's remote serial protocol on the wire: packets, checksums,
 * acknowledgements, and the reply being built.
 *
 * Both directions use the same packet:
 *
 *   $<payload>#<two hex digits: sum of the payload bytes mod 256>
 *
 * The receiver answers '+' (good) or '-' (send it again), until GDB asks
 * for QStartNoAckMode. In a payload, '$', '#', '}' and '*' travel as '}'
 * and the byte xor 0x20. A lone 0x03 between packets is Ctrl-C. Bytes
 * arrive one at a time; rx_byte() is the framing state machine:
 *
 *   IDLE --'$'--> DATA --'#'--> SUM1 --hex--> SUM2 --hex--> dispatch
 *    |  \--0x03: interrupt         \--not hex or wrong sum: '-'
 *    +--'-': send the last packet again
 *
 * Nothing a debugger sends can make the stub overrun a buffer or wait
 * forever: an overlong packet is answered with an error, a bad checksum
 * with '-', and each refusal leaves a debug.refused record in the trace.
 */
#include <klib.h>
#include <hv/trace.h>
#include "gdb_private.h"

const char gdb_hexdigit[16] = "0123456789abcdef";

int gdb_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- Parsing arguments ------------------------------------------------- */

/* Hex digits at *s (at least one; the value must fit 32 bits). */
bool gdb_parse_hex(const char **s, const char *end, uint32_t *out)
{
    uint64_t v = 0;
    const char *p = *s;

    if (p >= end || gdb_hexval(*p) < 0)
        return false;
    for (; p < end && gdb_hexval(*p) >= 0; p++) {
        v = v << 4 | (uint64_t)gdb_hexval(*p);
        if (v > 0xffffffffu)
            return false;
    }
    *s = p;
    *out = (uint32_t)v;
    return true;
}

bool gdb_expect(const char **s, const char *end, char c)
{
    if (*s >= end || **s != c)
        return false;
    (*s)++;
    return true;
}

/* A thread id: hex, 0 (any), -1 (all), or "pPID.TID" (PID ignored). */
bool gdb_parse_tid(const char **s, const char *end, int *tid)
{
    uint32_t v;

    if (*s < end && **s == '-') {
        if (*s + 1 >= end || (*s)[1] != '1')
            return false;
        *s += 2;
        *tid = -1;
        return true;
    }
    if (*s < end && **s == 'p') {
        (*s)++;
        if (!gdb_parse_hex(s, end, &v) || !gdb_expect(s, end, '.'))
            return false;
        if (*s < end && **s == 'p')
            return false;
        return gdb_parse_tid(s, end, tid);
    }
    if (!gdb_parse_hex(s, end, &v) || v > 0x7fffffff)
        return false;
    *tid = (int)v;
    return true;
}

/* "ADDR,LEN" followed by sep, or by the end of the packet if sep is 0. */
bool gdb_parse_range(const char **s, const char *end, char sep,
                     uint32_t *addr, uint32_t *len)
{
    if (!gdb_parse_hex(s, end, addr) || !gdb_expect(s, end, ',') ||
        !gdb_parse_hex(s, end, len))
        return false;
    return sep ? gdb_expect(s, end, sep) : *s == end;
}

/* Eight hex digits: a 32-bit register, least significant byte first. */
bool gdb_parse_le32(const char *s, const char *end, uint32_t *v)
{
    *v = 0;
    if (end - s < 8)
        return false;
    for (unsigned int i = 0; i < 4; i++) {
        int hi = gdb_hexval(s[2 * i]), lo = gdb_hexval(s[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return false;
        *v |= (uint32_t)(hi << 4 | lo) << (8 * i);
    }
    return true;
}

/* ---- Sending ----------------------------------------------------------- */

void gdb_send_packet(const char *payload, size_t len)
{
    char buf[64];
    size_t n = 0;
    uint8_t sum = 0;

    buf[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)payload[i];

        if (n + 2 > sizeof(buf)) {
            gdb.t->send(buf, n);
            n = 0;
        }
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            buf[n++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        buf[n++] = (char)c;
        sum += c;
    }
    if (n + 3 > sizeof(buf)) {
        gdb.t->send(buf, n);
        n = 0;
    }
    buf[n++] = '#';
    buf[n++] = gdb_hexdigit[sum >> 4];
    buf[n++] = gdb_hexdigit[sum & 15];
    gdb.t->send(buf, n);
    if (payload != gdb.last) {
        len = MIN(len, sizeof(gdb.last) - 1);
        memcpy(gdb.last, payload, len);
        gdb.last_len = len;
    }
}

/* ---- The reply being built ------------------------------------------------ */

void gdb_reply_reset(void)
{
    gdb.reply_len = 0;
    gdb.reply_overflow = false;
    gdb.no_reply = false;
}

void gdb_reply_mem(const char *s, size_t n)
{
    if (gdb.reply_len + n > GDB_REPLY_MAX) {
        gdb.reply_overflow = true;
        return;
    }
    memcpy(gdb.reply + gdb.reply_len, s, n);
    gdb.reply_len += n;
}

void gdb_reply_str(const char *s)
{
    gdb_reply_mem(s, strlen(s));
}

void gdb_reply_hex(const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char two[2] = { gdb_hexdigit[bytes[i] >> 4], gdb_hexdigit[bytes[i] & 15] };

        gdb_reply_mem(two, 2);
    }
}

void gdb_reply_le32(uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 24) };

    gdb_reply_hex(b, 4);
}

void gdb_trace_refused(unsigned int why)
{
    uint32_t head = 0;

    memcpy(&head, gdb.pkt, MIN(gdb.len, sizeof(head)));
    TRACE(TRC_XL_DEBUG_REFUSED, why, head);
}

/* "Enn" (errno in hex) replaces whatever the reply held. */
void gdb_reply_error(int err, unsigned int why)
{
    char e[4] = { 'E', gdb_hexdigit[(err >> 4) & 15], gdb_hexdigit[err & 15],
                  0 };

    gdb_reply_reset();
    gdb_reply_str(e);
    gdb_trace_refused(why);
}

void gdb_malformed(void)
{
    gdb_reply_error(EINVAL, DEBUG_MALFORMED);
}

/* A negative errno from the target, as the refusal it is. */
void gdb_target_error(int rc)
{
    switch (-rc) {
    case EACCES:
        gdb_reply_error(EACCES, DEBUG_HV_SLICE);
        break;
    case EPERM:
        gdb_reply_error(EPERM, DEBUG_READ_ONLY);
        break;
    case ESRCH:
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        break;
    default:
        gdb_reply_error(EFAULT, DEBUG_BAD_ADDRESS);
    }
}

/* ---- Receiving ---------------------------------------------------------------- */

static void packet_complete(void)
{
    gdb.rx = RX_IDLE;
    gdb.pkt[gdb.len] = '\0';
    if (gdb.len >= 10 && !memcmp(gdb.pkt, "qSupported", 10))
        gdb.no_ack = false;         /* a new GDB starts with acks */
    if (gdb.given != gdb.sum) {
        gdb_trace_refused(DEBUG_BAD_CHECKSUM);
        if (!gdb.no_ack) {
            gdb.t->send("-", 1);
        } else {
            gdb_reply_error(EIO, DEBUG_BAD_CHECKSUM);
            gdb_send_packet(gdb.reply, gdb.reply_len);
        }
        return;
    }
    if (!gdb.no_ack)
        gdb.t->send("+", 1);
    if (gdb.overlong) {
        gdb_reply_error(E2BIG, DEBUG_TOO_LONG);
        gdb_send_packet(gdb.reply, gdb.reply_len);
        return;
    }
    gdb_dispatch();
}

static void rx_byte(uint8_t c)
{
    int v;

    switch (gdb.rx) {
    case RX_IDLE:
        if (c == '$') {
            gdb.rx = RX_DATA;
            gdb.len = 0;
            gdb.sum = 0;
            gdb.overlong = false;
        } else if (c == 0x03) {
            gdb_interrupt();
        } else if (c == '-' && !gdb.no_ack && gdb.last_len) {
            gdb_send_packet(gdb.last, gdb.last_len);
        }
        break;                      /* '+' and line noise: nothing to do */
    case RX_DATA:
        if (c == '#') {
            gdb.rx = RX_SUM1;
        } else if (c == '$') {
            gdb_trace_refused(DEBUG_MALFORMED);    /* cut short: start over */
            gdb.len = 0;
            gdb.sum = 0;
            gdb.overlong = false;
        } else {
            gdb.sum += c;
            if (gdb.len < GDB_PACKET_MAX)
                gdb.pkt[gdb.len++] = (char)c;
            else
                gdb.overlong = true;
        }
        break;
    case RX_SUM1:
    case RX_SUM2:
        v = gdb_hexval((char)c);
        if (v < 0) {
            gdb.given = (uint8_t)~gdb.sum;         /* never matches */
            packet_complete();
        } else if (gdb.rx == RX_SUM1) {
            gdb.given = (uint8_t)(v << 4);
            gdb.rx = RX_SUM2;
        } else {
            gdb.given |= (uint8_t)v;
            packet_complete();
        }
        break;
    }
}

void gdb_rx(const uint8_t *bytes, size_t n)
{
    if (!gdb.t)
        return;                     /* no machine yet (still booting) */
    for (size_t i = 0; i < n; i++)
        rx_byte(bytes[i]);
    gdb_check_all_held();
}

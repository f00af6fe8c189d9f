/*
 * trace.h - recording trace events inside the hypervisor.
 *
 * Hot path: TRACE(id, words...) stamps a record into this CPU's ring
 * buffer and returns; it never waits for a transport. Cold path:
 * trace_drain() moves records from the ring buffers to the wire (COM2)
 * from the idle loop, the timer, and before the machine stops.
 *
 * The record format and the LOST rule are the public trace ABI
 * (hv/include/public/trace.h).
 */
#ifndef HV_TRACE_H
#define HV_TRACE_H

#include <public/trace.h>
#include "types.h"

/* One CPU's ring of records. prod and cons run freely; size is 2^n. */
struct trace_buf {
    struct trace_rec *slots;
    uint32_t size_mask;
    uint32_t prod;              /* next slot the hypervisor writes */
    uint32_t cons;              /* next slot the drain reads */
    uint32_t next_seq;          /* sequence number of the next event */
    uint32_t lost;              /* events dropped, not yet reported */
    uint32_t first_lost_seq;
    uint16_t dom;               /* who runs here now, stamped on records */
    uint8_t  vcpu;
    uint8_t  cpu;
};

/* What is recorded: trace_filter_bit() values (public/trace.h). */
extern uint32_t trace_mask;

/* Give CPU `cpu` a ring of `nr_slots` (a power of two) records. */
void trace_buf_init(unsigned int cpu, struct trace_rec *slots,
                    uint32_t nr_slots);

/* Start the stream: remember the TSC rate, record TRC_XL_STREAM. */
void trace_start(uint32_t tsc_khz);

/* Record TRC_XL_STREAM again, for a reader that joined late. */
void trace_resend_header(void);

/* Stamp records on this CPU as belonging to (dom, vcpu) from now on. */
void trace_set_context(uint16_t dom, uint8_t vcpu);

/* Record one event about the current context. */
void trace_event(uint32_t id, const uint32_t *data, unsigned int nr);

/* Record one event about another domain (e.g. while building it). */
void trace_event_dom(uint32_t id, uint16_t dom, uint8_t vcpu,
                     const uint32_t *data, unsigned int nr);

/*
 * The mask is tested inline, so an event that is not being recorded costs
 * two instructions on the hot path and its words are never gathered.
 */
#define TRACE(id, ...)                                                  \
    do {                                                                \
        if (trace_mask & trace_filter_bit(id)) {                        \
            const uint32_t trace_d_[] = { __VA_ARGS__ };                \
            trace_event((id), trace_d_, ARRAY_SIZE(trace_d_));          \
        }                                                               \
    } while (0)
#define TRACE0(id)                                                      \
    do {                                                                \
        if (trace_mask & trace_filter_bit(id))                          \
            trace_event((id), NULL, 0);                                 \
    } while (0)

/* The per-CPU buffer, for the drain and for tests. */
struct trace_buf *trace_buf_of(unsigned int cpu);

/*
 * Where drained frames go. write() must not lose bytes (the serial sink
 * waits for the UART); the trace subsystem owns framing.
 */
struct trace_sink {
    void (*write)(const uint8_t *bytes, size_t len);
};
void trace_set_sink(const struct trace_sink *sink);

/* How full this CPU's ring is, in percent. */
unsigned int trace_backlog_percent(void);

/* Move up to `max` records (all if 0) to the sink; returns how many. */
unsigned int trace_drain(unsigned int max);

/* Encode one record as a wire frame into out (TRACE_FRAME_MAX_BYTES). */
size_t trace_frame_encode(const struct trace_rec *rec, uint8_t *out);

#endif /* HV_TRACE_H */

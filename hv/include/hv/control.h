/*
 * control.h - commands a trace reader sends back to the hypervisor.
 *
 * hvviz writes short text lines on the trace line (COM2): "advance" when
 * the student moves a lesson on, "mask HEX" to choose what is recorded,
 * "header" to have the stream header sent again. The protocol is part of
 * the trace ABI (public/trace.h).
 */
#ifndef HV_CONTROL_H
#define HV_CONTROL_H

#include "types.h"

#define CONTROL_LINE_MAX 64
#define CONTROL_CHANNELS 2          /* 0: COM2 (hvviz), 1: COM4 (scripts) */

/* Bytes as they arrive on a channel; each complete line is carried out
 * and traced. */
void control_feed(unsigned int chan, const uint8_t *bytes, size_t n);

/*
 * Where a channel's answers go: after each line, "ok\n" or "refused\n".
 * Scripts (COM4) wait for it, so they know the line was read and done;
 * COM2 carries the trace, so hvviz learns from TRC_XL_CONTROL instead.
 */
typedef void (*control_reply_fn)(const char *text, size_t len);
void control_set_reply(unsigned int chan, control_reply_fn reply);

#endif /* HV_CONTROL_H */

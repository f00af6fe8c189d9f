/*
 * export.h - a trace as Chrome trace-event JSON, for Perfetto
 * (ui.perfetto.dev opens the file; so does chrome://tracing).
 *
 * What becomes what:
 *
 *   domain (pid) / vCPU (tid)      one track per vCPU, named "d1 guest1"
 *   every record                   an instant event with its fields as args
 *   ring.transition                spans "ring 0", "ring 1", "ring 3" on the
 *                                  vCPU's track: where it spent its time
 *   sched.switch                   spans "d2 running" on a track per CPU
 *   balloon.step                   counters: each domain's pages, free pool
 *   gen.lost, sequence gaps        global instant events "LOST n events"
 *
 * Time stamps are microseconds of trace time (tsc_khz from the stream
 * header). The summary (records, losses) goes into "otherData".
 */
#ifndef XENLAB_VIZ_EXPORT_H
#define XENLAB_VIZ_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "model.h"

#define EXPORT_VCPUS 64
#define EXPORT_CPUS  16

struct chrome_export {
    FILE *out;
    struct tclock clock;
    uint64_t events;            /* trace events written */
    uint64_t last_ns;
    bool named[MODEL_MAX_DOMS + 1];     /* process_name written; last: hv */
    struct {
        bool used, open;
        uint16_t dom;
        uint8_t vcpu, ring;
        uint64_t since;
    } vcpu[EXPORT_VCPUS];
    struct {
        bool open;
        uint16_t dom;
        uint64_t since;
    } cpu[EXPORT_CPUS];
};

void chrome_begin(struct chrome_export *x, FILE *out);

/* The decoder's callback: one record. */
void chrome_record(void *arg, const struct trace_rec *rec,
                   const struct tdec_info *info);

/* Close open spans and the JSON; st gives the loss summary. */
void chrome_end(struct chrome_export *x, const struct tdec_stats *st);

#endif /* XENLAB_VIZ_EXPORT_H */

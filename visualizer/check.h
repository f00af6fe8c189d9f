/*
 * check.h - does a trace show what a lesson promised?
 *
 * A lesson's `expect` file lists the events its trace must contain, one
 * requirement per line:
 *
 *   # comment
 *   EVENT [FIELD=VALUE ...] [>= N | == N | <= N]     (default: >= 1)
 *   no-loss                                          (nothing may be lost)
 *
 * EVENT and FIELD=VALUE are written exactly as `hvviz --dump` prints them
 * ("pv.trap vector=#GP from=1"), so a student can copy a line of the dump
 * into the file. FIELD "dom" matches the event's own dom field where it
 * has one (tlb.flush dom= is the domain the flush was for), otherwise the
 * record's domain, the dump's fourth column ("hv" or a number). `hvviz --check FILE SOURCE` reads the trace and reports each
 * requirement; `./xenlab lesson N --check` runs exactly that.
 */
#ifndef XENLAB_CHECK_H
#define XENLAB_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <public/trace.h>
#include "trace/decode.h"

#define CHECK_MAX_RULES  64
#define CHECK_MAX_FIELDS 6

enum check_op { CHECK_GE, CHECK_EQ, CHECK_LE };

struct check_rule {
    char event[48];
    char fields[CHECK_MAX_FIELDS][48];
    unsigned int nr_fields;
    enum check_op op;
    uint64_t want;
    uint64_t seen;
    unsigned int line;
};

struct check_set {
    struct check_rule rules[CHECK_MAX_RULES];
    unsigned int nr_rules;
    bool no_loss;
};

/* Parse an expect file; on error returns -1 with a message naming the line. */
int check_load(struct check_set *cs, const char *path, char *err, size_t errlen);

/* Count one record against every rule. */
void check_record(struct check_set *cs, const struct trace_rec *rec);

/* Print a line per rule to out; true if every requirement held. */
bool check_report(const struct check_set *cs, const struct tdec_stats *st,
                  FILE *out);

#endif /* XENLAB_CHECK_H */

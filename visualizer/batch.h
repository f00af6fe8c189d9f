/*
 * batch.h - hvviz for scripts and tests: read a whole source, print.
 *
 *   --dump      one line per event (the format tests parse: columns
 *               seq, seconds, cpu, domain, event, fields)
 *   --stats     counts and rates per event and class, losses, and how
 *               fast this machine decoded and modelled the trace
 *   --check     a lesson's expect file against the trace (check.h)
 *   --export chrome-json OUT   Perfetto-readable JSON (export.h)
 *   --snapshot WxH   the TUI's screen after the whole trace, as text
 *
 * Every mode ends with the same one-line summary on stderr, which never
 * hides a loss; --strict turns any loss into exit status 3.
 */
#ifndef XENLAB_VIZ_BATCH_H
#define XENLAB_VIZ_BATCH_H

#include <stdbool.h>
#include "check.h"
#include "steps.h"

enum batch_mode { MODE_DUMP, MODE_STATS, MODE_CHECK, MODE_EXPORT, MODE_SNAPSHOT };

struct batch_opts {
    enum batch_mode mode;
    const char *spec;
    bool strict;
    struct check_set *cs;               /* MODE_CHECK */
    const char *out;                    /* MODE_EXPORT: file, "-" stdout */
    int width, height;                  /* MODE_SNAPSHOT */
    int focus;                          /* MODE_SNAPSHOT: panel id */
    const struct lesson_steps *steps;   /* MODE_SNAPSHOT: --lesson */
    const char *record;                 /* --record FILE: keep the bytes read */
};

int batch_run(const struct batch_opts *o);

#endif /* XENLAB_VIZ_BATCH_H */

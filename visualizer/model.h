/*
 * model.h - everything hvviz knows about the traced machine.
 *
 * The model is what the screen shows, kept apart from the screen so the
 * batch modes, the benches and the tests drive exactly the same code:
 *
 *   bytes --tdec--> records --model_record()--> log, counts, clock,
 *                                                  domains, checkpoint
 *                                         \--route--> panel states
 *
 * The core keeps what every view needs: the event log (the newest
 * MODEL_LOG_SIZE records, each with its trace time and any sequence gap
 * before it), per-event counts, the domains' names, the lesson checkpoint
 * and the stream's losses. Everything panel-specific lives in the panel's
 * own state, updated by the handlers the panel subscribes in its table
 * (panels/panel.h): model_init() turns those tables into a routing table
 * indexed by event, so one record costs one lookup and a call per
 * interested panel, never a switch.
 *
 * Time: records carry TSC stamps; the clock turns them into nanoseconds
 * since the first record, using tsc_khz from each stream header, and keeps
 * time running forward across streams (QEMU restarted, a trace file that
 * holds two boots).
 */
#ifndef XENLAB_VIZ_MODEL_H
#define XENLAB_VIZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/trace.h>
#include "trace/decode.h"

#define MODEL_LOG_BITS   18
#define MODEL_LOG_SIZE   (1u << MODEL_LOG_BITS)     /* newest records kept */
#define MODEL_MAX_DOMS   64                          /* named domains */
#define MODEL_MAX_PANELS 16
#define MODEL_MAX_EVENTS 128                         /* rows of events.c */
#define MODEL_CONSOLE_LINES 512

/* TSC -> nanoseconds since the first record, monotonic across streams. */
struct tclock {
    bool started;
    bool khz_known;             /* a stream header said how fast */
    uint32_t khz;
    uint64_t tsc0;              /* TSC at the start of this stream */
    uint64_t base_ns;           /* time at the start of this stream */
    uint64_t last_ns;
};

/* Without a stream header we assume a 1 GHz TSC (ticks = nanoseconds). */
#define TCLOCK_DEFAULT_KHZ 1000000u

void tclock_init(struct tclock *c);
uint64_t tclock_ns(struct tclock *c, const struct trace_rec *rec);

/* One record as the log keeps it. */
struct log_entry {
    struct trace_rec rec;
    uint32_t missing_before;    /* unreported sequence gap just before */
    uint64_t t_ns;              /* trace time */
};

struct domain_info {
    bool known;                 /* domain.create seen */
    bool seen;                  /* a record of this domain seen */
    char name[13];              /* from domain.create; "" if unnamed */
    uint32_t flags;             /* 1 privileged, 2 HVM */
};

/* The lesson checkpoint, as the last lesson.checkpoint record left it. */
enum checkpoint_state { CP_NONE = -1, CP_WAITING = 0, CP_RELEASED, CP_AUTO };

/*
 * A step in three moments, as the lesson pane shows it: what to watch (the
 * guest waits at the step's checkpoint, before doing it), running (n let
 * it go), what you saw (it reached the next checkpoint: the step's text
 * stays beside the evidence, its events marked in the Events panel, until
 * n moves on to the next step's text; the n after that runs it).
 */
enum lesson_phase { LP_WATCH, LP_RUNNING, LP_SAW };

struct checkpoint {
    enum checkpoint_state state;
    uint32_t lesson, step;
    uint64_t seen;              /* checkpoint records so far */
    enum lesson_phase phase;
    uint32_t shown;             /* the step the pane shows */
    uint64_t ran_from_ns;       /* the shown step ran from here ... */
    uint64_t ran_to_ns;         /* ... to here (LP_SAW), trace time */
};

struct console_lines {
    char lines[MODEL_CONSOLE_LINES][160];
    uint64_t nr;                /* lines completed so far */
    char partial[160];
    size_t partial_len;
};

struct lesson_steps;
struct model;

/* A panel's handler for one event (panels/panel.h). */
typedef void (*model_handler)(void *state, struct model *m,
                              const struct log_entry *e);

struct model_route {
    model_handler fn;
    void *state;
};

struct model {
    struct tdec dec;            /* bytes -> records, with loss accounting */
    struct tclock clock;
    uint64_t now_ns;            /* time of the newest record */
    uint64_t first_ns;
    uint64_t records;           /* records taken in */
    uint64_t generation;        /* +1 at each model_reset(): views recheck */
    uint64_t counts[MODEL_MAX_EVENTS + 1];  /* by events.c row; last: unknown */
    uint64_t lost_records;      /* gen.lost records */
    uint32_t tsc_khz, cpus;
    uint64_t streams;
    bool shutdown_seen;
    uint32_t shutdown_code;

    struct log_entry *log;      /* ring of MODEL_LOG_SIZE */
    uint64_t log_head;          /* entries ever appended */

    struct domain_info doms[MODEL_MAX_DOMS];
    struct checkpoint checkpoint;
    const struct lesson_steps *steps;       /* NULL: no lesson pane */
    struct console_lines *console;          /* NULL: no console */

    void *panel_state[MODEL_MAX_PANELS];
    /* route_first[row] .. route_first[row + 1]: the handlers of an event. */
    uint16_t route_first[MODEL_MAX_EVENTS + 2];
    struct model_route routes[MODEL_MAX_EVENTS * 4];
};

/* n in the lesson pane: from "what you saw" on to the next step's text
 * (returns false: the guest stays), or, watching a waiting step, true:
 * the caller lets the guest go. */
bool model_lesson_next(struct model *m);

/* Allocate the log and the panel states; 0, or -1 if out of memory. */
int model_init(struct model *m);
void model_free(struct model *m);

/* Forget everything (a replay seeking backwards); keeps steps/console. */
void model_reset(struct model *m);

/* Decode bytes and take in every record they hold. */
void model_feed(struct model *m, const uint8_t *bytes, size_t n);

/* Take in one decoded record (the decoder's callback). */
void model_record(struct model *m, const struct trace_rec *rec,
                  const struct tdec_info *info);

/* The i-th newest log entry (0 = newest), or NULL if no longer kept. */
const struct log_entry *model_log_back(const struct model *m, uint64_t i);

/* Entry number n (0 = first ever appended), or NULL if gone. */
const struct log_entry *model_log_at(const struct model *m, uint64_t n);

/* Oldest entry number still kept. */
uint64_t model_log_tail(const struct model *m);

/* "hv", "d1" or "d1 name" for a domain id. */
const char *model_dom_name(const struct model *m, uint16_t dom, char *buf,
                           size_t size);

/* Console text (COM1) as it arrives; lines are kept, control bytes shown. */
void model_console(struct model *m, const uint8_t *bytes, size_t n);

/* Every event lost so far: reported by the hypervisor, and gaps. */
uint64_t model_lost(const struct model *m);

/* The state of panel i (for its renderer). */
static inline void *model_panel_state(const struct model *m, unsigned int i)
{
    return m->panel_state[i];
}

#endif /* XENLAB_VIZ_MODEL_H */

/*
 * replay.h - playing a recorded trace back in trace time.
 *
 * A recording (trace.bin) is replayed as it happened: each record is
 * taken into the model when the replay clock reaches its time stamp. The
 * clock runs at a chosen speed (0.01x .. 1000x, or "max": as fast as the
 * machine decodes), can be paused, stepped one record at a time, and
 * moved: forward by taking records in early, backward by rebuilding the
 * model from the start (decoding is fast enough that this takes a moment
 * even for millions of records).
 *
 * Records are decoded one frame at a time with the model's own decoder,
 * so losses, gaps and bad frames are counted exactly as in a live run.
 * With stop_at_checkpoints (a lesson), the replay pauses at every
 * checkpoint that waited for the student in the recorded run, and n
 * carries on - the same rhythm as the live lesson.
 */
#ifndef XENLAB_VIZ_REPLAY_H
#define XENLAB_VIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

struct replay {
    struct model *m;
    const uint8_t *data;
    size_t size, pos;
    struct tclock clock;        /* times of records as decoded */
    bool have;                  /* a decoded record waits to be taken in */
    struct trace_rec rec;
    struct tdec_info info;
    uint64_t rec_ns;
    bool started;
    int speed;                  /* index into the speed ladder */
    bool paused;
    bool stop_at_checkpoints;
    uint64_t play_ns;           /* the replay clock, in trace time */
    uint64_t wall_ns;           /* wall time the clock last moved */
};

void replay_init(struct replay *r, struct model *m, const uint8_t *data,
                 size_t size);

/* Take in every record that is due at wall time now_ns, but stop when
 * the wall clock passes budget_end_ns (so the screen keeps up); returns
 * the number taken in. */
uint64_t replay_run(struct replay *r, uint64_t now_ns, uint64_t budget_end_ns);

/* Wall nanoseconds until the next record is due; UINT64_MAX if none. */
uint64_t replay_wait_ns(const struct replay *r);

/* Take in exactly one record (and move the clock to it); false at the end. */
bool replay_step(struct replay *r);

/* Move the clock to trace time t_ns (rebuilding the model if backwards). */
void replay_seek(struct replay *r, uint64_t t_ns, uint64_t now_ns);

/* Take in everything left. */
void replay_to_end(struct replay *r);

void replay_pause(struct replay *r, bool paused, uint64_t now_ns);

/* One step faster (+1) or slower (-1); returns the new speed's name. */
const char *replay_speed(struct replay *r, int dir);
const char *replay_speed_name(const struct replay *r);

/* Set the speed from a number ("2", "0.5") or "max"; -1 if not a step. */
int replay_set_speed(struct replay *r, const char *text);

bool replay_done(const struct replay *r);

/* Fraction of the file decoded, 0..1. */
double replay_progress(const struct replay *r);

#endif /* XENLAB_VIZ_REPLAY_H */

/*
 * replay.c - the replay clock and the one-record look-ahead.
 *
 *   file: [frame][frame][frame]...      pos: next byte to decode
 *                  |
 *            decode one frame -> `rec` (have = true, rec_ns = its time)
 *                  |
 *      rec_ns <= play_ns ?  -> model_record(), decode the next one
 *
 * play_ns advances with the wall clock times the speed; "max" takes in
 * records without waiting. The look-ahead record is decoded with the
 * model's decoder (its sequence and loss accounting stay exact) but only
 * taken into the model when due.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "replay.h"

static const struct {
    const char *name;
    double factor;              /* 0: as fast as possible */
} speeds[] = {
    { "0.01x", 0.01 }, { "0.1x", 0.1 }, { "0.25x", 0.25 }, { "0.5x", 0.5 },
    { "1x", 1 }, { "2x", 2 }, { "5x", 5 }, { "10x", 10 }, { "100x", 100 },
    { "1000x", 1000 }, { "max", 0 },
};

#define NR_SPEEDS ((int)(sizeof(speeds) / sizeof(speeds[0])))
#define SPEED_1X  4

static void capture(void *arg, const struct trace_rec *rec,
                    const struct tdec_info *info)
{
    struct replay *r = arg;

    r->rec = *rec;
    r->info = *info;
    r->have = true;
    r->rec_ns = tclock_ns(&r->clock, rec);
}

/* Decode until a record is waiting (true) or the file ends (false). */
static bool peek(struct replay *r)
{
    while (!r->have && r->pos < r->size) {
        const uint8_t *zero = memchr(r->data + r->pos, 0, r->size - r->pos);
        size_t end = zero ? (size_t)(zero - r->data) + 1 : r->size;

        tdec_feed(&r->m->dec, r->data + r->pos, end - r->pos, capture, r);
        r->pos = end;
        if (!zero)
            tdec_finish(&r->m->dec);
    }
    return r->have;
}

/* Take the waiting record in. */
static void take(struct replay *r)
{
    model_record(r->m, &r->rec, &r->info);
    r->have = false;
    if (r->stop_at_checkpoints &&
        TRACE_REC_ID(r->rec.event) == TRC_XL_LESSON_CHECKPOINT &&
        r->rec.data[2] == CP_WAITING)
        r->paused = true;
}

static void restart(struct replay *r)
{
    model_reset(r->m);
    tclock_init(&r->clock);
    r->pos = 0;
    r->have = false;
    r->started = false;
}

void replay_init(struct replay *r, struct model *m, const uint8_t *data,
                 size_t size)
{
    memset(r, 0, sizeof(*r));
    r->m = m;
    r->data = data;
    r->size = size;
    r->speed = SPEED_1X;
    tclock_init(&r->clock);
}

uint64_t replay_run(struct replay *r, uint64_t now_ns, uint64_t budget_end_ns)
{
    double factor = speeds[r->speed].factor;
    uint64_t taken = 0;

    if (!r->started) {
        if (!peek(r))
            return 0;
        r->play_ns = r->rec_ns;
        r->wall_ns = now_ns;
        r->started = true;
    }
    if (!r->paused && now_ns > r->wall_ns)
        r->play_ns += (uint64_t)((now_ns - r->wall_ns) * factor);
    r->wall_ns = now_ns;
    while (!r->paused && peek(r) && (factor == 0 || r->rec_ns <= r->play_ns)) {
        take(r);
        /* Look at the wall clock now and then, not per record. */
        if (++taken % 4096 == 0 && budget_end_ns) {
            struct timespec ts;

            clock_gettime(CLOCK_MONOTONIC, &ts);
            if ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec >= budget_end_ns)
                break;
        }
    }
    if (factor == 0)
        r->play_ns = r->have ? r->rec_ns : r->m->now_ns;
    if (replay_done(r) && r->play_ns > r->m->now_ns)
        r->play_ns = r->m->now_ns;      /* the clock stops at the end */
    return taken;
}

uint64_t replay_wait_ns(const struct replay *r)
{
    double factor = speeds[r->speed].factor;

    if (r->paused || !r->have)
        return r->have || r->pos < r->size ? 100000000u : UINT64_MAX;
    if (factor == 0 || r->rec_ns <= r->play_ns)
        return 0;
    return (uint64_t)((r->rec_ns - r->play_ns) / factor);
}

bool replay_step(struct replay *r)
{
    if (!peek(r))
        return false;
    r->play_ns = r->rec_ns;
    r->started = true;
    take(r);
    return true;
}

void replay_seek(struct replay *r, uint64_t t_ns, uint64_t now_ns)
{
    bool paused = r->paused;

    if (r->started && t_ns < r->m->now_ns)
        restart(r);
    r->paused = false;
    while (peek(r) && r->rec_ns <= t_ns)
        take(r);
    r->paused = paused;
    r->play_ns = t_ns;
    r->wall_ns = now_ns;
    r->started = true;
}

void replay_to_end(struct replay *r)
{
    while (peek(r))
        take(r);
    r->play_ns = r->m->now_ns;
    r->started = true;
}

void replay_pause(struct replay *r, bool paused, uint64_t now_ns)
{
    r->paused = paused;
    r->wall_ns = now_ns;
}

const char *replay_speed(struct replay *r, int dir)
{
    r->speed += dir;
    if (r->speed < 0)
        r->speed = 0;
    if (r->speed >= NR_SPEEDS)
        r->speed = NR_SPEEDS - 1;
    return speeds[r->speed].name;
}

const char *replay_speed_name(const struct replay *r)
{
    return speeds[r->speed].name;
}

int replay_set_speed(struct replay *r, const char *text)
{
    char *end;
    double f;

    if (!strcmp(text, "max")) {
        r->speed = NR_SPEEDS - 1;
        return 0;
    }
    f = strtod(text, &end);
    if (end != text && (*end == '\0' || (*end == 'x' && end[1] == '\0')))
        for (int i = 0; i < NR_SPEEDS; i++)
            if (speeds[i].factor == f) {
                r->speed = i;
                return 0;
            }
    return -1;
}

bool replay_done(const struct replay *r)
{
    return !r->have && r->pos >= r->size;
}

double replay_progress(const struct replay *r)
{
    return r->size ? (double)r->pos / (double)r->size : 1.0;
}

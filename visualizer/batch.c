/*
 * batch.c - the batch modes: one pass over a source, then a report.
 *
 * Each mode is a decoder callback plus a report, in a table; run() reads
 * the source to its end (a file, a pipe, or a live socket until QEMU
 * stops) and feeds every byte through the shared decoder.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "batch.h"
#include "export.h"
#include "frame.h"
#include "model.h"
#include "source.h"
#include "trace/decode.h"
#include "trace/events.h"

struct run {
    const struct batch_opts *o;
    struct tdec dec;            /* modes that do not need the model */
    struct model m;
    bool with_model;
    /* dump */
    bool have_t0;
    uint64_t t0;
    /* export */
    struct chrome_export x;
    FILE *out;
    double seconds;             /* wall time spent reading and decoding */
};

static const struct tdec_stats *stats_of(const struct run *r)
{
    return r->with_model ? &r->m.dec.st : &r->dec.st;
}

/* ---- --dump ---- */

static void dump_record(void *arg, const struct trace_rec *rec,
                        const struct tdec_info *info)
{
    struct run *r = arg;
    char desc[256], dom[8];

    if (info->missing_before)
        printf("%10s  -- %u events missing (sequence gap) --\n", "",
               info->missing_before);
    if (!r->have_t0 || rec->tsc < r->t0) {
        r->t0 = rec->tsc;
        r->have_t0 = true;
    }
    event_describe(rec, desc, sizeof(desc));
    if (rec->dom == DOMID_IDLE)
        snprintf(dom, sizeof(dom), "hv");
    else
        snprintf(dom, sizeof(dom), "d%u", rec->dom);
    if (r->dec.tsc_khz)
        printf("%10u %12.6f c%u %-4s %s\n", rec->seq,
               (double)(rec->tsc - r->t0) / (r->dec.tsc_khz * 1000.0),
               rec->cpu, dom, desc);
    else
        printf("%10u %12llu c%u %-4s %s\n", rec->seq,
               (unsigned long long)(rec->tsc - r->t0), rec->cpu, dom, desc);
}

/* ---- --check ---- */

static void check_cb(void *arg, const struct trace_rec *rec,
                     const struct tdec_info *info)
{
    (void)info;
    check_record(((struct run *)arg)->o->cs, rec);
}

static bool check_report_cb(struct run *r)
{
    return check_report(r->o->cs, &r->dec.st, stdout);
}

/* ---- --stats ---- */

static void rate_line(const char *name, uint64_t n, double secs)
{
    if (secs > 0)
        printf("%-24s %12llu %14.1f\n", name, (unsigned long long)n, n / secs);
    else
        printf("%-24s %12llu %14s\n", name, (unsigned long long)n, "-");
}

static bool stats_report(struct run *r)
{
    const struct model *m = &r->m;
    const struct tdec_stats *st = &m->dec.st;
    double secs = (m->now_ns - m->first_ns) / 1e9;
    const char *const groups[G_NR] = {
        [G_META] = "meta", [G_BOOT] = "boot", [G_FAULT] = "fault", [G_RING] = "ring",
        [G_HYPERCALL] = "hypercall", [G_SCHED] = "sched", [G_MEM] = "mem",
        [G_IO] = "io", [G_HVM] = "hvm", [G_DEBUG] = "debug", [G_LESSON] = "lesson",
    };
    uint64_t by_group[G_NR] = { 0 };

    printf("%-24s %12s %14s\n", "event", "count", "per second");
    for (size_t i = 0; i < nr_event_formats; i++)
        if (m->counts[i]) {
            rate_line(event_formats[i].name, m->counts[i], secs);
            by_group[event_formats[i].group] += m->counts[i];
        }
    if (m->counts[MODEL_MAX_EVENTS])
        rate_line("(unknown events)", m->counts[MODEL_MAX_EVENTS], secs);
    printf("\n%-24s %12s %14s\n", "group", "count", "per second");
    for (int g = 0; g < G_NR; g++)
        if (by_group[g])
            rate_line(groups[g], by_group[g], secs);
    printf("\ntrace: %llu events in %.6f s of trace time (%.1f events/s); "
           "%llu stream%s, TSC %u kHz%s\n",
           (unsigned long long)m->records, secs, secs > 0 ? m->records / secs : 0.0,
           (unsigned long long)m->streams, m->streams == 1 ? "" : "s", m->tsc_khz,
           m->clock.khz_known ? "" : " (no stream header: assumed 1 GHz)");
    printf("losses: %llu lost in %llu LOST records, %llu missing (sequence gaps), "
           "%llu bytes skipped in %llu bad frames\n",
           (unsigned long long)st->lost_reported, (unsigned long long)m->lost_records,
           (unsigned long long)st->lost_gaps, (unsigned long long)st->bytes_skipped,
           (unsigned long long)st->bad_frames);
    printf("processing: %llu events in %.3f s = %.0f events/s (read + decode + model)\n",
           (unsigned long long)m->records, r->seconds,
           r->seconds > 0 ? m->records / r->seconds : 0.0);
    return true;
}

/* ---- --export ---- */

static bool export_report(struct run *r)
{
    chrome_end(&r->x, &r->dec.st);
    if (r->out != stdout && fclose(r->out) != 0) {
        fprintf(stderr, "hvviz: writing %s failed\n", r->o->out);
        return false;
    }
    return true;
}

/* ---- --snapshot ---- */

static bool snapshot_report(struct run *r)
{
    struct canvas c;
    struct logview lv;
    struct frame_state fs;
    const char *cs;
    char line[4096];

    setlocale(LC_CTYPE, "");
    cs = nl_langinfo(CODESET);
    if (canvas_init(&c, r->o->width, r->o->height, cs && !strcmp(cs, "UTF-8")) < 0 ||
        logview_init(&lv) < 0) {
        fprintf(stderr, "hvviz: out of memory\n");
        return false;
    }
    frame_state_init(&fs, &lv);
    fs.enabled[PANEL_LESSON] = r->o->steps != NULL;
    if (r->o->focus >= 0 && r->o->focus < PANEL_NR && fs.enabled[r->o->focus])
        fs.focus = r->o->focus;
    snprintf(fs.source, sizeof(fs.source), "%s", strrchr(r->o->spec, '/') ?
             strrchr(r->o->spec, '/') + 1 : r->o->spec);
    snprintf(fs.state, sizeof(fs.state), "snapshot");
    fs.state_attr = AT_STATUS;
    fs.rate = r->m.now_ns > r->m.first_ns ?
              r->m.records * 1e9 / (r->m.now_ns - r->m.first_ns) : 0;
    frame_draw(&c, &r->m, &fs);
    for (int y = 0; y < c.h; y++) {
        canvas_row_text(&c, y, line, sizeof(line));
        puts(line);
    }
    logview_free(&lv);
    canvas_free(&c);
    return true;
}

/* ---- The table of modes and the one loop ---- */

static void model_cb(void *arg, const struct trace_rec *rec,
                     const struct tdec_info *info)
{
    model_record(&((struct run *)arg)->m, rec, info);
}

static const struct {
    tdec_cb cb;
    bool with_model;
    bool (*report)(struct run *r);
} modes[] = {
    [MODE_DUMP] = { dump_record, false, NULL },
    [MODE_STATS] = { model_cb, true, stats_report },
    [MODE_CHECK] = { check_cb, false, check_report_cb },
    [MODE_EXPORT] = { chrome_record, false, export_report },
    [MODE_SNAPSHOT] = { model_cb, true, snapshot_report },
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int batch_run(const struct batch_opts *o)
{
    static uint8_t buf[1 << 16];
    static struct run r;
    struct source src;
    char err[256];
    void *cb_arg = &r;
    ssize_t n;
    double t0;
    bool ok = true;
    FILE *rec = NULL;

    memset(&r, 0, sizeof(r));
    r.o = o;
    r.with_model = modes[o->mode].with_model;
    if (source_open(&src, o->spec, err, sizeof(err)) < 0) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 1;
    }
    tdec_init(&r.dec);
    if (r.with_model) {
        if (model_init(&r.m) < 0) {
            fprintf(stderr, "hvviz: out of memory\n");
            return 1;
        }
        r.m.steps = o->steps;
    }
    if (o->mode == MODE_EXPORT) {
        r.out = strcmp(o->out, "-") ? fopen(o->out, "w") : stdout;
        if (!r.out) {
            fprintf(stderr, "hvviz: cannot write %s\n", o->out);
            return 1;
        }
        chrome_begin(&r.x, r.out);
        cb_arg = &r.x;
    }
    if (o->record && !(rec = fopen(o->record, "wb"))) {
        fprintf(stderr, "hvviz: cannot write %s\n", o->record);
        return 1;
    }
    t0 = now_s();
    while ((n = source_read(&src, buf, sizeof(buf))) > 0) {
        if (rec && fwrite(buf, 1, (size_t)n, rec) != (size_t)n) {
            fprintf(stderr, "hvviz: writing %s failed\n", o->record);
            ok = false;
        }
        if (r.with_model)
            model_feed(&r.m, buf, (size_t)n);
        else
            tdec_feed(&r.dec, buf, (size_t)n, modes[o->mode].cb, cb_arg);
    }
    if (src.why[0] && src.kind != SRC_SOCKET && src.kind != SRC_STDIN)
        fprintf(stderr, "hvviz: reading %s: %s\n", o->spec, src.why);
    tdec_finish(r.with_model ? &r.m.dec : &r.dec);
    r.seconds = now_s() - t0;
    source_close(&src);
    if (rec && fclose(rec) != 0) {
        fprintf(stderr, "hvviz: writing %s failed\n", o->record);
        ok = false;
    }

    if (modes[o->mode].report)
        ok = modes[o->mode].report(&r);
    fflush(stdout);
    {
        const struct tdec_stats *st = stats_of(&r);

        fprintf(stderr,
                "hvviz: %llu events, %llu lost (reported by the hypervisor), "
                "%llu missing (sequence gaps), %llu bytes skipped in %llu bad frames\n",
                (unsigned long long)st->records, (unsigned long long)st->lost_reported,
                (unsigned long long)st->lost_gaps, (unsigned long long)st->bytes_skipped,
                (unsigned long long)st->bad_frames);
        if (r.with_model)
            model_free(&r.m);
        if (!ok)
            return 1;
        if (o->strict && (st->lost_reported || st->lost_gaps || st->bytes_skipped ||
                          st->records == 0))
            return 3;
    }
    return 0;
}

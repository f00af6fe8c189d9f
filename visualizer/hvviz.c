/*
 * hvviz.c - the xenlab trace viewer: command line and batch modes.
 *
 *   hvviz --dump SOURCE    one decoded line per event
 *   hvviz --stats SOURCE   how many of each event, and what was lost
 *   hvviz --check EXPECT SOURCE   did the expected events happen?
 *
 * SOURCE is a recorded trace file, a live Unix socket, or "-" for stdin.
 * Both modes end with a summary on stderr that never hides a loss.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "source.h"
#include "trace/decode.h"
#include "trace/events.h"

enum mode { MODE_NONE, MODE_DUMP, MODE_STATS, MODE_CHECK };

struct dump_state {
    struct tdec *dec;
    bool have_t0;
    uint64_t t0;
};

static void usage(FILE *f)
{
    fprintf(f,
        "usage: hvviz --dump SOURCE | --stats SOURCE [--strict]\n"
        "       hvviz --check EXPECT SOURCE\n"
        "\n"
        "Decode a xenlab trace stream.\n"
        "  --dump SOURCE    print one line per event:\n"
        "                   seq  seconds  cpu  domain  event  fields\n"
        "  --stats SOURCE   count events by name; report losses\n"
        "  --check EXPECT SOURCE\n"
        "                   check the trace against a lesson's expect file;\n"
        "                   exit 0 only if every requirement holds\n"
        "  --strict         exit with status 3 if anything was lost or skipped\n"
        "  -h, --help       this text\n"
        "\n"
        "SOURCE is a recorded trace (e.g. runs/<run>/trace.bin), the Unix socket\n"
        "of a running hypervisor (runs/<run>/trace.sock), or - for stdin.\n");
}

static void dump_record(void *arg, const struct trace_rec *rec,
                        const struct tdec_info *info)
{
    struct dump_state *ds = arg;
    char desc[256], dom[8];

    if (info->missing_before)
        printf("%10s  -- %u events missing (sequence gap) --\n", "",
               info->missing_before);
    if (!ds->have_t0 || rec->tsc < ds->t0) {
        ds->t0 = rec->tsc;
        ds->have_t0 = true;
    }
    event_describe(rec, desc, sizeof(desc));
    if (rec->dom == DOMID_IDLE)
        snprintf(dom, sizeof(dom), "hv");
    else
        snprintf(dom, sizeof(dom), "d%u", rec->dom);
    if (ds->dec->tsc_khz)
        printf("%10u %12.6f c%u %-4s %s\n", rec->seq,
               (double)(rec->tsc - ds->t0) / (ds->dec->tsc_khz * 1000.0),
               rec->cpu, dom, desc);
    else
        printf("%10u %12llu c%u %-4s %s\n", rec->seq,
               (unsigned long long)(rec->tsc - ds->t0), rec->cpu, dom, desc);
}

struct stats_state {
    uint64_t count[4096];       /* by format index; last slot: unknown */
};

static void stats_record(void *arg, const struct trace_rec *rec,
                         const struct tdec_info *info)
{
    struct stats_state *ss = arg;
    const struct event_format *f = event_format(TRACE_REC_ID(rec->event));

    (void)info;
    ss->count[f ? (size_t)(f - event_formats) : 4095]++;
}

static void check_cb(void *arg, const struct trace_rec *rec,
                     const struct tdec_info *info)
{
    (void)info;
    check_record(arg, rec);
}

static int run(enum mode mode, const char *spec, bool strict,
               struct check_set *cs)
{
    static uint8_t buf[1 << 16];
    static struct tdec dec;
    static struct stats_state ss;
    struct dump_state ds = { &dec, false, 0 };
    struct source src;
    char err[256];
    ssize_t n;

    if (source_open(&src, spec, err, sizeof(err)) < 0) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 1;
    }
    tdec_init(&dec);
    while ((n = read(src.fd, buf, sizeof(buf))) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "hvviz: reading %s: %s\n", spec, strerror(errno));
            break;
        }
        if (mode == MODE_DUMP)
            tdec_feed(&dec, buf, (size_t)n, dump_record, &ds);
        else if (mode == MODE_CHECK)
            tdec_feed(&dec, buf, (size_t)n, check_cb, cs);
        else
            tdec_feed(&dec, buf, (size_t)n, stats_record, &ss);
    }
    tdec_finish(&dec);
    source_close(&src);

    if (mode == MODE_STATS) {
        for (size_t i = 0; i < nr_event_formats; i++)
            if (ss.count[i])
                printf("%-24s %12llu\n", event_formats[i].name,
                       (unsigned long long)ss.count[i]);
        if (ss.count[4095])
            printf("%-24s %12llu\n", "(unknown events)",
                   (unsigned long long)ss.count[4095]);
    }
    bool expected = mode != MODE_CHECK || check_report(cs, &dec.st, stdout);
    fflush(stdout);
    fprintf(stderr,
            "hvviz: %llu events, %llu lost (reported by the hypervisor), "
            "%llu missing (sequence gaps), %llu bytes skipped in %llu bad frames\n",
            (unsigned long long)dec.st.records,
            (unsigned long long)dec.st.lost_reported,
            (unsigned long long)dec.st.lost_gaps,
            (unsigned long long)dec.st.bytes_skipped,
            (unsigned long long)dec.st.bad_frames);
    if (!expected)
        return 1;
    if (strict && (dec.st.lost_reported || dec.st.lost_gaps ||
                   dec.st.bytes_skipped || dec.st.records == 0))
        return 3;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "dump", required_argument, NULL, 'd' },
        { "stats", required_argument, NULL, 's' },
        { "check", required_argument, NULL, 'c' },
        { "strict", no_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    enum mode mode = MODE_NONE;
    const char *spec = NULL, *expect = NULL;
    static struct check_set cs;
    bool strict = false;
    int c;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            mode = MODE_DUMP;
            spec = optarg;
            break;
        case 's':
            mode = MODE_STATS;
            spec = optarg;
            break;
        case 'c':
            mode = MODE_CHECK;
            expect = optarg;
            break;
        case 'S':
            strict = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (mode == MODE_CHECK && optind == argc - 1) {
        char err[256];

        spec = argv[optind++];
        if (check_load(&cs, expect, err, sizeof(err))) {
            fprintf(stderr, "hvviz: %s\n", err);
            return 2;
        }
    }
    if (mode == MODE_NONE || optind != argc) {
        usage(stderr);
        return 2;
    }
    return run(mode, spec, strict, &cs);
}

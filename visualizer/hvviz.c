/*
 * hvviz.c - the xenlab trace viewer: its command line.
 *
 *   hvviz [options] SOURCE          the live ncurses viewer (tui.c)
 *   hvviz --dump|--stats|--check|--export|--snapshot ...   batch (batch.c)
 *
 * SOURCE is the Unix socket of a running hypervisor (QEMU's COM2), a pty,
 * a named pipe, "-" for stdin, or a recorded trace file, which is
 * replayed in trace time. Run `hvviz --help` for the whole story.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "batch.h"
#include "panels/panel.h"
#include "steps.h"
#include "tui.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: hvviz [--lesson DIR [--autoplay SECS]] [--console PATH] [--speed X] [--paused]\n"
        "             [--focus PANEL] [--mono] [--record FILE] [--report FILE] SOURCE\n"
        "       hvviz --dump SOURCE [--strict] [--record FILE]\n"
        "       hvviz --stats SOURCE [--strict] [--record FILE]\n"
        "       hvviz --check EXPECT SOURCE [--strict] [--record FILE]\n"
        "       hvviz --export chrome-json OUT SOURCE\n"
        "       hvviz --snapshot COLSxROWS [--lesson DIR] [--focus PANEL] SOURCE\n"
        "       hvviz --lint-steps DIR\n"
        "\n"
        "Watch a xenlab trace live, replay a recording, or decode it for scripts.\n"
        "\n"
        "SOURCE is the Unix socket of a running hypervisor (runs/<run>/trace.sock,\n"
        "QEMU's COM2), a pty or named pipe, - for stdin, or a recorded trace\n"
        "(runs/<run>/trace.bin), which is replayed in trace time. A live source\n"
        "that goes away is shown as DISCONNECTED and retried every second; nothing\n"
        "seen so far is dropped. Lost events are always shown, never hidden.\n"
        "\n"
        "Viewer options:\n"
        "  --lesson DIR     show the lesson pane with DIR/steps (lessons/NN-topic);\n"
        "                   n releases the checkpoint the lesson's guest waits at\n"
        "  --console PATH   also show the console (COM1): a socket, pty or file\n"
        "  --speed X        replay speed: 0.01 0.1 0.25 0.5 1 2 5 10 100 1000 max\n"
        "  --paused         start a replay paused (space plays, . steps)\n"
        "  --autoplay SECS  a demo that runs itself: each lesson step goes on\n"
        "                   SECS after it is reached, and hvviz quits SECS after\n"
        "                   the run ends (a stops and restarts the clock)\n"
        "  --focus PANEL    start with this panel in focus (a name or 1-9)\n"
        "  --mono           no colours (so does NO_COLOR=1)\n"
        "  --record FILE    keep every byte read from a live source in FILE (a\n"
        "                   recording to replay later; also with --dump, --stats,\n"
        "                   --check)\n"
        "  --report FILE    on exit, write frames drawn, events and losses to FILE\n"
        "Keys: ? help, q (or Ctrl-C) quit, space pause, / filter, f failed hypercalls,\n"
        "      Tab panel, z zoom it, +/- speed, arrows/PgUp/PgDn scroll,\n"
        "      Left/Right seek, . step, n lesson: run the step / on to the next,\n"
        "      a autoplay on/off (with --autoplay),\n"
        "      m record only some classes at the source (the hypervisor's mask),\n"
        "      b ask a domain's balloon driver for a new target (DOM PAGES).\n"
        "\n"
        "Batch modes (a summary line on stderr always reports losses):\n"
        "  --dump SOURCE    one line per event: seq seconds cpu domain event fields\n"
        "  --stats SOURCE   counts and rates per event and group, losses, and the\n"
        "                   decoding speed of this machine (events/s)\n"
        "  --check EXPECT SOURCE\n"
        "                   check the trace against a lesson's expect file;\n"
        "                   exit 0 only if every requirement holds\n"
        "  --export chrome-json OUT SOURCE\n"
        "                   write Chrome trace-event JSON (opens in Perfetto)\n"
        "                   to OUT (- for stdout)\n"
        "  --snapshot COLSxROWS SOURCE\n"
        "                   print the viewer's screen after the whole trace, as text\n"
        "  --lint-steps DIR check a lesson's steps file (DIR/steps): every step\n"
        "                   has a title and text; prints the steps as the lesson\n"
        "                   pane shows them\n"
        "  --strict         exit with status 3 if anything was lost or skipped\n"
        "  -h, --help       this text\n"
        "\n"
        "Exit status: 0 ok, 1 a check failed or the source could not be read,\n"
        "2 bad usage or input (e.g. a malformed steps file), 3 losses with --strict;\n"
        "the viewer ended by Ctrl-C ends by that signal (a shell sees 130) once it\n"
        "has kept everything (--record's file is complete).\n");
}

static int panel_by_name(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);

    if (!*end && n >= 1 && n <= PANEL_NR)
        return (int)n - 1;
    for (int p = 0; p < PANEL_NR; p++)
        if (!strcasecmp(panel_table[p]->name, s) ||
            !strncasecmp(panel_table[p]->name, s, strlen(s) ? strlen(s) : 1))
            return p;
    return -1;
}

/* --lint-steps DIR: 0 if the steps file is whole, 2 (and why) if not. */
static int lint_steps(const char *dir)
{
    struct lesson_steps ls;
    char err[600];
    int rc;

    if (steps_load(&ls, dir, err, sizeof(err))) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 2;
    }
    rc = steps_lint(&ls, stdout, err, sizeof(err));
    if (rc)
        fprintf(stderr, "hvviz: %s: %s\n", dir, err);
    steps_free(&ls);
    return rc ? 2 : 0;
}

enum {
    OPT_DUMP = 256, OPT_STATS, OPT_CHECK, OPT_EXPORT, OPT_SNAPSHOT, OPT_STRICT,
    OPT_LESSON, OPT_CONSOLE, OPT_SPEED, OPT_PAUSED, OPT_AUTOPLAY, OPT_FOCUS, OPT_MONO, OPT_REPORT,
    OPT_RECORD, OPT_LINT_STEPS,
};

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "dump", required_argument, NULL, OPT_DUMP },
        { "stats", required_argument, NULL, OPT_STATS },
        { "check", required_argument, NULL, OPT_CHECK },
        { "export", required_argument, NULL, OPT_EXPORT },
        { "snapshot", required_argument, NULL, OPT_SNAPSHOT },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "lesson", required_argument, NULL, OPT_LESSON },
        { "console", required_argument, NULL, OPT_CONSOLE },
        { "speed", required_argument, NULL, OPT_SPEED },
        { "paused", no_argument, NULL, OPT_PAUSED },
        { "autoplay", required_argument, NULL, OPT_AUTOPLAY },
        { "focus", required_argument, NULL, OPT_FOCUS },
        { "mono", no_argument, NULL, OPT_MONO },
        { "report", required_argument, NULL, OPT_REPORT },
        { "record", required_argument, NULL, OPT_RECORD },
        { "lint-steps", required_argument, NULL, OPT_LINT_STEPS },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static struct check_set cs;
    static struct lesson_steps steps;
    struct batch_opts b = { .focus = -1, .cs = &cs };
    struct tui_opts t = { .focus = -1 };
    bool batch = false, have_steps = false;
    const char *lesson = NULL, *expect = NULL;
    char err[600];
    int c, rc;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DUMP: case OPT_STATS:
            batch = true;
            b.mode = c == OPT_DUMP ? MODE_DUMP : MODE_STATS;
            b.spec = optarg;
            break;
        case OPT_CHECK:
            batch = true;
            b.mode = MODE_CHECK;
            expect = optarg;
            break;
        case OPT_EXPORT:
            if (strcmp(optarg, "chrome-json")) {
                fprintf(stderr, "hvviz: --export knows one format: chrome-json\n");
                return 2;
            }
            batch = true;
            b.mode = MODE_EXPORT;
            break;
        case OPT_SNAPSHOT:
            if (sscanf(optarg, "%dx%d", &b.width, &b.height) != 2 ||
                b.width < 20 || b.height < 5 || b.width > 1000 || b.height > 500) {
                fprintf(stderr, "hvviz: --snapshot takes COLSxROWS, e.g. 80x24\n");
                return 2;
            }
            batch = true;
            b.mode = MODE_SNAPSHOT;
            break;
        case OPT_STRICT: b.strict = true; break;
        case OPT_LESSON: lesson = optarg; break;
        case OPT_CONSOLE: t.console = optarg; break;
        case OPT_SPEED: t.speed = optarg; break;
        case OPT_PAUSED: t.paused = true; break;
        case OPT_AUTOPLAY: {
            char *end;

            t.autoplay = strtod(optarg, &end);
            if (*end || !(t.autoplay > 0 && t.autoplay <= 3600)) {
                fprintf(stderr, "hvviz: --autoplay takes seconds, more than 0 and at most 3600\n");
                return 2;
            }
            break;
        }
        case OPT_MONO: t.mono = true; break;
        case OPT_REPORT: t.report = optarg; break;
        case OPT_RECORD: t.record = b.record = optarg; break;
        case OPT_FOCUS:
            t.focus = b.focus = panel_by_name(optarg);
            if (t.focus < 0) {
                fprintf(stderr, "hvviz: --focus %s: no such panel\n", optarg);
                return 2;
            }
            break;
        case OPT_LINT_STEPS:
            return lint_steps(optarg);
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    /* Positional arguments: what each mode still needs. */
    if (batch && b.mode == MODE_EXPORT && optind < argc)
        b.out = argv[optind++];
    if ((!batch || b.mode == MODE_CHECK || b.mode == MODE_EXPORT ||
         b.mode == MODE_SNAPSHOT) && optind < argc)
        b.spec = t.spec = argv[optind++];
    if (optind != argc || !(batch ? b.spec : t.spec) ||
        (b.mode == MODE_EXPORT && batch && !b.out)) {
        usage(stderr);
        return 2;
    }
    if (expect && check_load(&cs, expect, err, sizeof(err))) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 2;
    }
    if (lesson) {
        if (steps_load(&steps, lesson, err, sizeof(err))) {
            fprintf(stderr, "hvviz: %s\n", err);
            return 2;
        }
        have_steps = true;
        b.steps = t.steps = &steps;
    }
    rc = batch ? batch_run(&b) : tui_run(&t);
    if (have_steps)
        steps_free(&steps);
    if (!batch && tui_stop_signal()) {
        /* End by the signal itself: a shell running us in a loop (a
         * class demo) then stops as well. 128 + signal if that fails. */
        signal(tui_stop_signal(), SIG_DFL);
        raise(tui_stop_signal());
    }
    return rc;
}

/*
 * tui.c - the live viewer's loop: read, take in, draw, answer keys.
 *
 *        +-----------> poll(keys, trace, console, timeout) ---------+
 *        |                                                          |
 *   draw a frame          keys -> act (pause, filter, focus, seek, n)
 *   (at most 30 Hz,       trace bytes -> model  (live: all that came,
 *    at least every 1 s)                         replay: what is due)
 *        ^                 disconnected? retry about once a second
 *        +----------------------------------------------------------+
 *
 * Under a flood, the screen keeps up by batching, never by dropping:
 * each turn of the loop takes in records for at most TAKE_BUDGET of wall
 * time and then draws if a frame is due, so every record reaches the
 * model and the screen still changes ten times a second or more.
 *
 * A live source that ends (QEMU stopped) leaves everything on the screen
 * and the status line says DISCONNECTED; when QEMU is back on the same
 * socket the new stream's header starts a new stretch of the same log.
 * A reader that joins a stream late asks for the header ("header"), so it
 * learns the TSC frequency. --record keeps every byte read from a live
 * source in a file, across reconnections: a replayable recording.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ncursesw/curses.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "frame.h"
#include "replay.h"
#include "screen.h"
#include "source.h"
#include "tui.h"

#define MS              1000000ull
#define TAKE_BUDGET     (20 * MS)       /* per turn, before a frame is due */
#define FRAME_MIN       (33 * MS)       /* at most ~30 frames a second */
#define FRAME_MAX       (1000 * MS)     /* redraw the clock at least this often */
#define RETRY_EVERY     (1000 * MS)
#define SEEK_STEP       (5000 * MS)
#define MESSAGE_TIME    (4000 * MS)

struct tui {
    const struct tui_opts *o;
    struct model m;
    struct logview lv;
    struct frame_state fs;
    struct canvas cv;
    struct source src, con;
    bool has_console;
    bool replaying;
    FILE *record;                   /* --record: every byte read, as read */
    struct replay rp;
    void *map;
    size_t map_size;
    bool quit;
    bool dirty;
    uint64_t now, last_draw, next_retry, console_retry, message_until;
    uint64_t rate_at, rate_records;
    uint64_t anchor_count;          /* visible log entries at the last draw */
    uint64_t records_at_connect, streams_at_connect;
    bool header_asked;
    int cycle_class;                /* c: index into filter_classes(), -1 */
    /* --autoplay: the wait it is timing, and when the run ended. */
    bool autoplay_on;
    uint64_t wait_seen, wait_since, wait_released, ended_at;
    int cycle_dom;                  /* d: -2 any, -1 hv, else a domain */
    /* For --report: how the screen kept up. */
    uint64_t frames, busy_frames, started, last_take, busy_ns, max_gap,
        last_busy_frame;
    uint64_t window_start, window_frames, worst_window;     /* per second */
};

static uint64_t mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void say(struct tui *t, int attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(struct tui *t, int attr, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(t->fs.message, sizeof(t->fs.message), fmt, ap);
    va_end(ap);
    t->fs.message_attr = attr;
    t->message_until = t->now + MESSAGE_TIME;
    t->dirty = true;
}

/* ---- Status line ---- */

static void update_status(struct tui *t)
{
    struct frame_state *fs = &t->fs;
    const char *base = strrchr(t->o->spec, '/');

    /* A short path as it is ("/dev/pts/3"), a long one by its name. */
    snprintf(fs->source, sizeof(fs->source), "%s",
             strlen(t->o->spec) <= 24 || !base ? t->o->spec : base + 1);
    if (t->replaying) {
        snprintf(fs->state, sizeof(fs->state), "%s", replay_done(&t->rp) ? "replay ended" : "replay");
        /* Paused is said in the Events title and at the end of the line. */
        fs->state_attr = AT_STATUS;
        snprintf(fs->replay, sizeof(fs->replay), "%s t %.1fs %.0f%%",
                 replay_speed_name(&t->rp),
                 (t->rp.play_ns > t->m.first_ns ? t->rp.play_ns - t->m.first_ns : 0) / 1e9,
                 replay_progress(&t->rp) * 100);
        fs->paused = t->rp.paused;
    } else if (t->src.fd >= 0) {
        snprintf(fs->state, sizeof(fs->state), "%s",
                 t->src.kind == SRC_STDIN ? "live (stdin)" : "live");
        fs->state_attr = AT_STATUS;
    } else if (t->src.kind == SRC_STDIN) {
        snprintf(fs->state, sizeof(fs->state), "stdin ended");
        fs->state_attr = AT_WARN;
    } else if (t->src.pending) {
        snprintf(fs->state, sizeof(fs->state), " waiting for QEMU ");
        fs->state_attr = AT_WARN;
    } else if (t->m.shutdown_seen) {
        /* The run ended the way runs end. (Should QEMU start again on
         * the same socket, it is picked up: no need to say so.) */
        snprintf(fs->state, sizeof(fs->state), " run ended (q quits) ");
        fs->state_attr = AT_OK;
    } else {
        snprintf(fs->state, sizeof(fs->state), " DISCONNECTED (retrying) ");
        fs->state_attr = AT_BAD;
    }
}

/* ---- Taking records in ---- */

/* Until a source has connected once (QEMU still starting), look often. */
static uint64_t retry_interval(const struct source *src)
{
    return src->connects ? RETRY_EVERY : RETRY_EVERY / 10;
}

static void connected(struct tui *t)
{
    t->records_at_connect = t->m.records;
    t->streams_at_connect = t->m.streams;
    t->header_asked = false;
    t->dirty = true;
}

static void take_live(struct tui *t, uint64_t budget_end)
{
    static uint8_t buf[1 << 16];
    ssize_t n;

    while ((n = source_read(&t->src, buf, sizeof(buf))) > 0) {
        if (t->record && fwrite(buf, 1, (size_t)n, t->record) != (size_t)n)
            say(t, AT_BAD, "writing %s failed: the recording is incomplete", t->o->record);
        model_feed(&t->m, buf, (size_t)n);
        t->dirty = true;
        t->last_take = mono_ns();
        if (t->last_take >= budget_end)
            return;
    }
    if (n == 0) {
        /* The source ended: count a cut-off frame, keep everything. In
         * the recording, end it too (a 0x00), or it would swallow the
         * first frame of the next run, as a reader of the file would see. */
        if (t->record && (t->m.dec.len || t->m.dec.overlong))
            fputc(0, t->record);
        tdec_finish(&t->m.dec);
        t->next_retry = t->now + retry_interval(&t->src);
        t->dirty = true;
        return;
    }
    /* A late reader missed the stream header: ask for it once. */
    if (!t->header_asked && t->m.streams == t->streams_at_connect &&
        t->m.records > t->records_at_connect && t->src.can_send) {
        t->header_asked = true;
        source_send(&t->src, "header\n");
    }
}

static void take_console(struct tui *t)
{
    static uint8_t buf[4096];
    ssize_t n;

    if (!t->has_console)
        return;
    if (t->con.fd < 0 && t->now >= t->console_retry) {
        t->console_retry = t->now + retry_interval(&t->con);
        source_reconnect(&t->con);
    }
    while ((n = source_read(&t->con, buf, sizeof(buf))) > 0) {
        model_console(&t->m, buf, (size_t)n);
        t->dirty = true;
    }
}

/* ---- Drawing ---- */

static void draw(struct tui *t)
{
    int w, h;
    uint64_t visible;

    screen_size(&w, &h);
    if (t->cv.w != w || t->cv.h != h) {
        canvas_free(&t->cv);
        if (canvas_init(&t->cv, w, h, screen_unicode()) < 0)
            return;
    }
    if (t->message_until && t->now >= t->message_until) {
        t->fs.message[0] = '\0';
        t->message_until = 0;
    }
    /* Hold the log still while a live log is paused or scrolled back:
     * new entries push the view's offset, not the lines on screen. (A
     * paused replay takes no entries, except the one . steps to.) */
    logview_update(&t->lv, &t->m);
    visible = logview_count(&t->lv, &t->m);
    if (((t->fs.paused && !t->replaying) || t->fs.scroll[PANEL_EVENTS]) &&
        visible > t->anchor_count)
        t->fs.scroll[PANEL_EVENTS] += (int)(visible - t->anchor_count);
    t->anchor_count = visible;
    if (t->now >= t->rate_at + 1000 * MS) {
        /* A replay seeking back rebuilds the model: fewer records than
         * a second ago is a new start, not a rate. */
        t->fs.rate = t->rate_at && t->m.records >= t->rate_records
                         ? (t->m.records - t->rate_records) * 1e9 /
                               (double)(t->now - t->rate_at) : 0;
        t->rate_at = t->now;
        t->rate_records = t->m.records;
    }
    update_status(t);
    frame_draw(&t->cv, &t->m, &t->fs);
    screen_show(&t->cv);
    /* For --report: frames drawn while records were arriving. */
    if (t->now - t->last_take < 100 * MS) {
        if (t->last_busy_frame && t->now - t->last_busy_frame > t->max_gap)
            t->max_gap = t->now - t->last_busy_frame;
        if (t->last_busy_frame)
            t->busy_ns += t->now - t->last_busy_frame;
        if (!t->last_busy_frame)
            t->window_start = t->now, t->window_frames = 0;
        /* Frames in each whole second of a busy stretch; the worst one. */
        if (t->now - t->window_start >= 1000 * MS) {
            if (!t->worst_window || t->window_frames < t->worst_window)
                t->worst_window = t->window_frames;
            t->window_start = t->now;
            t->window_frames = 0;
        }
        t->window_frames++;
        t->last_busy_frame = t->now;
        t->busy_frames++;
    } else {
        t->last_busy_frame = 0;
    }
    t->frames++;
    t->last_draw = t->now;
    t->dirty = false;
}

/* ---- Keys ---- */

static void set_filter(struct tui *t, const char *spec)
{
    char err[600];

    if (logview_set(&t->lv, spec, err, sizeof(err)) < 0) {
        say(t, AT_BAD, "%s", err);
        return;
    }
    t->fs.scroll[PANEL_EVENTS] = 0;
    t->anchor_count = 0;
    logview_update(&t->lv, &t->m);
    t->anchor_count = logview_count(&t->lv, &t->m);
    say(t, AT_KEYS, "%s", spec && *spec ? "filter set (Esc clears)" : "filter cleared");
}

/* Does a class have records in the model? (c skips empty classes.) */
static bool class_has_events(const struct tui *t, const char *cls)
{
    struct filter one;
    char probe[40], err[600];

    snprintf(probe, sizeof(probe), "c:%s", cls);
    if (filter_parse(&one, probe, err, sizeof(err)))
        return false;
    for (int r = 0; r <= MODEL_MAX_EVENTS; r++)
        if (one.rows[r] && t->m.counts[r])
            return true;
    return false;
}

/* c: show one class of events, the next one each time, then all again.
 * d: likewise one domain: hv, then each domain seen, then all. */
static void cycle_filter(struct tui *t, char which)
{
    char spec[40] = "";

    if (which == 'c') {
        const char *const *classes = filter_classes();
        int i = t->cycle_class + 1;

        while (classes[i] && !class_has_events(t, classes[i]))
            i++;
        t->cycle_class = classes[i] ? i : -1;
        if (classes[i])
            snprintf(spec, sizeof(spec), "c:%s", classes[i]);
        t->cycle_dom = -2;
    } else {
        int next = -2;

        if (t->cycle_dom == -2)
            next = -1;
        else
            for (int d = t->cycle_dom + 1; d < MODEL_MAX_DOMS; d++)
                if (t->m.doms[d].known || t->m.doms[d].seen) {
                    next = d;
                    break;
                }
        t->cycle_dom = next;
        if (next == -1)
            snprintf(spec, sizeof(spec), "d:hv");
        else if (next >= 0)
            snprintf(spec, sizeof(spec), "d:%d", next);
        t->cycle_class = -1;
    }
    set_filter(t, spec);
}

/* m: ask the hypervisor to record only some classes, then for a new
 * stream header, whose mask field shows what it now records. */
static void set_source_mask(struct tui *t, const char *spec)
{
    char err[600], line[40];
    uint32_t mask;

    if (filter_source_mask(spec, &mask, err, sizeof(err)) < 0) {
        say(t, AT_BAD, "%s", err);
        return;
    }
    snprintf(line, sizeof(line), "mask 0x%x\nheader\n", mask);
    if (source_send(&t->src, line) < 0)
        say(t, AT_BAD, "cannot set the mask: %s", t->src.why);
    else
        say(t, AT_KEYS, "sent \"mask 0x%x\": the hypervisor now records %s", mask,
            mask == TRACE_MASK_ALL ? "everything" : spec);
}

/* b: a new balloon target, "DOM PAGES", sent as "balloon DOM PAGES". */
static void set_balloon(struct tui *t, const char *spec)
{
    unsigned long dom, pages;
    char line[64], extra;

    if (sscanf(spec, "%lu %lu %c", &dom, &pages, &extra) != 2 || dom >= 0x7ff0 ||
        pages > 0xffffffffu) {
        say(t, AT_BAD, "a balloon target is a domain and a number of pages: \"1 2048\"");
        return;
    }
    snprintf(line, sizeof(line), "balloon %lu %lu\n", dom, pages);
    if (source_send(&t->src, line) < 0)
        say(t, AT_BAD, "cannot send the target: %s", t->src.why);
    else
        say(t, AT_KEYS, "asked d%lu to hold %lu pages: watch the Memory panel", dom, pages);
}

static const char filter_label[] = "filter (c:CLASS d:DOM is:failed text; Enter, Esc):";
static const char mask_label[] = "record only (classes, e.g. ring tlb; empty: all):";
static const char balloon_label[] = "balloon target (DOM PAGES, e.g. 1 2048):";

static void prompt_key(struct tui *t, int k)
{
    struct frame_state *fs = &t->fs;
    size_t len = strlen(fs->prompt);

    if (k == '\n' || k == '\r' || k == KEY_ENTER) {
        fs->prompting = false;
        if (fs->prompt_label == mask_label)
            set_source_mask(t, fs->prompt);
        else if (fs->prompt_label == balloon_label)
            set_balloon(t, fs->prompt);
        else
            set_filter(t, fs->prompt);
    } else if (k == 27) {
        fs->prompting = false;
    } else if (k == KEY_BACKSPACE || k == 127 || k == 8) {
        if (len)
            fs->prompt[len - 1] = '\0';
    } else if (k >= 0x20 && k < 0x7f && len + 1 < sizeof(fs->prompt)) {
        fs->prompt[len] = (char)k;
        fs->prompt[len + 1] = '\0';
    }
}

static void scroll_by(struct tui *t, int delta)
{
    int *s = &t->fs.scroll[t->fs.focus];

    *s += delta;
    if (*s < 0)
        *s = 0;
    if (t->fs.focus == PANEL_EVENTS) {
        uint64_t n = logview_count(&t->lv, &t->m);

        if ((uint64_t)*s >= n)
            *s = n ? (int)(n - 1) : 0;
    }
}

static void next_step(struct tui *t)
{
    if (!model_lesson_next(&t->m)) {
        if (t->m.checkpoint.state == CP_WAITING)
            say(t, AT_KEYS, "step %u: read what to watch; n runs it", t->m.checkpoint.step);
        else
            say(t, AT_KEYS, "no checkpoint is waiting");
        return;
    }
    if (t->replaying) {
        if (t->rp.paused && t->m.checkpoint.state == CP_WAITING) {
            replay_pause(&t->rp, false, t->now);
            say(t, AT_KEYS, "on to the next step (replay)");
        } else {
            say(t, AT_KEYS, "no checkpoint is waiting");
        }
        return;
    }
    if (t->m.checkpoint.state != CP_WAITING) {
        say(t, AT_KEYS, "no checkpoint is waiting");
        return;
    }
    if (source_send(&t->src, "advance\n") < 0)
        say(t, AT_BAD, "cannot release the checkpoint: %s", t->src.why);
    else
        say(t, AT_KEYS, "sent \"advance\": the guest carries on");
}

/*
 * --autoplay SECS: a class demo that runs itself. Each checkpoint is
 * released SECS seconds after the guest (or the recording) stops at it,
 * as if n had been pressed, and SECS after the run has ended hvviz
 * quits, so that a script can play the next one. n still goes on at
 * once; a stops and restarts the clock.
 */
static void autoplay_tick(struct tui *t)
{
    uint64_t pause = (uint64_t)(t->o->autoplay * 1e9);
    const struct checkpoint *cp = &t->m.checkpoint;
    bool ended = t->m.shutdown_seen || (t->replaying && replay_done(&t->rp));
    bool waiting = cp->state == CP_WAITING && (!t->replaying || t->rp.paused);
    unsigned long long left;
    uint64_t key;

    if (!t->autoplay_on)
        return;
    if (ended) {
        if (!t->ended_at)
            t->ended_at = t->now;
        if (t->now - t->ended_at >= pause)
            t->quit = true;
        return;
    }
    /* Each moment of a step (what you saw, what to watch) has its pause. */
    key = cp->seen * 4 + (uint64_t)cp->phase;
    if (!waiting || t->wait_released == key)
        return;
    if (t->wait_seen != key) {
        t->wait_seen = key;
        t->wait_since = t->now;
    }
    left = (pause - (t->now - t->wait_since)) / 1000000000u + 1;
    if (t->now - t->wait_since >= pause) {
        t->wait_released = key;
        next_step(t);
    } else if (cp->phase == LP_SAW) {
        say(t, AT_KEYS, "autoplay: the next step in %llu s (n: now, a: stop)", left);
    } else {
        say(t, AT_KEYS, "autoplay: step %u runs in %llu s (n: now, a: stop)", cp->step, left);
    }
}

static void key(struct tui *t, int k)
{
    struct frame_state *fs = &t->fs;
    int page = t->cv.h > 8 ? t->cv.h / 2 : 4;

    t->dirty = true;
    if (fs->prompting) {
        prompt_key(t, k);
        return;
    }
    if (fs->help && k != KEY_RESIZE) {
        /* ? turns the page (the panels, where a small screen needs two);
         * any other key closes the help. */
        fs->help = k == '?' && fs->help == 1 ? 2 : 0;
        return;
    }
    switch (k) {
    case 'q': case 'Q': case KEY_F(10):
        t->quit = true;
        break;
    case '?': case 'h': case KEY_F(1):
        fs->help = 1;
        break;
    case ' ':
        if (t->replaying) {
            replay_pause(&t->rp, !t->rp.paused, t->now);
        } else {
            fs->paused = !fs->paused;
            if (!fs->paused)
                fs->scroll[PANEL_EVENTS] = 0;
        }
        break;
    case '/':
        fs->prompting = true;
        fs->prompt_label = filter_label;
        snprintf(fs->prompt, sizeof(fs->prompt), "%s", t->lv.active ? t->lv.filter.spec : "");
        break;
    case 'm': case 'M': case 'b': case 'B':
        if (t->replaying || !t->src.can_send) {
            say(t, AT_KEYS, "%s is sent to a live source (a socket or pty)",
                k == 'm' || k == 'M' ? "the mask" : "a balloon target");
            break;
        }
        fs->prompting = true;
        fs->prompt_label = k == 'm' || k == 'M' ? mask_label : balloon_label;
        fs->prompt[0] = '\0';
        break;
    case 27:
        set_filter(t, "");
        break;
    case 'c': case 'd':
        cycle_filter(t, (char)k);
        break;
    case 'z': case 'Z':
        fs->zoom = !fs->zoom;
        say(t, AT_KEYS, fs->zoom ? "zoom: %s alone (z: back)" : "%s back in its place",
            panel_table[fs->focus]->name);
        break;
    case 'f': case 'F':
        set_filter(t, "is:failed");
        fs->focus = PANEL_EVENTS;
        break;
    case '\t':
        fs->focus = frame_next_panel(fs, fs->focus, 1);
        break;
    case KEY_BTAB:
        fs->focus = frame_next_panel(fs, fs->focus, -1);
        break;
    case KEY_UP: scroll_by(t, 1); break;
    case KEY_DOWN: scroll_by(t, -1); break;
    case KEY_PPAGE: scroll_by(t, page); break;
    case KEY_NPAGE: scroll_by(t, -page); break;
    case KEY_HOME: scroll_by(t, 1 << 30); break;
    case KEY_END: fs->scroll[fs->focus] = 0; break;
    case '+': case '=': case '-':
        if (t->replaying)
            say(t, AT_KEYS, "replay speed %s", replay_speed(&t->rp, k == '-' ? -1 : 1));
        else
            say(t, AT_KEYS, "a live source runs at the machine's own speed");
        break;
    case '.': case 's':
        if (!t->replaying)
            say(t, AT_KEYS, "stepping is for replays (space pauses a live log)");
        else if (!t->rp.paused)
            say(t, AT_KEYS, "pause first (space), then . takes one event");
        else if (!replay_step(&t->rp))
            say(t, AT_KEYS, "end of the recording");
        break;
    case KEY_LEFT: case KEY_RIGHT: case 'g': case 'G':
        if (!t->replaying) {
            say(t, AT_KEYS, "seeking is for replays");
        } else if (k == 'G') {
            replay_to_end(&t->rp);
        } else {
            uint64_t at = t->rp.play_ns;

            if (k == 'g')
                at = 0;
            else if (k == KEY_LEFT)
                at = at > SEEK_STEP ? at - SEEK_STEP : 0;
            else
                at += SEEK_STEP;
            replay_seek(&t->rp, at, t->now);
        }
        break;
    case 'n': case 'N':
        next_step(t);
        break;
    case 'a': case 'A':
        if (t->o->autoplay <= 0) {
            say(t, AT_KEYS, "autoplay is off (hvviz --autoplay SECS)");
            break;
        }
        t->autoplay_on = !t->autoplay_on;
        t->wait_seen = t->wait_released = 0;   /* the clock starts again */
        t->ended_at = 0;
        say(t, AT_KEYS, "autoplay %s", t->autoplay_on ? "on" : "stopped: n moves on");
        break;
    case KEY_RESIZE:
        break;
    default:
        if (k >= '1' && k <= '9' && fs->enabled[k - '1'])
            fs->focus = k - '1';
        break;
    }
}

/* ---- Set up and the loop ---- */

static int open_trace(struct tui *t, char *err, size_t errlen)
{
    struct stat st;

    if (source_open_live(&t->src, t->o->spec, err, errlen) < 0)
        return -1;
    if (t->src.kind != SRC_FILE || t->src.pending)
        return 0;
    /* A recording: map it, replay it in trace time. */
    if (fstat(t->src.fd, &st) < 0 || st.st_size == 0) {
        snprintf(err, errlen, "%s: empty or unreadable recording", t->o->spec);
        return -1;
    }
    t->map_size = (size_t)st.st_size;
    t->map = mmap(NULL, t->map_size, PROT_READ, MAP_PRIVATE, t->src.fd, 0);
    if (t->map == MAP_FAILED) {
        snprintf(err, errlen, "%s: %s", t->o->spec, strerror(errno));
        return -1;
    }
    t->replaying = true;
    replay_init(&t->rp, &t->m, t->map, t->map_size);
    t->rp.stop_at_checkpoints = t->o->steps != NULL;
    t->rp.paused = t->o->paused;
    if (t->o->speed && replay_set_speed(&t->rp, t->o->speed) < 0) {
        snprintf(err, errlen, "--speed %s: use 0.01 0.1 0.25 0.5 1 2 5 10 100 1000 or max",
                 t->o->speed);
        return -1;
    }
    return 0;
}

static void write_report(struct tui *t)
{
    FILE *f = fopen(t->o->report, "w");
    double secs = (mono_ns() - t->started) / 1e9;

    if (!f)
        return;
    fprintf(f, "seconds %.3f\nframes %llu\nevents %llu\nlost %llu\n"
            "busy_frames %llu\nbusy_seconds %.3f\nbusy_fps %.1f\nmax_busy_gap_ms %.1f\n"
            "worst_second_frames %llu\n",
            secs, (unsigned long long)t->frames, (unsigned long long)t->m.records,
            (unsigned long long)model_lost(&t->m), (unsigned long long)t->busy_frames,
            t->busy_ns / 1e9, t->busy_ns ? (t->busy_frames - 1) * 1e9 / t->busy_ns : 0.0,
            t->max_gap / 1e6, (unsigned long long)t->worst_window);
    fclose(f);
}

/*
 * Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) end the viewer
 * the way q does: the loop sees the flag (poll returns EINTR), the
 * screen is given back, --record's file is flushed and closed, and every
 * event read so far is kept. Then hvviz.c ends by the same signal, so
 * that the shell that started us (./xenlab demo's loop) knows Ctrl-C was
 * pressed and stops too, instead of going on to the next lesson.
 */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

static void catch_stop_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;     /* no SA_RESTART: poll wakes up */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
}

int tui_stop_signal(void)
{
    return stop_signal;
}

static void loop(struct tui *t)
{
    while (!t->quit && !stop_signal) {
        struct pollfd p[3];
        int np = 0, k;
        uint64_t wait = FRAME_MAX, due;

        t->now = mono_ns();
        if (t->dirty) {
            due = t->last_draw + FRAME_MIN;
            wait = due > t->now ? due - t->now : 0;
        }
        if (t->replaying && !replay_done(&t->rp)) {
            uint64_t rw = replay_wait_ns(&t->rp);

            if (rw < wait)
                wait = rw;
        }
        p[np++] = (struct pollfd){ screen_input_fd(), POLLIN, 0 };
        if (!t->replaying && t->src.fd >= 0)
            p[np++] = (struct pollfd){ t->src.fd, POLLIN, 0 };
        else if (!t->replaying && t->src.kind != SRC_STDIN && wait > RETRY_EVERY / 10)
            wait = RETRY_EVERY / 10;
        if (t->autoplay_on && wait > 200 * MS)
            wait = 200 * MS;            /* the countdown, and its deadline */
        if (t->has_console && t->con.fd >= 0 && t->con.kind != SRC_FILE)
            p[np++] = (struct pollfd){ t->con.fd, POLLIN, 0 };
        else if (t->has_console && wait > 200 * MS)
            wait = 200 * MS;
        if (poll(p, (nfds_t)np, (int)(wait / MS)) < 0 && errno != EINTR)
            break;
        t->now = mono_ns();

        while ((k = screen_key()) >= 0 && !t->quit)
            key(t, k);
        if (t->replaying) {
            if (replay_run(&t->rp, t->now, t->now + TAKE_BUDGET)) {
                t->dirty = true;
                t->last_take = mono_ns();
            }
            if (t->rp.paused)
                t->dirty |= t->now - t->last_draw >= FRAME_MAX;
        } else if (t->src.fd >= 0) {
            take_live(t, t->now + TAKE_BUDGET);
        } else if (t->src.kind != SRC_STDIN && t->now >= t->next_retry) {
            t->next_retry = t->now + retry_interval(&t->src);
            if (source_reconnect(&t->src))
                connected(t);
            t->dirty = true;
        }
        take_console(t);
        t->now = mono_ns();
        autoplay_tick(t);
        if ((t->dirty && t->now - t->last_draw >= FRAME_MIN) ||
            t->now - t->last_draw >= FRAME_MAX)
            draw(t);
    }
}

int tui_run(const struct tui_opts *o)
{
    static struct tui t;
    char err[300];
    int rc = 0;

    memset(&t, 0, sizeof(t));
    t.o = o;
    t.cycle_class = -1;
    t.cycle_dom = -2;
    signal(SIGPIPE, SIG_IGN);
    if (model_init(&t.m) < 0 || logview_init(&t.lv) < 0) {
        fprintf(stderr, "hvviz: out of memory\n");
        return 1;
    }
    t.m.steps = o->steps;
    frame_state_init(&t.fs, &t.lv);
    t.fs.enabled[PANEL_LESSON] = o->steps != NULL;
    if (o->console) {
        static struct console_lines lines;

        if (source_open_live(&t.con, o->console, err, sizeof(err)) < 0) {
            fprintf(stderr, "hvviz: --console %s\n", err);
            return 2;
        }
        t.has_console = true;
        t.m.console = &lines;
        t.fs.enabled[PANEL_CONSOLE] = true;
    }
    if (o->focus >= 0 && o->focus < PANEL_NR && t.fs.enabled[o->focus])
        t.fs.focus = o->focus;
    if (open_trace(&t, err, sizeof(err)) < 0) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 2;
    }
    if (o->record && !t.replaying && !(t.record = fopen(o->record, "wb"))) {
        fprintf(stderr, "hvviz: cannot write %s\n", o->record);
        return 2;
    }
    if (t.src.fd >= 0)
        connected(&t);
    if (screen_open(o->mono, err, sizeof(err)) < 0) {
        fprintf(stderr, "hvviz: %s\n", err);
        return 2;
    }
    catch_stop_signals();       /* after ncurses, which has its own */
    t.started = t.now = mono_ns();
    t.dirty = true;
    t.autoplay_on = o->autoplay > 0;
    if (t.o->steps && t.o->steps->title)
        say(&t, AT_KEYS, "lesson: %s  (? for help)", t.o->steps->title);
    else if (t.replaying && t.rp.paused)
        say(&t, AT_KEYS, "paused at the start: space plays, . one event, G the end");
    loop(&t);
    screen_close();
    if (o->report)
        write_report(&t);
    fprintf(stderr,
            "hvviz: %llu events, %llu lost (reported by the hypervisor), "
            "%llu missing (sequence gaps), %llu bytes skipped in %llu bad frames\n",
            (unsigned long long)t.m.dec.st.records,
            (unsigned long long)t.m.dec.st.lost_reported,
            (unsigned long long)t.m.dec.st.lost_gaps,
            (unsigned long long)t.m.dec.st.bytes_skipped,
            (unsigned long long)t.m.dec.st.bad_frames);
    source_close(&t.src);
    if (t.record && fclose(t.record) != 0)
        fprintf(stderr, "hvviz: writing %s failed\n", o->record);
    if (stop_signal) {
        fprintf(stderr, "hvviz: interrupted (%s)%s%s\n",
                stop_signal == SIGINT ? "Ctrl-C" : strsignal(stop_signal),
                o->record ? ": every event read so far is in " : "",
                o->record ? o->record : "");
        rc = 128 + stop_signal;
    }
    if (t.map)
        munmap(t.map, t.map_size);
    canvas_free(&t.cv);
    logview_free(&t.lv);
    model_free(&t.m);
    return rc;
}

/*
 * control.c - reading the lines hvviz sends on the trace line.
 *
 *   "advance"    -> lesson_advance()
 *   "mask HEX"   -> trace_mask = HEX
 *   "header"     -> trace_resend_header()
 *   "balloon D P"-> memory_set_target(D, P)
 *
 * Lines come on two channels, each with its own line buffer: COM2 (from
 * hvviz) and COM4 (`./xenlab balloon` and other scripts, through the
 * run's control.sock). Lines longer than CONTROL_LINE_MAX are cut off and
 * refused; anything
 * not understood is refused. Every line, understood or not, leaves a
 * TRC_XL_CONTROL record, so a garbled command is visible, never silent;
 * on COM4 the script also gets an answer, "ok" or "refused".
 */
#include <hv/cmdline.h>
#include <hv/control.h>
#include <hv/lesson.h>
#include <hv/mm.h>
#include <klib.h>
#include <hv/trace.h>

/* Each channel (COM2 from hvviz, COM4 from scripts) has its own line. */
static struct {
    char line[CONTROL_LINE_MAX];
    size_t len;
    bool overlong;
    control_reply_fn reply;
} chans[CONTROL_CHANNELS];

void control_set_reply(unsigned int chan, control_reply_fn reply)
{
    if (chan < CONTROL_CHANNELS)
        chans[chan].reply = reply;
}

static bool execute(const char *cmd)
{
    unsigned long v;

    if (!strcmp(cmd, "advance")) {
        lesson_advance();
        return true;
    }
    if (!strcmp(cmd, "header")) {
        trace_resend_header();
        return true;
    }
    if (!strncmp(cmd, "mask ", 5) && parse_ulong(cmd + 5, &v) &&
        v <= 0xffffffffu) {
        trace_mask = (uint32_t)v;
        return true;
    }
    if (!strncmp(cmd, "balloon ", 8)) {
        char dom[8];
        const char *sp = strchr(cmd + 8, ' ');
        unsigned long pages;
        size_t n = sp ? (size_t)(sp - (cmd + 8)) : 0;

        if (!sp || n == 0 || n >= sizeof(dom))
            return false;
        memcpy(dom, cmd + 8, n);
        dom[n] = '\0';
        return parse_ulong(dom, &v) && v < 0x7ff0 &&
               parse_ulong(sp + 1, &pages) && pages <= 0xffffffffu &&
               memory_set_target((domid_t)v, (uint32_t)pages) == 0;
    }
    return false;
}

static void end_line(unsigned int chan)
{
    char *line = chans[chan].line;
    size_t len = chans[chan].len;
    uint32_t head = 0;
    bool ok;

    line[len] = '\0';
    if (len && line[len - 1] == '\r')
        line[--len] = '\0';
    memcpy(&head, line, MIN(len, sizeof(head)));
    ok = !chans[chan].overlong && execute(line);
    TRACE(TRC_XL_CONTROL, ok, head);
    if (chans[chan].reply)
        chans[chan].reply(ok ? "ok\n" : "refused\n", ok ? 3 : 8);
    chans[chan].len = 0;
    chans[chan].overlong = false;
}

void control_feed(unsigned int chan, const uint8_t *bytes, size_t n)
{
    if (chan >= CONTROL_CHANNELS)
        return;
    for (size_t i = 0; i < n; i++) {
        if (bytes[i] == '\n')
            end_line(chan);
        else if (chans[chan].len < CONTROL_LINE_MAX - 1)
            chans[chan].line[chans[chan].len++] = (char)bytes[i];
        else
            chans[chan].overlong = true;
    }
}

/*
 * gdb_monitor.c - `monitor ...` in GDB: asking the hypervisor itself.
 *
 * GDB passes any `monitor TEXT` through to the stub (qRcmd); the answer
 * is text GDB prints. While a guest is stopped, an instructor can look
 * at the machine around it without leaving the debugger:
 *
 *   monitor domains              every domain, its state, where it is
 *   monitor trace                which trace classes are being recorded
 *   monitor trace on|off CLASS   start or stop recording a class
 *   monitor events [N]           the last N trace records (default 20)
 *   monitor others run|stop      while GDB holds a vCPU, do the other
 *                                domains keep running? (default: stop)
 *
 * Trace classes are the first word of the event names the visualizer
 * shows ("pv" for pv.hypercall, "tlb" for tlb.flush), and events are
 * printed with the visualizer's field names, from the records still in
 * this CPU's trace ring (drained or not: the ring keeps the last ones).
 */
#include <hv/arch.h>
#include <hv/trace.h>
#include <klib.h>
#include "gdb_private.h"

#define EVENTS_DEFAULT  20
#define EVENTS_MAX      200

/* ---- Trace classes ---------------------------------------------------------- */

static const struct {
    const char *name;
    uint32_t example;               /* any event of the class */
} classes[] = {
    { "gen", TRC_LOST_RECORDS },
    { "sched", TRC_SCHED_SWITCH },
    { "hvm", TRC_HVM_VMEXIT },
    { "mem", TRC_MEM_MMU_UPDATE },
    { "pv", TRC_PV_HYPERCALL },
    { "hv", TRC_XL_STREAM },
    { "ring", TRC_XL_RING_TRANSITION },
    { "tlb", TRC_XL_TLB_FLUSH },
    { "balloon", TRC_XL_BALLOON_STEP },
    { "evtchn", TRC_XL_EVTCHN_SEND },
    { "ioring", TRC_XL_IORING_OP },
    { "grant", TRC_XL_GRANT_MAP },
    { "vmexit", TRC_XL_VMEXIT + 1 },
    { "debug", TRC_XL_DEBUG_STOP },
    { "lesson", TRC_XL_LESSON_CHECKPOINT },
    { "domain", TRC_XL_DOMAIN_CREATE },
};

uint32_t gdb_trace_class_bits(const char *name)
{
    if (!strcmp(name, "all"))
        return TRACE_MASK_ALL;
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
        if (!strcmp(name, classes[i].name))
            return trace_filter_bit(classes[i].example);
    return 0;
}

/* ---- Formatting records ------------------------------------------------------ */

/*
 * Field names as hvviz prints them; a suffix says how: "/x" hex, "/s"
 * signed, "/t" text from here on; none, decimal (hvviz shows names for
 * some of these numbers: op=18 here is op=console_io there).
 */
static const struct {
    uint32_t id;
    const char *name;
    const char *fields[TRACE_EXTRA_MAX];
} formats[] = {
    { TRC_LOST_RECORDS, "gen.lost", { "count" } },
    { TRC_XL_STREAM, "hv.stream",
      { "magic/x", "version", "tsc_khz", "cpus", "mask/x" } },
    { TRC_XL_BOOT_PHASE, "hv.boot", { "phase", "a", "b" } },
    { TRC_XL_EXCEPTION, "hv.exception",
      { "vector", "error/x", "eip/x", "cs/x", "cr2/x", "eflags/x" } },
    { TRC_XL_SHUTDOWN, "hv.shutdown", { "code" } },
    { TRC_XL_CONTROL, "hv.control", { "ok", "text/t" } },
    { TRC_SCHED_RUNSTATE_CHANGE, "sched.runstate",
      { "dom", "vcpu", "from", "to" } },
    { TRC_SCHED_SWITCH, "sched.switch",
      { "prev", "prev_vcpu", "next", "next_vcpu" } },
    { TRC_SCHED_YIELD, "sched.yield", { "dom", "vcpu" } },
    { TRC_SCHED_SHUTDOWN, "sched.shutdown", { "dom", "vcpu", "reason" } },
    { TRC_PV_HYPERCALL, "pv.hypercall",
      { "op", "result/s", "ebx/x", "ecx/x", "edx/x", "esi/x", "edi/x" } },
    { TRC_PV_TRAP, "pv.trap",
      { "vector", "error/x", "eip/x", "from", "outcome", "handler/x" } },
    { TRC_PV_PAGE_FAULT, "pv.page_fault",
      { "addr/x", "error/x", "eip/x", "from", "outcome" } },
    { TRC_PV_EMULATE_PRIVOP, "pv.privop",
      { "eip/x", "bytes/x", "insn", "outcome", "operand/x" } },
    { TRC_MEM_MMU_UPDATE, "mem.mmu_update",
      { "ptr/x", "ptr_hi/x", "val/x", "val_hi/x", "result/s", "reason" } },
    { TRC_MEM_MMUEXT_OP, "mem.mmuext_op",
      { "cmd", "arg1/x", "arg2/x", "result/s", "reason" } },
    { TRC_MEM_UPDATE_VA, "mem.update_va",
      { "va/x", "val/x", "val_hi/x", "flags/x", "result/s", "reason" } },
    { TRC_XL_RING_TRANSITION, "ring.transition",
      { "from", "to", "cause", "vector/x", "eip/x" } },
    { TRC_XL_TLB_FLUSH, "tlb.flush", { "reason", "scope", "va/x", "dom" } },
    { TRC_XL_BALLOON_STEP, "balloon.step",
      { "dom", "dir", "pages", "total", "free", "target", "max" } },
    { TRC_XL_EVTCHN_SEND, "evtchn.send",
      { "from", "port", "to", "to_port", "newly_pending" } },
    { TRC_XL_EVTCHN_UPCALL, "evtchn.upcall",
      { "dom", "vcpu", "sel/x", "callback/x", "port", "from", "pending" } },
    { TRC_XL_DEBUG_STOP, "debug.stop", { "dom", "vcpu", "reason", "eip/x" } },
    { TRC_XL_DEBUG_RESUME, "debug.resume", { "dom", "vcpu", "mode", "eip/x" } },
    { TRC_XL_DEBUG_REFUSED, "debug.refused", { "why", "packet/t" } },
    { TRC_XL_LESSON_CHECKPOINT, "lesson.checkpoint",
      { "lesson", "step", "state" } },
    { TRC_XL_LESSON_MARK, "lesson.mark",
      { "lesson", "what", "v0", "v1", "v2", "v3", "v4" } },
    { TRC_XL_DOMAIN_CREATE, "domain.create",
      { "dom", "pages", "max", "flags/x", "name/t" } },
    { TRC_XL_DOMAIN_DESTROY, "domain.destroy", { "dom", "reason", "free" } },
};

/* Text carried in data words [i, n): printable bytes up to a NUL. */
static size_t format_text(const uint32_t *data, unsigned int i, unsigned int n,
                          char *buf, size_t size)
{
    size_t len = 0;

    for (unsigned int b = 0; i + b / 4 < n && len + 1 < size; b++) {
        char c = (char)(data[i + b / 4] >> (8 * (b % 4)));

        if (!c)
            break;
        buf[len++] = c >= 0x20 && c < 0x7f ? c : '?';
    }
    buf[len] = '\0';
    return len;
}

static size_t format_record(const struct trace_rec *r, char *buf, size_t size)
{
    unsigned int n = TRACE_REC_NDATA(r->event);
    uint32_t id = TRACE_REC_ID(r->event), data[TRACE_EXTRA_MAX];
    char who[8], text[32];
    size_t len;

    memcpy(data, r->data, sizeof(data));    /* the record is packed */
    if (r->dom == DOMID_IDLE)
        snprintf(who, sizeof(who), "hv");
    else
        snprintf(who, sizeof(who), "d%u", r->dom);
    len = (size_t)snprintf(buf, size, "%7u c%u %-4s", r->seq, r->cpu, who);
    for (size_t f = 0; f < ARRAY_SIZE(formats); f++) {
        if (formats[f].id != id)
            continue;
        len += (size_t)snprintf(buf + len, size - MIN(len, size), " %s",
                                formats[f].name);
        for (unsigned int i = 0; i < n && formats[f].fields[i]; i++) {
            char name[24];
            const char *how = strchr(formats[f].fields[i], '/');
            char kind = how ? how[1] : 'd';

            snprintf(name, sizeof(name), "%s", formats[f].fields[i]);
            if (how)
                name[how - formats[f].fields[i]] = '\0';
            if (kind == 't') {
                format_text(data, i, n, text, sizeof(text));
                len += (size_t)snprintf(buf + len, size - MIN(len, size),
                                        " %s=%s", name, text);
                break;
            }
            len += (size_t)snprintf(buf + len, size - MIN(len, size),
                                    kind == 'x' ? " %s=0x%x"
                                    : kind == 's' ? " %s=%d" : " %s=%u",
                                    name, data[i]);
        }
        len += (size_t)snprintf(buf + len, size - MIN(len, size), "\n");
        return MIN(len, size ? size - 1 : 0);
    }
    len += (size_t)snprintf(buf + len, size - MIN(len, size), " event=0x%07x",
                            id);
    for (unsigned int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, size - MIN(len, size), " 0x%x",
                                data[i]);
    len += (size_t)snprintf(buf + len, size - MIN(len, size), "\n");
    return MIN(len, size ? size - 1 : 0);
}

size_t gdb_format_events(unsigned int n, char *buf, size_t size)
{
    const struct trace_buf *b = trace_buf_of(arch_cpu_id());
    size_t len = 0;
    uint32_t have;

    if (size)
        buf[0] = '\0';
    if (!b->slots)
        return 0;
    have = MIN(b->prod, b->size_mask + 1);
    n = MIN(n, have);
    for (uint32_t i = b->prod - n; i != b->prod; i++) {
        char line[256];
        size_t l = format_record(&b->slots[i & b->size_mask], line,
                                 sizeof(line));

        if (len + l + 1 > size)
            break;
        memcpy(buf + len, line, l + 1);
        len += l;
    }
    return len;
}

/* ---- Commands ------------------------------------------------------------------ */

static int cmd_help(char *args, char *out, size_t size);

static int cmd_domains(char *args, char *out, size_t size)
{
    if (*args)
        return -EINVAL;
    gdb.t->list_domains(out, size);
    return 0;
}

static size_t show_mask(char *out, size_t size)
{
    size_t len = (size_t)snprintf(out, size, "recording (mask %08x):",
                                  trace_mask);

    for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
        len += (size_t)snprintf(out + len, size - MIN(len, size), " %s%s",
                                trace_mask & trace_filter_bit(classes[i].example)
                                    ? "" : "-", classes[i].name);
    len += (size_t)snprintf(out + len, size - MIN(len, size),
                            "\n(-name: not recorded)\n");
    return len;
}

/* trace [on|off CLASS...]; hv and gen always stay on: every reader of
 * the stream needs its header and its loss records. */
static int cmd_trace(char *args, char *out, size_t size)
{
    uint32_t bits = 0, keep = trace_filter_bit(TRC_XL_STREAM) |
                              trace_filter_bit(TRC_LOST_RECORDS);
    bool on;
    char *word;

    if (!*args) {
        show_mask(out, size);
        return 0;
    }
    if (!strncmp(args, "on ", 3))
        on = true;
    else if (!strncmp(args, "off ", 4))
        on = false;
    else
        return -EINVAL;
    for (word = args + (on ? 3 : 4); *word;) {
        char *next = strchr(word, ' ');
        uint32_t b;

        if (next)
            *next++ = '\0';
        b = *word ? gdb_trace_class_bits(word) : 0;
        if (*word && !b) {
            snprintf(out, size, "no trace class '%s'\n", word);
            return -EINVAL;
        }
        bits |= b;
        word = next ? next : word + strlen(word);
    }
    if (!bits)
        return -EINVAL;
    trace_mask = on ? trace_mask | bits : (trace_mask & ~bits) | keep;
    trace_resend_header();          /* readers learn the new mask */
    show_mask(out, size);
    return 0;
}

static int cmd_events(char *args, char *out, size_t size)
{
    unsigned long n = EVENTS_DEFAULT;
    char *end;

    if (*args) {
        n = 0;
        for (end = args; *end >= '0' && *end <= '9' && n <= EVENTS_MAX; end++)
            n = n * 10 + (unsigned long)(*end - '0');
        if (end == args || *end || n == 0 || n > EVENTS_MAX) {
            snprintf(out, size, "events N: N from 1 to %u\n", EVENTS_MAX);
            return -EINVAL;
        }
    }
    if (!gdb_format_events((unsigned int)n, out, size))
        snprintf(out, size, "no trace records yet\n");
    return 0;
}

static int cmd_others(char *args, char *out, size_t size)
{
    if (!strcmp(args, "run"))
        gdb.others_run = true;
    else if (!strcmp(args, "stop"))
        gdb.others_run = false;
    else if (*args)
        return -EINVAL;
    snprintf(out, size, gdb.others_run
             ? "others run: while GDB holds a vCPU, other domains keep running\n"
             : "others stop: while GDB holds a vCPU, every vCPU is held\n");
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(char *args, char *out, size_t size);
    const char *help;
} commands[] = {
    { "help", cmd_help, "this list" },
    { "domains", cmd_domains, "every domain: its state and where it is" },
    { "trace", cmd_trace, "[on|off CLASS...]: what the trace records "
                          "(pv sched mem ring tlb evtchn debug lesson ... all)" },
    { "events", cmd_events, "[N]: the last N trace records (default 20)" },
    { "others", cmd_others, "[run|stop]: while GDB holds a vCPU, do other "
                            "domains run?" },
};

static int cmd_help(char *args, char *out, size_t size)
{
    size_t len = 0;

    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        len += (size_t)snprintf(out + len, size - MIN(len, size),
                                "monitor %-8s %s\n", commands[i].name,
                                commands[i].help);
    return 0;
}

int gdb_monitor(const char *cmd, char *out, size_t size)
{
    char line[128], *args;
    size_t n;

    out[0] = '\0';
    snprintf(line, sizeof(line), "%s", cmd);
    n = strlen(line);
    while (n && line[n - 1] == ' ')
        line[--n] = '\0';
    args = strchr(line, ' ');
    if (args)
        *args++ = '\0';
    else
        args = line + n;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (strcmp(line, commands[i].name))
            continue;
        if (commands[i].fn(args, out, size) == 0)
            return 0;
        if (!out[0])
            snprintf(out, size, "usage: monitor %s %s\n", commands[i].name,
                     commands[i].help);
        return -EINVAL;
    }
    snprintf(out, size, "no monitor command '%s'; try: monitor help\n", line);
    return -EINVAL;
}

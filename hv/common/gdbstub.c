/*
 * gdbstub.c - a GDB remote stub in the hypervisor, for debugging guests.
 *
 * The lecture's hypervisor sees everything its guests do; here it lends
 * that view to GDB. A guest kernel is stopped, stepped and inspected from
 * outside, with no help from the guest: the hypervisor owns the traps a
 * debugger needs (#BP, #DB) and reaches guest memory through the frame
 * table, whatever the guest's own page tables allow. An instructor runs
 *
 *   ./xenlab gdb --lesson 13        (target remote runs/latest/gdb.sock)
 *
 * and GDB sees one program whose threads are the vCPUs of every domain.
 *
 * This file is the protocol's table: a packet that gdb_wire.c has framed
 * and checked is looked up by its name in commands[] and handled by one
 * small function that builds the reply:
 *
 *   g G p P  m M X  Z z      registers, memory, breakpoints (gdb_registers.c,
 *                            gdb_memory.c)
 *   ? c s C S vCont          running (gdb_run.c answers when a vCPU stops)
 *   H T qC qfThreadInfo qThreadExtraInfo     threads
 *   qSupported qXfer:features:read QStartNoAckMode qAttached qRcmd D k
 *
 * Anything not in the table gets the empty reply, which tells GDB "not
 * supported"; a known packet with bad arguments gets "Enn". The stub
 * talks to the machine only through struct gdb_target, so it compiles
 * for the host and tests/unit drives it against a pretend machine.
 */
#include <klib.h>
#include <hv/trace.h>
#include "gdb_private.h"

struct gdb_state gdb;

/* ---- Packets: status and threads ------------------------------------------------ */

static void cmd_stop_reason(const char *a, const char *end)
{
    int tid;

    if (gdb.stopped) {
        gdb_reply_str(gdb.stop_reply);
        return;
    }
    tid = gdb.t->current_thread();
    if (!gdb_alive(tid))
        tid = gdb_first_thread();
    if (!tid) {
        gdb_reply_str("W00");
        return;
    }
    gdb.no_reply = true;
    gdb_report_stop(tid, GDB_SIGTRAP, "", STOP_INTERRUPT, gdb_eip_of(tid));
}

static void cmd_set_thread(const char *a, const char *end)
{
    char op;
    int tid;

    if (a >= end) {
        gdb_malformed();
        return;
    }
    op = *a++;
    if ((op != 'g' && op != 'c') || !gdb_parse_tid(&a, end, &tid) || a != end) {
        gdb_malformed();
        return;
    }
    if (tid > 0 && !gdb_alive(tid)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    if (op == 'g')
        gdb.g_tid = tid;
    else
        gdb.c_tid = tid;
    gdb_reply_str("OK");
}

static void cmd_thread_alive(const char *a, const char *end)
{
    int tid;

    if (!gdb_parse_tid(&a, end, &tid) || a != end) {
        gdb_malformed();
        return;
    }
    if (!gdb_alive(tid)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    gdb_reply_str("OK");
}

static void cmd_current_thread(const char *a, const char *end)
{
    char buf[24];
    int tid = gdb_general_thread();

    snprintf(buf, sizeof(buf), "QC%x", (unsigned int)tid);
    gdb_reply_str(buf);
}

static void cmd_thread_list_first(const char *a, const char *end)
{
    char buf[12];
    char sep = 'm';

    for (int tid = gdb_first_thread(); tid; tid = gdb.t->next_thread(tid)) {
        snprintf(buf, sizeof(buf), "%c%x", sep, (unsigned int)tid);
        gdb_reply_str(buf);
        sep = ',';
    }
    if (sep == 'm')
        gdb_reply_str("l");
}

static void cmd_thread_list_next(const char *a, const char *end)
{
    gdb_reply_str("l");
}

static void cmd_thread_extra(const char *a, const char *end)
{
    struct gdb_thread_info ti;
    char text[64];
    int tid;

    if (!gdb_expect(&a, end, ',') || !gdb_parse_tid(&a, end, &tid) || a != end) {
        gdb_malformed();
        return;
    }
    if (tid <= 0 || !gdb.t->thread_info(tid, &ti)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    snprintf(text, sizeof(text), "dom%u vcpu%u (%s)", ti.dom, ti.vcpu,
             ti.name);
    gdb_reply_hex((const uint8_t *)text, strlen(text));
}

static void cmd_attached(const char *a, const char *end)
{
    gdb_reply_str("1");                 /* quitting GDB detaches, never kills */
}

static void cmd_ok(const char *a, const char *end)
{
    gdb_reply_str("OK");
}

/* ---- Packets: running ------------------------------------------------------- */

/* c/s/C/S [sig;][addr]: resume at addr if given. */
static void old_resume(const char *a, const char *end, char type, bool sig)
{
    struct gdb_action act = { type, -1 };
    uint32_t v, r[GDB_NR_GPRS];
    int tid = gdb.c_tid > 0 ? gdb.c_tid : gdb_general_thread();

    if (sig) {
        if (!gdb_parse_hex(&a, end, &v)) {
            gdb_malformed();
            return;
        }
        if (a != end && !gdb_expect(&a, end, ';')) {
            gdb_malformed();
            return;
        }
    }
    if (a != end) {
        if (!gdb_parse_hex(&a, end, &v) || a != end) {
            gdb_malformed();
            return;
        }
        if (tid <= 0 || gdb.t->get_regs(tid, r)) {
            gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
            return;
        }
        r[GDB_EIP] = v;
        gdb.t->set_regs(tid, r);
    }
    if (type == 's')
        act.tid = tid;              /* the others stay stopped */
    gdb_resume(&act, 1);
}

static void cmd_continue(const char *a, const char *end)
{
    old_resume(a, end, 'c', false);
}

static void cmd_step(const char *a, const char *end)
{
    old_resume(a, end, 's', false);
}

static void cmd_continue_sig(const char *a, const char *end)
{
    old_resume(a, end, 'c', true);
}

static void cmd_step_sig(const char *a, const char *end)
{
    old_resume(a, end, 's', true);
}

static void cmd_vcont_query(const char *a, const char *end)
{
    gdb_reply_str("vCont;c;C;s;S");
}

/* vCont;ACTION[:TID];... with ACTION c, s, Cxx or Sxx. */
static void cmd_vcont(const char *a, const char *end)
{
    struct gdb_action acts[GDB_MAX_ACTIONS];
    unsigned int n = 0;
    uint32_t sig;

    while (a < end) {
        char type;

        if (!gdb_expect(&a, end, ';') || a == end || n == GDB_MAX_ACTIONS) {
            gdb_malformed();
            return;
        }
        type = *a++;
        if (type == 'C' || type == 'S') {
            if (!gdb_parse_hex(&a, end, &sig)) {
                gdb_malformed();
                return;
            }
            type = (char)(type - 'A' + 'a');
        } else if (type != 'c' && type != 's') {
            gdb_malformed();
            return;
        }
        acts[n].type = type;
        acts[n].tid = -1;
        if (a < end && *a == ':') {
            a++;
            if (!gdb_parse_tid(&a, end, &acts[n].tid)) {
                gdb_malformed();
                return;
            }
        }
        n++;
    }
    if (!n) {
        gdb_malformed();
        return;
    }
    gdb_resume(acts, n);
}

static void cmd_detach(const char *a, const char *end)
{
    gdb_reply_str("OK");
    gdb_send_packet(gdb.reply, gdb.reply_len);
    gdb.no_reply = true;
    gdb_detach();
}

static void cmd_kill(const char *a, const char *end)
{
    gdb_clear_breakpoints();
    gdb.no_reply = true;                    /* k has no reply */
    gdb.attached = gdb.stopped = false;
    gdb.t->kill();
}

/* ---- Packets: queries ------------------------------------------------------- */

static bool has_feature(const char *a, const char *end, const char *name)
{
    size_t n = strlen(name);

    for (const char *p = a; p + n <= end; p++)
        if ((p == a || p[-1] == ';' || p[-1] == ':') && !memcmp(p, name, n) &&
            (p + n == end || p[n] == ';'))
            return true;
    return false;
}

/* A new GDB: whatever an old session left planted goes. */
static void cmd_supported(const char *a, const char *end)
{
    char buf[128];

    gdb_clear_breakpoints();
    gdb.nr_pending = 0;
    gdb.swbreak = has_feature(a, end, "swbreak+");
    gdb.hwbreak = has_feature(a, end, "hwbreak+");
    snprintf(buf, sizeof(buf), "PacketSize=%x;qXfer:features:read+;"
             "QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+",
             GDB_PACKET_MAX);
    gdb_reply_str(buf);
}

static void cmd_no_ack(const char *a, const char *end)
{
    gdb_reply_str("OK");
    gdb_send_packet(gdb.reply, gdb.reply_len);
    gdb.no_reply = true;
    gdb.no_ack = true;
}

/* monitor COMMAND: its text as O packets, then OK (or an error). */
static void cmd_monitor(const char *a, const char *end)
{
    static char cmd[128], text[16384];
    bool others_run = gdb.others_run;
    size_t n = 0, len;
    int rc;

    if (!gdb_expect(&a, end, ',') || (end - a) % 2 ||
        (size_t)(end - a) / 2 >= sizeof(cmd)) {
        gdb_malformed();
        return;
    }
    for (; a < end; a += 2) {
        int hi = gdb_hexval(a[0]), lo = gdb_hexval(a[1]);

        if (hi < 0 || lo < 0 || !(hi | lo)) {
            gdb_malformed();
            return;
        }
        cmd[n++] = (char)(hi << 4 | lo);
    }
    cmd[n] = '\0';
    rc = gdb_monitor(cmd, text, sizeof(text));
    len = strnlen(text, sizeof(text));
    for (size_t done = 0; done < len; done += 512) {
        gdb_reply_reset();
        gdb_reply_str("O");
        gdb_reply_hex((const uint8_t *)text + done, MIN(len - done, 512u));
        gdb_send_packet(gdb.reply, gdb.reply_len);
    }
    gdb_reply_reset();
    if (others_run != gdb.others_run)
        gdb_others_changed();
    if (rc) {
        gdb_reply_error(-rc, DEBUG_MALFORMED);
        return;
    }
    gdb_reply_str("OK");
}

/* ---- The command table ------------------------------------------------------ */

typedef void (*command_fn)(const char *args, const char *end);

/*
 * Single letters take their arguments right after the letter; longer
 * names must be followed by the end, ':', ',' or ';'. First match wins.
 */
static const struct command {
    const char *name;
    command_fn fn;
} commands[] = {
    { "?", cmd_stop_reason },
    { "g", gdb_cmd_read_regs },
    { "G", gdb_cmd_write_regs },
    { "p", gdb_cmd_read_reg },
    { "P", gdb_cmd_write_reg },
    { "m", gdb_cmd_read_mem },
    { "M", gdb_cmd_write_mem },
    { "X", gdb_cmd_write_binary },
    { "c", cmd_continue },
    { "s", cmd_step },
    { "C", cmd_continue_sig },
    { "S", cmd_step_sig },
    { "H", cmd_set_thread },
    { "T", cmd_thread_alive },
    { "Z", gdb_cmd_insert },
    { "z", gdb_cmd_remove },
    { "D", cmd_detach },
    { "k", cmd_kill },
    { "vCont?", cmd_vcont_query },
    { "vCont", cmd_vcont },
    { "qSupported", cmd_supported },
    { "qAttached", cmd_attached },
    { "qC", cmd_current_thread },
    { "qfThreadInfo", cmd_thread_list_first },
    { "qsThreadInfo", cmd_thread_list_next },
    { "qThreadExtraInfo", cmd_thread_extra },
    { "qXfer:features:read", gdb_cmd_xfer_features },
    { "qRcmd", cmd_monitor },
    { "qSymbol", cmd_ok },
    { "QStartNoAckMode", cmd_no_ack },
};

static const struct command *lookup(const char *p, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        const char *name = commands[i].name;
        size_t n = strlen(name);

        if (len < n || memcmp(p, name, n))
            continue;
        if (n == 1 || n == len || p[n] == ':' || p[n] == ',' || p[n] == ';' ||
            name[n - 1] == '?')
            return &commands[i];
    }
    return NULL;
}

void gdb_dispatch(void)
{
    const struct command *c = lookup(gdb.pkt, gdb.len);

    gdb_reply_reset();
    gdb.attached = true;
    if (c)
        c->fn(gdb.pkt + strlen(c->name), gdb.pkt + gdb.len);
    if (gdb.reply_overflow)
        gdb_reply_error(E2BIG, DEBUG_NO_ROOM);
    if (!gdb.no_reply)
        gdb_send_packet(gdb.reply, gdb.reply_len);     /* "" = not supported */
}

void gdb_init(const struct gdb_target *target)
{
    memset(&gdb, 0, sizeof(gdb));
    gdb.t = target;
    gdb.step_over.slot = -1;
}

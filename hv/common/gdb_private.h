/*
 * gdb_private.h - what the parts of the GDB stub share (hv/common/gdb*.c).
 *
 *   gdb_wire.c         framing, checksums, acks, escapes; building replies
 *   gdbstub.c          the packet table; threads, running, queries
 *   gdb_registers.c    g G p P, and the i386 target description
 *   gdb_memory.c       m M X, and Z z (breakpoints, watchpoints)
 *   gdb_run.c          stopping, stepping and resuming vCPUs for GDB
 *   gdb_breakpoints.c  int3 sites in guest memory, debug-register slots
 *   gdb_monitor.c      `monitor ...` commands and the trace they show
 *
 * There is one debugger line per machine, so the stub's state is one
 * structure, `gdb`. The public interface is hv/include/hv/gdbstub.h.
 */
#ifndef HV_COMMON_GDB_PRIVATE_H
#define HV_COMMON_GDB_PRIVATE_H

#include <hv/gdbstub.h>
#include <hv/trace.h>

#define GDB_REPLY_MAX       (2 * GDB_PACKET_MAX + 64)
#define GDB_MEM_MAX         GDB_PACKET_MAX      /* bytes per m/M/X */
#define GDB_MAX_SITES       256                 /* breakpoint x domain */
#define GDB_MAX_PENDING     32
#define GDB_MAX_ACTIONS     8
#define GDB_INT3            0xcc

enum { GDB_SIGINT = 2, GDB_SIGTRAP = 5 };

/* debug.stop / debug.resume reasons (public/trace.h). */
enum { STOP_BREAKPOINT = 1, STOP_STEP, STOP_INTERRUPT, STOP_WATCHPOINT };
enum { RESUME_CONTINUE = 1, RESUME_STEP };

enum gdb_rx_state { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 };

/* One software breakpoint in one domain's memory. */
struct gdb_site {
    bool used, suspended;           /* suspended: original byte put back */
    uint16_t dom;
    uint32_t addr;
    uint64_t where;                 /* machine address, from the target */
    uint8_t orig;
};

/* One debug register (DR0-DR3). */
struct gdb_hw_slot {
    bool used, suspended;
    uint8_t type;                   /* enum gdb_hw_type */
    uint8_t len;
    uint32_t addr;
};

/* A stop that came while GDB was looking at another (others run). */
struct gdb_pending {
    int tid;
    uint32_t addr;                  /* its int3, if it must still be there */
    char reply[48];
};

/* One vCont action. */
struct gdb_action {
    char type;                      /* 'c' or 's' */
    int tid;                        /* -1 or 0: every thread not named */
};

struct gdb_state {
    const struct gdb_target *t;

    /* Receiving (gdb_wire.c). */
    enum gdb_rx_state rx;
    char pkt[GDB_PACKET_MAX + 1];
    size_t len;
    bool overlong;
    uint8_t sum, given;

    /* Replying. */
    char reply[GDB_REPLY_MAX + 1];
    size_t reply_len;
    bool reply_overflow, no_reply;
    char last[GDB_REPLY_MAX + 1];   /* sent again on '-' */
    size_t last_len;
    bool no_ack, swbreak, hwbreak;

    /* The session (gdb_run.c). */
    bool attached, stopped, others_run;
    int g_tid, c_tid, stop_tid;
    char stop_reply[64];
    struct gdb_pending pending[GDB_MAX_PENDING];
    unsigned int nr_pending;

    /* Breakpoints (gdb_breakpoints.c). */
    struct gdb_site sites[GDB_MAX_SITES];
    struct gdb_hw_slot hw[GDB_HW_SLOTS];
    struct {
        bool active, then_continue;
        int tid, slot;              /* slot -1: a software breakpoint */
        uint16_t dom;
        uint32_t addr;
    } step_over;

    uint8_t mem[GDB_MEM_MAX];       /* m/M/X data */
};

extern struct gdb_state gdb;

/* ---- gdb_wire.c ---------------------------------------------------------- */

int gdb_hexval(char c);
extern const char gdb_hexdigit[16];
bool gdb_parse_hex(const char **s, const char *end, uint32_t *out);
bool gdb_expect(const char **s, const char *end, char c);
bool gdb_parse_tid(const char **s, const char *end, int *tid);
bool gdb_parse_range(const char **s, const char *end, char sep,
                     uint32_t *addr, uint32_t *len);
bool gdb_parse_le32(const char *s, const char *end, uint32_t *v);

void gdb_send_packet(const char *payload, size_t len);
void gdb_reply_reset(void);
void gdb_reply_mem(const char *s, size_t n);
void gdb_reply_str(const char *s);
void gdb_reply_hex(const uint8_t *bytes, size_t n);
void gdb_reply_le32(uint32_t v);
void gdb_reply_error(int err, unsigned int why);    /* why: enum debug_refusal */
void gdb_malformed(void);
void gdb_target_error(int rc);
void gdb_trace_refused(unsigned int why);

/* ---- gdbstub.c ------------------------------------------------------------- */

void gdb_dispatch(void);

/* ---- gdb_registers.c: packet handlers (arguments, end of packet) ------------ */

void gdb_cmd_read_regs(const char *a, const char *end);         /* g */
void gdb_cmd_write_regs(const char *a, const char *end);        /* G */
void gdb_cmd_read_reg(const char *a, const char *end);          /* p */
void gdb_cmd_write_reg(const char *a, const char *end);         /* P */
void gdb_cmd_xfer_features(const char *a, const char *end);     /* qXfer */

/* ---- gdb_memory.c: packet handlers ----------------------------------------- */

void gdb_cmd_read_mem(const char *a, const char *end);          /* m */
void gdb_cmd_write_mem(const char *a, const char *end);         /* M */
void gdb_cmd_write_binary(const char *a, const char *end);      /* X */
void gdb_cmd_insert(const char *a, const char *end);            /* Z */
void gdb_cmd_remove(const char *a, const char *end);            /* z */

/* ---- gdb_run.c --------------------------------------------------------------- */

bool gdb_alive(int tid);
uint16_t gdb_dom_of(int tid);
uint32_t gdb_eip_of(int tid);
int gdb_first_thread(void);
int gdb_general_thread(void);
void gdb_trace_debug(uint32_t id, int tid, unsigned int why, uint32_t eip);
void gdb_report_stop(int tid, int sig, const char *why, unsigned int reason,
                     uint32_t eip);
void gdb_interrupt(void);
void gdb_resume(const struct gdb_action *acts, unsigned int n);
void gdb_detach(void);
void gdb_others_changed(void);
void gdb_check_all_held(void);

/* ---- gdb_breakpoints.c --------------------------------------------------------- */

struct gdb_site *gdb_find_site(uint16_t dom, uint32_t addr);
bool gdb_any_site_at(uint32_t addr);
int gdb_insert_sw(uint32_t addr);
int gdb_remove_sw(uint32_t addr);
int gdb_insert_hw(unsigned int type, uint32_t addr, uint32_t len);
int gdb_remove_hw(unsigned int type, uint32_t addr, uint32_t len);
void gdb_clear_breakpoints(void);
/* Memory as GDB must see it: the guest's bytes, not our int3s. */
void gdb_hide_sites(uint16_t dom, uint32_t addr, uint8_t *buf, uint32_t n);
/* GDB writes over a breakpoint: keep the int3, remember the new byte. */
void gdb_keep_sites(uint16_t dom, uint32_t addr, uint8_t *buf, uint32_t n);
bool gdb_begin_step_over(int tid, bool then_continue);
void gdb_end_step_over(void);

/* ---- gdb_monitor.c ------------------------------------------------------------- */

/* Run `monitor cmd`, its text into out; 0 or -EINVAL. */
int gdb_monitor(const char *cmd, char *out, size_t size);

#endif /* HV_COMMON_GDB_PRIVATE_H */

/*
 * gdb_registers.c - a vCPU's registers as GDB numbers them, and the target
 * description that tells GDB so.
 *
 * GDB asks for the i386 register file in its own order (enum gdb_reg):
 *
 *   0 eax  1 ecx  2 edx  3 ebx  4 esp  5 ebp  6 esi  7 edi
 *   8 eip  9 eflags  10 cs  11 ss  12 ds  13 es  14 fs  15 gs
 *   16-23 st0-st7 (10 bytes each)  24-31 fctrl ... fop
 *
 * each as little-endian hex. The general registers are the vCPU's saved
 * frame (the target translates from struct cpu_user_regs); the x87 ones
 * are sent as "xx", which GDB shows as <unavailable>. Writes go through
 * the target, which keeps a guest out of ring 0 whatever GDB asks.
 *
 * qXfer:features:read:target.xml sends target_xml below in pieces, so
 * GDB knows the layout instead of guessing it from the ELF file.
 */
#include <klib.h>
#include "gdb_private.h"

/* x87 registers: st0-7 are 10 bytes, the control words 4: not shown. */
static void reply_unavailable(unsigned int reg)
{
    for (unsigned int i = 0; i < (reg < 24 ? 10u : 4u); i++)
        gdb_reply_str("xx");
}

static bool get_regs(int tid, uint32_t r[GDB_NR_GPRS])
{
    return tid > 0 && gdb.t->get_regs(tid, r) == 0;
}

void gdb_cmd_read_regs(const char *a, const char *end)
{
    uint32_t r[GDB_NR_GPRS];

    if (a != end) {
        gdb_malformed();
        return;
    }
    if (!get_regs(gdb_general_thread(), r)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    for (unsigned int i = 0; i < GDB_NR_GPRS; i++)
        gdb_reply_le32(r[i]);
    for (unsigned int i = GDB_NR_GPRS; i < GDB_NR_REGS; i++)
        reply_unavailable(i);
}

static void write_regs(int tid, const uint32_t r[GDB_NR_GPRS])
{
    int rc = gdb.t->set_regs(tid, r);

    if (rc) {
        gdb_target_error(rc);
        return;
    }
    gdb_reply_str("OK");
}

void gdb_cmd_write_regs(const char *a, const char *end)
{
    uint32_t r[GDB_NR_GPRS];
    int tid = gdb_general_thread();

    for (unsigned int i = 0; i < GDB_NR_GPRS; i++)
        if (!gdb_parse_le32(a + 8 * i, end, &r[i])) {
            gdb_malformed();
            return;
        }
    if (!tid) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    write_regs(tid, r);
}

void gdb_cmd_read_reg(const char *a, const char *end)
{
    uint32_t r[GDB_NR_GPRS], n;

    if (!gdb_parse_hex(&a, end, &n) || a != end || n >= GDB_NR_REGS) {
        gdb_malformed();
        return;
    }
    if (!get_regs(gdb_general_thread(), r)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    if (n < GDB_NR_GPRS)
        gdb_reply_le32(r[n]);
    else
        reply_unavailable(n);
}

void gdb_cmd_write_reg(const char *a, const char *end)
{
    uint32_t r[GDB_NR_GPRS], n, v;
    int tid = gdb_general_thread();

    if (!gdb_parse_hex(&a, end, &n) || !gdb_expect(&a, end, '=') ||
        !gdb_parse_le32(a, end, &v) || end - a != 8 || n >= GDB_NR_REGS) {
        gdb_malformed();
        return;
    }
    if (n >= GDB_NR_GPRS) {
        gdb_reply_error(EPERM, DEBUG_READ_ONLY);
        return;
    }
    if (!get_regs(tid, r)) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    r[n] = v;
    write_regs(tid, r);
}

/* The target description: i386 registers, as gdb_reg numbers them. */
static const char target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>i386</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<flags id=\"i386_eflags\" size=\"4\">\n"
    "<field name=\"CF\" start=\"0\" end=\"0\"/>"
    "<field name=\"\" start=\"1\" end=\"1\"/>"
    "<field name=\"PF\" start=\"2\" end=\"2\"/>"
    "<field name=\"AF\" start=\"4\" end=\"4\"/>"
    "<field name=\"ZF\" start=\"6\" end=\"6\"/>"
    "<field name=\"SF\" start=\"7\" end=\"7\"/>"
    "<field name=\"TF\" start=\"8\" end=\"8\"/>"
    "<field name=\"IF\" start=\"9\" end=\"9\"/>"
    "<field name=\"DF\" start=\"10\" end=\"10\"/>"
    "<field name=\"OF\" start=\"11\" end=\"11\"/>"
    "<field name=\"NT\" start=\"14\" end=\"14\"/>"
    "<field name=\"RF\" start=\"16\" end=\"16\"/>"
    "<field name=\"VM\" start=\"17\" end=\"17\"/>"
    "<field name=\"AC\" start=\"18\" end=\"18\"/>\n"
    "</flags>\n"
    "<reg name=\"eax\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\"/>\n"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "</feature>\n"
    "</target>\n";

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
void gdb_cmd_xfer_features(const char *a, const char *end)
{
    static const char annex[] = "target.xml:";
    size_t total = sizeof(target_xml) - 1;
    uint32_t off, len;

    if (!gdb_expect(&a, end, ':')) {
        gdb_malformed();
        return;
    }
    if ((size_t)(end - a) < sizeof(annex) - 1 ||
        memcmp(a, annex, sizeof(annex) - 1)) {
        gdb_reply_error(ENOENT, DEBUG_MALFORMED);
        return;
    }
    a += sizeof(annex) - 1;
    if (!gdb_parse_range(&a, end, 0, &off, &len)) {
        gdb_malformed();
        return;
    }
    if (off >= total) {
        gdb_reply_str("l");
        return;
    }
    len = MIN(len, MIN((uint32_t)(total - off), GDB_PACKET_MAX - 16u));
    gdb_reply_str(off + len < total ? "m" : "l");
    gdb_reply_mem(target_xml + off, len);
}

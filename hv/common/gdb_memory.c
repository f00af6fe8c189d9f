/*
 * gdb_memory.c - GDB's view of guest memory: reading, writing, and
 * planting breakpoints and watchpoints in it.
 *
 *   m ADDR,LEN           read (hex back); short if a page is not mapped
 *   M ADDR,LEN:HEX       write
 *   X ADDR,LEN:BINARY    write, '}' escaping the next byte (^ 0x20)
 *   Z/z TYPE,ADDR,KIND   insert/remove: 0 int3, 1 hardware breakpoint,
 *                        2 write, 3 read, 4 access watchpoint
 *
 * Addresses are the selected thread's (Hg): its domain's page tables say
 * what they mean (debug.c). What GDB reads never shows an int3 it
 * planted, and what it writes over one keeps the int3 in place
 * (gdb_breakpoints.c). Refusals come back as "Enn" with the errno the
 * target gave: 0d for the hypervisor's slice, 0e unmapped, 01 read-only.
 */
#include <klib.h>
#include "gdb_private.h"

void gdb_cmd_read_mem(const char *a, const char *end)
{
    uint32_t addr, len;
    int tid = gdb_general_thread(), n;

    if (!gdb_parse_range(&a, end, 0, &addr, &len) || len == 0) {
        gdb_malformed();
        return;
    }
    if (!tid) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    len = MIN(len, GDB_MEM_MAX);
    if ((uint64_t)addr + len > 0x100000000ull)
        len = (uint32_t)(0x100000000ull - addr);      /* stop at 4 GB */
    n = gdb.t->read_mem(tid, addr, gdb.mem, len);
    if (n <= 0) {
        gdb_target_error(n ? n : -EFAULT);
        return;
    }
    gdb_hide_sites(gdb_dom_of(tid), addr, gdb.mem, (uint32_t)n);
    gdb_reply_hex(gdb.mem, (size_t)n);
}

/* Write len bytes of gdb.mem; an int3 under them stays. */
static void write_mem(int tid, uint32_t addr, uint32_t len)
{
    int n;

    gdb_keep_sites(gdb_dom_of(tid), addr, gdb.mem, len);
    n = gdb.t->write_mem(tid, addr, gdb.mem, len);
    if (n < 0 || (uint32_t)n != len) {
        gdb_target_error(n < 0 ? n : -EFAULT);
        return;
    }
    gdb_reply_str("OK");
}

void gdb_cmd_write_mem(const char *a, const char *end)
{
    uint32_t addr, len;
    int tid = gdb_general_thread();

    if (!gdb_parse_range(&a, end, ':', &addr, &len) || len > GDB_MEM_MAX ||
        (size_t)(end - a) != 2 * (size_t)len) {
        gdb_malformed();
        return;
    }
    for (uint32_t i = 0; i < len; i++) {
        int hi = gdb_hexval(a[2 * i]), lo = gdb_hexval(a[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            gdb_malformed();
            return;
        }
        gdb.mem[i] = (uint8_t)(hi << 4 | lo);
    }
    if (!tid) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    if (len)
        write_mem(tid, addr, len);
    else
        gdb_reply_str("OK");
}

/* X: the same with binary data, '}' escaping the next byte (^ 0x20). */
void gdb_cmd_write_binary(const char *a, const char *end)
{
    uint32_t addr, len, n = 0;
    int tid = gdb_general_thread();

    if (!gdb_parse_range(&a, end, ':', &addr, &len) || len > GDB_MEM_MAX) {
        gdb_malformed();
        return;
    }
    while (a < end && n < len) {
        uint8_t c = (uint8_t)*a++;

        if (c == '}') {
            if (a == end) {
                gdb_malformed();
                return;
            }
            c = (uint8_t)(*a++ ^ 0x20);
        }
        gdb.mem[n++] = c;
    }
    if (n != len || a != end) {
        gdb_malformed();
        return;
    }
    if (!len) {
        gdb_reply_str("OK");            /* GDB probing for X */
        return;
    }
    if (!tid) {
        gdb_reply_error(ESRCH, DEBUG_NO_THREAD);
        return;
    }
    write_mem(tid, addr, len);
}

/* Z/z TYPE,ADDR,KIND[;conditions]: 0 int3, 1 hw exec, 2-4 watchpoints. */
static void breakpoint_packet(const char *a, const char *end, bool insert)
{
    uint32_t type, addr, kind;
    int rc;

    if (!gdb_parse_hex(&a, end, &type) || !gdb_expect(&a, end, ',') ||
        !gdb_parse_hex(&a, end, &addr) || !gdb_expect(&a, end, ',') ||
        !gdb_parse_hex(&a, end, &kind) || (a != end && *a != ';') || type > 4) {
        gdb_malformed();
        return;
    }
    if (type == 0 && kind != 1) {
        gdb_malformed();                    /* x86: int3 is one byte */
        return;
    }
    if (type == 0)
        rc = insert ? gdb_insert_sw(addr) : gdb_remove_sw(addr);
    else
        rc = insert ? gdb_insert_hw(type, addr, kind)
                    : gdb_remove_hw(type, addr, kind);
    if (rc == -ENOSPC) {
        gdb_reply_error(ENOSPC, DEBUG_NO_ROOM);
        return;
    }
    if (rc == -EINVAL || rc == -ENOENT) {
        gdb_reply_error(-rc, DEBUG_MALFORMED);
        return;
    }
    if (rc) {
        gdb_target_error(rc);
        return;
    }
    gdb_reply_str("OK");
}

void gdb_cmd_insert(const char *a, const char *end)
{
    breakpoint_packet(a, end, true);
}

void gdb_cmd_remove(const char *a, const char *end)
{
    breakpoint_packet(a, end, false);
}

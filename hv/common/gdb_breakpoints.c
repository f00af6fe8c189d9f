/*
 * gdb_breakpoints.c - where GDB's breakpoints and watchpoints live.
 *
 * Software breakpoints (Z0) are the one-byte int3, 0xCC. GDB believes all
 * its threads share one address space; here each domain has its own, so
 * a breakpoint at an address is planted in every domain that maps it
 * there, each "site" keeping that domain's original byte:
 *
 *   Z0,c0001234  ->  site { dom 0, c0001234, machine addr, orig 0x55 }
 *                    site { dom 1, c0001234, machine addr, orig 0x55 }
 *
 * The target writes through the hypervisor's own mapping of the frame,
 * not the guest's page tables, so read-only kernel text takes an int3 and
 * no page changes type. GDB never sees an int3 it planted when it reads
 * memory, and a write over one keeps the int3 and updates the original.
 *
 * Hardware breakpoints and watchpoints (Z1-Z4) take the four debug
 * registers DR0-DR3, the same in every vCPU; DR7 says what each watches:
 *
 *   DR7   bits 0,2,4,6: slot enabled | bits 16+4i: 00 exec, 01 write,
 *         11 read/write | bits 18+4i: length 1, 2, 4 (00, 01, 11)
 *
 * To resume a vCPU sitting on a breakpoint, the instruction it replaced
 * must run first: the breakpoint is suspended for one step (step over).
 */
#include <klib.h>
#include "gdb_private.h"

struct gdb_site *gdb_find_site(uint16_t dom, uint32_t addr)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++)
        if (gdb.sites[i].used && gdb.sites[i].dom == dom &&
            gdb.sites[i].addr == addr)
            return &gdb.sites[i];
    return NULL;
}

bool gdb_any_site_at(uint32_t addr)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++)
        if (gdb.sites[i].used && gdb.sites[i].addr == addr)
            return true;
    return false;
}

static int arm(struct gdb_site *s)
{
    int rc = gdb.t->poke(s->dom, s->addr, GDB_INT3, &s->where, &s->orig);

    s->suspended = rc < 0;
    return rc;
}

static struct gdb_site *free_site(void)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++)
        if (!gdb.sites[i].used)
            return &gdb.sites[i];
    return NULL;
}

int gdb_remove_sw(uint32_t addr)
{
    int rc = -ENOENT;

    for (unsigned int i = 0; i < GDB_MAX_SITES; i++) {
        struct gdb_site *s = &gdb.sites[i];

        if (!s->used || s->addr != addr)
            continue;
        if (!s->suspended)
            gdb.t->unpoke(s->dom, s->where, s->orig);
        s->used = false;
        rc = 0;
    }
    return rc;
}

/* An int3 at addr in every domain that maps addr. */
int gdb_insert_sw(uint32_t addr)
{
    int rc = -EFAULT, placed = 0;

    if (gdb_any_site_at(addr))
        return 0;
    for (int tid = gdb_first_thread(); tid; tid = gdb.t->next_thread(tid)) {
        uint16_t dom = gdb_dom_of(tid);
        struct gdb_site *s;
        int err;

        if (gdb_find_site(dom, addr))
            continue;                   /* another vCPU of the same domain */
        s = free_site();
        if (!s) {
            gdb_remove_sw(addr);
            return -ENOSPC;
        }
        *s = (struct gdb_site){ .used = true, .dom = dom, .addr = addr };
        err = arm(s);
        if (err < 0) {
            rc = err;                   /* not mapped in this domain */
            s->used = false;
            continue;
        }
        placed++;
    }
    return placed ? 0 : rc;
}

void gdb_hide_sites(uint16_t dom, uint32_t addr, uint8_t *buf, uint32_t n)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++) {
        const struct gdb_site *s = &gdb.sites[i];

        if (s->used && s->dom == dom && s->addr - addr < n)
            buf[s->addr - addr] = s->orig;
    }
}

void gdb_keep_sites(uint16_t dom, uint32_t addr, uint8_t *buf, uint32_t n)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++) {
        struct gdb_site *s = &gdb.sites[i];

        if (s->used && !s->suspended && s->dom == dom && s->addr - addr < n) {
            s->orig = buf[s->addr - addr];
            buf[s->addr - addr] = GDB_INT3;
        }
    }
}

/* ---- Debug registers ------------------------------------------------------ */

static void apply_hw(void)
{
    static const uint8_t rw[] = { [GDB_HW_EXEC] = 0, [GDB_HW_WRITE] = 1,
                                  [GDB_HW_READ] = 3, [GDB_HW_ACCESS] = 3 };
    static const uint8_t len_bits[] = { [1] = 0, [2] = 1, [4] = 3 };
    uint32_t addr[GDB_HW_SLOTS] = { 0 }, dr7 = 0;

    for (unsigned int i = 0; i < GDB_HW_SLOTS; i++) {
        const struct gdb_hw_slot *h = &gdb.hw[i];

        if (!h->used || h->suspended)
            continue;
        addr[i] = h->addr;
        dr7 |= 1u << (2 * i) |
               (uint32_t)(rw[h->type] | len_bits[h->len] << 2) << (16 + 4 * i);
    }
    if (dr7)
        dr7 |= 1u << 8;                 /* LE: exact data breakpoints */
    gdb.t->set_debugregs(addr, dr7);
}

/* Exec: one byte; data: 1, 2 or 4 bytes, aligned (what x86 can watch;
 * x86 cannot watch reads alone, so a read watchpoint watches both). */
int gdb_insert_hw(unsigned int type, uint32_t addr, uint32_t len)
{
    struct gdb_hw_slot *slot = NULL;

    if (type == GDB_HW_EXEC)
        len = 1;
    else if ((len != 1 && len != 2 && len != 4) || (addr & (len - 1)))
        return -EINVAL;
    for (unsigned int i = 0; i < GDB_HW_SLOTS; i++) {
        struct gdb_hw_slot *h = &gdb.hw[i];

        if (h->used && h->type == type && h->addr == addr && h->len == len)
            return 0;
        if (!h->used && !slot)
            slot = h;
    }
    if (!slot)
        return -ENOSPC;
    *slot = (struct gdb_hw_slot){ .used = true, .type = (uint8_t)type,
                                  .len = (uint8_t)len, .addr = addr };
    apply_hw();
    return 0;
}

int gdb_remove_hw(unsigned int type, uint32_t addr, uint32_t len)
{
    for (unsigned int i = 0; i < GDB_HW_SLOTS; i++) {
        struct gdb_hw_slot *h = &gdb.hw[i];

        if (h->used && h->type == type && h->addr == addr &&
            (type == GDB_HW_EXEC || h->len == len)) {
            h->used = false;
            apply_hw();
            return 0;
        }
    }
    return -ENOENT;
}

/* Forget every breakpoint and watchpoint, leaving memory as it was. */
void gdb_clear_breakpoints(void)
{
    for (unsigned int i = 0; i < GDB_MAX_SITES; i++)
        if (gdb.sites[i].used)
            gdb_remove_sw(gdb.sites[i].addr);
    memset(gdb.hw, 0, sizeof(gdb.hw));
    gdb.step_over.active = false;
    apply_hw();
}

/* ---- Stepping over a breakpoint --------------------------------------------- */

static int exec_slot_at(uint32_t addr)
{
    for (unsigned int i = 0; i < GDB_HW_SLOTS; i++)
        if (gdb.hw[i].used && !gdb.hw[i].suspended &&
            gdb.hw[i].type == GDB_HW_EXEC && gdb.hw[i].addr == addr)
            return (int)i;
    return -1;
}

/* tid is about to run an instruction a breakpoint covers: uncover it for
 * one step. Returns false if there is nothing to step over. */
bool gdb_begin_step_over(int tid, bool then_continue)
{
    uint32_t eip = gdb_eip_of(tid);
    uint16_t dom = gdb_dom_of(tid);
    struct gdb_site *s = gdb_find_site(dom, eip);
    int slot = exec_slot_at(eip);

    if (s && s->suspended)
        s = NULL;
    if (gdb.step_over.active || (!s && slot < 0))
        return false;
    gdb.step_over.active = true;
    gdb.step_over.then_continue = then_continue;
    gdb.step_over.tid = tid;
    gdb.step_over.dom = dom;
    gdb.step_over.addr = eip;
    gdb.step_over.slot = s ? -1 : slot;
    if (s) {
        gdb.t->unpoke(dom, s->where, s->orig);
        s->suspended = true;
    } else {
        gdb.hw[slot].suspended = true;
        apply_hw();
    }
    return true;
}

/* The step is done, or abandoned: the breakpoint goes back. */
void gdb_end_step_over(void)
{
    struct gdb_site *s;

    if (!gdb.step_over.active)
        return;
    gdb.step_over.active = false;
    if (gdb.step_over.slot >= 0) {
        gdb.hw[gdb.step_over.slot].suspended = false;
        apply_hw();
        return;
    }
    s = gdb_find_site(gdb.step_over.dom, gdb.step_over.addr);
    if (s && s->suspended)
        arm(s);
}

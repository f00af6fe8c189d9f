/*
 * debug.c - the machine under the GDB stub: guest vCPUs as GDB threads,
 * their registers and memory, int3, single steps and debug registers.
 *
 * A debugger on x86 rests on three pieces of hardware, and a PV
 * hypervisor owns all three before its guests do:
 *
 *   int3 (0xCC)   #BP, vector 3: the stub writes it over an instruction
 *   EFLAGS.TF     #DB after one instruction: a single step
 *   DR0-DR3, DR7  #DB when an address is executed, written or read
 *
 * A #BP or #DB from a guest comes here first (traps.c). If the stub
 * planted that int3, asked for that step or set that debug register,
 * the vCPU stops for GDB; otherwise the trap is the guest's own and is
 * bounced to it as usual, so a guest that debugs itself still can.
 *
 * To GDB a hypercall (or an emulated privileged instruction) is one
 * instruction: stepping over int $0x82 stops right after it. The CPU
 * alone would stop one instruction later (it clears TF on the way into
 * ring 0, iret puts it back), and that is what a guest stepping itself
 * sees. While GDB steps a vCPU, its 0x82 gate leads to a second entry
 * (hypercall_trap_stepped) that ends the step; no other hypercall pays.
 *
 * Guest memory is reached by walking the vCPU's own page tables with
 * map_domain_page(), never through the guest's mappings: an int3 goes
 * into read-only kernel text without changing a page's type, and nothing
 * at or above HYPERVISOR_VIRT_START is ever shown or written. A page
 * table, a descriptor page or another domain's frame is read-only to
 * the debugger too: it may not break the hypervisor's invariants.
 *
 *   GDB thread id = domain id * MAX_VCPUS + vcpu id + 1    (dom0 vcpu0: 1)
 *
 * gdb_wait on the hypervisor's command line holds every vCPU before its
 * first instruction until GDB connects (./xenlab gdb --lesson N --start).
 *
 * A hardware-assisted vCPU (lesson 12) is a thread too: its registers are
 * its VMCB's, its memory is found through the nested page tables, its
 * #BP and #DB exit to svm.c, which asks here whether they were GDB's.
 * Watchpoints (debug registers) are PV-only.
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gdbstub.h>
#include <hv/hvm.h>
#include <hv/mm.h>
#include <hv/page.h>
#include <hv/sched.h>
#include <hv/trace.h>
#include <klib.h>
#include "x86.h"

#define NR_THREADS      (MAX_DOMAINS * MAX_VCPUS)
#define DR6_HITS        0xfu            /* B0-B3: which slot fired */
#define DR6_BS          (1u << 14)      /* a single step */
#define DR6_CLEAR       0xffff0ff0u     /* no status bits */
/* Flags GDB may change; IF, IOPL and the rest stay the hypervisor's. */
#define EFLAGS_GDB      0x00040dd5u     /* CF PF AF ZF SF TF DF OF AC */

uint32_t debug_hv_traps;            /* watchpoints the hypervisor tripped */

/* ---- Threads ---------------------------------------------------------------- */

static int tid_of(const struct vcpu *v)
{
    return (int)(v->domain->domain_id * MAX_VCPUS + v->vcpu_id + 1);
}

static struct vcpu *vcpu_of(int tid)
{
    struct domain *d;
    unsigned int n;

    if (tid <= 0 || tid > NR_THREADS)
        return NULL;
    d = domains[(unsigned int)(tid - 1) / MAX_VCPUS];
    n = (unsigned int)(tid - 1) % MAX_VCPUS;
    if (!d || d->shutting_down || n >= d->nr_vcpus)
        return NULL;
    return d->vcpu[n];
}

static int next_thread(int after)
{
    for (int tid = MAX(after, 0) + 1; tid <= NR_THREADS; tid++)
        if (vcpu_of(tid))
            return tid;
    return 0;
}

static bool thread_info(int tid, struct gdb_thread_info *ti)
{
    const struct vcpu *v = vcpu_of(tid);

    if (!v)
        return false;
    ti->dom = v->domain->domain_id;
    ti->vcpu = (uint8_t)v->vcpu_id;
    strlcpy(ti->name, v->domain->name, sizeof(ti->name));
    return true;
}

static int current_thread(void)
{
    return current ? tid_of(current) : 0;
}

/* ---- Registers ---------------------------------------------------------------- */

/* On the CPU, a vCPU's registers are the frame on the stack; off it, the
 * copy the scheduler saved. */
static struct cpu_user_regs *regs_of(const struct vcpu *v)
{
    return v == current ? guest_regs() : (struct cpu_user_regs *)&v->regs;
}

static int get_regs(int tid, uint32_t r[GDB_NR_GPRS])
{
    const struct vcpu *v = vcpu_of(tid);
    const struct cpu_user_regs *g;

    if (!v)
        return -ESRCH;
    if (v->hvm) {
        hvm_get_regs(v, r);
        return 0;
    }
    g = regs_of(v);
    r[GDB_EAX] = g->eax;
    r[GDB_ECX] = g->ecx;
    r[GDB_EDX] = g->edx;
    r[GDB_EBX] = g->ebx;
    r[GDB_ESP] = g->esp;
    r[GDB_EBP] = g->ebp;
    r[GDB_ESI] = g->esi;
    r[GDB_EDI] = g->edi;
    r[GDB_EIP] = g->eip;
    r[GDB_EFLAGS] = g->eflags;
    r[GDB_CS] = g->cs;
    r[GDB_SS] = g->ss;
    r[GDB_DS] = g->ds;
    r[GDB_ES] = g->es;
    r[GDB_FS] = g->fs;
    r[GDB_GS] = g->gs;
    return 0;
}

static bool frame_selector_ok(uint32_t sel)
{
    uint16_t s = guest_selector(sel);

    return guest_may_load(s, s & 3);
}

static int set_regs(int tid, const uint32_t r[GDB_NR_GPRS])
{
    struct vcpu *v = vcpu_of(tid);
    struct cpu_user_regs *g;

    if (!v)
        return -ESRCH;
    if (v->hvm) {
        hvm_set_regs(v, r, EFLAGS_GDB);
        return 0;
    }
    /* GDB is no more trusted with the CPU than the guest: the same
     * selector and EFLAGS rules as the iret hypercall's (x86.h). */
    if (!frame_selector_ok(r[GDB_CS]) || !frame_selector_ok(r[GDB_SS]))
        return -EINVAL;
    g = regs_of(v);
    g->eax = r[GDB_EAX];
    g->ecx = r[GDB_ECX];
    g->edx = r[GDB_EDX];
    g->ebx = r[GDB_EBX];
    g->esp = r[GDB_ESP];
    g->ebp = r[GDB_EBP];
    g->esi = r[GDB_ESI];
    g->edi = r[GDB_EDI];
    g->eip = r[GDB_EIP];
    g->eflags = pv_guest_eflags((g->eflags & ~EFLAGS_GDB) |
                                (r[GDB_EFLAGS] & EFLAGS_GDB));
    g->cs = guest_selector(r[GDB_CS]);
    g->ss = guest_selector(r[GDB_SS]);
    g->ds = (uint16_t)r[GDB_DS];
    g->es = (uint16_t)r[GDB_ES];
    g->fs = (uint16_t)r[GDB_FS];
    g->gs = (uint16_t)r[GDB_GS];
    return 0;
}

/* ---- Memory --------------------------------------------------------------------- */

/* The frame behind va in v's page tables. */
static int translate(const struct vcpu *v, uint32_t va, mfn_t *mfn)
{
    paddr_t l1e_pa;
    const pte_t *l1;
    pte_t e;

    if (v->hvm)
        return hvm_translate(v, va, mfn);
    if (va >= HYPERVISOR_VIRT_START)
        return -EACCES;
    l1e_pa = mm_l1e_address(v->cr3_mfn, va);
    if (!l1e_pa)
        return -EFAULT;
    l1 = map_domain_page((mfn_t)(l1e_pa >> PAGE_SHIFT));
    e = l1[(l1e_pa & (PAGE_SIZE - 1)) / sizeof(pte_t)];
    unmap_domain_page(l1);
    *mfn = (mfn_t)((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
    return (e & _PAGE_PRESENT) && mfn_valid(*mfn) ? 0 : -EFAULT;
}

/* The debugger writes only the domain's own ordinary pages (not a table
 * half-validated, mm.h). */
static bool may_write(const struct domain *d, mfn_t mfn)
{
    const struct page_info *pg = mfn_to_page(mfn);
    uint32_t type = pg->type_info & PGT_type_mask;

    return pg->owner == d->domain_id && !pg->partial &&
           (!(pg->type_info & PGT_count_mask) || type == PGT_none ||
            type == PGT_writable_page);
}

static int copy_guest(int tid, uint32_t va, uint8_t *buf, size_t len,
                      bool write)
{
    const struct vcpu *v = vcpu_of(tid);
    size_t done = 0;

    if (!v)
        return -ESRCH;
    while (done < len) {
        uint32_t a = va + (uint32_t)done;
        size_t chunk = MIN(len - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
        uint8_t *page;
        mfn_t mfn;
        int rc = translate(v, a, &mfn);

        if (!rc && write && !may_write(v->domain, mfn))
            rc = -EPERM;
        if (rc)
            return done ? (int)done : rc;
        page = map_domain_page(mfn);
        if (write)
            memcpy(page + (a & (PAGE_SIZE - 1)), buf + done, chunk);
        else
            memcpy(buf + done, page + (a & (PAGE_SIZE - 1)), chunk);
        unmap_domain_page(page);
        done += chunk;
    }
    return (int)done;
}

static int read_mem(int tid, uint32_t va, uint8_t *buf, size_t len)
{
    return copy_guest(tid, va, buf, len, false);
}

static int write_mem(int tid, uint32_t va, const uint8_t *buf, size_t len)
{
    return copy_guest(tid, va, (uint8_t *)buf, len, true);
}

static int poke(uint16_t dom, uint32_t va, uint8_t byte, uint64_t *where,
                uint8_t *old)
{
    struct domain *d = dom < MAX_DOMAINS ? domains[dom] : NULL;
    uint8_t *page;
    mfn_t mfn;
    int rc;

    if (!d || d->shutting_down)
        return -ESRCH;
    rc = translate(d->vcpu[0], va, &mfn);
    if (rc)
        return rc;
    if (!may_write(d, mfn))
        return -EPERM;
    page = map_domain_page(mfn);
    *old = page[va & (PAGE_SIZE - 1)];
    page[va & (PAGE_SIZE - 1)] = byte;
    unmap_domain_page(page);
    *where = (uint64_t)mfn << PAGE_SHIFT | (va & (PAGE_SIZE - 1));
    return 0;
}

/* Put a byte back, unless the frame has left the domain since. */
static void unpoke(uint16_t dom, uint64_t where, uint8_t byte)
{
    mfn_t mfn = (mfn_t)(where >> PAGE_SHIFT);
    uint8_t *page;

    if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != dom)
        return;
    page = map_domain_page(mfn);
    page[where & (PAGE_SIZE - 1)] = byte;
    unmap_domain_page(page);
}

/* ---- Debug registers and the stepping gate ------------------------------------------ */

static uint32_t loaded_dr[4], loaded_dr7;
static const struct vcpu *loaded;       /* whose DRs and 0x82 gate are in */
static bool loaded_stepped;

static void load_debugregs(const uint32_t *dr)
{
    write_dr7(0);                       /* nothing fires half-loaded */
    write_dr0(dr[0]);
    write_dr1(dr[1]);
    write_dr2(dr[2]);
    write_dr3(dr[3]);
    write_dr6(DR6_CLEAR);
    write_dr7(dr[7]);
    memcpy(loaded_dr, dr, sizeof(loaded_dr));
    loaded_dr7 = dr[7];
}

static void load_debug_state(const struct vcpu *v)
{
    if (v->debugreg[7] != loaded_dr7 ||
        (v->debugreg[7] && memcmp(v->debugreg, loaded_dr, sizeof(loaded_dr))))
        load_debugregs(v->debugreg);
    if (v->debug_stepping != loaded_stepped) {
        desc_set_hypercall_gate(v->debug_stepping);
        loaded_stepped = v->debug_stepping;
    }
    loaded = v;
}

/* On a switch to next: its DR0-DR3, DR7 and 0x82 gate, if they differ. */
void debug_switch_to(const struct vcpu *next)
{
    load_debug_state(next);
}

static void set_debugregs(const uint32_t addr[GDB_HW_SLOTS], uint32_t dr7)
{
    uint32_t dr[8] = { addr[0], addr[1], addr[2], addr[3], 0, 0, 0, dr7 };

    for (int tid = next_thread(0); tid; tid = next_thread(tid))
        memcpy(vcpu_of(tid)->debugreg, dr, sizeof(dr));
    load_debugregs(dr);
}

/* ---- Holding, stepping, resuming ---------------------------------------------------- */

/* The EFLAGS a step changes: the guest's, wherever they are kept. */
static uint32_t *eflags_of(struct vcpu *v)
{
    return v->hvm ? hvm_eflags(v) : &regs_of(v)->eflags;
}

static void end_step(struct vcpu *v)
{
    uint32_t *eflags = eflags_of(v);

    *eflags = (*eflags & ~GDB_EFLAGS_TF) | (v->debug_guest_tf ? GDB_EFLAGS_TF : 0);
    v->debug_stepping = false;
    if (v == loaded)
        load_debug_state(v);
}

static void pause(int tid)
{
    struct vcpu *v = vcpu_of(tid);

    if (!v)
        return;
    if (v->debug_stepping)
        end_step(v);
    vcpu_pause(v);
}

static void resume(int tid, bool step)
{
    struct vcpu *v = vcpu_of(tid);
    uint32_t *eflags;

    if (!v)
        return;
    if (v->debug_stepping)
        end_step(v);
    if (step) {
        eflags = eflags_of(v);
        v->debug_guest_tf = *eflags & GDB_EFLAGS_TF;
        *eflags |= GDB_EFLAGS_TF;
        v->debug_stepping = true;
        if (v == loaded)
            load_debug_state(v);
    }
    vcpu_unpause(v);
}

static bool is_paused(int tid)
{
    const struct vcpu *v = vcpu_of(tid);

    return v && v->paused;
}

static void kill(void)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (domains[i] && !domains[i]->shutting_down)
            domain_crash(domains[i], "killed by the debugger");
}

static size_t list_domains(char *buf, size_t size)
{
    static const char *const state[] = { "running", "runnable", "blocked",
                                         "offline" };
    size_t len = (size_t)snprintf(buf, size, "dom name             vcpu "
                                  "state     held eip      pages\n");

    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        const struct domain *d = domains[i];

        for (unsigned int n = 0; d && n < d->nr_vcpus; n++) {
            const struct vcpu *v = d->vcpu[n];

            len += (size_t)snprintf(buf + len, size - MIN(len, size),
                                    "%3u %-16s %4u %-9s %-4s %08x %u\n",
                                    d->domain_id, d->name, n,
                                    d->shutting_down ? "dying"
                                        : state[v->runstate & 3],
                                    v->paused ? "yes" : "no",
                                    regs_of(v)->eip, d->tot_pages);
        }
    }
    return MIN(len, size ? size - 1 : 0);
}

static void send(const char *bytes, size_t len)
{
    serial_debug_write(bytes, len);
}

static const struct gdb_target x86_target = {
    .next_thread = next_thread,
    .thread_info = thread_info,
    .current_thread = current_thread,
    .get_regs = get_regs,
    .set_regs = set_regs,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .poke = poke,
    .unpoke = unpoke,
    .set_debugregs = set_debugregs,
    .pause = pause,
    .resume = resume,
    .is_paused = is_paused,
    .kill = kill,
    .send = send,
    .list_domains = list_domains,
};

/* ---- Traps ---------------------------------------------------------------------- */

int debug_tid(const struct vcpu *v)
{
    return tid_of(v);
}

bool debug_hvm_step_done(struct vcpu *v)
{
    if (!v->debug_stepping)
        return false;
    end_step(v);
    gdb_step_done(tid_of(v));
    return true;
}

/* #BP (vector 3) or #DB (1) from a guest: true if it was the debugger's. */
bool debug_guest_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    int tid = tid_of(v);
    uint32_t dr6;
    bool stepped;

    if (regs->entry_vector == 3) {
        regs->eip--;                    /* back onto the int3 */
        if (gdb_breakpoint_hit(tid, regs->eip))
            return true;
        regs->eip++;
        return false;
    }
    dr6 = read_dr6();
    write_dr6(DR6_CLEAR);               /* the CPU never clears it */
    stepped = (dr6 & DR6_BS) && v->debug_stepping;
    if (stepped)
        end_step(v);
    if ((dr6 & DR6_HITS) && gdb_hw_hit(tid, dr6 & DR6_HITS))
        return true;
    if (stepped)
        gdb_step_done(tid);
    return stepped;                     /* a step we asked for is ours */
}

/*
 * #DB in ring 0: the hypervisor touched an address a guest watchpoint
 * covers (copying to or from the guest for a hypercall). Not a guest
 * access, so GDB is not told; counted, and carry on.
 */
void debug_hv_trap(struct cpu_user_regs *regs)
{
    write_dr6(DR6_CLEAR);
    debug_hv_traps++;
}

/* GDB's step over an instruction the hypervisor completed ends here
 * (gdbstub.h). A guest's own step is left to the CPU. */
void debug_emulated_step(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if (!v || !v->debug_stepping || v->domain->shutting_down)
        return;
    end_step(v);
    gdb_step_done(tid_of(v));
}

void debug_init(const char *cmdline)
{
    char v[4];

    gdb_init(&x86_target);
    if (cmdline_get(cmdline, "gdb_wait", v, sizeof(v))) {
        gdb_hold_all();
        printk("gdb: every domain is held before its first instruction; "
               "connect GDB to COM3 (./xenlab gdb)\n");
    }
}

/*
 * svm.c - hardware-assisted guests: AMD SVM with nested paging.
 *
 * A paravirtual guest knows it is virtualized and asks (hypercalls). A
 * hardware-assisted guest does not know: it runs in ring 0 of a machine
 * of its own, and the CPU itself stops it - a VM exit - whenever it does
 * something the hypervisor asked to see (lecture: "hardware-assisted
 * virtualization"). xenlab's first such guests are small and unmodified:
 * a flat 32-bit kernel loaded at 1 MB of its own physical memory, paging
 * off, talking to a serial port.
 *
 *   VMRUN --> the guest runs --> #VMEXIT, with a reason (exits.c says
 *   which, and what the hypervisor does about each; intercept.c answers
 *   those the guest may not run natively).
 *
 * Nested paging: the guest's "physical" addresses are translated by a
 * second set of page tables that only the hypervisor sees (n_cr3), in the
 * host's own format (PAE). The guest never learns machine addresses.
 *
 * A hardware-assisted vCPU is scheduled like any other: its frame is a
 * ring-0 one that enters hvm_vcpu_start (vmrun.asm), which runs the loop
 * below until the scheduler wants the CPU; then it yields through the
 * ordinary exit path and starts the loop again when chosen.
 *
 * This file: SVM on, the nested tables, a domain's first state, the run
 * loop, and the guest's registers and memory as the debugger and the
 * instruction decoder see them.
 */
#include <klib.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/gdbstub.h>
#include <hv/hvm.h>
#include <hv/mm.h>
#include <hv/page.h>
#include <hv/page_alloc.h>
#include <hv/sched.h>
#include "../x86.h"
#include "svm.h"

#define MSR_EFER            0xc0000080u
#define EFER_SVME           (1u << 12)
#define MSR_VM_CR           0xc0010114u
#define VM_CR_SVMDIS        (1u << 4)
#define MSR_VM_HSAVE_PA     0xc0010117u

#define NPT_FLAGS           (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define GUEST_LOAD          0x100000u       /* the image, at 1 MB */

_Static_assert(sizeof(struct hvm_vcpu) <= PAGE_SIZE, "one page");

static bool svm_ok;
static paddr_t iopm_pa, msrpm_pa;
/* Where vmrun.asm keeps what VMRUN leaves alone of the host (VMSAVE). */
uint32_t svm_host_state_pa;

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void svm_init(void)
{
    uint32_t r[4];
    void *hsave, *host, *iopm, *msrpm;

    svm_cpuid(0x80000000u, r);
    if (r[0] < 0x8000000au) {
        printk("svm: this CPU has no AMD SVM: hardware-assisted guests will be refused\n");
        return;
    }
    svm_cpuid(0x80000001u, r);
    if (!(r[2] & (1u << 2))) {
        printk("svm: this CPU has no AMD SVM: hardware-assisted guests will be refused\n");
        return;
    }
    svm_cpuid(0x8000000au, r);
    if (!(r[3] & 1u)) {
        printk("svm: no nested paging on this CPU: hardware-assisted guests will be refused\n");
        return;
    }
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        printk("svm: disabled by the firmware (VM_CR.SVMDIS)\n");
        return;
    }
    hsave = alloc_xenheap_pages(1);
    host = alloc_xenheap_pages(1);
    iopm = alloc_xenheap_pages(3);          /* every port intercepted */
    msrpm = alloc_xenheap_pages(2);         /* every MSR intercepted */
    if (!hsave || !host || !iopm || !msrpm) {
        printk("svm: no memory for its state pages\n");
        return;
    }
    memset(iopm, 0xff, 3 * PAGE_SIZE);
    memset(msrpm, 0xff, 2 * PAGE_SIZE);
    iopm_pa = __pa(iopm);
    msrpm_pa = __pa(msrpm);
    svm_host_state_pa = __pa(host);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, __pa(hsave));
    svm_ok = true;
    printk("svm: AMD SVM with nested paging: hardware-assisted guests can run\n");
}

bool svm_available(void)
{
    return svm_ok;
}

/* ---- Nested page tables ---------------------------------------------------- */

/* A direct-mapped frame of d for the hypervisor's own use, or NULL. */
static void *hv_frame(struct domain *d, mfn_t *m)
{
    *m = mm_alloc_domain_frame(d);
    if (*m == INVALID_MFN || ((paddr_t)*m << PAGE_SHIFT) >= DIRECTMAP_SIZE)
        return NULL;
    return __va((paddr_t)*m << PAGE_SHIFT);
}

/* The nested L1 entry for guest-physical gpa (its tables are direct-mapped). */
static pte_t *npt_l1e(struct hvm_vcpu *h, uint64_t gpa)
{
    pte_t *l1 = __va((paddr_t)h->npt_l1[gpa >> L2_SHIFT] << PAGE_SHIFT);

    return &l1[(gpa >> PAGE_SHIFT) & (L1_ENTRIES - 1)];
}

int svm_npt_populate(struct domain *d, struct hvm_vcpu *h, uint64_t gpa)
{
    pte_t *e = npt_l1e(h, gpa);
    mfn_t m;

    if (*e & _PAGE_PRESENT)
        return 0;
    m = mm_alloc_domain_frame(d);
    if (m == INVALID_MFN)
        return -ENOMEM;
    *e = ((pte_t)m << PAGE_SHIFT) | NPT_FLAGS;
    return 0;
}

/* An empty guest-physical space of mem bytes: PDPT, one L2, its L1s. */
static int npt_build(struct domain *d, struct hvm_vcpu *h, uint32_t mem)
{
    pte_t *l3 = hv_frame(d, &h->npt_l3), *l2;
    mfn_t l2_mfn;

    if (!l3 || !(l2 = hv_frame(d, &l2_mfn)))
        return -ENOMEM;
    l3[0] = ((pte_t)l2_mfn << PAGE_SHIFT) | _PAGE_PRESENT;  /* PAE PDPTE: P only */
    for (uint32_t i = 0; i < (mem + (1u << L2_SHIFT) - 1) >> L2_SHIFT; i++) {
        if (!hv_frame(d, &h->npt_l1[i]))
            return -ENOMEM;
        l2[i] = ((pte_t)h->npt_l1[i] << PAGE_SHIFT) | NPT_FLAGS;
    }
    h->mem_bytes = mem;
    return 0;
}

/* Copy len bytes to guest-physical gpa, giving the pages frames. */
static int copy_to_gpa(struct domain *d, struct hvm_vcpu *h, uint32_t gpa,
                       const uint8_t *src, uint32_t len)
{
    while (len) {
        uint32_t off = gpa & (PAGE_SIZE - 1), n = MIN(len, PAGE_SIZE - off);
        uint8_t *p;

        if (svm_npt_populate(d, h, gpa))
            return -ENOMEM;
        p = map_domain_page((mfn_t)((*npt_l1e(h, gpa) & PTE_ADDR_MASK) >> PAGE_SHIFT));
        memcpy(p + off, src, n);
        unmap_domain_page(p);
        gpa += n;
        src += n;
        len -= n;
    }
    return 0;
}

/* ---- The guest's registers at power-on ------------------------------------- */

static void flat(struct vmcb_seg *s, uint16_t sel, uint16_t type)
{
    s->sel = sel;
    s->attrib = type | 0xc00;               /* P S DPL0 type | G DB */
    s->limit = 0xffffffffu;
    s->base = 0;
}

/*
 * What makes the guest exit. The hypervisor's own events: interrupts,
 * NMI, SMI, INIT (taken by the host at STGI). What it answers itself:
 * cpuid, port I/O (every port, iopm), every MSR (msrpm), hlt, int n (for
 * GDB), a triple fault (SHUTDOWN: the domain is crashed, never the
 * machine). What the guest may not run natively (intercept.c): VMRUN
 * (the APM refuses a VMCB without it), VMMCALL, VMLOAD, VMSAVE, STGI,
 * CLGI, SKINIT, INVLPGA, INVD, WBINVD, MONITOR, MWAIT, XSETBV; and a
 * hardware task switch, which is not emulated (the domain is crashed).
 * Left native, as harmless to the host: rdtsc, pause, invlpg, cr and dr
 * accesses (VMRUN switches cr0/cr3/cr4 and dr6/dr7; svm.c the rest).
 */
#define INTERCEPT_GUEST_MAY_NOT_1                                          \
    (INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI | INTERCEPT_INIT |      \
     INTERCEPT_CPUID | INTERCEPT_INTN | INTERCEPT_INVD | INTERCEPT_HLT |     \
     INTERCEPT_INVLPGA | INTERCEPT_IOIO | INTERCEPT_MSR |                   \
     INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN)
#define INTERCEPT_GUEST_MAY_NOT_2                                          \
    (INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD |               \
     INTERCEPT_VMSAVE | INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT | \
     INTERCEPT_WBINVD | INTERCEPT_MONITOR | INTERCEPT_MWAIT |               \
     INTERCEPT_MWAIT_ARMED | INTERCEPT_XSETBV)

static void vmcb_init(struct hvm_vcpu *h, struct domain *d)
{
    struct vmcb *c = h->vmcb;

    c->intercept_exceptions = (1u << 1) | (1u << 3);    /* #DB, #BP: GDB */
    c->intercept1 = INTERCEPT_GUEST_MAY_NOT_1;
    c->intercept2 = INTERCEPT_GUEST_MAY_NOT_2;
    c->iopm_base_pa = iopm_pa;
    c->msrpm_base_pa = msrpm_pa;
    c->asid = 1u + d->domain_id;
    c->tlb_control = 1;                     /* flush this ASID on each VMRUN */
    c->vintr = 1ull << 24;                  /* real interrupts stay ours */
    c->np_enable = 1;
    c->n_cr3 = (uint64_t)h->npt_l3 << PAGE_SHIFT;
    flat(&c->cs, 0x08, 0x9b);
    flat(&c->ds, 0x10, 0x93);
    c->es = c->ss = c->ds;
    c->fs = c->gs = c->ds;
    c->gdtr.limit = c->idtr.limit = 0xffff;
    c->tr.attrib = 0x8b;                    /* a present, busy 32-bit TSS */
    c->tr.limit = 0xffff;
    c->ldtr.attrib = 0x82;
    c->cpl = 0;
    c->efer = EFER_SVME;                    /* required in a guest's EFER */
    c->cr0 = 0x11;                          /* PE ET: protected, no paging */
    c->rflags = 0x2;
    c->rip = GUEST_LOAD;
    c->rsp = 0;
    c->g_pat = 0x0007040600070406ull;       /* the power-on PAT */
}

int hvm_domain_build(struct domain *d, const uint8_t *image, uint32_t size,
                     uint32_t mem)
{
    struct vcpu *v = d->vcpu[0];
    struct hvm_vcpu *h;
    mfn_t hm, vm;

    if (!svm_ok)
        return -ENODEV;
    if (mem > HVM_MAX_MEM || mem <= GUEST_LOAD || size > mem - GUEST_LOAD)
        return -E2BIG;
    h = hv_frame(d, &hm);
    if (!h || !(h->vmcb = hv_frame(d, &vm)))
        return -ENOMEM;
    h->vmcb_pa = (paddr_t)vm << PAGE_SHIFT;
    if (npt_build(d, h, mem) || copy_to_gpa(d, h, GUEST_LOAD, image, size))
        return -ENOMEM;
    vmcb_init(h, d);
    v->hvm = h;
    v->periodic_period_ns = 0;              /* no virtual timer: no PV VIRQ */
    arch_hvm_vcpu_frame(&v->regs);
    v->cr3_mfn = (mfn_t)(idle_cr3 >> PAGE_SHIFT);
    return 0;
}

/*
 * Debug registers. VMRUN switches DR6 and DR7 (the VMCB holds the
 * guest's) but not DR0-DR3, which a ring-0 guest writes at will, and
 * #VMEXIT leaves the host's DR7 with every breakpoint off. So the
 * guest's DR0-DR3 live in its hvm_vcpu and are put in place for each
 * VMRUN, and the host's - a debugger's watchpoints in other domains -
 * are put back after it, DR7 last. Only what differs is written.
 */
#define DR7_ENABLES         0xffu

static uint32_t dr_get(unsigned int n)
{
    switch (n) {
    case 0: return read_dr0();
    case 1: return read_dr1();
    case 2: return read_dr2();
    default: return read_dr3();
    }
}

static void dr_set(unsigned int n, uint32_t v)
{
    switch (n) {
    case 0: write_dr0(v); break;
    case 1: write_dr1(v); break;
    case 2: write_dr2(v); break;
    default: write_dr3(v); break;
    }
}

/* DR0-DR3: what is loaded into out, then in loaded in its place. */
static void dr_swap(uint32_t out[4], const uint32_t in[4])
{
    for (unsigned int n = 0; n < 4; n++) {
        out[n] = dr_get(n);
        if (out[n] != in[n])
            dr_set(n, in[n]);
    }
}

/* One VMRUN, the host's debug registers kept around it. */
static void run_guest(struct hvm_vcpu *h)
{
    uint32_t host[4], host_dr7 = read_dr7();

    if (host_dr7 & DR7_ENABLES)
        write_dr7(0);                   /* nothing fires on the guest's addresses */
    dr_swap(host, h->dr);
    svm_vmrun((uint32_t)h->vmcb_pa, &h->gprs);
    dr_swap(h->dr, host);
    if (host_dr7 & DR7_ENABLES)
        write_dr7(host_dr7);
}

/* The vCPU's life on the CPU: run, handle the exit, until the scheduler
 * wants the CPU back. Entered afresh each time (hvm_vcpu_start). */
void hvm_vcpu_loop(void)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct hvm_vcpu *h = v->hvm;

    for (;;) {
        run_guest(h);
        svm_handle_exit(v, h);
        if (d->shutting_down || v->checkpoint_wait || v->paused || sched_requested())
            hvm_yield();
    }
}

/* ---- What the debugger sees (debug.c) ------------------------------------ */

void hvm_get_regs(const struct vcpu *v, uint32_t *r)
{
    const struct hvm_vcpu *h = v->hvm;
    const struct vmcb *c = h->vmcb;

    r[GDB_EAX] = (uint32_t)c->rax;
    r[GDB_ECX] = h->gprs.ecx;
    r[GDB_EDX] = h->gprs.edx;
    r[GDB_EBX] = h->gprs.ebx;
    r[GDB_ESP] = (uint32_t)c->rsp;
    r[GDB_EBP] = h->gprs.ebp;
    r[GDB_ESI] = h->gprs.esi;
    r[GDB_EDI] = h->gprs.edi;
    r[GDB_EIP] = (uint32_t)c->rip;
    r[GDB_EFLAGS] = (uint32_t)c->rflags;
    r[GDB_CS] = c->cs.sel;
    r[GDB_SS] = c->ss.sel;
    r[GDB_DS] = c->ds.sel;
    r[GDB_ES] = c->es.sel;
    r[GDB_FS] = c->fs.sel;
    r[GDB_GS] = c->gs.sel;
}

/* The general registers, eip and the flags GDB may change; not segments
 * (a selector alone would not change what the CPU has loaded). */
void hvm_set_regs(struct vcpu *v, const uint32_t *r, uint32_t eflags_mask)
{
    struct hvm_vcpu *h = v->hvm;
    struct vmcb *c = h->vmcb;

    c->rax = r[GDB_EAX];
    h->gprs.ecx = r[GDB_ECX];
    h->gprs.edx = r[GDB_EDX];
    h->gprs.ebx = r[GDB_EBX];
    c->rsp = r[GDB_ESP];
    h->gprs.ebp = r[GDB_EBP];
    h->gprs.esi = r[GDB_ESI];
    h->gprs.edi = r[GDB_EDI];
    c->rip = r[GDB_EIP];
    c->rflags = (c->rflags & ~(uint64_t)eflags_mask) | (r[GDB_EFLAGS] & eflags_mask);
}

/* The frame behind guest-physical gpa, from the nested tables. */
static int gpa_frame(const struct hvm_vcpu *h, uint64_t gpa, mfn_t *mfn)
{
    pte_t e;

    if (gpa >= h->mem_bytes)
        return -EFAULT;
    e = *npt_l1e((struct hvm_vcpu *)h, gpa);
    *mfn = (mfn_t)((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
    return (e & _PAGE_PRESENT) ? 0 : -EFAULT;
}

/* A page-table entry of the guest's (4 or 8 bytes, aligned), present. */
static int guest_pte(const struct hvm_vcpu *h, uint64_t gpa, unsigned int size,
                     uint64_t *val)
{
    mfn_t m;
    const uint8_t *p;

    *val = 0;
    if (gpa_frame(h, gpa, &m))
        return -EFAULT;
    p = map_domain_page(m);
    memcpy(val, p + (gpa & (PAGE_SIZE - 1)), size);
    unmap_domain_page(p);
    return (*val & _PAGE_PRESENT) ? 0 : -EFAULT;
}

/* 32-bit paging: a directory of 1024 4-byte entries, 4 MB pages with PSE. */
static int walk_32(const struct hvm_vcpu *h, const struct vmcb *c, uint32_t va,
                   uint64_t *gpa)
{
    uint64_t e;

    if (guest_pte(h, ((uint32_t)c->cr3 & ~0xfffu) + (va >> 22) * 4, 4, &e))
        return -EFAULT;
    if ((e & _PAGE_PSE) && (c->cr4 & X86_CR4_PSE)) {
        *gpa = (e & 0xffc00000u) | (va & 0x3fffffu);
        return 0;
    }
    if (guest_pte(h, (e & ~0xfffull) + ((va >> 12) & 1023) * 4, 4, &e))
        return -EFAULT;
    *gpa = (e & ~0xfffull) | (va & 0xfffu);
    return 0;
}

/* PAE: four 8-byte PDPTEs at cr3, then tables of 512; 2 MB pages. */
static int walk_pae(const struct hvm_vcpu *h, const struct vmcb *c, uint32_t va,
                    uint64_t *gpa)
{
    uint64_t e;

    if (guest_pte(h, ((uint32_t)c->cr3 & ~0x1fu) + (va >> 30) * 8, 8, &e) ||
        guest_pte(h, (e & PTE_ADDR_MASK) + ((va >> 21) & 511) * 8, 8, &e))
        return -EFAULT;
    if (e & _PAGE_PSE) {
        *gpa = (e & PTE_ADDR_MASK & ~0x1fffffull) | (va & 0x1fffffu);
        return 0;
    }
    if (guest_pte(h, (e & PTE_ADDR_MASK) + ((va >> 12) & 511) * 8, 8, &e))
        return -EFAULT;
    *gpa = (e & PTE_ADDR_MASK) | (va & 0xfffu);
    return 0;
}

/*
 * A guest virtual address's frame, as the CPU finds it: through the
 * guest's own page tables if its paging is on (32-bit or PAE), then
 * through the nested tables. With paging off a virtual address is a
 * guest-physical one. Every guest-physical address met on the way is
 * checked against the domain's memory, so no table of the guest's can
 * point the hypervisor anywhere else.
 */
int hvm_translate(const struct vcpu *v, uint32_t va, mfn_t *mfn)
{
    const struct hvm_vcpu *h = v->hvm;
    const struct vmcb *c = h->vmcb;
    uint64_t gpa = va;

    if ((c->cr0 & X86_CR0_PG) &&
        ((c->cr4 & X86_CR4_PAE) ? walk_pae(h, c, va, &gpa) : walk_32(h, c, va, &gpa)))
        return -EFAULT;
    return gpa_frame(h, gpa, mfn);
}

uint32_t *hvm_eflags(struct vcpu *v)
{
    return (uint32_t *)&v->hvm->vmcb->rflags;   /* the low half: x86 is little-endian */
}

unsigned int svm_guest_read(const struct vcpu *v, uint32_t va, uint8_t *buf,
                            unsigned int n)
{
    unsigned int done = 0;

    while (done < n) {
        uint32_t at = va + done, off = at & (PAGE_SIZE - 1);
        unsigned int k = MIN(n - done, PAGE_SIZE - off);
        const uint8_t *p;
        mfn_t m;

        if (hvm_translate(v, at, &m))
            break;
        p = map_domain_page(m);
        memcpy(buf + done, p + off, k);
        unmap_domain_page(p);
        done += k;
    }
    return done;
}

int svm_insn_len(const struct vcpu *v, const uint8_t *op, unsigned int oplen,
                 uint32_t *len)
{
    const struct vmcb *c = v->hvm->vmcb;
    uint8_t b[X86_MAX_INSN_LEN];
    unsigned int n = svm_guest_read(v, (uint32_t)(c->cs.base + c->rip), b, sizeof(b));
    int rc = insn_len_bytes(b, n, op, oplen);

    if (rc < 0)
        return rc;
    *len = (uint32_t)rc;
    return 0;
}

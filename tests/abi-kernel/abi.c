/*
 * abi.c - a PV kernel that knows only Xen's documented ABI.
 *
 * Every number and layout below is spelled out here from the Xen public
 * interface (hypercall numbers, start_info, shared_info, vcpu_info,
 * trap_info, event-channel and scheduler operations), on purpose not
 * taken from xenlab's headers. The kernel checks, in order:
 *   1. start_info: the magic, its own size, where shared_info is;
 *   2. console_io write, xen_version;
 *   3. update_va_mapping to map shared_info;
 *   4. set_trap_table: a page fault is bounced to our handler with the
 *      faulting address in vcpu_info.arch.cr2;
 *   5. set_callbacks + bind_virq(VIRQ_TIMER) + unmask: timer events
 *      arrive as upcalls while we block with sched_op(block);
 *   6. vcpu_time_info.system_time advances;
 * then prints one verdict line and shuts down (poweroff or crash).
 */
#include <stdint.h>

/* Hypercall numbers (x86_32). */
#define HC_set_trap_table       0
#define HC_set_callbacks        4
#define HC_update_va_mapping    14
#define HC_xen_version          17
#define HC_console_io           18
#define HC_sched_op             29
#define HC_event_channel_op     32

#define FLAT_KERNEL_CS          0xe019
#define UVMF_INVLPG             2
#define SCHEDOP_block           1
#define SCHEDOP_shutdown        2
#define SHUTDOWN_poweroff       0
#define SHUTDOWN_crash          3
#define EVTCHNOP_bind_virq      1
#define VIRQ_TIMER              0

struct start_info {                     /* the x86_32 layout */
    char magic[32];
    uint32_t nr_pages, shared_info, flags, store_mfn, store_evtchn;
    uint32_t console_mfn, console_evtchn;
    uint32_t pt_base, nr_pt_frames, mfn_list, mod_start, mod_len;
    int8_t cmd_line[1024];
};

struct trap_info {
    uint8_t vector, flags;
    uint16_t cs;
    uint32_t address;
};

/* vcpu_info: 64 bytes, the first of shared_info's 32. */
#define VI_UPCALL_PENDING       0
#define VI_UPCALL_MASK          1
#define VI_PENDING_SEL          4
#define VI_CR2                  8
#define VI_TIME_SYSTEM_TIME     (32 + 16)
/* evtchn_pending[32] and evtchn_mask[32] follow the 32 vcpu_infos. */
#define SI_EVTCHN_PENDING       (64 * 32)

extern char hypercall_page[];
extern char event_entry[], page_fault_entry[];

static uint8_t shared_page[4096] __attribute__((aligned(4096)));
static volatile uint32_t events, faults, fault_addr;

static long hypercall(unsigned int nr, long a1, long a2, long a3, long a4)
{
    long r;
    register long b __asm__("ebx") = a1;
    register long c __asm__("ecx") = a2;
    register long d __asm__("edx") = a3;
    register long s __asm__("esi") = a4;

    __asm__ volatile("call *%[stub]"
                     : "=a"(r), "+r"(b), "+r"(c), "+r"(d), "+r"(s)
                     : [stub] "r"(hypercall_page + nr * 32)
                     : "edi", "memory");
    return r;
}

static unsigned int len(const char *s)
{
    unsigned int n = 0;

    while (s[n])
        n++;
    return n;
}

static void say(const char *s)
{
    hypercall(HC_console_io, 0, len(s), (long)s, 0);
}

static void __attribute__((noreturn)) verdict(int ok, const char *why)
{
    uint32_t reason = ok ? SHUTDOWN_poweroff : SHUTDOWN_crash;

    say(ok ? "abi-kernel: all checks passed\n" : "abi-kernel: FAILED: ");
    if (!ok) {
        say(why);
        say("\n");
    }
    hypercall(HC_sched_op, SCHEDOP_shutdown, (long)&reason, 0, 0);
    for (;;)
        ;
}

static volatile uint8_t *vcpu0(void)
{
    return shared_page;
}

void on_event(void);
void on_event(void)
{
    volatile uint32_t *pending = (volatile uint32_t *)(shared_page + SI_EVTCHN_PENDING);

    /* The ABI's order: clear the upcall flag, then the selector word,
     * then the pending bits it points at. */
    vcpu0()[VI_UPCALL_PENDING] = 0;
    *(volatile uint32_t *)(shared_page + VI_PENDING_SEL) = 0;
    pending[0] = 0;                     /* our only port is below 32 */
    events++;
}

void on_page_fault(uint32_t *regs);
void on_page_fault(uint32_t *regs)
{
    /* regs: 8 pushad words, then error code, eip, cs, eflags */
    faults++;
    fault_addr = *(volatile uint32_t *)(shared_page + VI_CR2);
    regs[9] += 2;                       /* skip "mov (%eax), %eax" */
}

void abi_main(struct start_info *si);
void abi_main(struct start_info *si)
{
    static const char magic[] = "xen-3.0-x86_32p";
    static struct trap_info traps[2];
    uint32_t virq[3] = { VIRQ_TIMER, 0, 0 };
    uint64_t t0, t1;

    for (unsigned int i = 0; i < sizeof(magic); i++)
        if (si->magic[i] != magic[i])
            verdict(0, "start_info magic");
    if (si->nr_pages < 1024)
        verdict(0, "start_info nr_pages");
    say("abi-kernel: start_info ok\n");

    if (hypercall(HC_xen_version, 0, 0, 0, 0) >> 16 < 3)
        verdict(0, "xen_version");

    if (hypercall(HC_update_va_mapping, (long)shared_page,
                  (long)(si->shared_info | 0x7), 0, UVMF_INVLPG))
        verdict(0, "update_va_mapping of shared_info");

    traps[0] = (struct trap_info){ 14, 0, FLAT_KERNEL_CS,
                                   (uint32_t)page_fault_entry };
    if (hypercall(HC_set_trap_table, (long)traps, 0, 0, 0))
        verdict(0, "set_trap_table");
    __asm__ volatile("mov (%%eax), %%eax" : : "a"(0x10) : "memory");
    if (faults != 1 || fault_addr != 0x10)
        verdict(0, "page fault not bounced with cr2");
    say("abi-kernel: page fault bounced, cr2 right\n");

    if (hypercall(HC_set_callbacks, FLAT_KERNEL_CS, (long)event_entry,
                  FLAT_KERNEL_CS, (long)event_entry))
        verdict(0, "set_callbacks");
    if (hypercall(HC_event_channel_op, EVTCHNOP_bind_virq, (long)virq, 0, 0))
        verdict(0, "bind_virq");
    t0 = *(volatile uint64_t *)(shared_page + VI_TIME_SYSTEM_TIME);
    vcpu0()[VI_UPCALL_MASK] = 0;
    while (events < 3)
        hypercall(HC_sched_op, SCHEDOP_block, 0, 0, 0);
    t1 = *(volatile uint64_t *)(shared_page + VI_TIME_SYSTEM_TIME);
    if (t1 <= t0)
        verdict(0, "vcpu_time_info.system_time did not advance");
    say("abi-kernel: timer events arrive as upcalls; time advances\n");
    verdict(1, "");
}

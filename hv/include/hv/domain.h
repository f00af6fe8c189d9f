/*
 * domain.h - domains and their virtual CPUs, the things a hypervisor runs.
 *
 * A domain is one virtual machine: its memory (frames it owns), its
 * shared_info page, its event channels, and its vCPUs. A vCPU is the
 * state of one virtual processor: registers while it is not running, its
 * virtual IDT (the trap table a PV kernel registers), its ring-1 stack,
 * its page-table base, its timers, and where it is in the scheduler.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <public/callback.h>
#include <public/event_channel.h>
#include <public/trace.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include "types.h"

#define MAX_DOMAINS         32
#define MAX_VCPUS           1               /* per domain */
#define NR_EVTCHN_PORTS     NR_EVENT_CHANNELS
#define GUEST_GDT_FRAMES    FIRST_RESERVED_GDT_PAGE
#define GUEST_LDT_FRAMES    16              /* 8192 descriptors */
#define DOMAIN_NAME_LEN     16
#define CONSOLE_LINE_MAX    160

struct domain;
struct grant_table;

/* One event-channel port of a domain (event_channel.c). */
struct evtchn {
    uint8_t state;                  /* EVTCHNSTAT_* */
    uint8_t notify_vcpu;
    domid_t remote_dom;             /* unbound: who may bind; interdomain: peer */
    uint16_t remote_port;           /* interdomain: peer's port; virq: virq */
};

struct vcpu {
    struct domain *domain;
    unsigned int vcpu_id;

    /* Guest registers while the vCPU is not on a CPU. */
    struct cpu_user_regs regs;

    /* The virtual IDT: one entry per vector (address 0 = no handler). */
    struct trap_info traps[256];

    /* Ring-1 stack used when a trap or event arrives in ring 3. */
    uint32_t kernel_ss, kernel_sp;

    /* Entry points for event upcalls and failed segment reloads. */
    struct xen_callback event_cb, failsafe_cb;
    bool event_cb_masks;            /* CALLBACKF_mask_events */

    /* Descriptor tables the guest installed. */
    mfn_t gdt_frames[GUEST_GDT_FRAMES];
    unsigned int nr_gdt_frames;
    mfn_t ldt_frames[GUEST_LDT_FRAMES];
    unsigned int nr_ldt_frames;
    uint32_t ldt_ents;

    /* A hardware-assisted vCPU's state (hvm.h), or NULL for PV. */
    struct hvm_vcpu *hvm;

    /* Page-table base (machine frame of the L3) the guest runs on. */
    mfn_t cr3_mfn;

    /* A page table whose release stopped part-way, to finish before this
     * vCPU's next mmu_update or mmuext_op (mm.h); 0 if none. */
    mfn_t old_table;

    /* This vCPU's slot in shared_info, seen through the direct map. */
    struct vcpu_info *vcpu_info;

    /* Scheduler. */
    int runstate;                   /* RUNSTATE_* */
    uint64_t runstate_entry_ns;
    uint64_t runstate_time_ns[4];
    struct vcpu *next_runnable;
    bool on_runq;

    /* Timers: VIRQ_TIMER periodically and/or once (ns of system time). */
    uint64_t periodic_period_ns, periodic_next_ns;
    uint64_t singleshot_ns;         /* 0 = not armed */
    uint64_t poll_timeout_ns;       /* sched_op poll deadline, 0 = none */
    evtchn_port_t virq_to_port[NR_VIRQS];

    /* Why it sleeps, for the blocked runstate. */
    bool polling;                   /* sched_op poll: only these ports wake it */
    evtchn_port_t poll_ports[16];
    unsigned int nr_poll_ports;
    bool checkpoint_wait;

    /* The debugger (hv/arch/x86/debug.c, hv/common/gdb*.c). */
    bool paused;                    /* held by GDB: the scheduler skips it */
    bool debug_stepping;            /* EFLAGS.TF set by GDB, for one step */
    bool debug_guest_tf;            /* the guest's own TF meanwhile */
    uint32_t debugreg[8];           /* DR0-DR7 while it runs */

    /* Lazy FPU: the state is loaded only when the guest touches it. */
    bool guest_ts;                  /* the guest's own CR0.TS (fpu_taskswitch) */
    bool fpu_initialised;
    uint8_t fpu_state[512] __attribute__((aligned(16)));
};

#define DOMF_PRIVILEGED     (1u << 0)
#define DOMF_INITDOMAIN     (1u << 1)

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    uint32_t flags;                 /* DOMF_* */

    uint32_t tot_pages;             /* frames it owns */
    uint32_t max_pages;             /* the most it may own */

    struct shared_info *shared_info;
    mfn_t shared_info_mfn;

    struct vcpu *vcpu[MAX_VCPUS];
    unsigned int nr_vcpus;

    struct evtchn *evtchn;          /* NR_EVTCHN_PORTS entries */
    struct grant_table *grant_table;    /* grant_table.c */

    bool trap_emulate;              /* XENLAB_trap_emulate: classic mode */
    bool shutting_down;
    unsigned int shutdown_reason;   /* SHUTDOWN_* */

    char console_line[CONSOLE_LINE_MAX];
    unsigned int console_len;

    uint32_t tlb_flushes[TLB_STALE + 1];    /* by enum trace_tlb_reason */
    uint32_t target_pages;          /* the balloon's target */
};

/* Every domain that exists, by id. */
extern struct domain *domains[MAX_DOMAINS];

/* The vCPU this CPU runs (NULL in the idle loop). */
extern struct vcpu *current;

static inline bool is_privileged(const struct domain *d)
{
    return d->flags & DOMF_PRIVILEGED;
}

/* Look up a domain by id; DOMID_SELF means the caller's. */
struct domain *domain_lookup(domid_t id);

/* Create an empty domain with one vCPU (memory comes from the builder). */
int domain_create(domid_t id, const char *name, uint32_t flags,
                  struct domain **out);

/* The domain asked to stop (or crashed): stop its vCPUs, free it. */
void domain_shutdown(struct domain *d, unsigned int reason);

/* Something the domain did was fatal: print why, then shut it down. */
void domain_crash(struct domain *d, const char *why);

/* Free a domain that has shut down (the scheduler calls this). */
void domain_destroy(struct domain *d);

/* How many domains are still alive. */
unsigned int domains_alive(void);

/* Remember that a domain failed to build; the run's verdict says so. */
void domain_note_failure(void);
bool domains_failed(void);

#endif /* HV_DOMAIN_H */

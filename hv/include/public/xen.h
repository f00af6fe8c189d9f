/*
 * xen.h - the core of Xen's paravirtual ABI, as xenlab implements it for
 * 32-bit PAE guests ("xen-3.0-x86_32p"). Numbers and layouts are Xen's, so
 * a kernel built against Xen's own headers runs here unchanged.
 *
 * A PV guest kernel knows it is not alone on the machine:
 *   - it runs in ring 1 and asks the hypervisor for privileged work with
 *     hypercalls (eax = number, ebx, ecx, edx, esi, edi = arguments);
 *   - it learns about its world from start_info (esi at entry) and shares
 *     a page with the hypervisor, shared_info, for events and time.
 *
 * Other parts of the ABI live beside this file, one concept each:
 * sched.h, event_channel.h, version.h, vcpu.h, callback.h, elfnote.h,
 * and xenlab.h for xenlab's own additions.
 */
#ifndef XENLAB_PUBLIC_XEN_H
#define XENLAB_PUBLIC_XEN_H

#include <stdint.h>
#include "arch-x86_32.h"

typedef uint16_t domid_t;
typedef unsigned long xen_pfn_t;       /* a frame number: 32 bits here */
typedef unsigned long xen_ulong_t;

/* ---- Hypercall numbers -------------------------------------------------- */

#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_set_gdt               2
#define __HYPERVISOR_stack_switch          3
#define __HYPERVISOR_set_callbacks         4
#define __HYPERVISOR_fpu_taskswitch        5
#define __HYPERVISOR_sched_op_compat       6
#define __HYPERVISOR_platform_op           7
#define __HYPERVISOR_set_debugreg          8
#define __HYPERVISOR_get_debugreg          9
#define __HYPERVISOR_update_descriptor    10
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_multicall            13
#define __HYPERVISOR_update_va_mapping    14
#define __HYPERVISOR_set_timer_op         15
#define __HYPERVISOR_event_channel_op_compat 16
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_physdev_op_compat    19
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vm_assist            21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                 23
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_mmuext_op            26
#define __HYPERVISOR_xsm_op               27
#define __HYPERVISOR_nmi_op               28
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_callback_op          30
#define __HYPERVISOR_xenoprof_op          31
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_physdev_op           33
#define __HYPERVISOR_hvm_op               34
#define __HYPERVISOR_sysctl               35
#define __HYPERVISOR_domctl               36

/* The hypercall page has one 32-byte stub per number. */
#define HYPERCALL_STUB_SIZE   32
#define NR_HYPERCALLS         128

/* ---- Virtual interrupts (bound to event channels) ---------------------- */

#define VIRQ_TIMER      0   /* per vCPU: the timer fired */
#define VIRQ_DEBUG      1
#define VIRQ_CONSOLE    2   /* console input arrived */
#define VIRQ_DOM_EXC    3   /* (dom0) a domain crashed or shut down */
#define NR_VIRQS        24

/* ---- Domain ids ---------------------------------------------------------- */

#define DOMID_FIRST_RESERVED 0x7ff0u
#define DOMID_SELF           0x7ff0u
#define DOMID_IO             0x7ff1u
#define DOMID_XEN            0x7ff2u
#define DOMID_COW            0x7ff3u
#define DOMID_INVALID        0x7ff4u
/* DOMID_IDLE (0x7fff) is in trace.h: the hypervisor's own "domain". */

/* ---- Page-table updates (validated by the hypervisor) ------------------ */

/*
 * mmu_update(reqs, count, done, foreigndom): each request's ptr holds a
 * machine address with the command in its low two bits.
 *   MMU_NORMAL_PT_UPDATE: *ptr = val, for a page-table entry, checked.
 *   MMU_MACHPHYS_UPDATE:  machine-to-physical[ptr >> 12] = val.
 */
#define MMU_NORMAL_PT_UPDATE      0
#define MMU_MACHPHYS_UPDATE       1
#define MMU_PT_UPDATE_PRESERVE_AD 2

struct mmu_update {
    uint64_t ptr;           /* IN: machine address of the entry | command */
    uint64_t val;           /* IN: new contents */
};

/*
 * A long mmu_update or mmuext_op is done in parts: when other work waits
 * for the CPU, the hypervisor stops between two requests and sends the
 * guest back to its int $0x82 to carry on (a continuation). The guest's
 * registers then say where it is: the request pointer advanced past what
 * is done, the count is what is left with this bit set, and *done (if
 * given) holds the requests done so far, which the next part adds to. A
 * guest never sets this bit itself; to the caller, the hypercall simply
 * returns once, when everything is done or a request fails.
 */
#define MMU_UPDATE_PREEMPTED      0x80000000u

/* mmuext_op(ops, count, done, foreigndom): page-table and TLB commands. */
#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15

struct mmuext_op {
    unsigned int cmd;       /* IN: MMUEXT_* */
    union {
        xen_pfn_t mfn;              /* pin, unpin, new_baseptr */
        unsigned long linear_addr;  /* invlpg, set_ldt */
    } arg1;
    union {
        unsigned int nr_ents;       /* set_ldt */
        const void *vcpumask;       /* *_multi */
    } arg2;
};

/* update_va_mapping(va, val_lo, val_hi, flags): flags say what to flush. */
#define UVMF_NONE               0x0
#define UVMF_TLB_FLUSH          0x1
#define UVMF_INVLPG             0x2
#define UVMF_FLUSHTYPE_MASK     0x3
#define UVMF_MULTI              0x0
#define UVMF_LOCAL              0x0
#define UVMF_ALL                0x4

/* ---- console_io(cmd, count, buffer) -------------------------------------- */

#define CONSOLEIO_write         0
#define CONSOLEIO_read          1

/* ---- vm_assist(cmd, type) ------------------------------------------------ */

#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3

/* ---- multicall(calls, count) --------------------------------------------- */

struct multicall_entry {
    unsigned long op;       /* IN */
    unsigned long result;   /* OUT */
    unsigned long args[6];  /* IN */
};

/* ---- Virtual IDT: set_trap_table(traps) ---------------------------------- */

/*
 * One entry per vector the guest handles; a list ended by address 0.
 * flags bits 0-1: the outermost ring allowed to raise the vector with
 * `int` (3 for a system-call vector); bit 2 set: mask events on entry,
 * like an interrupt gate clears IF; clear: leave them as they were, like
 * a trap gate.
 */
struct trap_info {
    uint8_t  vector;        /* IN */
    uint8_t  flags;         /* IN */
    uint16_t cs;            /* IN: code selector of the handler */
    unsigned long address;  /* IN: handler address, 0 ends the list */
};

#define TI_GET_DPL(ti)  ((ti)->flags & 3)
#define TI_GET_IF(ti)   ((ti)->flags & 4)

/* ---- Time ---------------------------------------------------------------- */

/*
 * Per-vCPU time, updated by the hypervisor. A reader retries while
 * version is odd or changed under it. Nanoseconds since boot:
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32
 * (a negative tsc_shift shifts right).
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;
    uint8_t  pad1[2];
};

/* ---- vcpu_info and shared_info ------------------------------------------- */

struct arch_vcpu_info {
    unsigned long cr2;      /* OUT: address of the last page fault */
    unsigned long pad[5];
};

/*
 * Events for one vCPU. The hypervisor sets evtchn_upcall_pending (and a
 * bit in evtchn_pending_sel per word of shared_info.evtchn_pending that
 * has news); the guest clears it before looking. evtchn_upcall_mask is
 * the guest's "interrupts off": while set, no upcall is made.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};                                      /* 64 bytes */

#define XEN_LEGACY_MAX_VCPUS 32

struct arch_shared_info {
    unsigned long max_pfn;
    xen_pfn_t pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
    uint32_t wc_sec_hi;
};

/*
 * The page the hypervisor and the guest both write. Event channel n is
 * pending when bit n of evtchn_pending is set; it is masked (no upcall)
 * when bit n of evtchn_mask is set.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    struct arch_shared_info arch;
};

/* 32 words of 32 bits: 1024 event channels per domain. */
#define NR_EVENT_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* ---- start_info: what a new domain is told (esi at entry) ---------------- */

/*
 * The builder maps one contiguous virtual region from the kernel's base,
 * 1:1 with the first pseudo-physical frames, in this order, each part
 * page-aligned: kernel image, module (if any), the pfn->mfn list
 * (mfn_list), start_info, xenstore and console pages (domUs), the
 * bootstrap page tables (mapped read-only), the boot stack (esp at entry).
 * At least 512 KB of mapped padding follow; the region ends on a 4 MB
 * boundary.
 */
#define MAX_GUEST_CMDLINE 1024

struct start_info {
    char magic[32];             /* "xen-3.0-x86_32p" */
    unsigned long nr_pages;     /* pages the domain owns */
    unsigned long shared_info;  /* MACHINE address of shared_info */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;        /* xenstore ring page (machine frame) */
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;      /* console ring page (machine frame) */
            uint32_t evtchn;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    unsigned long pt_base;      /* VIRTUAL address of the top page table */
    unsigned long nr_pt_frames; /* frames of bootstrap page tables */
    unsigned long mfn_list;     /* VIRTUAL address of the pfn->mfn list */
    unsigned long mod_start;    /* VIRTUAL address of the module */
    unsigned long mod_len;
    char cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn;
    unsigned long nr_p2m_frames;
};

#define SIF_PRIVILEGED      (1u << 0)   /* may use privileged operations */
#define SIF_INITDOMAIN      (1u << 1)   /* this is domain 0 */
#define SIF_MULTIBOOT_MOD   (1u << 2)
#define SIF_MOD_START_PFN   (1u << 3)

#endif /* XENLAB_PUBLIC_XEN_H */

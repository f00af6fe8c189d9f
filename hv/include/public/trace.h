/*
 * trace.h - the trace ABI: what the hypervisor tells the world about itself.
 *
 * Every interesting thing the hypervisor does (a ring transition, a
 * hypercall, a TLB flush, a balloon step, an I/O-ring message) becomes one
 * trace record. Records are written into a per-CPU ring buffer on the hot
 * path and drained to a transport (COM2, shared memory) later. Readers (the
 * hvviz visualizer, the tests, the benches) decode them with one library,
 * visualizer/trace/.
 *
 * The record follows Xen's xentrace t_rec: a 28-bit event id laid out as
 * class / subclass / event, a count of 32-bit data words (0-7) in bits
 * 28-30, and a timestamp. We add what a live, lossy transport needs: a
 * per-CPU sequence number and the domain/vCPU/CPU the event belongs to.
 *
 *   event id (bits 0-27)      27          16 15    12 11         0
 *                             +-------------+--------+-----------+
 *                             | class (mask)| subcls | event     |
 *                             +-------------+--------+-----------+
 *
 * Record layout (little endian, 20-byte header + 4 bytes per data word):
 *
 *   0  u32 event      id | (nr_data << 28)
 *   4  u32 seq        per-CPU sequence number
 *   8  u64 tsc        time stamp counter when the event happened
 *  16  u16 dom        domain id (DOMID_IDLE for the hypervisor itself)
 *  18  u8  vcpu       vCPU of that domain
 *  19  u8  cpu        physical CPU; sequence numbers count per CPU
 *  20  u32 data[n]    n = 0..7 event-specific words
 *
 * Nothing is lost silently. Each event the hypervisor tries to record
 * consumes one sequence number. When a ring buffer is full the events are
 * dropped and counted; before the next record that fits, the hypervisor
 * stores a TRC_LOST_RECORDS record whose seq is the first lost sequence
 * number and whose data[0] is how many were lost. A reader therefore
 * expects, per CPU, seq to advance by one per record, or by data[0] after a
 * LOST record; any other jump is loss in transport, and it can count it.
 *
 * Wire framing (byte streams such as a serial port): each record is
 * followed by its CRC-32 (IEEE, little endian), the pair is COBS-encoded so
 * that it contains no zero byte, and a single 0x00 ends the frame. A reader
 * that joins mid-stream, or meets garbage, skips to the next 0x00 and is in
 * step again. A stream starts with a TRC_XL_STREAM record carrying the
 * magic, the format version and the TSC frequency.
 *
 * Control (reader to hypervisor): the same COM2 line carries short ASCII
 * commands back, one per line ('\n'-terminated, at most 63 characters):
 *
 *   advance        release the lesson checkpoint a guest is waiting at
 *   mask HEX       record only the classes in HEX (TRC_CLS_BIT values)
 *   header         send the TRC_XL_STREAM record again (a late reader)
 *   balloon D P    ask domain D to hold P pages (see xenlab.h)
 *
 * Anything else is ignored and traced as TRC_XL_CONTROL with ok = 0.
 */
#ifndef XENLAB_PUBLIC_TRACE_H
#define XENLAB_PUBLIC_TRACE_H

#include <stdint.h>

/* ---- Record ---------------------------------------------------------- */

#define TRACE_EXTRA_MAX     7           /* data words per record (Xen's) */
#define TRACE_EXTRA_SHIFT   28
#define TRACE_EVENT_MASK    0x0fffffffu

#define TRACE_HDR_BYTES     20
#define TRACE_REC_MAX_BYTES (TRACE_HDR_BYTES + 4 * TRACE_EXTRA_MAX)

struct trace_rec {
    uint32_t event;             /* id | nr_data << TRACE_EXTRA_SHIFT */
    uint32_t seq;
    uint64_t tsc;
    uint16_t dom;
    uint8_t  vcpu;
    uint8_t  cpu;
    uint32_t data[TRACE_EXTRA_MAX];
} __attribute__((packed));

#define TRACE_REC_ID(ev)    ((ev) & TRACE_EVENT_MASK)
#define TRACE_REC_NDATA(ev) (((ev) >> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX)
#define TRACE_REC_BYTES(ev) (TRACE_HDR_BYTES + 4 * TRACE_REC_NDATA(ev))

#define DOMID_IDLE          0x7fffu     /* Xen's id for "no domain" */

/* ---- Classes: Xen's values where Xen has the class ------------------- */

#define TRC_CLS_SHIFT       16
#define TRC_SUBCLS_SHIFT    12
#define TRC_CLS(ev)         (((ev) >> TRC_CLS_SHIFT) & 0x0fffu)

#define TRC_GEN             0x0001f000u /* stream bookkeeping */
#define TRC_SCHED           0x0002f000u /* scheduler */
#define TRC_HVM             0x0008f000u /* hardware-assisted guests */
#define TRC_MEM             0x0010f000u /* memory, grants */
#define TRC_PV              0x0020f000u /* paravirtual guests */
#define TRC_XENLAB          0x0400f000u /* what Xen does not trace */

/*
 * Filtering at the source (trace_mask, the "mask" control line): one bit
 * per Xen class (bits 0-11, the class's own bit) and, because xenlab's
 * class holds many kinds of event, one bit per xenlab subclass (bits
 * 16-31). trace_filter_bit() gives the bit an event id is governed by.
 */
#define TRC_CLS_BIT(cls)    (((cls) >> TRC_CLS_SHIFT) & 0x0fffu)
#define TRC_XL_SUB(id)      (((id) >> TRC_SUBCLS_SHIFT) & 0xfu)
#define TRC_XL_SUB_BIT(sub) (1u << (16 + ((sub) >> TRC_SUBCLS_SHIFT & 0xfu)))
#define TRACE_MASK_ALL      0xffff0fffu

static inline uint32_t trace_filter_bit(uint32_t id)
{
    uint32_t cls = TRC_CLS(id);

    return cls == (TRC_XENLAB >> TRC_CLS_SHIFT & 0x0fffu)
               ? 1u << (16 + TRC_XL_SUB(id)) : cls;
}

/* ---- TRC_GEN ---------------------------------------------------------- */

/* data[0] = number of records lost; seq = first lost sequence number. */
#define TRC_LOST_RECORDS    (TRC_GEN + 1)

/* ---- TRC_XENLAB subclasses -------------------------------------------- */

#define TRC_XL_HV           0x04001000u /* the hypervisor itself */
#define TRC_XL_RING         0x04002000u /* ring transitions */
#define TRC_XL_TLB          0x04003000u /* TLB flushes */
#define TRC_XL_BALLOON      0x04004000u /* balloon steps */
#define TRC_XL_EVTCHN       0x04005000u /* event-channel sends, upcalls */
#define TRC_XL_IORING       0x04006000u /* shared I/O ring traffic */
#define TRC_XL_GRANT        0x04007000u /* grant map / unmap / copy */
#define TRC_XL_VMEXIT       0x04008000u /* SVM exits by reason */
#define TRC_XL_DEBUG        0x04009000u /* GDB stub stops and resumes */
#define TRC_XL_LESSON       0x0400a000u /* lesson checkpoints */
#define TRC_XL_DOMAIN       0x0400b000u /* domain life cycle */

/*
 * TRC_XL_STREAM: first record of every stream.
 *   data[0] = TRACE_STREAM_MAGIC, data[1] = TRACE_STREAM_VERSION,
 *   data[2] = TSC frequency in kHz (0 if unknown), data[3] = number of CPUs,
 *   data[4] = class mask being recorded (TRC_CLS_BIT values).
 */
#define TRC_XL_STREAM       (TRC_XL_HV + 1)
#define TRACE_STREAM_MAGIC  0x52544c58u /* "XLTR" */
#define TRACE_STREAM_VERSION 1

/*
 * TRC_XL_BOOT_PHASE: a boot step finished. data[0] = enum trace_boot_phase,
 * data[1], data[2] = phase-specific values (see the enum).
 */
#define TRC_XL_BOOT_PHASE   (TRC_XL_HV + 2)

enum trace_boot_phase {
    BOOT_PHASE_ENTRY = 1,   /* C code reached; data[1] = multiboot magic */
    BOOT_PHASE_CONSOLE,     /* serial ports up */
    BOOT_PHASE_CPU_TABLES,  /* GDT, IDT, TSS loaded; data[1] = IDT vectors */
    BOOT_PHASE_MULTIBOOT,   /* data[1] = modules, data[2] = problems found */
    BOOT_PHASE_MEMORY,      /* data[1] = RAM in KiB, data[2] = free frames */
    BOOT_PHASE_PAGING,      /* data[1] = idle L3 (CR3) physical address */
    BOOT_PHASE_TIME,        /* data[1] = TSC kHz */
    BOOT_PHASE_DONE,        /* data[1] = domains built */
};

/*
 * TRC_XL_EXCEPTION: the hypervisor took an exception in ring 0.
 *   data[0] = vector, data[1] = error code, data[2] = eip, data[3] = cs,
 *   data[4] = cr2 (page faults), data[5] = eflags.
 */
#define TRC_XL_EXCEPTION    (TRC_XL_HV + 3)

/* TRC_XL_SHUTDOWN: the hypervisor stops. data[0] = enum hv_exit_code. */
#define TRC_XL_SHUTDOWN     (TRC_XL_HV + 4)

/*
 * TRC_XL_CONTROL: a control line arrived. data[0] = 1 if understood,
 * 0 if not; data[1] = its first four bytes (little endian).
 */
#define TRC_XL_CONTROL      (TRC_XL_HV + 5)

/* ---- TRC_SCHED: Xen's ids ---------------------------------------------- */

/* data[0] = dom, data[1] = vcpu, data[2] = old runstate, data[3] = new
 * (RUNSTATE_* in vcpu.h). */
#define TRC_SCHED_RUNSTATE_CHANGE   0x00021001u
/* data[0] = prev dom, [1] = prev vcpu, [2] = next dom, [3] = next vcpu. */
#define TRC_SCHED_SWITCH            (TRC_SCHED + 10)
/* data[0] = dom, [1] = vcpu: the vCPU gave up the CPU (sched_op yield). */
#define TRC_SCHED_YIELD             (TRC_SCHED + 5)
/* data[0] = dom, [1] = vcpu, [2] = shutdown reason (SHUTDOWN_*). */
#define TRC_SCHED_SHUTDOWN          (TRC_SCHED + 7)

/* ---- TRC_PV: Xen's ids, xenlab's data ------------------------------------ */

/*
 * A hypercall completed. data[0] = op, [1] = result (negative errno),
 * [2..6] = ebx, ecx, edx, esi, edi as the guest passed them - except for
 * iret, which puts back the registers of the frame it returns to: its
 * record shows those, and its "result" is that frame's eax.
 */
#define TRC_PV_HYPERCALL            (TRC_PV + 1)

/*
 * A hypercall stopped part way so that other work could run (xenlab's
 * event; Xen traces none): the guest goes back to its int $0x82 and
 * re-enters the same hypercall for the rest (a continuation). data[0] =
 * op, [1..5] = ebx, ecx, edx, esi, edi it re-enters with: its progress
 * (e.g. mmu_update's advanced pointer and count | MMU_UPDATE_PREEMPTED,
 * memory_op's cmd | extents done << MEMOP_EXTENT_SHIFT). The pv.hypercall
 * record comes once, when the last part is done.
 */
#define TRC_PV_HYPERCALL_PREEMPTED  (TRC_PV + 0x10)

/*
 * A guest exception reached the hypervisor. data[0] = vector,
 * [1] = error code, [2] = eip, [3] = ring it came from, [4] = outcome
 * (enum trace_trap_outcome), [5] = the guest handler's eip (if bounced).
 */
#define TRC_PV_TRAP                 (TRC_PV + 3)

/*
 * A guest page fault. data[0] = faulting address (cr2), [1] = error code,
 * [2] = eip, [3] = ring, [4] = outcome (enum trace_trap_outcome).
 */
#define TRC_PV_PAGE_FAULT           (TRC_PV + 4)

/*
 * A privileged instruction in ring 1 or 3 caused #GP. data[0] = eip,
 * [1] = its first four bytes, [2] = enum trace_privop, [3] = outcome
 * (enum trace_trap_outcome), [4] = operand (port, value, cr3...).
 */
#define TRC_PV_EMULATE_PRIVOP       (TRC_PV + 6)

enum trace_trap_outcome {
    TRAP_BOUNCED = 1,       /* delivered to the guest's own handler */
    TRAP_EMULATED,          /* done by the hypervisor for the guest */
    TRAP_FIXED,             /* the hypervisor's fault, repaired (e.g. GDT) */
    TRAP_KILLED,            /* no handler: the domain was crashed */
    TRAP_IGNORED,           /* harmless, skipped (e.g. spurious) */
};

enum trace_privop {
    PRIVOP_UNKNOWN = 0, PRIVOP_CLI, PRIVOP_STI, PRIVOP_HLT, PRIVOP_IN,
    PRIVOP_OUT, PRIVOP_MOV_TO_CR3, PRIVOP_MOV_FROM_CR3, PRIVOP_MOV_CR_OTHER,
    PRIVOP_LGDT, PRIVOP_LIDT, PRIVOP_INVLPG, PRIVOP_WRMSR, PRIVOP_RDMSR,
    PRIVOP_CLTS, PRIVOP_WBINVD,
};

/* ---- TRC_MEM: page tables, validated --------------------------------------- */

/*
 * One mmu_update request. data[0] = ptr (low 32 bits; machine address of
 * the entry | MMU_* command), [1] = ptr high, [2] = val low, [3] = val
 * high, [4] = result (0 or negative errno), [5] = enum trace_mm_reason.
 */
#define TRC_MEM_MMU_UPDATE          (TRC_MEM + 0x10)
/* One mmuext_op. data[0] = cmd, [1] = arg1, [2] = arg2, [3] = result,
 * [4] = enum trace_mm_reason. */
#define TRC_MEM_MMUEXT_OP           (TRC_MEM + 0x11)
/* update_va_mapping. data[0] = va, [1] = val low, [2] = val high,
 * [3] = flags, [4] = result, [5] = enum trace_mm_reason. */
#define TRC_MEM_UPDATE_VA           (TRC_MEM + 0x12)

enum trace_mm_reason {
    MM_OK = 0,
    MM_NOT_OWNER,           /* the frame belongs to another domain */
    MM_WRITABLE_PAGETABLE,  /* a writable mapping of a page table */
    MM_HYPERVISOR_SLOT,     /* would map into the hypervisor's slice */
    MM_BAD_TYPE,            /* frame in use with an incompatible type */
    MM_BAD_FLAGS,           /* reserved or unsupported bits */
    MM_BAD_FRAME,           /* no such frame */
    MM_NOT_PAGETABLE,       /* ptr is not in a page table of the domain */
    MM_BAD_COMMAND,
    MM_BAD_ADDRESS,
    MM_IN_USE,              /* e.g. unpinning a table still in use */
};

/* ---- TRC_HVM: hardware-assisted guests (AMD SVM) -------------------------- */

/* data[0] = exit code (SVM), [1] = guest rip, [2] = exitinfo1,
 * [3] = exitinfo2, [4] = instruction length decoded. */
#define TRC_HVM_VMEXIT              0x00081002u
/* Nested page fault. data[0] = guest-physical address low, [1] = high,
 * [2] = error code, [3] = outcome (enum trace_trap_outcome). */
#define TRC_HVM_NPF                 0x00082001u

/* ---- TRC_XENLAB: what Xen does not trace ----------------------------------- */

/*
 * A change of privilege ring on a CPU. data[0] = from ring, [1] = to
 * ring, [2] = enum trace_ring_cause, [3] = vector, [4] = eip before.
 */
#define TRC_XL_RING_TRANSITION      (TRC_XL_RING + 1)

enum trace_ring_cause {
    RING_HYPERCALL = 1,     /* int 0x82 */
    RING_TRAP,              /* an exception */
    RING_INTERRUPT,         /* a device or timer interrupt */
    RING_IRET,              /* back to where it came from */
    RING_BOUNCE,            /* into the guest's handler (trap, event) */
    RING_UPCALL,            /* event-channel callback */
    RING_START,             /* a vCPU's first entry */
};

/*
 * A TLB flush. data[0] = enum trace_tlb_reason, [1] = enum
 * trace_tlb_scope, [2] = virtual address (single-page flushes),
 * [3] = domain whose request or switch caused it.
 */
#define TRC_XL_TLB_FLUSH            (TRC_XL_TLB + 1)

enum trace_tlb_reason {
    TLB_DOMAIN_SWITCH = 1,  /* CR3 load when another domain runs */
    TLB_NEW_BASEPTR,        /* the guest switched page tables */
    TLB_INVLPG,             /* mmuext invlpg */
    TLB_MMUEXT_FLUSH,       /* mmuext TLB flush */
    TLB_UPDATE_VA,          /* update_va_mapping flush flag */
    TLB_HV_OWN_SPACE,       /* hypervisor entered/left its own space */
    TLB_MMU_UPDATE,         /* no longer emitted: mmu_update leaves
                               flushing to the guest, as Xen does */
    TLB_GRANT,              /* a grant mapping replaced or removed */
    TLB_STALE,              /* a frame changes type or owner while a
                               removed mapping of it may be cached */
};

enum trace_tlb_scope {
    TLB_SCOPE_PAGE = 1,     /* one page */
    TLB_SCOPE_LOCAL,        /* this CPU, global entries kept */
    TLB_SCOPE_ALL,          /* every CPU */
};

/*
 * A balloon step. data[0] = dom, [1] = 0 inflate (pages to the
 * hypervisor) / 1 deflate (pages to the domain), [2] = pages moved,
 * [3] = the domain's pages now, [4] = free pages in the hypervisor,
 * [5] = the domain's target, [6] = the domain's maximum.
 */
#define TRC_XL_BALLOON_STEP         (TRC_XL_BALLOON + 1)

/* data[0] = from dom, [1] = from port, [2] = to dom, [3] = to port,
 * [4] = 1 if this made the port newly pending (an upcall may follow). */
#define TRC_XL_EVTCHN_SEND          (TRC_XL_EVTCHN + 1)
/* data[0] = dom, [1] = vcpu, [2] = pending selector, [3] = callback eip,
 * [4] = the lowest pending unmasked port, [5] = the domain at its other
 * end (DOMID_XEN for virqs and the hypervisor's ports), [6] = how many
 * ports are pending and unmasked. */
#define TRC_XL_EVTCHN_UPCALL        (TRC_XL_EVTCHN + 2)
/* data[0] = dom, [1] = port, [2] = kind (EVTCHNSTAT_*), [3] = remote dom
 * or virq, [4] = remote port. */
#define TRC_XL_EVTCHN_BIND          (TRC_XL_EVTCHN + 3)
/* data[0] = dom, [1] = port. */
#define TRC_XL_EVTCHN_CLOSE         (TRC_XL_EVTCHN + 4)

/*
 * Shared I/O ring traffic, reported by the frontends and backends (they
 * touch the ring in their own memory; the hypervisor relays the record,
 * see XENLAB_ioring, and fills in the index the reporter cannot see from
 * the other end's last report). data[0] = ring id (frontend dom << 16 |
 * index), [1] = req_prod, [2] = req_cons, [3] = rsp_prod, [4] = rsp_cons,
 * [5] = enum trace_ioring_op, [6] = ring size.
 */
#define TRC_XL_IORING_OP            (TRC_XL_IORING + 1)
/* A ring was set up. data[0] = ring id, [1] = frontend dom, [2] = backend
 * dom (DOMID_XEN: inside the hypervisor), [3] = size, [4] = enum
 * trace_ioring_kind. */
#define TRC_XL_IORING_SETUP         (TRC_XL_IORING + 2)
/*
 * One xenstore request, answered. data[0] = dom, [1] = enum
 * xsd_sockmsg_type (io/xs_wire.h), [2] = result (0 or negative errno),
 * [3..6] = the last 16 bytes of the path it named, NUL-padded.
 */
#define TRC_XL_XENSTORE_OP          (TRC_XL_IORING + 3)
/*
 * A backend refused a malformed request, or gave up on a ring that broke
 * the protocol. data[0] = ring id, [1] = enum trace_ioring_problem,
 * [2] = the request's slot index, [3] = the offending value.
 */
#define TRC_XL_IORING_BAD           (TRC_XL_IORING + 4)

enum trace_ioring_op {
    IORING_REQ_PRODUCE = 1, IORING_REQ_CONSUME, IORING_RSP_PRODUCE,
    IORING_RSP_CONSUME, IORING_NOTIFY,
};

enum trace_ioring_kind {
    IORING_CONSOLE = 1, IORING_BLOCK, IORING_NET_TX, IORING_NET_RX,
    IORING_STORE,           /* xenstore's pipes: each request is a
                             * xenstore.op record instead */
};

enum trace_ioring_problem {
    IORING_BAD_OP = 1,          /* unknown operation */
    IORING_BAD_SEGMENTS,        /* segment count, or sectors within one */
    IORING_BAD_SECTOR,          /* beyond the end of the disk */
    IORING_BAD_GRANT,           /* a grant the backend may not use */
    IORING_BAD_SIZE,            /* a packet too long, or off its page */
    IORING_OVERFLOW,            /* producer index beyond the ring: cut off */
    IORING_BAD_MESSAGE,         /* xenstore: a message too long */
};

/* Grants. data[0] = granting dom, [1] = grant ref, [2] = acting dom
 * (DOMID_XEN: the hypervisor's own backends), [3] = flags (GNTMAP_*),
 * [4] = result (GNTST_*), [5] = frame. */
#define TRC_XL_GRANT_MAP            (TRC_XL_GRANT + 1)
#define TRC_XL_GRANT_UNMAP          (TRC_XL_GRANT + 2)
/* data[0] = source dom, [1] = dest dom, [2] = bytes, [3] = result
 * (GNTST_*), [4] = source ref (or frame), [5] = dest ref (or frame),
 * [6] = flags (GNTCOPY_*: which sides are grant refs). */
#define TRC_XL_GRANT_COPY           (TRC_XL_GRANT + 3)

/* The debugger stopped or resumed a vCPU. data[0] = dom, [1] = vcpu,
 * [2] = reason (stop: 1 breakpoint, 2 step, 3 interrupt, 4 watchpoint;
 * resume: 1 continue, 2 step), [3] = eip. */
#define TRC_XL_DEBUG_STOP           (TRC_XL_DEBUG + 1)
#define TRC_XL_DEBUG_RESUME         (TRC_XL_DEBUG + 2)

/*
 * The GDB stub refused a packet (it answered "Enn", or '-' for a bad
 * checksum). data[0] = enum debug_refusal, [1] = the packet's first four
 * bytes (little endian).
 */
#define TRC_XL_DEBUG_REFUSED        (TRC_XL_DEBUG + 3)

enum debug_refusal {
    DEBUG_BAD_CHECKSUM = 1, /* sent again, or answered with an error */
    DEBUG_MALFORMED,        /* arguments missing, not hex, out of range */
    DEBUG_TOO_LONG,         /* longer than the PacketSize we offered */
    DEBUG_NO_THREAD,        /* no such vCPU (any more) */
    DEBUG_BAD_ADDRESS,      /* not mapped in the guest's page tables */
    DEBUG_HV_SLICE,         /* at or above HYPERVISOR_VIRT_START */
    DEBUG_READ_ONLY,        /* a page table, another domain's frame */
    DEBUG_NO_ROOM,          /* no breakpoint or debug register left */
};

/*
 * A lesson checkpoint. data[0] = lesson, [1] = step, [2] = 0 waiting for
 * the student, 1 released by the student, 2 passed automatically.
 */
#define TRC_XL_LESSON_CHECKPOINT    (TRC_XL_LESSON + 1)
/* A value a lesson guest measured and reports. data[0] = lesson,
 * [1] = what (lesson-defined), [2..6] = values. */
#define TRC_XL_LESSON_MARK          (TRC_XL_LESSON + 2)

/*
 * Domain life cycle. CREATE: data[0] = dom, [1] = pages, [2] = maximum
 * pages, [3] = flags (1 privileged, 2 HVM), [4..6] = name, 12 bytes,
 * NUL-padded. DESTROY: data[0] = dom, [1] = shutdown reason, [2] = free
 * frames once its memory has gone back.
 * BUILD_FAILED: data[0] = module index, [1] = negative errno,
 * [2] = enum trace_build_problem.
 */
#define TRC_XL_DOMAIN_CREATE        (TRC_XL_DOMAIN + 1)
#define TRC_XL_DOMAIN_DESTROY       (TRC_XL_DOMAIN + 2)
#define TRC_XL_DOMAIN_BUILD_FAILED  (TRC_XL_DOMAIN + 3)

enum trace_build_problem {
    BUILD_NOT_ELF = 1, BUILD_NOT_I386, BUILD_BAD_HEADERS, BUILD_NO_NOTES,
    BUILD_NOT_PAE, BUILD_BAD_ADDRESSES, BUILD_TOO_BIG, BUILD_NO_MEMORY,
    BUILD_BAD_NOTE, BUILD_BAD_DEVICES, BUILD_NO_SVM,
};

/* ---- Frame check ------------------------------------------------------- */

/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial value and
 * final xor 0xFFFFFFFF) over the record bytes. The bitwise form below is
 * the definition; readers may use a table built from it.
 */
#define TRACE_CRC32_POLY    0xedb88320u

static inline uint32_t trace_crc32_byte(uint32_t crc, uint8_t byte)
{
    crc ^= byte;
    for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (TRACE_CRC32_POLY & (0u - (crc & 1)));
    return crc;
}

/* Largest encoded frame: record + CRC, COBS overhead byte, 0x00 ender. */
#define TRACE_FRAME_MAX_BYTES (TRACE_REC_MAX_BYTES + 4 + 2)

#endif /* XENLAB_PUBLIC_TRACE_H */

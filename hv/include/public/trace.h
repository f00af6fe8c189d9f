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

/* Class bits as a mask, for filtering at the source (trace_mask). */
#define TRC_CLS_BIT(cls)    (((cls) >> TRC_CLS_SHIFT) & 0x0fffu)

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

/*
 * gdbstub.h - debugging guests with a stock GDB, over COM3.
 *
 * The hypervisor contains a GDB remote-protocol stub (hv/common/gdbstub.c).
 * It debugs guests, not the hypervisor (QEMU's own -s does that): every
 * vCPU of every domain is one GDB thread, "dom1 vcpu0", and GDB sees one
 * program made of all of them. The stub speaks the protocol; it reaches
 * the machine only through struct gdb_target, which hv/arch/x86/debug.c
 * implements with the real vCPUs and tests/unit with a pretend one:
 *
 *   GDB --COM3--> gdb_rx() --> packet --> command table --> gdb_target ops
 *   guest #BP/#DB --> arch --> gdb_breakpoint_hit() etc. --> stop reply
 *
 * Thread ids are small positive numbers chosen by the target; a thread's
 * "space" is its domain: software breakpoints are planted in every
 * domain's memory at the address GDB names (GDB thinks all threads share
 * one address space), and each domain keeps its own original byte.
 *
 * All-stop: when one vCPU stops, every vCPU stops, unless `monitor
 * others run` lets the other domains go on while GDB looks at one.
 */
#ifndef HV_GDBSTUB_H
#define HV_GDBSTUB_H

#include <public/arch-x86_32.h>
#include "types.h"

struct vcpu;

/* i386 registers in GDB's order; the x87 ones follow, shown unavailable. */
enum gdb_reg {
    GDB_EAX, GDB_ECX, GDB_EDX, GDB_EBX, GDB_ESP, GDB_EBP, GDB_ESI, GDB_EDI,
    GDB_EIP, GDB_EFLAGS, GDB_CS, GDB_SS, GDB_DS, GDB_ES, GDB_FS, GDB_GS,
    GDB_NR_GPRS,
};
#define GDB_NR_REGS         32              /* + st0-7, fctrl ... fop */

/* The largest packet GDB may send us (qSupported PacketSize). */
#define GDB_PACKET_MAX      4096

/* Debug-register slots (DR0-DR3) and what each watches. */
#define GDB_HW_SLOTS        4
enum gdb_hw_type { GDB_HW_EXEC = 1, GDB_HW_WRITE, GDB_HW_READ, GDB_HW_ACCESS };

struct gdb_thread_info {
    uint16_t dom;
    uint8_t vcpu;
    char name[16];                  /* the domain's name */
};

/*
 * The machine, as the stub sees it. Memory calls return the number of
 * bytes done (stopping at the first page that cannot be reached), or a
 * negative errno when not even the first byte could be: -EACCES for the
 * hypervisor's slice, -EFAULT for an unmapped page, -EPERM for a page
 * the debugger may not write (a page table, another domain's frame).
 */
struct gdb_target {
    int (*next_thread)(int after);          /* smallest live tid > after, or 0 */
    bool (*thread_info)(int tid, struct gdb_thread_info *ti);
    int (*current_thread)(void);            /* on the CPU now, or 0 */
    int (*get_regs)(int tid, uint32_t regs[GDB_NR_GPRS]);
    int (*set_regs)(int tid, const uint32_t regs[GDB_NR_GPRS]);
    int (*read_mem)(int tid, uint32_t va, uint8_t *buf, size_t len);
    int (*write_mem)(int tid, uint32_t va, const uint8_t *buf, size_t len);
    /* Software breakpoints: put byte at va in domain dom's memory; where
     * says where it went (a machine address), old what was there. */
    int (*poke)(uint16_t dom, uint32_t va, uint8_t byte, uint64_t *where,
                uint8_t *old);
    void (*unpoke)(uint16_t dom, uint64_t where, uint8_t byte);
    /* DR0-DR3 and DR7 for every vCPU. */
    void (*set_debugregs)(const uint32_t addr[GDB_HW_SLOTS], uint32_t dr7);
    void (*pause)(int tid);                 /* hold it: it does not run */
    void (*resume)(int tid, bool step);     /* let it run, one instruction? */
    bool (*is_paused)(int tid);
    void (*kill)(void);                     /* end every domain */
    void (*send)(const char *bytes, size_t len);
    size_t (*list_domains)(char *buf, size_t size);     /* monitor domains */
};

/* Start (or restart, for tests) with this machine; nothing attached. */
void gdb_init(const struct gdb_target *target);

/* Bytes from the debugger's line (possibly none: a periodic poll). */
void gdb_rx(const uint8_t *bytes, size_t n);

/* Is a debugger attached (has it talked to us since the last detach)? */
bool gdb_attached(void);

/*
 * Events from the machine. Each returns true when the debugger takes the
 * event (the vCPU is now stopped, or stepping on for the stub's own
 * purposes); false means it is the guest's own, to be delivered to it.
 */
bool gdb_breakpoint_hit(int tid, uint32_t addr);    /* int3 at addr */
bool gdb_step_done(int tid);                        /* a step we asked for */
bool gdb_hw_hit(int tid, unsigned int slots);       /* DR6 bits 0-3 */

/* Hold every vCPU before it runs, and wait for a debugger (gdb_wait). */
void gdb_hold_all(void);

/* The machine stops with enum hv_exit_code: tell a waiting debugger. */
void gdb_exiting(int code);

/* The monitor's trace-class names ("pv", "tlb", ...): 0 if unknown. */
uint32_t gdb_trace_class_bits(const char *name);

/* Format the last n trace records of this CPU, oldest first, into buf. */
size_t gdb_format_events(unsigned int n, char *buf, size_t size);

/*
 * Hooks from the rest of the hypervisor into hv/arch/x86/debug.c.
 */
#define GDB_EFLAGS_TF       0x100u          /* single-step */

/*
 * The hypervisor completed, for the current vCPU, an instruction GDB was
 * single-stepping: int $0x82 (hypercall.c, through the stepping gate) or
 * an emulated privileged instruction (traps.c). GDB's step ends there,
 * not one instruction later.
 */
void debug_emulated_step(struct cpu_user_regs *regs);

/* A vCPU's GDB thread id; and for a hardware-assisted vCPU's #DB exit
 * (hvm/svm.c): true if it ended a step GDB asked for (the stub is told). */
int debug_tid(const struct vcpu *v);
bool debug_hvm_step_done(struct vcpu *v);

#endif /* HV_GDBSTUB_H */
